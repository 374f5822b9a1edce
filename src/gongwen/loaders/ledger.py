"""Import inspection records from .xlsx ledgers (督导台账) as offices really keep them.

A ledger sheet has title rows, then a header row (possibly two, when a group heading
such as “问题与建议” spans sub-columns), then one row per visit and matter. Cells of a
visit (date, school, inspectors) are often merged down its rows. Every sheet with a
recognisable header is read; sheets without one (说明, 封面) are skipped.

Every problem in the workbook is collected and raised as one DataError whose problems
name the cell (台账!C7) and, for unknown names, suggest the closest known one.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ..errors import DataError, Problem
from ..models.base import clean_text
from ..models.dates import parse_date
from ..models.records import Assessment, Finding, FollowUp, InspectionRecord, InspectionRecords
from .messages import problems_from
from .workbook import open_workbook, used_rows

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

HEADERS: dict[str, tuple[str, ...]] = {
    "date": ("督导日期", "日期", "督导时间", "时间", "视导日期", "检查日期", "检查时间"),
    "zone": ("责任区", "督学责任区", "所属责任区"),
    "school": ("学校", "学校（园）", "受督学校", "受督学校（园）", "督导学校", "督导对象", "学校名称",
               "学校（园）名称", "受检对象", "受检学校"),
    "inspectors": ("督学", "督学姓名", "参加督学", "督导人员", "责任督学", "检查人员",
                   "检查组成员"),
    "matter": ("督导事项", "事项", "督导内容", "检查内容"),
    "methods": ("督导方式", "方式", "督导形式", "工作方式"),
    "highlights": ("成绩与亮点", "亮点", "成绩亮点", "主要成绩", "成绩"),
    "problem": ("存在问题", "问题", "发现问题", "主要问题"),
    "suggestion": ("意见建议", "建议", "整改建议", "督导建议", "意见"),
    "requirement": ("整改要求", "要求"),
    "deadline": ("整改期限", "期限", "完成时限", "整改时限"),
    "status": ("整改状态", "状态", "整改情况"),
    "follow_up": ("跟踪落实情况", "跟踪情况", "落实情况", "跟踪落实"),
}
"""Column → the header texts offices use for it, the first being its name. Headers are
compared without spaces and brackets (学校（园） = 学校(园) = 学校园); other columns
(序号、备注 …) are not read."""

REQUIRED = ("date", "school", "inspectors")
HEADER_SEARCH_ROWS = 20
CLOSE_REQUIRED = 0.4
"""How like an accepted header an unknown one must be to be taken for a missing required column."""
CLOSE_OPTIONAL = 0.6
"""… for a missing optional column (存在的问题 → 存在问题); less like it, the column is just not read."""

STATUS_WORDS: dict[str, str] = {
    "未整改": "未整改", "未完成": "未整改", "待整改": "未整改", "未": "未整改",
    "整改中": "整改中", "正在整改": "整改中", "进行中": "整改中", "部分整改": "整改中",
    "已整改": "已整改", "已完成": "已整改", "完成": "已整改", "已销号": "已整改", "已": "已整改",
}

_NOT_WORD = re.compile(r"[^\w]+")
_SPACES = re.compile(r"\s+")
_SEPARATORS = re.compile(r"[、，,；;/\n]+")
_ITEMS = re.compile(r"[、，,；;/\s]+")
_BULLET = re.compile(r"^\s*(?:\d{1,2}[.、．)](?!\d)|[（(]\d{1,2}[)）]|[①-⑳])\s*")
_LEADING_DATE = re.compile(r"^(\d{4}[年./\-]\d{1,2}[月./\-]\d{1,2}日?)[\s:：，,]*")


_HALF_WIDTH = {
    **{0xFF10 + i: ord("0") + i for i in range(10)},
    **{0xFF21 + i: ord("A") + i for i in range(26)},
    **{0xFF41 + i: ord("a") + i for i in range(26)},
    0x3000: " ", 0xFF0E: ".", 0xFF0F: "/", 0xFF0D: "-", ord("\r"): None,
}
"""Full-width letters, digits, space and date separators → ASCII; Chinese punctuation stays."""


def cell_text(value: Any) -> str:
    """Cell value → clean text: half-width digits, trimmed, inner blank runs collapsed, and
    without the characters the models drop (control characters), so that a cell holding
    only such characters counts as empty here too."""
    if value is None:
        return ""
    text = clean_text(str(value)).translate(_HALF_WIDTH)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n")).strip()


def cell_name(value: Any) -> str:
    """A person or school name: every space removed (“张　伟” → “张伟”)."""
    return _SPACES.sub("", cell_text(value))


def match_key(text: str) -> str:
    """Comparison key for headers and catalogue names: letters only."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text)).replace("_", "")


