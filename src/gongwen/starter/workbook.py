"""The starter data workbook (督导数据.xlsx): every sheet the workbook reader takes, with
frozen header rows, drop-down lists where a value must be one of a list, example rows a clerk
overwrites, and a 说明 sheet listing every column and every accepted ledger header."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..loaders.ledger import STATUS_WORDS, header_guide
from ..loaders.workbook_records import (
    GUIDE,
    INFO,
    INSPECTORS,
    LEDGER,
    LEDGER_COLUMNS,
    MATTERS,
    SCHOOLS,
    TRACKING,
    ZONES,
    SheetSpec,
)
from ..models.common import SchoolKind
from ..models.matters import EIGHT_MATTERS
from ..render.xlsx.sheets import put

ROWS = 1000
"""Rows of each sheet that carry the drop-down lists."""

STATUSES = tuple(dict.fromkeys(STATUS_WORDS.values()))
DATE_FORMAT = "yyyy-mm-dd"
_HEAD = PatternFill("solid", fgColor="D9E1F2")
_EXAMPLE = Font(color="595959")
_WRAP = Alignment(wrap_text=True, vertical="top")

Row = tuple[object, ...]


@dataclass(frozen=True)
class Content:
    """What the sheets hold: 基本信息 by field, then the rows of each sheet in its columns'
    order (see :mod:`gongwen.loaders.workbook_records`)."""

    info: Mapping[str, object]
    zones: Sequence[Row]
    inspectors: Sequence[Row]
    schools: Sequence[Row]
    matters: Sequence[str] = EIGHT_MATTERS
    ledger: Sequence[Row] = ()
    tracking: Sequence[Row] = ()


STARTER = Content(
    info={
        "district": "示例区",
        "issuer": "示例区教育督导室",
        "header": "示例区教育督导室文件",
        "period": "2026年春季学期",
        "start": date(2026, 3, 2),
        "end": date(2026, 7, 3),
        "work_done": "本学期，区教育督导室组织两个督学责任区开展常态化督导，做到每校每月至少督导1天。",
        "highlights": "校园安全专项督导与经常性督导相结合，护学岗落实到位。",
        "shortcomings": "个别问题整改进度偏慢。",
        "next_steps": "加大逾期问题督办力度。\n开展责任督学专题培训。",
    },
    zones=(("第一责任区", "王建国"), ("第二责任区", "张海燕")),
    inspectors=(
        ("王建国", "第一责任区", "责任区组长", "专职"),
        ("李秀兰", "第一责任区", "专职督学", "专职"),
        ("张海燕", "第二责任区", "责任区组长", "专职"),
        ("赵明", "第二责任区", "兼职督学", "兼职"),
    ),
    schools=(
        ("示例区实验小学", "第一责任区", "小学"),
        ("示例区第一中学", "第一责任区", "初中"),
        ("示例区阳光幼儿园", "第一责任区", "幼儿园"),
        ("示例区东风路小学", "第二责任区", "小学"),
        ("示例区育才初级中学", "第二责任区", "初中"),
        ("示例区春晖幼儿园", "第二责任区", "幼儿园"),
    ),
    ledger=(
        (date(2026, 3, 10), "示例区实验小学", "王建国、李秀兰", EIGHT_MATTERS[5], "听取汇报、巡视校园",
         "护学岗落实到位，上下学时段秩序良好", "校门口减速带破损", "建议尽快报修", "一周内修复减速带",
         date(2026, 3, 17), "整改中"),
        (date(2026, 3, 10), "示例区实验小学", "王建国、李秀兰", EIGHT_MATTERS[2], "随机听课",
         "随堂听课2节，课堂互动充分"),
        (date(2026, 3, 12), "示例区东风路小学", "张海燕", EIGHT_MATTERS[3], "查阅资料",
         "作业公示制度执行到位", "个别班级书面作业量超出规定时长", "建议年级组统筹作业总量",
         "严格控制书面作业总量", date(2026, 4, 10), "未整改"),
        (date(2026, 4, 8), "示例区阳光幼儿园", "李秀兰", EIGHT_MATTERS[6], "巡视校园",
         "食堂证照齐全，留样规范"),
    ),
    tracking=(
        ("示例区实验小学", EIGHT_MATTERS[5], "校门口减速带破损", "已整改", date(2026, 3, 16),
         date(2026, 3, 17), "李秀兰", "已复查，减速带已更换"),
    ),
)
"""The example rows of ``gongwen init``'s workbook, for a clerk to overwrite."""


