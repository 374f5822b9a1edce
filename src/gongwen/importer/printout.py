"""The paragraphs a document prints, in order — its body numbered by gongwen's own outline
(:func:`gongwen.derive.outline.build_outline`), the parts around it from its fields.

This is what a round trip compares with the source: titles and items are written without
their numbers in a data file, so the labels here are the ones the renderer prints.
"""

from __future__ import annotations

from ..derive.outline import Block, Heading, TableBlock, build_outline
from ..filters import cn_date
from ..models.plan import Plan


def block_lines(block: Block) -> list[str]:
    """The text of one outline block (a table gives a line per row, cells joined by tabs)."""
    if isinstance(block, TableBlock):
        return ["\t".join(row) for row in (block.columns, *block.rows)]
    if isinstance(block, Heading):
        return [block.number + block.title + "".join(run.text for run in block.runs)]
    return [block.text]


def front_lines(document: Plan) -> list[str]:
    """版头, title, subtitles and 主送机关."""
    lines: list[str] = []
    if document.issuer is not None and document.issuer.header:
        lines.append(document.issuer.header)
    if document.number:
        lines.append(document.number)
    if document.signer:
        lines.append(f"签发人：{document.signer}")
    lines += document.title.split("\n")
    lines += document.subtitle_lines
    if document.recipients:
        lines.append("、".join(document.recipients) + "：")
    return lines


def body_lines(document: Plan) -> list[str]:
    """The body: preamble, numbered headings and items, paragraphs, tables, closing."""
    return [line for block in build_outline(document).body for line in block_lines(block)]


def end_lines(document: Plan) -> list[str]:
    """附件说明, 署名, 成文日期, 附注, attachment pages and 版记."""
    outline = build_outline(document)
    lines: list[str] = []
    titles = outline.attachment_titles
    if titles:
        listed = [titles[0]] if len(titles) == 1 else [f"{i}.{t}" for i, t in enumerate(titles, start=1)]
        lines += [f"附件：{listed[0]}", *listed[1:]]
    if document.issuer is not None:
        lines.append(document.issuer.name)
    if document.date is not None:
        lines.append(cn_date(document.date))
    if document.note:
        lines.append(f"（{document.note}）")
    for page in outline.attachments:
        lines += [page.label, page.title, *(line for block in page.blocks for line in block_lines(block))]
    if document.cc:
        lines.append(f"抄送：{'，'.join(document.cc)}。")
    if document.printer:
        day = document.print_date or document.date
        lines.append(f"{document.printer}  {cn_date(day) if day else ''}印发")
    return lines


def printed(document: Plan) -> list[str]:
    """Every paragraph a document prints, in order."""
    return [*front_lines(document), *body_lines(document), *end_lines(document)]
