"""Plan sections → a numbered, format-neutral outline of blocks.

Renderers turn these blocks into Word paragraphs, Markdown or HTML; this module
decides the numbering (一、（一）1.（1）, 第一章 … 第一条, continued lists, explicit
numbers), tells headings from numbered items, splits text into paragraphs and honours
``**bold**``, and expands the generated parts of a work scheme.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import DataError, Problem
from ..models.body import Body, IncludeEntry, ItemList, TableEntry
from ..models.body import Item as ItemData
from ..models.plan import Attachment, Plan, Section, Table, WorkScheme
from .numbering import (
    LEVEL_STYLES,
    NumberingOverflow,
    child_style,
    is_article,
    is_chapter,
    list_style_at_top,
    number_label,
    style_level,
)
from .official import OfficialParts, official_parts

if TYPE_CHECKING:  # forms are imported when a document has one
    from ..models.forms import Form
    from .forms import FormLayout

_ALREADY_NUMBERED = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百]+[）)]|\d+[.．、]|[（(]\d+[）)]"
    r"|[①-⑳]|第[一二三四五六七八九十百零〇\d]+[章节条])"
)
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u3000]*\n")
_END_PUNCTUATION = "。！？：；…"
_ITEM_END = "；;。"


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph (正文), indented two characters; ``keep`` holds it on the page of the
    next one (a line that names what follows, like a zone's name over its members)."""

    runs: tuple[Run, ...]
    keep: bool = False

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Heading:
    """A numbered heading; ``runs`` holds body text set in the same paragraph (run-in)."""

    level: int  # 1–4: the typographic level, decided by the numbering style
    number: str  # "一、", "（二）", "3.", "第一章　" or "" (unnumbered, or the title carried its own)
    title: str
    runs: tuple[Run, ...] = ()
    centred: bool = False  # 第一章 headings

    @property
    def text(self) -> str:
        return self.number + self.title


@dataclass(frozen=True)
class Item:
    """A numbered item: a body paragraph led by its number and, if any, a run-in lead."""

    level: int  # 1–4: the typographic level of its numbering (the lead's character style)
    number: str  # "1.", "（一）", "第十二条　", "①" or "" (unnumbered)
    runs: tuple[Run, ...]
    lead: str = ""  # run-in title ending in 。 (“加强组织领导。”)

    @property
    def text(self) -> str:
        return self.number + self.lead + "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class TableBlock:
    """A table with a header row."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    title: str | None = None
    widths: tuple[float, ...] | None = None


Block = Paragraph | Heading | Item | TableBlock


@dataclass(frozen=True)
class AttachmentPages:
    """An attachment printed on pages of its own after the signature: its blocks, or a form."""

    label: str  # "附件" when there is one attachment, else "附件1", "附件2" …
    title: str
    blocks: tuple[Block, ...]
    form: FormLayout | None = None


@dataclass(frozen=True)
class Outline:
    """An official document's layout: its body, its attachments, and the parts around
    them (title lines, 署名, 版记 …)."""

    body: tuple[Block, ...]
    attachments: tuple[AttachmentPages, ...] = ()
    parts: OfficialParts = field(default_factory=OfficialParts)

    @property
    def attachment_titles(self) -> tuple[str, ...]:
        """What 附件说明 lists, in order."""
        return tuple(page.title for page in self.attachments)


def runs_of(text: str) -> tuple[Run, ...]:
    """Split text on ``**bold**`` markers into runs."""
    runs: list[Run] = []
    position = 0
    for match in _BOLD.finditer(text):
        if match.start() > position:
            runs.append(Run(text[position : match.start()]))
        runs.append(Run(match.group(1), bold=True))
        position = match.end()
    if position < len(text):
        runs.append(Run(text[position:]))
    return tuple(runs)


def paragraphs_of(text: str) -> list[Paragraph]:
    """Plain text → paragraphs: blank lines separate paragraphs, single newlines join lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return []
    paragraphs = []
    for chunk in _PARAGRAPH_BREAK.split(text):
        lines = [line.strip(" \t\u3000") for line in chunk.split("\n")]
        joined = _join_lines(lines)
        if joined:
            paragraphs.append(Paragraph(runs_of(joined)))
    return paragraphs


def _join_lines(lines: list[str]) -> str:
    """Join wrapped lines: no space between Chinese characters, one between Latin words."""
    joined = ""
    for line in filter(None, lines):
        if joined and joined[-1].isascii() and line[0].isascii():
            joined += " "
        joined += line
    return joined


def table_block(table: Table) -> TableBlock:
    """A model table as a block."""
    return TableBlock(
        columns=tuple(table.columns),
        rows=tuple(tuple(row) for row in table.rows),
        title=table.title,
        widths=tuple(table.widths) if table.widths else None,
    )


