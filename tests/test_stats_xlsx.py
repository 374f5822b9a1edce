"""The statistics workbook and the DrawingML chart parts for the summary document."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

from lxml import etree
from openpyxl import load_workbook

from _records import district, finding, record
from gongwen.derive.statistics import compute_statistics, figure_tables, overview
from gongwen.render.docx.ns import C as CHART_NS
from gongwen.render.xlsx.stats import CHARTS, chart_parts, statistics_workbook
from gongwen.render.xlsx.workbook import write_workbook

C = {"c": CHART_NS}


def stats():
    data = district([
        record("2026-09-08", "测试区实验小学", {"matter": "校园及周边安全", "findings": [
            finding("灭火器过期", "2026-09-20", "已整改"), finding("监控损坏", "2026-10-01")]}),
        record("2026-10-09", "测试区阳光幼儿园", inspectors="赵明"),
    ])
    return compute_statistics(data, date(2026, 11, 22))


def workbook(figures):
    return statistics_workbook(figures, figure_tables(figures), overview(figures))


def test_workbook_sheets_figures_and_native_charts(tmp_path: Path) -> None:
    figures = stats()
    target = write_workbook(workbook(figures), tmp_path / "out" / "统计.xlsx", figures.today)
    book = load_workbook(target)
    assert book.sheetnames == ["概况", "责任区", "月度", "督导事项", "逾期问题"]
    overview = {row[0]: row[1] for row in book["概况"].iter_rows(min_row=4, max_col=2,
                                                                   values_only=True) if row[0]}
    assert overview["督导校次"] == 2  # the summary's own word (the workbook said 督导次数)
    assert overview["覆盖率"] == 40.0
    assert overview["整改率"] == 50.0
    assert [r for r in book["逾期问题"].iter_rows(min_row=2, values_only=True)] == [
        ("测试区实验小学", "第一责任区", "校园及周边安全", "监控损坏", "2026年10月1日", 52,
         "查办通知单")]
    with zipfile.ZipFile(target) as package:
        charts = [n for n in package.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 3
    assert not list(tmp_path.joinpath("out").glob("*.part"))


def test_chart_parts_carry_cached_values_and_data_link() -> None:
    charts, embedded = chart_parts(workbook(stats()), date(2026, 11, 22))
    assert len(charts) == len(CHARTS)
    months = etree.fromstring(charts[0])
    names = [s.text for s in months.iterfind(".//c:ser/c:tx//c:v", C)]
    assert names == ["第一责任区", "第二责任区"]
    first_zone = months.find(".//c:ser/c:val//c:numCache", C)
    assert [v.text for v in first_zone.iterfind("c:pt/c:v", C)] == ["1", "0", "0", "0", "0"]
    assert months.find(".//c:ser/c:cat//c:strCache/c:pt/c:v", C).text == "2026年9月"
    assert months.find("c:externalData", C) is not None
    assert embedded.startswith(b"PK")


def test_chart_labels_are_set_in_the_official_fonts() -> None:
    A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    for chart in chart_parts(workbook(stats()), date(2026, 11, 22))[0]:
        space = etree.fromstring(chart)
        [text] = space.findall("c:txPr", C)
        assert text.getprevious().tag == f"{{{C['c']}}}chart"  # the schema's order
        run = text.find(f"{A}p/{A}pPr/{A}defRPr")
        assert run.find(f"{A}latin").get("typeface") == "Times New Roman"
        assert run.find(f"{A}ea").get("typeface") == "仿宋_GB2312"
