"""Opening .xlsx files that users hand us, with errors they can act on.

Before openpyxl sees a file it is checked to be a regular file, not a password-protected
or old-format Office file, and a zip whose sheets and shared strings unpack within
GONGWEN_MAX_INPUT_MB at a sane ratio (a 344 KB file holding one 300 MB string is refused
from the zip's directory, nothing unpacked).
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Mapping
from contextvars import ContextVar
from itertools import islice
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.reader import excel
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import WorksheetReader
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.merge import MergeCell
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import DataError, DataWarning, Problem
from ..limits import LEDGER_CELLS, file_too_large, office_container, package_problem, regular_file

FAR = 1_000
"""Blank cells beyond a sheet's data (in one merged range, or rows below it) that are
worth a warning when left out."""

_PARTS = ("xl/",)
"""The parts of an .xlsx openpyxl parses: sheets, shared strings, styles, workbook."""


def workbook_problem(path: Path) -> str | None:
    """Why ``path`` cannot be opened as an .xlsx (in Chinese), or None."""
    refused = regular_file(path) or file_too_large(path)
    if refused:
        return refused
    try:
        container = office_container(path)
        if container:
            return container
        with zipfile.ZipFile(path) as package:
            return package_problem(package, _PARTS)
    except (zipfile.BadZipFile, OSError) as exc:
        return f"无法读取 Excel 文件（.xlsx）：{exc}"


def data_extent(cells: Mapping[tuple[int, int], Any]) -> tuple[int, int]:
    """(last row, last column), 1-based, of the cells holding something other than blanks."""
    rows = cols = 0
    for (row, col), cell in cells.items():
        value = cell.value
        if value is not None and (not isinstance(value, str) or value.strip()):
            rows, cols = max(rows, row), max(cols, col)
    return rows, cols


def used_rows(sheet: Worksheet, source: str = "") -> list[list[Any]]:
    """The values of a sheet's used range, row by row: up to its last row and column holding
    something other than blanks. A stray blank cell far beyond (a space typed into
    XFD1048576) would otherwise make a million rows of sixteen thousand columns; it is left
    out with a DataWarning naming it (and ``source``, the workbook). A used range beyond
    GONGWEN_MAX_LEDGER_CELLS is a DataError."""
    rows, cols = data_extent(sheet._cells)
    if rows * cols > LEDGER_CELLS():
        corner = f"{sheet.title}!A1:{get_column_letter(cols)}{rows}"
        raise DataError(source or sheet.title,
                        [Problem(LEDGER_CELLS.exceeded("表格的数据范围", rows * cols), corner)])
    far = [(r, c) for r, c in sheet._cells if r > rows + FAR or c > cols + FAR // 10]
    if far:
        row, col = max(far)
        end = f"数据止于 {get_column_letter(cols)}{rows}" if rows else "这张表没有数据"
        warnings.warn(DataWarning(f"{source}：{sheet.title}!{get_column_letter(col)}{row} 远在表格数据之外"
                                  f"（{end}），只有空白，已忽略"), stacklevel=2)
    if not rows:  # iter_rows would take 0 for “up to the sheet's last row”
        return []
    return [list(row) for row in sheet.iter_rows(max_row=rows, max_col=cols, values_only=True)]


_clipping: ContextVar[list[str] | None] = ContextVar("gongwen_clipped_merges", default=None)
"""While gongwen opens a workbook: where to note the merged ranges cut to the sheet's data."""
_uncomputed: ContextVar[list[str] | None] = ContextVar("gongwen_uncomputed_formulas", default=None)
"""While gongwen opens a workbook: where to note the formula cells saved without a result."""
FORMULA_NOT_COMPUTED = "公式没有计算结果，请在 Excel 中打开并保存一次"
_FORMULA = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}f"
_VALUE = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}v"


