"""gongwen check: every built-in template's output conforms; hand-made bad documents fail
with the right finding and clause; a document made in Word (python-docx) is read as Word would."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from lxml import etree

import gongwen
import gongwen.reports as reports
from gongwen import load
from gongwen.check import ERROR, WARNING, Report, UnreadableDocx, check_docx
from gongwen.check.findings import Finding
from gongwen.check.styles import StyleSheet
from gongwen.cli import main
from gongwen.errors import GongwenError
from gongwen.registry import Registry

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every example with a .docx template, and the records-based documents, rendered."""
    out = tmp_path_factory.mktemp("rendered")
    registry = Registry.default()
    paths: list[Path] = []
    for source in sorted(EXAMPLES.glob("*.yaml")) + sorted((EXAMPLES / "forms").glob("*.yaml")):
        if source.name == "records.yaml":
            continue
        document = load(source)
        try:
            registry.resolve(registry.default_for(document.kind), "docx")
        except GongwenError:  # 行事历 and schedules are worksheets, not 公文
            continue
        paths += gongwen.render(document, out)
    records = EXAMPLES / "records.yaml"
    for produce in (reports.render_visit_reports, reports.render_notices, reports.render_summary):
        paths += [p for p in produce(records, out, today=TODAY).outputs if p.suffix == ".docx"]
    return paths


@pytest.fixture(scope="module")
def plan_docx(outputs: list[Path]) -> Path:
    """The annual plan: red header, number, headings, attachments, signature, date and 版记."""
    return next(p for p in outputs if "工作计划" in p.name)


def test_every_built_in_template_output_passes(outputs: list[Path]) -> None:
    assert len(outputs) > 20
    for path in outputs:
        report = check_docx(path)
        assert report.errors == [], (path.name, [str(f) for f in report.errors])


def test_forms_are_checked_as_forms_and_documents_as_documents(outputs: list[Path]) -> None:
    kinds = {path.name: check_docx(path).kind for path in outputs}
    assert kinds["督导工作记录单.docx"] == "表格"
    assert sum(kind == "表格" for kind in kinds.values()) == len(list((EXAMPLES / "forms").glob("*.yaml")))
    documents = [kind for name, kind in kinds.items() if name.endswith(("视导报告.docx", "工作计划.docx"))]
    assert documents and set(documents) == {"公文"}


# -- hand-made bad documents ----------------------------------------------------------
Edit = Callable[[str], str]


def replace(old: str, new: str) -> Edit:
    """Replace the first occurrence of ``old``, which must be there."""
    def edit(xml: str) -> str:
        assert old in xml, old
        return xml.replace(old, new, 1)

    return edit


def in_style(style_id: str, old: str, new: str) -> Edit:
    """Replace text inside one style's definition only."""
    def edit(xml: str) -> str:
        pattern = re.compile(f'<w:style [^>]*w:styleId="{style_id}">.*?</w:style>', re.S)
        match = pattern.search(xml)
        assert match and old in match.group(), (style_id, old)
        return xml[: match.start()] + match.group().replace(old, new) + xml[match.end():]

    return edit


def variant(base: Path, target: Path, edits: dict[str, list[Edit]]) -> Path:
    """A copy of a .docx with some of its parts edited."""
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for name in source.namelist():
            data = source.read(name)
            for edit in edits.get(name, []):
                data = edit(data.decode("utf-8")).encode("utf-8")
            copy.writestr(name, data)
    return target


DOC, STYLES = "word/document.xml", "word/styles.xml"
FOOTERS = ("word/footer1.xml", "word/footer2.xml")

NORMAL_INDENT = '<w:ind w:firstLine="640" w:firstLineChars="200"/>'
CONDENSED = '<w:spacing w:val="-5"/>'
TITLE_STYLE = '<w:pStyle w:val="Title"/>'
EVEN_FOOTER = '<w:jc w:val="left"/><w:ind w:left="280"'
EXACT = 'w:line="579" w:lineRule="exact"'

