"""The layout check of a PDF's printed pages: each fault provoked in a real document, converted
by LibreOffice through gongwen's pool, found on the right page; clean documents pass.

These tests need LibreOffice (``soffice`` with ``python3-uno``) and the free CJK fonts.
Outside CI they are skipped when LibreOffice is missing; under CI (``CI=true``) a missing
LibreOffice makes them fail instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from pypdf import PdfReader

import gongwen
from gongwen.check import ERROR, PDF_KIND, WARNING, Finding, UnreadablePdf, check_pdf
from gongwen.check.layout import ALLOWED_KEYS as ALLOWED
from gongwen.check.layout import (
    EMPTY_LINES,
    FONT,
    HEADING_AT_FOOT,
    HEI_KEYS,
    KAI_KEYS,
    PAGE_NUMBER,
    SIGNATURE_ALONE,
    font_in,
)
from gongwen.check.layout import fonts as check_fonts
from gongwen.check.pages import A4, Page, font_name
from gongwen.check.sheets import sheets
from gongwen.check.tables import CELL_ORPHAN, ROW_SPLIT
from gongwen.cli import main
from gongwen.errors import ConversionError
from gongwen.models import Plan
from gongwen.render.pdf import PdfConverter
from gongwen.render.pdf.fonts import FONTCONFIG_FILE
from gongwen.standard import ACCEPTED_FONTS

TEXT = (
    "各学校要认真落实责任督学挂牌督导制度，每所挂牌学校每月至少接受督导一天，"
    "督导中发现的问题要建立台账、限期整改，整改情况按时报送区教育督导室。"
)
LONG_ROW = "、".join(f"长宁区第{n}实验学校" for n in range(1, 31))


# -- documents typed in Word (python-docx): exact 28.95 pt lines, 22 to a page -------------
class Word:
    """A 公文 typed in Word: A4, GB/T 9704 margins, 3号 body on exact 28.95 pt lines, no
    space between paragraphs, and — unless told otherwise — odd/even footers `— N —`."""

    def __init__(
        self,
        *,
        numbers: bool = True,
        landscape: bool = False,
        dashes: tuple[str, str] = ("— ", " —"),
        sides: tuple[str, str] = ("right", "left"),
        inset: float = 14,
    ) -> None:
        self.doc = docx.Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        normal = self.doc.styles["Normal"]
        normal.font.size, normal.font.name = Pt(16), "Times New Roman"
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
        layout = normal.paragraph_format
        layout.first_line_indent, layout.line_spacing = Pt(32), Pt(28.95)
        layout.space_before = layout.space_after = Pt(0)
        if numbers:
            self.doc.settings.odd_and_even_pages_header_footer = True
            for footer, side in ((section.footer, sides[0]), (section.even_page_footer, sides[1])):
                number = footer.paragraphs[0]
                number.alignment = getattr(WD_ALIGN_PARAGRAPH, side.upper())
                number.paragraph_format.first_line_indent = 0
                if side != "center":
                    setattr(number.paragraph_format, f"{side}_indent", Pt(inset))
                number.add_run(dashes[0]).font.size = Pt(14)
                number._p.append(parse_xml(
                    f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:rPr><w:sz w:val="28"/></w:rPr>'
                    "<w:t>1</w:t></w:r></w:fldSimple>"))
                number.add_run(dashes[1]).font.size = Pt(14)

    def para(
        self,
        text: str,
        *,
        font: str = "仿宋_GB2312",
        latin: str | None = None,
        indent: bool = True,
        keep_next: bool = False,
        widow_control: bool | None = None,
        break_before: bool = False,
        align: str | None = None,
    ):
        paragraph = self.doc.add_paragraph()
        layout = paragraph.paragraph_format
        if not indent:
            layout.first_line_indent = 0
        if keep_next:
            layout.keep_with_next = layout.keep_together = True
        if widow_control is not None:
            layout.widow_control = widow_control
        if break_before:
            layout.page_break_before = True
        if align:
            paragraph.alignment = getattr(WD_ALIGN_PARAGRAPH, align.upper())
        run = paragraph.add_run(text)
        run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
        if latin:
            run.font.name = latin
        return paragraph

    def lines(self, count: int, first: int = 1) -> None:
        """One-line body paragraphs."""
        for n in range(first, first + count):
            self.para(f"这是第{n}行正文，只占一行。")

    def heading(self, text: str, font: str = "黑体") -> None:
        self.para(text, font=font)

    def signature(self, *, break_before: bool = False) -> None:
        """A blank line, then the 署名 and 成文日期 flush right, kept together."""
        self.para("", indent=False, keep_next=True)
        name = self.para("长宁区教育督导室", indent=False, align="right", keep_next=True,
                         break_before=break_before)
        name.paragraph_format.right_indent = Pt(64)
        date = self.para("2026年2月20日", indent=False, align="right")
        date.paragraph_format.right_indent = Pt(32)

    def table(self, rows: list[list[str]], widths_mm: list[float], *, cant_split: bool = False) -> None:
        """A ruled table in 4号 仿宋 on 20 pt lines."""
        table = self.doc.add_table(rows=len(rows), cols=len(widths_mm))
        table.style = self.doc.styles["Table Grid"]
        table.autofit = False
        for column, width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(width)
        for row, cells in zip(table.rows, rows, strict=True):
            if cant_split:
                row._tr.get_or_add_trPr().append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
            for cell, width, text in zip(row.cells, widths_mm, cells, strict=True):
                cell.width = Mm(width)
                paragraph = cell.paragraphs[0]
                paragraph.paragraph_format.first_line_indent = 0
                paragraph.paragraph_format.line_spacing = Pt(20)
                run = paragraph.add_run(text)
                run.font.size = Pt(14)
                run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")

    def restart_numbering(self) -> None:
        """A new section on a new page whose page numbers start again at 1."""
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        section._sectPr.append(parse_xml(f'<w:pgNumType {nsdecls("w")} w:start="1"/>'))

    def save(self, path: Path) -> Path:
        self.doc.save(path)
        return path


def _heading_last() -> Word:
    word = Word()
    word.lines(21)
    word.heading("二、督导内容")  # line 22 of page 1, its text on page 2
    word.lines(5, 22)
    word.signature()
    return word


def _item_first_line_last() -> Word:
    word = Word()
    word.lines(21)
    word.para("1.各学校要认真落实责任督学挂牌督导制度，每所挂牌学校每月至少接受督导一天，"
              "督导结果纳入学校年度考核。", widow_control=False)
    word.lines(3, 30)
    word.signature()
    return word


def _empty_lines() -> Word:
    word = Word()
    word.lines(10)
    word.para("二、督导内容", font="黑体", break_before=True)
    word.lines(3, 30)
    word.signature()
    return word


def _before_attachment() -> Word:
    word = Word()
    word.lines(10)
    word.signature()
    word.para("附件1", font="黑体", indent=False, break_before=True)
    word.lines(5, 20)
    return word


def _last_paragraph_with_signature() -> Word:
    """17 lines and a 3-line last paragraph fill 20 lines; with the signature's 3 lines they do
    not fit, so the paragraph goes to page 2 with the signature, leaving 5 lines empty."""
    word = Word()
    word.lines(17)
    word.para(TEXT + "对逾期未整改的问题，将依次下发督办通知单。", keep_next=True)
    word.signature()
    return word


def _signature_alone() -> Word:
    word = Word()
    word.lines(30)
    word.signature(break_before=True)
    return word


def _table(*, cant_split: bool, filler: int = 15, row: str = LONG_ROW) -> Word:
    word = Word()
    word.lines(filler)
    rows = [["序号", "学校（园）", "责任区"], *[[str(n), "短内容", "第一责任区"] for n in (1, 2)],
            ["3", row, "第二责任区"], ["4", "结尾行", "第三责任区"]]
    word.table(rows, [20, 100, 36], cant_split=cant_split)
    word.lines(3, 40)
    word.signature()
    return word


def _cell_orphans() -> Word:
    word = Word()
    word.lines(3)
    word.table([["第一责任区", "督导室"], ["第二责任区", "各学校"]], [15, 141])
    word.lines(3, 10)
    word.signature()
    return word


def _half_days() -> Word:
    """A date's half-day broken onto a line of its own (44 mm) and broken itself (46 mm)."""
    word = Word()
    word.lines(3)
    word.table([["2024年2月26日上午", "督导室"]], [44, 112])
    word.lines(1, 4)
    word.table([["2024年2月26日下午", "督导室"]], [46, 110])
    word.lines(3, 10)
    word.signature()
    return word


