"""The same data renders byte-identical files, whatever the clock says."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

import gongwen
from conftest import EXAMPLES
from gongwen import Renderer, reports
from gongwen.kinds import BUILT_IN

DATA_FILES = sorted(
    p for p in [*EXAMPLES.glob("*.yaml"), *EXAMPLES.glob("forms/*.yaml")] if p.name != "records.yaml"
)
TODAY = date(2026, 11, 22)
A_YEAR = 366 * 86400


def formats_of(path: Path) -> list[str]:
    document = gongwen.load(path)
    xlsx = BUILT_IN.of(document).workbook is not None
    return ["docx", "md", "html", *(["xlsx"] if xlsx else [])]


def render_example(path: Path) -> Callable[[Path], object]:
    def produce(outdir: Path) -> None:
        with Renderer() as renderer:
            renderer.render(gongwen.load(path), outdir, formats_of(path))
    return produce


def render_records(outdir: Path) -> None:
    records = reports.load_records(EXAMPLES / "records.yaml")
    with Renderer() as renderer:
        for produce in (reports.render_visit_reports, reports.render_notices, reports.render_summary):
            produce(records, outdir, today=TODAY, renderer=renderer)


def contents(outdir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(outdir)): p.read_bytes() for p in sorted(outdir.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    "produce",
    [*(render_example(p) for p in DATA_FILES), render_records],
    ids=[*(p.stem for p in DATA_FILES), "records"],
)
def test_same_data_same_bytes(produce: Callable[[Path], object], tmp_path: Path, monkeypatch) -> None:
    produce(tmp_path / "first")
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + A_YEAR)  # zip entries would show it
    produce(tmp_path / "second")
    first, second = contents(tmp_path / "first"), contents(tmp_path / "second")
    assert first and first.keys() == second.keys()
    changed = [name for name in first if first[name] != second[name]]
    assert not changed
