"""WordprocessingML for the generated parts of a document: outline blocks, tables,
the signature block with its seal, attachment pages and the 版记.

Every paragraph names a style of the template (looked up by its display name), so a
district restyles the output by editing styles in Word. Text is XML-escaped and
stripped of characters XML cannot carry; nothing here knows the education domain.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from lxml import etree

from ..derive.outline import AttachmentPages, Block, Heading, Item, Paragraph, Run, TableBlock
from ..models.base import clean_text
from .columns import CellText, column_widths, in_columns, row_height
from .metrics import text_em

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

TYPE_WIDTH_MM = 156.0
TYPE_HEIGHT_MM = 225.0
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
TWIPS_PER_MM = 1440 / 25.4
PT_PER_MM = 72 / 25.4
EMU_PER_MM = 36000
TYPE_WIDTH_TWIPS = round(TYPE_WIDTH_MM * TWIPS_PER_MM)
CHAR_TWIPS = TYPE_WIDTH_TWIPS / CHARS_PER_LINE
LINE_TWIPS = 579
SEAL_DIAMETER_MM = 42.0

ROLE_STYLES: dict[str, str] = {
    "body": "Normal",
    "title": "Title",
    "heading1": "一级标题",
    "heading2": "二级标题",
    "heading3": "三级标题",
    "heading4": "四级标题",
    "heading1-run": "一级标题字符",
    "heading2-run": "二级标题字符",
    "heading3-run": "三级标题字符",
    "heading4-run": "四级标题字符",
    "table-title": "表题",
    "table-head": "表头",
    "table-text": "表格文字",
    "table": "公文表格",
    "attachment-note": "附件说明",
    "signature": "署名",
    "date": "成文日期",
    "note": "附注",
    "attachment-label": "附件标识",
    "attachment-title": "附件标题",
    "imprint": "版记",
    "imprint-table": "版记表格",
    "footer": "footer",
}
"""Which template style (by display name) each generated part uses."""

def xml_text(text: str) -> str:
    """Clean and escape text for a ``w:t`` element."""
    return escape(clean_text(text))


def text_width(text: str) -> float:
    """Width in em of text set without autospace (署名, 成文日期, 版记 lines)."""
    return text_em(text, autospace=False)


class StyleMap:
    """Style display names → style ids of one template's styles.xml, and the font size
    each style sets."""

    def __init__(self, styles_xml: bytes) -> None:
        root = etree.fromstring(styles_xml)
        self._ids: dict[str, str] = {}
        self._based: dict[str, str] = {}
        self._sizes: dict[str, float] = {}
        for style in root.iter(f"{{{W}}}style"):
            style_id = style.get(f"{{{W}}}styleId", "")
            name = style.find(f"{{{W}}}name")
            if name is not None:
                self._ids[name.get(f"{{{W}}}val", "")] = style_id
            based = style.find(f"{{{W}}}basedOn")
            if based is not None:
                self._based[style_id] = based.get(f"{{{W}}}val", "")
            size = style.find(f"{{{W}}}rPr/{{{W}}}sz")
            if size is not None:
                self._sizes[style_id] = int(size.get(f"{{{W}}}val", "21")) / 2
        default = root.find(f"{{{W}}}docDefaults/{{{W}}}rPrDefault/{{{W}}}rPr/{{{W}}}sz")
        self._default_size = int(default.get(f"{{{W}}}val", "21")) / 2 if default is not None else 10.5

    def id_for(self, role: str) -> str | None:
        """The style id for a role, or None when the template lacks that style."""
        return self._ids.get(ROLE_STYLES[role])

    def size(self, role: str) -> float:
        """The font size in points a role's style sets, through the styles it is based on."""
        style_id = self.id_for(role)
        seen: set[str] = set()
        while style_id and style_id not in seen:
            if style_id in self._sizes:
                return self._sizes[style_id]
            seen.add(style_id)
            style_id = self._based.get(style_id)
        return self._default_size


@dataclass(frozen=True)
class Image:
    """An image part registered with the package being written."""

    rel_id: str
    docpr_id: int


def run(text: str, *, bold: bool = False, style: str | None = None) -> str:
    """One ``w:r`` with text; newlines become line breaks."""
    props = ""
    if style:
        props += f'<w:rStyle w:val="{style}"/>'
    if bold:
        props += "<w:b/><w:bCs/>"
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    parts = [f'<w:t xml:space="preserve">{xml_text(line)}</w:t>' for line in text.split("\n")]
    return f"<w:r>{rpr}{'<w:br/>'.join(parts)}</w:r>"