BAD: dict[str, tuple[dict[str, list[Edit]], str, str]] = {
    "margins": (
        {DOC: [replace('w:top="2098"', 'w:top="1440"')]}, "§5.2.1 页边与版心尺寸", "上 25.4 mm"),
    "letter paper": (
        {DOC: [replace('w:w="11906" w:h="16838"', 'w:w="12240" w:h="15840"')]}, "§5.1 幅面尺寸", "Letter"),
    "body in 宋体": (
        {STYLES: [in_style("Normal", CONDENSED, '<w:rFonts w:eastAsia="宋体"/>')]},
        "§7.3.3 正文", "正文字体为“宋体”"),
    "body in 12 pt": (
        {STYLES: [in_style("Normal", 'w:val="32"', 'w:val="24"')]},
        "§7.3.3 正文", "正文字号为 12 磅（小四），应为 16 磅（三号）"),
    "title left-aligned": (
        {DOC: [replace(TITLE_STYLE, TITLE_STYLE + '<w:jc w:val="left"/>')]}, "§7.3.1 标题", "标题未居中"),
    "title in 黑体 16 pt": (
        {STYLES: [in_style("Title", "方正小标宋简体", "黑体"),
                  in_style("Title", 'w:val="44"', 'w:val="32"')]},
        "§7.3.1 标题", "标题字体为“黑体”"),
    "heading 一、 in 仿宋": (
        {STYLES: [in_style("GwHeading1", "黑体", "仿宋_GB2312")]},
        "§7.3.3 正文", "一级标题（一、）字体为“仿宋_GB2312”"),
    "heading （一） in 黑体": (
        {STYLES: [in_style("GwHeading2", "楷体_GB2312", "黑体")]},
        "§7.3.3 正文", "二级标题（（一））字体为“黑体”，应为楷体"),
    "run-in 一、 in 仿宋": (
        {DOC: [replace(">为深入贯彻党的二十大", ">一、总体要求。为深入贯彻党的二十大")]},
        "§7.3.3 正文", "一级标题（一、）字体为“仿宋_GB2312”，应为黑体"),
    "no first-line indent": (
        {STYLES: [in_style("Normal", NORMAL_INDENT, "")]}, "§7.3.3 正文", "段落首行缩进 0.0 字，应左空二字"),
    "27 characters a line": (
        {STYLES: [in_style("Normal", CONDENSED, "")]}, "§5.2.3 行数和字数", "每行约排 27 字"),
    "1.5 line spacing": (
        {STYLES: [in_style("Normal", EXACT, 'w:line="360" w:lineRule="auto"')]},
        "§5.2.3 行数和字数", "每面约排 20 行"),
    "page numbers without dashes": (
        {f: [replace("— ", ""), replace(" —", "")] for f in FOOTERS},
        "§7.5 页码", "单页页码为“1”，应在数字左右各放一条一字线"),
    "page numbers both right": (
        {FOOTERS[1]: [replace(EVEN_FOOTER, '<w:jc w:val="right"/><w:ind w:right="280"')]},
        "§7.5 页码", "双页页码应居左"),
    "版记 in 小四": (
        {STYLES: [in_style("GwImprint", '<w:sz w:val="28"/>', '<w:sz w:val="24"/>')]},
        "§7.4 版记", "版记字号为 12 磅（小四），应为 14 磅（四号）"),
    "page numbers in 五号": (
        {STYLES: [in_style("Footer", 'w:val="28"', 'w:val="21"')]},
        "§7.5 页码", "页码字号为 10.5 磅（五号），应为 4号"),
    "no odd and even footers": (
        {"word/settings.xml": [replace("<w:evenAndOddHeaders/>", "")]}, "§7.5 页码", "未设置“奇偶页不同”"),
    "date 02月": (
        {DOC: [replace(">2026年2月26日<", ">2026年02月26日<")]}, "§7.3.5 成文日期", "月、日不编虚位"),
    "date 二〇二六年": (
        {DOC: [replace(">2026年2月26日<", ">二〇二六年二月二十六日<")]},
        "§7.3.5 成文日期", "应使用阿拉伯数字"),
    "print date 02月": (
        {DOC: [replace(">2026年2月26日印发<", ">2026年02月26日印发<")]},
        "§7.4.3 印发机关和印发日期", "月、日不编虚位"),
    "number [2026]02号": (
        {DOC: [replace("长教督〔2026〕2号", "长教督[2026]02号")]},
        "§7.2.5 发文字号", "年份应用六角括号“〔〕”括入"),
    "number 02号": (
        {DOC: [replace("长教督〔2026〕2号", "长教督〔2026〕02号")]}, "§7.2.5 发文字号", "不编虚位"),
    "number 第2号": (
        {DOC: [replace("长教督〔2026〕2号", "长教督〔2026〕第2号")]}, "§7.2.5 发文字号", "不加“第”字"),
    "half-width comma": (
        {DOC: [replace("历次全会精神，", "历次全会精神,")]}, "GB/T 15834-2011", "半角标点“,”"),
    "half-width colon": (
        {DOC: [replace("努力实现以下目标：", "努力实现以下目标:")]}, "GB/T 15834-2011", "半角标点“:”"),
    "theme fonts": (
        {STYLES: [replace('w:eastAsia="仿宋_GB2312"', 'w:eastAsiaTheme="minorEastAsia"')]},
        "§5.2.2 字体和字号", "中文使用主题字体 minorEastAsia"),
    "版记 not last": (
        {DOC: [replace("<w:sectPr>", "<w:p><w:r><w:t>附：联系方式</w:t></w:r></w:p><w:sectPr>")]},
        "§7.4 版记", "版记应是公文的最后一项"),
    "attachment on the same page": (
        {STYLES: [in_style("GwAttachmentLabel", "<w:pageBreakBefore/>", "")]},
        "§7.3.7 附件", "附件应另面编排"),
}
"""Case → (edits of our annual plan, the clause and the message expected among the errors)."""


