"""Batches: a district workbook (or records file) → every visit report, notice and the
summary, zipped; run on the job queue, polled for progress, kept for a while for download."""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .. import reports
from ..batch import BatchResult
from ..errors import GongwenError
from ..loaders import confined
from .tasks import Failed, hide, safe_name, zipped
from .work import Work

log = logging.getLogger("gongwen.service")

STEPS: tuple[tuple[str, str, Callable[..., BatchResult]], ...] = (
    ("视导报告", "视导报告", reports.render_visit_reports),
    ("整改通知", "整改通知", reports.render_notices),
    ("工作总结", "工作总结", reports.render_summary),
)
"""Each step: what it makes, the folder of the zip it goes into, the library call."""


@dataclass
class Batch:
    """One batch's state, as ``GET /api/v1/batches/{id}`` reports it."""

    id: str
    directory: Path
    source: str
    state: str = "queued"  # queued → running → done | failed
    step: str = ""
    done: int = 0
    total: int = len(STEPS)
    outputs: list[str] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: dict[str, Any] | None = None
    finished: float | None = None

    @property
    def result(self) -> Path:
        return self.directory / "result.zip"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "state": self.state, "source": self.source, "step": self.step,
            "progress": {"done": self.done, "total": self.total}, "outputs": self.outputs,
            "failures": self.failures, "warnings": self.warnings, "error": self.error,
            "result": f"/api/v1/batches/{self.id}/result" if self.state == "done" else None,
        }


class Batches:
    """Every batch of the running service; finished ones are removed after keep_results."""

    def __init__(self, work: Work) -> None:
        self.work = work
        self._batches: dict[str, Batch] = {}
        self._lock = threading.Lock()

    def get(self, ident: str) -> Batch | None:
        self.sweep()
        return self._batches.get(ident)

    def sweep(self) -> None:
        cutoff = time.time() - self.work.settings.keep_results
        with self._lock:
            for ident, batch in list(self._batches.items()):
                if batch.finished is not None and batch.finished < cutoff:
                    shutil.rmtree(batch.directory, ignore_errors=True)
                    del self._batches[ident]

    def start(self, name: str, content: bytes, formats: Sequence[str], district: str | None,
              today: date | None, period: str | None) -> Batch:
        """Queue a batch (Busy when the queue is full)."""
        self.sweep()
        ident, directory = self.work.new_batch_dir()
        source = directory / "input" / safe_name(name, "督导数据.xlsx")
        source.parent.mkdir()
        source.write_bytes(content)
        batch = Batch(ident, directory, source.name)
        try:
            future = self.work.submit(self._run, batch, source, formats, district, today, period)
        except BaseException:
            shutil.rmtree(directory, ignore_errors=True)
            raise
        future.add_done_callback(lambda f: self._cancelled(batch) if f.cancelled() else None)
        with self._lock:
            self._batches[ident] = batch
        return batch

    def _cancelled(self, batch: Batch) -> None:
        batch.state, batch.finished = "failed", time.time()
        batch.error = {"code": "E_SHUTDOWN", "message": "服务正在停止，这批文件未生成，请稍后重新提交",
                       "problems": []}

    def _run(self, batch: Batch, source: Path, formats: Sequence[str], district: str | None,
             today: date | None, period: str | None) -> None:
        batch.state = "running"
        out = batch.directory / "out"
        try:
            renderer = self.work.renderer(district)
            with confined(batch.directory):
                for label, folder, produce in STEPS:
                    batch.step = label
                    result = produce(source, out / folder, renderer=renderer, formats=formats,
                                     today=today, period=period)
                    batch.outputs += [p.relative_to(out).as_posix() for p in result.outputs]
                    batch.failures += [{"source": f.source, **Failed(f.error, batch.directory).data}
                                       for f in result.failures]
                    batch.warnings += [hide(w, batch.directory) for w in result.warnings]
                    batch.done += 1
            batch.result.write_bytes(zipped(out, [out / name for name in batch.outputs]))
            batch.state = "done"
        except GongwenError as exc:
            batch.error, batch.state = Failed(exc, batch.directory).data, "failed"
        except Exception:
            log.exception("batch %s", batch.id)
            batch.state = "failed"
            batch.error = {"code": "E_INTERNAL", "problems": [],
                           "message": "服务内部错误，已记入日志；请把任务编号告诉管理员"}
        finally:
            batch.step = ""
            batch.finished = time.time()
            shutil.rmtree(out, ignore_errors=True)
