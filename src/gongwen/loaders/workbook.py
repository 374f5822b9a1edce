"""Opening .xlsx files that users hand us, with errors they can act on."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DataError, Problem

if TYPE_CHECKING:
    from openpyxl import Workbook


def open_workbook(path: Path, read_only: bool = False) -> Workbook:
    """The workbook's cell values; a missing or damaged file is a DataError naming it."""
    from openpyxl import load_workbook  # imported by the runs that read a workbook

    try:
        return load_workbook(path, read_only=read_only, data_only=True)
    except FileNotFoundError:
        raise DataError(str(path), [Problem("文件不存在")]) from None
    except Exception as exc:  # openpyxl raises many types for a damaged or foreign file
        raise DataError(str(path), [Problem(f"无法读取 Excel 文件（.xlsx）：{exc}")]) from None
