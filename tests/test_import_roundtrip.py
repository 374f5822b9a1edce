"""Every built-in example and body fixture rendered by gongwen and imported back: the data
equals the original model — the same sections, numbering, items, tables and dates — and,
rendered again, it prints the same paragraphs.

Where equality cannot hold the comparison is of what the data says, each case named:
- table ``widths`` are hints the renderer adjusts to the text; the import writes the widths
  the columns were printed at (in mm), which print the same;
- ``recipients`` print joined by 、, and a recipient may hold a 、 itself: the import keeps
  the printed line as one recipient;
- ``print_date`` prints as the 成文日期 when it is the same day, and is read back unset;
- a work scheme's zone table, matters and workflow, and a 行事历's months, are generated
  from other data (zones with their leaders' posts, a catalogue of matters, the rotation of
  themes): the import writes what they print — the table, the items, each month's items.
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from PIL import Image, ImageDraw

import gongwen
import gongwen.reports as reports
from _roundtrip import docx_paragraphs
from gongwen.importer import import_files, import_source
from gongwen.importer.yamlout import plain
from gongwen.kinds import BUILT_IN
from gongwen.loaders import validate

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = (ROOT / "examples", ROOT / "tests" / "fixtures" / "body")
SOURCES = sorted(
    path for folder in FOLDERS for path in folder.glob("*.yaml")
    if path.stem not in ("records", "schedule")  # generated documents: see the last test
)
GENERATED = {
    "work-scheme": {"zones", "matters", "workflow", "sections", "attachments"},
    "calendar": {"months", "recurring", "closing", "matters", "terms", "specials", "preamble"},
}
"""Fields printed from other data: compared by what they print."""
CLERK = {"calendar": {"year": 2026}}
"""What a clerk adds when the document does not print it (a personal 行事历 has no year)."""


def canonical(value: Any) -> Any:
    """The data as compared: widths left out (hints), recipients as they print."""
    if isinstance(value, dict):
        out = {key: canonical(item) for key, item in value.items() if key != "widths"}
        if isinstance(out.get("recipients"), list):
            out["recipients"] = "、".join(out["recipients"])
        if "print_date" in out and out.get("print_date") is None:
            out["print_date"] = out.get("date")
        return out
    if isinstance(value, list):
        return [canonical(item) for item in value]
    return value


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_rendered_document_imports_back_to_its_data(path: Path, tmp_path: Path) -> None:
    original = gongwen.load(path)
    (docx,) = [p for p in gongwen.render(original, tmp_path / "a", ["docx"]) if p.suffix == ".docx"]
    imported = import_source(docx)  # the kind is recognised, not given
    assert [choice.kind for choice in imported.report.kinds] == [original.kind], imported.report.kinds
    (data,) = [plain(document) for document in imported.documents]
    assert yaml.safe_load(imported.yaml()) == data  # the data file says the same
    missing = {key: value for key, value in CLERK.get(original.kind, {}).items() if key not in data}
    back = validate({**data, **missing}, BUILT_IN.models())

    skip = GENERATED.get(original.kind, set())
    expected = {k: v for k, v in canonical(original.model_dump(mode="json")).items() if k not in skip}
    found = {k: v for k, v in canonical(back.model_dump(mode="json")).items() if k not in skip}
    assert found == expected

    (again,) = [p for p in gongwen.render(back, tmp_path / "b", ["docx"]) if p.suffix == ".docx"]
    assert docx_paragraphs(again) == docx_paragraphs(docx)
    assert [item.text for item in imported.report.left_out if item.reason != "页码"] == []


SIGNED = [path for path in SOURCES if path.stem in ("annual-plan", "notice", "document", "scheme")]


@pytest.mark.parametrize("path", SIGNED, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_a_sealed_document_imports_back_with_its_seal_beside_the_data_file(
    path: Path, tmp_path: Path
) -> None:
    seal = tmp_path / "seal.png"
    image = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((4, 4, 196, 196), outline=(220, 0, 0, 255), width=8)
    image.save(seal)
    original = gongwen.load(path)
    sealed = original.model_copy(update={"issuer": original.issuer.model_copy(update={"seal": seal})})
    (docx,) = [p for p in gongwen.render(sealed, tmp_path / "a", ["docx"]) if p.suffix == ".docx"]

    [result] = import_files([docx], tmp_path / "data")
    [data_file] = result.outputs
    data = yaml.safe_load(data_file.read_text(encoding="utf-8"))
    assert data["issuer"]["seal"] == f"{data_file.stem}-印章.png"
    assert (tmp_path / "data" / data["issuer"]["seal"]).read_bytes() == seal.read_bytes()
    assert any(found.what == "印章" for found in result.report.found)
    (bare,) = [p for p in gongwen.render(original, tmp_path / "c", ["docx"]) if p.suffix == ".docx"]
    assert result.report.notes == import_source(bare).report.notes  # the seal is no picture left behind
    back = gongwen.load(data_file)  # the loader finds the seal beside the data file
    assert back.issuer.seal.read_bytes() == seal.read_bytes()
    (again,) = [p for p in gongwen.render(back, tmp_path / "b", ["docx"]) if p.suffix == ".docx"]
    assert docx_paragraphs(again) == docx_paragraphs(docx)
    with zipfile.ZipFile(again) as package:
        media = [name for name in package.namelist() if name.startswith("word/media/")]
        assert [package.read(name) for name in media] == [seal.read_bytes()]


def _generated(folder: Path) -> list[tuple[str, Path]]:
    """The documents gongwen generates rather than renders from a data file of their own:
    the example visit schedule, and from the example records a visit report, a
    rectification notice, each level of escalation notice and the term's summary."""
    records = reports.load_records(ROOT / "examples" / "records.yaml")
    today = date(2026, 11, 22)
    made = [*gongwen.render(gongwen.load(ROOT / "examples" / "schedule.yaml"), folder / "schedule", ["docx"])]
    made += reports.render_visit_reports(records, folder / "visits").outputs[:1]
    notices = reports.render_notices(records, folder / "notices", today=today).outputs
    ends = ("整改通知书", "督办通知单", "警示通知单", "查办通知单")
    made += [next(p for p in notices if p.stem.endswith(end)) for end in ends]
    made += reports.render_summary(records, folder / "summary", today=today).outputs
    return [(path.stem, path) for path in made if path.suffix == ".docx"]


GENERATED_KINDS = {
    "视导时间安排表": "document", "视导报告": "document", "通知书": "notice", "通知单": "notice",
    "工作总结": "summary",
}


def test_documents_gongwen_generates_import_back_to_data_that_prints_them(tmp_path: Path) -> None:
    generated = _generated(tmp_path / "made")
    assert len(generated) == 7
    for stem, docx in generated:
        imported = import_source(docx)
        expected = next(kind for end, kind in GENERATED_KINDS.items() if stem.endswith(end))
        assert [choice.kind for choice in imported.report.kinds] == [expected], stem
        assert imported.report.ready == [True], stem
        (model,) = imported.models
        rendered = gongwen.render(model, tmp_path / "again" / stem, ["docx"])
        (again,) = [p for p in rendered if p.suffix == ".docx"]
        assert docx_paragraphs(again) == docx_paragraphs(docx), stem
        assert [item.text for item in imported.report.left_out if item.reason != "页码"] == [], stem