@pytest.mark.parametrize("case", BAD)
def test_bad_document_fails_with_the_right_finding(case: str, plan_docx: Path, tmp_path: Path) -> None:
    edits, clause, message = BAD[case]
    report = check_docx(variant(plan_docx, tmp_path / "bad.docx", edits))
    assert not report.ok
    hits = [f for f in report.errors if clause in f.clause and message in f.message]
    assert hits, [str(f) for f in report.findings]
    assert all(f.where for f in hits)


def test_findings_carry_paragraph_number_and_excerpt(plan_docx: Path, tmp_path: Path) -> None:
    report = check_docx(variant(plan_docx, tmp_path / "bad.docx", BAD["half-width comma"][0]))
    [finding] = report.errors
    assert finding.paragraph == 5
    assert finding.where == "第5段“为深入贯彻党的二十大和二…”"
    assert finding.severity == ERROR and finding.count == 1


def test_many_alike_places_make_one_finding_with_a_count(plan_docx: Path, tmp_path: Path) -> None:
    report = check_docx(variant(plan_docx, tmp_path / "bad.docx", BAD["body in 宋体"][0]))
    [finding] = [f for f in report.errors if "正文字体" in f.message]
    assert finding.count > 20
    assert f"等 {finding.count} 处" in str(finding)


def test_a_character_grid_giving_28_characters_is_conformant(plan_docx: Path, tmp_path: Path) -> None:
    grid = '<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-842"/>'
    edits = {DOC: [replace('<w:docGrid w:linePitch="579"/>', grid)],
             STYLES: [in_style("Normal", '<w:spacing w:val="-5"/>', "")]}
    assert check_docx(variant(plan_docx, tmp_path / "grid.docx", edits)).findings == []
    wide = {DOC: [replace('<w:docGrid w:linePitch="579"/>', grid.replace("-842", "0"))],
            STYLES: edits[STYLES]}
    report = check_docx(variant(plan_docx, tmp_path / "wide.docx", wide))
    assert any("每行约排 27 字" in f.message for f in report.errors)


def test_imprint_outside_a_bottom_anchor_is_a_warning(plan_docx: Path, tmp_path: Path) -> None:
    edits = {DOC: [replace("<wp:align>bottom</wp:align>", "<wp:align>top</wp:align>")]}
    report = check_docx(variant(plan_docx, tmp_path / "top.docx", edits))
    assert report.ok
    assert [f.clause for f in report.warnings] == ["GB/T 9704-2012 §7.4 版记"]


