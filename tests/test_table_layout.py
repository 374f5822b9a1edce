"""Tables of official documents: columns as wide as their words, rows never split across
pages — read back from the .docx grid and from the PDF LibreOffice lays out.

The PDF tests need LibreOffice; outside CI they are skipped when it is missing.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from conftest import NS, Docx, W
from gongwen import Renderer
from gongwen.check import check_pdf
from gongwen.check.tables import CELL_ORPHAN
from gongwen.models import Plan
from gongwen.render.text.columns import CELL_PADDING_PT, CellText, column_widths
from gongwen.render.text.metrics import lines, min_em, pieces, text_em, wrap_at_separators

SHORT = ["校数", "第一责任区", "纪监审计执法科", "被检查人（签字）"]
PROSE = "各督学责任区要按月开展督导并及时报送督导记录和视导报告"
TEXT_PT = 14.0  # the 表格文字 and 表头 styles


def plan(table: dict) -> Plan:
    return Plan(title="关于印发责任区划分的通知", issuer={"name": "长宁区教育督导室"}, date="2026-02-20",
                sections=[{"title": "责任区划分", "table": table}])


def words_table() -> dict:
    """The words that used to break (校/数, 第一责/任区 …) in a table that has room for them."""
    columns = ["责任区", "校数", "责任部门", "签字", "要求"]
    rows = [["第一责任区", "17", "纪监审计执法科", "被检查人（签字）", PROSE]] * 3
    return {"columns": columns, "rows": rows, "widths": [1, 1, 1, 1, 6]}


@pytest.fixture(scope="module")
def renderer() -> Iterator[Renderer]:
    with Renderer() as shared:
        yield shared


def grid_pt(docx: Docx) -> list[float]:
    return [int(c.get(f"{{{W}}}w")) / 20 for c in docx.document.iterfind(".//w:tblGrid/w:gridCol", NS)]


# -- metrics ----------------------------------------------------------------------------

def test_metrics_chinese_one_em_latin_from_times_new_roman() -> None:
    assert text_em("校数") == 2.0 and text_em("被检查人（签字）") == 8.0
    assert text_em("2024", autospace=False) == 2.0  # Times New Roman digits are half an em
    assert text_em("A", autospace=False) == pytest.approx(1479 / 2048)
    assert text_em("3月") == pytest.approx(1.75)  # digit, character and the space between


def test_unbreakable_pieces() -> None:
    assert pieces("纪监审计执法科") == ["纪监审计执法科"]
    assert pieces("责任单位负责人（签字）") == ["责任单位负责人", "（签字）"]
    assert "长宁区天山路" in pieces("长宁区天山路 1080 号") and "1080 号" in pieces("长宁区天山路 1080 号")
    assert min_em("陈静、吴国平、沈丽萍、黄志刚") == 4.0  # one name and its 、
    assert lines("跟踪落实情况", 6) == 1 and lines("跟踪落实情况", 5) == 2
    assert wrap_at_separators("督导室、安全稳定科、体卫艺科", 7) == "督导室、\n安全稳定科、\n体卫艺科"


def test_a_long_name_breaks_after_the_place_that_leads_it() -> None:
    assert pieces("上海市长宁区法华镇路第三小学") == ["上海市长宁区", "法华镇路第三小学"]
    assert pieces("长宁区天山初级中学") == ["长宁区", "天山初级中学"]
    assert wrap_at_separators("上海市长宁区法华镇路第三小学", 13) == "上海市长宁区\n法华镇路第三小学"
    assert wrap_at_separators("长宁区天山初级中学", 8) == "长宁区\n天山初级中学"
    # a name that fits, or overflows by less than a border, is left whole; so is one with no place
    assert wrap_at_separators("上海市长宁区法华镇路幼儿园", 12.98) == "上海市长宁区法华镇路幼儿园"
    assert wrap_at_separators("北京师范大学附属实验中学", 8) == "北京师范大学附属实验中学"
    assert pieces("长宁区实验小学") == ["长宁区实验小学"]  # short enough to be one piece


def test_widths_give_every_short_word_its_line_and_the_rest_to_the_text() -> None:
    cells = [CellText(i, t, TEXT_PT) for i, t in enumerate([*SHORT, PROSE])]
    widths = column_widths(cells, len(cells), 442.0)
    for width, word in zip(widths, SHORT, strict=False):
        assert text_em(word) * TEXT_PT + CELL_PADDING_PT <= width + 1e-6, word
    assert sum(widths) == pytest.approx(442.0)
    minimums = [text_em(word) * TEXT_PT + CELL_PADDING_PT for word in SHORT]
    assert widths[:-1] == pytest.approx(minimums)  # what is left goes to the text that needs it
    hinted = column_widths(cells, len(cells), 442.0, hints=[1, 1, 1, 1, 10])
    for width, word in zip(hinted, SHORT, strict=False):
        assert text_em(word) * TEXT_PT + CELL_PADDING_PT <= width + 1e-6, word


# -- .docx ------------------------------------------------------------------------------

def test_each_word_fits_its_column_in_the_docx(renderer: Renderer, tmp_path: Path) -> None:
    [path] = renderer.render(plan(words_table()), tmp_path, ["docx"])
    docx = Docx(path)
    widths = grid_pt(docx)
    assert sum(widths) == pytest.approx(156 * 72 / 25.4, abs=0.1)  # the type area
    row = docx.document.findall(".//w:tbl/w:tr", NS)[1]
    texts = [Docx.text(tc) for tc in row.findall("w:tc", NS)]
    for width, text in zip(widths, texts, strict=True):
        if text in SHORT or text == "17":
            assert text_em(text) * TEXT_PT + CELL_PADDING_PT <= width, text


def test_body_rows_are_kept_whole_and_the_header_repeats(renderer: Renderer, tmp_path: Path) -> None:
    rows = [[f"第{n}行", "督导室、" * 30] for n in range(20)]
    giant = [["超长行", "督导情况。" * 900]]
    [path] = renderer.render(plan({"columns": ["序号", "内容"], "rows": rows + giant}), tmp_path, ["docx"])
    trs = Docx(path).document.findall(".//w:tbl/w:tr", NS)
    assert trs[0].find("w:trPr/w:tblHeader", NS) is not None
    assert all(tr.find("w:trPr/w:cantSplit", NS) is not None for tr in trs[1:-1])
    assert trs[-1].find("w:trPr/w:cantSplit", NS) is None  # taller than a page: it must split


def month_zone_table() -> dict:
    """Seven columns of labels (a month, five zones, 合计) that cannot all fit whole at 四号."""
    zones = [f"第{n}责任区" for n in "一二三四五"]
    rows = [[f"2026年{m}月", *(str(m + z) for z in range(5)), str(5 * m + 10)] for m in (9, 10, 11, 12)]
    return {"columns": ["月份", *zones, "合计"], "rows": rows}


def test_a_table_too_narrow_for_its_labels_is_set_smaller_not_broken(
    renderer: Renderer, tmp_path: Path
) -> None:
    [path] = renderer.render(plan(month_zone_table()), tmp_path, ["docx"])
    docx = Docx(path)
    sizes = {int(sz.get(f"{{{W}}}val")) / 2 for sz in docx.document.iterfind(".//w:tbl//w:r/w:rPr/w:sz", NS)}
    assert len(sizes) == 1 and 10.5 <= sizes.pop() < TEXT_PT
    widths = grid_pt(docx)
    header = [Docx.text(tc) for tc in docx.document.findall(".//w:tbl/w:tr", NS)[0].findall("w:tc", NS)]
    for width, text in zip(widths, header, strict=True):
        assert min_em(text) * 10.5 + CELL_PADDING_PT <= width, text
    # a table that fits keeps the styles' sizes
    [path] = renderer.render(plan(words_table()), tmp_path / "fits", ["docx"])
    assert Docx(path).document.find(".//w:tbl//w:r/w:rPr/w:sz", NS) is None


# -- PDF --------------------------------------------------------------------------------

def pdf_lines(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.splitlines()


@pytest.mark.usefixtures("office")
def test_no_word_split_across_lines_in_the_pdf(renderer: Renderer, tmp_path: Path) -> None:
    renderer.render(plan(words_table()), tmp_path, ["pdf"])
    [pdf] = tmp_path.glob("*.pdf")
    found = pdf_lines(pdf)
    for word, times in (("校数", 1), ("第一责任区", 3), ("纪监审计执法科", 3), ("被检查人（签字）", 3)):
        assert sum(line.count(word) for line in found) == times, (word, [ln for ln in found if word[0] in ln])


@pytest.mark.usefixtures("office")
def test_a_table_set_smaller_has_no_word_broken_in_the_pdf(renderer: Renderer, tmp_path: Path) -> None:
    renderer.render(plan(month_zone_table()), tmp_path, ["pdf"])
    [pdf] = tmp_path.glob("*.pdf")
    found = pdf_lines(pdf)
    for word in ("第一责任区", "第五责任区", "合计", "2026年12月"):
        assert sum(line.replace(" ", "").count(word) for line in found) >= 1, (word, found)
    assert [f for f in check_pdf(pdf).findings if f.clause == CELL_ORPHAN] == []


@pytest.mark.usefixtures("office")
def test_a_long_table_breaks_between_rows(renderer: Renderer, tmp_path: Path) -> None:
    rows = [[f"起{n:02d}", f"起{n:02d}" + "各督学责任区要按月开展督导并报送记录。" * 6 + f"止{n:02d}"]
            for n in range(30)]
    renderer.render(plan({"columns": ["行", "内容"], "rows": rows}), tmp_path, ["pdf"])
    [pdf] = tmp_path.glob("*.pdf")
    pages = [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(pdf).pages]
    assert len(pages) >= 3
    for n in range(30):
        where = {i for i, text in enumerate(pages) if f"起{n:02d}" in text or f"止{n:02d}" in text}
        assert len(where) == 1, (n, where)  # start and end of the row on one page
    assert sum("内容" in text for text in pages) >= 3  # header repeated on each page of the table


# -- an attachment's table on its page ----------------------------------------------------

WORK = "春季开学工作专项督导；印发年度督导工作计划"


def attachment_plan(rows: int, in_body: bool = False) -> Plan:
    """A plan whose attachment is a table of ``rows`` two-line rows at 四号: 10 fit below the
    attachment's label and title, 12 run two rows onto a page of their own."""
    table = {"columns": ["时间", "重点工作", "牵头", "配合"],
             "rows": [[f"{n}月", WORK, "督导室", f"各责任区{n:02d}"] for n in range(1, rows + 1)]}
    if in_body:
        return plan(table)
    return Plan(title="年度督导工作计划", issuer={"name": "长宁区教育督导室"}, date="2026-02-20",
                sections=[{"title": "工作安排", "text": "按附件执行。"}],
                attachments=[{"title": "年度重点督导工作安排表", "table": table}])


