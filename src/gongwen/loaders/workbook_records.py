"""A district's data workbook (督导数据.xlsx) → the same records a ``records.yaml`` gives.

The workbook ``gongwen init`` writes holds, one sheet each: 基本信息 (项目 | 内容: 区县,
发文机关, 红头, 统计期间 …), 学校名册, 责任区, 督学, 督导事项, the ledger (督导台账 — any
sheet with a ledger header is read, so a ledger kept a sheet a month works too) and
整改跟踪 (how each problem of the ledger is being rectified). Columns are found by their
header, so they may be moved; each problem names its cell (学校名册!B7) and, for a name
that is not known, the closest known one; every problem of the workbook is reported at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import DataError, Problem
from ..models.common import SchoolKind
from ..models.dates import DateRange, parse_range
from ..models.records import Finding, FollowUp, InspectionRecord, InspectionRecords
from .ledger import (
    HEADERS,
    STATUS_WORDS,
    Cell,
    LedgerReader,
    Sheet,
    cell_date,
    cell_lines,
    cell_name,
    cell_text,
    match_key,
    suggest,
)
from .messages import problems_from
from .references import resolve_paths
from .workbook import open_workbook

DATA_WORKBOOK = "督导数据.xlsx"
"""The file name ``gongwen init`` gives the workbook."""


@dataclass(frozen=True)
class Column:
    """A column of a sheet: the field it fills, its headers (the first is the one written)
    and what the 说明 sheet says about it."""

    field: str
    headers: tuple[str, ...]
    required: bool = False
    note: str = ""

    @property
    def name(self) -> str:
        return self.headers[0]


@dataclass(frozen=True)
class SheetSpec:
    """A sheet of the workbook and its columns (for 基本信息: its rows)."""

    title: str
    columns: tuple[Column, ...]
    note: str = ""

    def column(self, field: str) -> Column:
        return next(c for c in self.columns if c.field == field)


INFO = SheetSpec("基本信息", (
    Column("district", ("区县", "区县名称"), True, "如“长宁区”"),
    Column("issuer", ("发文机关", "发文机关署名"), True,
           "视导报告、通知书和总结的署名，如“长宁区教育督导室”"),
    Column("header", ("红头", "发文机关标志"), False, "如“长宁区教育督导室文件”；不填则不排红头"),
    Column("seal", ("印章", "印章图片"), False, "印章图片（PNG）的文件名，相对本工作簿所在文件夹；可不填"),
    Column("period", ("统计期间", "期间名称"), True,
           "如“2026—2027学年度第一学期”；也可直接写 2026-09-01 至 2027-01-22"),
    Column("start", ("开始日期", "起始日期"), False, "统计期间的第一天"),
    Column("end", ("结束日期", "截止日期"), False, "统计期间的最后一天"),
    Column("work_done", ("主要工作",), False, "工作总结“主要工作”的段落，一段一行"),
    Column("highlights", ("工作亮点",), False, "工作总结的亮点，一条一行"),
    Column("shortcomings", ("存在不足",), False, "工作总结的不足，一条一行"),
    Column("next_steps", ("下一步工作打算", "下一步打算"), False, "工作总结的下一步打算，一条一行"),
), "每行一项：A 列写项目名称，B 列写内容")

SCHOOLS = SheetSpec("学校名册", (
    Column("name", ("学校（园）名称", "学校名称", "学校（园）", "学校"), True,
           "全称，台账中的学校须与此一致"),
    Column("zone", ("责任区", "所属责任区"), True, "从下拉列表选（列表来自“责任区”表）"),
    Column("kind", ("类别", "学校类别", "学段"), False, "从下拉列表选；不填时按校名推断"),
    Column("address", ("地址",), False, ""),
    Column("principal", ("校（园）长", "校长", "园长"), False, ""),
), "每所学校（幼儿园）一行")

ZONES = SheetSpec("责任区", (
    Column("name", ("责任区", "责任区名称"), True, "如“第一责任区”"),
    Column("leader", ("组长", "责任区组长"), True, "从下拉列表选（列表来自“督学”表）"),
), "每个督学责任区一行")

INSPECTORS = SheetSpec("督学", (
    Column("name", ("姓名", "督学", "督学姓名"), True, ""),
    Column("zone", ("责任区", "所属责任区"), True, "从下拉列表选"),
    Column("position", ("职务",), False, "如“专职督学”“责任区组长”"),
    Column("full_time", ("专兼职", "专职/兼职"), False, "专职或兼职"),
    Column("phone", ("联系电话", "电话"), False, ""),
), "每名督学一行，组长也列在这里")

MATTERS = SheetSpec("督导事项", (
    Column("name", ("督导事项", "事项"), True, "台账“督导事项”列的下拉列表即来自此表"),
    Column("points", ("督导要点", "要点"), False, "一条一行，可不填"),
), "经常性督导事项目录（已填好“八项”，可改为九项或本区的事项）")

TRACKING = SheetSpec("整改跟踪", (
    Column("school", ("学校（园）", "学校", "学校名称"), True, "从下拉列表选"),
    Column("matter", ("督导事项", "事项"), False, "可不填；同一学校有同样的问题记在不同事项下时填写"),
    Column("problem", ("存在问题", "问题"), True, "照抄台账中的问题（标点、空格不计）"),
    Column("status", ("整改状态", "状态"), False, "未整改、整改中或已整改"),
    Column("closed_on", ("整改完成日期", "完成日期"), False, "已整改时填写"),
    Column("date", ("跟踪日期", "复查日期"), False, ""),
    Column("by", ("跟踪督学", "复查督学"), False, "从下拉列表选"),
    Column("note", ("跟踪落实情况", "落实情况", "跟踪情况"), False, "这次跟踪看到的情况"),
), "台账中问题的后续：每次跟踪一行，按跟踪日期先后更新问题的整改状态")

LEDGER = "督导台账"
"""The ledger sheet the workbook starts with."""

LEDGER_COLUMNS: tuple[str, ...] = (
    "督导日期", "学校（园）", "督学", "督导事项", "督导方式", "成绩与亮点", "存在问题", "意见建议",
    "整改要求", "整改期限", "整改状态", "跟踪落实情况",
)
"""The ledger sheet's headers as written (each one of :data:`ledger.HEADERS`)."""