def runs(items: Iterable[Run]) -> str:
    """Runs of an outline paragraph, bold where the author wrote ``**bold**``."""
    return "".join(run(item.text, bold=item.bold) for item in items)


def paragraph(
    styles: StyleMap, role: str, content: str, extra_ppr: str = "", keep_next: bool | None = None
) -> str:
    """A ``w:p`` in the style for ``role``; ``extra_ppr`` must follow the schema's order.

    ``keep_next`` True keeps the paragraph on the page of the next one, False overrides a
    style that would, None leaves it to the style.
    """
    style_id = styles.id_for(role)
    pstyle = f'<w:pStyle w:val="{style_id}"/>' if style_id and role != "body" else ""
    if keep_next is not None:
        pstyle += "<w:keepNext/>" if keep_next else '<w:keepNext w:val="0"/>'
    ppr = f"<w:pPr>{pstyle}{extra_ppr}</w:pPr>" if pstyle or extra_ppr else ""
    return f"<w:p>{ppr}{content}</w:p>"


CENTRED = '<w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="center"/>'


def heading_xml(styles: StyleMap, block: Heading, keep_next: bool | None = None) -> str:
    """A numbered heading; a run-in heading is a body paragraph led by the heading's runs."""
    if not block.runs:
        extra = CENTRED if block.centred else ""
        return paragraph(styles, f"heading{block.level}", run(block.text), extra, keep_next)
    lead = run(block.text, style=styles.id_for(f"heading{block.level}-run"))
    return paragraph(styles, "body", lead + runs(block.runs), keep_next=keep_next or None)


def item_xml(styles: StyleMap, block: Item, keep_next: bool | None = None) -> str:
    """A numbered item: a body paragraph led by its number as text.

    A run-in lead is set, with its number, in the run-in character style of the item's level
    (“（一）组长职责。” in 楷体), as a run-in heading is.
    """
    if block.lead:
        lead = run(block.number + block.lead, style=styles.id_for(f"heading{block.level}-run"))
    else:
        lead = run(block.number) if block.number else ""
    return paragraph(styles, "body", lead + runs(block.runs), keep_next=keep_next)


def heading_keeps(blocks: Sequence[Block]) -> list[bool]:
    """Which headings keep with the next paragraph: pairs only, never chains.

    The last heading of a run keeps with the text under it; above it, headings keep with
    the one that follows in pairs, so no more than two paragraphs are ever held together
    and a run of headings cannot push half a page of space before it. A run of just two
    headings (a region's name over its heading) keeps both with the text: two heading
    lines and the first lines of text go over together, so neither heading is left last
    on a page.
    """
    keeps = [False] * len(blocks)
    index = len(blocks) - 1
    while index >= 0:
        if not _is_heading(blocks[index]):
            index -= 1
            continue
        start = index
        while start > 0 and _is_heading(blocks[start - 1]):
            start -= 1
        follows = index + 1 < len(blocks)
        for position in range(start, index + 1):
            # from the last heading of the run up, every other one keeps with the next
            keeps[position] = follows and ((index - position) % 2 == 0 or index - start == 1)
        index = start - 1
    return keeps


def _is_heading(block: Block) -> bool:
    return isinstance(block, Heading) and not block.runs


def twips(widths_pt: Sequence[float], total: int) -> list[int]:
    """Widths in points as whole twips summing exactly to ``total``."""
    result = [round(w * 20) for w in widths_pt]
    result[-1] += total - sum(result)
    return result


