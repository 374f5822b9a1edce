"""Benchmark (not a test): visit reports through a Dask LocalCluster of 1 and 2 workers.

Prints, for the same N visit reports (default 200, .docx and PDF):

- documents per second in one process (``render_many`` with its own LibreOffice pool) and
  through a LocalCluster of 1 and of 2 worker processes (one thread and one soffice each),
  min and median of several runs, after a warm-up batch (LibreOffice started, templates
  compiled), and the scaling from 1 to 2 workers against the ideal 2×;
- where a document's time goes: load (validating the records), derive (the report from
  them), render (.docx on a worker), convert (LibreOffice), transfer (pickling the job and
  the result, bytes each way) and the client's write — measured one phase at a time in
  this process, and the cluster's own overhead per document (1 worker against in-process).

With ``--chunks 1,4,16`` it instead renders .docx only through 2 workers with each chunk
size, which shows the scheduler's cost per task (the time saved per task left out).

    PYTHONPATH=src python3 benchmarks/cluster_benchmark.py [--docs 200] [--runs 3] [--formats docx,pdf]
    PYTHONPATH=src python3 benchmarks/cluster_benchmark.py --chunks 1,4,16
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from report_benchmark import district

from gongwen import Renderer
from gongwen.batch import Job, Shipped, TemplateBundle, close_worker, render_chunk, render_many
from gongwen.cluster import connect
from gongwen.derive.report_documents import visit_report_document
from gongwen.derive.visit_report import visit_reports
from gongwen.render.files import write_atomic

TODAY = date(2026, 1, 5)


def jobs_for(schools: int) -> list[Job]:
    data = district(schools, 1)
    return [Job(visit_report_document(r, data, TODAY)) for r in visit_reports(data, data.period)][:schools]


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def rates(label: str, docs: int, runs: int, batch: Callable[[Path], object]) -> list[float]:
    """Run ``batch`` into a fresh directory ``runs`` times; print and return docs/s."""
    found = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as outdir:
            found.append(docs / timed(lambda: batch(Path(outdir))))
    print(f"{label:<28} {min(found):6.2f} min  {statistics.median(found):6.2f} median docs/s "
          f"({', '.join(f'{r:.2f}' for r in found)})", flush=True)
    return found


def phases(schools: int, formats: tuple[str, ...]) -> dict[str, float]:
    """Seconds per document of each phase, measured one after another in this process."""
    per: dict[str, float] = {}
    started = time.perf_counter()
    data = district(schools, 1)
    per["load"] = time.perf_counter() - started
    started = time.perf_counter()
    jobs = [Job(visit_report_document(r, data, TODAY)) for r in visit_reports(data, data.period)][:schools]
    per["derive"] = time.perf_counter() - started
    docs = len(jobs)
    with Renderer() as renderer:
        bundle = TemplateBundle.of(renderer)
    shipped = [Shipped.of(i, replace_stem(job, i)) for i, job in enumerate(jobs)]
    render_chunk(bundle, shipped[:2], formats)  # warm-up: templates compiled, LibreOffice started
    per["render"] = timed(lambda: render_chunk(bundle, shipped, ("docx",)))
    made = []
    total = timed(lambda: made.extend(render_chunk(bundle, shipped, formats)))
    per["convert"] = max(0.0, total - per["render"]) if "pdf" in formats else 0.0
    close_worker()
    sent = pickle.dumps(shipped)
    back = pickle.dumps(made)
    per["transfer"] = timed(lambda: pickle.loads(pickle.dumps(shipped))) + \
        timed(lambda: pickle.loads(pickle.dumps(made)))
    with tempfile.TemporaryDirectory() as outdir:
        per["write"] = timed(lambda: [write_atomic(Path(outdir) / name, data)
                                      for m in made for name, data in m.files])
    print(f"per document ({docs} visit reports, {','.join(formats)}):")
    for phase, seconds in per.items():
        print(f"  {phase:<9} {seconds / docs * 1000:8.1f} ms")
    templates = len(pickle.dumps(bundle)) / 1024
    print(f"  bytes: {len(sent) / docs / 1024:.1f} KiB sent per job (+ {templates:.0f} KiB of templates "
          f"once per worker), {len(back) / docs / 1024:.1f} KiB back", flush=True)
    return {k: v / docs for k, v in per.items()}


def replace_stem(job: Job, index: int) -> Job:
    from dataclasses import replace

    return replace(job, stem=f"报告{index:04d}")


def chunk_sizes(docs: int, runs: int, sizes: list[int]) -> None:
    """.docx through 2 workers in chunks of each size: the scheduler's cost per task."""
    jobs = jobs_for(docs)
    seconds = {}
    with connect("local:2") as client:
        render_many(jobs[:8], tempfile.mkdtemp(), executor=client)  # warm-up
        for size in sizes:
            found = rates(f"2 workers, chunks of {size}", len(jobs), runs,
                          lambda out: render_many(jobs, out, executor=client, chunk_size=size))  # noqa: B023
            seconds[size] = len(jobs) / statistics.median(found)
    small, large = min(sizes), max(sizes)
    tasks = -(-len(jobs) // small) - -(-len(jobs) // large)
    if tasks:
        print(f"cost per task: {(seconds[small] - seconds[large]) / tasks * 1000:.1f} ms "
              f"({tasks} tasks more in chunks of {small} than of {large})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--formats", default="docx,pdf")
    parser.add_argument("--chunks", default="", help="chunk sizes to compare, e.g. 1,4,16 (.docx only)")
    args = parser.parse_args()
    if args.chunks:
        chunk_sizes(args.docs, args.runs, [int(c) for c in args.chunks.split(",")])
        return
    formats = tuple(f for f in args.formats.split(",") if f)
    per = phases(args.docs, formats)
    jobs = jobs_for(args.docs)
    docs = len(jobs)
    with Renderer() as renderer:
        render_many(jobs[:2], tempfile.mkdtemp(), formats, renderer=renderer)  # warm-up
        here = rates("one process (pool of 2)", docs, args.runs,
                     lambda out: render_many(jobs, out, formats, renderer=renderer))
    found = {}
    for workers in (1, 2):
        started = time.perf_counter()
        with connect(f"local:{workers}") as client:
            up = time.perf_counter() - started
            warm = timed(lambda: render_many(jobs[: 2 * workers], tempfile.mkdtemp(), formats,  # noqa: B023
                                             executor=client))
            print(f"cluster of {workers}: started in {up:.1f} s, warm-up batch {warm:.1f} s", flush=True)
            found[workers] = rates(f"cluster, {workers} worker(s)", docs, args.runs,
                                   lambda out: render_many(jobs, out, formats, executor=client))
    one, two = statistics.median(found[1]), statistics.median(found[2])
    print(f"scaling 1 → 2 workers: {two / one:.2f}× (ideal 2×); in-process median "
          f"{statistics.median(here):.2f} docs/s")
    compute = per["render"] + per["convert"]
    print(f"cluster overhead per document at 1 worker: {(1 / one - compute) * 1000:.1f} ms "
          f"(1 worker's time per document minus render + convert)")


if __name__ == "__main__":
    main()
