"""Summary statistics → an .xlsx workbook with native Excel charts, and the same charts
as DrawingML parts for a .docx (Word, WPS and LibreOffice draw them from cached values,
and “Edit Data” opens the embedded workbook)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from lxml import etree
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, NumData, NumVal, StrData, StrRef, StrVal
from openpyxl.chart.series import SeriesLabel
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_to_tuple
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import tostring

from ...derive.statistics import Figure, FigureTable, Statistics
from ...filters import cn_date
from ...standard import FANGSONG, TIMES
from ..docx.ns import R, qn
from .sheets import BORDER, put
from .workbook import workbook_bytes

_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_PERCENT = '0.0"%"'
PALETTE = ("4472C4", "ED7D31", "A5A5A5", "FFC000", "5B9BD5", "70AD47", "264478", "9E480E")
"""Series colours, set explicitly: Word and LibreOffice do not all apply Excel's chart style."""
DATA_LINK = "rId1"
"""The relationship by which a chart part names its data (the embedded workbook): its first."""


CHARTS = ("月度", "督导事项")
"""Sheets whose chart the summary document shows, in order."""


def _table(ws: Worksheet, top: int, columns: Sequence[str], rows: Sequence[Sequence[object]],
           percent_columns: Sequence[int] = ()) -> None:
    """Write a bordered table with a shaded header row at row ``top``."""
    for col, title in enumerate(columns, start=1):
        cell = ws.cell(top, col, title)
        cell.font, cell.fill, cell.border = Font(bold=True), _HEAD_FILL, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r, values in enumerate(rows, start=top + 1):
        for col, value in enumerate(values, start=1):
            cell = put(ws, r, col, value)
            cell.border = BORDER
            if col - 1 in percent_columns:
                cell.number_format = _PERCENT
    for col, title in enumerate(columns, start=1):
        longest = max([len(str(title)), *(len(str(v[col - 1])) for v in rows)])
        ws.column_dimensions[get_column_letter(col)].width = min(4 + 2 * longest, 60)


def _column_chart(ws: Worksheet, title: str, rows: int, series: int, y_title: str,
                  stacked: bool = False) -> BarChart:
    """A column chart of columns B… (series, titled in row 1) over categories in A2:A(rows+1)."""
    chart = BarChart()
    chart.type = "col"
    chart.title = title
    chart.y_axis.title = y_title
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    if stacked:
        chart.grouping, chart.overlap = "stacked", 100
    data = Reference(ws, min_col=2, max_col=1 + series, min_row=1, max_row=rows + 1)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=rows + 1))
    for index, series in enumerate(chart.series):
        series.graphicalProperties.solidFill = PALETTE[index % len(PALETTE)]
        series.graphicalProperties.line.noFill = True
    chart.width, chart.height = 16, 9
    return chart


def _overview(ws: Worksheet, stats: Statistics, figures: Sequence[tuple[str, Figure]]) -> None:
    ws["A1"] = f"督导工作统计（{stats.period.label}，截至{cn_date(stats.today)}）"
    ws["A1"].font = Font(size=14, bold=True)
    _table(ws, 3, ("指标", "数值"), figures)
    for row, (name, _) in enumerate(figures, start=4):
        if name.endswith("率"):
            ws.cell(row, 2).number_format = _PERCENT
    if stats.uncovered:
        _table(ws, 5 + len(figures) + 1, ("本期未督导的学校（园）",), [(name,) for name in stats.uncovered])


def _figure_sheet(book: Workbook, table: FigureTable) -> Worksheet:
    ws = book.create_sheet(table.sheet)
    _table(ws, 1, table.columns, table.all_rows, percent_columns=table.percent)
    return ws