GUIDE = "说明"
"""The sheet explaining the others (not read)."""

MASTER_SHEETS = (INFO, SCHOOLS, ZONES, INSPECTORS, MATTERS, TRACKING)
NOT_LEDGERS = {GUIDE, *(spec.title for spec in MASTER_SHEETS)}

FULL_TIME = {"专职": True, "兼职": False}
HEADER_ROWS = 10
"""How far down a sheet its header row is looked for."""


def is_data_workbook(path: str | Path) -> bool:
    """True for an .xlsx file (read as a data workbook)."""
    return Path(path).suffix.lower() == ".xlsx"


@dataclass
class _Row:
    """A row of a master sheet: its cells by field, and the row's place."""

    cells: dict[str, Cell]
    ref: str

    def text(self, field: str) -> str:
        return cell_text(self.cells[field].value) if field in self.cells else ""

    def name(self, field: str) -> str:
        return cell_name(self.cells[field].value) if field in self.cells else ""

    def cell(self, field: str) -> Cell:
        return self.cells.get(field) or Cell(None, self.ref)


class WorkbookReader:
    """Reads one data workbook, collecting every problem with its cell."""

    def __init__(self, path: Path, district: str | None = None, issuer: str | None = None,
                 period: DateRange | None = None) -> None:
        self.path = path
        self.given = {"district": district, "issuer": issuer}
        self.given_period = period
        self.problems: list[Problem] = []
        self.places: dict[str, str] = {}  # field path of the data → the cell it came from

    def error(self, where: Cell | str, message: str) -> None:
        self.problems.append(Problem(message, where.ref if isinstance(where, Cell) else where))

    def read(self) -> InspectionRecords:
        book = open_workbook(self.path)
        sheets = {ws.title: Sheet(ws, self.path.name) for ws in book.worksheets}
        book.close()
        needed = [spec.title for spec in (INFO, SCHOOLS, ZONES, INSPECTORS)]
        if not set(needed) & set(sheets):
            raise DataError(str(self.path), [Problem(
                f"这不是督导数据工作簿：没有“{'”“'.join(needed)}”等工作表。用 gongwen init 生成"
                f"{DATA_WORKBOOK}，把台账复制到其中的“{LEDGER}”表；或在 records.yaml 中用 ledger 引用"
                "这个台账文件", self.path.name)])
        master = self._master(sheets)
        if master is None:
            raise DataError(str(self.path), self.problems)
        reader = LedgerReader(master)
        ledgers = [sheet for title, sheet in sheets.items() if title not in NOT_LEDGERS]
        records = reader.read_sheets(ledgers, f"{self.path.name}（应有工作表“{LEDGER}”）")
        self.problems += reader.problems
        if not reader.problems:  # follow-ups are matched to the ledger's problems
            self._track(records, master, self._rows(sheets, TRACKING, needed=False))
        if self.problems:
            raise DataError(str(self.path), self.problems)
        return master.model_copy(update={"records": records})

    # -- the master data ------------------------------------------------------------

    def _master(self, sheets: dict[str, Sheet]) -> InspectionRecords | None:
        """The district's master data, or None (with the problems recorded)."""
        data = self._info(sheets.get(INFO.title))
        data["matters"] = self._matters(self._rows(sheets, MATTERS, needed=False))
        data["zones"] = self._zones(self._rows(sheets, ZONES), self._rows(sheets, INSPECTORS),
                                    self._rows(sheets, SCHOOLS))
        if self.problems:
            return None
        try:
            master = InspectionRecords.model_validate(data)
        except ValidationError as exc:
            self.problems += [self._placed(p) for p in problems_from(exc)]
            return None
        self.problems += [self._placed(p) for p in resolve_paths(master, self.path.parent)]
        return None if self.problems else master

    def _placed(self, problem: Problem) -> Problem:
        """A problem of the data's field path, moved to the cell the field came from."""
        path = problem.location
        while path and path not in self.places:
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        where = self.places.get(path, self.path.name)
        return Problem(problem.message, where, code=problem.code, suggestion=problem.suggestion)

    def _labelled(self, sheet: Sheet) -> dict[str, Cell]:
        """基本信息: the value cell (B) of each row, by the field its label (A) names."""
        labels = {match_key(h): column for column in INFO.columns for h in column.headers}
        known = [c.name for c in INFO.columns]
        found: dict[str, Cell] = {}
        for row in range(len(sheet.rows)):
            cells = sheet.cells(row)
            if not cells:
                continue
            col = min(cells)
            column = labels.get(match_key(cells[col]))
            if column is not None:
                found[column.field] = sheet.value(row, col + 1)
            elif row > 0 or match_key(cells[col]) not in {"项目", "名称"}:  # not the header row
                self.error(sheet.ref(row, col), f"不认识的项目“{cells[col]}”（可填：{'、'.join(known)}）"
                                                f"{suggest(cells[col], known)}")
        return found

    def _info(self, sheet: Sheet | None) -> dict[str, Any]:
        """District, issuer, period and the summary's narrative from 基本信息 (or the call)."""
        if sheet is None:
            self.error(self.path.name, f"缺少工作表“{INFO.title}”（{INFO.note}：区县、发文机关、统计期间等）")
        found = self._labelled(sheet) if sheet is not None else {}
        for field in ("district", "issuer", "header", "seal", "period"):
            self.places["issuer." + field if field in ("header", "seal") else field] = (
                found[field].ref if field in found else INFO.title
            )

        def value(field: str) -> str:
            return self.given.get(field) or (cell_text(found[field].value) if field in found else "")

        for field in ("district", "issuer"):
            if not value(field):
                what = INFO.column(field).name
                self.error(self.places[field], f"{what}不能为空：请在“{INFO.title}”表填写{what}")
        summary = {field: cell_lines(found[field].value) for field in
                   ("work_done", "highlights", "shortcomings", "next_steps") if field in found}
        return {
            "kind": "records",
            "district": value("district"),
            "issuer": {"name": value("issuer"), "header": value("header") or None,
                       "seal": value("seal") or None},
            "period": self._period(found),
            "summary": {k: v for k, v in summary.items() if v},
        }

    def _period(self, found: dict[str, Cell]) -> Any:
        """统计期间: a name with 开始日期 and 结束日期, or a range written in the 统计期间 row;
        the period given to the call when the sheet names none."""
        name_cell = found.get("period")
        name = cell_text(name_cell.value) if name_cell else ""
        days = {}
        for field in ("start", "end"):
            cell = found.get(field)
            if cell is not None and cell_text(cell.value):
                try:
                    days[field] = cell_date(cell.value)
                except ValueError as exc:
                    self.error(cell, f"{INFO.column(field).name}{exc}")
                    return None
        if len(days) == 2:
            return {"name": name or None, **days}
        if name:
            try:
                return parse_range(name)
            except ValueError:
                if self.given_period is None:
                    self.error(name_cell, f"统计期间“{name}”没有开始日期和结束日期：请在“开始日期”“结束日期”"  # type: ignore[arg-type]
                               "两行填写，或在本行写 2026-09-01 至 2027-01-22")
                    return None
        if self.given_period is not None:
            return self.given_period.model_copy(update={"name": name or self.given_period.name})
        self.error(name_cell or INFO.title, "统计期间未填写：请填写统计期间及其开始日期、结束日期")
        return None

    def _rows(self, sheets: dict[str, Sheet], spec: SheetSpec, needed: bool = True) -> list[_Row]:
        """The filled rows of a master sheet, each cell under its field."""
        sheet = sheets.get(spec.title)
        if sheet is None:
            if needed:
                self.error(self.path.name, f"缺少工作表“{spec.title}”（{spec.note}）")
            return []
        known = {match_key(h): c.field for c in spec.columns for h in c.headers}
        for row in range(min(HEADER_ROWS, len(sheet.rows))):
            columns = {col: known[match_key(t)] for col, t in sheet.cells(row).items()
                       if match_key(t) in known}
            if columns:
                break
        else:
            columns, row = {}, 0
        missing = [c for c in spec.columns if c.required and c.field not in columns.values()]
        for column in missing:
            self.error(sheet.ref(row), f"“{spec.title}”表缺少“{column.name}”列；"
                                       f"可写作：{'、'.join(column.headers)}")
        if missing:
            return []
        rows = []
        for index in range(row + 1, len(sheet.rows)):
            cells = {field: sheet.value(index, col) for col, field in columns.items()}
            if any(cell_text(cell.value) for cell in cells.values()):
                rows.append(_Row(cells, sheet.ref(index)))
        return rows

    def _required(self, row: _Row, field: str, spec: SheetSpec) -> str:
        name = row.name(field)
        if not name:
            self.error(row.cell(field), f"{spec.column(field).name}不能为空")
        return name

    def _matters(self, rows: Sequence[_Row]) -> Any:
        """督导事项 as listed, or the eight matters when the sheet is missing or empty."""
        matters = []
        for row in rows:
            name = self._required(row, "name", MATTERS)
            self.places[f"matters[{len(matters)}]"] = row.cell("name").ref
            matters.append({"name": name, "points": cell_lines(row.cell("points").value)})
        return matters or "八项"

    def _zones(self, zone_rows: Sequence[_Row], inspector_rows: Sequence[_Row],
               school_rows: Sequence[_Row]) -> list[dict[str, Any]]:
        """责任区 with their leader, inspectors (督学) and schools (学校名册)."""
        zones: dict[str, dict[str, Any]] = {}
        leaders: dict[str, Cell] = {}
        for row in zone_rows:
            name = self._required(row, "name", ZONES)
            if name in zones:
                self.error(row.cell("name"), f"责任区“{name}”重复列出")
            elif name:
                self.places[f"zones[{len(zones)}]"] = row.cell("name").ref
                self.places[f"zones[{len(zones)}].leader"] = row.cell("leader").ref
                zones[name] = {"name": name, "leader": self._required(row, "leader", ZONES),
                               "inspectors": [], "schools": []}
                leaders[name] = row.cell("leader")
        if not zone_rows and ZONES.title not in {p.location.split("!")[0] for p in self.problems}:
            self.error(ZONES.title, "没有责任区：请在“责任区”表每个责任区填一行")
        people: dict[str, dict[str, Any]] = {}
        for row in inspector_rows:
            name = self._required(row, "name", INSPECTORS)
            zone = self._zone_of(row, zones, INSPECTORS)
            if not name or zone is None:
                continue
            people[name] = {"name": name, "position": row.text("position") or None,
                            "full_time": self._full_time(row), "phone": row.text("phone") or None}
            if name == zones[zone]["leader"]:
                continue  # the leader is the zone's first member already
            members = zones[zone]["inspectors"]
            self.places[f"zones[{list(zones).index(zone)}].inspectors[{len(members)}]"] = row.cell("name").ref
            members.append(people[name])
        seen: dict[str, str] = {}
        for row in school_rows:
            name = self._required(row, "name", SCHOOLS)
            zone = self._zone_of(row, zones, SCHOOLS)
            if name in seen:
                self.error(row.cell("name"), f"学校“{name}”重复列出（另见 {seen[name]}）")
                continue
            if not name or zone is None:
                continue
            seen[name] = row.cell("name").ref
            schools = zones[zone]["schools"]
            self.places[f"zones[{list(zones).index(zone)}].schools[{len(schools)}]"] = row.cell("name").ref
            schools.append({"name": name, "kind": self._school_kind(row),
                            "address": row.text("address") or None,
                            "principal": row.text("principal") or None})
        for zone in zones.values():
            leader = zone["leader"]
            if leader and leader not in people:
                self.error(leaders[zone["name"]], f"组长“{leader}”不在“督学”表中"
                                                  f"{suggest(leader, people)}：请把组长也列入“督学”表")
            zone["leader"] = people.get(leader, leader)
            if not zone["schools"]:
                self.error(self.places[f"zones[{list(zones).index(zone['name'])}]"],
                           f"责任区“{zone['name']}”在“学校名册”中没有学校")
        return list(zones.values())

    def _zone_of(self, row: _Row, zones: dict[str, Any], spec: SheetSpec) -> str | None:
        zone = self._required(row, "zone", spec)
        if zone and zone not in zones:
            self.error(row.cell("zone"), f"责任区“{zone}”不在“责任区”表中{suggest(zone, zones)}")
            return None
        return zone or None

    def _full_time(self, row: _Row) -> bool | None:
        text = row.name("full_time")
        if text and text not in FULL_TIME:
            self.error(row.cell("full_time"), f"专兼职“{text}”应为专职或兼职")
        return FULL_TIME.get(text)

    def _school_kind(self, row: _Row) -> str | None:
        text = row.name("kind")
        kinds = [k.value for k in SchoolKind]
        if text and text not in kinds:
            self.error(row.cell("kind"), f"类别“{text}”不认识（可选：{'、'.join(kinds)}）"
                                         f"{suggest(text, kinds)}")
            return None
        return text or None

    # -- 整改跟踪 ---------------------------------------------------------------------

    def _track(self, records: Sequence[InspectionRecord], master: InspectionRecords,
               rows: Iterable[_Row]) -> None:
        """Bring each 整改跟踪 row to the ledger's findings of its school and problem (every
        record mentioning it), in the order of the follow-ups' dates."""
        found: dict[tuple[str, str], list[tuple[str, list[Finding], int]]] = {}
        for record in records:
            for assessment in record.assessments:
                for index, finding in enumerate(assessment.findings):
                    key = (record.school, match_key(finding.problem))
                    found.setdefault(key, []).append((assessment.matter, assessment.findings, index))
        dated = []
        for row in rows:
            day = self._date(row, "date")
            dated.append((day or date.min, row, day))
        for _, row, day in sorted(dated, key=lambda item: item[0]):
            self._follow(row, day, found, master)

    def _date(self, row: _Row, field: str) -> date | None:
        if not row.text(field):
            return None
        try:
            return cell_date(row.cell(field).value)
        except ValueError as exc:
            self.error(row.cell(field), f"{TRACKING.column(field).name}{exc}")
            return None

    def _follow(self, row: _Row, day: date | None,
                found: dict[tuple[str, str], list[tuple[str, list[Finding], int]]],
                master: InspectionRecords) -> None:
        school = self._required(row, "school", TRACKING)
        problem = row.text("problem")
        if not problem:
            self.error(row.cell("problem"), "存在问题不能为空：请照抄台账中的问题")
        schools = master.school_zones()
        if school and school not in schools:
            self.error(row.cell("school"), f"学校“{school}”不在“学校名册”中{suggest(school, schools)}")
            return
        if not school or not problem:
            return
        places = found.get((school, match_key(problem)), [])
        matter = row.text("matter")
        if matter:
            places = [p for p in places if match_key(p[0]) == match_key(matter)]
        if not places:
            mentioned = [f.problem for (s, _), ps in found.items() if s == school
                         for _, findings, i in ps for f in [findings[i]]]
            self.error(row.cell("problem"), f"台账中没有“{school}”的问题“{problem}”"
                                            f"{suggest(problem, mentioned)}")
            return
        update: dict[str, Any] = {}
        status = row.name("status")
        if status:
            if status not in STATUS_WORDS:
                self.error(row.cell("status"), f"整改状态“{status}”应为未整改、整改中或已整改")
                return
            update["status"] = STATUS_WORDS[status]
        closed = self._date(row, "closed_on")
        if closed is not None:
            update["closed_on"] = closed
        by = row.name("by")
        if by and by not in master.inspector_names():
            self.error(row.cell("by"), f"督学“{by}”不在“督学”表中{suggest(by, master.inspector_names())}")
            return
        note = row.text("note")
        for _, findings, index in places:
            finding = findings[index]
            follow = [FollowUp(date=day, note=note, by=by or None)] if note else []
            try:
                findings[index] = Finding.model_validate(
                    {**finding.model_dump(), **update, "follow_ups": [*finding.follow_ups, *follow]}
                )
            except ValidationError as exc:
                self.error(row.cell("status"), "；".join(p.message for p in problems_from(exc)))
                return


def read_data_workbook(path: str | Path, *, district: str | None = None, issuer: str | None = None,
                       period: DateRange | None = None) -> InspectionRecords:
    """The records of a data workbook (督导数据.xlsx): ``district`` and ``issuer`` stand for
    the 基本信息 sheet's, ``period`` is used when the sheet names none. Raises DataError
    naming every problem's cell."""
    return WorkbookReader(Path(path), district, issuer, period).read()


__all__ = [
    "DATA_WORKBOOK",
    "HEADERS",
    "INFO",
    "INSPECTORS",
    "LEDGER",
    "LEDGER_COLUMNS",
    "MATTERS",
    "SCHOOLS",
    "TRACKING",
    "ZONES",
    "Column",
    "SheetSpec",
    "is_data_workbook",
    "read_data_workbook",
]