# -- a document made in Word -------------------------------------------------------------
def word_document(path: Path, *, conformant: bool) -> Path:
    """A 公文 typed in Word: direct formatting, Word's own styles, PAGE fields in footers."""
    document = docx.Document()
    section = document.sections[0]
    if conformant:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section._sectPr.remove(section._sectPr.find(qn("w:docGrid")))
        section._sectPr.append(parse_xml(
            f'<w:docGrid {nsdecls("w")} w:type="linesAndChars" w:linePitch="579" w:charSpace="-842"/>'))
        normal = document.styles["Normal"]
        normal.font.size, normal.font.name = Pt(16), "Times New Roman"
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
        normal.paragraph_format.first_line_indent = Pt(32)
        normal.paragraph_format.line_spacing = Pt(28.95)
        document.settings.odd_and_even_pages_header_footer = True
        for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
            number = footer.paragraphs[0]
            number.alignment = WD_ALIGN_PARAGRAPH.RIGHT if side == "right" else WD_ALIGN_PARAGRAPH.LEFT
            number.paragraph_format.first_line_indent = 0
            setattr(number.paragraph_format, f"{side}_indent", Pt(14))
            number.add_run("— ").font.size = Pt(14)
            number._p.append(parse_xml(
                f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:rPr><w:sz w:val="28"/></w:rPr>'
                "<w:t>1</w:t></w:r></w:fldSimple>"))
            number.add_run(" —").font.size = Pt(14)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("关于开展春季开学专项督导的通知")
    run.font.size = Pt(22)
    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "方正小标宋简体")
    document.add_paragraph("各中小学校：")
    document.add_paragraph("为做好春季开学工作，现将有关事项通知如下。")
    heading = document.add_paragraph()
    lead = heading.add_run("一、督导内容。")
    lead._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "黑体")
    heading.add_run("重点检查开学准备和校园安全。")
    document.add_paragraph("长宁区教育督导室")
    document.add_paragraph("2024年2月19日")
    document.paragraphs[-1].alignment = document.paragraphs[-2].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.save(path)
    return path


def test_a_conformant_word_document_passes(tmp_path: Path) -> None:
    report = check_docx(word_document(tmp_path / "通知.docx", conformant=True))
    assert report.findings == [], [str(f) for f in report.findings]


def test_a_word_default_document_fails_on_page_fonts_and_numbers(tmp_path: Path) -> None:
    report = check_docx(word_document(tmp_path / "通知.docx", conformant=False))
    clauses = {f.clause for f in report.errors}
    assert {"GB/T 9704-2012 §5.1 幅面尺寸", "GB/T 9704-2012 §7.3.3 正文",
            "GB/T 9704-2012 §7.5 页码", "GB/T 9704-2012 §5.2.2 字体和字号"} <= clauses
    assert any("Letter" in f.message for f in report.errors)
    assert any("主题字体 minorEastAsia" in f.message for f in report.errors)


# -- effective formatting -----------------------------------------------------------------
STYLE_XML = """<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times" w:eastAsia="宋体"/><w:sz w:val="21"/></w:rPr>
</w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:rPr><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Base"><w:basedOn w:val="Normal"/>
<w:pPr><w:ind w:firstLineChars="200"/><w:jc w:val="center"/></w:pPr>
<w:rPr><w:rFonts w:eastAsia="楷体"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Child"><w:basedOn w:val="Base"/><w:pPr><w:ind w:left="100"/></w:pPr>
<w:rPr><w:rFonts w:eastAsia="仿宋" w:eastAsiaTheme="minorEastAsia"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="Strong">
<w:rPr><w:rFonts w:eastAsia="黑体"/><w:sz w:val="44"/></w:rPr></w:style>
</w:styles>"""


def _resolve(paragraph_style: str, run_props: str = "") -> tuple:
    sheet = StyleSheet(etree.fromstring(STYLE_XML), None)
    p = etree.fromstring(
        '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f'<w:pPr><w:pStyle w:val="{paragraph_style}"/></w:pPr><w:r><w:rPr>{run_props}</w:rPr></w:r></w:p>'
    )
    fmt = sheet.run_format(p, p[1])
    return fmt.fonts["eastAsia"], fmt.fonts["ascii"].name, fmt.size_pt, sheet.paragraph_format(p)


