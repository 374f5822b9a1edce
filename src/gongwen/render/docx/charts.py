"""Native DrawingML charts in a .docx package: chart parts, their embedded data, and the
inline drawing that shows them."""

from __future__ import annotations

from collections.abc import Sequence

from ...standard import Mm
from .package import Package

_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CHART_REL = f"{_RELS}/chart"
_PACKAGE_REL = f"{_RELS}/package"
_CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
_XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
WIDTH, HEIGHT = Mm(150), Mm(90)
"""A chart's size on the page."""


def _drawing(rel_id: str, index: int) -> str:
    """A centred paragraph, not snapped to the line grid, holding one inline chart."""
    return (
        '<w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="120" w:after="120" '
        'w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0" w:firstLineChars="0"/>'
        '<w:jc w:val="center"/></w:pPr><w:r><w:drawing>'
        f'<wp:inline xmlns:wp="{_WP}" distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{WIDTH.emu}" cy="{HEIGHT.emu}"/>'
        f'<wp:docPr id="{9500 + index}" name="图表 {index}"/><wp:cNvGraphicFramePr/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        f'<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        f'xmlns:r="{_RELS}" r:id="{rel_id}"/>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    )


def _append(parts: dict[str, bytes], name: str, closing: str, entry: str) -> None:
    parts[name] = parts[name].decode("utf-8").replace(closing, entry + closing).encode("utf-8")


def add_charts(package: Package, charts: Sequence[bytes], workbook: bytes) -> str:
    """Add chart parts sharing one embedded workbook; return the paragraphs showing them."""
    parts = package.parts
    embedded = "word/embeddings/gongwen-statistics.xlsx"
    parts[embedded] = workbook
    if 'Extension="xlsx"' not in parts["[Content_Types].xml"].decode("utf-8"):
        _append(parts, "[Content_Types].xml", "</Types>",
                f'<Default Extension="xlsx" ContentType="{_XLSX_TYPE}"/>')
    paragraphs = []
    for index, chart in enumerate(charts, start=1):
        name = f"gongwen-chart{index}.xml"
        rel_id = f"rIdGongwenChart{index}"
        parts[f"word/charts/{name}"] = chart
        parts[f"word/charts/_rels/{name}.rels"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_PACKAGE_REL}" '
            'Target="../embeddings/gongwen-statistics.xlsx"/></Relationships>'
        ).encode()
        _append(parts, "[Content_Types].xml", "</Types>",
                f'<Override PartName="/word/charts/{name}" ContentType="{_CHART_TYPE}"/>')
        _append(parts, "word/_rels/document.xml.rels", "</Relationships>",
                f'<Relationship Id="{rel_id}" Type="{_CHART_REL}" Target="charts/{name}"/>')
        paragraphs.append(_drawing(rel_id, index))
    return "".join(paragraphs)
