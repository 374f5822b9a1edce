"""A form's grid sized for its page: column widths from the text, row heights from the
text and the room left for handwriting, and for a one-sheet form the shrinking that
keeps it on one sheet.

Heights are estimated from the same metrics as the widths (lines per cell × line
height, see :mod:`.metrics`). A one-sheet form that would overflow first gives up the
spare room of its boxes (every row shrinks towards its text), then its type shrinks in
half-point steps down to :data:`FLOOR_PT`; if it still cannot fit, it is laid out at
that size and a warning names the form, how much overflows and its fullest box.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...derive.forms import PHOTO_MM, Cell, FormLayout, Placement
from ...standard import Mm, Pt
from .columns import (
    CELL_PADDING_PT,
    CELL_V_PADDING_PT,
    FLOOR_PT,
    STEP_PT,
    CellText,
    cell_height,
    column_widths,
    in_columns,
)
from .metrics import lines

SAFETY = 0.97
"""Share of the page an estimate may fill: room for what an estimate cannot know."""


@dataclass(frozen=True)
class FormFit:
    """How a form is drawn on its page."""

    widths: tuple[float, ...]
    """Column widths in points."""
    heights: tuple[float, ...]
    """Minimum row heights in points: the boxes' room for handwriting (rows grow with text)."""
    texts: dict[tuple[int, int], str]
    """Text of the cell starting at (row, column) as drawn: lists broken between items."""
    scale: float
    """Type size as a share of the styles' sizes (1.0: not shrunk)."""
    whole: tuple[bool, ...]
    """Rows short enough to be kept whole on a page (never split across pages)."""
    pages: int
    """Pages the form is estimated to take."""
    warning: str | None = None

    def text(self, placement: Placement) -> str:
        return self.texts[(placement.row, placement.column)]

    def size(self, cell: Cell, text_size: float, head_size: float) -> float | None:
        """The font size to write a cell's text in, or None for its style's own."""
        if cell.size is None and self.scale == 1.0:
            return None
        base = cell.size or (head_size if cell.label else text_size)
        return round(base * self.scale * 2) / 2


class _Grid:
    """The layout's cells with their widths, measured at a given type scale."""

    def __init__(self, layout: FormLayout, width: float, text_size: float, head_size: float) -> None:
        self.layout = layout
        self.text_size, self.head_size = text_size, head_size
        self.placements = layout.placements()
        cells = [CellText(p.column, p.cell.text, self.size(p.cell), p.cell.span) for p in self.placements]
        self.widths = column_widths(cells, len(layout.widths), width, layout.widths)
        self.texts = {
            (p.row, p.column): in_columns([p.cell.text], [self.width(p)], self.size(p.cell))[0]
            for p in self.placements
        }
        self._measured: dict[float, list[float]] = {}

    def size(self, cell: Cell, scale: float = 1.0) -> float:
        return (cell.size or (self.head_size if cell.label else self.text_size)) * scale

    def width(self, placement: Placement) -> float:
        return sum(self.widths[placement.column : placement.column + placement.cell.span])

    def lines(self, placement: Placement, scale: float) -> int:
        text = self.texts[(placement.row, placement.column)]
        size = self.size(placement.cell, scale)
        return lines(text, (self.width(placement) - CELL_PADDING_PT) / size)

    def _needs(self, scale: float) -> list[float]:
        """What each cell's text (and photo) needs at ``scale``, in points, by placement."""
        if scale not in self._measured:
            needs = []
            for p in self.placements:
                text = self.texts[(p.row, p.column)]
                needed = cell_height(text, self.width(p), self.size(p.cell, scale))
                if p.cell.image:
                    needed = max(needed, Mm(PHOTO_MM[1]).pt + CELL_V_PADDING_PT)
                needs.append(needed)
            self._measured[scale] = needs
        return self._measured[scale]

    def heights(self, scale: float, room: float) -> list[float]:
        """Row heights in points: the boxes' heights for handwriting × ``room``, at least
        what their text (and photo) needs at ``scale``; a cell spanning rows adds what it
        lacks to its last row."""
        heights = [max(Mm(row.height).pt * room, CELL_V_PADDING_PT) for row in self.layout.rows]
        spanning = []
        for p, needed in zip(self.placements, self._needs(scale), strict=True):
            if p.cell.rows > 1:
                spanning.append((p.row, p.cell.rows, needed))
            else:
                heights[p.row] = max(heights[p.row], needed)
        for row, count, needed in spanning:
            short = needed - sum(heights[row : row + count])
            if short > 0:
                heights[row + count - 1] += short
        return heights


def fit_form(
    layout: FormLayout, width: float, height: float, other: float, text_size: float,
    head_size: float,
) -> FormFit:
    """Lay out a form ``width`` points wide on pages ``height`` points high, ``other``
    points of which its title, caption and notes (and an attachment's label) take."""
    grid = _Grid(layout, width, text_size, head_size)
    room = height * SAFETY

    def needed(scale: float, share: float) -> float:
        return other + sum(grid.heights(scale, share))

    def result(scale: float, share: float, warning: str | None = None) -> FormFit:
        minimum = tuple(Mm(row.height).pt * share for row in layout.rows)
        heights = grid.heights(scale, share)
        header = sum(heights[: layout.header_rows])
        whole = tuple(h <= room - header for h in heights)
        pages = _pages(heights, layout.header_rows, room - other, room)
        return FormFit(tuple(grid.widths), minimum, grid.texts, scale, whole, pages, warning)

    if not layout.one_sheet or needed(1.0, 1.0) <= room:
        return result(1.0, 1.0)
    size = text_size
    while needed(size / text_size, 0.0) > room and size - STEP_PT >= FLOOR_PT - 1e-6:
        size -= STEP_PT
    scale = size / text_size
    if needed(scale, 0.0) > room:
        return result(scale, 0.0, _overflow(layout, grid, scale, needed(scale, 0.0) - room))
    low, high = 0.0, 1.0
    for _ in range(16):
        middle = (low + high) / 2
        low, high = (middle, high) if needed(scale, middle) <= room else (low, middle)
    return result(scale, low)


def _pages(heights: Sequence[float], header_rows: int, first: float, room: float) -> int:
    """Pages the rows take: a row that does not fit what is left of a page starts the
    next one (header rows repeated); a row taller than a page runs over."""
    header = sum(heights[:header_rows])
    pages, left = 1, first
    for index, height in enumerate(heights):
        if height > left and index > header_rows and height <= room - header:
            pages += 1
            left = room - header
        left -= height
        while left < 0:
            pages += 1
            left += room - header
    return pages


def _overflow(layout: FormLayout, grid: _Grid, scale: float, over: float) -> str:
    """A warning naming the form, how much it overflows and its fullest box."""
    fullest = max(
        (p for p in grid.placements if not p.cell.label and p.cell.text),
        key=lambda p: grid.lines(p, scale),
        default=None,
    )
    where = ""
    if fullest is not None:
        row = layout.rows[fullest.row]
        name = next((c.text for c in row.cells if c.label), "") or fullest.cell.text[:8]
        where = f"内容最多的是“{name.replace(chr(10), '')}”栏（约 {grid.lines(fullest, scale)} 行），"
    return (
        f"“{layout.title}”一页放不下：各栏已缩到文字高度、字号已缩到 {scale * grid.text_size:g} 磅，"
        f"仍超出约 {Pt(over).mm:.0f} 毫米；{where}请精简内容，或改用 A3 纸（paper: A3）。"
    )
