"""Forms as WordprocessingML: the layout grid as a bordered table in the template's styles.

Captions use the template's 表头 style and written-in values its 表格文字 style, so a
district restyles every form in Word. Rows keep their minimum height (boxes sized
for handwriting), cells spanning rows become vertical merges (``w:vMerge``), header
rows repeat on every page, and the page takes the form's paper and orientation
with the template's margins.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

from ..derive.forms import PHOTO_MM, Cell, FormLayout, Row
from ..models.forms import Form
from . import ooxml
from .docx import CompiledDocx, CoreProperties, Package
from .official import model_context

PAPER_MM = {"A4": (210, 297), "A3": (297, 420)}
_MM = ooxml.TWIPS_PER_MM
_PG_SZ = re.compile(r"<w:pgSz\b[^>]*/>")
_PG_MAR = re.compile(r"<w:pgMar\b([^>]*)/>")


def page_size(layout: FormLayout) -> tuple[int, int]:
    """Page width and height in twips for the layout's paper and orientation."""
    width, height = PAPER_MM[layout.paper]
    if layout.landscape:
        width, height = height, width
    return round(width * _MM), round(height * _MM)


def _margins(document_xml: str) -> tuple[int, int]:
    """Left and right page margins of a template's section, in twips."""
    match = _PG_MAR.search(document_xml)
    found = dict(re.findall(r'w:(left|right)="(\d+)"', match.group(1))) if match else {}
    return int(found.get("left", 1134)), int(found.get("right", 1134))


def with_page(document_xml: str, layout: FormLayout) -> str:
    """The document with its section set to the layout's paper and orientation."""
    width, height = page_size(layout)
    orient = ' w:orient="landscape"' if layout.landscape else ""
    return _PG_SZ.sub(f'<w:pgSz w:w="{width}" w:h="{height}"{orient}/>', document_xml, count=1)


def _run(text: str, size: float | None) -> str:
    if size is None:
        return ooxml.run(text)
    half = round(size * 2)
    body = "<w:br/>".join(
        f'<w:t xml:space="preserve">{ooxml.xml_text(line)}</w:t>' for line in text.split("\n")
    )
    return f'<w:r><w:rPr><w:sz w:val="{half}"/><w:szCs w:val="{half}"/></w:rPr>{body}</w:r>'


def _inline_image(image: ooxml.Image, width_mm: float, height_mm: float) -> str:
    cx, cy = round(width_mm * ooxml.EMU_PER_MM), round(height_mm * ooxml.EMU_PER_MM)
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    pic = "http://schemas.openxmlformats.org/drawingml/2006/picture"
    return (
        '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{image.docpr_id}" name="照片"/>'
        f'<a:graphic xmlns:a="{a}"><a:graphicData uri="{pic}"><pic:pic xmlns:pic="{pic}">'
        '<pic:nvPicPr><pic:cNvPr id="0" name="photo"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="{image.rel_id}"/><a:stretch><a:fillRect/></a:stretch>'
        f'</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )


def _cell_xml(
    styles: ooxml.StyleMap, package: Package, cell: Cell, row: Row, width: int, merge: str
) -> str:
    """One ``w:tc``; ``merge`` is "" , "restart" or "continue" for vertical merges."""
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if cell.span > 1:
        props += f'<w:gridSpan w:val="{cell.span}"/>'
    if merge:
        props += '<w:vMerge w:val="restart"/>' if merge == "restart" else "<w:vMerge/>"
    props += f'<w:vAlign w:val="{cell.vertical(row.height)}"/>'
    content = ""
    if merge != "continue":
        if cell.image:
            content += _inline_image(package.add_image(cell.image), *PHOTO_MM)
        content += _run(cell.text, cell.size) if cell.text else ""
    role = "table-head" if cell.label else "table-text"
    paragraph = ooxml.paragraph(styles, role, content, f'<w:jc w:val="{cell.alignment}"/>')
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraph}</w:tc>"


def table_xml(styles: ooxml.StyleMap, package: Package, layout: FormLayout, width: int) -> str:
    """The form's grid as a full-width table."""
    total = sum(layout.widths)
    columns = [round(width * w / total) for w in layout.widths]
    style_id = styles.id_for("table")
    tstyle = f'<w:tblStyle w:val="{style_id}"/>' if style_id else ""
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    rows = []
    for index, row in enumerate(layout.rows):
        height = round(row.height * _MM)
        trpr = "<w:tblHeader/>" if row.header else ""
        trpr += f'<w:trHeight w:val="{height}" w:hRule="atLeast"/>'
        cells = "".join(
            _cell_xml(
                styles, package, placement.cell, row,
                sum(columns[column : column + placement.cell.span]),
                "" if placement.cell.rows == 1 else ("restart" if starts else "continue"),
            )
            for column, placement, starts in layout.slots(index)
        )
        rows.append(f"<w:tr><w:trPr>{trpr}</w:trPr>{cells}</w:tr>")
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in columns)
    return (
        f'<w:tbl><w:tblPr>{tstyle}<w:tblW w:w="{width}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def _line(styles: ooxml.StyleMap, text: str, align: str) -> str:
    return ooxml.paragraph(styles, "table-text", ooxml.run(text), f'<w:jc w:val="{align}"/>')


# A table must be followed by a paragraph; this one is a hair high so it never adds a page.
_END = (
    '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/></w:pPr></w:p>'
)


def form_context(
    form: Form, layout: FormLayout, package: Package, compiled: CompiledDocx
) -> dict[str, Any]:
    """What a form's .docx template sees: the model's fields, ``form_caption``,
    ``form_table`` and ``form_notes`` (paragraphs for ``{{p … }}``)."""
    left, right = _margins(compiled.parts["word/document.xml"].decode("utf-8"))
    width = page_size(layout)[0] - left - right
    styles = compiled.styles
    context = model_context(form)
    caption = _line(styles, layout.caption, "left") if layout.caption else ""
    context["form_caption"] = Markup(caption)
    context["form_table"] = Markup(table_xml(styles, package, layout, width) + _END)
    context["form_notes"] = Markup("".join(_line(styles, note, "right") for note in layout.notes))
    return context


def render_form(
    compiled: CompiledDocx, form: Form, layout: FormLayout, properties: CoreProperties
) -> Package:
    """Render a form into a new package from a compiled form template."""
    package = compiled.new_package()
    compiled.render_into(package, form_context(form, layout, package, compiled), properties)
    document = package.parts["word/document.xml"].decode("utf-8")
    package.parts["word/document.xml"] = with_page(document, layout).encode("utf-8")
    return package
