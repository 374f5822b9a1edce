"""Benchmark: `gongwen serve` under load on loopback, against the same work through the library.

Starts a real ``gongwen serve`` (its default limits: 2 LibreOffice workers, 2 jobs at a
time, 16 waiting), then

- sends N document requests at once (default 50; each .docx + PDF of one of the examples),
  a client answered 503 waits its Retry-After and tries again (at most --retries times);
- uploads the example workbook M times at once (default 5), polls each batch and downloads
  its zip;

checks that every request was answered, that every file came back whole (each .docx and
zip opens, each PDF reads with the document's title, each zip holds what the batch
listed), counts the 503s, stops the server with SIGTERM and checks that no soffice of it
is left; then renders the same documents (``render_files``, one batch) and batches through
the library directly (one Renderer, its own pool of as many workers). Prints p50/p95
latency and documents/second.

    PYTHONPATH=src python3 benchmarks/service_benchmark.py [--documents 50] [--batches 5]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import httpx
from pypdf import PdfReader

from gongwen import Renderer, load, render_files, reports
from gongwen.render.pdf import PdfConverter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from _service import Server, soffice_under  # noqa: E402

EXAMPLES = ["annual-plan.yaml", "work-scheme.yaml", "notice.yaml", "report.yaml", "regulation.yaml",
            "document.yaml"]
WORKBOOK = ROOT / "examples" / "督导数据.xlsx"
TODAY = "2026-11-22"


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    busy: int = 0
    failed: list[str] = field(default_factory=list)
    files: int = 0
    reconnects: int = 0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def verify_document(content: bytes, title: str) -> int:
    """Files in a document's zip, each read back; raises on a lost or corrupt one."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        assert sorted(n.rsplit(".", 1)[1] for n in names) == ["docx", "pdf"], names
        for name in names:
            data = archive.read(name)
            if name.endswith(".pdf"):
                pdf = PdfReader(io.BytesIO(data))
                assert pdf.pages and pdf.metadata.title == title, name
            else:
                with zipfile.ZipFile(io.BytesIO(data)) as docx:
                    assert title.encode() in docx.read("word/document.xml") or title in docx.read(
                        "docProps/core.xml").decode(), name
    return len(names)


async def send(client: httpx.AsyncClient, body: bytes, retries: int, tally: Tally) -> httpx.Response | None:
    """POST until answered other than 503, waiting each Retry-After; None when given up."""
    for _ in range(retries + 1):
        response = await client.post("/api/v1/documents", params={"formats": "docx,pdf"}, content=body,
                                     headers={"Content-Type": "application/yaml"})
        if response.status_code != 503:
            return response
        tally.busy += 1
        await asyncio.sleep(float(response.headers.get("retry-after", "1")))
    return None


async def documents(url: str, count: int, retries: int) -> tuple[Tally, float]:
    tally = Tally()
    sources = [(ROOT / "examples" / EXAMPLES[i % len(EXAMPLES)]) for i in range(count)]
    titles = {path: load(path).title for path in set(sources)}

    async def one(client: httpx.AsyncClient, path: Path) -> None:
        started = time.monotonic()
        response = await send(client, path.read_bytes(), retries, tally)
        if response is None or response.status_code != 200:
            tally.failed.append(f"{path.name}: {response.status_code if response else '503 重试仍满'}")
            return
        tally.latencies.append(time.monotonic() - started)
        tally.files += verify_document(response.content, titles[path])

    async with httpx.AsyncClient(base_url=url, timeout=600) as client:
        started = time.monotonic()
        await asyncio.gather(*(one(client, path) for path in sources))
    return tally, time.monotonic() - started


async def get(client: httpx.AsyncClient, path: str, tally: Tally) -> httpx.Response:
    """GET, once more on a dropped connection (a keep-alive connection closed by the server
    as it was reused); each retry is counted."""
    try:
        return await client.get(path)
    except httpx.TransportError:
        tally.reconnects += 1
        return await client.get(path)


