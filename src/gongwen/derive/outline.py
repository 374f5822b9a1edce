"""Plan sections → a numbered, format-neutral outline of blocks.

Renderers turn these blocks into Word paragraphs, Markdown or HTML; this module
decides the numbering (一、（一）1.（1）), splits text into paragraphs and honours
``**bold**``, and expands the generated parts of a work scheme.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..filters import cn_number
from ..models.plan import Attachment, NumberStyle, Plan, Section, Table, WorkScheme
from .forms import FormLayout, form_layout

LEVEL_STYLES: tuple[NumberStyle, ...] = ("一、", "（一）", "1.", "（1）")
"""Heading numbering by level, as GB/T 9704-2012 §7.3.3 lists them."""

_ALREADY_NUMBERED = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百]+[）)]|\d+[.．、]|[（(]\d+[）)])"
)
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u3000]*\n")
_END_PUNCTUATION = "。！？：；…"


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph (正文), indented two characters."""

    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Heading:
    """A numbered heading; ``runs`` holds body text set in the same paragraph (run-in)."""

    level: int  # 1–4: the typographic level, decided by the numbering style
    number: str  # "一、", "（二）", "3.", "（4）" or "" when the title carried its own
    title: str
    runs: tuple[Run, ...] = ()

    @property
    def text(self) -> str:
        return self.number + self.title


@dataclass(frozen=True)
class TableBlock:
    """A table with a header row."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    title: str | None = None
    widths: tuple[float, ...] | None = None


Block = Paragraph | Heading | TableBlock


@dataclass(frozen=True)
class AttachmentPages:
    """An attachment printed on pages of its own after the signature: its blocks, or a form."""

    label: str  # "附件" when there is one attachment, else "附件1", "附件2" …
    title: str
    blocks: tuple[Block, ...]
    form: FormLayout | None = None


@dataclass(frozen=True)
class Outline:
    """Everything between the recipients and the signature, plus the attachments."""

    body: tuple[Block, ...]
    attachments: tuple[AttachmentPages, ...] = ()

    @property
    def attachment_titles(self) -> tuple[str, ...]:
        """What 附件说明 lists, in order."""
        return tuple(page.title for page in self.attachments)


def number_label(style: NumberStyle, n: int) -> str:
    """The label of the n-th heading in a numbering style: ("（一）", 2) → "（二）"."""
    return {
        "一、": f"{cn_number(n)}、",
        "（一）": f"（{cn_number(n)}）",
        "1.": f"{n}.",
        "（1）": f"（{n}）",
    }[style]


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


def _child_style(style: NumberStyle) -> NumberStyle:
    return LEVEL_STYLES[min(LEVEL_STYLES.index(style) + 1, len(LEVEL_STYLES) - 1)]


def _section_blocks(
    sections: list[Section], style: NumberStyle, generated: dict[str, list[Block]]
) -> list[Block]:
    blocks: list[Block] = []
    for index, section in enumerate(sections, start=1):
        title = section.title.strip()
        number = "" if _ALREADY_NUMBERED.match(title) else number_label(style, index)
        level = LEVEL_STYLES.index(style) + 1
        paragraphs = paragraphs_of(section.text)
        if section.inline and paragraphs:
            if title[-1] not in _END_PUNCTUATION:
                title += "。"
            blocks.append(Heading(level, number, title, paragraphs[0].runs))
            paragraphs = paragraphs[1:]
        else:
            blocks.append(Heading(level, number, title))
        blocks.extend(paragraphs)
        if section.include:
            blocks.extend(generated[section.include])
        if section.table:
            blocks.append(table_block(section.table))
        child = section.numbering or _child_style(style)
        blocks.extend(_section_blocks(section.sections, child, generated))
    return blocks


def table_block(table: Table) -> TableBlock:
    """A model table as a block."""
    return TableBlock(
        columns=tuple(table.columns),
        rows=tuple(tuple(row) for row in table.rows),
        title=table.title,
        widths=tuple(table.widths) if table.widths else None,
    )


def zones_table(scheme: WorkScheme) -> TableBlock:
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
    total = sum(len(zone.schools) for zone in scheme.zones)
    return TableBlock(
        columns=("责任区", "组长", "责任督学", "学校（园）", "校数"),
        rows=(*rows, ("合计", "", "", "", str(total))),
        widths=(1.5, 1.7, 2.6, 5.6, 1.0),
    )


def enumerated(items: list[str]) -> list[Block]:
    """A numbered list in running text: "1.…；" for each item, "。" after the last."""
    count = len(items)
    return [
        Paragraph((Run(f"{i}.{item.rstrip('；;。')}{'。' if i == count else '；'}"),))
        for i, item in enumerate(items, start=1)
    ]


def _generated(plan: Plan) -> dict[str, list[Block]]:
    if not isinstance(plan, WorkScheme):
        return {}
    return {
        "zones": [zones_table(plan)],
        "matters": enumerated([f"{m.name}：{'，'.join(m.points)}" if m.points else m.name
                               for m in plan.matters]),
        "workflow": enumerated(plan.workflow),
    }


def _included(sections: list[Section] | list[Attachment]) -> set[str]:
    found: set[str] = set()
    for section in sections:
        if section.include:
            found.add(section.include)
        found |= _included(section.sections)
    return found


def _attachment_blocks(attachment: Attachment, generated: dict[str, list[Block]]) -> list[Block]:
    blocks: list[Block] = list(paragraphs_of(attachment.text))
    if attachment.include:
        blocks.extend(generated[attachment.include])
    if attachment.table:
        blocks.append(table_block(attachment.table))
    blocks.extend(_section_blocks(attachment.sections, LEVEL_STYLES[0], generated))
    return blocks


def _attached_form(attachment: Attachment) -> FormLayout | None:
    """The layout of an attachment's form (附表), blank when asked."""
    if attachment.form is None:
        return None
    return form_layout(attachment.form.blank() if attachment.blank else attachment.form)


def build_outline(plan: Plan) -> Outline:
    """Number the sections of a plan and lay out its body and attachments as blocks.

    A work scheme whose sections do not place the zone table gets it as a final
    attachment 督学责任区划分表, so the division of zones is always in the document.
    """
    generated = _generated(plan)
    body: list[Block] = list(paragraphs_of(plan.preamble))
    body += _section_blocks(plan.sections, plan.numbering or LEVEL_STYLES[0], generated)
    body += paragraphs_of(plan.closing)

    pages = [(a.title, _attachment_blocks(a, generated), _attached_form(a)) for a in plan.attachments]
    if generated and "zones" not in _included(plan.sections) | _included(plan.attachments):
        pages.append(("督学责任区划分表", generated["zones"], None))
    single = len(pages) == 1
    attachments = tuple(
        AttachmentPages("附件" if single else f"附件{i}", title, tuple(blocks), form)
        for i, (title, blocks, form) in enumerate(pages, start=1)
    )
    return Outline(tuple(body), attachments)
