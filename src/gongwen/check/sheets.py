"""The pages of a PDF seen as parts of a 公文: body lines, the 版记, the page number and the
署名 with its 成文日期 — what the layout rules in :mod:`gongwen.check.layout` and
:mod:`gongwen.check.tables` look at."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from .document import DATE, is_imprint_line
from .pages import LINE_PITCH, Box, Line, Page

DATE_LINE = re.compile(f"^{DATE.pattern}$")
NUMBER = re.compile(r"\d+")
LINE_END = "。；;，,：:！？!?…、"


@dataclass
class Sheet:
    """One page seen as parts of a 公文: body lines, the 版记, and the page number."""

    page: Page
    folio: Line | None = None  # the first line with a number under the type area: the page number
    body: list[Line] = field(default_factory=list)  # top to bottom
    imprint: list[Line] = field(default_factory=list)  # 版记 lines

    @property
    def number(self) -> int:
        return self.page.number

    @property
    def area(self) -> Box:
        return self.page.area

    @cached_property
    def free(self) -> list[Line]:
        """Body lines outside every table."""
        return [line for line in self.body if line.cell is None]

    @property
    def blank(self) -> bool:
        """Nothing on the page but, perhaps, the 版记 (its text and rules)."""
        pictures = [p for p in self.page.pictures if p.x1 - p.x0 > 3 and p.y1 - p.y0 > 3]
        return not self.body and not self.page.tables and not pictures

    @property
    def form(self) -> bool:
        """A page that is a table with at most four lines (title, caption, notes) around it."""
        return bool(self.page.tables) and len(self.free) <= 4

    def content_bottom(self) -> float:
        """The lowest point of body text, tables and pictures in the type area."""
        bottoms = [line.y0 for line in self.body]
        bottoms += [table.box.y0 for table in self.page.tables]
        bottoms += [p.y0 for p in self.page.pictures if p.y0 > self.area.y0 - 4]
        return min(bottoms, default=self.area.y1)


def sheets(pages: list[Page]) -> list[Sheet]:
    """Each page split into body, 版记 and page-number line; other text under the type area
    (a running footer) is none of these."""
    out = []
    for page in pages:
        sheet = Sheet(page)
        for line in page.lines:
            if line.cell is not None or line.y1 >= page.area.y0 + 2:
                sheet.body.append(line)
            elif sheet.folio is None and NUMBER.search(line.text):
                sheet.folio = line
        start = next((i for i, line in enumerate(sheet.body) if _imprint_starts(page, line)), None)
        if start is not None:
            sheet.body, sheet.imprint = sheet.body[:start], sheet.body[start:]
        out.append(sheet)
    return out


def _imprint_starts(page: Page, line: Line) -> bool:
    """A 抄送 or 印发 line under a rule as wide as the type area: the 版记 begins."""
    width = page.area.x1 - page.area.x0
    return line.cell is None and is_imprint_line(line.text) and any(
        p.x1 - p.x0 > 0.8 * width and p.y1 - p.y0 < 3 and 0 <= p.y0 - line.y1 < 1.5 * LINE_PITCH
        for p in page.pictures
    )


@dataclass
class Signature:
    """The 署名 and 成文日期 at the end of the main text."""

    page: int
    lines: list[Line]


def find_signature(doc: list[Sheet]) -> Signature | None:
    """The first lone date in the right half of a page, with the 署名 just above it."""
    for sheet in doc:
        middle = (sheet.area.x0 + sheet.area.x1) / 2
        free = sheet.free
        for i, line in enumerate(free):
            if not DATE_LINE.match(line.text) or line.x1 < middle + line.size:
                continue
            lines = [line]
            if i > 0:
                above = free[i - 1]
                if (
                    above.y0 - line.y1 < 2.2 * LINE_PITCH
                    and above.x0 > sheet.area.x0 + 2 * above.size
                    and not above.text.endswith(tuple(LINE_END))
                ):
                    lines.insert(0, above)
            return Signature(sheet.number, lines)
    return None


def last_content_page(doc: list[Sheet]) -> int:
    """The last page holding anything but the 版记 (a 版记 page may follow blank pages)."""
    return max((s.number for s in doc if not s.blank), default=0)


def excerpt(text: str, length: int = 12) -> str:
    return text if len(text) <= length else text[:length] + "…"


