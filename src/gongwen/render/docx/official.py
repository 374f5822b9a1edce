"""The official parts of a 公文 in WordprocessingML — 附件说明, 署名 and 成文日期 with the
seal, 附注, the attachment pages and the 版记, laid out as GB/T 9704-2012 §7.3–7.4 says —
and the template context of an official document."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ...derive.outline import AttachmentPages, Outline
from ...models.base import Model
from ...standard import (
    CHARS_PER_LINE,
    IMPRINT_RULES,
    LINE_PITCH,
    LINES_PER_PAGE,
    ROLES,
    SEAL_DIAMETER,
    TYPE_HEIGHT,
    TYPE_WIDTH,
    Mm,
    Pt,
    Twips,
)
from ..environment import model_context
from . import sections
from .blocks import blocks_xml
from .drawing import floating_picture, text_box_at_foot
from .package import Image, Package
from .wordml import (
    CHAR_TWIPS,
    TYPE_WIDTH_TWIPS,
    StyleMap,
    indent_chars,
    paragraph,
    run,
    text_width,
    title_height,
)


def attachment_note_xml(styles: StyleMap, titles: Iterable[str]) -> str:
    """附件说明: one line below the body, two characters in, numbered when several."""
    titles = list(titles)
    if not titles:
        return ""
    space = f'<w:spacing w:before="{LINE_PITCH.twips}" w:beforeLines="100"/>'
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


def _seal(image: Image, layout: SignatureLayout, date_text: str) -> str:
    """The seal centred over the date, a little above the lines of signature and date."""
    char_mm = TYPE_WIDTH.mm / CHARS_PER_LINE
    line_mm = TYPE_HEIGHT.mm / LINES_PER_PAGE
    centre_x = TYPE_WIDTH.mm - (layout.date_right + text_width(date_text) / 2) * char_mm
    x = Mm(centre_x - SEAL_DIAMETER.mm / 2)
    # Signature and date sit a little below the seal's centre.
    y = Mm(0.85 * line_mm - SEAL_DIAMETER.mm / 2)
    return floating_picture(image, x, y, SEAL_DIAMETER, "印章", "seal")


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
    space = f'<w:spacing w:before="{blank_lines * LINE_PITCH.twips}" w:beforeLines="{blank_lines * 100}"/>'
    stamp = _seal(seal, layout, date_text) if seal else ""
    parts = []
    if signature:
        parts.append(paragraph(
            styles, "signature", stamp + run(signature),
            space + indent_chars("right", layout.signature_right),
            keep_next=True if keep_next and not date_text else None,
        ))
    if date_text:
        before = "" if signature else space
        stamp = "" if signature else stamp
        parts.append(paragraph(
            styles, "date", stamp + run(date_text), before + indent_chars("right", layout.date_right),
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


def _imprint_lines(text: str) -> int:
    """Lines the 抄送 row takes: 1 character in on each side, continuation under the colon."""
    width = text_width(text)
    chars = CHARS_PER_LINE * ROLES["body"].size / ROLES["imprint"].size  # a line in 4号
    first, rest = chars - 2, chars - 5
    return 1 + max(0, math.ceil((width - first) / rest))


def imprint_xml(styles: StyleMap, package: Package, cc: str, printer: str, printed: str) -> str:
    """版记: a table whose borders are the rules, in a text box held to the foot of the page.

    The first and last rules are 0.35 mm (1 pt), the middle one 0.25 mm (¾ pt). The
    text box is anchored to the bottom of the type area, so the 版记 sits at the foot
    of the last page however much text comes before it.
    """
    if not cc and not printer:
        return ""
    char = Pt(ROLES["imprint"].size).twips  # one character of the 版记 (4号)
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
    thick, thin = (width.eighths for width in IMPRINT_RULES)
    table = (
        f'<w:tbl><w:tblPr>{tstyle}<w:tblW w:w="{TYPE_WIDTH_TWIPS}" w:type="dxa"/><w:tblBorders>'
        + rule.format("top", thick) + '<w:left w:val="nil"/>' + rule.format("bottom", thick)
        + '<w:right w:val="nil"/>' + rule.format("insideH", thin) + '<w:insideV w:val="nil"/>'
        '</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/>'
        '<w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="{half}"/><w:gridCol w:w="{TYPE_WIDTH_TWIPS - half}"/></w:tblGrid>'
        + "".join(f"<w:tr>{cells}</w:tr>" for cells in rows) + "</w:tbl>"
    )
    # A text box must end with a paragraph; this one takes no visible height.
    closing = '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/></w:pPr></w:p>'
    height = lines * LINE_PITCH + Twips(40)
    return text_box_at_foot(table + closing, TYPE_WIDTH, height, package.drawing_id("text box"), "版记")


def docx_context(
    document: Model, outline: Outline, package: Package, styles: StyleMap
) -> dict[str, Any]:
    """What a .docx template sees: the model's fields and the generated WordprocessingML.

    ``body``, ``attachment_note``, ``signature_block``, ``note_block``,
    ``attachment_pages`` and ``imprint`` are ready-made paragraphs for ``{{p … }}``;
    ``subtitle_lines`` are the lines under the title.
    """
    context = model_context(document)
    parts = outline.parts
    seal = package.add_image(parts.seal) if parts.seal else None
    # the last paragraph keeps with the 署名 and 成文日期 — when there are any to keep with
    signed = bool(parts.signature or parts.date)
    context["body"] = Markup(blocks_xml(styles, outline.body, keep_last=signed))
    context["attachment_pages"] = Markup(attachments_xml(styles, package, outline.attachments))
    context["attachment_note"] = Markup(attachment_note_xml(styles, outline.attachment_titles))
    context["date_text"] = parts.date
    context["subtitle_lines"] = list(parts.subtitle)
    context["signature_block"] = Markup(
        signature_xml(styles, parts.signature, parts.date, seal, keep_next=bool(parts.note))
    )
    context["note_block"] = Markup(note_xml(styles, parts.note))
    context["imprint"] = Markup(imprint_xml(styles, package, parts.cc, parts.printer, parts.printed))
    return context


def attachments_xml(styles: StyleMap, package: Package, pages: Sequence[AttachmentPages]) -> str:
    """Each attachment from a new page: its label, its title, then its text or its form.

    A form on paper or in an orientation other than the document's (a landscape 公示牌)
    gets a section of its own with that page and the forms' margins; the page numbers
    run on. One-sheet forms are fitted below the label and title; what does not fit is
    reported in the package's warnings.
    """
    document = sections.body_section(package.parts["word/document.xml"].decode("utf-8"))
    current = document
    parts = []
    for page in pages:
        section = document
        if page.form is not None and sections.page_size(page.form) != sections.section_size(document):
            section = sections.with_page(document, page.form, sections.MARGIN)
        starts = section != current
        if starts:
            parts.append(sections.section_break(current))
            current = section
        parts.append(attachment_head_xml(styles, page, break_before=not starts))
        width, height = sections.type_area(section)
        above = LINE_PITCH.pt + title_height(page.title, width, styles.size("attachment-title"), 2)
        if page.form is None:
            parts.append(blocks_xml(styles, page.blocks, room=Twips(height).pt - above))
            continue
        from . import form  # the form writer, for documents with forms attached

        parts.append(form.attachment_form_xml(styles, package, page.form, section, above))
    if current != document:
        parts.append(sections.section_break(current))
    return "".join(parts)
