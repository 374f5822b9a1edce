"""The body of a document in WordprocessingML: headings, numbered items, paragraphs and
tables, as :mod:`gongwen.derive.outline` lays them out."""

from __future__ import annotations

from collections.abc import Sequence

from ...derive.outline import Block, Heading, Item, Paragraph, TableBlock
from ...standard import LINE_PITCH, TABLE_RULE, TYPE_HEIGHT, Twips
from ..text.columns import (
    CellText,
    column_widths,
    fitting_scale,
    height_scale,
    in_columns,
    row_height,
    table_height,
)
from ..text.metrics import LINE_HEIGHT
from .wordml import CENTRED, TYPE_WIDTH_TWIPS, StyleMap, paragraph, run, runs, twips


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
    """Which headings keep with the next paragraph: at most a heading's pair, never chains.

    The last heading of a run keeps with the text under it, and the heading just above it
    keeps with it (一、 over （一） over text); headings further up a run keep with nothing,
    so a run of headings cannot push half a page of space before it.
    """
    keeps = [False] * len(blocks)
    for index, block in enumerate(blocks):
        if not _is_heading(block) or index + 1 == len(blocks):
            continue
        below = blocks[index + 1 : index + 3]
        # keep with the text under it, or with one heading that keeps with its text
        keeps[index] = not _is_heading(below[0]) or (len(below) > 1 and not _is_heading(below[1]))
    return keeps


def _is_heading(block: Block) -> bool:
    return isinstance(block, Heading) and not block.runs


def table_xml(styles: StyleMap, block: TableBlock, keep_next: bool = False, room: float | None = None) -> str:
    """A full-width table in the template's table style; the header row repeats on each page.

    Columns are as wide as their text needs (see :mod:`.columns`), the type set smaller
    when the table's labels cannot all fit whole at the styles' sizes; a body row that fits a
    page is never split across pages. ``keep_next`` holds its last row on the page of what
    follows (the 署名 under a table that ends the body). ``room`` is the height in points the
    table has on the page it starts (an attachment's page below its title): a table that would
    overflow it is set smaller, down to 五号, when that makes it end there, rather than leave
    its last rows on a page of their own.
    """
    head_pt, text_pt = styles.size("table-head"), styles.size("table-text")
    cells = [CellText(i, t, head_pt) for i, t in enumerate(block.columns)]
    cells += [CellText(i, t, text_pt) for row in block.rows for i, t in enumerate(row)]
    width = Twips(TYPE_WIDTH_TWIPS).pt
    scale = fitting_scale(cells, len(block.columns), width)

    def widths_at(share: float) -> list[float]:
        scaled = [CellText(c.column, c.text, c.size * share, c.span) for c in cells]
        return column_widths(scaled, len(block.columns), width, block.widths)

    if room is not None:
        caption = LINE_PITCH.pt if block.title else 0.0
        after = text_pt * LINE_HEIGHT  # the paragraph Word needs after a table

        def height(share: float) -> float:
            return table_height(block.columns, block.rows, widths_at(share), head_pt * share, text_pt * share)

        scale = height_scale(height, max(head_pt, text_pt), room - caption - after, scale)
    head, text = head_pt * scale, text_pt * scale
    widths_pt = widths_at(scale)
    widths = twips(widths_pt, TYPE_WIDTH_TWIPS)
    page = TYPE_HEIGHT.pt - row_height(block.columns, widths_pt, head)  # below a repeated header
    style_id = styles.id_for("table")
    tstyle = f'<w:tblStyle w:val="{style_id}"/>' if style_id else ""
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="{TABLE_RULE.eighths}" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)

    def row(cells: Sequence[str], role: str, header: bool, keep: bool = False) -> str:
        size = head if header else text
        drawn = size if scale < 1 else None
        cells = in_columns(cells, widths_pt, size)
        if header:
            trpr = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
        elif row_height(cells, widths_pt, text) <= page:
            trpr = "<w:trPr><w:cantSplit/></w:trPr>"
        else:
            trpr = ""
        tcs = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
            f"{paragraph(styles, role, run(cell, size=drawn), keep_next=keep or None)}</w:tc>"
            for w, cell in zip(widths, cells, strict=True)
        )
        return f"<w:tr>{trpr}{tcs}</w:tr>"

    title = paragraph(styles, "table-title", run(block.title)) if block.title else ""
    last = len(block.rows) - 1
    body = "".join(row(r, "table-text", False, keep_next and i == last) for i, r in enumerate(block.rows))
    return (
        f"{title}<w:tbl><w:tblPr>{tstyle}<w:tblW w:w=\"{TYPE_WIDTH_TWIPS}\" w:type=\"dxa\"/>"
        f"<w:jc w:val=\"center\"/><w:tblBorders>{borders}</w:tblBorders>"
        f'<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
        f"{row(block.columns, 'table-head', True)}{body}</w:tbl>"
        # Word requires a paragraph between a table and what follows it; above the 署名 it
        # is a point high, so that the blank line before the 署名 is its own.
        + paragraph(styles, "table-text", "", _HAIRLINE if keep_next else "", keep_next=keep_next or None)
    )


_HAIRLINE = ('<w:spacing w:before="0" w:beforeLines="0" w:after="0" w:afterLines="0" '
             'w:line="20" w:lineRule="exact"/>')
"""Spacing that makes an empty paragraph one point high."""


def blocks_xml(
    styles: StyleMap, blocks: Sequence[Block], keep_last: bool = False, room: float | None = None
) -> str:
    """Outline blocks as WordprocessingML.

    ``keep_last`` keeps the last paragraph on the page of what follows it, so that the
    signature never stands on a page without body text (GB/T 9704-2012 §7.3.5). ``room`` is
    the height the blocks have on their first page, for a table that is all of them (see
    :func:`table_xml`).
    """
    if room is not None and not (len(blocks) == 1 and isinstance(blocks[0], TableBlock)):
        room = None
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
            parts.append(paragraph(styles, "body", runs(block.runs), keep_next=keep or block.keep or None))
        else:
            parts.append(table_xml(styles, block, keep, room))
    return "".join(parts)
