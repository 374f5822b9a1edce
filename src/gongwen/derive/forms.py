"""Forms → a format-neutral grid of cells that .docx, .xlsx and HTML renderers draw alike.

A :class:`FormLayout` is a table: relative column widths (hints: renderers widen a
column its text needs), rows with a minimum height (boxes sized for handwriting) and
cells that span columns (``span``) or rows (``rows``, drawn as vertical merges). Each
form kind has one function here turning its model into a layout; a blank form is the
same function applied to the form's :meth:`~gongwen.models.forms.Form.blank` copy.
Captions come from the form (:meth:`~gongwen.models.forms.Form.caption`), so a
district's ``labels`` are printed wherever the real form's captions would be.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from ..filters import cn_date
from ..models.forms import (
    DivisionTable,
    ExecutionItem,
    ExecutionPlan,
    Form,
    LeaderCheck,
    NoticeBoard,
    Opinion,
    RecordSheet,
    Signature,
)

Align = Literal["left", "center", "right"]
VAlign = Literal["top", "center", "bottom"]

BLANK_DATE = "　　年　月　日"
"""What a signature box shows where the date is written by hand."""
CHECKED, UNCHECKED = "☑", "□"


@dataclass(frozen=True)
class Cell:
    """One box of a form: a printed caption (``label``) or a value written in."""

    text: str = ""
    label: bool = False
    span: int = 1
    rows: int = 1
    align: Align | None = None  # default: captions centred, values left
    image: Path | None = None
    size: float | None = None  # font size in points, when not the table's
    valign: VAlign | None = None  # default: see vertical()

    @property
    def alignment(self) -> Align:
        return self.align or ("center" if self.label else "left")

    def vertical(self, height: float) -> VAlign:
        """Captions and short boxes are centred; tall boxes start at the top, signatures
        sit at the bottom."""
        if self.valign:
            return self.valign
        if self.label or self.image or self.rows > 1 or height <= 18:
            return "center"
        return "bottom" if self.align == "right" else "top"


@dataclass(frozen=True)
class Row:
    """A row of cells; ``height`` is its minimum height in millimetres."""

    cells: tuple[Cell, ...]
    height: float = 12.0
    header: bool = False  # repeated at the top of every printed page
    keep: bool = False  # kept on the page of the row after it (a category, a task's rows)


@dataclass(frozen=True)
class Placement:
    """Where a cell sits in the grid (0-based row and column)."""

    row: int
    column: int
    cell: Cell


@dataclass(frozen=True)
class FormLayout:
    """A whole form: title, the line under it, the grid, and notes below."""

    title: str
    widths: tuple[float, ...]
    rows: tuple[Row, ...]
    caption: str = ""
    notes: tuple[str, ...] = ()
    paper: Literal["A4", "A3"] = "A4"
    landscape: bool = False
    one_sheet: bool = False
    """Meant to be printed on one sheet: rows and type shrink to fit it."""

    def placements(self) -> list[Placement]:
        """Every cell with its grid position, skipping columns covered from rows above."""
        covered: set[tuple[int, int]] = set()
        placed = []
        for r, row in enumerate(self.rows):
            column = 0
            for cell in row.cells:
                while (r, column) in covered:
                    column += 1
                placed.append(Placement(r, column, cell))
                covered |= {
                    (r + dr, column + dc) for dr in range(cell.rows) for dc in range(cell.span)
                }
                column += cell.span
        return placed

    def slots(self, row: int) -> Iterator[tuple[int, Placement, bool]]:
        """The cells a row shows, left to right: (column, placement, starts here).

        A cell spanning rows shows in each of them; only its first row starts it.
        """
        in_row = [
            p for p in self.placements() if p.row <= row < p.row + p.cell.rows
        ]
        for placement in sorted(in_row, key=lambda p: p.column):
            yield placement.column, placement, placement.row == row

    @property
    def header_rows(self) -> int:
        """How many rows at the top repeat on every page."""
        count = 0
        while count < len(self.rows) and self.rows[count].header:
            count += 1
        return count


def label(text: str, **kwargs: Any) -> Cell:
    """A printed caption."""
    return Cell(text, label=True, **kwargs)


def day_text(day: date | None, time: str | None = None) -> str:
    """2024年3月5日 (and a time of day when given); empty when unknown."""
    text = cn_date(day) if day else ""
    return f"{text} {time}".strip() if time else text


def signed(sig: Signature) -> str:
    """A signature box: the name over the date, or room to sign and date by hand."""
    return f"{sig.name or ''}\n{cn_date(sig.date) if sig.date else BLANK_DATE}"


def signed_as(caption: str, sig: Signature) -> str:
    """A signature inside a larger box: “检查人签字：张三” over the date."""
    return f"{caption}：{sig.name or ''}\n{cn_date(sig.date) if sig.date else BLANK_DATE}"


def opinion_text(opinion: Opinion) -> str:
    """An opinion followed by its signature line."""
    return f"{opinion.opinion}\n\n{signed_as('签字', opinion)}".lstrip("\n")


def checklist(options: Iterable[str], chosen: Iterable[str]) -> str:
    """Printed options with the chosen ones ticked; chosen items not printed are added."""
    options = list(options)
    chosen = list(chosen)
    extra = [c for c in chosen if c not in options]
    marks = [f"{CHECKED if o in chosen else UNCHECKED}{o}" for o in options]
    return "　".join(marks + [f"{CHECKED}{e}" for e in extra])


def _caption(form: Form) -> str:
    return f"填报单位：{form.organization}" if form.organization else ""


def signing_row(form: Form, keys: Sequence[str], height: float = 18) -> Row:
    """A row of signature boxes, each after its caption: two side by side, or one across."""
    span = 3 if len(keys) == 1 else 1
    return Row(tuple(
        cell for key in keys
        for cell in (label(form.caption(key)),
                     Cell(signed(getattr(form, key)), span=span, align="right"))
    ), height=height)


def leader_check_layout(form: LeaderCheck) -> FormLayout:
    """领导干部检查督查情况表 as the real form prints it: time and place, whom, the
    situation signed by the person checked, the disposal signed by the leader and the
    responsible unit's head, then the follow-up with its own signatures."""
    caption = form.caption
    rows = (
        Row((label(caption("time")), Cell(day_text(form.date, form.time)),
             label(caption("address")), Cell(form.address or ""))),
        Row((label(caption("target")), Cell(form.target or ""), label(caption("inspected")),
             Cell(form.inspected or ""))),
        Row((label(caption("situation")), Cell(form.situation, span=3)), height=60),
        signing_row(form, ["inspected_signature"]),
        Row((label(caption("disposal")), Cell(form.disposal, span=3)), height=40),
        signing_row(form, ["leader_signature", "unit_head_signature"]),
        Row((label(caption("follow_up")), Cell(form.follow_up, span=3)), height=40),
        signing_row(form, form.signers),
    )
    return FormLayout(form.title, (1.3, 2.4, 1.3, 2.4), rows, _caption(form), paper=form.paper,
                      one_sheet=True)