_ALIASES = {match_key(alias): column for column, aliases in HEADERS.items() for alias in aliases}


def cell_lines(value: Any) -> list[str]:
    """A cell holding several remarks (one per line, maybe numbered) → the remarks."""
    return [_BULLET.sub("", line) for line in cell_text(value).split("\n") if _BULLET.sub("", line)]


def cell_date(value: Any) -> date:
    """A date cell: a real date, an Excel serial number, or text (2024.3.5, 2024年3月5日…)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not 1 <= value < 2958466:
            raise ValueError(f"“{value}”不是有效的日期序号")
        from openpyxl.utils.datetime import from_excel

        return from_excel(value).date()
    text = cell_text(value)
    try:
        parsed = parse_date(text)
    except ValueError:
        raise ValueError(f"“{text}”这一天不存在") from None
    if isinstance(parsed, date):
        return parsed
    raise ValueError(f"“{text}”不是有效日期，应写作 2024.3.5、2024/3/5 或 2024年3月5日")


def suggest(name: str, known: Iterable[str]) -> str:
    """“，是否为“X”？” for the closest known name, or an empty string."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.4)
    return f"，是否为“{close[0]}”？" if close else ""


@dataclass
class Cell:
    """A cell's value and where it is (台账!C7)."""

    value: Any
    ref: str


_BLANK = Cell(None, "")


@dataclass
class _Visit:
    record: dict[str, Any]
    origin: str  # the cell of its date, where the visit is written
    assessments: dict[str, Assessment] = field(default_factory=dict)
    methods: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Header:
    """A sheet's header: its row (or two rows) and which column holds which field."""

    rows: tuple[int, ...]
    columns: dict[int, str]

    @property
    def start(self) -> int:
        """The first data row."""
        return self.rows[-1] + 1


class Sheet:
    """One ledger sheet: its header columns and merged-cell-filled rows.

    Only the sheet's used range is read (see :func:`~.workbook.used_rows`)."""

    def __init__(self, sheet: Worksheet, source: str = "") -> None:
        self.title = sheet.title
        self.rows = used_rows(sheet, source)
        rows, cols = len(self.rows), len(self.rows[0]) if self.rows else 0
        self.origin: dict[tuple[int, int], tuple[int, int]] = {}
        for merged in sheet.merged_cells.ranges:
            top = (merged.min_row - 1, merged.min_col - 1)
            for r in range(merged.min_row - 1, min(merged.max_row, rows)):
                for c in range(merged.min_col - 1, min(merged.max_col, cols)):
                    self.origin[(r, c)] = top

    def value(self, row: int, col: int) -> Cell:
        """The cell's value, taken from the top-left cell when it lies in a merged range."""
        r, c = self.origin.get((row, col), (row, col))
        value = self.rows[r][c] if r < len(self.rows) and c < len(self.rows[r]) else None
        return Cell(value, self.ref(r, c))

    def cells(self, row: int) -> dict[int, str]:
        """The texts written in a row, by column index."""
        width = len(self.rows[row]) if row < len(self.rows) else 0
        texts = {col: cell_text(self.value(row, col).value) for col in range(width)}
        return {col: text for col, text in texts.items() if text}

    def ref(self, row: int, col: int | None = None) -> str:
        """A cell (台账!B3) or, without a column, a row (台账!3:3)."""
        if col is None:
            return f"{self.title}!{row + 1}:{row + 1}"
        from openpyxl.utils.cell import get_column_letter  # with the workbook being read

        return f"{self.title}!{get_column_letter(col + 1)}{row + 1}"

    def _header_cells(self, row: int) -> dict[int, str]:
        found: dict[int, str] = {}
        for col, text in self.cells(row).items():
            column = _ALIASES.get(match_key(text))
            if column and column not in found.values():
                found[col] = column
        return found

    def header(self) -> _Header | None:
        """The header row, or None when no row names the date and school columns.

        A second header row counts when every value written in it is a column name,
        as under a merged group heading such as “问题与建议”.
        """
        for row in range(min(HEADER_SEARCH_ROWS, len(self.rows))):
            columns = self._header_cells(row)
            if len(columns) < 3 or not {"date", "school"} <= set(columns.values()):
                continue
            below = self.rows[row + 1] if row + 1 < len(self.rows) else []
            if any(v is not None for v in below) and all(
                v is None or match_key(cell_text(v)) in _ALIASES for v in below
            ):
                return _Header((row, row + 1), {**columns, **self._header_cells(row + 1)})
            return _Header((row,), columns)
        return None

    def likeliest_header(self) -> _Header | None:
        """The row among the first ones naming most known columns (for saying what is wrong
        when no header is found), or None when no row names any."""
        rows = range(min(HEADER_SEARCH_ROWS, len(self.rows)))
        best = max(rows, key=lambda r: (len(self._header_cells(r)), -r), default=None)
        if best is None or not self._header_cells(best):
            return None
        return _Header((best,), self._header_cells(best))


