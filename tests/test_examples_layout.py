"""Every built-in example, printed: each PDF gongwen makes of the examples passes the layout
check of its pages (no half-empty page, no split row, no heading last on a page, page
numbers in place, no lone signature, only the official fonts or their stand-ins)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import gongwen
from conftest import EXAMPLES, require_office
from gongwen import reports, schedules
from gongwen.check import check_pdf
from gongwen.check.findings import ERROR

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The PDF of every example: documents, forms filled and blank, the records' reports,
    notices and summary, and the generated schedule."""
    require_office()
    out = tmp_path_factory.mktemp("printed")
    documents = [p for p in EXAMPLES.glob("*.yaml") if "kind: records" not in p.read_text("utf-8")]
    forms = sorted(EXAMPLES.glob("forms/*.yaml"))
    results = []
    with gongwen.Renderer() as renderer:
        results.append(gongwen.render_files(documents, out / "documents", ["pdf"], renderer=renderer))
        results.append(gongwen.render_files(forms, out / "forms", ["pdf"], renderer=renderer))
        results.append(gongwen.render_files(forms, out / "forms", ["pdf"], blank=True, renderer=renderer))
        records = EXAMPLES / "records.yaml"
        for produce in (reports.render_visit_reports, reports.render_notices, reports.render_summary):
            results.append(produce(records, out / produce.__name__, today=TODAY, renderer=renderer,
                                   formats=["pdf"]))
        results.append(schedules.render_schedule(EXAMPLES / "schedule.yaml", out / "schedule",
                                                 formats=["pdf"], renderer=renderer))
    for result in results:
        assert result.ok, [(f.source, str(f.error)) for f in result.failures]
    pdfs = sorted(out.rglob("*.pdf"))
    assert len(pdfs) >= len(documents) + 2 * len(forms) + 30
    return pdfs


def test_every_example_pdf_passes_the_layout_check(printed: list[Path]) -> None:
    errors = {
        pdf.name: [str(f) for f in check_pdf(pdf).findings if f.severity == ERROR]
        for pdf in printed
    }
    assert {name: found for name, found in errors.items() if found} == {}
