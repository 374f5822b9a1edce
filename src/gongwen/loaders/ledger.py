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
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError

from ..errors import DataError, Problem
from ..models.base import clean_text, parse_date
from ..models.records import Assessment, Finding, FollowUp, InspectionRecord, InspectionRecords
from .data import read_data, validate_document
from .messages import problems_from
from .workbook import open_workbook

HEADERS: dict[str, tuple[str, ...]] = {
    "date": ("督导日期", "日期", "督导时间", "时间", "视导日期", "检查日期", "检查时间"),
    "zone": ("责任区", "督学责任区", "所属责任区"),
    "school": ("学校", "学校园", "受督学校", "受督学校园", "督导学校", "督导对象", "学校名称",
               "学校园名称", "受检对象", "受检学校"),
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
"""Column → the header texts offices use for it (compared without spaces and brackets)."""

REQUIRED = ("date", "school", "inspectors")
HEADER_SEARCH_ROWS = 20

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

_ALIASES = {alias: column for column, aliases in HEADERS.items() for alias in aliases}


_HALF_WIDTH = {
    **{0xFF10 + i: ord("0") + i for i in range(10)},
    **{0xFF21 + i: ord("A") + i for i in range(26)},
    **{0xFF41 + i: ord("a") + i for i in range(26)},
    0x3000: " ", 0xFF0E: ".", 0xFF0F: "/", 0xFF0D: "-", ord("\r"): None,
}
"""Full-width letters, digits, space and date separators → ASCII; Chinese punctuation stays."""


def _text(value: Any) -> str:
    """Cell value → clean text: half-width digits, trimmed, inner blank runs collapsed, and
    without the characters the models drop (control characters), so that a cell holding
    only such characters counts as empty here too."""
    if value is None:
        return ""
    text = clean_text(str(value)).translate(_HALF_WIDTH)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n")).strip()


def _name(value: Any) -> str:
    """A person or school name: every space removed (“张　伟” → “张伟”)."""
    return _SPACES.sub("", _text(value))


def _key(text: str) -> str:
    """Comparison key for headers and catalogue names: letters only."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text)).replace("_", "")


def _lines(value: Any) -> list[str]:
    """A cell holding several remarks (one per line, maybe numbered) → the remarks."""
    return [_BULLET.sub("", line) for line in _text(value).split("\n") if _BULLET.sub("", line)]


def cell_date(value: Any) -> date:
    """A date cell: a real date, an Excel serial number, or text (2024.3.5, 2024年3月5日…)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not 1 <= value < 2958466:
            raise ValueError(f"“{value}”不是有效的日期序号")
        return from_excel(value).date()
    text = _text(value)
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
class _Cell:
    value: Any
    ref: str


_BLANK = _Cell(None, "")


@dataclass
class _Visit:
    record: dict[str, Any]
    assessments: dict[str, Assessment] = field(default_factory=dict)
    methods: list[str] = field(default_factory=list)


class _Sheet:
    """One ledger sheet: its header columns and merged-cell-filled rows."""

    def __init__(self, sheet: Worksheet) -> None:
        self.title = sheet.title
        self.rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        self.origin: dict[tuple[int, int], tuple[int, int]] = {}
        for merged in sheet.merged_cells.ranges:
            top = (merged.min_row - 1, merged.min_col - 1)
            for r in range(merged.min_row - 1, merged.max_row):
                for c in range(merged.min_col - 1, merged.max_col):
                    self.origin[(r, c)] = top

    def value(self, row: int, col: int) -> _Cell:
        """The cell's value, taken from the top-left cell when it lies in a merged range."""
        r, c = self.origin.get((row, col), (row, col))
        value = self.rows[r][c] if r < len(self.rows) and c < len(self.rows[r]) else None
        return _Cell(value, f"{self.title}!{get_column_letter(c + 1)}{r + 1}")

    def _header_cells(self, row: int) -> dict[int, str]:
        width = len(self.rows[row]) if row < len(self.rows) else 0
        found = {}
        for col in range(width):
            column = _ALIASES.get(_key(_text(self.value(row, col).value)))
            if column and column not in found.values():
                found[col] = column
        return found

    def header(self) -> tuple[int, dict[int, str]] | None:
        """(first data row, column index → field) or None when no header row is found.

        A second header row counts when every value written in it is a column name,
        as under a merged group heading such as “问题与建议”.
        """
        for row in range(min(HEADER_SEARCH_ROWS, len(self.rows))):
            columns = self._header_cells(row)
            if len(columns) < 3 or not {"date", "school"} <= set(columns.values()):
                continue
            below = self.rows[row + 1] if row + 1 < len(self.rows) else []
            if any(v is not None for v in below) and all(
                v is None or _key(_text(v)) in _ALIASES for v in below
            ):
                return row + 2, {**columns, **self._header_cells(row + 1)}
            return row + 1, columns
        return None


class LedgerReader:
    """Reads ledger sheets against a district's master data, collecting every problem."""

    def __init__(self, master: InspectionRecords) -> None:
        self.master = master
        self.zones = master.school_zones()
        self.inspectors = master.inspector_names()
        self.matters = {_key(m.name): m.name for m in master.matters}
        self.methods = {_key(m): m for m in master.workflow}
        self.problems: list[Problem] = []
        self._reported: set[tuple[str, str]] = set()

    def _error(self, cell: _Cell, message: str) -> None:
        """Record a problem once, although a merged cell is read for each of its rows."""
        if (cell.ref, message) not in self._reported:
            self._reported.add((cell.ref, message))
            self.problems.append(Problem(message, cell.ref))

    def _known(self, cell: _Cell, name: str, known: dict[str, str] | list[str], what: str,
               where: str) -> str | None:
        """The canonical spelling of ``name`` or None (after recording an error with a hint)."""
        table = known if isinstance(known, dict) else {_key(n): n for n in known}
        found = table.get(name) or table.get(_key(name))
        if found is None:
            self._error(cell, f"{what}“{name}”不在{where}中{suggest(name, table.values())}")
        return found

    def read(self, path: Path) -> list[InspectionRecord]:
        """Every record in the workbook; raises DataError listing every problem found."""
        book = open_workbook(path)
        visits: dict[tuple[Any, ...], _Visit] = {}
        sheets = [_Sheet(ws) for ws in book.worksheets]
        book.close()
        headed = [(s, h) for s in sheets if (h := s.header()) is not None]
        if not headed:
            self.problems.append(Problem(
                "没有找到表头行（应含“督导日期”“学校”“督学”等列），请检查工作表", path.name))
        for sheet, (start, columns) in headed:
            self._read_sheet(sheet, start, columns, visits)
        if self.problems:
            raise DataError(str(path), self.problems)
        return [
            InspectionRecord(**visit.record, methods=visit.methods,
                             assessments=list(visit.assessments.values()))
            for visit in visits.values()
        ]

    def _read_sheet(self, sheet: _Sheet, start: int, columns: dict[int, str],
                    visits: dict[tuple[Any, ...], _Visit]) -> None:
        missing = [HEADERS[c][0] for c in REQUIRED if c not in columns.values()]
        if missing:
            self.problems.append(Problem(f"表头缺少列：{'、'.join(missing)}",
                                         f"{sheet.title}!{start}:{start}"))
            return
        for row in range(start, len(sheet.rows)):
            cells = {name: sheet.value(row, col) for col, name in columns.items()}
            if any(_text(cell.value) for cell in cells.values()):
                try:
                    self._read_row(cells, visits)
                except ValidationError as exc:  # a value the models refuse: name its row
                    for problem in problems_from(exc):
                        self._error(cells["date"], f"本行的{problem}")

    def _read_row(self, cells: dict[str, _Cell], visits: dict[tuple[Any, ...], _Visit]) -> None:
        day = self._date(cells["date"], "督导日期")
        school = self._school(cells["school"], cells.get("zone", _BLANK))
        inspectors = self._inspectors(cells["inspectors"])
        method_cell = cells.get("methods", _BLANK)
        methods = [self._known(method_cell, m, self.methods, "督导方式", "视导流程")
                   for m in _ITEMS.split(_text(method_cell.value)) if m]
        assessment = self._assessment(cells)
        visit = visits.setdefault(
            (day, school, frozenset(inspectors)),
            _Visit({"date": day, "school": school, "inspectors": inspectors}),
        )
        visit.methods.extend(m for m in methods if m and m not in visit.methods)
        if assessment is not None:
            merged = visit.assessments.setdefault(
                assessment.matter, Assessment(matter=assessment.matter)
            )
            merged.highlights.extend(assessment.highlights)
            merged.findings.extend(assessment.findings)

    def _date(self, cell: _Cell, what: str) -> date | None:
        if not _text(cell.value):
            self._error(cell, f"{what}不能为空")
            return None
        try:
            return cell_date(cell.value)
        except ValueError as exc:
            self._error(cell, f"{what}{exc}")
            return None

    def _school(self, cell: _Cell, zone_cell: _Cell) -> str | None:
        name = _name(cell.value)
        if not name:
            self._error(cell, "学校不能为空")
            return None
        school = self._known(cell, name, list(self.zones), "学校", "责任区名单")
        zone = _name(zone_cell.value)
        if school and zone and self.zones[school] != zone:
            self._error(zone_cell, f"学校“{school}”属于“{self.zones[school]}”，台账写作“{zone}”")
        return school

    def _inspectors(self, cell: _Cell) -> list[str]:
        """Names split on 、，；/ — and on spaces only when the pieces are all known names."""
        names: list[str] = []
        for part in _SEPARATORS.split(_text(cell.value)):
            pieces = part.split()
            if len(pieces) > 1 and all(p in self.inspectors for p in pieces):
                names += pieces
            elif part.strip():
                names.append(_name(part))
        if not names:
            self._error(cell, "督学不能为空")
        return [n for n in names if self._known(cell, n, self.inspectors, "督学", "责任区督学名单")]

    def _assessment(self, cells: dict[str, _Cell]) -> Assessment | None:
        text = {name: _text(cell.value) for name, cell in cells.items()}
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
        return Assessment(matter=matter, highlights=_lines(cells.get("highlights", _BLANK).value),
                          findings=[finding] if finding else [])

    def _finding(self, cells: dict[str, _Cell], text: dict[str, str]) -> Finding | None:
        deadline = self._date(cells["deadline"], "整改期限") if text.get("deadline") else None
        status = "未整改"
        if text.get("status"):
            status = STATUS_WORDS.get(_name(text["status"]), "")
            if not status:
                self._error(cells["status"],
                            f"整改状态“{text['status']}”应为未整改、整改中或已整改")
                return None
        return Finding(problem=text["problem"], suggestion=text.get("suggestion", ""),
                       requirement=text.get("requirement", ""), deadline=deadline,
                       status=status, follow_ups=self._follow_ups(cells.get("follow_up", _BLANK)))

    def _follow_ups(self, cell: _Cell) -> list[FollowUp]:
        """Follow-up lines, each optionally starting with its date (2024.4.10 已复查……)."""
        notes = []
        for line in _lines(_text(cell.value)):
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


def with_ledgers(master: InspectionRecords, base_dir: Path) -> InspectionRecords:
    """The records of ``master`` plus those of the ledgers it names (relative to ``base_dir``)."""
    imported = [
        record
        for ledger in master.ledger
        for record in read_ledger(ledger if ledger.is_absolute() else base_dir / ledger, master)
    ]
    return master.model_copy(update={"records": [*master.records, *imported]})


def load_records(path: str | Path) -> InspectionRecords:
    """Load a ``kind: records`` YAML/JSON file and merge the records of its ledgers."""
    path = Path(path)
    data, lines = read_data(path)
    kind = data.get("kind") if isinstance(data, dict) else None
    if kind != "records":
        line = lines(("kind",)) if lines else None
        raise DataError(str(path), [Problem(f"应为 kind: records 的督导记录文件，而不是“{kind}”",
                                            "kind", line)])
    master = validate_document(data, str(path), lines, base_dir=path.parent)
    assert isinstance(master, InspectionRecords)
    return with_ledgers(master, path.parent)
