"""Read the visits of a 视导时间安排表 back from an .xlsx workbook, to check them."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from ..errors import DataError, Problem
from ..models.schedule import SCHEDULE_COLUMNS, SCHEDULE_SHEET, Visit
from .workbook import open_workbook, used_rows

SHEET = SCHEDULE_SHEET
COLUMNS = {title: field for title, field in SCHEDULE_COLUMNS if field}
_TITLES = {field: title for title, field in COLUMNS.items()}
_SPLIT = re.compile(r"[、\n]+")


def _names(value: object) -> list[str]:
    return [name.strip() for name in _SPLIT.split(str(value or "")) if name.strip()]


def read_visits_xlsx(path: Path) -> tuple[list[Visit], list[str]]:
    """The visits of the sheet (one per school named in a row) and, for each, its row's
    date cell (视导时间安排表!B7) so a problem can point at it."""
    from openpyxl.utils.cell import get_column_letter  # with the workbook being read

    source = str(path)
    book = open_workbook(path)
    if SHEET not in book.sheetnames:
        raise DataError(source, [Problem(f"找不到工作表“{SHEET}”")])
    rows = used_rows(book[SHEET], path.name)
    book.close()
    header = next((n for n, row in enumerate(rows) if "日期" in row), None)
    if header is None:
        expected = "".join(f"“{title}”" for title in COLUMNS)
        raise DataError(source, [Problem(f"找不到表头（应有{expected}列）", SHEET)])
    titles = [str(cell or "").strip() for cell in rows[header]]
    missing = [title for title in COLUMNS if title not in titles]
    if missing:
        where = f"{SHEET}!{header + 1}"
        raise DataError(source, [Problem(f"表头缺少：{'、'.join(missing)}", where)])
    index = {field: titles.index(title) for title, field in COLUMNS.items()}
    visits: list[Visit] = []
    cells: list[str] = []
    problems: list[Problem] = []
    for number, row in enumerate(rows[header + 1 :], start=header + 2):
        if not any(row):
            continue
        cell = f"{SHEET}!{get_column_letter(index['date'] + 1)}{number}"
        day = row[index["date"]]
        values = {
            "date": day.date() if isinstance(day, datetime) else day,
            "zone": row[index["zone"]],
            "inspectors": _names(row[index["inspectors"]]),
        }
        for school in _names(row[index["school"]]) or [""]:
            try:
                visits.append(Visit.model_validate({**values, "school": school}))
                cells.append(cell)
            except ValidationError as exc:
                fields = "、".join(dict.fromkeys(_TITLES[str(e["loc"][0])] for e in exc.errors()))
                problems.append(Problem(f"这一行的 {fields} 缺失或有误", f"{SHEET}!{number}"))
                break
    if problems:
        raise DataError(source, problems)
    return visits, cells