def _header(ws: Worksheet, titles: Sequence[str], widths: Sequence[float]) -> None:
    """Bold header row on a fill, frozen; column widths."""
    for column, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
        cell = ws.cell(1, column, title)
        cell.font = Font(bold=True)
        cell.fill = _HEAD
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = "A2"


def _rows(ws: Worksheet, rows: Sequence[Sequence[object]], first: int = 2) -> None:
    """Example rows, in grey (a clerk overwrites them); dates as real date cells."""
    for index, values in enumerate(rows, start=first):
        for column, value in enumerate(values, start=1):
            if value is None:
                continue
            cell = put(ws, index, column, value)
            cell.font = _EXAMPLE
            cell.alignment = _WRAP
            if isinstance(value, date):
                cell.number_format = DATE_FORMAT


def _column(spec: SheetSpec, field: str) -> str:
    """The letter of a field's column in a sheet written in the spec's order."""
    return get_column_letter([c.field for c in spec.columns].index(field) + 1)


def _listed(sheet: str, column: str = "A") -> str:
    """A drop-down list read from a column of another sheet."""
    return f"{quote_sheetname(sheet)}!${column}$2:${column}${ROWS}"


def _choices(values: Sequence[str]) -> str:
    return '"' + ",".join(values) + '"'


def _validate(ws: Worksheet, column: str, formula: str, prompt: str, *, strict: bool = True) -> None:
    """A drop-down list on a column; ``strict`` refuses other values, otherwise Excel warns
    (several names in one cell)."""
    rule = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False,
                          showInputMessage=True, promptTitle="请从列表选择", prompt=prompt,
                          showErrorMessage=True, errorStyle="stop" if strict else "warning",
                          errorTitle="不在列表中", error=prompt)
    ws.add_data_validation(rule)
    rule.add(f"{column}2:{column}{ROWS}")


def _dates(ws: Worksheet, *columns: str, rows: tuple[int, int] = (2, ROWS)) -> None:
    """Date cells of the columns: a real date between 2000 and 2100."""
    rule = DataValidation(type="date", operator="between", formula1=str(int(to_excel(date(2000, 1, 1)))),
                          formula2=str(int(to_excel(date(2100, 12, 31)))), allow_blank=True,
                          showErrorMessage=True, errorTitle="不是日期",
                          error="请填写日期，如 2026-03-10")
    ws.add_data_validation(rule)
    first, last = rows
    for column in columns:
        rule.add(f"{column}{first}:{column}{last}")
        for row in range(first, last + 1):
            ws[f"{column}{row}"].number_format = DATE_FORMAT


def _info(ws: Worksheet, info: Mapping[str, object]) -> None:
    """基本信息: a row per item — its name, the value, what to write."""
    _header(ws, ("项目", "内容", "说明"), (16, 50, 60))
    for row, column in enumerate(INFO.columns, start=2):
        ws.cell(row, 1, column.name).font = Font(bold=column.required)
        ws.cell(row, 3, column.note).alignment = _WRAP
    _rows(ws, [(None, info.get(c.field)) for c in INFO.columns])
    for row, column in enumerate(INFO.columns, start=2):
        if column.field in ("start", "end"):
            _dates(ws, "B", rows=(row, row))


def _guide(ws: Worksheet) -> None:
    """说明: what each sheet holds, its columns, and every header a ledger may use."""
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 90
    lines: list[tuple[str, str]] = [
        ("督导数据.xlsx 填写说明", ""),
        ("", "灰色的示例行请改成本区的数据（或删去）；带下拉箭头的格子请从列表选择。"),
        ("", "填好后：gongwen report 督导数据.xlsx -o 视导报告 --date 2026-07-10"),
        ("", "　　　　gongwen notices 督导数据.xlsx -o 整改通知 --date 2026-07-10"),
        ("", "　　　　gongwen summary 督导数据.xlsx -o 工作总结 --date 2026-07-10"),
        ("", "出错时，提示会指出工作表和单元格（如 学校名册!B7）及最接近的名称。"),
    ]
    for spec in (INFO, SCHOOLS, ZONES, INSPECTORS, MATTERS):
        lines.append((spec.title, spec.note))
        lines += [(f"　{c.name}{'（必填）' if c.required else ''}", c.note) for c in spec.columns]
    lines.append((LEDGER, "每次督导、每个督导事项一行；同一次督导的日期、学校、督学可合并单元格。"
                          "也可按月分成几张工作表（表头相同），都会读入。"))
    lines.append(("", f"必填列：{'、'.join(LEDGER_COLUMNS[:3])}；其余列可删。"
                      "表头也可以用下列写法（不计空格和括号）；序号、备注等其他列不读入："))
    lines += [("", line) for line in header_guide()]
    lines.append((TRACKING.title, TRACKING.note))
    lines += [(f"　{c.name}{'（必填）' if c.required else ''}", c.note) for c in TRACKING.columns]
    for row, (label, text) in enumerate(lines, start=1):
        ws.cell(row, 1, label).font = Font(bold=bool(label) and not label.startswith("　"))
        ws.cell(row, 2, text).alignment = Alignment(wrap_text=True)
    ws["A1"].font = Font(bold=True, size=14)


