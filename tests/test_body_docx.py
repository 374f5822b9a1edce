"""The body model read back from the files: numbering styles, items against headings,
run-in items, explicit and continued numbers, articles, subtitles, 签发人, zones and
行事历 (fixtures in tests/fixtures/body, written for these tests)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

import gongwen
from conftest import EXAMPLES, NS, Docx
from gongwen.check import check_docx
from gongwen.check.document import is_list_item
from gongwen.models import Plan
from gongwen.render.pdf.office import find_soffice, find_uno_python

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FIXTURES = Path(__file__).parent / "fixtures" / "body"


def render(name: str, target: Path, formats: tuple[str, ...] = ("docx",)) -> list[Path]:
    return gongwen.render(gongwen.load(FIXTURES / f"{name}.yaml"), target, formats=list(formats))


class Body(Docx):
    """A rendered document's paragraphs with their style, outline level and keeping."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.names = {
            s.get(f"{{{W}}}styleId"): s.find("w:name", NS).get(f"{{{W}}}val")
            for s in self.styles.findall("w:style", NS)
        }

    def style_name(self, p: etree._Element) -> str:
        sid = p.find("w:pPr/w:pStyle", NS)
        return self.names[sid.get(f"{{{W}}}val")] if sid is not None else "Normal"

    def outline_level(self, p: etree._Element) -> str | None:
        for ppr in (p.find("w:pPr", NS), self.style(self.style_name(p)).find("w:pPr", NS)):
            level = ppr.find("w:outlineLvl", NS) if ppr is not None else None
            if level is not None:
                return level.get(f"{{{W}}}val")
        return None

    @staticmethod
    def keeps(p: etree._Element) -> bool:
        keep = p.find("w:pPr/w:keepNext", NS)
        return keep is not None and keep.get(f"{{{W}}}val") not in ("0", "false")

    def rows(self) -> list[tuple[str, str, str | None, bool]]:
        """(text, style, outline level, keep with next) of each paragraph with text."""
        return [
            (self.text(p), self.style_name(p), self.outline_level(p), self.keeps(p))
            for p in self.paragraphs()
            if self.text(p).strip()
        ]

    def find(self, start: str) -> etree._Element:
        return next(p for p in self.paragraphs() if self.text(p).startswith(start))

    def texts(self, style: str) -> list[str]:
        return [text for text, name, _, _ in self.rows() if name == style]


@pytest.fixture
def body(tmp_path: Path):
    def read(name: str) -> Body:
        [path] = render(name, tmp_path)
        return Body(path)

    return read


def test_items_are_body_paragraphs_and_headings_are_headings(body) -> None:
    doc = body("continued")
    rows = {text: rest for text, *rest in doc.rows()}
    # headings: a heading style with an outline level, kept with the item under them
    assert rows["一、上半年工作"] == ["一级标题", "0", True]
    # items: in the body style, the number as text, no outline level, not kept with the next
    assert rows["1.制订年度计划。"] == ["Normal", None, False]
    assert rows["3.完成履职自评。"] == ["Normal", None, False]
    first = doc.find("1.制订")
    indent = first.find("w:pPr/w:ind", NS)
    assert indent is None  # the 正文 style's first-line indent of two characters applies
    normal = doc.style("Normal").find("w:pPr/w:ind", NS)
    assert normal.get(f"{{{W}}}firstLineChars") == "200"


def test_lists_continue_across_sections(body) -> None:
    doc = body("continued")
    assert doc.texts("Normal")[:5] == [
        "1.制订年度计划。", "2.开展春季开学督导。", "3.完成履职自评。",
        "4.开展秋季开学督导。", "5.撰写年度总结。"]