class _BoundedWorksheetReader(WorksheetReader):  # type: ignore[misc]
    """openpyxl's sheet reader, which (only while gongwen opens a workbook) cuts merged
    ranges at the sheet's data: openpyxl makes an object for every cell of a merged range,
    so A6:A1000000 would take minutes and gigabytes for cells that are all blank. It also
    notes the formula cells saved without a result (by a program rather than Excel): read
    for their values, they would pass for empty cells."""

    def __init__(self, ws: Any, *args: Any) -> None:
        super().__init__(ws, *args)
        notes = _uncomputed.get()
        if notes is not None:
            parse_cell = self.parser.parse_cell

            def noting(element: Any) -> Any:
                cell = parse_cell(element)
                if (element.find(_FORMULA) is not None and not element.findtext(_VALUE)
                        and element.get("t") not in ("str", "inlineStr")):
                    notes.append(f"{ws.title}!{element.get('r') or ''}")
                return cell

            self.parser.parse_cell = noting

    def bind_merged_cells(self) -> None:
        notes = _clipping.get()
        if notes is not None and self.parser.merged_cells:
            rows, cols = data_extent(self.ws._cells)
            kept = []
            for merged in self.parser.merged_cells.mergeCell:
                cells = CellRange(merged.ref)
                bottom, right = min(cells.max_row, max(rows, cells.min_row)), min(cells.max_col, cols)
                cut = cells.size["rows"] * cells.size["columns"]
                if right >= cells.min_col:
                    cut -= (bottom - cells.min_row + 1) * (right - cells.min_col + 1)
                    kept.append(MergeCell(CellRange(min_col=cells.min_col, min_row=cells.min_row,
                                                    max_col=right, max_row=bottom).coord))
                if cut > FAR:
                    notes.append(f"{self.ws.title}!{cells.coord} 合并单元格远超出表格数据"
                                 f"（数据止于第 {rows} 行），超出部分只有空白，已忽略")
            self.parser.merged_cells.mergeCell = kept
        if notes is None:
            super().bind_merged_cells()
            return
        # gongwen reads values only: the ranges are bound without openpyxl's drawing of
        # their borders onto every cell (half of reading a ledger of 800 merged visits)
        ranges = []
        for merged in self.parser.merged_cells.mergeCell if self.parser.merged_cells else ():
            cells = CellRange(merged.ref)
            for row, col in islice(cells.cells, 1, None):
                self.ws._cells[row, col] = MergedCell(self.ws, row, col)
            ranges.append(cells)
        self.ws.merged_cells = MultiCellRange(ranges)


excel.WorksheetReader = _BoundedWorksheetReader


def open_workbook(path: Path, read_only: bool = False) -> Workbook:
    """The workbook's cell values; a missing, damaged, encrypted or oversized file, or one
    with formulas saved without results, is a DataError naming it (and the cells). Merged
    ranges reaching far beyond a sheet's data are cut there, with a DataWarning naming them."""
    if path.suffix.lower() == ".xls":
        problem = ("这是旧版 Excel 文件（.xls），gongwen 只读 .xlsx：请在 Excel 或 WPS 中打开它，"
                   "另存为“Excel 工作簿（.xlsx）”后再用")
        raise DataError(str(path), [Problem(problem)])
    refused = workbook_problem(path)
    if refused:
        raise DataError(str(path), [Problem(refused)])
    notes: list[str] = []
    formulas: list[str] = []
    token, formula_token = _clipping.set(notes), _uncomputed.set(formulas)
    try:
        book = load_workbook(path, read_only=read_only, data_only=True)
    except FileNotFoundError:
        raise DataError(str(path), [Problem("文件不存在")]) from None
    except Exception as exc:  # openpyxl raises many types for a damaged or foreign file
        problem = (f"无法读取 Excel 文件：文件已损坏，或不是 .xlsx 格式（{type(exc).__name__}）；"
                   "请用 Excel 或 WPS 另存为 .xlsx")
        raise DataError(str(path), [Problem(problem)]) from None
    finally:
        _clipping.reset(token)
        _uncomputed.reset(formula_token)
    if formulas:
        raise DataError(str(path), [Problem(FORMULA_NOT_COMPUTED, cell) for cell in formulas[:20]])
    for note in notes:
        warnings.warn(DataWarning(f"{path.name}：{note}"), stacklevel=2)
    return book
