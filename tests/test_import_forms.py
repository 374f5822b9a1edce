"""Forms imported back: each example form rendered by gongwen (filled and blank) and imported
gives the same form data, validated by the form models; text without a field is listed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from docx import Document

import gongwen
from _importing import data_of
from gongwen import load
from gongwen.errors import DataError
from gongwen.importer import import_document, import_files
from gongwen.models.forms import Form

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "forms"
FORMS = sorted(EXAMPLES.glob("*.yaml"))


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


def _variants() -> list[tuple[str, dict[str, object]]]:
    return [
        ("leader-check", {"signers": ["follow_up_signature"]}),
        ("leader-check", {"signers": ["follow_up_signature", "follow_up_unit_signature"]}),
        ("record-sheet", {"signers": ["school_signature", "inspector_signature"]}),
        ("execution-plan", {"columns": ["target", "time", "content", "members"], "signers": ["approver"]}),
        ("division-table", {"columns": ["content", "requirement", "departments"]}),
    ]


@pytest.mark.parametrize("blank", [False, True], ids=["filled", "blank"])
@pytest.mark.parametrize(("kind", "change"), _variants(),
                         ids=lambda v: v if isinstance(v, str) else "-".join(v))
def test_forms_with_their_own_signers_and_columns_import_back(
    tmp_path: Path, kind: str, change: dict[str, object], blank: bool
) -> None:
    form = load(EXAMPLES / f"{kind}.yaml").model_copy(update=change)
    (docx,) = gongwen.render(form, tmp_path, ["docx"], blank=blank)
    imported, report = import_document(docx)
    expected = form.blank() if blank else form
    if "signers" in change:  # a signature box not printed is not read back
        unprinted = set(type(form).model_fields["signers"].get_default(call_default_factory=True)) - set(
            form.signers)
        expected = expected.model_copy(update={key: type(form).model_fields[key].get_default(
            call_default_factory=True) for key in unprinted})
    assert imported.model_dump() == expected.model_dump()
    assert [item.text for item in report.left_out] == ["— 1 —"]


def test_a_division_table_without_categories_imports_back(tmp_path: Path) -> None:
    form = load(EXAMPLES / "division-table.yaml")
    flat = form.model_copy(update={"groups": form.all_groups, "categories": []})
    (docx,) = gongwen.render(flat, tmp_path, ["docx"])
    imported, _ = import_document(docx)
    assert imported.model_dump() == flat.model_dump() and imported.categories == []


def test_an_overfull_form_shrunk_to_its_sheet_imports_back(tmp_path: Path) -> None:
    form = load(EXAMPLES / "leader-check.yaml")
    long = "检查了校门护导、食堂、宿舍、消防通道和校车管理，逐项查看台账，" * 30
    full = form.model_copy(update={"situation": long, "follow_up": long})
    renderer = gongwen.Renderer()
    with renderer:
        (docx,) = renderer.render(full, tmp_path, ["docx"])
        assert renderer.warnings  # the type was shrunk, and still the form overflows
    imported, _ = import_document(docx)
    assert imported.model_dump() == full.model_dump()


def test_line_breaks_a_writer_typed_in_a_cell_are_kept(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("领导干部检查督查情况表")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "受检对象", "城东小学"
    table.cell(1, 0).text = "处置意见"
    table.cell(1, 1).text = "1.增派护导教师，\n协调交警疏导；\n2.整改食堂库房、\n消防通道"
    doc.save(tmp_path / "检查.docx")
    data, _ = data_of(tmp_path / "检查.docx")
    assert data["disposal"] == "1.增派护导教师，\n协调交警疏导；\n2.整改食堂库房、\n消防通道"


def test_kind_names_a_form_for_a_table_without_its_title(tmp_path: Path) -> None:
    form = load(EXAMPLES / "record-sheet.yaml")
    (docx,) = gongwen.render(form.model_copy(update={"title": "记录"}), tmp_path, ["docx"])
    assert data_of(docx)[1].kinds[0].kind != "record-sheet"
    imported, report = import_document(docx, kind="record-sheet")
    assert report.kinds[0].forced and imported.school == form.school and imported.findings == form.findings
    with pytest.raises(DataError, match="不是一张表格"):
        import_document("一、工作目标\n全面提升督导质量。\n", kind="record-sheet")


def test_a_notice_boards_photo_is_imported_beside_its_data_file(tmp_path: Path) -> None:
    form = load(EXAMPLES / "notice-board.yaml")
    (docx,) = gongwen.render(form, tmp_path / "out", ["docx"])
    [result] = import_files([docx], tmp_path / "data")
    [data_file] = result.outputs
    photo = tmp_path / "data" / f"{data_file.stem}-照片.png"
    assert photo.read_bytes() == form.photo.read_bytes()
    assert yaml.safe_load(data_file.read_text(encoding="utf-8"))["photo"] == photo.name
    again = load(data_file)  # the loader finds the photo beside the data file
    assert again.photo == photo and again.model_dump(exclude={"photo"}) == form.model_dump(exclude={"photo"})


def _renamed(form: Form) -> dict[str, str]:
    """Every caption the form prints under new words; one on two lines, one spaced out."""
    printed = [key for key in type(form).captions if not (key == "photo" and form.photo)]
    labels = {key: f"本区第{index + 1}栏" for index, key in enumerate(printed)}
    labels[printed[0]] = "本区\n首栏"
    labels[printed[1]] = "第　二　栏"  # spaced out, as forms often print a short caption
    return labels


@pytest.mark.parametrize("blank", [False, True], ids=["filled", "blank"])
@pytest.mark.parametrize("example", FORMS, ids=[path.stem for path in FORMS])
def test_a_form_whose_captions_the_data_renamed_imports_back_with_its_labels(
    tmp_path: Path, example: Path, blank: bool
) -> None:
    form = load(example)
    renamed = form.model_copy(update={"labels": _renamed(form)})
    (docx,) = gongwen.render(renamed, tmp_path, ["docx"], blank=blank)
    imported, report = import_document(docx)
    expected = renamed.blank() if blank else renamed
    assert imported.labels == renamed.labels
    assert imported.model_dump(exclude={"photo"}) == expected.model_dump(exclude={"photo"})
    assert [item.text for item in report.left_out] == ["— 1 —"]
    assert any(found.what == "改过的栏目名" for found in report.found)