def table_xml(styles: StyleMap, block: TableBlock) -> str:
    """A full-width table in the template's table style; the header row repeats on each page.

    Columns are as wide as their text needs (see :mod:`.columns`); a body row that fits a
    page is never split across pages.
    """
    head, text = styles.size("table-head"), styles.size("table-text")
    cells = [CellText(i, t, head) for i, t in enumerate(block.columns)]
    cells += [CellText(i, t, text) for row in block.rows for i, t in enumerate(row)]
    widths_pt = column_widths(cells, len(block.columns), TYPE_WIDTH_TWIPS / 20, block.widths)
    widths = twips(widths_pt, TYPE_WIDTH_TWIPS)
    room = TYPE_HEIGHT_MM * PT_PER_MM - row_height(block.columns, widths_pt, head)
    style_id = styles.id_for("table")
    tstyle = f'<w:tblStyle w:val="{style_id}"/>' if style_id else ""
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)

    def row(cells: Sequence[str], role: str, header: bool) -> str:
        size = head if header else text
        cells = in_columns(cells, widths_pt, size)
        if header:
            trpr = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
        elif row_height(cells, widths_pt, text) <= room:
            trpr = "<w:trPr><w:cantSplit/></w:trPr>"
        else:
            trpr = ""
        tcs = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
            f"{paragraph(styles, role, run(cell))}</w:tc>"
            for w, cell in zip(widths, cells, strict=True)
        )
        return f"<w:tr>{trpr}{tcs}</w:tr>"

    title = paragraph(styles, "table-title", run(block.title)) if block.title else ""
    body = "".join(row(r, "table-text", False) for r in block.rows)
    return (
        f"{title}<w:tbl><w:tblPr>{tstyle}<w:tblW w:w=\"{TYPE_WIDTH_TWIPS}\" w:type=\"dxa\"/>"
        f"<w:jc w:val=\"center\"/><w:tblBorders>{borders}</w:tblBorders>"
        f'<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
        f"{row(block.columns, 'table-head', True)}{body}</w:tbl>"
        # Word requires a paragraph between a table and what follows it.
        f"{paragraph(styles, 'table-text', '')}"
    )


def blocks_xml(styles: StyleMap, blocks: Sequence[Block], keep_last: bool = False) -> str:
    """Outline blocks as WordprocessingML.

    ``keep_last`` keeps the last paragraph on the page of what follows it, so that the
    signature never stands on a page without body text (GB/T 9704-2012 §7.3.5).
    """
    parts = []
    keeps = heading_keeps(blocks)
    for index, block in enumerate(blocks):
        keep = keep_last and index == len(blocks) - 1
        if isinstance(block, Heading) and not block.runs:
            parts.append(heading_xml(styles, block, keeps[index] or keep))
        elif isinstance(block, Heading):
            parts.append(heading_xml(styles, block, keep or None))
        elif isinstance(block, Item):
            parts.append(item_xml(styles, block, keep or None))
        elif isinstance(block, Paragraph):
            parts.append(paragraph(styles, "body", runs(block.runs), keep_next=keep or None))
        else:
            parts.append(table_xml(styles, block))
    return "".join(parts)


def _indent_chars(side: str, chars: float) -> str:
    return f'<w:ind w:{side}="{round(chars * CHAR_TWIPS)}" w:{side}Chars="{round(chars * 100)}"/>'


def attachment_note_xml(styles: StyleMap, titles: Iterable[str]) -> str:
    """附件说明: one line below the body, two characters in, numbered when several."""
    titles = list(titles)
    if not titles:
        return ""
    space = f'<w:spacing w:before="{LINE_TWIPS}" w:beforeLines="100"/>'
    if len(titles) == 1:
        return paragraph(styles, "attachment-note", run(f"附件：{titles[0]}"), space, keep_next=True)
    parts = []
    for i, title in enumerate(titles, start=1):
        label = f"附件：{i}." if i == 1 else f"{i}."
        hang = text_width(label)
        ind = (
            f'<w:ind w:left="{round((2 + 3 + hang) * CHAR_TWIPS)}" '
            f'w:hanging="{round((hang + (3 if i == 1 else 0)) * CHAR_TWIPS)}"/>'
        )
        extra = (space if i == 1 else "") + ind
        parts.append(paragraph(styles, "attachment-note", run(label + title), extra, keep_next=True))
    return "".join(parts)


@dataclass(frozen=True)
class SignatureLayout:
    """Right indents (in characters) of 署名 and 成文日期, per GB/T 9704-2012 §7.3.5."""

    signature_right: float
    date_right: float


def signature_layout(signature: str, date_text: str, sealed: bool) -> SignatureLayout:
    """Where the signature and date sit.

    Sealed: the date is four characters from the right and the signature is centred
    over it. Unsealed: the signature is two characters from the right and the date
    starts two characters to the right of the signature's first character; a date
    longer than that keeps two characters and pushes the signature left.
    """
    s, d = text_width(signature), text_width(date_text)
    if sealed:
        return SignatureLayout(signature_right=4 + (d - s) / 2, date_right=4)
    if s - d >= 2:
        return SignatureLayout(signature_right=2, date_right=s - d)
    return SignatureLayout(signature_right=4 + d - s, date_right=2)