def _clean_word() -> Word:
    word = Word()
    word.heading("一、督导内容")
    word.lines(50)
    word.heading("（一）校园及周边安全", font="楷体_GB2312")
    word.table([["序号", "学校（园）", "责任区"], ["1", "长宁区实验小学", "第一责任区"]], [20, 100, 36],
               cant_split=True)
    word.lines(5, 51)
    word.signature()
    return word


def _numbers(**options: object) -> Callable[[], Word]:
    def build() -> Word:
        word = Word(**options)  # type: ignore[arg-type]
        word.lines(30)
        word.signature()
        return word

    return build


def _restarted() -> Word:
    word = Word()
    word.lines(30)
    word.restart_numbering()
    word.lines(10, 31)
    word.signature()
    return word


def _form(rows: int) -> Callable[[], Word]:
    """A landscape form without page numbers: a title and a table of ``rows`` rows."""

    def build() -> Word:
        word = Word(numbers=False, landscape=True)
        word.para("督导工作记录单", font="黑体", indent=False, align="center")
        word.table([["督导日期", "学校（园）", "督导事项", "发现问题"]]
                   + [[f"3月{n}日", "长宁区实验小学", "校园及周边安全", "无"] for n in range(1, rows)],
                   [40, 80, 80, 41], cant_split=True)
        return word

    return build


