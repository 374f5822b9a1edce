"""Benchmark: importing a real document and rendering it, against rendering its data alone.

For each document of the corpus (``../shared/corpus``, or ``GONGWEN_CORPUS``) — completed as
a clerk completes it (a title where the source has none, the 署名 and 成文日期 its kind
needs) — it times, on one warm renderer:

- import + render .docx, against render .docx of the same data (ratio);
- import + render .docx and PDF, against render .docx and PDF of the same data (ratio);

several runs each, and prints the minimum and the median per document and for the corpus.

    PYTHONPATH=src python3 benchmarks/import_benchmark.py [--runs 5] [--pdf-runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gongwen.importer import import_source
from gongwen.importer.document import REQUIRED
from gongwen.importer.yamlout import plain
from gongwen.kinds import BUILT_IN
from gongwen.loaders import validate
from gongwen.renderer import Renderer


def corpus() -> Path:
    """GONGWEN_CORPUS, else the first ``shared/corpus`` in a folder above this file."""
    if os.environ.get("GONGWEN_CORPUS"):
        return Path(os.environ["GONGWEN_CORPUS"])
    here = Path(__file__).resolve()
    return next((p / "shared" / "corpus" for p in here.parents if (p / "shared" / "corpus").is_dir()),
                here.parents[2] / "shared" / "corpus")


def completed(data: dict[str, Any], name: str) -> Any:
    """The imported data with what a clerk adds, as its model."""
    data = {"title": f"文档 {name}", **data}
    needed = REQUIRED.get(data["kind"], ())
    if "issuer" in needed:
        data.setdefault("issuer", {"name": "某某区教育局"})
    if "date" in needed:
        data.setdefault("date", "2024-01-10")
    return validate(data, BUILT_IN.models())


def import_models(path: Path) -> list[Any]:
    return [completed(plain(document), path.stem) for document in import_source(path).documents]


def timed(action: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="runs of the .docx timings")
    parser.add_argument("--pdf-runs", type=int, default=3, help="runs of the .docx + PDF timings")
    args = parser.parse_args()
    sources = sorted(corpus().glob("*.txt"))
    if not sources:
        raise SystemExit(f"no corpus documents in {corpus()}")
    rows = []
    with Renderer() as renderer, tempfile.TemporaryDirectory(prefix="gongwen-bench-") as tmp:
        out = Path(tmp)
        for path in sources:  # warm up: template compiled, LibreOffice pool started
            for model in import_models(path):
                renderer.render(model, out / "warm", ["docx", "pdf"])
        for path in sources:
            models = import_models(path)

            def render(formats: list[str], models: list[Any] = models) -> None:
                for model in models:
                    renderer.render(model, out / "plain", formats)

            def both(formats: list[str], path: Path = path) -> None:
                for model in import_models(path):
                    renderer.render(model, out / "imported", formats)

            row = {"name": path.stem, "imported": timed(lambda p=path: import_source(p), args.runs)}
            plans = (("docx", ["docx"], args.runs), ("pdf", ["docx", "pdf"], args.pdf_runs))
            for key, formats, runs in plans:
                row[f"{key}-import"] = timed(lambda f=formats: both(f), runs)
                row[f"{key}-plain"] = timed(lambda f=formats: render(f), runs)
            rows.append(row)

    def ms(values: list[float]) -> str:
        return f"{min(values) * 1000:7.1f} {statistics.median(values) * 1000:7.1f}"

    print(f"{len(sources)} documents; times in ms as min median; ratio of medians (import+render / render)")
    print(f"{'document':<10}{'import':>16}{'imp+docx':>16}{'docx':>16}{'×':>6}{'imp+pdf':>16}{'pdf':>16}{'×':>6}")
    for row in rows:
        docx_ratio = statistics.median(row["docx-import"]) / statistics.median(row["docx-plain"])
        pdf_ratio = statistics.median(row["pdf-import"]) / statistics.median(row["pdf-plain"])
        print(f"{row['name']:<10}{ms(row['imported']):>16}{ms(row['docx-import']):>16}{ms(row['docx-plain']):>16}"
              f"{docx_ratio:6.2f}{ms(row['pdf-import']):>16}{ms(row['pdf-plain']):>16}{pdf_ratio:6.2f}")
    total = {key: [sum(row[key][i] for row in rows) for i in range(len(rows[0][key]))]
             for key in ("imported", "docx-import", "docx-plain", "pdf-import", "pdf-plain")}
    docx_ratio = statistics.median(total["docx-import"]) / statistics.median(total["docx-plain"])
    pdf_ratio = statistics.median(total["pdf-import"]) / statistics.median(total["pdf-plain"])
    print(f"{'corpus':<10}{ms(total['imported']):>16}{ms(total['docx-import']):>16}{ms(total['docx-plain']):>16}"
          f"{docx_ratio:6.2f}{ms(total['pdf-import']):>16}{ms(total['pdf-plain']):>16}{pdf_ratio:6.2f}")


if __name__ == "__main__":
    main()