def statistics_workbook(
    stats: Statistics, tables: Sequence[FigureTable], figures: Sequence[tuple[str, Figure]]
) -> Workbook:
    """The workbook: the headline ``figures``, the zones, months and matters ``tables``
    (each with a chart), the overdue items."""
    book = Workbook()
    _overview(book.active, stats, figures)
    book.active.title = "概况"
    zones, months, matters = tables

    sheet = _figure_sheet(book, zones)
    sheet.add_chart(_column_chart(sheet, "各责任区督导校次", len(zones.rows), 1, "校次"), "G2")
    sheet = _figure_sheet(book, months)
    series = len(months.columns) - 2  # the zones, not the 合计 column
    sheet.add_chart(_column_chart(sheet, "各月督导校次（按责任区）", len(months.rows), series, "校次",
                                  stacked=True), f"{get_column_letter(len(months.columns) + 2)}2")
    sheet = _figure_sheet(book, matters)
    sheet.add_chart(_column_chart(sheet, "各督导事项发现问题与整改情况", len(matters.rows), 2, "个"),
                    "F2")

    overdue = book.create_sheet("逾期问题")
    _table(overdue, 1, ("学校（园）", "责任区", "督导事项", "存在问题", "整改期限", "逾期天数",
                        "督办级别"),
           [(o.item.school, o.item.zone, o.item.matter, o.item.problem,
             cn_date(o.item.deadline) if o.item.deadline else "", o.days_overdue,
             o.level.name if o.level else "") for o in stats.overdue])
    return book


def _cells(book: Workbook, formula: str) -> list[object]:
    sheet, (min_col, min_row, max_col, max_row) = range_to_tuple(formula)
    ws = book[sheet]
    return [ws.cell(r, c).value for r in range(min_row, max_row + 1)
            for c in range(min_col, max_col + 1)]


def _str_ref(book: Workbook, formula: str) -> StrRef:
    values = _cells(book, formula)
    cache = StrData(pt=[StrVal(idx=i, v=str(v)) for i, v in enumerate(values)], ptCount=len(values))
    return StrRef(f=formula, strCache=cache)


def _cached(book: Workbook, chart: BarChart) -> BarChart:
    """Fill every reference of ``chart`` with the workbook's values, as Word needs them."""
    for series in chart.series:
        ref = series.val.numRef
        values = _cells(book, ref.f)
        ref.numCache = NumData(pt=[NumVal(idx=i, v=v) for i, v in enumerate(values)],
                               ptCount=len(values), formatCode="General")
        series.cat = AxDataSource(strRef=_str_ref(book, series.cat.numRef.f))
        series.tx = SeriesLabel(strRef=_str_ref(book, series.tx.strRef.f))
    return chart


def _official_text() -> etree._Element:
    """The chart's text properties (c:txPr): its labels in the official fonts, 五号."""
    text = etree.Element(qn("c:txPr"))
    etree.SubElement(text, qn("a:bodyPr"))
    etree.SubElement(text, qn("a:lstStyle"))
    paragraph = etree.SubElement(text, qn("a:p"))
    run = etree.SubElement(etree.SubElement(paragraph, qn("a:pPr")), qn("a:defRPr"), sz="1050")
    etree.SubElement(run, qn("a:latin"), typeface=TIMES.name)
    etree.SubElement(run, qn("a:ea"), typeface=FANGSONG.name)
    etree.SubElement(paragraph, qn("a:endParaRPr"), lang="zh-CN")
    return text


def chart_parts(book: Workbook, today: date) -> tuple[list[bytes], bytes]:
    """The DrawingML chart parts (c:chartSpace) for the ``CHARTS`` sheets of a statistics
    workbook, with cached values and an external-data link :data:`DATA_LINK`, and the workbook
    bytes (dated ``today``) to embed as their data."""
    charts = []
    for name in CHARTS:
        space = etree.fromstring(tostring(_cached(book, book[name]._charts[0])._write()))
        space.find(qn("c:chart")).addnext(_official_text())
        external = etree.SubElement(space, qn("c:externalData"), nsmap={"r": R})
        external.set(qn("r:id"), DATA_LINK)
        etree.SubElement(external, qn("c:autoUpdate")).set("val", "0")
        charts.append(etree.tostring(space, xml_declaration=True, encoding="UTF-8",
                                     standalone=True))
    return charts, workbook_bytes(book, today)
