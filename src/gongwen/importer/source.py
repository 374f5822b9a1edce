"""What a source file holds once read: its lines (paragraphs) in order with the formatting
that helps to recognise them, its tables, and what was set aside while reading."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import DataError, Problem
from .report import LeftOut

MAX_BYTES = 50 * 1024 * 1024
"""The largest source file ``gongwen import`` reads (50 MB)."""


@dataclass
class TableData:
    """A table read from a document: rows of cell texts, how many rows are its header, and
    the cells a merge covers (left empty in ``rows``)."""

    rows: list[list[str]]
    header_rows: int = 1
    merged: int = 0  # cells covered by a merge (horizontal or vertical)
    widths: list[float] = field(default_factory=list)  # column widths in mm (Word), else empty
    pictures: dict[tuple[int, int], tuple[str, bytes]] = field(default_factory=dict)
    """Pictures in cells (Word), by (row, column): the file suffix and the bytes."""
    printed: list[list[str]] = field(default_factory=list)
    """The cells as printed (Word), line breaks gongwen may have put in not joined: a form's
    captions as they stand."""


@dataclass
class Line:
    """One line of a text file, or one paragraph (or table) of a Word document."""

    text: str
    where: int  # line number (text) or paragraph number (Word)
    centered: bool = False
    right: bool = False
    size: float | None = None  # largest font size in points
    red: bool = False
    heading: int | None = None  # outline level (1 = top) from a Word or Markdown heading
    rule: bool = False  # a drawn line (the red separator, a 版记 rule)
    page_break: bool = False  # starts a new page
    table: TableData | None = None
    label: str = ""  # an automatic (Word) numbering label put in front of ``text``
    lead: str | None = None  # Word: the start set apart as a run-in heading ("" for none)


@dataclass
class Source:
    """A source read into lines, plus what reading set aside."""

    name: str
    lines: list[Line]
    unit: str = "行"
    left_out: list[LeftOut] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    stem: str = ""  # the file name without extension (a title may hide there)
    paper: str | None = None  # A4 or A3, when the source says
    seals: list[tuple[int, str, bytes]] = field(default_factory=list)
    """Seal pictures (Word): the paragraph each is pressed on, the file suffix and the bytes."""


def refuse(source: str, message: str) -> DataError:
    """A DataError for a source that cannot be imported."""
    return DataError(source, [Problem(message)])


def check_size(source: str, size: int) -> None:
    """Refuse a source over the stated limit."""
    if size > MAX_BYTES:
        raise refuse(
            source,
            f"文件有 {size / 1024 / 1024:.1f} MB，超过导入上限 50 MB；请删去图片或拆分后再导入",
        )
