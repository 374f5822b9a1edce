"""Forms: layouts; .docx and .xlsx read back (cells, merges, fonts, print setup); blank."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from lxml import etree
from openpyxl import load_workbook

import gongwen
from gongwen import Renderer, render_files
from gongwen.cli import main
from gongwen.derive.forms import BLANK_DATE, BLANK_LINES, CHECKED, UNCHECKED
from gongwen.errors import TemplateError
from gongwen.kinds import BUILT_IN
from gongwen.models.forms import DivisionTable, ExecutionPlan, Form, LeaderCheck

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples" / "forms").glob("*.yaml"))
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}

FORM_KINDS = sorted(kind.name for kind in BUILT_IN if kind.form)


def form_layout(form: Form):
    return BUILT_IN.of(form).layout(form)


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    with Renderer() as shared:
        yield shared


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def example(kind: str) -> gongwen.models.forms.Form:
    return gongwen.load(ROOT / "examples" / "forms" / f"{kind}.yaml")


def document_xml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read("word/document.xml"))


def test_one_example_per_form_kind() -> None:
    assert sorted(p.stem for p in EXAMPLES) == FORM_KINDS


@pytest.mark.parametrize("kind", FORM_KINDS)
@pytest.mark.parametrize("blank", [False, True])
def test_every_row_fills_the_grid(kind: str, blank: bool) -> None:
    form = example(kind)
    layout = form_layout(form.blank() if blank else form)
    for index in range(len(layout.rows)):
        columns = [column for column, _, _ in layout.slots(index)]
        spans = sum(p.cell.span for _, p, _ in layout.slots(index))
        assert spans == len(layout.widths), (kind, index)
        assert columns == sorted(columns)


def test_blank_keeps_what_is_printed_and_clears_the_rest() -> None:
    form = example("record-sheet")
    blank = form.blank()
    assert blank.title == form.title and blank.organization == form.organization
    assert blank.catalogue == form.catalogue
    assert blank.school is None and blank.matters == [] and blank.findings == ""
    assert blank.school_signature.name is None
    assert form.school, "blanking returns a copy"


def test_a_data_file_with_only_kind_is_a_blank_form() -> None:
    layout = form_layout(LeaderCheck())
    assert layout.title == "领导干部检查督查情况表"
    values = [p.cell.text for p in layout.placements() if not p.cell.label]
    assert all(text in ("", f"\n{BLANK_DATE}") or text.endswith(BLANK_DATE) for text in values)


def test_record_sheet_ticks_the_matters_checked() -> None:
    layout = form_layout(example("record-sheet"))
    texts = [p.cell.text for p in layout.placements()]
    matters = next(t for t in texts if "校务管理和制度执行" in t)
    assert f"{CHECKED}课程开设和课堂教学" in matters
    assert f"{UNCHECKED}校务管理和制度执行" in matters
    blank = form_layout(example("record-sheet").blank())
    assert not any(CHECKED in p.cell.text for p in blank.placements())


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_render_filled_and_blank(renderer: Renderer, path: Path, tmp_path: Path) -> None:
    result = render_files([path], tmp_path, ["docx", "xlsx", "md", "html"], renderer=renderer)
    assert result.ok, result.failures
    blank = render_files([path], tmp_path, ["docx", "xlsx"], blank=True, renderer=renderer)
    assert blank.ok, blank.failures
    names = sorted(p.name for p in tmp_path.glob("[!.]*"))
    assert len(names) == 6 and sum("（空白）" in n for n in names) == 2
    for output in [*result.outputs, *blank.outputs]:
        if output.suffix == ".docx":
            Document(str(output))  # python-docx opens it
        elif output.suffix == ".xlsx":
            load_workbook(output)


def test_leader_check_docx_cells_fonts_and_heights(renderer: Renderer, tmp_path: Path) -> None:
    [path] = renderer.render(example("leader-check"), tmp_path, ["docx"])
    document = Document(str(path))
    assert document.paragraphs[0].text == "领导干部检查督查情况表"
    table = document.tables[0]
    assert table.cell(0, 0).text == "检查时间"
    assert table.cell(0, 1).text.split() == ["2024年3月12日", "9:00—11:30"]
    assert table.cell(1, 3).text.replace("\n", "").startswith("王丽华（副校长")
    assert "南门上下学时段护导人员不足" in table.cell(2, 1).text
    assert table.cell(2, 1).text == table.cell(2, 3).text  # one cell spanning three columns
    assert table.cell(0, 0).paragraphs[0].style.name == "表头"
    assert table.cell(0, 1).paragraphs[0].style.name == "表格文字"
    styles = {s.name: s for s in document.styles}
    head_fonts = styles["表头"].element.find(".//w:rFonts", NS)
    text_fonts = document.styles.element.find(".//w:docDefaults//w:rFonts", NS)
    assert head_fonts.get(f"{{{W}}}eastAsia") == "黑体"
    assert text_fonts.get(f"{{{W}}}eastAsia") == "仿宋_GB2312"

    root = document_xml(path)
    assert all(h.get(f"{{{W}}}hRule") == "atLeast" for h in root.iterfind(".//w:trHeight", NS))
    [blank] = renderer.render(example("leader-check"), tmp_path, ["docx"], blank=True)
    heights = [int(h.get(f"{{{W}}}val")) for h in document_xml(blank).iterfind(".//w:trHeight", NS)]
    assert max(heights) >= 60 * 56  # the 检查情况 box: 60 mm for handwriting
    # 跟踪落实情况, then its signatures: the responsible unit's head first, then the leader
    last = [cell.text.replace("\n", "") for cell in table.rows[-1].cells]
    assert [last[0], last[2]] == ["责任单位负责人（签字）", "检查领导（签字）"]
    assert last[1].startswith("陈志明") and last[3].startswith("赵敏")
    size = root.find(".//w:sectPr/w:pgSz", NS)
    assert (size.get(f"{{{W}}}w"), size.get(f"{{{W}}}h")) == ("11906", "16838")


def test_division_table_merges_each_group_vertically(renderer: Renderer, tmp_path: Path) -> None:
    form = example("division-table")
    docx_path, xlsx_path = renderer.render(form, tmp_path, ["docx", "xlsx"])
    root = document_xml(docx_path)
    rows = root.findall(".//w:tbl/w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    starts = root.xpath(".//w:vMerge[@w:val='restart']", namespaces=NS)
    groups_spanning = [g for g in form.all_groups if len(g.items) > 1]
    assert len(starts) == 2 * len(groups_spanning)  # 序号 and 内容
    continued = root.xpath(".//w:vMerge[not(@w:val)]", namespaces=NS)
    assert len(continued) == 2 * sum(len(g.items) - 1 for g in groups_spanning)
    table = Document(str(docx_path)).tables[0]
    # row 1 is the category 一、督政工作 across the table, then task 1 over two rows
    assert [c.text for c in table.rows[1].cells] == ["一、督政工作"] * 4
    assert table.cell(2, 0).text == table.cell(3, 0).text == "1"
    assert table.cell(2, 1).text == table.cell(3, 1).text == "履行教育职责评价"
    assert flat(table.cell(3, 2).text).startswith("6月底前报送履职评价佐证材料")

    sheet = load_workbook(xlsx_path).active
    merged = {str(r) for r in sheet.merged_cells.ranges}
    top = 3  # title, caption, header row
    assert f"A{top + 1}:D{top + 1}" in merged and sheet[f"A{top + 1}"].value == "一、督政工作"
    assert {f"A{top + 2}:A{top + 3}", f"B{top + 2}:B{top + 3}"} <= merged
    assert sheet[f"B{top + 2}"].value == "履行教育职责评价"
    assert sheet[f"C{top + 3}"].value.startswith("6月底前报送履职评价佐证材料")
    assert sheet.print_title_rows == f"${top}:${top}"


def test_division_categories_number_tasks_across_and_keep_with_their_rows(tmp_path: Path) -> None:
    form = example("division-table")
    assert len(form.categories) == 5  # as the real table: five 类别 rows heading their tasks
    layout = form_layout(form)
    numbers = [p.cell.text for p in layout.placements() if p.column == 0 and p.cell.rows >= 1
               and p.cell.text.isdigit()]
    assert numbers == [str(n) for n in range(1, len(form.all_groups) + 1)]
    categories = [r for r in layout.rows if len(r.cells) == 1 and r.cells[0].label]
    assert [r.cells[0].text for r in categories] == [c.name for c in form.categories]
    assert all(r.keep for r in categories)  # never left alone at the foot of a page
    with pytest.raises(gongwen.DataError, match="groups 与 categories"):
        gongwen.loaders.validate(
            {"kind": "division-table", "groups": [{"content": "甲", "items": ["乙"]}],
             "categories": [{"name": "一、丙", "groups": [{"content": "甲", "items": ["乙"]}]}]},
            gongwen.kinds.BUILT_IN.models())


def test_xlsx_print_setup(renderer: Renderer, tmp_path: Path) -> None:
    [path] = renderer.render(example("execution-plan"), tmp_path, ["xlsx"])
    sheet = load_workbook(path).active
    setup = sheet.page_setup
    assert setup.orientation == "portrait" and int(setup.paperSize) == 9  # A4
    assert setup.fitToWidth == 1 and setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.print_area == "'2024年春季开学工作专项督导执行方案'!$A$1:$D$9"
    assert sheet["A1"].value == "2024年春季开学工作专项督导执行方案"
    assert sheet["A1"].font.name == "方正小标宋简体"
    assert [sheet.cell(3, c).value for c in range(1, 5)] == [
        "时间", "对象", "内容", "检查组成员"
    ]
    assert sheet["A3"].font.name == "黑体" and sheet["B4"].font.name == "仿宋_GB2312"
    assert sheet["D4"].value == "李建国、赵敏、孙晓东"
    assert "B8:D8" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["B8"].value.startswith("方案安排合理")
    assert sheet["A4"].border.left.style == "thin"
    assert sheet.row_dimensions[4].height >= 20 * 72 / 25.4 - 0.1


def test_notice_board_a3_landscape_with_photo(renderer: Renderer, tmp_path: Path) -> None:
    docx_path, xlsx_path = renderer.render(example("notice-board"), tmp_path, ["docx", "xlsx"])
    size = document_xml(docx_path).find(".//w:sectPr/w:pgSz", NS)
    assert (size.get(f"{{{W}}}w"), size.get(f"{{{W}}}h")) == ("23811", "16838")
    assert size.get(f"{{{W}}}orient") == "landscape"
    with zipfile.ZipFile(docx_path) as package:
        assert any(n.startswith("word/media/") for n in package.namelist())
    sheet = load_workbook(xlsx_path).active
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 8  # A3
    assert len(sheet._images) == 1
    assert "A2:A4" in {str(r) for r in sheet.merged_cells.ranges}  # the photo box
    assert sheet["C2"].value == "长宁区实验小学"


def test_a4_notice_board_and_blank_photo_box(renderer: Renderer, tmp_path: Path) -> None:
    form = example("notice-board").model_copy(update={"paper": "A4"})
    [path] = renderer.render(form, tmp_path, ["docx"], blank=True)
    size = document_xml(path).find(".//w:sectPr/w:pgSz", NS)
    assert (size.get(f"{{{W}}}w"), size.get(f"{{{W}}}h")) == ("16838", "11906")
    table = Document(str(path)).tables[0]
    assert table.cell(0, 0).text == "照片"
    assert table.cell(0, 2).text == ""
    assert "1.校务管理和制度执行" in table.cell(3, 1).text  # printed matters stay


def test_blank_execution_plan_offers_rows_for_handwriting(
    renderer: Renderer, tmp_path: Path
) -> None:
    docx_path, xlsx_path = renderer.render(example("execution-plan"), tmp_path, ["docx", "xlsx"],
                                           blank=True)
    table = Document(str(docx_path)).tables[0]
    assert len(table.rows) == 1 + BLANK_LINES + 2
    assert all(cell.text == "" for row in table.rows[1:-2] for cell in row.cells)
    assert table.cell(BLANK_LINES + 1, 1).text.startswith("签字：")
    sheet = load_workbook(xlsx_path).active
    assert sheet["A4"].value is None and sheet["A2"].value.startswith("填报单位")


def test_only_forms_render_blank_or_as_xlsx(renderer: Renderer, tmp_path: Path) -> None:
    plan = gongwen.load(ROOT / "examples" / "annual-plan.yaml")
    with pytest.raises(TemplateError, match="空白表"):
        renderer.render(plan, tmp_path, ["docx"], blank=True)
    with pytest.raises(TemplateError, match="xlsx"):
        renderer.render(plan, tmp_path, ["xlsx"])


def test_markup_in_data_stays_text(renderer: Renderer, tmp_path: Path) -> None:
    form = DivisionTable(
        title="分工表 <w:p> & {{ x }}",
        groups=[{"content": "</w:t><script>alert(1)</script>", "items": ["{%p if 1 %}& ok"]},
                {"content": "=HYPERLINK(\"http://x\")", "items": ["=1+1"]}],
    )
    docx_path, xlsx_path = renderer.render(form, tmp_path, ["docx", "xlsx"])
    table = Document(str(docx_path)).tables[0]
    assert table.cell(1, 1).text == "</w:t><script>alert(1)</script>"
    assert table.cell(1, 2).text == "{%p if 1 %}& ok"
    assert Document(str(docx_path)).paragraphs[0].text == "分工表 <w:p> & {{ x }}"
    sheet = load_workbook(xlsx_path).active
    assert sheet["B3"].value == "</w:t><script>alert(1)</script>"
    assert (sheet["B4"].value, sheet["B4"].data_type) == ('=HYPERLINK("http://x")', "s")
    assert (sheet["C4"].value, sheet["C4"].data_type) == ("=1+1", "s")


def test_same_data_same_bytes(renderer: Renderer, tmp_path: Path) -> None:
    form = example("notice-board")
    first = renderer.render(form, tmp_path / "a", ["docx", "xlsx"])
    second = renderer.render(form, tmp_path / "b", ["docx", "xlsx"])
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_execution_plan_lists_items_in_order() -> None:
    plan = ExecutionPlan(items=[{"time": "上午", "target": "甲校", "members": "张三"},
                                {"time": "下午", "target": "乙校"}])
    layout = form_layout(plan)
    assert [r.cells[1].text for r in layout.rows[1:3]] == ["甲校", "乙校"]
    assert layout.rows[1].cells[3].text == "张三"


def test_cli_blank_flag(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["render", *map(str, EXAMPLES), "-o", str(tmp_path), "-f", "docx,xlsx", "--blank"]
    )
    assert result.exit_code == 0, result.output
    outputs = sorted(tmp_path.glob("[!.]*"))
    assert len(outputs) == 2 * len(EXAMPLES)
    assert all(p.stem.endswith("（空白）") for p in outputs)
