"""Native DrawingML charts in a .docx package: chart parts, their embedded data, and the
inline drawing that shows them."""

from __future__ import annotations

from collections.abc import Sequence

from ...standard import Mm
from ..xlsx.stats import DATA_LINK
from .drawing import chart_paragraph
from .ns import CT, RT
from .package import Package

WIDTH, HEIGHT = Mm(150), Mm(90)
"""A chart's size on the page."""
WORKBOOK = "embeddings/gongwen-statistics.xlsx"


def add_charts(package: Package, charts: Sequence[bytes], workbook: bytes) -> str:
    """Add chart parts sharing one embedded workbook; return the paragraphs showing them."""
    package.add_file(f"word/{WORKBOOK}", workbook, CT.XLSX)
    paragraphs = []
    for index, chart in enumerate(charts, start=1):
        name = f"charts/gongwen-chart{index}.xml"
        rel_id = package.add_part(name, chart, CT.CHART, RT.CHART, prefix="rIdGongwenChart")
        package.relate(f"word/{name}", RT.PACKAGE, f"../{WORKBOOK}", rel_id=DATA_LINK)
        drawing = package.drawing_id("chart")
        paragraphs.append(chart_paragraph(rel_id, drawing, f"图表 {index}", WIDTH, HEIGHT))
    return "".join(paragraphs)
