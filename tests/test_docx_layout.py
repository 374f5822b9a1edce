"""Rendered .docx read back: GB/T 9704-2012 layout carried by styles, page set-up and parts."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from lxml import etree

import gongwen
from gongwen.models import Plan

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
HOSTILE = "A&B <b>粗</b> \"引号\" 'single' ]]> {{ 7*7 }} {% if %} \x07\x0b"


def png(path: Path, size: int = 16) -> Path:
    """A small red PNG, standing in for a seal image."""
    row = b"\x00" + b"\xff\x00\x00\xff" * size
    raw = zlib.compress(row * size)

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunks)
    return path


def plan(**extra: object) -> Plan:
    data: dict[str, object] = {
        "title": "长宁区2024年教育督导工作计划",
        "number": "长教督办〔2024〕3号",
        "recipients": ["区属各中小学", "幼儿园"],
        "issuer": {"name": "长宁区教育督导室", "header": "长宁区教育督导室文件"},
        "date": "2024-02-19",
        "preamble": "为深入贯彻**教育督导条例**，制定本计划。",
        "sections": [
            {"title": "指导思想", "text": "坚持立德树人。"},
            {"title": "工作要求", "numbering": "1.", "sections": [
                {"title": "加强领导", "inline": True, "text": "各校要高度重视。"},
                {"title": "严肃纪律", "sections": [{"title": "按时上报"}]},
            ]},
        ],
        "attachments": [
            {"title": "督学名单", "table": {"columns": ["姓名", "职务"], "rows": [["王敏", "专职督学"]]}}
        ],
        "note": "联系人：李强，电话：62345678",
        "cc": ["区教育局", "区政府教育督导委员会办公室"],
        "printer": "长宁区教育督导室",
        "print_date": "2024-02-20",
    }
    data.update(extra)
    return Plan.model_validate(data)


@pytest.fixture
def rendered(tmp_path: Path, read_docx):
    def render(document: Plan):
        [path] = gongwen.render(document, tmp_path)
        return read_docx(path)

    return render


def attr(element: etree._Element, name: str) -> str | None:
    return element.get(f"{{{W}}}{name}")


def test_page_setup_is_a4_with_national_margins_and_22_lines(rendered) -> None:
    doc = rendered(plan())
    sect = doc.document.find(".//w:body/w:sectPr", NS)
    size = sect.find("w:pgSz", NS)
    assert (attr(size, "w"), attr(size, "h")) == ("11906", "16838")
    margins = sect.find("w:pgMar", NS)
    mm = {side: int(attr(margins, side)) * 25.4 / 1440 for side in ("top", "bottom", "left", "right")}
    assert mm == pytest.approx({"top": 37, "bottom": 35, "left": 28, "right": 26}, abs=0.05)
    grid = sect.find("w:docGrid", NS)
    assert attr(grid, "linePitch") == "579"
    spacing = doc.style("Normal").find("w:pPr/w:spacing", NS)
    assert attr(spacing, "lineRule") == "exact"
    type_area = int(attr(size, "h")) - int(attr(margins, "top")) - int(attr(margins, "bottom"))
    assert type_area // int(attr(spacing, "line")) == 22


def test_28_characters_a_line(rendered) -> None:
    doc = rendered(plan())
    normal = doc.style("Normal")
    size = int(attr(normal.find("w:rPr/w:sz", NS), "val")) / 2
    condense = int(attr(normal.find("w:rPr/w:spacing", NS), "val")) / 20
    assert size == 16
    assert int(156 / 25.4 * 72 // (size + condense)) == 28


STYLE_FONTS = {
    "Normal": ("仿宋_GB2312", 32),
    "Title": ("方正小标宋简体", 44),
    "一级标题": ("黑体", None),
    "二级标题": ("楷体_GB2312", None),
    "三级标题": ("仿宋_GB2312", None),
    "四级标题": ("仿宋_GB2312", None),
    "发文机关标志": ("方正小标宋简体", None),
}


@pytest.mark.parametrize(("style", "expected"), STYLE_FONTS.items())
def test_styles_name_east_asian_fonts_and_times_new_roman(rendered, style: str, expected) -> None:
    doc = rendered(plan())
    font, size = expected
    fonts = doc.style(style).find("w:rPr/w:rFonts", NS)
    if fonts is None:  # inherits the document defaults
        fonts = doc.styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert attr(fonts, "eastAsia") == font
    assert attr(fonts, "ascii") == attr(fonts, "hAnsi") == "Times New Roman"
    if size:
        assert attr(doc.style(style).find("w:rPr/w:sz", NS), "val") == str(size)


def test_no_theme_fonts_anywhere(rendered) -> None:
    doc = rendered(plan())
    for name in ("word/styles.xml", "word/document.xml", "word/footer1.xml", "word/footer2.xml"):
        assert b"Theme" not in doc.parts[name], name


def test_body_paragraphs_indent_two_characters(rendered) -> None:
    ind = rendered(plan()).style("Normal").find("w:pPr/w:ind", NS)
    assert attr(ind, "firstLineChars") == "200"


def test_red_header_number_and_red_rule(rendered) -> None:
    doc = rendered(plan())
    assert doc.paragraphs_in("发文机关标志") == ["长宁区教育督导室文件"]
    color = doc.style("发文机关标志").find("w:rPr/w:color", NS)
    assert attr(color, "val") == "FF0000"
    [number] = [p for p in doc.paragraphs() if Docx_text(p) == "长教督办〔2024〕3号"]
    rule = number.find("w:pPr/w:pBdr/w:bottom", NS)
    assert attr(rule, "color") == "FF0000"


def Docx_text(p: etree._Element) -> str:
    return "".join(p.itertext())


def test_no_red_header_without_header_text(rendered) -> None:
    doc = rendered(plan(issuer={"name": "长宁区教育督导室"}, number=None))
    assert doc.paragraphs_in("发文机关标志") == []
    assert b'w:color="FF0000"' not in doc.parts["word/document.xml"]


def test_title_recipients_and_numbered_headings(rendered) -> None:
    doc = rendered(plan())
    assert doc.paragraphs_in("Title") == ["长宁区2024年教育督导工作计划"]
    assert doc.paragraphs_in("主送机关") == ["区属各中小学、幼儿园："]
    assert doc.paragraphs_in("一级标题") == ["一、指导思想", "二、工作要求"]
    assert doc.paragraphs_in("三级标题") == ["2.严肃纪律"]
    assert doc.paragraphs_in("四级标题") == ["（1）按时上报"]
    assert "1.加强领导。各校要高度重视。" in doc.body_text()


def test_bold_text_is_a_bold_run(rendered) -> None:
    doc = rendered(plan())
    bold = [Docx_text(r) for r in doc.document.iter(f"{{{W}}}r") if r.find("w:rPr/w:b", NS) is not None]
    assert bold == ["教育督导条例"]


def test_signature_and_date_without_seal(rendered) -> None:
    doc = rendered(plan())
    assert doc.paragraphs_in("署名") == ["长宁区教育督导室"]
    assert doc.paragraphs_in("成文日期") == ["2024年2月19日"]
    [sig] = doc.elements_in("署名")
    [date] = doc.elements_in("成文日期")
    # 署名 right 2.5 chars; date starts two characters right of the signature's first character
    assert attr(sig.find("w:pPr/w:ind", NS), "rightChars") == "250"
    assert attr(date.find("w:pPr/w:ind", NS), "rightChars") == "200"
    assert "印章" not in doc.body_text() and not any(n.startswith("word/media/") for n in doc.parts)
    assert 'name="印章"' not in doc.parts["word/document.xml"].decode()


def test_signature_with_seal_embeds_the_image(rendered, tmp_path: Path) -> None:
    seal = png(tmp_path / "seal.png")
    doc = rendered(plan(issuer={"name": "长宁区教育督导室", "seal": str(seal)}))
    media = [n for n in doc.parts if n.startswith("word/media/")]
    assert len(media) == 1 and doc.parts[media[0]] == seal.read_bytes()
    rels = doc.parts["word/_rels/document.xml.rels"].decode()
    assert media[0].removeprefix("word/") in rels
    assert b'Extension="png"' in doc.parts["[Content_Types].xml"]
    [date] = doc.elements_in("成文日期")
    assert attr(date.find("w:pPr/w:ind", NS), "rightChars") == "400"  # 右空四字 under a seal
    assert doc.document.find(".//{*}anchor", NS) is not None


def test_note_attachment_note_and_attachment_on_new_page(rendered) -> None:
    doc = rendered(plan())
    assert doc.paragraphs_in("附注") == ["（联系人：李强，电话：62345678）"]
    assert doc.paragraphs_in("附件说明") == ["附件：督学名单"]
    assert doc.paragraphs_in("附件标识") == ["附件"]
    assert doc.style("附件标识").find("w:pPr/w:pageBreakBefore", NS) is not None
    assert doc.paragraphs_in("附件标题") == ["督学名单"]
    cells = [Docx_text(c) for c in doc.document.iter(f"{{{W}}}tc")]
    assert cells[:4] == ["姓名", "职务", "王敏", "专职督学"]


def test_several_attachments_are_numbered(rendered) -> None:
    doc = rendered(plan(attachments=[{"title": "甲表"}, {"title": "乙表"}]))
    assert doc.paragraphs_in("附件说明") == ["附件：1.甲表", "2.乙表"]
    assert doc.paragraphs_in("附件标识") == ["附件1", "附件2"]


def test_imprint_is_last_with_its_rules(rendered) -> None:
    doc = rendered(plan())
    table = doc.document.findall(".//w:txbxContent/w:tbl", NS)[-1]
    texts = [Docx_text(c) for c in table.iter(f"{{{W}}}tc")]
    assert texts == ["抄送：区教育局，区政府教育督导委员会办公室。", "长宁区教育督导室", "2024年2月20日印发"]
    borders = table.find("w:tblPr/w:tblBorders", NS)
    assert attr(borders.find("w:top", NS), "sz") == "8"  # 0.35 mm
    assert attr(borders.find("w:insideH", NS), "sz") == "6"  # 0.25 mm
    assert attr(borders.find("w:bottom", NS), "sz") == "8"
    anchor = table.xpath("ancestor::*[local-name()='anchor']")[0]
    assert anchor.xpath("string(*[local-name()='positionV']/*[local-name()='align'])") == "bottom"
    assert anchor.xpath("string(*[local-name()='positionV']/@relativeFrom)") == "margin"
    last = doc.document.findall(".//w:body/w:p", NS)[-1]
    assert last.find(".//{*}anchor") is not None  # nothing follows the 版记


def test_page_numbers_odd_right_even_left(rendered) -> None:
    doc = rendered(plan())
    assert doc.xml("word/settings.xml").find("w:evenAndOddHeaders", NS) is not None
    sect = doc.document.find(".//w:body/w:sectPr", NS)
    refs = {attr(r, "type"): r.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            for r in sect.findall("w:footerReference", NS)}
    rels = etree.fromstring(doc.parts["word/_rels/document.xml.rels"])
    target = {r.get("Id"): "word/" + r.get("Target") for r in rels}
    for kind, side in (("default", "right"), ("even", "left")):
        footer = doc.xml(target[refs[kind]])
        assert "".join(footer.itertext()).replace(" ", "") == "—PAGE1—"
        assert attr(footer.find(".//w:jc", NS), "val") == side
        assert footer.find(".//w:ind", NS).get(f"{{{W}}}{side}") == "280"
    assert attr(doc.style("footer").find("w:rPr/w:sz", NS), "val") == "28"


def test_hostile_text_is_escaped_and_never_corrupts_the_document(rendered) -> None:
    doc = rendered(plan(title=HOSTILE, preamble=HOSTILE, recipients=[HOSTILE],
                        sections=[{"title": HOSTILE, "text": HOSTILE}]))
    clean = HOSTILE.replace("\x07", "").replace("\x0b", "").strip()  # cleaned on loading, then trimmed
    assert doc.paragraphs_in("Title") == [clean]
    assert doc.paragraphs_in("一级标题") == ["一、" + clean]
    assert clean in doc.body_text()
    bold = doc.document.xpath(".//w:r[w:rPr/w:b]/w:t/text()", namespaces=NS)
    assert "粗" not in "".join(bold)


def test_document_properties_come_from_the_data(rendered) -> None:
    doc = rendered(plan())
    core = doc.xml("docProps/core.xml")
    values = {el.tag.split("}")[1]: el.text for el in core}
    assert values["title"] == "长宁区2024年教育督导工作计划"
    assert values["creator"] == "长宁区教育督导室"
    assert values["subject"] == "annual-plan"
    assert values["created"] == "2024-02-19T00:00:00Z"


def test_same_data_renders_byte_identical_files(tmp_path: Path) -> None:
    first = gongwen.render(plan(), tmp_path / "a")[0].read_bytes()
    second = gongwen.render(plan(), tmp_path / "b")[0].read_bytes()
    assert first == second