async def batches(url: str, count: int, retries: int) -> tuple[Tally, float]:
    tally = Tally()
    workbook = WORKBOOK.read_bytes()

    async def one(client: httpx.AsyncClient) -> None:
        started = time.monotonic()
        for _ in range(retries + 1):
            response = await client.post("/api/v1/batches", files={"file": (WORKBOOK.name, workbook)},
                                         data={"date": TODAY})
            if response.status_code != 503:
                break
            tally.busy += 1
            await asyncio.sleep(float(response.headers.get("retry-after", "1")))
        if response.status_code != 202:
            tally.failed.append(f"batch: {response.status_code}")
            return
        status = response.json()
        while status["state"] in ("queued", "running"):
            await asyncio.sleep(0.5)
            status = (await get(client, f"/api/v1/batches/{status['id']}", tally)).json()
        if status["state"] != "done" or status["failures"]:
            tally.failed.append(f"batch {status['id']}: {status['error'] or status['failures']}")
            return
        result = await get(client, status["result"], tally)
        tally.latencies.append(time.monotonic() - started)
        with zipfile.ZipFile(io.BytesIO(result.content)) as archive:
            assert archive.testzip() is None and sorted(archive.namelist()) == sorted(status["outputs"])
            tally.files += len(archive.namelist())

    async with httpx.AsyncClient(base_url=url, timeout=600) as client:
        started = time.monotonic()
        await asyncio.gather(*(one(client) for _ in range(count)))
    return tally, time.monotonic() - started


def library(count: int, batch_count: int, workers: int) -> tuple[float, float]:
    """Seconds for the same documents and batches through one Renderer, no HTTP."""
    sources = [(ROOT / "examples" / EXAMPLES[i % len(EXAMPLES)]) for i in range(count)]
    with tempfile.TemporaryDirectory() as tmp, PdfConverter(workers) as pool, Renderer(pdf=pool) as renderer:
        started = time.monotonic()
        made = render_files(sources, Path(tmp) / "documents", ["docx", "pdf"], renderer=renderer)
        assert len(made.outputs) == 2 * count and not made.failures  # PDFs converted side by side
        documents_seconds = time.monotonic() - started
        started = time.monotonic()
        for index in range(batch_count):
            for produce in (reports.render_visit_reports, reports.render_notices, reports.render_summary):
                produce(WORKBOOK, Path(tmp) / f"b{index}", renderer=renderer, today=date.fromisoformat(TODAY))
        return documents_seconds, time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=50)
    parser.add_argument("--batches", type=int, default=5)
    parser.add_argument("--retries", type=int, default=20, help="times a client answered 503 tries again")
    parser.add_argument("--workers", type=int, default=2, help="LibreOffice workers (service and library)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gongwen-bench-") as tmp:
        workdir = Path(tmp) / "work"
        server = Server(workdir, "--workers", str(args.workers))
        try:
            docs, docs_seconds = asyncio.run(documents(server.url, args.documents, args.retries))
            runs, runs_seconds = asyncio.run(batches(server.url, args.batches, args.retries))
        finally:
            status = server.stop()
            log = server.log_lines()
        left = soffice_under(workdir)
    print(f"服务日志 {len(log)} 行；非 JSON 行：", *[line for line in log if not line.startswith("{")][-8:],
          sep="\n  ")
    lib_docs, lib_batches = library(args.documents, args.batches, args.workers)
    print(f"服务（{args.workers} 个 LibreOffice 进程，默认队列）：退出状态 {status}，"
          f"残留 soffice {len(left)} 个")
    print(f"文档请求 {args.documents} 个并发（docx+pdf）：成功 {len(docs.latencies)}，"
          f"失败 {len(docs.failed)}，503 {docs.busy} 次，文件 {docs.files} 个全部可读")
    if docs.latencies:
        print(f"  延迟 p50 {percentile(docs.latencies, 0.5):.2f} s，"
              f"p95 {percentile(docs.latencies, 0.95):.2f} s；"
              f"{len(docs.latencies) / docs_seconds:.2f} 份/秒（{docs_seconds:.1f} s），"
              f"库直接调用 {args.documents / lib_docs:.2f} 份/秒（{lib_docs:.1f} s）")
    print(f"批量任务 {args.batches} 个并发（督导数据.xlsx → 报告、通知、总结）：成功 {len(runs.latencies)}，"
          f"失败 {len(runs.failed)}，503 {runs.busy} 次，文件 {runs.files} 个，重连 {runs.reconnects} 次")
    if runs.latencies:
        print(f"  完成 p50 {percentile(runs.latencies, 0.5):.1f} s，"
              f"p95 {percentile(runs.latencies, 0.95):.1f} s；"
              f"共 {runs_seconds:.1f} s，库直接调用 {lib_batches:.1f} s")
    for failure in docs.failed + runs.failed:
        print(f"  失败：{failure}")
    if docs.failed or runs.failed or left or len(docs.latencies) != args.documents:
        sys.exit(1)


if __name__ == "__main__":
    main()