def test_formatting_resolves_direct_then_character_then_paragraph_styles_then_defaults() -> None:
    font, latin, size, para = _resolve("Child")
    assert font.theme == "minorEastAsia"  # a theme attribute outranks the named font beside it
    assert (latin, size) == ("Times", 16)
    assert para.ind == {"firstLineChars": "200", "left": "100"} and para.jc == "center"
    font, _, size, _ = _resolve("Child", '<w:rStyle w:val="Strong"/>')
    assert (font.name, font.theme, size) == ("黑体", None, 22)
    direct = '<w:rStyle w:val="Strong"/><w:rFonts w:eastAsia="仿宋"/><w:sz w:val="30"/>'
    font, _, size, _ = _resolve("Base", direct)
    assert (font.name, size) == ("仿宋", 15)
    font, _, size, _ = _resolve("Missing")
    assert (font.name, size) == ("宋体", 10.5)


# -- unreadable files and the command line ---------------------------------------------------
def unreadable(tmp_path: Path) -> dict[str, Path]:
    text = tmp_path / "notes.docx"
    text.write_text("不是文档", encoding="utf-8")
    ole = tmp_path / "old.doc"
    ole.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    empty_zip = tmp_path / "sheet.docx"
    with zipfile.ZipFile(empty_zip, "w") as package:
        package.writestr("xl/workbook.xml", "<workbook/>")
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(broken, "w") as package:
        package.writestr("word/document.xml", "<w:document")
    return {"不是 .docx 文件": text, "旧版 Word": ole, "不是 Word 文档": empty_zip, "不是有效的 XML": broken,
            "找不到文件": tmp_path / "missing.docx"}


def test_unreadable_files_raise_a_clear_error(tmp_path: Path) -> None:
    for message, path in unreadable(tmp_path).items():
        with pytest.raises(UnreadableDocx, match=message) as caught:
            check_docx(path)
        assert caught.value.exit_code == 2


def test_cli_exit_status_and_text_output(plan_docx: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    good = runner.invoke(main, ["check", str(plan_docx)])
    assert good.exit_code == 0 and "符合 GB/T 9704-2012" in good.output
    bad = variant(plan_docx, tmp_path / "bad.docx", BAD["number 第2号"][0])
    result = runner.invoke(main, ["check", str(plan_docx), str(bad)])
    assert result.exit_code == 1
    expected = "错误  GB/T 9704-2012 §7.2.5 发文字号：发文字号“〔2026〕第2号”发文顺序号不加“第”字"
    assert expected in result.output
    broken = runner.invoke(main, ["check", str(bad), str(unreadable(tmp_path)["不是 .docx 文件"])])
    assert broken.exit_code == 2 and "不是 .docx 文件" in broken.output


def test_cli_json_output(plan_docx: Path, tmp_path: Path) -> None:
    bad = variant(plan_docx, tmp_path / "bad.docx", BAD["number 第2号"][0])
    result = CliRunner().invoke(main, ["check", "--json", str(bad), str(tmp_path / "missing.docx")])
    assert result.exit_code == 2
    shown = json.loads(result.output)
    assert shown["ok"] is False and shown["exit_code"] == 2
    first, missing = shown["files"]
    assert first["ok"] is False and first["kind"] == "公文" and first["errors"] == 1
    [finding] = first["findings"]
    assert finding["severity"] == ERROR and finding["clause"] == "GB/T 9704-2012 §7.2.5 发文字号"
    assert finding["paragraph"] == 2 and finding["where"] == "第2段“长教督〔2026〕第2号”"
    assert set(finding) == {"severity", "clause", "message", "where", "paragraph", "count", "page"}
    assert finding["page"] is None  # pages are for the PDF check
    assert missing["error"]["code"] == "E_DOCX_UNREADABLE" and "找不到文件" in missing["error"]["message"]


def test_report_as_data() -> None:
    report = Report(Path("x.docx"), "公文")
    assert report.ok and report.to_dict()["findings"] == []
    report.findings.append(Finding(WARNING, "§7.4 版记", "版记未在末页下端"))
    assert report.ok and "0 项错误，1 项警告" in report.summary()
    report.findings.append(Finding(ERROR, "§7.5 页码", "页码格式不对"))
    data = report.to_dict()
    assert not report.ok and (data["errors"], data["warnings"]) == (1, 1)