def zones_table(scheme: WorkScheme, total: bool = True) -> TableBlock:
    """The 责任区划分 table: zone, leader, inspectors, schools and their count."""
    rows = tuple(
        (
            zone.name,
            zone.leader.name,
            "、".join(p.name for p in zone.members[1:]),
            "、".join(s.name for s in zone.schools),
            str(len(zone.schools)),
        )
        for zone in scheme.zones
    )
    count = str(sum(len(zone.schools) for zone in scheme.zones))
    return TableBlock(
        columns=("责任区", "组长", "责任督学", "学校（园）", "校数"),
        rows=(*rows, ("合计", "", "", "", count)) if total else rows,
        widths=(1.5, 1.7, 2.6, 5.6, 1.0),
    )


def zones_paragraphs(scheme: WorkScheme) -> list[Block]:
    """The zones as paragraphs: 第一责任区 / 组长：… / 责任督学：… / 学校（园）：…."""
    blocks: list[Block] = []
    for zone in scheme.zones:
        lines = [zone.name, f"组长：{zone.leader.name}"]
        if zone.members[1:]:
            lines.append("责任督学：" + "、".join(p.name for p in zone.members[1:]))
        lines.append("学校（园）：" + "、".join(s.name for s in zone.schools))
        blocks.append(Paragraph((Run(lines[0]),), keep=True))
        blocks += [Paragraph((Run(line),)) for line in lines[1:]]
    return blocks


def punctuated(runs: tuple[Run, ...], mark: str, last: bool) -> tuple[Run, ...]:
    """End an item with “；” (“。” after the last) or “。”; "" leaves it as written."""
    if not mark or not runs:
        return runs
    *head, tail = runs
    end = "。" if mark == "。" or last else "；"
    return (*head, Run(tail.text.rstrip(_ITEM_END) + end, tail.bold))


def _with_stop(title: str) -> str:
    return title if title[-1] in _END_PUNCTUATION else title + "。"


class BodyBuilder:
    """Numbers one document's headings and items in order.

    It remembers the last number of each list style, so that ``continue: true`` lists and
    articles (第一条) number on across sections and chapters.
    """

    def __init__(self, source: str, scheme: WorkScheme | None = None) -> None:
        self.source = source
        self.scheme = scheme
        self.last: dict[str, int] = {}

    def _label(self, style: str, n: int, where: str) -> str:
        try:
            return number_label(style, n)
        except NumberingOverflow as exc:
            raise DataError(self.source, [Problem(str(exc), where)]) from None

    def body(self, content: Body, list_style: str, depth: int, where: str) -> list[Block]:
        """Paragraphs, item lists, tables and generated parts; lists default to ``list_style``."""
        if isinstance(content, str):
            return list(paragraphs_of(content))
        blocks: list[Block] = []
        for index, block in enumerate(content):
            here = f"{where}[{index}]"
            if isinstance(block, str):
                blocks += paragraphs_of(block)
            elif isinstance(block, ItemList):
                style = list_style if block.numbering is None else block.numbering
                blocks += self.items(block.items, style, depth, f"{here}.items",
                                     block.continue_, block.punctuation or "")
            elif isinstance(block, TableEntry):
                blocks.append(table_block(block.table))
            else:
                blocks += self.include(block, list_style, depth, f"{here}.items")
        return blocks

    def items(
        self, items: Sequence[ItemData], style: str, depth: int, where: str,
        continued: bool = False, punctuation: str = "",
    ) -> list[Block]:
        """A numbered list at ``depth``; articles and continued lists go on from the last number."""
        n = self.last.get(style, 0) if continued or is_article(style) else 0
        level = style_level(style, depth)
        blocks: list[Block] = []
        for index, item in enumerate(items):
            n = item.number or n + 1
            here = f"{where}[{index}]"
            number = self._label(style, n, here)
            sub_style = child_style(style, depth, items=True) if item.numbering is None else item.numbering
            rest = self.body(item.text, sub_style, depth + 1, f"{here}.text")
            first: tuple[Run, ...] = ()
            if rest and isinstance(rest[0], Paragraph):
                first = rest.pop(0).runs
            last = index == len(items) - 1
            if rest and isinstance(rest[-1], Paragraph):
                rest[-1] = Paragraph(punctuated(rest[-1].runs, punctuation, last))
            else:
                first = punctuated(first, punctuation, last)
            lead = _with_stop(item.title) if item.title else ""
            blocks += [Item(level, number, first, lead), *rest]
            blocks += self.items(item.items, sub_style, depth + 1, f"{here}.items")
        self.last[style] = n
        return blocks

    def include(self, entry: IncludeEntry, list_style: str, depth: int, where: str) -> list[Block]:
        """A generated part of a work scheme, numbered as a list at its place."""
        scheme = self.scheme
        if scheme is None:  # the models allow include only in work schemes
            return []
        if entry.include == "zones":
            if entry.layout == "paragraphs":
                return zones_paragraphs(scheme)
            return [zones_table(scheme, entry.total)]
        texts = (
            [f"{m.name}：{'，'.join(m.points)}" if m.points else m.name for m in scheme.matters]
            if entry.include == "matters"
            else scheme.workflow
        )
        style = list_style if entry.numbering is None else entry.numbering
        return self.items([ItemData.model_construct(text=t) for t in texts], style, depth, where,
                          entry.continue_, entry.punctuation)

    def sections(self, sections: Sequence[Section], style: str, depth: int, where: str) -> list[Block]:
        """Numbered headings with their text, generated parts, tables and subsections."""
        blocks: list[Block] = []
        n = 0
        for index, section in enumerate(sections):
            here = f"{where}[{index}]"
            n = section.number or n + 1
            title = section.title.strip()
            number = "" if _ALREADY_NUMBERED.match(title) else self._label(style, n, here)
            level = style_level(style, depth)
            numbering = section.numbering
            list_style = child_style(style, depth, items=True) if numbering is None else numbering
            content = self.body(section.text, list_style, depth + 1, f"{here}.text")
            if section.inline and content and isinstance(content[0], Paragraph):
                first = content.pop(0)
                blocks.append(Heading(level, number, _with_stop(title), first.runs))
            else:
                blocks.append(Heading(level, number, title, centred=is_chapter(style)))
            blocks += content
            if section.include:
                blocks += self.include(IncludeEntry(include=section.include), list_style, depth + 1,
                                       f"{here}.include")
            if section.table:
                blocks.append(table_block(section.table))
            heading_style = child_style(style, depth, items=False) if numbering is None else numbering
            blocks += self.sections(section.sections, heading_style, depth + 1, f"{here}.sections")
        return blocks

    def whole(
        self, preamble: Body, sections: Sequence[Section], closing: Body, style: str
    ) -> list[Block]:
        """A whole body: opening blocks, sections in ``style`` and closing blocks."""
        top = list_style_at_top(style)
        return [
            *self.body(preamble, top, 1, "preamble"),
            *self.sections(sections, style, 1, "sections"),
            *self.body(closing, top, 1, "closing"),
        ]