def _fonts() -> Word:
    word = Word()
    word.para("督导校次 2026", latin="Liberation Sans")
    word.lines(3)
    word.signature()
    return word


WORD_DOCUMENTS: dict[str, Callable[[], Word]] = {
    "heading": _heading_last,
    "item": _item_first_line_last,
    "empty": _empty_lines,
    "attachment": _before_attachment,
    "kept": _last_paragraph_with_signature,
    "signature": _signature_alone,
    "split": lambda: _table(cant_split=False),
    "kept-row": lambda: _table(cant_split=True),
    "tall-row": lambda: _table(cant_split=False, filler=3, row=LONG_ROW * 4),
    "orphans": _cell_orphans,
    "half-days": _half_days,
    "clean-word": _clean_word,
    "hyphens": _numbers(dashes=("- ", " -")),
    "sides": _numbers(sides=("left", "right")),
    "centred": _numbers(sides=("center", "center")),
    "inset": _numbers(inset=0),
    "missing": _numbers(numbers=False),
    "restart": _restarted,
    "form-1": _form(8),
    "form-2": _form(30),
    "fonts": _fonts,
}


def clean_plan() -> Plan:
    """A 公文 rendered by gongwen: red header, headings, body, attachment and 版记."""
    return Plan(
        title="关于开展2026年春季学期责任督学挂牌督导工作的通知",
        issuer={"name": "长宁区教育督导室", "header": "长宁区教育督导室文件"},
        number="长教督〔2026〕5号",
        recipients=["各中小学校、幼儿园"],
        date="2026年2月20日",
        preamble=TEXT,
        sections=[{"title": title, "text": "\n\n".join([TEXT] * 3)}
                  for title in ("督导内容", "督导方式", "工作要求", "有关事项")],
        attachments=[{"title": "挂牌督导学校名单", "table": {
            "columns": ["序号", "学校", "责任区"],
            "rows": [[str(n), f"长宁区第{n}小学", "第一责任区"] for n in range(1, 8)],
            "widths": [1, 4, 3],
        }}],
        cc=["区教育局"],
        printer="长宁区教育督导室",
    )