def accepted(column: str) -> str:
    """“学校”列可写作：学校、学校（园）、受督学校…"""
    return f"“{HEADERS[column][0]}”列可写作：{'、'.join(HEADERS[column])}"


def header_guide() -> list[str]:
    """One line per column the ledger reader knows: its name, whether it is required, and
    every header accepted for it — what the README, ``gongwen init`` and the 说明 sheet list."""
    return [
        f"{aliases[0]}{'（必填）' if column in REQUIRED else ''}：{'、'.join(aliases)}"
        for column, aliases in HEADERS.items()
    ]


def _likeness(text: str, column: str) -> float:
    """How much an unknown header looks like one of the column's accepted headers (0–1)."""
    return max(difflib.SequenceMatcher(None, match_key(text), match_key(alias)).ratio()
               for alias in HEADERS[column])


def header_problems(sheet: Sheet, header: _Header) -> list[Problem]:
    """Unknown headers that look like a column the header lacks, and the required columns it
    lacks: each named by its cell (or row), with the headers accepted for the column."""
    found = set(header.columns.values())
    unknown = {
        (row, col): text for row in header.rows for col, text in sheet.cells(row).items()
        if col not in header.columns and match_key(text) not in _ALIASES
    }
    problems = []
    for column in (c for c in HEADERS if c not in found):
        like = {place: _likeness(text, column) for place, text in unknown.items()}
        place = max(like, key=lambda p: like[p], default=None)
        cutoff = CLOSE_REQUIRED if column in REQUIRED else CLOSE_OPTIONAL
        if place is not None and like[place] >= cutoff:
            text = unknown.pop(place)
            problems.append(Problem(f"不认识的表头“{text}”，这一列没有读入；{accepted(column)}",
                                    sheet.ref(*place)))
        elif column in REQUIRED:
            problems.append(Problem(f"表头缺少“{HEADERS[column][0]}”列；{accepted(column)}",
                                    sheet.ref(header.rows[0])))
    return problems


