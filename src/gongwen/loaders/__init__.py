"""Loaders: data files (YAML, JSON, and the .xlsx ledgers they name) → validated models.

One entry point, :func:`load`, reads a file, brings in the files it refers to (holiday
files, ledgers), validates it against what is expected and makes its file paths (seals,
photos) absolute; :func:`validate` does the same for data already in memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import DataError
from ..models.base import Model
from ..models.records import InspectionRecords
from ..models.schedule import HolidayYear
from .data import Expect, read_data
from .data import validate as validate_data
from .ledger import with_ledgers
from .references import include_files, resolve_paths


def validate(
    data: Any, expect: Expect, source: str = "<数据>", lines: Any = None, base_dir: Path | None = None
) -> Model:
    """Validate raw data into a model, its referenced files resolved against ``base_dir``
    (default: the working directory). Raises DataError listing every problem found."""
    base = Path(base_dir) if base_dir is not None else Path.cwd()
    data, problems = include_files(data, base, lambda path: load(path, HolidayYear), lines)
    if problems:
        raise DataError(source, problems)
    model = validate_data(data, expect, source, lines)
    problems = resolve_paths(model, base, lines)
    if problems:
        raise DataError(source, problems)
    if isinstance(model, InspectionRecords):
        model = with_ledgers(model)
    return model


def load(path: str | Path, expect: Expect) -> Model:
    """Load and validate one data file (see :func:`validate`); paths in it are relative to
    the file. Raises DataError listing every problem found."""
    path = Path(path)
    data, lines = read_data(path)
    return validate(data, expect, str(path), lines, base_dir=path.parent)


__all__ = ["Expect", "load", "read_data", "validate"]