@pytest.fixture(scope="module")
def documents(office: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """Every test document as .docx and converted to PDF in one batch: name → PDF."""
    tmp = tmp_path_factory.mktemp("layout")
    sources = {name: build().save(tmp / f"{name}.docx") for name, build in WORD_DOCUMENTS.items()}
    sources["clean-plan"] = gongwen.render(clean_plan(), tmp / "plan", formats=["docx"])[0]
    with PdfConverter(workers=2) as pool:
        results = pool.convert_many((source, tmp / f"{name}.pdf") for name, source in sources.items())
    assert not [r for r in results if isinstance(r, ConversionError)], results
    yield {name: tmp / f"{name}.pdf" for name in sources} | {f"{n}.docx": p for n, p in sources.items()}


def findings(pdf: Path, clause: str | None = None) -> list[Finding]:
    return [f for f in check_pdf(pdf).findings if clause is None or f.clause == clause]


def page_text(pdf: Path, number: int) -> str:
    return re.sub(r"\s+", "", PdfReader(pdf).pages[number - 1].extract_text())


# -- clean documents ------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["clean-plan", "clean-word"])
def test_a_clean_document_has_no_finding(documents: dict[str, Path], name: str) -> None:
    report = check_pdf(documents[name])
    assert report.kind == PDF_KIND
    assert report.findings == [], [str(f) for f in report.findings]
    assert len(PdfReader(documents[name]).pages) >= 3


# -- 1. empty lines at a page's foot --------------------------------------------------------
def test_empty_lines_at_the_foot_of_a_page(documents: dict[str, Path]) -> None:
    found = findings(documents["empty"], EMPTY_LINES)
    assert [(f.page, f.severity, f.where) for f in found] == [(1, ERROR, "第1页")]
    assert "页末空了 12 行" in found[0].message and "这是第10行正文" in found[0].message


def test_no_empty_lines_finding_before_an_attachment_or_a_kept_last_paragraph(
    documents: dict[str, Path],
) -> None:
    attachment = documents["attachment"]
    assert page_text(attachment, 2).startswith("附件1")
    assert findings(attachment) == []
    kept = documents["kept"]
    assert page_text(kept, 2).startswith("各学校要认真落实") and "这是第17行" in page_text(kept, 1)
    assert findings(kept) == []


# -- 2. heading or item number last on a page -----------------------------------------------
def test_a_heading_last_on_a_page(documents: dict[str, Path]) -> None:
    found = findings(documents["heading"], HEADING_AT_FOOT)
    assert [(f.page, f.severity) for f in found] == [(1, ERROR)]
    assert "二、督导内容" in found[0].message


def test_an_item_number_and_first_line_last_on_a_page(documents: dict[str, Path]) -> None:
    found = findings(documents["item"], HEADING_AT_FOOT)
    assert [f.page for f in found] == [1]
    assert "1.各学校" in found[0].message and "第2页" in found[0].message


# -- 3. table rows split across pages ------------------------------------------------------
def test_a_table_row_split_across_pages(documents: dict[str, Path]) -> None:
    pdf = documents["split"]
    assert "第1实验学校" in page_text(pdf, 1) and "第30实验学校" in page_text(pdf, 2)
    found = findings(pdf, ROW_SPLIT)
    assert [(f.page, f.severity) for f in found] == [(1, ERROR)]
    assert "“3”" in found[0].message and "第2页" in found[0].message


def test_a_row_kept_whole_or_taller_than_a_page_is_no_finding(documents: dict[str, Path]) -> None:
    kept = documents["kept-row"]
    assert "第1实验学校" not in page_text(kept, 1) and "第30实验学校" in page_text(kept, 2)
    assert findings(kept, ROW_SPLIT) == []
    tall = documents["tall-row"]
    assert len(PdfReader(tall).pages) >= 3
    assert findings(tall, ROW_SPLIT) == []


# -- 4. one or two characters alone in a table cell -----------------------------------------
def test_one_or_two_characters_alone_on_a_cell_line(documents: dict[str, Path]) -> None:
    found = findings(documents["orphans"], CELL_ORPHAN)
    assert [(f.page, f.severity) for f in found] == [(1, WARNING), (1, WARNING)]
    assert {re.search(r"“(第.责任区)”", f.message)[1] for f in found} == {"第一责任区", "第二责任区"}
    assert all("末行只剩“区”" in f.message for f in found)


def test_a_half_day_under_its_date_is_a_break_not_a_broken_word(documents: dict[str, Path]) -> None:
    found = findings(documents["half-days"], CELL_ORPHAN)
    assert len(found) == 1 and "末行只剩“午”" in found[0].message and "2024年2月26日下午" in found[0].message


# -- 5. page numbers ------------------------------------------------------------------------
def test_page_numbers_need_em_dashes(documents: dict[str, Path]) -> None:
    found = findings(documents["hyphens"], PAGE_NUMBER)
    assert [f.page for f in found] == [1, 2]
    assert [f.message for f in found] == [
        "页码“-1-”应写作“— 1 —”：数字两边各一条一字线", "页码“-2-”应写作“— 2 —”：数字两边各一条一字线"]


def test_odd_page_numbers_right_even_left(documents: dict[str, Path]) -> None:
    found = findings(documents["sides"], PAGE_NUMBER)
    assert [(f.page, f.message) for f in found] == [
        (1, "单页码应在右侧，本页页码在左侧"),
        (2, "双页码应在左侧，本页页码在右侧"),
    ]
    assert [f.message for f in findings(documents["centred"], PAGE_NUMBER)] == [
        "单页码应在右侧，本页页码居中",
        "双页码应在左侧，本页页码居中",
    ]


def test_page_numbers_one_character_in(documents: dict[str, Path]) -> None:
    found = findings(documents["inset"], PAGE_NUMBER)
    assert [f.page for f in found] == [1, 2]
    assert "距版心右边缘一字" in found[0].message and "距版心左边缘一字" in found[1].message


def test_missing_and_restarted_page_numbers(documents: dict[str, Path]) -> None:
    missing = findings(documents["missing"], PAGE_NUMBER)
    assert [(f.page, f.severity) for f in missing] == [(1, ERROR), (2, ERROR)]
    assert "没有页码" in missing[0].message
    restarted = findings(documents["restart"], PAGE_NUMBER)
    assert [f.page for f in restarted] == [3]
    assert "页码是 1，本页是第 3 页" in restarted[0].message


def test_a_one_page_form_needs_no_page_number_a_longer_form_does(documents: dict[str, Path]) -> None:
    assert len(PdfReader(documents["form-1"]).pages) == 1
    assert findings(documents["form-1"], PAGE_NUMBER) == []
    longer = findings(documents["form-2"], PAGE_NUMBER)
    assert [f.page for f in longer] == [1, 2]


# -- 6. signature alone ---------------------------------------------------------------------
def test_the_signature_and_date_alone_on_a_page(documents: dict[str, Path]) -> None:
    found = findings(documents["signature"], SIGNATURE_ALONE)
    assert [(f.page, f.severity) for f in found] == [(3, ERROR)]
    assert "长宁区教育督导室" in found[0].message and "2026年2月20日" in found[0].message


# -- 7. fonts -------------------------------------------------------------------------------
def test_fonts_other_than_the_official_ones_and_their_stand_ins(documents: dict[str, Path]) -> None:
    found = findings(documents["fonts"], FONT)
    assert [(f.page, f.severity) for f in found] == [(1, WARNING)]  # Latin only: a warning
    assert found[0].message.startswith("字体“LiberationSans”（用于“2026”）")


def test_chinese_text_in_another_font_is_an_error() -> None:
    # LibreOffice here has no such font to print with: the page is given as pdfminer reads it
    page = Page(1, *A4, fonts={"NotoSerifCJKjp-Regular-VKana": "督导", "MingLiU": "督导校次"})
    [error] = list(check_fonts(sheets([page])))
    assert (error.severity, error.page) == (ERROR, 1) and "“MingLiU”（用于“督导校次”）" in error.message


def test_pdf_font_names_are_matched_to_the_accepted_families() -> None:
    assert font_name("ABCDEF+NotoSerifCJKjp-Regular-VKana") == "NotoSerifCJKjp-Regular-VKana"
    assert font_name("ºÚÌå") == "黑体"  # a GBK name as Word writes it
    for name in ("NotoSerifCJKjp-Bold-VKana", "NotoSansCJKsc-Regular", "LXGWWenKai-Regular",
                 "LiberationSerif-Bold", "TimesNewRomanPSMT", "FangSong_GB2312", "SimHei", "KaiTi",
                 "FZXBSJW--GB1-0", "黑体"):
        assert font_in(name, ALLOWED), name
    for name in ("DejaVuSans", "LiberationSans", "NotoSansMonoCJKsc-Regular", "ArialMT", "SimKai"):
        assert not font_in(name, ALLOWED), name
    assert font_in("NotoSansCJKjp-Regular-VKana", HEI_KEYS) and font_in("SimHei", HEI_KEYS)
    assert font_in("LXGWWenKai-Regular", KAI_KEYS) and font_in("KaiTi_GB2312", KAI_KEYS)
    assert not font_in("NotoSerifCJKjp-Regular-VKana", HEI_KEYS | KAI_KEYS)


def test_every_stand_in_of_the_fontconfig_file_is_accepted() -> None:
    conf = FONTCONFIG_FILE.read_text(encoding="utf-8")
    accepted = set(ACCEPTED_FONTS) | {name for names in ACCEPTED_FONTS.values() for name in names}
    for alias in re.findall(r"<alias binding=\"same\">(.*?)</alias>", conf, re.S):
        families = re.findall(r"<family>(.*?)</family>", alias)
        assert set(families) <= accepted, set(families) - accepted


# -- reports, JSON and the command line -----------------------------------------------------
def test_findings_carry_their_page_in_the_report_data(documents: dict[str, Path]) -> None:
    data = check_pdf(documents["signature"]).to_dict()
    assert data["kind"] == PDF_KIND and data["ok"] is False
    assert {(f["clause"], f["page"], f["where"]) for f in data["findings"]} >= {(SIGNATURE_ALONE, 3, "第3页")}


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_cli_checks_a_pdf(documents: dict[str, Path]) -> None:
    bad = run("check", str(documents["signature"]))
    assert bad.exit_code == 1
    assert f"{documents['signature']}：按{PDF_KIND}检查，不符合" in bad.output
    assert "署名和成文日期单独成页" in bad.output and "（第3页）" in bad.output
    clean = run("check", str(documents["clean-plan"]), str(documents["orphans"]))
    assert clean.exit_code == 0, clean.output  # cell orphans are warnings
    result = run("check", "--json", str(documents["heading"]))
    assert result.exit_code == 1
    [entry] = json.loads(result.output)["files"]
    assert entry["file"] == str(documents["heading"]) and entry["kind"] == PDF_KIND
    assert [(f["clause"], f["page"]) for f in entry["findings"]] == [(HEADING_AT_FOOT, 1)]


def test_cli_checks_the_pdf_of_a_docx(documents: dict[str, Path], tmp_path: Path) -> None:
    plan = documents["clean-plan.docx"]
    result = run("check", "--pdf", "--json", str(plan))
    assert result.exit_code == 0, result.output
    entries = json.loads(result.output)["files"]
    assert [(e["file"], e["kind"], e["ok"]) for e in entries] == [
        (str(plan), "公文", True), (str(plan), PDF_KIND, True)]
    signature = documents["signature.docx"]
    result = run("check", "--pdf", str(signature))
    assert result.exit_code == 1
    assert f"{signature}：按{PDF_KIND}检查" in result.output and "（第3页）" in result.output


def test_an_unreadable_pdf_is_exit_status_2(tmp_path: Path) -> None:
    damaged = tmp_path / "坏.pdf"
    damaged.write_bytes(b"%PDF-1.4\nnot really a pdf")
    with pytest.raises(UnreadablePdf):
        check_pdf(damaged)
    result = run("check", str(damaged), str(tmp_path / "没有.pdf"))
    assert result.exit_code == 2
    assert "坏.pdf" in result.output and "找不到文件" in result.output
    shown = json.loads(run("check", "--json", str(damaged), str(tmp_path / "没有.pdf")).output)
    [first, second] = shown["files"]
    assert first["file"] == str(damaged) and "error" in first and "error" in second