class LedgerReader:
    """Reads ledger sheets against a district's master data, collecting every problem."""

    def __init__(self, master: InspectionRecords) -> None:
        self.master = master
        self.zones = master.school_zones()
        self.inspectors = master.inspector_names()
        self.matters = {match_key(m.name): m.name for m in master.matters}
        self.methods = {match_key(m): m for m in master.workflow}
        self.problems: list[Problem] = []
        self._reported: set[tuple[str, str]] = set()

    def _error(self, cell: Cell, message: str) -> None:
        """Record a problem once, although a merged cell is read for each of its rows."""
        if (cell.ref, message) not in self._reported:
            self._reported.add((cell.ref, message))
            self.problems.append(Problem(message, cell.ref))

    def _known(self, cell: Cell, name: str, known: dict[str, str] | list[str], what: str,
               where: str) -> str | None:
        """The canonical spelling of ``name`` or None (after recording an error with a hint)."""
        table = known if isinstance(known, dict) else {match_key(n): n for n in known}
        found = table.get(name) or table.get(match_key(name))
        if found is None:
            self._error(cell, f"{what}“{name}”不在{where}中{suggest(name, table.values())}")
        return found

    def read(self, path: Path) -> list[InspectionRecord]:
        """Every record in the workbook; raises DataError listing every problem found."""
        book = open_workbook(path)
        sheets = [Sheet(ws, path.name) for ws in book.worksheets]
        book.close()
        records = self.read_sheets(sheets, path.name)
        if self.problems:
            raise DataError(str(path), self.problems)
        return records

    def read_sheets(self, sheets: Sequence[Sheet], where: str) -> list[InspectionRecord]:
        """The records of the sheets with a ledger header, or none when a problem was found
        (problems are collected, not raised); when no sheet has a header, what the likeliest
        header row lacks. ``where`` names the workbook."""
        visits: dict[tuple[Any, ...], _Visit] = {}
        headed = [(s, h) for s in sheets if (h := s.header()) is not None]
        if not headed:
            self.problems += self._no_header(sheets, where)
        for sheet, header in headed:
            self._read_sheet(sheet, header, visits)
        if self.problems:
            return []
        return [
            InspectionRecord(**visit.record, methods=visit.methods,
                             assessments=list(visit.assessments.values())).at(visit.origin)
            for visit in visits.values()
        ]

    def _no_header(self, sheets: Sequence[Sheet], where: str) -> list[Problem]:
        likely = [(s, h) for s in sheets if (h := s.likeliest_header()) is not None]
        if likely:
            sheet, header = max(likely, key=lambda pair: len(pair[1].columns))
            return header_problems(sheet, header)
        needed = "；".join(accepted(c) for c in REQUIRED)
        return [Problem(f"没有找到表头行：台账应有一行表头，含督导日期、学校、督学等列。{needed}", where)]

    def _read_sheet(self, sheet: Sheet, header: _Header, visits: dict[tuple[Any, ...], _Visit]) -> None:
        problems = header_problems(sheet, header)
        if problems:
            self.problems += problems
            return
        for row in range(header.start, len(sheet.rows)):
            cells = {name: sheet.value(row, col) for col, name in header.columns.items()}
            if any(cell_text(cell.value) for cell in cells.values()):
                try:
                    self._read_row(cells, visits)
                except ValidationError as exc:  # a value the models refuse: name its row
                    for problem in problems_from(exc):
                        self._error(cells["date"], f"本行的{problem}")

    def _read_row(self, cells: dict[str, Cell], visits: dict[tuple[Any, ...], _Visit]) -> None:
        day = self._date(cells["date"], "督导日期")
        school = self._school(cells["school"], cells.get("zone", _BLANK))
        inspectors = self._inspectors(cells["inspectors"])
        method_cell = cells.get("methods", _BLANK)
        methods = [self._known(method_cell, m, self.methods, "督导方式", "视导流程")
                   for m in _ITEMS.split(cell_text(method_cell.value)) if m]
        assessment = self._assessment(cells)
        visit = visits.setdefault(
            (day, school, frozenset(inspectors)),
            _Visit({"date": day, "school": school, "inspectors": inspectors}, cells["date"].ref),
        )
        visit.methods.extend(m for m in methods if m and m not in visit.methods)
        if assessment is not None:
            merged = visit.assessments.setdefault(
                assessment.matter, Assessment(matter=assessment.matter)
            )
            merged.highlights.extend(assessment.highlights)
            merged.findings.extend(assessment.findings)

    def _date(self, cell: Cell, what: str) -> date | None:
        if not cell_text(cell.value):
            self._error(cell, f"{what}不能为空")
            return None
        try:
            return cell_date(cell.value)
        except ValueError as exc:
            self._error(cell, f"{what}{exc}")
            return None

    def _school(self, cell: Cell, zone_cell: Cell) -> str | None:
        name = cell_name(cell.value)
        if not name:
            self._error(cell, "学校不能为空")
            return None
        school = self._known(cell, name, list(self.zones), "学校", "责任区名单")
        zone = cell_name(zone_cell.value)
        if school and zone and self.zones[school] != zone:
            self._error(zone_cell, f"学校“{school}”属于“{self.zones[school]}”，台账写作“{zone}”")
        return school

    def _inspectors(self, cell: Cell) -> list[str]:
        """Names split on 、，；/ — and on spaces only when the pieces are all known names."""
        names: list[str] = []
        for part in _SEPARATORS.split(cell_text(cell.value)):
            pieces = part.split()
            if len(pieces) > 1 and all(p in self.inspectors for p in pieces):
                names += pieces
            elif part.strip():
                names.append(cell_name(part))
        if not names:
            self._error(cell, "督学不能为空")
        return [n for n in names if self._known(cell, n, self.inspectors, "督学", "责任区督学名单")]

    def _assessment(self, cells: dict[str, Cell]) -> Assessment | None:
        text = {name: cell_text(cell.value) for name, cell in cells.items()}
        content = [c for c in ("highlights", "problem", "suggestion", "requirement", "deadline",
                               "status", "follow_up") if text.get(c)]
        matter_cell = cells.get("matter")
        if matter_cell is None or not text["matter"]:
            if content:
                self._error(matter_cell or cells["school"], "填写了评价或问题，但未填写督导事项")
            return None
        matter = self._known(matter_cell, _BULLET.sub("", text["matter"]), self.matters,
                             "督导事项", "督导事项目录")
        finding = self._finding(cells, text) if text.get("problem") else None
        if not text.get("problem"):
            for column in ("suggestion", "requirement", "deadline", "status"):
                if text.get(column):
                    self._error(cells[column], "填写了整改内容，但未填写存在问题")
        if matter is None:
            return None
        return Assessment(matter=matter, highlights=cell_lines(cells.get("highlights", _BLANK).value),
                          findings=[finding] if finding else [])

    def _finding(self, cells: dict[str, Cell], text: dict[str, str]) -> Finding | None:
        deadline = self._date(cells["deadline"], "整改期限") if text.get("deadline") else None
        status = "未整改"
        if text.get("status"):
            status = STATUS_WORDS.get(cell_name(text["status"]), "")
            if not status:
                self._error(cells["status"],
                            f"整改状态“{text['status']}”应为未整改、整改中或已整改")
                return None
        return Finding(problem=text["problem"], suggestion=text.get("suggestion", ""),
                       requirement=text.get("requirement", ""), deadline=deadline,
                       status=status, follow_ups=self._follow_ups(cells.get("follow_up", _BLANK)))

    def _follow_ups(self, cell: Cell) -> list[FollowUp]:
        """Follow-up lines, each optionally starting with its date (2024.4.10 已复查……)."""
        notes = []
        for line in cell_lines(cell_text(cell.value)):
            match = _LEADING_DATE.match(line)
            try:
                day = parse_date(match[1]) if match else None
            except ValueError as exc:
                self._error(cell, f"跟踪落实情况的{exc}")
                day = None
            if isinstance(day, date) and match and line[match.end():]:
                notes.append(FollowUp(date=day, note=line[match.end():]))
            else:
                notes.append(FollowUp(note=line))
        return notes


def read_ledger(path: str | Path, master: InspectionRecords) -> list[InspectionRecord]:
    """Records of one .xlsx ledger, checked against ``master``'s zones, schools and names."""
    return LedgerReader(master).read(Path(path))


def with_ledgers(master: InspectionRecords) -> InspectionRecords:
    """The records of ``master`` plus those of the ledgers it names (absolute paths), each
    noted with its ledger and cell (records.xlsx 台账!B7)."""
    imported = [record.at(f"{ledger.name} {record.origin}")
                for ledger in master.ledger for record in read_ledger(ledger, master)]
    return master.model_copy(update={"records": [*master.records, *imported]})