BLANK_LINES = 7
"""Rows a blank list-type form offers for handwriting: as many as leave a blank 执行方案's
审核 and 审批 boxes on the same A4 sheet."""

EXECUTION_WIDTHS = {"time": 1.7, "target": 2.2, "content": 3.8, "members": 1.8}


def _signing_row(caption: str, text: str, columns: int, height: float) -> Row:
    """A caption and its box across the rest of the table (or both in one box)."""
    if columns == 1:
        return Row((Cell(f"{caption}：\n{text}"),), height=height)
    return Row((label(caption), Cell(text, span=columns - 1)), height=height)


def execution_plan_layout(form: ExecutionPlan) -> FormLayout:
    """监督检查执行方案: a line per check, then the reviewer's and approver's boxes."""
    keys = form.columns
    header = Row(tuple(label(form.caption(key)) for key in keys), header=True)
    items = [
        Row(tuple(Cell(value) for value in _execution_values(item, keys)), height=20)
        for item in form.items
    ] or [Row(tuple(Cell() for _ in keys), height=20)] * BLANK_LINES
    signing = [
        _signing_row(form.caption(key), opinion_text(getattr(form, key)), len(keys), 30)
        for key in form.signers
    ]
    widths = tuple(EXECUTION_WIDTHS[key] for key in keys)
    return FormLayout(form.title, widths, (header, *items, *signing), _caption(form),
                      paper=form.paper)


def _execution_values(item: ExecutionItem, keys: Iterable[str]) -> list[str]:
    values = {"time": item.time, "target": item.target, "content": item.content,
              "members": "、".join(item.members)}
    return [values[key] for key in keys]


