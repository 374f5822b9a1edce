"""A PDF read back as a clerk sees its pages: text lines, table grids, pictures and fonts.

pdfminer.six gives every glyph with its font and box and every drawn path. From these
this module builds, per page, the tables (grids of ruled lines), the lines of text —
inside a table one line per cell and baseline, so text never runs across a rule — and
the boxes of pictures and charts, for the layout rules in :mod:`gongwen.check.layout`.
"""

from __future__ import annotations

import contextlib
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import standard
from ..errors import GongwenError

if TYPE_CHECKING:
    from pdfminer.layout import LTCurve, LTPage

LINE_PITCH = standard.LINE_PITCH.pt
"""The line pitch in points: 22 lines in the 225 mm type area."""
MARGINS = tuple(standard.MARGINS[side].pt for side in ("top", "bottom", "left", "right"))
"""The page margins in points: top, bottom, left, right."""
A4 = tuple(length.pt for length in standard.A4)

TOLERANCE = 2.0  # points: rules meeting within this distance are joined
SUBSET = re.compile(r"^[A-Z]{6}\+")


class UnreadablePdf(GongwenError):
    """The file is missing, not a PDF, encrypted or damaged."""

    exit_code = 2
    code = "E_PDF_UNREADABLE"


@dataclass(frozen=True)
class Box:
    """A rectangle in PDF points, origin at the bottom left of the page."""

    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Glyph:
    """One drawn character: its text, font (subset prefix removed), size and box."""

    text: str
    font: str
    size: float
    x0: float
    y0: float
    x1: float
    y1: float
    baseline: float


@dataclass(frozen=True)
class Rule:
    """A drawn horizontal or vertical line segment."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return self.y1 - self.y0 < self.x1 - self.x0


@dataclass(frozen=True)
class Cell:
    """The ruled box of a table cell (as far as the rules of one page reach)."""

    table: int
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Table:
    """A grid of rules on one page."""

    index: int
    rules: list[Rule]

    @property
    def box(self) -> Box:
        return Box(
            min(r.x0 for r in self.rules),
            min(r.y0 for r in self.rules),
            max(r.x1 for r in self.rules),
            max(r.y1 for r in self.rules),
        )

    def cell_at(self, x: float, y: float) -> Cell | None:
        """The cell around a point: the nearest rules on each side that pass by it."""
        left = right = top = bottom = None
        for r in self.rules:
            if r.horizontal:
                if r.x0 - TOLERANCE <= x <= r.x1 + TOLERANCE:
                    if r.y0 >= y and (top is None or r.y0 < top):
                        top = r.y0
                    if r.y0 <= y and (bottom is None or r.y0 > bottom):
                        bottom = r.y0
            elif r.y0 - TOLERANCE <= y <= r.y1 + TOLERANCE:
                if r.x0 <= x and (left is None or r.x0 > left):
                    left = r.x0
                if r.x0 >= x and (right is None or r.x0 < right):
                    right = r.x0
        if None in (left, right, top, bottom):
            return None
        return Cell(self.index, left, bottom, right, top)  # type: ignore[arg-type]

    def row_rules(self) -> list[float]:
        """Heights (top first) of the rules crossing the whole table: the row borders."""
        box = self.box
        ys = {
            round(r.y0, 1)
            for r in self.rules
            if r.horizontal and r.x0 <= box.x0 + 2 * TOLERANCE and r.x1 >= box.x1 - 2 * TOLERANCE
        }
        return sorted(ys, reverse=True)

    def column_rules(self, y0: float, y1: float) -> list[float]:
        """Positions (left first) of the vertical rules crossing the band from y0 to y1."""
        xs = {
            round(r.x0, 1)
            for r in self.rules
            if not r.horizontal and r.y0 <= y0 + TOLERANCE and r.y1 >= y1 - TOLERANCE
        }
        return sorted(xs)


@dataclass
class Line:
    """Glyphs on one baseline, in one table cell or outside every table."""

    glyphs: list[Glyph]
    cell: Cell | None = None

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)

    @property
    def x0(self) -> float:
        return self.glyphs[0].x0

    @property
    def x1(self) -> float:
        return self.glyphs[-1].x1

    @property
    def y0(self) -> float:
        return min(g.y0 for g in self.glyphs)

    @property
    def y1(self) -> float:
        return max(g.y1 for g in self.glyphs)

    @property
    def size(self) -> float:
        return max(g.size for g in self.glyphs)

    @property
    def fonts(self) -> Counter[str]:
        """How many glyphs each font draws (Chinese glyphs only, when there are some)."""
        chinese = [g.font for g in self.glyphs if is_chinese(g.text)]
        return Counter(chinese or [g.font for g in self.glyphs])


@dataclass
class Page:
    """One page: its size, the type area, lines top to bottom, tables, pictures and fonts."""

    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    pictures: list[Box] = field(default_factory=list)
    fonts: dict[str, str] = field(default_factory=dict)  # font → the characters it draws

    @property
    def standard(self) -> bool:
        """An upright A4 page, whose type area GB/T 9704-2012 fixes."""
        return abs(self.width - A4[0]) < 3 and abs(self.height - A4[1]) < 3

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    @property
    def area(self) -> Box:
        """The type area (版心): GB/T 9704 margins on A4, the same margins on other paper."""
        top, bottom, left, right = MARGINS
        return Box(left, bottom, self.width - right, self.height - top)


def is_chinese(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


def font_name(raw: str) -> str:
    """A PDF font's name without its subset tag; GBK-encoded names (Word, WPS) decoded."""
    name = SUBSET.sub("", raw)
    if not name.isascii():
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("latin-1").decode("gbk")
    return name


