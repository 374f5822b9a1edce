"""Opening .xlsx files that users hand us, with errors they can act on."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook, load_workbook

from ..errors import DataError, Problem


def open_workbook(path: Path, read_only: bool = False) -> Workbook:
    """The workbook's cell values; a missing or damaged file is a DataError naming it."""
    if path.suffix.lower() == ".xls":
        problem = ("这是旧版 Excel 文件（.xls），gongwen 只读 .xlsx：请在 Excel 或 WPS 中打开它，"
                   "另存为“Excel 工作簿（.xlsx）”后再用")
        raise DataError(str(path), [Problem(problem)])
    try:
        return load_workbook(path, read_only=read_only, data_only=True)
    except FileNotFoundError:
        raise DataError(str(path), [Problem("文件不存在")]) from None
    except Exception as exc:  # openpyxl raises many types for a damaged or foreign file
        problem = (f"无法读取 Excel 文件：文件已损坏，或不是 .xlsx 格式（{type(exc).__name__}）；"
                   "请用 Excel 或 WPS 另存为 .xlsx")
        raise DataError(str(path), [Problem(problem)]) from None