def _seal_anchor(image: Image, layout: SignatureLayout, date_text: str) -> str:
    size = round(SEAL_DIAMETER_MM * EMU_PER_MM)
    char_mm = TYPE_WIDTH_MM / CHARS_PER_LINE
    line_mm = TYPE_HEIGHT_MM / LINES_PER_PAGE
    centre_x = TYPE_WIDTH_MM - (layout.date_right + text_width(date_text) / 2) * char_mm
    x = round((centre_x - SEAL_DIAMETER_MM / 2) * EMU_PER_MM)
    # Signature and date sit a little below the seal's centre.
    y = round((0.85 * line_mm - SEAL_DIAMETER_MM / 2) * EMU_PER_MM)
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    pic = "http://schemas.openxmlformats.org/drawingml/2006/picture"
    return (
        '<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        'relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="margin"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>{y}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{size}" cy="{size}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:wrapNone/><wp:docPr id="{image.docpr_id}" name="印章"/>'
        f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{a}" noChangeAspect="1"/>'
        f'</wp:cNvGraphicFramePr><a:graphic xmlns:a="{a}"><a:graphicData uri="{pic}">'
        f'<pic:pic xmlns:pic="{pic}"><pic:nvPicPr><pic:cNvPr id="0" name="seal"/><pic:cNvPicPr/>'
        f'</pic:nvPicPr><pic:blipFill><a:blip r:embed="{image.rel_id}"/><a:stretch><a:fillRect/>'
        f'</a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{size}" cy="{size}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
        "</a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
    )


def signature_xml(
    styles: StyleMap, signature: str, date_text: str, seal: Image | None, keep_next: bool = False
) -> str:
    """署名 and 成文日期, with the seal pressed over them when there is one.

    Either may be empty (a 学习心得 has neither); what is given keeps its place.
    ``keep_next`` holds the last of them on the page of what follows (the 附注).
    """
    if not signature and not date_text:
        return ""
    layout = signature_layout(signature, date_text, seal is not None)
    blank_lines = 2 if seal else 1
    space = f'<w:spacing w:before="{blank_lines * LINE_TWIPS}" w:beforeLines="{blank_lines * 100}"/>'
    stamp = _seal_anchor(seal, layout, date_text) if seal else ""
    parts = []
    if signature:
        parts.append(paragraph(
            styles, "signature", stamp + run(signature),
            space + _indent_chars("right", layout.signature_right),
            keep_next=True if keep_next and not date_text else None,
        ))
    if date_text:
        before = "" if signature else space
        stamp = "" if signature else stamp
        parts.append(paragraph(
            styles, "date", stamp + run(date_text), before + _indent_chars("right", layout.date_right),
            keep_next=keep_next or None,
        ))
    return "".join(parts)


def note_xml(styles: StyleMap, note: str) -> str:
    """附注 (in its parentheses): two characters in, on the line after the date."""
    return paragraph(styles, "note", run(note)) if note else ""


def attachment_head_xml(styles: StyleMap, page: AttachmentPages, break_before: bool = True) -> str:
    """An attachment's label top left, from a new page (unless a section break already
    starts one), and its title centred on line three."""
    ppr = "" if break_before else '<w:pageBreakBefore w:val="0"/>'
    return paragraph(styles, "attachment-label", run(page.label), ppr) + paragraph(
        styles, "attachment-title", run(page.title)
    )


def attachments_xml(styles: StyleMap, pages: Iterable[AttachmentPages]) -> str:
    """Each attachment from a new page: its label top left, its title centred on line three."""
    return "".join(attachment_head_xml(styles, page) + blocks_xml(styles, page.blocks) for page in pages)


def _imprint_lines(text: str) -> int:
    """Lines the 抄送 row takes: 1 character in on each side, continuation under the colon."""
    width = text_width(text)
    first, rest = CHARS_PER_LINE * 16 / 14 - 2, CHARS_PER_LINE * 16 / 14 - 5
    return 1 + max(0, math.ceil((width - first) / rest))


