"""Batches on a Dask cluster (``pip install gongwen[cluster]``).

::

    with gongwen.cluster.connect("tcp://scheduler:8786") as client:   # or "local:4"
        reports.render_visit_reports(data, "out", formats=["docx", "pdf"], executor=client)

:func:`connect` joins a running Dask scheduler (``tcp://…``, ``tls://…``) or starts a
``LocalCluster`` of N worker processes on this machine (``local:N``) — the command line's
``--cluster``, or ``$GONGWEN_CLUSTER`` — and registers
:class:`LibreOfficePool` on its workers: each worker keeps its own LibreOffice pool from its
first PDF until it stops, and no ``soffice`` outlives it. The jobs themselves are
:func:`gongwen.batch.render_many`'s, which takes the client as its ``executor``.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

from distributed import Client, LocalCluster, WorkerPlugin

from .batch import close_worker
from .errors import ClusterError, OptionError


class LibreOfficePool(WorkerPlugin):
    """Gives each Dask worker its own LibreOffice pool: started by the worker's first PDF
    (one ``soffice`` per worker thread), stopped with the worker — by this plugin's
    teardown, at the worker process's exit, or, if the process is killed outright, by the
    pool's helpers, which end with their parent."""

    name = "gongwen-libreoffice"
    idempotent = True

    def teardown(self, worker: Any) -> None:
        close_worker()


@contextlib.contextmanager
def connect(spec: str) -> Iterator[Client]:
    """A Dask client of the cluster ``spec`` — ``tcp://host:8786`` (any scheduler address)
    or ``local:N`` (a LocalCluster of N worker processes here, one thread each) — with
    :class:`LibreOfficePool` on its workers; a local cluster stops with the block."""
    cluster = None
    if spec.startswith("local"):
        count = spec.partition(":")[2] or str(os.cpu_count() or 1)
        if not count.isdigit() or int(count) < 1:
            raise OptionError("cluster", f"“{spec}”的工作进程数应为正整数，如 local:4")
        try:
            cluster = LocalCluster(n_workers=int(count), threads_per_worker=1, processes=True,
                                   dashboard_address=":0")
        except Exception as exc:
            raise ClusterError(f"无法在本机启动 {count} 个工作进程：{exc}") from None
        address: Any = cluster
    elif "://" in spec:
        address = spec
    else:
        raise OptionError("cluster", f"“{spec}”不是集群地址；应写调度器地址如 tcp://10.0.0.5:8786，"
                                     "或 local:4（在本机启动 4 个工作进程）")
    try:
        try:
            client = Client(address, timeout="20s")
        except Exception as exc:
            raise ClusterError(f"无法连接集群 {spec}：{exc}；请确认调度器（dask scheduler）已启动、"
                               "地址和端口正确") from None
        with client:
            client.register_plugin(LibreOfficePool())
            yield client
    finally:
        if cluster is not None:
            cluster.close()


__all__ = ["LibreOfficePool", "connect"]
