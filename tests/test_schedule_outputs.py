"""Schedule and 行事历 outputs read back: .ics parsed by hand, .xlsx through openpyxl."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gongwen import load
from gongwen.derive.calendar import calendar_months, numbered_months
from gongwen.derive.official import official_parts
from gongwen.derive.schedule import (
    calendar_for,
    check_schedule,
    generate_schedule,
    inspector_visits,
    month_windows,
)
from gongwen.kinds import BUILT_IN
from gongwen.loaders.schedule_xlsx import read_visits_xlsx
from gongwen.models.calendar import TaskCalendar
from gongwen.models.schedule import SCHEDULE_SHEET, VisitSchedule
from gongwen.render.ics import escape_text, fold
from gongwen.render.ics import inspector_calendar as calendar_of_visits
from gongwen.render.xlsx.schedule import calendar_workbook
from gongwen.render.xlsx.workbook import write_workbook
from schedule_factory import make_schedule


def inspector_calendar(schedule: VisitSchedule, name: str) -> str:
    """One inspector's .ics, from the visits the schedule gives that inspector."""
    return calendar_of_visits(schedule, name, dict(inspector_visits(schedule))[name])


def schedule_workbook(schedule: VisitSchedule, _windows: object = None):
    """The schedule's workbook as its kind draws it."""
    return BUILT_IN.of(schedule).workbook(schedule, BUILT_IN.of(schedule).layout(schedule))


@pytest.fixture(scope="module")
def schedule() -> VisitSchedule:
    data = make_schedule(zones=2, inspectors=2, schools=7)
    zones = data.model_dump(mode="json")["zones"]
    zones[0]["schools"][0] = "长宁区实验小学（西校区），含分部;北楼"
    return generate_schedule(VisitSchedule.model_validate({**data.model_dump(mode="json"),
                                                           "zones": zones}))


def unfold(text: str) -> list[str]:
    """Content lines of an iCalendar text (RFC 5545 §3.1)."""
    assert "\n" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def unescape(value: str) -> str:
    return (value.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";")
            .replace("\\\\", "\\"))


def events(text: str) -> list[dict[str, str]]:
    found, current = [], None
    for line in unfold(text):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            name, value = line.split(":", 1)
            current[name] = value
    return found


def test_ics_is_valid_rfc5545(schedule: VisitSchedule) -> None:
    text = inspector_calendar(schedule, "组长1")
    raw_lines = text.split("\r\n")
    assert text.endswith("\r\n")
    assert max(len(line.encode("utf-8")) for line in raw_lines) <= 75
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    visits = [v for v in schedule.visits if "组长1" in v.inspectors]
    found = events(text)
    assert len(found) == len(visits)
    for event, visit in zip(found, visits, strict=True):
        assert event["DTSTART;VALUE=DATE"] == visit.date.strftime("%Y%m%d")
        assert datetime.strptime(event["DTEND;VALUE=DATE"], "%Y%m%d").date() == date.fromordinal(
            visit.date.toordinal() + 1
        )
        assert unescape(event["LOCATION"]) == visit.school
        assert visit.school in unescape(event["SUMMARY"])
    assert len({e["UID"] for e in found}) == len(found)


def test_ics_escapes_and_folds() -> None:
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "SUMMARY:" + "视导" * 40
    folded = fold(line)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_ics_uids_are_stable_when_a_visit_moves(schedule: VisitSchedule) -> None:
    first = events(inspector_calendar(schedule, "组长1"))
    assert first == events(inspector_calendar(schedule, "组长1"))
    moved = list(schedule.visits)
    index = next(i for i, v in enumerate(moved) if "组长1" in v.inspectors)
    moved[index] = moved[index].model_copy(update={"date": date(2026, 3, 31)})
    second = events(inspector_calendar(schedule.model_copy(update={"visits": moved}), "组长1"))
    assert {e["UID"] for e in first} == {e["UID"] for e in second}


def test_one_ics_file_per_inspector(schedule: VisitSchedule, tmp_path: Path) -> None:
    calendars = [e for e in BUILT_IN.of(schedule).extras(schedule) if e.name.endswith(".ics")]
    assert [e.name for e in calendars] == [
        "组长1.ics", "督学1-1.ics", "督学1-2.ics", "组长2.ics", "督学2-1.ics", "督学2-2.ics"
    ]
    assert calendars[0].produce().startswith(b"BEGIN:VCALENDAR\r\n")


