"""Visit schedules and task calendars as printable .xlsx workbooks.

A schedule gives a 视导时间安排表 sheet (date, zone, inspectors, schools) and one
month-grid sheet per inspector; a 行事历 gives one sheet of months and numbered items.
Every sheet prints on A4, fitted to the page width, with its header rows repeated.
"""

from __future__ import annotations

import calendar as month_calendar
from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from ...derive.official import OfficialParts
from ...derive.schedule import MonthWindow, ScheduleRow
from ...models.calendar import TaskCalendar
from ...models.schedule import SCHEDULE_COLUMNS, SCHEDULE_SHEET, Visit, VisitSchedule
from .sheets import (
    BORDER,
    LABEL_FONT,
    TEXT_FONT,
    TITLE_FONT,
    column_widths,
    print_setup,
    put,
    sheet_name,
)

COLUMN_TITLES = tuple(title for title, _ in SCHEDULE_COLUMNS)
CALENDAR_COLUMNS = ("月份", "工作安排")
WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
DATE_FORMAT = 'yyyy"年"m"月"d"日"'

_HEAD_FILL = PatternFill("solid", fgColor="D9D9D9")
_CLOSED_FILL = PatternFill("solid", fgColor="EDEDED")
_VISIT_FILL = PatternFill("solid", fgColor="E2EFDA")
_WRAP = Alignment(vertical="center", wrap_text=True)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_TOP = Alignment(vertical="top", wrap_text=True)

HEAD, TEXT, CENTERED, DAY, GRID, VISIT_DAY, CLOSED_DAY, OUTSIDE = (
    "表头", "表格文字", "表格文字居中", "表格日期", "日历格", "日历格（视导）", "日历格（停排）",
    "日历格（他月）",
)
"""Named cell styles: shared by the cells (fast to apply) and restylable in Excel."""


def _add_styles(book: Workbook) -> None:
    """Register the named cell styles of the schedule and 行事历 sheets."""
    text, grid = Font(name=TEXT_FONT, size=12), Font(name=TEXT_FONT, size=11)
    for style in (
        NamedStyle(HEAD, font=Font(name=LABEL_FONT, size=12), fill=_HEAD_FILL, border=BORDER,
                   alignment=_CENTER),
        NamedStyle(TEXT, font=text, border=BORDER, alignment=_WRAP),
        NamedStyle(CENTERED, font=text, border=BORDER, alignment=_CENTER),
        NamedStyle(DAY, font=text, border=BORDER, alignment=_CENTER, number_format=DATE_FORMAT),
        NamedStyle(GRID, font=grid, border=BORDER, alignment=_TOP),
        NamedStyle(VISIT_DAY, font=grid, border=BORDER, alignment=_TOP, fill=_VISIT_FILL),
        NamedStyle(CLOSED_DAY, font=grid, border=BORDER, alignment=_TOP, fill=_CLOSED_FILL),
        NamedStyle(OUTSIDE, border=BORDER),
    ):
        book.add_named_style(style)


def _title(ws: Worksheet, row: int, columns: int, text: str, size: float = 18) -> None:
    """A title across the sheet."""
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    cell = put(ws, row, 1, text)
    cell.font = Font(name=TITLE_FONT, size=size)
    cell.alignment = _CENTER
    ws.row_dimensions[row].height = size * 2


def _header(ws: Worksheet, row: int, titles: Sequence[str]) -> None:
    for column, text in enumerate(titles, start=1):
        ws.cell(row, column, text).style = HEAD


def _body(ws: Worksheet, row: int, values: Sequence[object], centered: Sequence[int] = ()) -> None:
    """A table row; dates and the columns numbered in ``centered`` are centred."""
    for column, value in enumerate(values, start=1):
        cell = put(ws, row, column, value)
        cell.style = DAY if isinstance(value, date) else CENTERED if column in centered else TEXT


def _print_setup(
    ws: Worksheet, widths: Sequence[float], last_row: int, title_rows: str, landscape: bool
) -> None:
    """Column widths, then A4 print set-up fitted to the page width."""
    column_widths(ws, widths)
    print_setup(ws, last_row, len(widths), title_rows, landscape=landscape)


