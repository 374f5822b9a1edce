"""Saving openpyxl workbooks reproducibly: the same data gives the same bytes.

openpyxl stamps a workbook with the clock (``created``/``modified`` in
docProps/core.xml, and each zip entry's time). Here both come from the data and
the zip is rewritten with fixed entry times, in a fixed order, atomically.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, time
from pathlib import Path

from openpyxl import Workbook

from ..files import write_zip, write_zip_atomic

CREATOR = "gongwen"


def _as_datetime(day: date) -> datetime:
    return day if isinstance(day, datetime) else datetime.combine(day, time())


def workbook_parts(book: Workbook, created: date) -> dict[str, bytes]:
    """The workbook's zip parts, dated ``created`` instead of now."""
    stamp = _as_datetime(created)
    book.properties.creator = CREATOR
    book.properties.created = book.properties.modified = stamp
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as saved:
        parts = {name: saved.read(name) for name in saved.namelist()}
    # openpyxl writes the save time as “modified” whatever the property says.
    text = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode("ascii")
    parts["docProps/core.xml"] = re.sub(
        rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + text, parts["docProps/core.xml"]
    )
    return parts


def workbook_bytes(book: Workbook, created: date) -> bytes:
    """The workbook as reproducible .xlsx bytes (for embedding in another package)."""
    buffer = io.BytesIO()
    write_zip(workbook_parts(book, created), buffer)
    return buffer.getvalue()


def write_workbook(book: Workbook, target: Path, created: date) -> Path:
    """Save a workbook to ``target`` atomically, dated ``created``, byte-reproducibly."""
    return write_zip_atomic(workbook_parts(book, created), Path(target))