def table_sizes(path: Path) -> set[float]:
    """The sizes in points the table's runs are set at (四号, the styles', when none is)."""
    docx = Docx(path)
    runs = list(docx.document.iterfind(".//w:tbl//w:r", NS))
    return {int(sz.get(f"{{{W}}}val")) / 2 if (sz := r.find("w:rPr/w:sz", NS)) is not None else TEXT_PT
            for r in runs}


def test_an_attachment_table_a_few_rows_too_long_is_set_smaller_to_end_on_its_page(
    renderer: Renderer, tmp_path: Path
) -> None:
    [spilling] = renderer.render(attachment_plan(12), tmp_path / "spilling", ["docx"])
    [size] = table_sizes(spilling)
    assert 10.5 <= size < TEXT_PT
    # one that fits, one no size would fit on a page, and the same rows in the body keep 四号
    for name, document in [("fits", attachment_plan(9)), ("long", attachment_plan(40)),
                           ("body", attachment_plan(12, in_body=True))]:
        [path] = renderer.render(document, tmp_path / name, ["docx"])
        assert table_sizes(path) == {TEXT_PT}, name


@pytest.mark.usefixtures("office")
def test_an_attachment_table_set_smaller_ends_on_the_page_it_starts(
    renderer: Renderer, tmp_path: Path
) -> None:
    [pdf] = renderer.render(attachment_plan(12), tmp_path, ["pdf"])
    pages = [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(pdf).pages]
    [start] = [i for i, text in enumerate(pages) if text.startswith("附件")]
    assert all(f"各责任区{n:02d}" in pages[start] for n in range(1, 13)), pages[start]
    assert pages[start + 1:] == [] or not any("各责任区" in text for text in pages[start + 1:])
    assert [f for f in check_pdf(pdf).findings if f.clause == CELL_ORPHAN] == []


