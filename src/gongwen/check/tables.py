"""Table rules measured on the printed pages: rows cut by a page end, words broken in cells."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .findings import ERROR, WARNING, Finding
from .pages import LINE_PITCH, Cell, Line, Table
from .sheets import Sheet, excerpt

ROW_SPLIT = "版面：表格行跨页"
CELL_ORPHAN = "版面：单元格孤字"

OPENING = "（(《〈“‘「『【〔［"
CLOSING = "）)》〉”’」』】〕］、。，；：！？,.;:!?"


@dataclass
class _Band:
    """A row band of a table on one page: between two rules crossing the whole table."""

    top: float
    bottom: float
    columns: list[tuple[float, float]]
    lines: list[Line]

    def texts(self) -> tuple[str, ...]:
        return tuple("".join(line.text for line in self.column(c)) for c in self.columns)

    def column(self, column: tuple[float, float]) -> list[Line]:
        x0, x1 = column
        return [line for line in self.lines if x0 - 1 <= (line.x0 + line.x1) / 2 <= x1 + 1]


def _bands(sheet: Sheet, table: Table) -> list[_Band]:
    ys = table.row_rules()
    lines = [line for line in sheet.body if line.cell is not None and line.cell.table == table.index]
    bands = []
    for top, bottom in itertools.pairwise(ys):
        xs = table.column_rules(bottom, top)
        bands.append(_Band(top, bottom, list(itertools.pairwise(xs)),
                           [line for line in lines if bottom < (line.y0 + line.y1) / 2 < top]))
    return bands


def _table_at_foot(sheet: Sheet) -> Table | None:
    tables = sorted(sheet.page.tables, key=lambda t: t.box.y0)
    if not tables:
        return None
    table = tables[0]
    if any(line.y1 < table.box.y0 for line in sheet.body) or table.box.y0 > sheet.area.y0 + 1.3 * LINE_PITCH:
        return None
    return table


def _table_at_head(sheet: Sheet) -> Table | None:
    tables = sorted(sheet.page.tables, key=lambda t: -t.box.y1)
    if not tables or any(line.y0 > tables[0].box.y1 for line in sheet.body):
        return None
    return tables[0]


def _token_width(line: Line) -> float:
    """Width of what a line break cannot separate from the line's first character."""
    glyphs = line.glyphs
    i = 0
    while i < len(glyphs) - 1 and glyphs[i].text in OPENING:
        i += 1
    if _latin(glyphs[i].text):
        while i + 1 < len(glyphs) and _latin(glyphs[i + 1].text):
            i += 1
    while i + 1 < len(glyphs) and glyphs[i + 1].text in CLOSING:
        i += 1
    return glyphs[i].x1 - glyphs[0].x0


def _wraps(line: Line, following: Line, cell: Cell, padding: float) -> bool:
    """The text of ``following`` did not fit after ``line`` in the cell: the line wrapped.

    Between Chinese and Latin letters or digits the layout adds a quarter-em space.
    """
    free = (cell.x1 - cell.x0) - 2 * padding - (line.x1 - line.x0)
    spacing = 0.25 * line.size if _latin(line.glyphs[-1].text) != _latin(following.glyphs[0].text) else 0.0
    return free < _token_width(following) + spacing + 1.0


def _latin(text: str) -> bool:
    return text.isascii() and text.isalnum()


def _padding(lines: list[Line]) -> float:
    gaps = [line.x0 - line.cell.x0 for line in lines if line.cell is not None]
    return min(max(min(gaps, default=4.0), 1.0), 6.0)


