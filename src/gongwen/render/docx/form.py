"""Forms as WordprocessingML: the layout grid as a bordered table in the template's styles.

Captions use the template's 表头 style and written-in values its 表格文字 style, so a
district restyles every form in Word. Columns are as wide as their text needs, rows
keep their minimum height (boxes sized for handwriting) and are never split across
pages, cells spanning rows become vertical merges (``w:vMerge``), header rows repeat
on every page, and the page takes the form's paper and orientation with the
template's margins. A one-sheet form is shrunk to fit its sheet (see :mod:`..text.form_fit`);
a form running to several pages gets page numbers “第 N 页，共 M 页”.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from ...derive.forms import PHOTO_MM, FormLayout, Placement, Row
from ...models.forms import Form
from ...standard import FORM_RULE, LINE_PITCH, Mm, Pt, Twips
from ..environment import model_context
from ..text.form_fit import FormFit, fit_form
from ..text.metrics import LINE_HEIGHT, lines
from .drawing import inline_picture
from .ns import CT, RT, nsdecls
from .package import CoreProperties, Package
from .sections import body_section, type_area, with_body_section, with_page
from .template import CompiledDocx
from .wordml import StyleMap, paragraph, run, title_height, twips, xml_text

_END_PT = 1.0
TITLE_PITCH_PT = LINE_PITCH.pt
"""Line pitch of the title styles (exactly 28.95 pt)."""


def _run(text: str, size: float | None) -> str:
    if size is None:
        return run(text)
    half = Pt(size).half_points
    body = "<w:br/>".join(
        f'<w:t xml:space="preserve">{xml_text(line)}</w:t>' for line in text.split("\n")
    )
    return f'<w:r><w:rPr><w:sz w:val="{half}"/><w:szCs w:val="{half}"/></w:rPr>{body}</w:r>'


def _cell_xml(
    styles: StyleMap, package: Package, placement: Placement, fit: FormFit, row: Row,
    width: int, merge: str,
) -> str:
    """One ``w:tc``; ``merge`` is "" , "restart" or "continue" for vertical merges."""
    cell = placement.cell
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if cell.span > 1:
        props += f'<w:gridSpan w:val="{cell.span}"/>'
    if merge:
        props += '<w:vMerge w:val="restart"/>' if merge == "restart" else "<w:vMerge/>"
    props += f'<w:vAlign w:val="{cell.vertical(row.height)}"/>'
    content = ""
    if merge != "continue":
        if cell.image:
            photo = package.add_image(cell.image)
            content += inline_picture(photo, Mm(PHOTO_MM[0]), Mm(PHOTO_MM[1]), "照片", "photo")
        text = fit.text(placement)
        size = fit.size(cell, styles.size("table-text"), styles.size("table-head"))
        content += _run(text, size) if text else ""
    role = "table-head" if cell.label else "table-text"
    block = paragraph(
        styles, role, content, f'<w:jc w:val="{cell.alignment}"/>', keep_next=row.keep
    )
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{block}</w:tc>"


def table_xml(
    styles: StyleMap, package: Package, layout: FormLayout, fit: FormFit, width: int
) -> str:
    """The form's grid as a table ``width`` twips wide, sized as ``fit`` says."""
    columns = twips(fit.widths, width)
    style_id = styles.id_for("table")
    tstyle = f'<w:tblStyle w:val="{style_id}"/>' if style_id else ""
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="{FORM_RULE.eighths}" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    rows = []
    for index, row in enumerate(layout.rows):
        trpr = "<w:cantSplit/>" if fit.whole[index] else ""
        trpr += "<w:tblHeader/>" if row.header else ""
        trpr += f'<w:trHeight w:val="{Pt(fit.heights[index]).twips}" w:hRule="atLeast"/>'
        cells = "".join(
            _cell_xml(
                styles, package, placement, fit, row,
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


def _line(styles: StyleMap, text: str, align: str) -> str:
    return paragraph(styles, "table-text", run(text), f'<w:jc w:val="{align}"/>')


# A table must be followed by a paragraph; this one is a hair high so it never adds a page.
_END = (
    '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/></w:pPr></w:p>'
)


@dataclass(frozen=True)
class FormXml:
    """A form drawn for its page: the line above the grid, the grid, the notes below."""

    caption: str
    table: str
    notes: str
    fit: FormFit

    @property
    def xml(self) -> str:
        return self.caption + self.table + self.notes


def form_xml(
    styles: StyleMap, package: Package, layout: FormLayout, area: tuple[int, int],
    above: float,
) -> FormXml:
    """A form fitted to a type area of ``area`` (width, height in twips), below ``above``
    points of title; warnings go to the package."""
    width, height = area
    text_size, head_size = styles.size("table-text"), styles.size("table-head")
    small = [t for t in (layout.caption, *layout.notes) if t]
    other = above + _END_PT + sum(
        lines(t, Twips(width).pt / text_size) * text_size * LINE_HEIGHT for t in small
    )
    fit = fit_form(layout, Twips(width).pt, Twips(height).pt, other, text_size, head_size)
    if fit.warning:
        package.warnings.append(fit.warning)
    caption = _line(styles, layout.caption, "left") if layout.caption else ""
    notes = "".join(_line(styles, note, "right") for note in layout.notes)
    return FormXml(caption, table_xml(styles, package, layout, fit, width) + _END, notes, fit)


def _page_number_footer(styles: StyleMap) -> bytes:
    """A footer “第 N 页，共 M 页”, centred, in the template's footer style."""
    style_id = styles.id_for("footer")
    pstyle = f'<w:pStyle w:val="{style_id}"/>' if style_id else ""

    def field(name: str) -> str:
        return (
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {name} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        )

    def text(value: str) -> str:
        return f'<w:r><w:t xml:space="preserve">{value}</w:t></w:r>'

    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:ftr{nsdecls("w", "r")}>'
        f'<w:p><w:pPr>{pstyle}<w:jc w:val="center"/><w:ind w:left="0" w:right="0" w:firstLine="0"/>'
        f"</w:pPr>{text('第 ')}{field('PAGE')}{text(' 页，共 ')}{field('NUMPAGES')}{text(' 页')}"
        "</w:p></w:ftr>"
    ).encode()


def _numbered(sect_pr: str, package: Package, styles: StyleMap) -> str:
    """A section with page numbers in its footers (odd and even pages alike), unless the
    template gave it footers of its own."""
    if "<w:footerReference" in sect_pr:
        return sect_pr
    footer = _page_number_footer(styles)
    references = "".join(
        f'<w:footerReference w:type="{kind}" r:id="'
        f'{package.add_part(f"footer-gongwen-{kind}.xml", footer, CT.FOOTER, RT.FOOTER)}"/>'
        for kind in ("default", "even")
    )
    return re.sub(r"(<w:sectPr\b[^>]*?)(/?)>", lambda m: f"{m.group(1)}>{references}"
                  + ("</w:sectPr>" if m.group(2) else ""), sect_pr, count=1)


def render_form(
    compiled: CompiledDocx, form: Form, layout: FormLayout, properties: CoreProperties
) -> Package:
    """Render a form into a new package from a compiled form template: its page set to
    the form's paper and orientation, page numbers when it runs to several pages.

    The template sees the model's fields and ``form_caption``, ``form_table`` and
    ``form_notes`` (paragraphs for ``{{p … }}``).
    """
    package = compiled.new_package()
    styles = compiled.styles
    section = with_page(body_section(compiled.parts["word/document.xml"].decode("utf-8")),
                        layout)
    area = type_area(section)
    drawn = form_xml(styles, package, layout, area,
                     title_height(layout.title, area[0], styles.size("title"), 1))
    context = model_context(form)
    context["form_caption"] = Markup(drawn.caption)
    context["form_table"] = Markup(drawn.table)
    context["form_notes"] = Markup(drawn.notes)
    if drawn.fit.pages > 1:
        section = _numbered(section, package, styles)
    compiled.render_into(package, context, properties)
    rendered = package.parts["word/document.xml"].decode("utf-8")
    package.parts["word/document.xml"] = with_body_section(rendered, section).encode("utf-8")
    return package


def attachment_form_xml(
    styles: StyleMap, package: Package, layout: FormLayout, section: str, above: float
) -> str:
    """A form printed as an attachment on pages set up as ``section``, below ``above``
    points of attachment label and title."""
    return form_xml(styles, package, layout, type_area(section), above).xml