def test_schedule_workbook_reads_back(schedule: VisitSchedule, tmp_path: Path) -> None:
    windows = month_windows(schedule, calendar_for(schedule))
    target = write_workbook(schedule_workbook(schedule, windows), tmp_path / "安排.xlsx",
                            schedule.date)
    book = load_workbook(target)
    assert book.sheetnames[0] == SCHEDULE_SHEET
    assert book.sheetnames[1:] == ["组长1", "督学1-1", "督学1-2", "组长2", "督学2-1", "督学2-2"]
    sheet = book[SCHEDULE_SHEET]
    assert sheet["A1"].value == schedule.title
    assert [c.value for c in sheet[2]] == ["序号", "日期", "星期", "责任区", "督学", "学校（园）"]
    assert sheet["B3"].value.date() == schedule.visits[0].date
    assert sheet.print_title_rows == "$2:$2"
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_area.startswith(f"'{SCHEDULE_SHEET}'!$A$1:$F$")
    grid = book["组长1"]
    texts = [c.value for row in grid.iter_rows() for c in row if isinstance(c.value, str)]
    first = next(v for v in schedule.visits if v.inspectors == ["组长1"])
    assert any(t.startswith(f"{first.date.day}\n") and first.school in t for t in texts)
    assert grid.page_setup.orientation == "landscape" and grid.print_title_rows == "$1:$1"
    assert len(grid.row_breaks.brk) == len([w for w in windows])


def test_workbook_is_reproducible(schedule: VisitSchedule, tmp_path: Path) -> None:
    windows = month_windows(schedule, calendar_for(schedule))
    one = write_workbook(schedule_workbook(schedule, windows), tmp_path / "1.xlsx", schedule.date)
    two = write_workbook(schedule_workbook(schedule, windows), tmp_path / "2.xlsx", schedule.date)
    assert one.read_bytes() == two.read_bytes()


def test_xlsx_round_trip_for_checking(schedule: VisitSchedule, tmp_path: Path) -> None:
    windows = month_windows(schedule, calendar_for(schedule))
    target = write_workbook(schedule_workbook(schedule, windows), tmp_path / "s.xlsx",
                            schedule.date)
    visits, cells = read_visits_xlsx(target)
    assert sorted(visits, key=repr) == sorted(schedule.visits, key=repr)
    assert cells[0] == f"{SCHEDULE_SHEET}!B3"
    assert check_schedule(schedule.model_copy(update={"visits": visits})) == []


def test_calendar_workbook(tmp_path: Path) -> None:
    document = TaskCalendar.model_validate({
        "title": "2026年督导工作行事历", "issuer": "长宁区教育督导室", "date": "2026-01-05",
        "year": 2026,
    })
    book = calendar_workbook(document, numbered_months(document), official_parts(document))
    target = write_workbook(book, tmp_path / "c.xlsx", document.date)
    sheet = load_workbook(target).active
    assert sheet["A1"].value == "2026年督导工作行事历"
    assert [sheet.cell(r, 1).value for r in range(3, 15)][:2] == ["一月", "二月"]
    assert sheet["B3"].value.split("\n")[0] == "1.上月总结及本月安排"
    assert sheet["A15"].value == "长宁区教育督导室　2026年1月5日"
    assert sheet.page_setup.orientation == "portrait" and sheet.print_title_rows == "$2:$2"
    assert sheet.print_area.endswith("$A$1:$B$15")


@pytest.mark.parametrize("name", ["schedule.yaml", "calendar.yaml"])
def test_examples_load_by_kind(name: str) -> None:
    document = load(Path(__file__).parents[1] / "examples" / name)
    if isinstance(document, VisitSchedule):
        assert len(document.zones) == 5
        assert all(15 <= len(zone.schools) <= 20 for zone in document.zones)
        assert check_schedule(generate_schedule(document)) == []
    else:
        assert isinstance(document, TaskCalendar)
        assert calendar_months(document)[11].items[-2] == "制订2027年度督导工作计划"