def row_split(doc: list[Sheet]) -> Iterator[Finding]:
    """A table row that starts on one page and goes on at the top of the next."""
    for sheet, following in itertools.pairwise(doc):
        here, there = _table_at_foot(sheet), _table_at_head(following)
        if here is None or there is None:
            continue
        if abs(here.box.x0 - there.box.x0) > 3 or abs(here.box.x1 - there.box.x1) > 3:
            continue
        bands, next_bands = _bands(sheet, here), _bands(following, there)
        if not bands or not next_bands:
            continue
        header = 0
        while (
            header < min(len(bands) - 1, len(next_bands) - 1)
            and next_bands[header].texts() == bands[header].texts()
        ):
            header += 1
        last, cont = bands[-1], next_bands[header]
        if not _continues(last, cont, _padding(last.lines)):
            continue
        room = (following.area.y1 - following.area.y0) - (next_bands[0].top - cont.top)
        if (last.top - last.bottom) + (cont.top - cont.bottom) > room - 2:
            continue  # the row alone is taller than a page
        first = next((lines[0].text for c in last.columns if (lines := last.column(c))), "")
        yield Finding(
            ERROR,
            ROW_SPLIT,
            f"表格的一行（“{excerpt(first)}”）从本页跨到第{following.number}页，被拆成两截；"
            "在表格属性中取消该行的“允许跨页断行”，使整行排在同一页",
            f"第{sheet.number}页",
            page=sheet.number,
        )


def _continues(last: _Band, cont: _Band, padding: float) -> bool:
    """The first band on the next page carries on the last band of this page.

    A row that goes on is cut where the page ends: every cell of its first part starts at
    the top (a vertically centred cell shows the row was complete); on the next page a cell
    whose text all fitted above stays empty, and every other cell goes on with its text.
    """
    if [round(x) for c in cont.columns for x in c] != [round(x) for c in last.columns for x in c]:
        return False
    here = {c: last.column(c) for c in last.columns}
    there = {c: cont.column(c) for c in last.columns}
    filled_here = {c for c, lines in here.items() if lines}
    filled_there = {c for c, lines in there.items() if lines}
    if not filled_there or not filled_there <= filled_here:
        return False
    gaps = {c: last.top - here[c][0].y1 for c in filled_here}
    least = min(gaps.values())
    if any(gap > least + 0.5 * here[c][0].size for c, gap in gaps.items()):
        return False  # a cell centred in its row: the row ended on this page
    if filled_here - filled_there:
        return True
    return any(len(here[c]) > 1 for c in filled_there) and all(
        _wraps(here[c][-1], there[c][0], here[c][-1].cell, padding)  # type: ignore[arg-type]
        for c in filled_there
    )


_DATE_END = re.compile(r"\d{1,2}\s*日$")
_HALF_DAYS = frozenset({"上午", "下午", "晚上", "全天"})


def _half_day(line: Line, last: Line) -> bool:
    """A half-day on the line under its date (2024年2月26日 / 上午): a break, not a broken word."""
    return last.text.strip() in _HALF_DAYS and bool(_DATE_END.search(line.text.strip()))


def cell_orphans(doc: list[Sheet]) -> Iterator[Finding]:
    """Text in a table cell wrapped so that its last line holds only one or two characters
    (other than a half-day under its date)."""
    for sheet in doc:
        by_cell: dict[Cell, list[Line]] = {}
        for line in sheet.body:
            if line.cell is not None:
                by_cell.setdefault(line.cell, []).append(line)
        paddings = {
            table.index: _padding([line for cell, lines in by_cell.items() if cell.table == table.index
                                   for line in lines])
            for table in sheet.page.tables
        }
        for cell, lines in by_cell.items():
            run = [lines[0]]
            for line in [*lines[1:], None]:
                if line is not None and run[-1].y0 - line.y1 < 0.8 * line.size and _wraps(
                    run[-1], line, cell, paddings[cell.table]
                ):
                    run.append(line)
                    continue
                if len(run) > 1 and len(run[-1].text) <= 2 and not _half_day(run[-2], run[-1]):
                    text = "".join(item.text for item in run)
                    broken = ("…" if len(run[-2].text) > 6 else "") + f"{run[-2].text[-6:]}/{run[-1].text}"
                    yield Finding(
                        WARNING,
                        CELL_ORPHAN,
                        f"表格单元格“{excerpt(text)}”折行后末行只剩“{run[-1].text}”（{broken}）；"
                        "加宽该列、缩小字号或改短文字，使词语不被拆开",
                        f"第{sheet.number}页",
                        page=sheet.number,
                    )
                if line is not None:
                    run = [line]