def schedule_sheet(ws: Worksheet, schedule: VisitSchedule, rows: Sequence[ScheduleRow]) -> None:
    """The 视导时间安排表: one row per day, zone and inspectors, listing the schools."""
    _title(ws, 1, len(COLUMN_TITLES), schedule.title)
    _header(ws, 2, COLUMN_TITLES)
    row = 2
    for number, line in enumerate(rows, start=1):
        row += 1
        _body(ws, row, (number, line.date, line.weekday, line.zone,
                        "、".join(line.inspectors), "、".join(line.schools)), centered=(1, 3))
    _print_setup(ws, (7, 18, 9, 14, 20, 60), row, "2:2", landscape=True)


def inspector_sheet(
    ws: Worksheet, schedule: VisitSchedule, inspector: str, visits: Sequence[Visit],
    windows: Sequence[MonthWindow],
) -> None:
    """One inspector's month grids: a page a month, schools written on their days."""
    schools: dict[date, list[str]] = defaultdict(list)
    for visit in visits:
        schools[visit.date].append(visit.school)
    _title(ws, 1, 7, f"{inspector}视导安排（{schedule.term.name}）", size=16)
    row = 1
    for window in windows:
        open_days = set(window.days)
        row += 1
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=7)
        ws.cell(row, 1, window.label).font = Font(name=LABEL_FONT, size=14)
        ws.cell(row, 1).alignment = _CENTER
        row += 1
        _header(ws, row, WEEKDAYS)
        for week in month_calendar.Calendar().monthdatescalendar(window.year, window.month):
            row += 1
            ws.row_dimensions[row].height = 66
            for column, day in enumerate(week, start=1):
                if day.month != window.month:
                    ws.cell(row, column).style = OUTSIDE
                    continue
                text = "\n".join([str(day.day), *schools.get(day, [])])
                cell = put(ws, row, column, text)
                cell.style = VISIT_DAY if day in schools else GRID if day in open_days else CLOSED_DAY
        ws.row_breaks.append(Break(id=row))
    _print_setup(ws, (19,) * 7, row, "1:1", landscape=True)


def schedule_workbook(
    schedule: VisitSchedule, rows: Sequence[ScheduleRow], windows: Sequence[MonthWindow],
    inspectors: Sequence[tuple[str, Sequence[Visit]]],
) -> Workbook:
    """The schedule sheet, then one month-grid sheet per inspector with visits."""
    book = Workbook()
    _add_styles(book)
    first = book.active
    first.title = SCHEDULE_SHEET
    schedule_sheet(first, schedule, rows)
    taken = {SCHEDULE_SHEET}
    for name, visits in inspectors:
        sheet = book.create_sheet(sheet_name(name, taken, fallback="督学"))
        inspector_sheet(sheet, schedule, name, visits, windows)
    return book


def inspector_workbook(
    schedule: VisitSchedule, inspector: str, visits: Sequence[Visit], windows: Sequence[MonthWindow]
) -> Workbook:
    """One inspector's month-grid sheet alone."""
    book = Workbook()
    _add_styles(book)
    sheet = book.active
    sheet.title = sheet_name(inspector, fallback="督学")
    inspector_sheet(sheet, schedule, inspector, visits, windows)
    return book


def calendar_workbook(
    document: TaskCalendar, months: Sequence[tuple[str, Sequence[str]]], parts: OfficialParts
) -> Workbook:
    """The 行事历 on one sheet: a row per month (its name, its numbered items one to a
    line), then the 署名 and date."""
    book = Workbook()
    _add_styles(book)
    ws = book.active
    ws.title = sheet_name(f"{document.year}年行事历")
    _title(ws, 1, len(CALENDAR_COLUMNS), document.title)
    _header(ws, 2, CALENDAR_COLUMNS)
    row = 2
    for name, items in months:
        row += 1
        _body(ws, row, (name, "\n".join(items)), centered=(1,))
        ws.row_dimensions[row].height = max(len(items), 1) * 18 + 8
    signed = [parts.signature, parts.date]
    if any(signed):
        row += 1
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        signature = put(ws, row, 1, "　".join(part for part in signed if part))
        signature.alignment = Alignment(horizontal="right")
        signature.font = Font(name=TEXT_FONT, size=12)
    _print_setup(ws, (12, 78), row, "2:2", landscape=False)
    return book
