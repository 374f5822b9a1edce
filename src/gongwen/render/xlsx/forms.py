"""Forms as .xlsx: the layout grid as a bordered, print-ready worksheet.

One writer serves every form: columns as wide as their text needs (the same measure as
the .docx, see :mod:`.columns`), merged ranges for cells spanning columns or rows, row
heights kept as boxes sized for handwriting (and grown to fit written text), the form's
paper and orientation, a print area fitted to the page width — and to one page for a
one-sheet form — and header rows repeated at the top of every printed page.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.drawing.image import Image as SheetImage
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ...derive.forms import PHOTO_MM, Cell, FormLayout
from ...loaders.images import image_bytes
from ...standard import Mm
from ..text.columns import CELL_PADDING_PT, CellText, column_widths
from ..text.metrics import LINE_HEIGHT, lines
from .sheets import BORDER, LABEL_FONT, TEXT_FONT, TITLE_FONT, print_setup, put, sheet_name
from .workbook import write_workbook

TEXT_SIZE = 12.0
PT_PER_UNIT = 5.25
"""Points in one unit of Excel column width (the default font's digit, 7 pixels)."""
SHEET_WIDTH = {("A4", False): 90, ("A4", True): 130, ("A3", False): 130, ("A3", True): 190}
"""Total column width (Excel character units) for a paper and orientation (landscape?)."""


def _lines_needed(cell: Cell, width_pt: float) -> int:
    """Lines a value takes in a box ``width_pt`` points wide."""
    return lines(cell.text, (width_pt - CELL_PADDING_PT) / (cell.size or TEXT_SIZE))


def _write_cell(ws: Worksheet, row: int, column: int, cell: Cell, height: float) -> None:
    target = put(ws, row, column, cell.text)
    target.font = Font(
        name=LABEL_FONT if cell.label else TEXT_FONT, size=cell.size or TEXT_SIZE
    )
    target.alignment = Alignment(
        horizontal=cell.alignment, vertical=cell.vertical(height), wrap_text=True
    )


def _banner(ws: Worksheet, row: int, columns: int, text: str, font: Font, align: str) -> None:
    """A line across the whole sheet (title, caption, notes)."""
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    cell = put(ws, row, 1, text)
    cell.font = font
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)


def form_sheet(ws: Worksheet, layout: FormLayout) -> None:
    """Draw a form on a worksheet and set it up for printing."""
    columns = len(layout.widths)
    total = SHEET_WIDTH[(layout.paper, layout.landscape)] * PT_PER_UNIT
    cells = [CellText(p.column, p.cell.text, p.cell.size or TEXT_SIZE, p.cell.span)
             for p in layout.placements()]
    widths = column_widths(cells, columns, total, layout.widths)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = round(width / PT_PER_UNIT, 2)

    _banner(ws, 1, columns, layout.title, Font(name=TITLE_FONT, size=20), "center")
    ws.row_dimensions[1].height = 40
    top = 2
    if layout.caption:
        _banner(ws, top, columns, layout.caption, Font(name=TEXT_FONT, size=TEXT_SIZE), "left")
        ws.row_dimensions[top].height = 22
        top += 1

    heights = [Mm(row.height).pt for row in layout.rows]
    for placement in layout.placements():
        cell, r, c = placement.cell, top + placement.row, 1 + placement.column
        row_height = layout.rows[placement.row].height
        _write_cell(ws, r, c, cell, row_height)
        end_row, end_column = r + cell.rows - 1, c + cell.span - 1
        if (end_row, end_column) != (r, c):
            ws.merge_cells(start_row=r, start_column=c, end_row=end_row, end_column=end_column)
        for rr in range(r, end_row + 1):
            for cc in range(c, end_column + 1):
                ws.cell(rr, cc).border = BORDER
        if cell.rows == 1 and cell.text:
            size = cell.size or TEXT_SIZE
            needed = _lines_needed(cell, sum(widths[c - 1 : end_column])) * size * LINE_HEIGHT + 6
            heights[placement.row] = max(heights[placement.row], needed)
        if cell.image:
            image = SheetImage(io.BytesIO(image_bytes(cell.image)))
            image.width, image.height = (Mm(mm).px for mm in PHOTO_MM)
            ws.add_image(image, f"{get_column_letter(c)}{r}")
    for index, height in enumerate(heights):
        ws.row_dimensions[top + index].height = round(height, 1)

    last = top + len(layout.rows) - 1
    for note in layout.notes:
        last += 1
        _banner(ws, last, columns, note, Font(name=TEXT_FONT, size=TEXT_SIZE), "right")
        ws.row_dimensions[last].height = 22

    title_rows = f"{top}:{top + layout.header_rows - 1}" if layout.header_rows else None
    print_setup(ws, last, columns, title_rows, layout.paper, layout.landscape)
    if layout.one_sheet:  # printed on one sheet, however full: no page numbers
        ws.page_setup.fitToHeight = 1
        ws.oddFooter.center.text = None
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.7


def form_workbook(layout: FormLayout) -> Workbook:
    """A workbook with the form on its only sheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name(layout.title, fallback="表格")
    form_sheet(sheet, layout)
    return book


def write_form_xlsx(layout: FormLayout, target: Path, created: datetime) -> Path:
    """Write a form as .xlsx, atomically; the same data gives the same bytes."""
    return write_workbook(form_workbook(layout), target, created)
