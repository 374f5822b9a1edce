"""Opening .xlsx files that users hand us, with errors they can act on."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook, load_workbook

from ..errors import DataError, Problem


def open_workbook(path: Path, read_only: bool = False) -> Workbook:
    """The workbook's cell values; a missing or damaged file is a DataError naming it."""
    try:
        return load_workbook(path, read_only=read_only, data_only=True)
    except FileNotFoundError:
        raise DataError(str(path), [Problem("文件不存在")]) from None
    except Exception as exc:  # openpyxl raises many types for a damaged or foreign file
        raise DataError(str(path), [Problem(f"无法读取 Excel 文件（.xlsx）：{exc}")]) from None
