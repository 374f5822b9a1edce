"""Publishing a schedule again: an edited schedule.yaml keeps its visits (checked against the
rules), calendars that update on a phone, one inspector's month grids as a .docx and PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from icalendar import Calendar
from openpyxl import load_workbook
from pypdf import PdfReader

from conftest import EXAMPLES, NS, Docx
from gongwen.cli import main
from gongwen.schedules import SCHEDULE_FILE, render_schedule

EXAMPLE = EXAMPLES / "schedule.yaml"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def edit(path: Path, change: dict[int, dict[str, str]]) -> tuple[dict[str, object], list[int]]:
    """Change visits of a schedule.yaml (by index); the data and the changed visits' lines."""
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    for index, fields in change.items():
        data["visits"][index].update(fields)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    starts = [n for n, line in enumerate(lines, start=1) if line.startswith("- date:")]
    return data, [starts[index] for index in change]


@pytest.fixture
def published(tmp_path: Path) -> Path:
    out = tmp_path / "安排"
    result = run("schedule", EXAMPLE, "-o", out)
    assert result.exit_code == 0, result.output
    assert "已按排期规则生成 400 条视导安排" in result.stderr
    return out


def test_edited_schedule_keeps_its_visits_and_names_what_breaks_a_rule(published: Path) -> None:
    schedule = published / SCHEDULE_FILE
    data, (line,) = edit(schedule, {0: {"date": "2026-04-06"}})  # 清明节 (a holiday)
    result = run("schedule", schedule, "-o", published)
    assert result.exit_code == 0, result.output
    assert f"{schedule}：visits[0]（第 {line} 行）：2026-04-06 是休息日或法定节假日（规则：只在工作日视导）" \
        in result.stderr
    assert f"沿用 {schedule} 中已有的 400 条视导安排（" in result.stderr
    assert "没有重新生成；要按规则重新生成请用 --regenerate" in result.stderr
    kept = yaml.safe_load(schedule.read_text(encoding="utf-8"))
    assert kept["visits"][0]["date"] == "2026-04-06"
    first = data["visits"][0]
    grid = load_workbook(next(published.glob("*.xlsx")))[first["inspectors"][0]]
    assert any(str(c.value).startswith("6\n") and first["school"] in str(c.value)
               for row in grid.iter_rows() for c in row if c.value)


def test_regenerate_starts_over(published: Path) -> None:
    schedule = published / SCHEDULE_FILE
    original = yaml.safe_load(schedule.read_text(encoding="utf-8"))["visits"][0]
    edit(schedule, {0: {"date": "2026-04-06"}})
    result = run("schedule", schedule, "-o", published, "--regenerate")
    assert result.exit_code == 0, result.output
    assert "已按排期规则生成 400 条视导安排" in result.stderr and "注意" not in result.stderr
    assert yaml.safe_load(schedule.read_text(encoding="utf-8"))["visits"][0] == original


def test_moved_visit_updates_the_phone_calendar(published: Path) -> None:
    schedule = published / SCHEDULE_FILE
    visits = yaml.safe_load(schedule.read_text(encoding="utf-8"))["visits"]
    name = visits[0]["inspectors"][0]
    before = Calendar.from_ical((published / f"{name}.ics").read_bytes()).walk("VEVENT")
    edit(schedule, {0: {"date": "2026-03-03"}})
    assert run("schedule", schedule, "-o", published).exit_code == 0
    after = Calendar.from_ical((published / f"{name}.ics").read_bytes()).walk("VEVENT")
    assert [str(e["UID"]) for e in before] == [str(e["UID"]) for e in after]
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a.to_ical() != b.to_ical()]
    assert len(changed) == 1
    old, new = changed[0]
    assert new.decoded("DTSTART") == date(2026, 3, 3) != old.decoded("DTSTART")
    assert new["SEQUENCE"] == old["SEQUENCE"] + 1
    assert new.decoded("DTSTAMP") > old.decoded("DTSTAMP")
    others = [n for n in published.glob("*.ics") if n.stem != name]
    assert all(e["SEQUENCE"] == 0 for path in others
               for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT"))


def test_times_and_reminders_from_the_command_line(tmp_path: Path) -> None:
    result = run("schedule", EXAMPLE, "-o", tmp_path, "--time", "08:30-11:30", "--remind", "2h")
    assert result.exit_code == 0, result.output
    calendar = Calendar.from_ical((tmp_path / "周建华.ics").read_bytes())
    assert [z["TZID"] for z in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    event = calendar.walk("VEVENT")[0]
    assert event.decoded("DTSTART").strftime("%H:%M %Z") == "08:30 CST"
    assert event.walk("VALARM")[0]["TRIGGER"].to_ical() == b"-PT2H"
    kept = yaml.safe_load((tmp_path / SCHEDULE_FILE).read_text(encoding="utf-8"))
    assert kept["calendar"] == {"time": "08:30-11:30", "remind": "2h"}
    bad = run("schedule", EXAMPLE, "-o", tmp_path / "x", "--remind", "明天")
    assert bad.exit_code == 2 and "--remind：提醒“明天”应写作 1d" in bad.stderr


def test_one_inspectors_month_grids(tmp_path: Path) -> None:
    result = render_schedule(EXAMPLE, tmp_path, inspectors=["周建华"], formats=["docx", "xlsx"])
    assert sorted(p.name for p in result.outputs) == [
        "周建华.ics", "周建华视导安排.docx", "周建华视导安排.xlsx"]
    docx = Docx(tmp_path / "周建华视导安排.docx")
    assert docx.paragraphs_in("Title") == ["周建华视导安排"]
    tables = docx.document.findall(".//w:body/w:tbl", NS)
    assert len(tables) == 4  # March to June; February and July are too short to be scheduled
    rows = [[Docx.text(c) for c in row.findall("w:tc", NS)] for row in tables[0].findall("w:tr", NS)]
    assert rows[0] == ["一", "二", "三", "四", "五", "六", "日"]
    visits = [c for row in rows[1:] for c in row if "\n" in c or "上海市" in c]
    assert len(visits) == 4 and rows[1][6] == "1" and rows[2][0].startswith("2上海市长宁区")
    assert load_workbook(tmp_path / "周建华视导安排.xlsx").sheetnames == ["周建华"]
    events = Calendar.from_ical((tmp_path / "周建华.ics").read_bytes()).walk("VEVENT")
    assert len(events) == 16 and not (tmp_path / SCHEDULE_FILE).exists()


@pytest.mark.usefixtures("office")
def test_one_inspectors_month_grids_as_pdf(tmp_path: Path) -> None:
    result = run("schedule", EXAMPLE, "-o", tmp_path, "--inspector", "沈丽萍", "-f", "pdf")
    assert result.exit_code == 0, result.output
    reader = PdfReader(tmp_path / "沈丽萍视导安排.pdf")
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "")
    for month in ("2026年3月", "2026年4月", "2026年5月", "2026年6月"):
        assert month in text
    assert reader.metadata.title == "沈丽萍视导安排"


def test_unknown_inspector_is_named_with_the_closest(tmp_path: Path) -> None:
    result = run("schedule", EXAMPLE, "-o", tmp_path, "--inspector", "周建")
    assert result.exit_code == 2
    assert "--inspector：没有名为“周建”的督学的视导安排" in result.stderr
    assert "是否为“周建华”？" in result.stderr
