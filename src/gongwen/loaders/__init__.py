"""Loaders: data files (YAML, JSON, and the .xlsx ledgers they name) → validated models.

One entry point, :func:`load`, reads a file, brings in the files it refers to (holiday
files, ledgers), validates it against what is expected and makes its file paths (seals,
photos) absolute; :func:`validate` does the same for data already in memory.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import DataError, Problem
from ..models.base import Model
from ..models.forms import FORM_KINDS
from ..models.records import InspectionRecords
from ..models.schedule import HolidayYear
from .data import Expect, read_data
from .data import validate as validate_data
from .ledger import with_ledgers
from .references import confined, include_files, resolve_paths
from .workbook_records import is_data_workbook, read_data_workbook


def validate(
    data: Any, expect: Expect, source: str = "<数据>", lines: Any = None, base_dir: Path | None = None
) -> Model:
    """Validate raw data into a model, its referenced files resolved against ``base_dir``
    (default: the working directory). Raises DataError listing every problem found."""
    base = Path(base_dir) if base_dir is not None else Path.cwd()
    data, problems = include_files(data, base, _included, lines)
    if problems:
        raise DataError(source, problems)
    model = validate_data(data, expect, source, lines)
    problems = resolve_paths(model, base, lines)
    if problems:
        raise DataError(source, problems)
    if isinstance(model, InspectionRecords):
        for index, record in enumerate(model.records):
            line = lines(("records", index)) if lines else None
            record.at(f"records[{index}]" + (f"（第 {line} 行）" if line else ""))
        model = with_ledgers(model)
    return model


def _included(path: Path, field: str) -> Model:
    """A file named inside a data file: a holiday file, or a form attached to a document."""
    if field == "holidays":
        return load(path, HolidayYear)
    data, lines = read_data(path)
    kind = data.get("kind") if isinstance(data, dict) else None
    if kind not in FORM_KINDS:
        known = "、".join(FORM_KINDS)
        raise DataError(str(path), [Problem(f"kind 是“{kind}”，不是表格（可用：{known}）", "kind",
                                            lines(("kind",)) if lines else None)])
    return validate(data, FORM_KINDS, str(path), lines, base_dir=path.parent)


def load(path: str | Path, expect: Expect) -> Model:
    """Load and validate one data file (see :func:`validate`); paths in it are relative to
    the file. A data workbook (督导数据.xlsx) is read as records when records are expected.
    Raises DataError listing every problem found."""
    path = Path(path)
    wanted = expect.values() if isinstance(expect, Mapping) else (expect,)
    if is_data_workbook(path) and InspectionRecords in wanted:
        return read_data_workbook(path)
    data, lines = read_data(path)
    return validate(data, expect, str(path), lines, base_dir=path.parent)


__all__ = ["Expect", "confined", "load", "read_data", "validate"]