def _included(plan: Plan) -> set[str]:
    return {part for _, part in plan.includes()}


def _attachment_blocks(attachment: Attachment, index: int, plan: Plan) -> list[Block]:
    builder = BodyBuilder(f"“{plan.title}”", plan if isinstance(plan, WorkScheme) else None)
    style = LEVEL_STYLES[0] if attachment.numbering is None else attachment.numbering
    where = f"attachments[{index}]"
    blocks = builder.body(attachment.text, list_style_at_top(style), 1, f"{where}.text")
    if attachment.include:
        blocks += builder.include(IncludeEntry(include=attachment.include), list_style_at_top(style), 1,
                                  f"{where}.include")
    if attachment.table:
        blocks.append(table_block(attachment.table))
    return blocks + builder.sections(attachment.sections, style, 1, f"{where}.sections")


FormLayouts = Callable[["Form"], "FormLayout"]
"""Lays out a form (its kind's layout), for the forms attached to a document."""


def _attached_form(attachment: Attachment, forms: FormLayouts | None) -> FormLayout | None:
    """The layout of an attachment's form (附表), blank when asked."""
    if attachment.form is None:
        return None
    if forms is None:
        raise ValueError("laying out a document with attached forms needs their layouts (forms=)")
    return forms(attachment.form.blank() if attachment.blank else attachment.form)


def build_outline(plan: Plan, forms: FormLayouts | None = None) -> Outline:
    """Number the sections of a plan and lay out its body and attachments as blocks;
    ``forms`` lays out the forms attached to it.

    A work scheme with zones whose sections do not place the zone table gets it as a
    final attachment 督学责任区划分表, so the division of zones is always in the document.
    """
    scheme = plan if isinstance(plan, WorkScheme) else None
    builder = BodyBuilder(f"“{plan.title}”", scheme)
    style = plan.default_numbering if plan.numbering is None else plan.numbering
    body = builder.whole(plan.preamble, plan.sections, plan.closing, style)

    pages = [(a.title, _attachment_blocks(a, i, plan), _attached_form(a, forms))
             for i, a in enumerate(plan.attachments)]
    if scheme is not None and scheme.zones and "zones" not in _included(plan):
        pages.append(("督学责任区划分表", [zones_table(scheme)], None))
    single = len(pages) == 1
    attachments = tuple(
        AttachmentPages("附件" if single else f"附件{i}", title, tuple(blocks), form)
        for i, (title, blocks, form) in enumerate(pages, start=1)
    )
    return Outline(tuple(body), attachments, official_parts(plan))
