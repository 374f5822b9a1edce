"""gongwen schedule end to end: every output read back, --check, infeasible and uncovered input."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from openpyxl import load_workbook

import gongwen
from conftest import EXAMPLES, NS, Docx
from gongwen.cli import main
from gongwen.derive.schedule import schedule_rows
from gongwen.models.schedule import VisitSchedule
from gongwen.schedules import SCHEDULE_FILE, generate
from schedule_factory import SPRING_2026
from test_schedule_outputs import events
from test_workdays import HOLIDAYS_2027

EXAMPLE = EXAMPLES / "schedule.yaml"
STEM = "长宁区2026年春季学期责任督学挂牌督导视导时间安排表"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def generated() -> VisitSchedule:
    return generate(EXAMPLE)


@pytest.fixture(scope="module")
def outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("schedule")
    result = run("schedule", EXAMPLE, "-o", out)
    assert result.exit_code == 0, result.output
    return out


def inspectors(schedule: VisitSchedule) -> list[str]:
    return [person.name for zone in schedule.zones for person in zone.members]


def test_writes_every_output(outdir: Path, generated: VisitSchedule) -> None:
    names = sorted(p.name for p in outdir.iterdir() if p.name != ".gongwen-manifest.json")
    expected = [f"{STEM}.docx", f"{STEM}.xlsx", SCHEDULE_FILE,
                *(f"{name}.ics" for name in inspectors(generated))]
    assert names == sorted(expected)
    assert not [p for p in outdir.iterdir() if p.name.endswith(".part")]


def test_docx_table_lists_every_day_zone_and_school(
    outdir: Path, generated: VisitSchedule
) -> None:
    docx = Docx(outdir / f"{STEM}.docx")
    assert docx.paragraphs_in("Title") == [STEM]
    assert docx.paragraphs_in("成文日期") == ["2026年2月24日"]
    assert f"共安排视导{len(generated.visits)}所次" in docx.body_text()
    [table] = docx.document.findall(".//w:body/w:tbl", NS)
    rows = [[Docx.text(cell) for cell in row.findall("w:tc", NS)]
            for row in table.findall("w:tr", NS)]
    assert rows[0] == ["日期", "星期", "责任区", "督学", "学校（园）"]
    expected = schedule_rows(generated)
    assert len(rows) == len(expected) + 1
    first = expected[0]
    assert rows[1] == [f"{first.date.month}月{first.date.day}日", first.weekday[-1], first.zone,
                       "、".join(first.inspectors), "、".join(first.schools)]
    assert table.find("w:tr/w:trPr/w:tblHeader", NS) is not None  # header repeats on each page
    schools = Counter(school for row in rows[1:] for school in row[4].split("、"))
    assert schools == Counter(visit.school for visit in generated.visits)


def test_xlsx_has_the_table_and_a_month_grid_per_inspector(
    outdir: Path, generated: VisitSchedule
) -> None:
    book = load_workbook(outdir / f"{STEM}.xlsx")
    assert book.sheetnames == ["视导时间安排表", *inspectors(generated)]
    sheet = book["视导时间安排表"]
    assert sheet["A1"].value == STEM
    assert sheet.max_row == 2 + len(schedule_rows(generated))
    first = generated.visits[0]
    assert sheet["B3"].value == datetime.combine(first.date, datetime.min.time())
    assert sheet["F3"].value == first.school
    for ws in book.worksheets:
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1
    grid = book["周建华"]
    texts = [c.value for row in grid.iter_rows() for c in row if isinstance(c.value, str)]
    assert "2026年3月" in texts and "星期一" in texts
    mine = [v for v in generated.visits if "周建华" in v.inspectors]
    assert sum(t.count("\n") for t in texts if t[0].isdigit()) == len(mine)


def test_ics_one_event_per_visit_with_the_school_as_location(
    outdir: Path, generated: VisitSchedule
) -> None:
    for name in inspectors(generated):
        mine = [v for v in generated.visits if name in v.inspectors]
        found = events((outdir / f"{name}.ics").read_bytes())
        assert len(found) == len(mine)
        assert [str(e["LOCATION"]) for e in found] == [v.school for v in mine]
        assert [e.decoded("DTSTART") for e in found] == [v.date for v in mine]
        assert len({str(e["UID"]) for e in found}) == len(found)


def test_a_second_run_keeps_the_uids(outdir: Path, tmp_path: Path) -> None:
    assert run("schedule", EXAMPLE, "-o", tmp_path).exit_code == 0
    for path in outdir.glob("*.ics"):
        again = (tmp_path / path.name).read_bytes()
        assert [e["UID"] for e in events(again)] == [e["UID"] for e in events(path.read_bytes())]
        assert again == path.read_bytes()


def test_schedule_yaml_loads_back_and_checks_clean(
    outdir: Path, generated: VisitSchedule
) -> None:
    assert gongwen.load(outdir / SCHEDULE_FILE) == generated
    result = run("schedule", "--check", outdir / SCHEDULE_FILE)
    assert result.exit_code == 0, result.output
    assert "符合全部排期规则" in result.output


def test_check_lists_what_a_tampered_yaml_breaks(outdir: Path, tmp_path: Path) -> None:
    text = (outdir / SCHEDULE_FILE).read_text(encoding="utf-8")
    first_date = re.search(r"- date: '([\d-]+)'", text)
    assert first_date is not None
    tampered = tmp_path / "schedule.yaml"
    tampered.write_text(text.replace(first_date.group(0), "- date: '2026-03-07'", 1),
                        encoding="utf-8")  # a Saturday
    result = run("schedule", "--check", tampered)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "共" in lines[0] and "处不符合排期规则" in lines[0]
    assert any(line.startswith("  - visits[0]（第") and "2026-03-07 是休息日" in line
               and "只在工作日视导" in line for line in lines)


def test_check_xlsx_points_at_cells(outdir: Path, tmp_path: Path) -> None:
    book = load_workbook(outdir / f"{STEM}.xlsx")
    sheet = book["视导时间安排表"]
    sheet["B5"].value = datetime(2026, 4, 5)  # a Sunday, 清明节
    tampered = tmp_path / "安排表.xlsx"
    book.save(tampered)
    result = run("schedule", "--check", tampered, "--data", EXAMPLE)
    assert result.exit_code == 1
    assert "视导时间安排表!B5：2026-04-05 是休息日或法定节假日" in result.output
    clean = run("schedule", "--check", outdir / f"{STEM}.xlsx", "--data", EXAMPLE)
    assert clean.exit_code == 0, clean.output
    without_data = run("schedule", "--check", tampered)
    assert without_data.exit_code == 2 and "--data" in without_data.output


def write_data(path: Path, **fields: object) -> Path:
    """A small schedule data file: one zone, a leader and one inspector, sixteen schools."""
    data = {
        "kind": "schedule", "issuer": "长宁区教育督导室", "date": "2026-02-20",
        "term": SPRING_2026,
        "zones": [{"name": "第一责任区", "leader": "周建华", "inspectors": ["沈丽萍"],
                   "schools": [f"长宁区第{n}小学" for n in range(1, 17)]}],
        **fields,
    }
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_infeasible_input_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    blackout = {"name": "迎检", "start": "2026-04-03", "end": "2026-04-26"}
    data = write_data(tmp_path / "data.yaml", term={**SPRING_2026, "blackouts": [blackout]},
                      rules={"schools_per_day": 1})
    out = tmp_path / "out"
    result = run("schedule", data, "-o", out)
    assert result.exit_code == 2
    assert "第一责任区 2026年4月" in result.output
    assert "每所学校每月视导天数" in result.output and "差 2 所次" in result.output
    assert not out.exists()


def test_uncovered_year_needs_a_holiday_file(tmp_path: Path) -> None:
    term = {"name": "2027年春季学期", "start": "2027-03-01", "end": "2027-06-30"}
    data = write_data(tmp_path / "data.yaml", term=term)
    out = tmp_path / "out"
    result = run("schedule", data, "-o", out)
    assert result.exit_code == 2
    assert "2027" in result.output and "--holidays" in result.output
    assert not out.exists()
    holidays = tmp_path / "holidays-2027.yaml"
    holidays.write_text(yaml.safe_dump(HOLIDAYS_2027, allow_unicode=True), encoding="utf-8")
    result = run("schedule", data, "-o", out, "--holidays", holidays)
    assert result.exit_code == 0, result.output
    assert gongwen.load(out / SCHEDULE_FILE).holidays[0].year == 2027
    assert run("schedule", "--check", out / SCHEDULE_FILE).exit_code == 0


def test_usage_errors() -> None:
    assert run("schedule").exit_code == 64
    assert run("schedule", EXAMPLE).exit_code == 64
    assert run("schedule", "--check", EXAMPLE, "-o", "out").exit_code == 64
