"""Loaders: data files (YAML, JSON, and the .xlsx ledgers they name) → validated models.

One entry point, :func:`load`, reads a file, brings in the files it refers to (holiday
files, ledgers), validates it against what is expected and makes its file paths (seals,
photos) absolute; :func:`validate` does the same for data already in memory. Files are
read only from the data file's directory and the ``allowed_dirs`` given (see
:mod:`.references`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import DataError, Problem
from ..models.base import Model
from .data import Expect, parse_data, read_data
from .data import validate as validate_data
from .references import confined, include_files, resolve_paths


def allowed_roots(base_dir: Path, allowed_dirs: Iterable[str | Path] = ()) -> tuple[Path, ...]:
    """The directories a data file in ``base_dir`` may read from, symlinks resolved."""
    return tuple(Path(d).resolve() for d in (base_dir, *allowed_dirs))


def validate(
    data: Any, expect: Expect, source: str = "<数据>", lines: Any = None, base_dir: Path | None = None,
    allowed_dirs: Iterable[str | Path] = (),
) -> Model:
    """Validate raw data into a model, its referenced files resolved against ``base_dir``
    (default: the working directory) and read only from there or ``allowed_dirs``. Raises
    DataError listing every problem found."""
    base = Path(base_dir) if base_dir is not None else Path.cwd()
    roots = allowed_roots(base, allowed_dirs)

    def included(path: Path, field: str) -> Model:
        return _included(path, field, roots)

    data, problems = include_files(data, base, included, lines, roots)
    if problems:
        raise DataError(source, problems)
    model = validate_data(data, expect, source, lines)
    problems = resolve_paths(model, base, lines, roots)
    if problems:
        raise DataError(source, problems)
    if _is_records(model):
        for index, record in enumerate(model.records):
            line = lines(("records", index)) if lines else None
            record.at(f"records[{index}]" + (f"（第 {line} 行）" if line else ""))
        from .ledger import with_ledgers  # openpyxl only for runs that read records

        model = with_ledgers(model)
    return model


def _is_records(model: Model) -> bool:
    """Whether the model is 督导记录, whose ledgers are read with them (never, when their
    module was not imported)."""
    records = sys.modules.get("gongwen.models.records")
    return records is not None and isinstance(model, records.InspectionRecords)


def _included(path: Path, field: str, roots: Sequence[Path]) -> Model:
    """A file named inside a data file: a holiday file, or a form attached to a document;
    it reads from the same directories as the file naming it."""
    from ..models.forms import FORM_KINDS

    if field == "holidays":
        from ..models.schedule import HolidayYear

        return load(path, HolidayYear, roots)
    data, lines = read_data(path)
    kind = data.get("kind") if isinstance(data, dict) else None
    if kind not in FORM_KINDS:
        known = "、".join(FORM_KINDS)
        raise DataError(str(path), [Problem(f"kind 是“{kind}”，不是表格（可用：{known}）", "kind",
                                            lines(("kind",)) if lines else None)])
    return validate(data, FORM_KINDS, str(path), lines, base_dir=path.parent, allowed_dirs=roots)


def load(path: str | Path, expect: Expect, allowed_dirs: Iterable[str | Path] = ()) -> Model:
    """Load and validate one data file (see :func:`validate`); paths in it are relative to
    the file, and name files in its directory or in ``allowed_dirs``. A data workbook
    (督导数据.xlsx) is read as records when records are expected. Raises DataError listing
    every problem found."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx" and _records_expected(expect):
        from .workbook_records import read_data_workbook

        return read_data_workbook(path)
    data, lines = read_data(path)
    return validate(data, expect, str(path), lines, base_dir=path.parent, allowed_dirs=allowed_dirs)


def _records_expected(expect: Expect) -> bool:
    """Whether 督导记录 may be what is read."""
    from ..models.records import InspectionRecords

    return InspectionRecords in (expect.values() if isinstance(expect, Mapping) else (expect,))


def load_text(
    data: bytes | str, expect: Expect, source: str = "标准输入", allowed_dirs: Iterable[str | Path] = ()
) -> Model:
    """Load and validate data read elsewhere (standard input): YAML or JSON, paths in it
    relative to the working directory (and read only there or in ``allowed_dirs``). Raises
    DataError listing every problem found."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DataError(source, [Problem("数据不是 UTF-8 编码，请改用 UTF-8")]) from None
    raw, lines = parse_data(data, source)
    return validate(raw, expect, source, lines, base_dir=Path.cwd(), allowed_dirs=allowed_dirs)


__all__ = ["Expect", "confined", "load", "load_text", "read_data", "validate"]
