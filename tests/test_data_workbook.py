"""Starting without YAML: gongwen init's folder, the data workbook read back with openpyxl,
the workbook route against the YAML route, every problem by its cell, records left out."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import EXAMPLES, Docx
from gongwen.batch import render_files
from gongwen.cli import main
from gongwen.errors import DataError, OutputError
from gongwen.loaders.ledger import HEADERS
from gongwen.loaders.workbook_records import (
    DATA_WORKBOOK,
    INFO,
    INSPECTORS,
    LEDGER,
    LEDGER_COLUMNS,
    MATTERS,
    SCHOOLS,
    TRACKING,
    ZONES,
    read_data_workbook,
)
from gongwen.models.records import Status
from gongwen.reports import load_records, render_summary, render_visit_reports
from gongwen.schedules import render_schedule
from gongwen.starter import guide, init_district

DAY = date(2026, 7, 10)
SKELETONS = ("年度计划.yaml", "工作方案.yaml", "行事历.yaml", "视导安排.yaml")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    init_district(tmp_path / "区")
    return tmp_path / "区"


def edit(path: Path, sheet: str, cells: dict[str, Any]) -> Path:
    """Change cells of the workbook (as a clerk would in Excel)."""
    book = load_workbook(path)
    for ref, value in cells.items():
        book[sheet][ref] = value
    book.save(path)
    return path


def problems(path: Path, **options: Any) -> list[str]:
    with pytest.raises(DataError) as caught:
        read_data_workbook(path, **options)
    return [str(p) for p in caught.value.problems]


# -- gongwen init ------------------------------------------------------------------------

def test_init_writes_the_workbook_and_the_skeletons(folder: Path) -> None:
    assert sorted(p.name for p in folder.iterdir()) == sorted([DATA_WORKBOOK, *SKELETONS])
    book = load_workbook(folder / DATA_WORKBOOK)
    assert book.sheetnames == ["说明", INFO.title, SCHOOLS.title, ZONES.title, INSPECTORS.title,
                               MATTERS.title, LEDGER, TRACKING.title]
    assert book.active.title == INFO.title
    for name in book.sheetnames[1:]:
        assert book[name].freeze_panes == "A2", name
    assert [c.value for c in book[LEDGER][1]] == list(LEDGER_COLUMNS)
    assert [c.value for c in book[SCHOOLS.title][1]] == [c.name for c in SCHOOLS.columns]


def lists(book: Any, sheet: str) -> dict[str, str]:
    """Drop-down lists of a sheet: first cell of each range → its formula."""
    return {str(rule.sqref).split(":")[0]: rule.formula1
            for rule in book[sheet].data_validations.dataValidation if rule.type == "list"}


def test_workbook_has_drop_down_lists(folder: Path) -> None:
    book = load_workbook(folder / DATA_WORKBOOK)
    ledger = lists(book, LEDGER)
    assert ledger == {
        "B2": "'学校名册'!$A$2:$A$1000",  # 学校（园）
        "C2": "'督学'!$A$2:$A$1000",  # 督学
        "D2": "'督导事项'!$A$2:$A$1000",  # 督导事项
        "K2": '"未整改,整改中,已整改"',  # 整改状态
    }
    assert lists(book, SCHOOLS.title)["B2"] == "'责任区'!$A$2:$A$1000"
    assert "小学" in lists(book, SCHOOLS.title)["C2"]
    assert lists(book, ZONES.title) == {"B2": "'督学'!$A$2:$A$1000"}
    assert lists(book, INSPECTORS.title) == {"B2": "'责任区'!$A$2:$A$1000", "D2": '"专职,兼职"'}
    tracking = lists(book, TRACKING.title)
    assert set(tracking) == {"A2", "B2", "D2", "G2"}
    dates = [r for r in book[LEDGER].data_validations.dataValidation if r.type == "date"]
    assert {str(r.sqref) for r in dates} == {"A2:A1000 J2:J1000"}
    warned = next(r for r in book[LEDGER].data_validations.dataValidation if str(r.sqref) == "C2:C1000")
    assert warned.errorStyle == "warning"  # several inspectors go in one cell


def test_guide_sheet_and_printed_guide_list_every_ledger_header(folder: Path) -> None:
    book = load_workbook(folder / DATA_WORKBOOK)
    text = "\n".join(str(c.value) for row in book["说明"].iter_rows() for c in row if c.value)
    printed = "\n".join(guide(folder))
    for aliases in HEADERS.values():
        for alias in aliases:
            assert alias in text and alias in printed, alias
    assert "学校（必填）：学校、学校（园）、受督学校" in printed


def test_readme_lists_every_ledger_header() -> None:
    from conftest import ROOT
    from gongwen.loaders.ledger import header_guide

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for line in header_guide():
        column, aliases = line.split("：")
        assert f"| {column} | {aliases} |" in readme, column


def test_init_refuses_to_overwrite(folder: Path) -> None:
    with pytest.raises(OutputError, match=r"督导数据\.xlsx"):
        init_district(folder)


def test_init_command_prints_the_guide(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "新区"))
    assert result.exit_code == 0, result.output
    assert "督导日期（必填）" in result.output
    assert (tmp_path / "新区" / DATA_WORKBOOK).is_file()


def test_skeletons_render_as_they_are(folder: Path, tmp_path: Path) -> None:
    result = render_files([folder / name for name in SKELETONS[:3]], tmp_path / "out", ["docx"])
    assert result.ok and len(result.outputs) == 3, result.failures
    schedule = render_schedule(folder / "视导安排.yaml", tmp_path / "安排")
    assert schedule.ok and any(p.suffix == ".ics" for p in schedule.outputs)


def test_starter_workbook_makes_reports_notices_and_summary(folder: Path, tmp_path: Path) -> None:
    data = folder / DATA_WORKBOOK
    for command in ("report", "notices", "summary"):
        result = run(command, str(data), "-o", str(tmp_path / command), "--date", "2026-07-10")
        assert result.exit_code == 0, result.output
    reports = sorted(p.name for p in (tmp_path / "report").glob("*.docx"))
    assert reports == ["示例区东风路小学视导报告.docx", "示例区实验小学视导报告.docx",
                       "示例区阳光幼儿园视导报告.docx"]
    report = Docx(tmp_path / "report" / "示例区实验小学视导报告.docx")
    assert "示例区教育督导室" in report.text(report.document)


def test_tracking_sheet_updates_the_ledger_problem(folder: Path) -> None:
    records = read_data_workbook(folder / DATA_WORKBOOK)
    finding = next(f for r in records.records for a in r.assessments for f in a.findings
                   if f.problem == "校门口减速带破损")
    assert finding.status is Status.DONE and finding.closed_on == date(2026, 3, 16)
    assert [(f.date, f.note, f.by) for f in finding.follow_ups] == [
        (date(2026, 3, 17), "已复查，减速带已更换", "李秀兰")]


def test_init_example_copies_the_examples(tmp_path: Path) -> None:
    written = init_district(tmp_path / "示例", example=True)
    names = {p.relative_to(tmp_path / "示例").as_posix() for p in written}
    shipped = {p.relative_to(EXAMPLES).as_posix() for p in EXAMPLES.rglob("*") if p.is_file()}
    assert names == shipped and {"records.yaml", DATA_WORKBOOK, "forms/leader-check.yaml"} <= names


def test_wheel_ships_the_examples_and_starter_files(tmp_path: Path) -> None:
    import subprocess
    import sys

    from conftest import ROOT

    subprocess.run([sys.executable, "-m", "build", "-q", "--no-isolation", "--wheel", "-o",
                    str(tmp_path), str(ROOT)], check=True, capture_output=True)
    [wheel] = tmp_path.glob("gongwen-*.whl")
    with zipfile.ZipFile(wheel) as package:
        names = set(package.namelist())
    shipped = {f"gongwen/examples/{p.relative_to(EXAMPLES).as_posix()}"
               for p in EXAMPLES.rglob("*") if p.is_file()}
    assert shipped <= names
    assert {f"gongwen/starter/files/{name}" for name in SKELETONS} <= names
    assert {f"gongwen/schemas/{kind}.schema.json" for kind in ("records", "schedule")} <= names


# -- the workbook route is the YAML route ---------------------------------------------------

def test_example_workbook_holds_the_example_records() -> None:
    from_yaml = load_records(EXAMPLES / "records.yaml")
    from_workbook = load_records(EXAMPLES / DATA_WORKBOOK)
    assert from_workbook.model_dump(exclude={"ledger"}) == from_yaml.model_dump(exclude={"ledger"})
    assert len(from_workbook.records) == 140
    assert from_workbook.records[0].origin == "督导台账!B6"
    assert from_yaml.records[0].origin == "records.xlsx 台账!B6"


def test_workbook_route_gives_the_same_reports(tmp_path: Path) -> None:
    day = date(2026, 11, 22)
    yaml_out = render_visit_reports(EXAMPLES / "records.yaml", tmp_path / "yaml", today=day)
    book_out = render_visit_reports(EXAMPLES / DATA_WORKBOOK, tmp_path / "xlsx", today=day)
    assert len(yaml_out.outputs) == len(book_out.outputs) == 35
    for a, b in zip(yaml_out.outputs, book_out.outputs, strict=True):
        assert a.name == b.name and a.read_bytes() == b.read_bytes(), a.name


# -- problems by their cell -----------------------------------------------------------------

def test_unknown_zone_of_a_school_names_its_cell_and_the_closest(folder: Path) -> None:
    path = edit(folder / DATA_WORKBOOK, SCHOOLS.title, {"B7": "第三责任区"})
    assert problems(path) == ["学校名册!B7：责任区“第三责任区”不在“责任区”表中，是否为“第二责任区”？"]


def test_every_problem_of_the_workbook_at_once(folder: Path) -> None:
    path = edit(folder / DATA_WORKBOOK, INFO.title, {"B2": None, "B7": "2026年13月1日"})
    edit(path, SCHOOLS.title, {"A3": "示例区实验小学", "C4": "中学"})
    edit(path, INSPECTORS.title, {"D5": "兼"})
    assert problems(path) == [
        "基本信息!B2：区县不能为空：请在“基本信息”表填写区县",
        "基本信息!B7：开始日期“2026年13月1日”这一天不存在",
        "督学!D5：专兼职“兼”应为专职或兼职",
        "学校名册!A3：学校“示例区实验小学”重复列出（另见 学校名册!A2）",
        "学校名册!C4：类别“中学”不认识（可选：幼儿园、小学、初中、九年一贯制、十二年一贯制、完全中学、高中、"
        "特殊教育、职业学校、其他），是否为“完全中学”？",
    ]


def test_district_issuer_and_period_may_come_from_the_call(folder: Path) -> None:
    path = edit(folder / DATA_WORKBOOK, INFO.title, {"B2": None, "B3": None, "B7": None, "B8": None})
    assert problems(path)[0].startswith("基本信息!B2：区县不能为空")
    records = load_records(path, district="长宁区", issuer="长宁区教育督导室",
                           period=load_records(EXAMPLES / "records.yaml").period)
    assert (records.district, records.issuer.name, records.issuer.header) == (
        "长宁区", "长宁区教育督导室", "示例区教育督导室文件")
    assert records.period.name == "2026年春季学期" and records.period.start == date(2026, 9, 1)


def test_ledger_names_checked_against_the_workbook(folder: Path) -> None:
    path = edit(folder / DATA_WORKBOOK, LEDGER, {"B4": "示例区东风小学", "C5": "李秀"})
    assert problems(path) == [
        "督导台账!B4：学校“示例区东风小学”不在责任区名单中，是否为“示例区东风路小学”？",
        "督导台账!C5：督学“李秀”不在责任区督学名单中，是否为“李秀兰”？",
    ]


def test_tracking_a_problem_the_ledger_lacks(folder: Path) -> None:
    path = edit(folder / DATA_WORKBOOK, TRACKING.title, {"C2": "校门口减速带损坏"})
    assert problems(path) == [
        "整改跟踪!C2：台账中没有“示例区实验小学”的问题“校门口减速带损坏”，是否为“校门口减速带破损”？"]


def test_renamed_ledger_header_in_the_workbook(folder: Path) -> None:
    path = edit(folder / DATA_WORKBOOK, LEDGER, {"B1": "被督导学校"})
    (message,) = problems(path)
    assert message.startswith(
        "督导台账!B1：不认识的表头“被督导学校”，这一列没有读入；“学校”列可写作：学校、学校（园）")


def test_a_ledger_alone_is_not_taken_for_the_workbook(tmp_path: Path) -> None:
    result = run("report", str(EXAMPLES / "records.xlsx"), "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "records.xlsx：这不是督导数据工作簿：没有“基本信息”“学校名册”“责任区”“督学”等工作表。" \
           "用 gongwen init 生成督导数据.xlsx" in result.stderr


def test_cli_option_names_the_inspector_not_known(folder: Path, tmp_path: Path) -> None:
    result = run("report", str(folder / DATA_WORKBOOK), "-o", str(tmp_path), "--inspector", "李秀")
    assert result.exit_code == 2
    assert "--inspector：没有名为“李秀”的督学" in result.stderr and "是否为“李秀兰”？" in result.stderr


def test_report_for_one_inspector(folder: Path, tmp_path: Path) -> None:
    result = render_visit_reports(folder / DATA_WORKBOOK, tmp_path, inspector="李秀兰", today=DAY)
    assert sorted(p.name for p in result.outputs) == ["示例区实验小学视导报告.docx",
                                                      "示例区阳光幼儿园视导报告.docx"]
    report = Docx(tmp_path / "示例区实验小学视导报告.docx")
    assert "督学王建国、李秀兰于2026年3月10日" in report.text(report.document)


# -- nothing left out silently --------------------------------------------------------------

def test_record_outside_the_period_is_a_warning_with_its_cell(folder: Path, tmp_path: Path) -> None:
    path = edit(folder / DATA_WORKBOOK, LEDGER, {"A5": date(2025, 4, 8)})
    result = render_summary(path, tmp_path, today=DAY)
    assert [str(w) for w in result.warnings] == [
        f"{path}：督导台账!A5：2025年4月8日示例区阳光幼儿园的督导记录不在统计期间“2026年春季学期”"
        "（2026年3月2日至2026年7月3日）内，未计入；请核对日期，或调整统计期间"
    ]
    workbook = load_workbook(next(p for p in result.outputs if p.suffix == ".xlsx"))
    figures = {row[0].value: row[1].value for row in workbook.worksheets[0].iter_rows() if row[0].value}
    assert figures["督导校次"] == 2
    assert result.to_dict()["warnings"] == [{
        "code": "W_OUT_OF_PERIOD", "location": "督导台账!A5", "line": None, "source": str(path),
        "message": "2025年4月8日示例区阳光幼儿园的督导记录不在统计期间“2026年春季学期”"
                   "（2026年3月2日至2026年7月3日）内，未计入；请核对日期，或调整统计期间", "suggestion": ""}]


def test_record_after_the_day_is_a_warning(folder: Path, tmp_path: Path) -> None:
    result = render_summary(folder / DATA_WORKBOOK, tmp_path, today=date(2026, 4, 1))
    assert [str(w) for w in result.warnings] == [
        f"{folder / DATA_WORKBOOK}：督导台账!A5：2026年4月8日示例区阳光幼儿园的督导记录晚于统计截止日"
        "2026年4月1日（成文日期），未计入；请核对日期，或把成文日期改到其后"
    ]


def test_yaml_record_outside_the_period_names_its_field_and_line(tmp_path: Path) -> None:
    text = (EXAMPLES / "records.yaml").read_text(encoding="utf-8").replace("ledger: records.xlsx\n", "")
    text += ("records:\n  - date: 2026-08-31\n    school: 清河区实验小学\n    inspectors: 王建国\n")
    path = tmp_path / "records.yaml"
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  - date: 2026-08-31") + 1
    result = render_visit_reports(path, tmp_path / "out", today=DAY)
    assert result.outputs == []
    assert [str(w) for w in result.warnings] == [
        f"{path}：records[0]（第 {line} 行）：2026年8月31日清河区实验小学的督导记录不在统计期间"
        "“2026—2027学年度第一学期”（2026年9月1日至2027年1月22日）内，未计入；请核对日期，或调整统计期间"
    ]
    narrowed = render_visit_reports(path, tmp_path / "out", today=DAY, period="2026-10")
    assert narrowed.warnings == []  # a period asked for leaves out the rest on purpose
