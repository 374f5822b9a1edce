"""What every .xlsx writer shares: fonts, borders, text-safe cells, sheet names, print set-up."""

from __future__ import annotations

import re
from collections.abc import Sequence

from openpyxl.cell.cell import Cell
from openpyxl.styles import Border, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from ...standard import ROLES

TITLE_FONT = ROLES["title"].font.name
LABEL_FONT = ROLES["table-head"].font.name
TEXT_FONT = ROLES["table-text"].font.name
"""The fonts of a sheet's title, its column heads and its text: the official document's."""

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LENGTH = 31


def put(ws: Worksheet, row: int, column: int, value: object) -> Cell:
    """Write a value into a cell; text starting with “=” stays text, never a formula."""
    cell = ws.cell(row, column, value if value != "" else None)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    return cell


def sheet_name(name: str, taken: set[str] | None = None, fallback: str = "Sheet") -> str:
    """A valid worksheet name (no []:*?/\\, at most 31 characters), unique within ``taken``."""
    base = _SHEET_NAME.sub("_", name)[:SHEET_NAME_LENGTH] or fallback
    taken = set() if taken is None else taken
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        suffix = f"（{number}）"
        candidate = base[: SHEET_NAME_LENGTH - len(suffix)] + suffix
    taken.add(candidate)
    return candidate


def print_setup(
    ws: Worksheet,
    last_row: int,
    last_column: int,
    title_rows: str | None = None,
    paper: str = "A4",
    landscape: bool = False,
) -> None:
    """Print area, header rows repeated on every page, paper fitted to the page width,
    centred, with page numbers in the footer and no gridlines."""
    ws.print_area = f"A1:{get_column_letter(last_column)}{last_row}"
    if title_rows:
        ws.print_title_rows = title_rows
    setup = ws.page_setup
    setup.paperSize = ws.PAPERSIZE_A3 if paper == "A3" else ws.PAPERSIZE_A4
    setup.orientation = "landscape" if landscape else "portrait"
    setup.fitToWidth, setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.sheet_view.showGridLines = False


def column_widths(ws: Worksheet, widths: Sequence[float]) -> None:
    """Set the widths of columns A, B, … in Excel's character units."""
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
