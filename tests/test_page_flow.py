"""Page flow of the printed 公文, read back from the PDF: punctuation that ends a full line is
printed inside the type area, the last paragraph keeps only with a 署名 and 成文日期 that
are there, and a heading over another heading is never left last on a page."""

from __future__ import annotations

from pathlib import Path

import pytest

import gongwen
from _roundtrip import docx_paragraphs, foot_gaps, pdf_paragraphs, same_text
from conftest import NS, Docx, W
from gongwen.check import check_pdf
from gongwen.check.layout import HEADING_AT_FOOT
from gongwen.check.pages import MARGINS, read_pdf
from gongwen.models import Plan
from gongwen.models.documents import Report


def keeps(path: Path) -> dict[str, bool]:
    """Each paragraph's text → whether it keeps with the next one."""
    doc = Docx(path)
    return {
        Docx.text(p): (k := p.find("w:pPr/w:keepNext", NS)) is not None
        and k.get(f"{{{W}}}val") not in ("0", "false")
        for p in doc.paragraphs() if Docx.text(p).strip()
    }


@pytest.mark.usefixtures("office")
def test_punctuation_that_ends_a_full_line_is_printed_inside_the_type_area(tmp_path: Path) -> None:
    # A first line holds 26 characters after its indent, the others 28: each paragraph puts a
    # 、 ， or 。 just after a full line, where LibreOffice would hang it into the margin of a
    # justified line — and drop some of them from the PDF.
    lines = [
        "督" * 25 + "查、" + "评估工作" * 6 + "。",
        "督" * 25 + "导，" + "检查" * 15 + "。",
        "督" * 25 + "效。" + "2014年初" + "全区" * 12 + "。",
        "督" * 20 + "家长" + "督" * 4 + "长、" + "学生" * 14 + "。",
    ]
    report = Report(title="页末标点", preamble="\n\n".join(lines))
    docx, pdf = gongwen.render(report, tmp_path, ["docx", "pdf"])
    printed = pdf_paragraphs(pdf)
    body = docx_paragraphs(docx)
    assert len(printed) == len(body) and all(same_text(a, b) for a, b in zip(body, printed, strict=True))
    edge = max(page.width for page in read_pdf(pdf)) - MARGINS[3]
    beyond = [g.text for page in read_pdf(pdf) for line in page.lines for g in line.glyphs if g.x1 > edge + 1]
    assert beyond == []


def test_the_last_paragraph_keeps_with_a_signature_only_when_there_is_one(tmp_path: Path) -> None:
    text = "各责任区按月报送督导情况。\n\n督导结果作为学校考核的重要依据。"
    [unsigned] = gongwen.render(Report(title="经验材料", preamble=text), tmp_path / "a")
    assert keeps(unsigned)["督导结果作为学校考核的重要依据。"] is False
    signed = Plan(title="计划", issuer="长宁区教育督导室", date="2026-02-20", preamble=text)
    [path] = gongwen.render(signed, tmp_path / "b")
    assert keeps(path)["督导结果作为学校考核的重要依据。"] is True


def region_plan(filled_lines: int) -> Report:
    """A page filled up to ``filled_lines`` lines, then a region's name over its heading."""
    text = "各责任区要按月制订督导计划，明确督导学校、时间和重点内容，督导结束后及时反馈。"
    return Report(title="督导经验", preamble="督" * (28 * filled_lines - 2), numbering="", sections=[
        {"title": "天津"}, {"title": "创新督导体制机制", "text": text * 6},
    ])


def test_a_heading_over_another_heading_keeps_with_it(tmp_path: Path) -> None:
    [path] = gongwen.render(region_plan(10), tmp_path)
    kept = keeps(path)
    assert kept["天津"] and kept["创新督导体制机制"]


@pytest.mark.usefixtures("office")
@pytest.mark.parametrize("filled_lines", [18, 19])
def test_a_heading_over_another_heading_is_not_left_last_on_a_page(tmp_path: Path, filled_lines: int) -> None:
    [pdf] = gongwen.render(region_plan(filled_lines), tmp_path, formats=["pdf"])
    assert [f for f in check_pdf(pdf).findings if f.clause == HEADING_AT_FOOT] == []
    assert foot_gaps(pdf)[0] <= 3
    page_of = {line.text: page.number for page in read_pdf(pdf) for line in page.lines}
    assert page_of["天津"] == page_of["创新督导体制机制"] == 2


@pytest.mark.usefixtures("office")
def test_one_blank_line_between_a_table_that_ends_the_body_and_the_signature(tmp_path: Path) -> None:
    rows = [[f"{n}月", "开展专项督导", "督导室"] for n in range(1, 6)]
    table = {"columns": ["时间", "工作", "牵头"], "rows": rows}
    plan = Plan(title="督导安排", issuer={"name": "长宁区教育督导室"}, date="2026-02-20",
                preamble="按表安排。", sections=[{"title": "工作安排", "table": table}])
    [pdf] = gongwen.render(plan, tmp_path, ["pdf"])
    page = read_pdf(pdf)[0]
    signature = next(line for line in page.lines if line.text.startswith("长宁区教育督导室"))
    gap = page.tables[-1].box.y0 - signature.y1  # from the table's last rule to the 署名's top
    pitch = 28.95  # one line of the type area; the 署名's characters sit inside their line
    assert pitch < gap < pitch + signature.size, gap