def imprint_xml(styles: StyleMap, cc: str, printer: str, printed: str) -> str:
    """版记: a table whose borders are the rules, in a text box held to the foot of the page.

    The first and last rules are 0.35 mm (1 pt), the middle one 0.25 mm (¾ pt). The
    text box is anchored to the bottom of the type area, so the 版记 sits at the foot
    of the last page however much text comes before it.
    """
    if not cc and not printer:
        return ""
    char = 14 * 20  # 版记 is set in 4号 (14 pt)
    half = TYPE_WIDTH_TWIPS // 2
    rows = []
    lines = 0
    if cc:
        ind = f'<w:ind w:left="{4 * char}" w:right="{char}" w:hanging="{3 * char}"/>'
        rows.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{TYPE_WIDTH_TWIPS}" w:type="dxa"/><w:gridSpan w:val="2"/>'
            f'</w:tcPr>{paragraph(styles, "imprint", run(cc), ind)}</w:tc>'
        )
        lines += _imprint_lines(cc)
    if printer:
        left = paragraph(styles, "imprint", run(printer), f'<w:ind w:left="{char}"/>')
        right = paragraph(
            styles, "imprint", run(printed),
            f'<w:ind w:right="{char}"/><w:jc w:val="right"/>'
        )
        rows.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{half}" w:type="dxa"/></w:tcPr>{left}</w:tc>'
            f'<w:tc><w:tcPr><w:tcW w:w="{TYPE_WIDTH_TWIPS - half}" w:type="dxa"/></w:tcPr>{right}</w:tc>'
        )
        lines += 1
    style_id = styles.id_for("imprint-table")
    tstyle = f'<w:tblStyle w:val="{style_id}"/>' if style_id else ""
    rule = '<w:{0} w:val="single" w:sz="{1}" w:space="0" w:color="000000"/>'
    table = (
        f'<w:tbl><w:tblPr>{tstyle}<w:tblW w:w="{TYPE_WIDTH_TWIPS}" w:type="dxa"/><w:tblBorders>'
        + rule.format("top", 8) + '<w:left w:val="nil"/>' + rule.format("bottom", 8)
        + '<w:right w:val="nil"/>' + rule.format("insideH", 6) + '<w:insideV w:val="nil"/>'
        '</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/>'
        '<w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="{half}"/><w:gridCol w:w="{TYPE_WIDTH_TWIPS - half}"/></w:tblGrid>'
        + "".join(f"<w:tr>{cells}</w:tr>" for cells in rows) + "</w:tbl>"
    )
    # A text box must end with a paragraph; this one takes no visible height.
    closing = '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/></w:pPr></w:p>'
    return _text_box_at_foot(table + closing, height_twips=lines * LINE_TWIPS + 40, name="版记")


def _text_box_at_foot(content: str, height_twips: int, name: str) -> str:
    """A paragraph anchoring a borderless text box, type-area wide, to the foot of the page."""
    cx = round(TYPE_WIDTH_MM * EMU_PER_MM)
    cy = round(height_twips / TWIPS_PER_MM * EMU_PER_MM)
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    wps = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
    return (
        '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/></w:pPr>'
        '<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        'relativeHeight="251660288" behindDoc="0" locked="1" layoutInCell="1" allowOverlap="0">'
        '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="margin"><wp:align>center</wp:align>'
        '</wp:positionH><wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>'
        f'<wp:docPr id="9500" name="{name}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic xmlns:a="{a}"><a:graphicData uri="{wps}"><wps:wsp xmlns:wps="{wps}">'
        '<wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        "<a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>"
        f"<wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx>"
        '<wps:bodyPr rot="0" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="b">'
        "<a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r></w:p>"
    )


def _body_section_span(document_xml: str) -> tuple[int, int]:
    end = document_xml.rfind("</w:body>")
    return document_xml.rfind("<w:sectPr", 0, end), end


def body_section(document_xml: str) -> str:
    """The ``w:sectPr`` of a document's last section (the one closing its body)."""
    start, end = _body_section_span(document_xml)
    return document_xml[start:end].strip() if start != -1 else "<w:sectPr/>"


def with_body_section(document_xml: str, sect_pr: str) -> str:
    """The document with its last section's properties replaced by ``sect_pr``."""
    start, end = _body_section_span(document_xml)
    return document_xml[:start] + sect_pr + document_xml[end:] if start != -1 else document_xml


def section_break(sect_pr: str) -> str:
    """A paragraph ending a section with the page set-up ``sect_pr``; what follows starts
    a new page."""
    return f"<w:p><w:pPr>{sect_pr}</w:pPr></w:p>"


def merge_trailing_section(document_xml: str) -> str:
    """A section break with nothing after it would leave an empty last page: the
    document's last section takes the page set-up of the section it ends instead."""
    start, end = _body_section_span(document_xml)
    before = document_xml[:start].rstrip()
    closing = "</w:sectPr></w:pPr></w:p>"
    opening = before.rfind("<w:p><w:pPr><w:sectPr")
    if start == -1 or not before.endswith(closing) or opening == -1:
        return document_xml
    inner = before[opening + len("<w:p><w:pPr>") : -len("</w:pPr></w:p>")]
    if "<w:p>" in inner or "<w:p " in inner:
        return document_xml
    return before[:opening] + inner + document_xml[end:]
