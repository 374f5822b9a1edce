"""Atomic file output: a document appears whole or not at all."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
"""Fixed entry time of every zip gongwen writes, so the same parts give the same bytes."""


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it over ``target`` only on success.

    An exception (or Ctrl-C) leaves any earlier ``target`` untouched and removes the
    temporary file, so a failed run never leaves a half-written document behind.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".gongwen-", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o644)
        os.replace(tmp_path, target)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def write_atomic(target: Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically and return ``target``."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


@contextlib.contextmanager
def atomic_directory(target: Path) -> Iterator[Path]:
    """Yield a temporary directory beside ``target``; rename it to ``target`` only on success."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp_path = Path(tempfile.mkdtemp(prefix=".gongwen-", suffix=".part", dir=target.parent))
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o755)
        os.rename(tmp_path, target)
    except BaseException:
        shutil.rmtree(tmp_path, ignore_errors=True)
        raise


def write_zip(parts: Mapping[str, bytes], file: Path | BinaryIO) -> None:
    """Write package parts as a zip with fixed entry times and order: same parts, same bytes."""
    with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as out:
        for name in sorted(parts, key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            out.writestr(info, parts[name])


def write_zip_atomic(parts: Mapping[str, bytes], target: Path) -> Path:
    """Write package parts (a .docx or .xlsx) to ``target`` atomically and reproducibly."""
    with atomic_path(target) as tmp:
        write_zip(parts, tmp)
    return Path(target)
