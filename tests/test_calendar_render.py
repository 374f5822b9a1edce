"""The 行事历 end to end: gongwen render writes the official .docx, the .xlsx, Markdown and HTML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

import gongwen
from conftest import EXAMPLES, NS, Docx, W
from gongwen import Renderer
from gongwen.cli import main
from gongwen.derive.calendar import calendar_months
from gongwen.errors import TemplateError
from gongwen.models.calendar import MONTH_NAMES, TaskCalendar

EXAMPLE = EXAMPLES / "calendar.yaml"
STEM = "长宁区教育督导室2026年督导工作行事历"


@pytest.fixture(scope="module")
def document() -> TaskCalendar:
    loaded = gongwen.load(EXAMPLE)
    assert isinstance(loaded, TaskCalendar)
    return loaded


@pytest.fixture(scope="module")
def outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("calendar")
    result = CliRunner().invoke(main, ["render", str(EXAMPLE), "-o", str(out), "-f",
                                       "docx,xlsx,md,html"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == [f"{STEM}.{fmt}" for fmt in ("docx", "xlsx", "md", "html")]
    return out


def month_items(docx: Docx) -> dict[str, list[str]]:
    """Each level-1 heading's text and the numbered paragraphs after it."""
    heading = docx.style_id("一级标题")
    months: dict[str, list[str]] = {}
    current: list[str] | None = None
    for paragraph in docx.paragraphs():
        style = paragraph.find("w:pPr/w:pStyle", NS)
        style_id = None if style is None else style.get(f"{{{W}}}val")
        if style_id == heading:
            current = months.setdefault(Docx.text(paragraph), [])
        elif current is not None and re.match(r"\d+\.", Docx.text(paragraph)):
            current.append(Docx.text(paragraph))
    return months


def test_docx_has_a_heading_per_month_and_numbered_items(
    outdir: Path, document: TaskCalendar
) -> None:
    docx = Docx(outdir / f"{STEM}.docx")
    assert docx.paragraphs_in("一级标题") == list(MONTH_NAMES)
    months = month_items(docx)
    for month in calendar_months(document):
        items = months[month.name]
        assert len(items) == len(month.items)
        assert items[0] == "1.上月总结及本月安排；"
        assert items[-1] == f"{len(items)}.完成上级安排的其他工作。"
        assert all(item.endswith("；") for item in items[:-1])
    assert "5.完成2025年度督导工作总结和责任督学考核；" in months["一月"]
    assert any("开展防溺水安全专项督导" in item for item in months["五月"])
    assert "6.制订2027年度督导工作计划；" in months["十二月"]


def test_docx_is_an_official_document(outdir: Path) -> None:
    docx = Docx(outdir / f"{STEM}.docx")
    assert docx.paragraphs_in("发文机关标志") == ["长宁区教育督导室文件"]
    assert docx.paragraphs_in("发文字号") == ["长教督办〔2026〕1号"]
    assert docx.paragraphs_in("Title") == [STEM]
    assert docx.paragraphs_in("主送机关") == ["各责任区督学："]
    assert "长宁区教育督导室" in docx.paragraphs_in("署名")[0]
    assert docx.paragraphs_in("成文日期") == ["2026年1月5日"]
    body = docx.body_text()
    assert "现将全年督导工作按月安排如下" in body and "要求， 现将" not in body


def test_xlsx_is_one_printable_sheet(outdir: Path, document: TaskCalendar) -> None:
    book = load_workbook(outdir / f"{STEM}.xlsx")
    assert book.sheetnames == ["2026年行事历"]
    sheet = book.active
    assert sheet["A1"].value == STEM
    assert [sheet.cell(row, 1).value for row in range(3, 15)] == list(MONTH_NAMES)
    december = calendar_months(document)[11]
    assert sheet["B14"].value.split("\n") == [
        f"{n}.{item}" for n, item in enumerate(december.items, start=1)
    ]
    assert sheet["A15"].value == "长宁区教育督导室　2026年1月5日"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.page_setup.orientation == "portrait"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$2:$2"


def test_markdown_and_html_carry_the_months(outdir: Path) -> None:
    markdown = (outdir / f"{STEM}.md").read_text(encoding="utf-8")
    assert [line for line in markdown.splitlines() if line.startswith("## ")] == [
        f"## {name}" for name in MONTH_NAMES
    ]
    assert "1\\.上月总结及本月安排；" in markdown
    html = (outdir / f"{STEM}.html").read_text(encoding="utf-8")
    assert "<h2>九月</h2>" in html and "长教督办〔2026〕1号" in html


def test_calendar_template_is_listed() -> None:
    result = CliRunner().invoke(main, ["templates", "list"], catch_exceptions=False)
    line = next(row for row in result.output.splitlines() if row.startswith("plans/calendar\t"))
    assert set(line.split("\t")[2].split(",")) == {"docx", "md", "html"}


def test_xlsx_is_refused_for_kinds_without_a_workbook() -> None:
    plan = gongwen.load(EXAMPLES / "annual-plan.yaml")
    with Renderer() as renderer, pytest.raises(TemplateError, match="行事历"):
        renderer.render_xlsx(plan, Path("unused.xlsx"))
