"""Reading a rendered document back as a reader sees it, for round trips: the paragraphs of
a .docx, the paragraphs of its PDF (lines joined across line and page breaks), and the
empty lines at the foot of each page."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTFigure, LTPage
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage

from gongwen.check.document import Document, Paragraph
from gongwen.check.pages import LINE_PITCH, MARGINS, read_pdf
from gongwen.check.sheets import last_content_page, sheets

Row = list[LTChar]


def docx_paragraphs(path: Path) -> list[str]:
    """Every paragraph of a .docx in order, a line break starting a new one; a table gives
    one line per row, its cells joined by tabs (a merged cell's text once)."""
    document = Document(path)
    out: list[str] = []
    for block in document.blocks():
        if isinstance(block, Paragraph):
            out += [line for line in block.text.split("\n") if line.strip()]
            continue
        for row in block.iter(f"{{{_W}}}tr"):  # type: ignore[union-attr]
            cells = ["\n".join(p.text for p in map(document.read_paragraph, cell.iter(f"{{{_W}}}p")))
                     for cell in row.iter(f"{{{_W}}}tc")]
            out.append("\t".join(cells))
    return out


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _walk(item: object) -> Iterator[object]:
    yield item
    if isinstance(item, (LTPage, LTFigure)):
        for child in item:
            yield from _walk(child)


def _rows(page: LTPage) -> list[Row]:
    """The page's characters (spaces included) on their baselines, top to bottom, left to right."""
    chars = [item for item in _walk(page) if isinstance(item, LTChar) and item.upright]
    chars.sort(key=lambda c: (-round(c.matrix[5], 1), c.x0))
    rows: list[Row] = []
    for char in chars:
        if rows and abs(rows[-1][0].matrix[5] - char.matrix[5]) <= 0.3 * char.size:
            rows[-1].append(char)
        else:
            rows.append([char])
    return [sorted(row, key=lambda c: c.x0) for row in rows]


def pdf_paragraphs(path: Path) -> list[str]:
    """The paragraphs of a PDF of a 公文, their lines joined by ``\n``: a line joins the one
    before it when that one runs to the right edge of the type area and this one is not
    indented (a paragraph's first line is indented two characters, its last line ends short
    of the edge), across page breaks; page numbers under the type area are left out."""
    _, bottom, left, right = MARGINS
    paragraphs: list[str] = []
    joins = False
    with path.open("rb") as handle:
        resources = PDFResourceManager(caching=True)
        device = PDFPageAggregator(resources, laparams=None)
        interpreter = PDFPageInterpreter(resources, device)
        for pdf_page in PDFPage.get_pages(handle):
            interpreter.process_page(pdf_page)
            page = device.get_result()
            edge = page.width - right
            for row in _rows(page):
                glyphs = [c for c in row if c.get_text().strip()]
                if not glyphs or glyphs[0].y1 < bottom - 2:
                    continue
                text = "".join(c.get_text() for c in row)
                size = max(c.size for c in glyphs)
                indented = glyphs[0].x0 > left + 0.5 * size
                if joins and not indented:
                    paragraphs[-1] = paragraphs[-1].rstrip() + "\n" + text
                else:
                    paragraphs.append(text)
                joins = glyphs[-1].x1 > edge - 0.6 * size
    return [paragraph.rstrip() for paragraph in paragraphs]


def same_text(paragraph: str, printed: str) -> bool:
    """Whether a PDF paragraph (lines joined by ``\n``) prints ``paragraph``: a space where a
    line breaks is not printed, so each join stands for a space or nothing."""
    return re.fullmatch(" ?".join(map(re.escape, printed.split("\n"))), paragraph) is not None


def foot_gaps(pdf: Path) -> list[int]:
    """Empty lines (of the 22 a page has) under the last text of each page but the last."""
    doc = sheets(read_pdf(pdf))
    last = last_content_page(doc)
    return [
        math.floor((sheet.content_bottom() - sheet.area.y0) / LINE_PITCH + 0.25)
        for sheet in doc if sheet.number < last and sheet.page.standard
    ]