def read_pdf(path: str | Path) -> list[Page]:
    """Every page of a PDF; raises :class:`UnreadablePdf` when it cannot be read."""
    from pdfminer.converter import PDFPageAggregator  # pdfminer only for runs that read a PDF
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.psexceptions import PSException

    path = Path(path)
    if not path.is_file():
        raise UnreadablePdf(f"找不到文件 {path}")
    try:
        with path.open("rb") as handle:
            document = PDFDocument(PDFParser(handle))
            resources = PDFResourceManager(caching=True)
            device = PDFPageAggregator(resources, laparams=None)
            interpreter = PDFPageInterpreter(resources, device)
            pages = []
            for number, pdf_page in enumerate(PDFPage.create_pages(document), 1):
                interpreter.process_page(pdf_page)
                pages.append(_page(number, device.get_result()))
    except (PSException, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnreadablePdf(f"{path} 不是可读取的 PDF 文件（{type(exc).__name__}），请重新导出") from exc
    if not pages:
        raise UnreadablePdf(f"{path} 没有页面")
    return pages


def _page(number: int, layout: LTPage) -> Page:
    from pdfminer.layout import LTChar, LTCurve, LTFigure, LTImage

    page = Page(number, layout.width, layout.height)
    glyphs: list[Glyph] = []
    rules: list[Rule] = []
    fonts: dict[str, list[str]] = {}
    for item in _walk(layout):
        if isinstance(item, LTChar):
            text = item.get_text()
            if not text.strip():
                continue
            name = font_name(item.fontname)
            fonts.setdefault(name, []).append(text)
            if item.upright:
                glyphs.append(
                    Glyph(text, name, item.size, item.x0, item.y0, item.x1, item.y1, item.matrix[5])
                )
        elif isinstance(item, LTCurve):
            found = _rules(item)
            rules += found
            if not found and _visible(item):
                page.pictures.append(Box(item.x0, item.y0, item.x1, item.y1))
        elif isinstance(item, (LTImage, LTFigure)):
            page.pictures.append(Box(item.x0, item.y0, item.x1, item.y1))
    page.fonts = {name: "".join(chars) for name, chars in fonts.items()}
    page.tables, loose = _tables(rules)
    page.pictures += [Box(r.x0, r.y0, r.x1, r.y1) for r in loose]
    page.lines = _lines(glyphs, page.tables)
    return page


def _walk(item: object):
    from pdfminer.layout import LTFigure, LTPage

    yield item
    if isinstance(item, (LTPage, LTFigure)):
        for child in item:
            yield from _walk(child)


def _visible(curve: LTCurve) -> bool:
    """Stroked, or filled with something other than white (a page or frame background)."""
    if curve.stroke:
        return True
    color = curve.non_stroking_color
    values = color if isinstance(color, (tuple, list)) else (color,)
    white = values in ((1,), (1, 1, 1), (0, 0, 0, 0)) or values == (1.0,)
    return bool(curve.fill) and not white


def _rules(curve: LTCurve) -> list[Rule]:
    """The horizontal and vertical segments a path draws: lines, hairline boxes, outlines."""
    if not _visible(curve):
        return []
    width, height = curve.x1 - curve.x0, curve.y1 - curve.y0
    if height < 2.5 and width > 5:
        return [Rule(curve.x0, (curve.y0 + curve.y1) / 2, curve.x1, (curve.y0 + curve.y1) / 2)]
    if width < 2.5 and height > 5:
        return [Rule((curve.x0 + curve.x1) / 2, curve.y0, (curve.x0 + curve.x1) / 2, curve.y1)]
    if not curve.stroke:
        return []  # a filled shape: a bar of a chart, a seal
    segments = []
    points = curve.pts
    for (ax, ay), (bx, by) in itertools.pairwise(points):
        if abs(ay - by) < 0.5 and abs(ax - bx) > 0.5:
            segments.append(Rule(min(ax, bx), ay, max(ax, bx), ay))
        elif abs(ax - bx) < 0.5 and abs(ay - by) > 0.5:
            segments.append(Rule(ax, min(ay, by), ax, max(ay, by)))
        elif abs(ax - bx) > 0.5 or abs(ay - by) > 0.5:
            return []  # a curve or a slanted line: a drawing, not a rule
    return segments


def _touch(a: Rule, b: Rule) -> bool:
    t = TOLERANCE
    return a.x0 - t <= b.x1 and b.x0 - t <= a.x1 and a.y0 - t <= b.y1 and b.y0 - t <= a.y1


def _tables(rules: list[Rule]) -> tuple[list[Table], list[Rule]]:
    """Rules that meet, grouped; a group of at least two cells is a table, the rest loose rules."""
    parent = list(range(len(rules)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(rules):
        for j in range(i):
            if _touch(a, rules[j]):
                parent[root(i)] = root(j)
    groups: dict[int, list[Rule]] = {}
    for i, rule in enumerate(rules):
        groups.setdefault(root(i), []).append(rule)
    tables: list[Table] = []
    loose: list[Rule] = []
    for group in groups.values():
        across = sum(1 for r in group if r.horizontal)
        down = len(group) - across
        if across >= 2 and down >= 2 and (across >= 3 or down >= 3):
            tables.append(Table(len(tables), group))
        else:
            loose += group
    return tables, loose


def _lines(glyphs: list[Glyph], tables: list[Table]) -> list[Line]:
    """Glyphs grouped by table cell (or none) and baseline, each line left to right."""
    by_cell: dict[Cell | None, list[Glyph]] = {}
    for glyph in glyphs:
        x, y = (glyph.x0 + glyph.x1) / 2, (glyph.y0 + glyph.y1) / 2
        cell = None
        for table in tables:
            box = table.box
            if box.x0 <= x <= box.x1 and box.y0 <= y <= box.y1:
                cell = table.cell_at(x, y)
                if cell:
                    break
        by_cell.setdefault(cell, []).append(glyph)
    lines: list[Line] = []
    for cell, members in by_cell.items():
        members.sort(key=lambda g: (-g.baseline, g.x0))
        current: list[Glyph] = []
        for glyph in members:
            if current and abs(glyph.baseline - current[0].baseline) > 0.3 * max(glyph.size, current[0].size):
                lines.append(Line(sorted(current, key=lambda g: g.x0), cell))
                current = []
            current.append(glyph)
        if current:
            lines.append(Line(sorted(current, key=lambda g: g.x0), cell))
    lines.sort(key=lambda line: (-round(line.glyphs[0].baseline, 1), line.x0))
    return lines
