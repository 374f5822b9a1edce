"""Forms → a format-neutral grid of cells that .docx, .xlsx and HTML renderers draw alike.

A :class:`FormLayout` is a table: relative column widths, rows with a minimum
height (boxes sized for handwriting) and cells that span columns (``span``) or
rows (``rows``, drawn as vertical merges). Each form kind has one function here
turning its model into a layout; a blank form is the same function applied to
the form's :meth:`~gongwen.models.forms.Form.blank` copy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from ..filters import cn_date
from ..models.forms import (
    DivisionTable,
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

BLANK_DATE = "　　年　　月　　日"
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


def leader_check_layout(form: LeaderCheck) -> FormLayout:
    """领导干部检查督查情况表, with the follow-up and its own signatures at the foot."""
    sign = {"align": "right"}
    rows = (
        Row((label("检查时间"), Cell(day_text(form.date, form.time)), label("地址"),
             Cell(form.address or ""))),
        Row((label("受检对象"), Cell(form.target or ""), label("被检查人"),
             Cell(form.inspected or ""))),
        Row((label("检查情况"), Cell(form.situation, span=3)), height=60),
        Row((label("被检查人签字"), Cell(signed(form.inspected_signature), span=3, **sign)),
            height=18),
        Row((label("处置意见"), Cell(form.disposal, span=3)), height=40),
        Row((label("检查领导签字"), Cell(signed(form.leader_signature), **sign),
             label("责任单位负责人签字"), Cell(signed(form.unit_head_signature), **sign)),
            height=18),
        Row((label("跟踪落实情况", rows=2), Cell(form.follow_up, span=3)), height=40),
        Row((Cell(signed_as("检查人签字", form.follow_up_signature), span=1),
             Cell(signed_as("责任单位负责人签字", form.follow_up_unit_signature), span=2)),
            height=18),
    )
    return FormLayout(form.title, (1.3, 2.4, 1.3, 2.4), rows, _caption(form), paper=form.paper)


BLANK_LINES = 8
"""Rows a blank list-type form offers for handwriting."""


def execution_plan_layout(form: ExecutionPlan) -> FormLayout:
    """监督检查执行方案: a line per check, then the reviewer's and approver's boxes."""
    header = Row(tuple(label(t) for t in ("时间", "对象（地点或单位）", "内容", "检查组成员")),
                 header=True)
    items = [
        Row((Cell(i.time), Cell(i.target), Cell(i.content), Cell("、".join(i.members))), height=20)
        for i in form.items
    ] or [Row((Cell(), Cell(), Cell(), Cell()), height=20)] * BLANK_LINES
    rows = (
        header,
        *items,
        *(
            Row((label(f"{role}\n（签字及意见）"), Cell(opinion_text(opinion), span=3)), height=30)
            for role, opinion in (("审核人", form.reviewer), ("审批人", form.approver))
        ),
    )
    return FormLayout(form.title, (1.7, 2.2, 3.8, 1.8), rows, _caption(form), paper=form.paper)


def record_sheet_layout(form: RecordSheet) -> FormLayout:
    """督导工作记录单: matters and methods as tick boxes, findings, rectification, signatures."""
    rectification = form.rectification
    deadline = f"整改期限：{cn_date(form.deadline) if form.deadline else BLANK_DATE}"
    rows = (
        Row((label("督导学校（园）"), Cell(form.school or ""), label("督导日期"),
             Cell(day_text(form.date)))),
        Row((label("督学"), Cell("、".join(form.inspectors), span=3))),
        Row((label("督导事项"),
             Cell(checklist((m.name for m in form.catalogue), form.matters), span=3)), height=26),
        Row((label("督导方式"), Cell(checklist(form.methods_catalogue, form.methods), span=3)),
            height=18),
        Row((label("督导情况及\n发现的问题"), Cell(form.findings, span=3)), height=70),
        Row((label("整改意见\n及要求"), Cell(f"{rectification}\n{deadline}".lstrip("\n"), span=3)),
            height=40),
        Row((label("督学签字"), Cell(signed(form.inspector_signature), align="right"),
             label("学校（园）\n负责人签字"), Cell(signed(form.school_signature), align="right")),
            height=18),
    )
    return FormLayout(form.title, (1.5, 2.5, 1.4, 2.3), rows, _caption(form), paper=form.paper)


def division_table_layout(form: DivisionTable) -> FormLayout:
    """责任分工表: each task's number and content merged down the rows of its requirements."""
    rows = [Row(tuple(label(t) for t in ("序号", "工作内容", "工作要求", "责任部门")), header=True)]
    for number, group in enumerate(form.groups, start=1):
        span = len(group.items)
        for index, item in enumerate(group.items):
            lead = (Cell(str(number), rows=span, align="center"), Cell(group.content, rows=span))
            rows.append(Row(((*lead,) if index == 0 else ())
                            + (Cell(item.requirement), Cell("、".join(item.departments))),
                            height=10))
    if not form.groups:
        rows += [Row((Cell(), Cell(), Cell(), Cell()), height=14)] * BLANK_LINES
    return FormLayout(form.title, (0.9, 2.4, 5.0, 2.2), tuple(rows), _caption(form),
                      paper=form.paper)


PHOTO_MM = (33.0, 45.0)
"""Width and height of the inspector's photo on a notice board (a 2-inch photo)."""


def notice_board_layout(form: NoticeBoard) -> FormLayout:
    """督学公示牌: landscape, large type, photo beside the inspector's particulars."""
    scale = 1.0 if form.paper == "A4" else 1.41  # A3 is A4 enlarged by √2
    big = {"size": round(18 * scale), "valign": "center"}
    high = 22 * scale
    person = form.inspector
    name, position, phone = (
        (person.name, person.position or "", person.phone or "") if person else ("", "", "")
    )
    photo = Cell("" if form.photo else "照片", rows=3, align="center", image=form.photo)
    matters = "\n".join(f"{i}.{m.name}" for i, m in enumerate(form.matters, start=1))
    rows = (
        Row((photo, label("学校（园）", **big), Cell(form.school or "", span=3, **big)), high),
        Row((label("责任督学", **big), Cell(name, **big), label("职务", **big),
             Cell(position, **big)), high),
        Row((label("联系电话", **big), Cell(phone, **big), label("监督电话", **big),
             Cell(form.hotline or "", **big)), high),
        Row((label("督导事项", **big), Cell(matters, span=4, size=round(16 * scale))), 80 * scale),
    )
    notes = (f"{form.issuer}监制",) if form.issuer else ()
    return FormLayout(form.title, (2.2, 1.8, 3.2, 1.4, 3.2), rows, notes=notes,
                      paper=form.paper, landscape=True)


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
