"""Column widths of a table from the text in its columns.

Each column first gets the width of its widest piece that should not be broken — a
label, a name, a department, a date, a segment of a list (see :func:`metrics.pieces`)
— plus the cells' margins, when the table has room for all of them. What is left is
shared in proportion to the columns' text beyond those minimums, or, when the caller
gives relative widths, the caller's widths are kept wherever they leave a column its
minimum.

A table whose pieces cannot all fit at its styles' sizes is set smaller, in half-point steps
down to :data:`FLOOR_PT` (see :func:`fitting_scale`), before any piece is broken; so is a
table that would run a few rows onto a page of their own when it can end on the page it
starts (see :func:`height_scale`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ...standard import TABLE_CELL_MARGINS
from .metrics import height_pt, lines, min_em, text_em, wrap_at_separators

CELL_PADDING_PT = 2 * TABLE_CELL_MARGINS[1].pt + 1.5
"""Left and right cell margins of the table styles and the borders."""
CELL_V_PADDING_PT = 2 * TABLE_CELL_MARGINS[0].pt + 1.0
"""Top and bottom cell margins of the table styles and a border."""
FLOOR_PT = 10.5
"""The smallest type a table or a one-sheet form is shrunk to (五号)."""
STEP_PT = 0.5


@dataclass(frozen=True)
class CellText:
    """The text of one cell: its first column, how many columns it spans, its size in pt."""

    column: int
    text: str
    size: float
    span: int = 1


def column_widths(
    cells: Iterable[CellText],
    count: int,
    total: float,
    hints: Sequence[float] | None = None,
    padding: float = CELL_PADDING_PT,
) -> list[float]:
    """Widths of ``count`` columns summing to ``total`` (in points)."""
    cells = [cell for cell in cells if cell.text]
    minimum = _minimums(cells, count, padding)
    text = [0.0] * count  # what the columns' text needs beyond their minimums
    for cell in cells:
        share = (text_em(cell.text.replace("\n", "")) * cell.size + padding) / cell.span
        for column in range(cell.column, cell.column + cell.span):
            text[column] += max(share - minimum[column], 0.0)
    least = sum(minimum)
    if least >= total:
        return [total * m / least for m in minimum]
    if hints:
        weights = [total * h / sum(hints) for h in hints]
        return _raised_to(minimum, weights)
    spare = total - least
    written = sum(text) or count
    return [m + spare * (t if sum(text) else 1) / written for m, t in zip(minimum, text, strict=True)]


def fitting_scale(cells: Iterable[CellText], count: int, total: float) -> float:
    """The share of its sizes (1.0, or less in half-point steps of the largest size, not
    below :data:`FLOOR_PT`) at which every column's unbreakable piece fits ``total`` points."""
    cells = [cell for cell in cells if cell.text]
    largest = max((cell.size for cell in cells), default=FLOOR_PT)

    def fits(scale: float) -> bool:
        return sum(_minimums(cells, count, CELL_PADDING_PT, scale)) <= total

    shares = _shares(largest)
    return next((share for share in shares if fits(share)), shares[-1])


def table_height(
    columns: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float], head: float, text: float
) -> float:
    """Height in points of a table: its header row at ``head`` points, its rows at ``text``."""
    return row_height(in_columns(columns, widths, head), widths, head) + sum(
        row_height(in_columns(row, widths, text), widths, text) for row in rows
    )


def height_scale(height: Callable[[float], float], largest: float, room: float, scale: float = 1.0) -> float:
    """The largest share of its sizes, ``scale`` or less in half-point steps of ``largest``
    (not below :data:`FLOOR_PT`), at which ``height(share)`` fits ``room`` points; ``scale``
    when it fits already or no size does."""
    return next((share for share in _shares(largest, scale) if height(share) <= room), scale)


def _shares(largest: float, start: float = 1.0) -> list[float]:
    """``start``, then the shares of the sizes at each half point less of ``largest``, down
    to :data:`FLOOR_PT`: the sizes a table is tried at, largest first."""
    shares, size = [start], largest * start
    while size - STEP_PT >= FLOOR_PT - 1e-6:
        size -= STEP_PT
        shares.append(size / largest)
    return shares


def _minimums(cells: Sequence[CellText], count: int, padding: float, scale: float = 1.0) -> list[float]:
    """Each column's least width: its widest unbreakable piece (cells of one column) at
    ``scale`` times its size, and room for two small characters at least."""
    minimum = [2 * 10.5 * scale + padding] * count
    for cell in cells:
        if cell.span == 1:
            piece = min_em(cell.text) * cell.size * scale + padding
            minimum[cell.column] = max(minimum[cell.column], piece)
    return minimum


def _raised_to(minimum: Sequence[float], widths: Sequence[float]) -> list[float]:
    """``widths`` with every column raised to its minimum, the difference taken from the
    columns wider than theirs in proportion to what they have to spare (which never
    takes one below its minimum while the minimums fit the total)."""
    short = sum(max(m - w, 0.0) for m, w in zip(minimum, widths, strict=True))
    spare = [max(w - m, 0.0) for m, w in zip(minimum, widths, strict=True)]
    if short <= 0:
        return list(widths)
    return [max(w, m) - short * s / sum(spare) for m, w, s in zip(minimum, widths, spare, strict=True)]


def cell_height(text: str, width: float, size: float) -> float:
    """Height in points of a cell ``width`` points wide holding ``text`` at ``size`` points."""
    return height_pt(text, width - CELL_PADDING_PT, size) + CELL_V_PADDING_PT


def row_height(texts: Sequence[str], widths: Sequence[float], size: float) -> float:
    """Height in points of a row of single-column cells: its tallest cell."""
    return max(cell_height(t, w, size) for t, w in zip(texts, widths, strict=True))


def in_columns(texts: Sequence[str], widths: Sequence[float], size: float) -> list[str]:
    """A row's single-column cell texts, lists (names, schools, departments) broken between
    their items where that does not make the row taller."""
    inner = [(w - CELL_PADDING_PT) / size for w in widths]
    room = max(lines(t, w) for t, w in zip(texts, inner, strict=True))
    return [wrap_at_separators(t, w, room) for t, w in zip(texts, inner, strict=True)]