def record_sheet_layout(form: RecordSheet) -> FormLayout:
    """督导工作记录单: matters and methods as tick boxes, findings, rectification, signatures."""
    caption = form.caption
    deadline = f"{caption('deadline')}：{cn_date(form.deadline) if form.deadline else BLANK_DATE}"
    rows = (
        Row((label(caption("school")), Cell(form.school or "", span=3))),
        Row((label(caption("date")), Cell(day_text(form.date)), label(caption("inspectors")),
             Cell("、".join(form.inspectors)))),
        Row((label(caption("matters")),
             Cell(checklist((m.name for m in form.catalogue), form.matters), span=3)), height=26),
        Row((label(caption("methods")),
             Cell(checklist(form.methods_catalogue, form.methods), span=3)), height=18),
        Row((label(caption("findings")), Cell(form.findings, span=3)), height=70),
        Row((label(caption("rectification")),
             Cell(f"{form.rectification}\n{deadline}".lstrip("\n"), span=3)), height=40),
        signing_row(form, form.signers),
    )
    return FormLayout(form.title, (1.5, 2.5, 1.4, 2.3), rows, _caption(form), paper=form.paper,
                      one_sheet=True)


DIVISION_WIDTHS = {"number": 0.9, "content": 2.4, "requirement": 5.0, "departments": 2.2}


def division_table_layout(form: DivisionTable) -> FormLayout:
    """责任分工表: each task's number and content merged down the rows of its requirements;
    each category, when there are categories, a row across the table above its tasks."""
    keys = form.columns
    rows = [Row(tuple(label(form.caption(key)) for key in keys), header=True)]
    sections = [(None, form.groups)] if form.groups else [(c.name, c.groups) for c in form.categories]
    number = 0
    for name, groups in sections:
        if name is not None:
            rows.append(Row((label(name, span=len(keys), align="left"),), height=10, keep=True))
        for group in groups:
            number += 1
            span = len(group.items)
            for index, item in enumerate(group.items):
                cells = {
                    "number": Cell(str(number), rows=span, align="center"),
                    "content": Cell(group.content, rows=span),
                    "requirement": Cell(item.requirement),
                    "departments": Cell("、".join(item.departments)),
                }
                lead = index == 0
                rows.append(Row(tuple(cells[key] for key in keys
                                      if lead or key not in ("number", "content")),
                                height=10, keep=index < span - 1))
    if not form.all_groups:
        rows += [Row(tuple(Cell() for _ in keys), height=14)] * BLANK_LINES
    widths = tuple(DIVISION_WIDTHS[key] for key in keys)
    return FormLayout(form.title, widths, tuple(rows), _caption(form), paper=form.paper)


PHOTO_MM = (33.0, 45.0)
"""Width and height of the inspector's photo on a notice board (a 2-inch photo)."""


def notice_board_layout(form: NoticeBoard) -> FormLayout:
    """督学公示牌: landscape, large type, photo beside the inspector's particulars."""
    caption = form.caption
    scale = 1.0 if form.paper == "A4" else 1.41  # A3 is A4 enlarged by √2
    big = {"size": round(18 * scale), "valign": "center"}
    high = 22 * scale
    person = form.inspector
    name, position, phone = (
        (person.name, person.position or "", person.phone or "") if person else ("", "", "")
    )
    photo = Cell("" if form.photo else caption("photo"), rows=3, align="center", image=form.photo)
    matters = "\n".join(f"{i}.{m.name}" for i, m in enumerate(form.matters, start=1))
    rows = (
        Row((photo, label(caption("school"), **big), Cell(form.school or "", span=3, **big)), high),
        Row((label(caption("inspector"), **big), Cell(name, **big), label(caption("position"), **big),
             Cell(position, **big)), high),
        Row((label(caption("phone"), **big), Cell(phone, **big), label(caption("hotline"), **big),
             Cell(form.hotline or "", **big)), high),
        Row((label(caption("matters"), **big), Cell(matters, span=4, size=round(16 * scale))),
            80 * scale),
    )
    notes = (f"{form.issuer}监制",) if form.issuer else ()
    return FormLayout(form.title, (2.2, 1.8, 3.2, 1.4, 3.2), rows, notes=notes,
                      paper=form.paper, landscape=True, one_sheet=True)


FORM_LAYOUTS: dict[str, Callable[[Any], FormLayout]] = {
    "leader-check": leader_check_layout,
    "execution-plan": execution_plan_layout,
    "record-sheet": record_sheet_layout,
    "division-table": division_table_layout,
    "notice-board": notice_board_layout,
}
"""Form kind → the function laying it out."""


def form_layout(form: Form) -> FormLayout:
    """The layout of a form; a blank form is laid out from ``form.blank()``."""
    return FORM_LAYOUTS[form.kind](form)
