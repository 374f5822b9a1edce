"""Layout rules measured on the printed pages of a PDF: what a clerk sees on paper.

Each rule takes the document's :class:`Sheet` list (one per page) and yields findings that
name the page (第N页), say what is wrong and how to put it right.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from ..render.fonts import ACCEPTED_FONTS
from .document import ATTACHMENT_LABEL, DATE, HAS_CJK, HEADING_PREFIXES, is_imprint_line
from .findings import ERROR, WARNING, Finding
from .pages import LINE_PITCH, Box, Cell, Line, Page, Table, is_chinese

EMPTY_LINES = "版面：页末空行"
HEADING_AT_FOOT = "版面：标题或序号在页末"
ROW_SPLIT = "版面：表格行跨页"
CELL_ORPHAN = "版面：单元格孤字"
PAGE_NUMBER = "版面：页码"
SIGNATURE_ALONE = "版面：署名和成文日期单独成页"
FONT = "版面：字体"

MAX_EMPTY_LINES = 3
CHAPTER = re.compile(r"^第[一二三四五六七八九十百零〇]+[章节条部分编]")
NUMBERING = (*(pattern for _, pattern in HEADING_PREFIXES), CHAPTER)
DATE_LINE = re.compile(f"^{DATE.pattern}$")
FOLIO = re.compile(r"^(?P<left>[^\d]*)(?P<number>\d+)(?P<right>[^\d]*)$")
EM_DASH = "—"
LINE_END = "。；;，,：:！？!?…、"
OPENING = "（(《〈“‘「『【〔［"
CLOSING = "）)》〉”’」』】〕］、。，；：！？,.;:!?"
HEI, KAI = "黑体", "楷体_GB2312"


def _key(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def _name_keys(name: str) -> set[str]:
    """Keys a font family may carry in a PDF: its name, without a region or foundry tag.

    PDFs name fonts by their PostScript name: Noto Serif CJK SC is ``NotoSerifCJKjp-Regular``
    when taken from a collection, AR PL UKai CN is ``UKaiCN``.
    """
    key = _key(name)
    keys = {key}
    for region in ("sc", "tc", "jp", "kr", "hk", "cn"):
        if key.endswith(region) and len(key) > len(region) + 3:
            keys.add(key.removesuffix(region))
    keys |= {k.removeprefix("arpl") for k in keys if k.startswith("arpl")}
    return keys


def _font_keys(names: tuple[str, ...]) -> set[str]:
    return {key for name in names for key in _name_keys(name)}


ALLOWED_KEYS = _font_keys(tuple(ACCEPTED_FONTS) + tuple(n for v in ACCEPTED_FONTS.values() for n in v))
HEI_KEYS = _font_keys((HEI, *ACCEPTED_FONTS[HEI]))
KAI_KEYS = _font_keys((KAI, *ACCEPTED_FONTS[KAI]))


def font_in(font: str, keys: set[str]) -> bool:
    """True when a PDF font name is one of the families behind ``keys``."""
    name = _key(font)
    return any(name.startswith(key) for key in keys)


@dataclass
class Sheet:
    """One page seen as parts of a 公文: body lines, the 版记, and the page number."""

    page: Page
    folio: Line | None = None  # the page-number line under the type area
    footer: list[Line] = field(default_factory=list)  # other text under the type area
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
        """Nothing on the page but, perhaps, the 版记."""
        return not self.body and not self.page.tables

    @property
    def form(self) -> bool:
        """A page that is a table with at most four lines (title, caption, notes) around it."""
        return bool(self.page.tables) and len(self.free) <= 4

    def content_bottom(self) -> float:
        """The lowest point of body text, tables and pictures in the type area."""
        bottoms = [line.y0 for line in self.body]
        bottoms += [table.box.y0 for table in self.page.tables]
        top_of_imprint = min((line.y0 for line in self.imprint), default=0.0)
        bottoms += [p.y0 for p in self.page.pictures if p.y0 > self.area.y0 - 4 and p.y0 > top_of_imprint]
        return min(bottoms, default=self.area.y1)


def sheets(pages: list[Page]) -> list[Sheet]:
    """Each page split into body, 版记 and page-number line."""
    out = []
    for page in pages:
        sheet = Sheet(page)
        for line in page.lines:
            if line.cell is None and line.y1 < page.area.y0 + 2:
                if sheet.folio is None and FOLIO.match(line.text):
                    sheet.folio = line
                else:
                    sheet.footer.append(line)
            else:
                sheet.body.append(line)
        start = next((i for i, line in enumerate(sheet.body) if line.cell is None
                      and is_imprint_line(line.text)), None)
        if start is not None:
            sheet.body, sheet.imprint = sheet.body[:start], sheet.body[start:]
        out.append(sheet)
    return out


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


def _last_content_page(doc: list[Sheet]) -> int:
    """The last page holding anything but the 版记 (a 版记 page may follow blank pages)."""
    return max((s.number for s in doc if not s.blank), default=0)


def _first_free(sheet: Sheet) -> Line | None:
    """The first line of the page, if it is not in a table."""
    if not sheet.body:
        return None
    first = sheet.body[0]
    tables = [t.box.y1 for t in sheet.page.tables]
    if first.cell is not None or any(top > first.y1 for top in tables):
        return None
    return first


def _starts_with_signature_paragraph(sheet: Sheet, signature: Signature | None) -> bool:
    """The page opens with the last body paragraph (and its headings) kept with the 署名."""
    if signature is None or signature.page != sheet.number or sheet.page.tables:
        return False
    top = signature.lines[0]
    before = [line for line in sheet.free if line.y0 > top.y1]
    note = next((i for i, line in enumerate(before) if line.text.startswith("附件")), len(before))
    text = [line for line in before[:note] if not _is_heading(line, sheet.area)]
    starts = [line for line in text if line.x0 > sheet.area.x0 + 1.5 * line.size]
    return bool(text) and len(starts) <= 1


def empty_lines_at_foot(doc: list[Sheet]) -> Iterator[Finding]:
    """More than three empty lines between the last body line and the foot of the type area."""
    last = _last_content_page(doc)
    signature = find_signature(doc)
    for sheet, following in itertools.pairwise(doc):
        if sheet.number >= last or not sheet.page.standard:
            continue
        opening = _first_free(following)
        if opening is not None and ATTACHMENT_LABEL.match(opening.text):
            continue
        if _starts_with_signature_paragraph(following, signature):
            continue
        bottom = sheet.content_bottom()
        empty = math.floor((bottom - sheet.area.y0) / LINE_PITCH + 0.25)
        if empty <= MAX_EMPTY_LINES:
            continue
        if not sheet.body and not sheet.page.pictures:
            after = "整页空白"
        elif sheet.body and sheet.body[-1].cell is None and sheet.body[-1].y0 <= bottom + 1:
            after = f"末行“{_excerpt(sheet.body[-1].text)}”之后"
        else:
            after = "本页以表格或图片结束"
        yield Finding(
            ERROR,
            EMPTY_LINES,
            f"页末空了 {empty} 行（{after}）；看第{following.number}页开头：标题或段落若能接排在这里，"
            "取消多余的“与下段同页”“段中不分页”“段前分页”；表格或图片若放不下，可缩小它、允许表格跨页，"
            "或调整前文",
            f"第{sheet.number}页",
            page=sheet.number,
        )


def _is_heading(line: Line, area: Box) -> bool:
    if line.text.endswith(tuple(LINE_END)) or line.x1 > area.x1 - 1.5 * line.size:
        return False
    font = line.fonts.most_common(1)[0][0]
    if font_in(font, HEI_KEYS) or font_in(font, KAI_KEYS):
        return True
    return any(p.match(line.text) for p in NUMBERING) and len(line.text) <= 30


def _is_item_start(line: Line, area: Box) -> bool:
    return (
        any(p.match(line.text) for p in NUMBERING)
        and line.x1 > area.x1 - 1.5 * line.size
        and line.x0 > area.x0 + 1.5 * line.size
    )


def heading_at_foot(doc: list[Sheet]) -> Iterator[Finding]:
    """A heading, or only the number and first line of an item, last on a page."""
    last = _last_content_page(doc)
    for sheet, following in itertools.pairwise(doc):
        if sheet.number >= last or not sheet.page.standard or not sheet.free:
            continue
        line = sheet.free[-1]
        lowest = min([t.box.y0 for t in sheet.page.tables] + [p.y0 for p in sheet.page.pictures
                                                               if p.y1 > sheet.area.y0], default=line.y0)
        if lowest < line.y0 - 2:
            continue  # the page ends with a table or a picture
        if _is_heading(line, sheet.area):
            yield Finding(
                ERROR,
                HEADING_AT_FOOT,
                f"标题“{_excerpt(line.text)}”排在页末，其下的内容在第{following.number}页；"
                "给标题设置“与下段同页”，或调整前文使标题与正文同页",
                f"第{sheet.number}页",
                page=sheet.number,
            )
            continue
        opening = _first_free(following)
        if (
            _is_item_start(line, sheet.area)
            and opening is not None
            and opening.x0 < following.area.x0 + 0.5 * opening.size
        ):
            yield Finding(
                ERROR,
                HEADING_AT_FOOT,
                f"第{sheet.number}页末行只留下“{_excerpt(line.text, 8)}”的序号和首行，"
                f"其余在第{following.number}页；给该段设置“段中不分页”或“孤行控制”，使序号与内容同页",
                f"第{sheet.number}页",
                page=sheet.number,
            )


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
            f"表格的一行（“{_excerpt(first)}”）从本页跨到第{following.number}页，被拆成两截；"
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


def cell_orphans(doc: list[Sheet]) -> Iterator[Finding]:
    """Text in a table cell wrapped so that its last line holds only one or two characters."""
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
                if len(run) > 1 and len(run[-1].text) <= 2:
                    text = "".join(item.text for item in run)
                    broken = ("…" if len(run[-2].text) > 6 else "") + f"{run[-2].text[-6:]}/{run[-1].text}"
                    yield Finding(
                        WARNING,
                        CELL_ORPHAN,
                        f"表格单元格“{_excerpt(text)}”折行后末行只剩“{run[-1].text}”（{broken}）；"
                        "加宽该列、缩小字号或改短文字，使词语不被拆开",
                        f"第{sheet.number}页",
                        page=sheet.number,
                    )
                if line is not None:
                    run = [line]


def _needs_number(doc: list[Sheet], sheet: Sheet) -> bool:
    """Blank and 版记 pages carry no number, nor does a one-page form."""
    if sheet.blank:
        return False
    if len(doc) == 1 and sheet.form:
        return False
    if sheet.page.landscape and sheet.form:
        i = sheet.number - 1
        neighbours = [doc[j] for j in (i - 1, i + 1) if 0 <= j < len(doc)]
        return any(n.page.landscape and n.form for n in neighbours)
    return True


def page_numbers(doc: list[Sheet]) -> Iterator[Finding]:
    """`— N —` under the type area, odd pages right and even pages left, one character in."""
    for sheet in doc:
        where, n = f"第{sheet.number}页", sheet.number
        folio = sheet.folio
        if folio is None:
            if _needs_number(doc, sheet):
                yield Finding(ERROR, PAGE_NUMBER,
                              f"没有页码；在页脚版心下方加“— {n} —”（4号半角宋体阿拉伯数字）", where, page=n)
            continue
        match = FOLIO.match(folio.text)
        assert match is not None
        if match["left"] != EM_DASH or match["right"] != EM_DASH:
            yield Finding(ERROR, PAGE_NUMBER, f"页码“{folio.text}”两边应各有一条一字线，写作“— {n} —”",
                          where, page=n)
        if int(match["number"]) != n:
            yield Finding(ERROR, PAGE_NUMBER,
                          f"页码是 {match['number']}，本页是第 {n} 页；页码应从 1 起连续编排，不要重新起编",
                          where, page=n)
        yield from _folio_place(sheet, folio)


def _folio_place(sheet: Sheet, folio: Line) -> Iterator[Finding]:
    n, area, page = sheet.number, sheet.area, sheet.page
    side = "右" if n % 2 else "左"
    centre = (folio.x0 + folio.x1) / 2
    on_right = centre > page.width / 2
    centred = abs(centre - page.width / 2) < 0.05 * page.width
    if centred or on_right != (n % 2 == 1):
        where = "居中" if centred else f"在{'右' if on_right else '左'}侧"
        yield Finding(ERROR, PAGE_NUMBER, f"{'单' if n % 2 else '双'}页码应在{side}侧，本页页码{where}",
                      f"第{n}页", page=n)
        return
    if not page.standard:
        return
    char = folio.size
    inset = area.x1 - folio.x1 if n % 2 else folio.x0 - area.x0
    if abs(inset - char) > 0.6 * char:
        yield Finding(
            ERROR,
            PAGE_NUMBER,
            f"页码应距版心{side}边缘一字（约 {char / 72 * 25.4:.0f} mm），现为 {inset / 72 * 25.4:.0f} mm",
            f"第{n}页",
            page=n,
        )


def signature_alone(doc: list[Sheet]) -> Iterator[Finding]:
    """The 署名 and 成文日期 on a page without body text (GB/T 9704-2012 §7.3.5)."""
    signature = find_signature(doc)
    if signature is None:
        return
    sheet = doc[signature.page - 1]
    top = signature.lines[0]
    if any(line.y0 > top.y1 for line in sheet.body) or any(t.box.y0 > top.y1 for t in sheet.page.tables):
        return
    yield Finding(
        ERROR,
        SIGNATURE_ALONE,
        f"本页只有署名和成文日期（“{'”“'.join(line.text for line in signature.lines)}”），没有正文；"
        "应调整行距、字距或前文，使正文至少一行与署名同页，不能用“此页无正文”解决",
        f"第{sheet.number}页",
        page=sheet.number,
    )


def fonts(doc: list[Sheet]) -> Iterator[Finding]:
    """Every font is an official one or its documented stand-in."""
    for sheet in doc:
        for font, chars in sheet.page.fonts.items():
            if font_in(font, ALLOWED_KEYS):
                continue
            chinese = is_chinese(chars) or bool(HAS_CJK.search(chars))
            yield Finding(
                ERROR if is_chinese(chars) else WARNING,
                FONT,
                f"字体“{font}”（用于“{_excerpt(chars)}”）既不是公文用字体，也不是其规定的替代字体；"
                + ("把这些文字改用仿宋_GB2312、黑体、楷体_GB2312、方正小标宋简体等公文字体"
                   if chinese else "把这些字符改用 Times New Roman 或公文字体（图表、符号的字体也要设置）"),
                f"第{sheet.number}页",
                page=sheet.number,
            )


def _excerpt(text: str, length: int = 12) -> str:
    return text if len(text) <= length else text[:length] + "…"


RULES: tuple[Callable[[list[Sheet]], Iterator[Finding]], ...] = (
    empty_lines_at_foot,
    heading_at_foot,
    row_split,
    cell_orphans,
    page_numbers,
    signature_alone,
    fonts,
)