# -- names in a narrow column --------------------------------------------------------------

SCHOOLS = ["上海市长宁区法华镇路第三小学", "上海市长宁区剑河路第二幼儿园", "上海市长宁区法华镇路幼儿园",
           "上海市长宁区天山幼儿园"]


def lines_of(cell: etree._Element) -> str:
    """A cell's text, its line breaks as newlines."""
    parts = cell.iter(f"{{{W}}}t", f"{{{W}}}br")
    return "".join("\n" if e.tag == f"{{{W}}}br" else e.text or "" for e in parts)


@pytest.mark.usefixtures("office")
def test_school_names_too_long_for_their_column_break_after_the_district(
    renderer: Renderer, tmp_path: Path
) -> None:
    rows = [[f"6月{n + 17}日", "三", "第三责任区", "金美华", school] for n, school in enumerate(SCHOOLS)]
    table = {"columns": ["日期", "星期", "责任区", "督学", "学校（园）"], "rows": rows}
    [docx, pdf] = renderer.render(plan(table), tmp_path, ["docx", "pdf"])
    cells = [lines_of(tr.findall("w:tc", NS)[-1]) for tr in Docx(docx).document.findall(".//w:tbl/w:tr", NS)]
    assert cells[1:3] == ["上海市长宁区\n法华镇路第三小学", "上海市长宁区\n剑河路第二幼儿园"]
    assert cells[3:] == SCHOOLS[2:]  # 13 characters fit on one line
    found = [line.split()[-1] for line in pdf_lines(pdf) if "上海市" in line or "路" in line]
    assert found[:3] == ["上海市长宁区", "法华镇路第三小学", "上海市长宁区"]
    assert "上海市长宁区法华镇路幼儿园" in found
    assert [f for f in check_pdf(pdf).findings if f.clause == CELL_ORPHAN] == []