def test_numbering_styles_of_a_report(body) -> None:
    doc = body("report")
    items = doc.texts("Normal")
    for expected in ("一是建立月度碰头制度", "二是建立问题台账制度", "①开学检查", "②课后服务", "③食堂管理",
                     "1、听课评课。每名督学", "2、反馈改进。听课后"):
        assert any(text.startswith(expected) for text in items), expected
    # unnumbered headings take the level of their depth
    assert doc.texts("二级标题") == ["督导贵在坚持", "督导重在服务"]
    assert doc.texts("一级标题") == ["一、健全机制", "二、突出重点", "三、加强指导", "四、几点体会"]


def test_run_in_item_lead_is_in_the_run_in_style_of_its_level(body) -> None:
    doc = body("report")
    item = doc.find("1、听课评课")
    runs = item.findall("w:r", NS)
    lead_style = runs[0].find("w:rPr/w:rStyle", NS).get(f"{{{W}}}val")
    assert doc.names[lead_style] == "三级标题字符"
    assert Docx.text(runs[0]) == "1、听课评课。"
    assert runs[1].find("w:rPr/w:rStyle", NS) is None
    assert doc.style_name(item) == "Normal" and doc.outline_level(item) is None


def test_explicit_numbers_start_late_and_skip(body) -> None:
    doc = body("notice")
    assert doc.texts("一级标题") == ["二、督导内容", "三、工作要求"]
    assert [t for t in doc.texts("Normal") if t.startswith("（")] == [
        "（一）开学准备情况。", "（二）校舍安全情况。", "（三）食堂卫生情况。", "（五）教材教辅征订情况。"]


def test_signer_stands_right_of_the_number(body) -> None:
    doc = body("notice")
    line = doc.find("长教督〔2026〕9号")
    assert Docx.text(line) == "长教督〔2026〕9号签发人：周建华"
    assert line.find("w:r/w:tab", NS) is not None
    name = line.findall("w:r", NS)[-1]
    assert Docx.text(name) == "周建华"
    assert name.find("w:rPr/w:rFonts", NS).get(f"{{{W}}}eastAsia") == "楷体_GB2312"
    assert line.find("w:pPr/w:pBdr/w:bottom", NS).get(f"{{{W}}}color") == "FF0000"


def test_articles_number_across_chapters_and_chapters_are_centred(body) -> None:
    doc = body("regulation")
    assert doc.texts("一级标题") == ["第一章　总则", "第二章　督导事项", "第三章　附则"]
    chapter = doc.find("第二章")
    assert chapter.find("w:pPr/w:jc", NS).get(f"{{{W}}}val") == "center"
    articles = [t for t in doc.texts("Normal") if t.startswith("第")]
    assert [a[:4] for a in articles] == [f"第{n}条　" for n in "一二三四五六"]
    assert [t for t in doc.texts("Normal") if t.startswith("（")] == [
        "（一）学校章程和制度执行情况；", "（二）课程开设和作业管理情况；", "（三）校园及周边安全情况。"]


def test_no_signature_or_date_without_issuer_and_date(body) -> None:
    doc = body("regulation")
    assert doc.texts("署名") == [] and doc.texts("成文日期") == []
    assert doc.rows()[-1][0] == "第六条　本规程自印发之日起施行。"


def test_subtitles_are_centred_under_the_title(body) -> None:
    doc = body("report")
    assert doc.texts("副标题") == ["——在全区督学工作交流会上的发言", "第三责任区"]
    title = doc.elements_in("Title")[0]
    assert title.find("w:pPr/w:spacing", NS).get(f"{{{W}}}after") == "0"
    subtitle = doc.style("副标题")
    assert subtitle.find("w:rPr/w:rFonts", NS).get(f"{{{W}}}eastAsia") == "楷体_GB2312"
    assert subtitle.find("w:pPr/w:jc", NS).get(f"{{{W}}}val") == "center"
    assert body("regulation").texts("副标题") == ["（试行）"]


def test_work_scheme_term_becomes_a_subtitle_unless_the_title_has_it(body, tmp_path: Path) -> None:
    assert body("scheme").texts("副标题") == ["2026—2027学年度（上学期）"]
    example = gongwen.load(EXAMPLES / "work-scheme.yaml")  # its title names the term
    [path] = gongwen.render(example, tmp_path / "example")
    assert Body(path).texts("副标题") == []


