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
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.reader import excel
from openpyxl.worksheet._reader import WorksheetReader
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergeCell

from ..errors import DataError, DataWarning, Problem
from ..limits import file_too_large, office_container, package_problem, regular_file

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


_clipping: ContextVar[list[str] | None] = ContextVar("gongwen_clipped_merges", default=None)
"""While gongwen opens a workbook: where to note the merged ranges cut to the sheet's data."""


class _BoundedWorksheetReader(WorksheetReader):  # type: ignore[misc]
    """openpyxl's sheet reader, which (only while gongwen opens a workbook) cuts merged
    ranges at the sheet's data: openpyxl makes an object for every cell of a merged range,
    so A6:A1000000 would take minutes and gigabytes for cells that are all blank."""

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
                    notes.append(f"{self.ws.title}!{cells.coord} 合并单元格远超出表格数据（数据止于第 {rows} 行），"
                                 "超出部分只有空白，已忽略")
            self.parser.merged_cells.mergeCell = kept
        super().bind_merged_cells()


excel.WorksheetReader = _BoundedWorksheetReader


def open_workbook(path: Path, read_only: bool = False) -> Workbook:
    """The workbook's cell values; a missing, damaged, encrypted or oversized file is a
    DataError naming it. Merged ranges reaching far beyond a sheet's data are cut there,
    with a DataWarning naming them."""
    refused = workbook_problem(path)
    if refused:
        raise DataError(str(path), [Problem(refused)])
    notes: list[str] = []
    token = _clipping.set(notes)
    try:
        book = load_workbook(path, read_only=read_only, data_only=True)
    except FileNotFoundError:
        raise DataError(str(path), [Problem("文件不存在")]) from None
    except Exception as exc:  # openpyxl raises many types for a damaged or foreign file
        raise DataError(str(path), [Problem(f"无法读取 Excel 文件（.xlsx）：{exc}")]) from None
    finally:
        _clipping.reset(token)
    for note in notes:
        warnings.warn(DataWarning(f"{path.name}：{note}"), stacklevel=2)
    return book