def data_workbook(content: Content = STARTER) -> Workbook:
    """A data workbook holding ``content`` (by default the starter's example rows)."""
    book = Workbook()
    _guide(book.active)
    book.active.title = GUIDE
    _info(book.create_sheet(INFO.title), content.info)

    schools = book.create_sheet(SCHOOLS.title)
    _header(schools, [c.name for c in SCHOOLS.columns], (28, 14, 12, 30, 12))
    _rows(schools, content.schools)
    _validate(schools, _column(SCHOOLS, "zone"), _listed(ZONES.title), "从“责任区”表中的责任区选择")
    _validate(schools, _column(SCHOOLS, "kind"), _choices([k.value for k in SchoolKind]),
              "学校类别；不填时按校名推断")

    zones = book.create_sheet(ZONES.title)
    _header(zones, [c.name for c in ZONES.columns], (16, 14))
    _rows(zones, content.zones)
    _validate(zones, _column(ZONES, "leader"), _listed(INSPECTORS.title), "从“督学”表中的督学选择")

    inspectors = book.create_sheet(INSPECTORS.title)
    _header(inspectors, [c.name for c in INSPECTORS.columns], (12, 14, 14, 10, 16))
    _rows(inspectors, content.inspectors)
    _validate(inspectors, _column(INSPECTORS, "zone"), _listed(ZONES.title), "从“责任区”表中的责任区选择")
    _validate(inspectors, _column(INSPECTORS, "full_time"), _choices(["专职", "兼职"]), "专职或兼职")

    matters = book.create_sheet(MATTERS.title)
    _header(matters, [c.name for c in MATTERS.columns], (36, 60))
    _rows(matters, [(name,) for name in content.matters])

    ledger = book.create_sheet(LEDGER)
    _header(ledger, LEDGER_COLUMNS, (12, 24, 16, 26, 20, 30, 30, 24, 24, 12, 10, 30))
    _rows(ledger, content.ledger)
    letter = {title: get_column_letter(i) for i, title in enumerate(LEDGER_COLUMNS, start=1)}
    _validate(ledger, letter["学校（园）"], _listed(SCHOOLS.title), "从“学校名册”中的学校选择")
    _validate(ledger, letter["督学"], _listed(INSPECTORS.title),
              "从“督学”表中选择；几名督学一起去时写在一格，用“、”分隔", strict=False)
    _validate(ledger, letter["督导事项"], _listed(MATTERS.title), "从“督导事项”表中选择")
    _validate(ledger, letter["整改状态"], _choices(STATUSES), "未整改、整改中或已整改")
    _dates(ledger, letter["督导日期"], letter["整改期限"])

    tracking = book.create_sheet(TRACKING.title)
    _header(tracking, [c.name for c in TRACKING.columns], (24, 26, 30, 10, 14, 12, 12, 30))
    _rows(tracking, content.tracking)
    _validate(tracking, _column(TRACKING, "school"), _listed(SCHOOLS.title), "从“学校名册”中的学校选择")
    _validate(tracking, _column(TRACKING, "matter"), _listed(MATTERS.title), "从“督导事项”表中选择")
    _validate(tracking, _column(TRACKING, "status"), _choices(STATUSES), "未整改、整改中或已整改")
    _validate(tracking, _column(TRACKING, "by"), _listed(INSPECTORS.title), "从“督学”表中选择")
    _dates(tracking, _column(TRACKING, "closed_on"), _column(TRACKING, "date"))
    book.active = 1  # opens on 基本信息
    return book
