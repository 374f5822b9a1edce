"""End to end on the example district: ledger → reports, notices and summary files."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from gongwen.cli import main
from gongwen.errors import DataError
from gongwen.reports import load_records, render_notices, render_summary, render_visit_reports

EXAMPLE = Path(__file__).parent.parent / "examples" / "records.yaml"
TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def data():
    return load_records(EXAMPLE)


def document_text(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read("word/document.xml").decode("utf-8")


def test_one_report_per_school(tmp_path: Path, data) -> None:
    paths = render_visit_reports(data, tmp_path, today=TODAY).outputs
    assert len(paths) == len(data.school_zones())
    text = document_text(tmp_path / "清河区实验小学视导报告.docx")
    for words in ("成绩与亮点", "问题与建议", "整改要求", "整改期限", "2026年11月22日"):
        assert words in text


def test_zone_and_period_options(tmp_path: Path, data) -> None:
    paths = render_visit_reports(
        data, tmp_path, period="2026-10", zone="第二责任区", today=TODAY
    ).outputs
    expected = {f"{s.name}视导报告.docx" for s in data.zone("第二责任区").schools}
    assert paths and {p.name for p in paths} <= expected


def test_notices_by_escalation_level(tmp_path: Path, data) -> None:
    names = [p.name for p in render_notices(data, tmp_path, today=TODAY).outputs]
    assert any(n.endswith("整改通知书.docx") for n in names)
    for level in ("督办通知单", "警示通知单", "查办通知单"):
        assert any(n.endswith(f"{level}.docx") for n in names)
    red = next(p for p in tmp_path.iterdir() if p.name.endswith("查办通知单.docx"))
    assert 'w:background w:color="F8CBCB"' in document_text(red)


def test_summary_has_tables_native_charts_and_workbook(tmp_path: Path, data) -> None:
    docx, xlsx = render_summary(data, tmp_path, today=TODAY).outputs
    assert xlsx.suffix == ".xlsx" and xlsx.is_file()
    with zipfile.ZipFile(docx) as package:
        names = package.namelist()
        rels = package.read("word/_rels/document.xml.rels").decode("utf-8")
    assert {"word/charts/gongwen-chart1.xml", "word/charts/gongwen-chart2.xml",
            "word/embeddings/gongwen-statistics.xlsx"} <= set(names)
    assert "charts/gongwen-chart2.xml" in rels
    text = document_text(docx)
    assert "覆盖学校（园）35所" in text and "各责任区督导情况" in text and "c:chart" in text


def test_cli_report_and_bad_zone(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["report", str(EXAMPLE), "-o", str(tmp_path), "--zone",
                                  "第三责任区", "--date", "2026-11-22"])
    assert result.exit_code == 0, result.output
    written = result.stdout.split()  # each file relative to -o; the count on stderr
    assert len(written) == 6 and all((tmp_path / name).is_file() for name in written)
    assert result.stderr.startswith(f"已生成 6 个文件（在 {tmp_path} 中）：")
    result = runner.invoke(main, ["summary", str(EXAMPLE), "-o", str(tmp_path), "--zone", "第九"])
    assert result.exit_code == 2
    assert "第一责任区" in result.output


def test_bad_period_is_a_data_error(tmp_path: Path, data) -> None:
    with pytest.raises(DataError, match="无法识别"):
        render_summary(data, tmp_path, period="下学期")


def test_cli_reports_as_pdf_booklet(tmp_path: Path) -> None:
    from pypdf import PdfReader

    booklet = tmp_path / "第二责任区视导报告.pdf"
    args = ["report", str(EXAMPLE), "-o", str(tmp_path), "--date", "2026-11-22", "--zone", "第二责任区",
            "--period", "2026-10", "-f", "docx,pdf", "--booklet", str(booklet)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    pdfs = sorted(p for p in tmp_path.glob("*视导报告.pdf") if p != booklet)
    docxs = sorted(tmp_path.glob("*视导报告.docx"))
    assert pdfs and len(pdfs) == len(docxs)
    reader = PdfReader(booklet)
    documents = [item.title for item in reader.outline if not isinstance(item, list)]
    assert sorted(documents) == [p.stem for p in docxs]  # a bookmark per report, headings below
    assert len(reader.pages) == sum(len(PdfReader(p).pages) for p in pdfs)
    assert "视导报告" in reader.pages[0].extract_text()


def test_summary_in_every_format(tmp_path: Path, data) -> None:
    result = render_summary(data, tmp_path, today=TODAY, formats=["pdf", "html"])
    assert result.ok
    suffixes = sorted(p.suffix for p in result.outputs)
    assert suffixes == [".docx", ".html", ".pdf", ".xlsx"]
    html = next(p for p in result.outputs if p.suffix == ".html").read_text(encoding="utf-8")
    assert "<h1>" in html and "督导工作总结" in html


def test_a_notice_rendered_on_its_own_gets_its_level_template(tmp_path: Path, data) -> None:
    import gongwen
    from gongwen.derive.rectification import escalation_notices, rectification_by_school
    from gongwen.derive.report_documents import escalation_notice

    schools = rectification_by_school(data, TODAY, data.period, None)
    notices = [escalation_notice(e, data, TODAY) for e in escalation_notices(schools, data.escalation)]
    backgrounds = {"white": None, "yellow": "FFF2B3", "red": "F8CBCB"}
    for color, expected in backgrounds.items():
        notice = next(n for n in notices if n.level.color == color)
        [path] = gongwen.render(notice, tmp_path / color)
        xml = document_text(path)
        assert (f'w:background w:color="{expected}"' in xml) if expected else "w:background" not in xml
