"""Benchmark: .docx → PDF with gongwen's worker pool against plain ``soffice`` calls.

Generates N multi-page Chinese documents (default 50) with python-docx, then converts
them three ways and prints documents/s and pages/s for each:

- pool: ``PdfConverter`` (one worker per CPU core), timed from a cold start;
- (a) one ``soffice --convert-to pdf`` process per document, one after another;
- (b) one ``soffice --convert-to pdf`` call given all N files.

Both baselines get a warmed-up user profile and gongwen's fontconfig, so only the
conversion strategy differs. Targets: pool ≥ 5× faster than (a), not slower than (b).
Finally it reports the latency of one PDF from the warm pool.

    PYTHONPATH=src python3 benchmarks/pdf_benchmark.py [--docs 50] [--workers N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Pt
from pypdf import PdfReader

from gongwen.render.pdf import PdfConverter, PdfResult
from gongwen.render.pdf.fonts import converter_env

SENTENCES = [
    "各责任督学要按照《中小学校责任督学挂牌督导办法》要求，每所挂牌学校每月至少督导1天。",
    "重点检查校务管理和制度执行、招生收费择校、课程开设和课堂教学等经常性督导事项。",
    "督导中发现的问题要及时反馈学校，提出整改要求，明确整改时限，跟踪督促整改到位。",
    "要加强校园及周边安全、食堂食品饮水及宿舍卫生的检查，切实保障师生安全与健康。",
]


def _run(paragraph, text: str, east_asia: str, size: float) -> None:
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.name = "Times New Roman"
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)


def make_documents(folder: Path, count: int) -> list[Path]:
    """Write ``count`` documents of 2–6 pages in the official font names."""
    docs = []
    for n in range(count):
        doc = Document()
        _run(doc.add_paragraph(), f"第{n + 1}责任区督导工作方案", "方正小标宋简体", 22)
        pages = 2 + n % 5
        for page in range(pages):
            _run(doc.add_paragraph(), f"{'一二三四五六'[page]}、督导重点", "黑体", 16)
            _run(doc.add_paragraph(), "（一）工作要求", "楷体_GB2312", 16)
            for i in range(6):
                _run(doc.add_paragraph(), SENTENCES[(n + i) % 4] * 2, "仿宋_GB2312", 16)
            if page < pages - 1:
                doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        path = folder / f"doc{n + 1:02d}.docx"
        doc.save(path)
        docs.append(path)
    return docs


def count_pages(pdfs: list[Path]) -> int:
    return sum(len(PdfReader(p).pages) for p in pdfs)


def soffice_cmd(soffice: Path, profile: Path, outdir: Path, docs: list[Path]) -> list[str]:
    return [
        str(soffice),
        "--headless",
        "--norestore",
        f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        *map(str, docs),
    ]


def run_soffice(soffice: Path, profile: Path, outdir: Path, docs: list[Path]) -> None:
    subprocess.run(
        soffice_cmd(soffice, profile, outdir, docs),
        check=True,
        capture_output=True,
        env=converter_env(),
    )


def report(label: str, seconds: float, docs: int, pages: int) -> None:
    print(f"{label:<38} {seconds:7.2f} s  {docs / seconds:6.2f} documents/s  {pages / seconds:7.2f} pages/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=50)
    parser.add_argument("--workers", type=int, default=None, help="default: one per CPU core")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="gongwen-bench-") as tmp:
        root = Path(tmp)
        (root / "in").mkdir()
        docs = make_documents(root / "in", args.docs)

        started = time.perf_counter()
        with PdfConverter(workers=args.workers) as pool:
            results = pool.convert_many([(d, root / "pool" / f"{d.stem}.pdf") for d in docs])
            pool_seconds = time.perf_counter() - started
            failed = [r for r in results if not isinstance(r, PdfResult)]
            if failed:
                raise SystemExit(f"pool failures: {failed}")
            started = time.perf_counter()
            pool.convert_many([(d, root / "pool-warm" / f"{d.stem}.pdf") for d in docs])
            warm_seconds = time.perf_counter() - started
            latencies = []
            for i in range(5):
                t0 = time.perf_counter()
                pool.convert(docs[i], root / "warm" / f"{i}.pdf")
                latencies.append(time.perf_counter() - t0)
            soffice, workers = pool.soffice, pool.size
        pages = sum(r.pages for r in results if isinstance(r, PdfResult))

        profile = root / "profile"
        run_soffice(soffice, profile, root / "warmup", docs[:1])  # create the profile

        started = time.perf_counter()
        for doc in docs:
            run_soffice(soffice, profile, root / "a", [doc])
        a_seconds = time.perf_counter() - started

        started = time.perf_counter()
        run_soffice(soffice, profile, root / "b", docs)
        b_seconds = time.perf_counter() - started

        for folder in ("a", "b"):
            produced = sorted((root / folder).glob("*.pdf"))
            if len(produced) != len(docs) or count_pages(produced) != pages:
                raise SystemExit(f"baseline ({folder}) did not produce the same {pages} pages")

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{len(docs)} documents, {pages} pages, pool of {workers} workers, {soffice}")
    print(f"{os.cpu_count()} CPUs, load average after the run: {load}")
    report(f"gongwen pool ({workers} workers, cold start)", pool_seconds, len(docs), pages)
    report(f"gongwen pool ({workers} workers, warm)", warm_seconds, len(docs), pages)
    report("(a) one soffice process per document", a_seconds, len(docs), pages)
    report("(b) one soffice call for all documents", b_seconds, len(docs), pages)
    print(f"pool vs (a): {a_seconds / pool_seconds:5.2f}× faster  (target ≥ 5×)")
    print(f"pool vs (b): {b_seconds / pool_seconds:5.2f}× faster  (target ≥ 1×)")
    print(
        f"one PDF from a warm pool: median {statistics.median(latencies) * 1000:.0f} ms "
        f"(min {min(latencies) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms)"
    )


if __name__ == "__main__":
    main()
