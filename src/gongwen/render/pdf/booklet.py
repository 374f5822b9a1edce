"""PDF booklets: several converted documents merged into one file.

Each document becomes one top-level bookmark (its own heading bookmarks nested under
it), and the viewer's page labels run continuously from 1 across the booklet.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError

from ...errors import ConversionError
from ..files import atomic_path
from .converter import PdfMetadata, write_metadata


@dataclass(frozen=True)
class BookletPart:
    """One document of a booklet and the bookmark title it gets."""

    pdf: Path
    title: str


@dataclass(frozen=True)
class BookletResult:
    """A written booklet: where, how many pages, and where each part starts (0-based)."""

    target: Path
    pages: int
    starts: list[int]


def make_booklet(
    parts: Sequence[BookletPart | tuple[str | os.PathLike[str], str]],
    target: str | os.PathLike[str],
    metadata: PdfMetadata | None = None,
) -> BookletResult:
    """Merge ``parts`` (in order) into ``target``, written atomically.

    Raises ConversionError when there is nothing to merge or a part cannot be read.
    """
    items = [p if isinstance(p, BookletPart) else BookletPart(Path(p[0]), p[1]) for p in parts]
    if not items:
        raise ConversionError("没有可以合并成汇编的 PDF 文件。")
    writer = PdfWriter()
    starts = []
    for item in items:
        starts.append(len(writer.pages))
        try:
            writer.append(PdfReader(item.pdf), outline_item=item.title)
        except (OSError, PyPdfError) as exc:
            raise ConversionError(f"无法读取 PDF 文件 {item.pdf}，汇编未生成：{exc}") from None
    writer.set_page_label(0, len(writer.pages) - 1, style="/D", start=1)
    writer.page_mode = "/UseOutlines"
    write_metadata(writer, metadata or PdfMetadata(title=Path(target).stem))
    target = Path(target)
    with atomic_path(target) as tmp, tmp.open("wb") as fh:
        writer.write(fh)
    return BookletResult(target, len(writer.pages), starts)
