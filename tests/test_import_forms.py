"""Forms imported back: each example form rendered by gongwen (filled and blank) and imported
gives the same form data, validated by the form models; text without a field is listed."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

import gongwen
from _importing import data_of
from gongwen import load
from gongwen.importer import import_document

FORMS = sorted((Path(__file__).resolve().parents[1] / "examples" / "forms").glob("*.yaml"))


@pytest.mark.parametrize("blank", [False, True], ids=["filled", "blank"])
@pytest.mark.parametrize("example", FORMS, ids=[path.stem for path in FORMS])
def test_rendered_form_imports_back_to_the_same_data(tmp_path: Path, example: Path, blank: bool) -> None:
    form = load(example)
    (docx,) = gongwen.render(form, tmp_path, ["docx"], blank=blank)
    imported, report = import_document(docx)
    assert report.kinds[0].kind == form.kind and report.ready == [True]
    expected = form.blank() if blank else form
    assert imported.model_dump(exclude={"photo"}) == expected.model_dump(exclude={"photo"})
    assert [(item.text, item.reason) for item in report.left_out] == [("— 1 —", "页码")]


def test_text_without_a_field_is_left_out_with_its_place(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("领导干部检查督查情况表")
    table = doc.add_table(rows=3, cols=4)
    cells = [["检查时间", "2024年3月12日上午", "地址", "城东路1号"], ["受检对象", "城东小学", "天气", "晴"],
             ["检查情况", "校门护导到位。", "", ""]]
    for r, row in enumerate(cells):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    doc.save(tmp_path / "检查.docx")
    data, report = data_of(tmp_path / "检查.docx")
    assert data == {
        "kind": "leader-check", "title": "领导干部检查督查情况表", "date": "2024年3月12日", "time": "上午",
        "address": "城东路1号", "target": "城东小学", "situation": "校门护导到位。",
    }
    assert [(item.text, item.reason) for item in report.left_out] == [
        ("天气", "表格中无对应字段的文字"), ("晴", "表格中无对应字段的文字")
    ]
