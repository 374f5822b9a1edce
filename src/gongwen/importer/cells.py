"""Line breaks gongwen put into a table cell to keep a list's items whole (names,
departments, tick boxes: :func:`gongwen.render.text.metrics.wrap_at_separators`) are not the
writer's: a cell is read back with them joined again.

A break is taken for one of gongwen's when wrapping the joined line at the cell's width
gives exactly the lines read. Where a writer's own break would print the same, the text
is joined too — except before a line a writer starts on its own: a numbered line
(``2.立即整改……``), a date (under a name in a signature box) or a caption and its value
(``整改期限：……``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence

from ..render.text.columns import CELL_PADDING_PT
from ..render.text.metrics import place_and_name, wrap_at_separators
from .labels import parse_label

_UNBOUNDED = 10**6
_OWN_LINE = re.compile(
    r"^(?:[\s　]*(?:\d{4}|　+)年[\s　]*\d*[\s　]*月[\s　]*\d*[\s　]*日$|[^：:]{1,12}[：:])"
)
MAX_PIECES = 8
"""Most lines one line of a cell is taken to have been broken into."""
_KEPT = tuple("、，；/;,")
"""Separators a wrapped line keeps at its end (spaces it drops)."""


def inner_widths(width_pt: float, sizes: Sequence[float]) -> list[float]:
    """A cell's width for text in em, at each font size it may have been wrapped at; a
    little either side of its width in whole twips."""
    return [(width_pt + delta - CELL_PADDING_PT) / size for size in sizes for delta in (0.0, -0.1, 0.1)]


def unwrapped(text: str, widths_em: Sequence[float]) -> str:
    """``text`` with the line breaks gongwen inserted at a cell's width joined again."""
    if "\n" not in text or not widths_em:
        return text
    lines = text.split("\n")
    out: list[str] = []
    start = 0
    while start < len(lines):
        end, line = _first_line(lines, start, widths_em)
        out.append(line)
        start = end + 1
    return "\n".join(out)


def _starts_own_line(line: str) -> bool:
    """A line a writer starts on its own: empty, numbered, a date (under a signature) or a
    caption with its value (整改期限：……)."""
    return not line.strip() or bool(parse_label(line) or _OWN_LINE.match(line))


def _joins(pieces: Sequence[str]) -> Iterator[str]:
    """The lines joined as the renderer may have split them: after 、，；/ nothing was lost,
    before a bracket neither; elsewhere the line broke at a space, which the line lost, or
    after the place leading a name (长宁区 / 天山初级中学)."""
    options = [_gaps(before, after) for before, after in itertools.pairwise(pieces)]
    for spaces in itertools.product(*options):
        yield pieces[0] + "".join(space + piece for space, piece in zip(spaces, pieces[1:], strict=True))


def _gaps(before: str, after: str) -> tuple[str, ...]:
    """What may have stood between two lines of a cell before they were broken apart, the
    likeliest first."""
    if before.endswith(_KEPT) or after.startswith("（"):
        return ("",)
    if place_and_name(before + after)[:1] == (before,):
        return ("", " ", "　")
    return (" ", "　")


def _first_line(lines: Sequence[str], start: int, widths_em: Sequence[float]) -> tuple[int, str]:
    """The line the one at ``start`` was broken from, and the last line it was broken into."""
    end = start
    while end + 1 < len(lines) and end + 1 - start < MAX_PIECES and not _starts_own_line(lines[end + 1]):
        end += 1
    if lines[start].strip():
        for last in range(end, start, -1):
            joined = _joined(lines[start : last + 1], widths_em)
            if joined is not None:
                return last, joined
    return start, lines[start]


def _joined(pieces: Sequence[str], widths_em: Sequence[float]) -> str | None:
    """The line that wrapping at one of the widths breaks into ``pieces``, or None."""
    expected = "\n".join(pieces)
    for joined in _joins(pieces):
        if any(wrap_at_separators(joined, width, _UNBOUNDED) == expected for width in widths_em):
            return joined
    return None