def test_zones_as_paragraphs_and_table_without_total_and_local_numbering(body) -> None:
    doc = body("scheme")
    texts = doc.texts("Normal")
    start = texts.index("第一责任区")
    assert texts[start:start + 4] == [
        "第一责任区", "组长：周建华", "责任督学：陈静、吴国平", "学校（园）：江苏路幼儿园、华阳路小学"]
    # matters under a 一、 heading are （一）…；, the workflow under a （一） heading 1.…。
    assert [t for t in texts if t.startswith("（")] == [
        "（一）校务管理；", "（二）课堂教学；", "（三）校园安全。"]
    assert [t for t in texts if re.match(r"\d\.", t)] == ["1.听取汇报。", "2.随机听课。", "3.集中反馈。"]
    table = doc.document.find(".//w:tbl", NS)
    cells = [Docx.text(row.find("w:tc", NS)) for row in table.findall("w:tr", NS)]
    assert cells == ["责任区", "第一责任区", "第二责任区"]  # no 合计 row


def test_personal_calendar_numbering_punctuation_and_month_closing(body) -> None:
    doc = body("calendar")
    rows = [text for text, *_ in doc.rows()]
    september = rows[rows.index("九月") + 1: rows.index("十月")]
    assert september == [
        "1、参加月度碰头会。", "2、开展“校务管理”主题督导。", "3、整理本月督导记录。", "4、报送月度小结。"]
    october = rows[rows.index("十月") + 1: rows.index("十一月")]
    assert october[-1] == "3、完成上级交办的其他工作。"
    assert doc.texts("署名") == [] and doc.texts("成文日期") == []
    assert doc.outline_level(doc.find("2、开展")) is None


def test_headings_keep_with_what_follows_never_in_chains(tmp_path: Path) -> None:
    deep = [{"title": f"任务{n}", "sections": [{"title": "分项", "sections": [
        {"title": "要点", "sections": [{"title": "细则", "text": "正文。"}]}]}]} for n in range(3)]
    plan = Plan(title="计划", issuer="长宁区教育督导室", date="2026-02-20", sections=deep)
    [path] = gongwen.render(plan, tmp_path)
    rows = Body(path).rows()
    headings = [(text, keep) for text, style, level, keep in rows if level is not None and style != "Title"]
    # 一、（一）1.（1）正文: the last heading keeps with its text, the one above with it, no more
    assert [keep for _, keep in headings[:4]] == [False, False, True, True]
    # never more than a heading's pair held over the text
    chain = 0
    for _, _, level, keep in rows[:-3]:
        chain = chain + 1 if keep and level is not None else 0
        assert chain <= 2


def test_markdown_and_html_show_items_with_their_numbers_and_subtitles(tmp_path: Path) -> None:
    md, html = render("regulation", tmp_path, ("md", "html"))
    text = md.read_text(encoding="utf-8")
    assert "（试行）\n{: .subtitle }" in text
    assert "第一条　为规范责任督学挂牌督导工作" in text
    page = html.read_text(encoding="utf-8")
    assert '<p class="subtitle">（试行）</p>' in page
    assert re.search(r'<h2 class="chapter"[^>]*>第一章　总则</h2>', page)
    assert '<p class="item level3">第三条　责任督学对挂牌学校开展下列事项的经常性督导：</p>' in page
    assert '<p class="item level2">（一）学校章程和制度执行情况；</p>' in page
    [md] = render("report", tmp_path, ("md",))
    assert "**1、听课评课。**每名督学每学期随堂听课不少于十节。\n{: .item .level3 }" in md.read_text(
        encoding="utf-8")



@pytest.mark.parametrize("name", ["regulation", "report", "notice", "continued", "scheme", "calendar"])
def test_body_documents_pass_the_format_check(tmp_path: Path, name: str) -> None:
    # items such as “（一）学校章程和制度执行情况；” are list items set like the body, not
    # 楷体 headings, and the lines under the title are subtitles
    [path] = render(name, tmp_path)
    report = check_docx(path)
    assert report.findings == [], [str(f) for f in report.findings]


def test_the_check_tells_list_items_from_headings() -> None:
    assert is_list_item("（一）督促检查重大决策的落实情况；")
    assert is_list_item("（三）其他需要督查的事项。")
    assert not is_list_item("（一）督导内容")
    assert not is_list_item("（一）加强领导。各校要高度重视。")

# -- pages: heading chains no longer leave half-empty pages -------------------------------------

MM = 72 / 25.4
TYPE_BOTTOM = (297 - 35) * MM  # the foot of the type area, in points from the top of the page
LINE = 225 * MM / 22


@pytest.fixture(scope="module")
def office() -> None:
    """LibreOffice and pdftotext: skipped when missing, except under CI where they must be there."""
    try:
        find_uno_python(find_soffice())
        if not shutil.which("pdftotext"):
            raise RuntimeError("pdftotext (poppler-utils) is missing")
    except Exception as exc:
        if os.environ.get("CI"):
            pytest.fail(f"LibreOffice and poppler are required in CI: {exc}")
        pytest.skip(str(exc))


def foot_gaps(pdf: Path) -> list[float]:
    """Empty lines between the last line of text and the foot of the type area, per page."""
    html = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    gaps = []
    for page in re.findall(r"<page.*?</page>", html, re.S):
        bottoms = [float(y) for y in re.findall(r'<line xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" '
                                                r'yMax="([\d.]+)"', page)]
        text = [y for y in bottoms if y <= TYPE_BOTTOM + 4]  # not the page number below
        gaps.append((TYPE_BOTTOM - max(text)) / LINE if text else 22.0)
    return gaps


def chained_plan(filled_lines: int) -> Plan:
    """A page filled up to ``filled_lines`` lines, then four headings in a row over a paragraph."""
    text = "各责任区要按月制订督导计划，明确督导学校、时间和重点内容，督导结束后及时反馈。"
    chain = {"title": "主要任务", "sections": [{"title": "挂牌督导", "sections": [
        {"title": "月度视导", "sections": [{"title": "视导记录", "text": text * 6}]}]}]}
    return Plan(title="督导重点任务", issuer="长宁区教育督导室", date="2026-02-20",
                preamble="督" * (28 * filled_lines - 2),
                sections=[chain, {"title": "工作要求", "text": text * 12}])


@pytest.mark.usefixtures("office")
@pytest.mark.parametrize("filled_lines", [15, 16])
def test_a_run_of_headings_does_not_leave_the_page_half_empty(tmp_path: Path, filled_lines: int) -> None:
    # Kept as a chain, the four headings and two lines of text would all go to page 2
    # (five and four empty lines at the foot of page 1); only the last two headings keep
    # with the text (1.+（1）+ its text), so those go over and the page stays full.
    [pdf] = gongwen.render(chained_plan(filled_lines), tmp_path, formats=["pdf"])
    gaps = foot_gaps(pdf)
    assert gaps[0] <= 3.05, f"page 1 ends {gaps[0]:.1f} lines early"
    first, second = page_texts(pdf)[:2]
    assert first.split()[-3:-1] == ["一、主要任务", "（一）挂牌督导"]
    assert second.startswith("1.月度视导")


def page_texts(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    return [page.strip() for page in out.split("\f")]


def test_personal_calendar_workbook_uses_its_numbering_and_has_no_signature(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    [xlsx] = render("calendar", tmp_path, ("xlsx",))
    sheet = load_workbook(xlsx).active
    september = next(row for row in range(3, 15) if sheet.cell(row, 1).value == "九月")
    assert sheet.cell(september, 2).value.split("\n") == [
        "1、参加月度碰头会", "2、开展“校务管理”主题督导", "3、整理本月督导记录", "4、报送月度小结"]
    assert sheet.max_row == 14  # header rows and twelve months, no signature row
