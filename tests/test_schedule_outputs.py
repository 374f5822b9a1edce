"""Schedule and 行事历 outputs read back: .ics parsed by icalendar, .xlsx through openpyxl."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event
from openpyxl import load_workbook
from pydantic import ValidationError

from gongwen import load
from gongwen.derive.calendar import calendar_months, numbered_months
from gongwen.derive.official import official_parts
from gongwen.derive.schedule import (
    calendar_events,
    calendar_for,
    check_schedule,
    generate_schedule,
    inspector_visits,
    month_windows,
)
from gongwen.kinds import BUILT_IN
from gongwen.loaders.calendar_file import published_events
from gongwen.loaders.schedule_xlsx import read_visits_xlsx
from gongwen.models.calendar import TaskCalendar
from gongwen.models.schedule import SCHEDULE_SHEET, CalendarOptions, VisitSchedule
from gongwen.render.ics import inspector_calendar as draw
from gongwen.render.xlsx.schedule import calendar_workbook
from gongwen.render.xlsx.workbook import write_workbook
from schedule_factory import make_schedule

NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def inspector_calendar(schedule: VisitSchedule, name: str, previous: bytes | None = None,
                       now: datetime = NOW) -> bytes:
    """One inspector's .ics, from the visits the schedule gives that inspector, carrying on
    from ``previous``."""
    own = dict(inspector_visits(schedule))[name]
    return draw(calendar_events(schedule, name, own, published_events(previous), now))


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


def events(data: bytes) -> list[Event]:
    """The events of an .ics file, parsed back by icalendar."""
    return Calendar.from_ical(data).walk("VEVENT")


def test_ics_parses_back_one_event_per_visit(schedule: VisitSchedule) -> None:
    data = inspector_calendar(schedule, "组长1")
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    assert max(len(line) for line in data.split(b"\r\n")) <= 75  # folded (RFC 5545 §3.1)
    calendar = Calendar.from_ical(data)
    assert (calendar["VERSION"], calendar["METHOD"]) == ("2.0", "PUBLISH")
    assert not calendar.walk("VTIMEZONE")  # all-day events need no time zone
    visits = [v for v in schedule.visits if "组长1" in v.inspectors]
    found = events(data)
    assert len(found) == len(visits)
    for event, visit in zip(found, visits, strict=True):
        assert event.decoded("DTSTART") == visit.date
        assert event.decoded("DTEND") == visit.date + timedelta(days=1)
        assert str(event["LOCATION"]) == visit.school  # commas and semicolons survive escaping
        assert visit.school in str(event["SUMMARY"])
        assert event["SEQUENCE"] == 0
        assert event.decoded("DTSTAMP") == datetime.combine(schedule.date, time(), tzinfo=UTC)
        assert not event.walk("VALARM")
    assert len({str(e["UID"]) for e in found}) == len(found)


def moved(schedule: VisitSchedule, day: date, name: str = "组长1") -> tuple[VisitSchedule, int]:
    """The schedule with the inspector's first visit moved to ``day``, and its index."""
    visits = list(schedule.visits)
    index = next(i for i, v in enumerate(visits) if name in v.inspectors)
    visits[index] = visits[index].model_copy(update={"date": day})
    return schedule.model_copy(update={"visits": visits}), index


def test_a_moved_visit_is_a_newer_version_of_the_same_event(schedule: VisitSchedule) -> None:
    first = inspector_calendar(schedule, "组长1")
    assert inspector_calendar(schedule, "组长1", first, NOW + timedelta(days=9)) == first
    changed, _ = moved(schedule, date(2026, 3, 31))
    second = inspector_calendar(changed, "组长1", first, NOW)
    before, after = events(first), events(second)
    assert [str(e["UID"]) for e in before] == [str(e["UID"]) for e in after]
    differ = [(a, b) for a, b in zip(before, after, strict=True)
              if a.decoded("DTSTART") != b.decoded("DTSTART")]
    assert len(differ) == 1
    old, new = differ[0]
    assert new.decoded("DTSTART") == date(2026, 3, 31)
    assert (old["SEQUENCE"], new["SEQUENCE"]) == (0, 1)
    assert new.decoded("DTSTAMP") == NOW > old.decoded("DTSTAMP")
    assert all(a.to_ical() == b.to_ical() for a, b in zip(before, after, strict=True) if (a, b) not in differ)
    # moved back: newer again, never an older version
    third = inspector_calendar(schedule, "组长1", second, NOW + timedelta(hours=1))
    event = next(e for e in events(third) if str(e["UID"]) == str(new["UID"]))
    assert event["SEQUENCE"] == 2 and event.decoded("DTSTAMP") == NOW + timedelta(hours=1)


def test_timed_events_with_time_zone_and_reminder(schedule: VisitSchedule) -> None:
    timed = schedule.model_copy(update={"calendar": CalendarOptions(time="08:30-11:30", remind="1d")})
    visits = list(timed.visits)
    index = next(i for i, v in enumerate(visits) if "组长1" in v.inspectors)
    visits[index] = visits[index].model_copy(update={"time": "14:00-16:30"})
    data = inspector_calendar(timed.model_copy(update={"visits": visits}), "组长1")
    calendar = Calendar.from_ical(data)
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Asia/Shanghai"
    first, second, *_ = events(data)
    shanghai = ZoneInfo("Asia/Shanghai")
    day = first.decoded("DTSTART").date()
    assert first.decoded("DTSTART") == datetime.combine(day, time(14, 0), tzinfo=shanghai)
    assert first.decoded("DTEND") == datetime.combine(day, time(16, 30), tzinfo=shanghai)
    assert b"DTSTART;TZID=Asia/Shanghai:" in data
    assert second.decoded("DTSTART").time() == time(8, 30)
    (alarm,) = second.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY" and alarm.decoded("TRIGGER") == -timedelta(days=1)
    all_day = schedule.model_copy(update={"calendar": CalendarOptions(remind="1d")})
    (alarm, *_) = events(inspector_calendar(all_day, "组长1"))[0].walk("VALARM")
    assert alarm.decoded("TRIGGER") == -timedelta(hours=15)  # 9:00 the day before


@pytest.mark.parametrize(("field", "value", "message"), [
    ("time", "8:30", "时段“8:30”应写作 08:30-11:30"),
    ("time", "11:30-08:30", "时段“11:30-08:30”的结束时刻应晚于开始时刻"),
    ("time", "25:00-26:00", "时段“25:00-26:00”中的时刻不存在"),
    ("remind", "明天", "提醒“明天”应写作 1d（提前1天）、2h（提前2小时）或 30m（提前30分钟）"),
])
def test_calendar_options_are_checked(field: str, value: str, message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        CalendarOptions.model_validate({field: value})


def test_a_calendar_that_does_not_parse_starts_over(schedule: VisitSchedule) -> None:
    assert inspector_calendar(schedule, "组长1", b"not a calendar") == inspector_calendar(schedule, "组长1")


def test_one_ics_file_per_inspector(schedule: VisitSchedule, tmp_path: Path) -> None:
    calendars = [e for e in BUILT_IN.of(schedule).extras(schedule) if e.name.endswith(".ics")]
    assert [e.name for e in calendars] == [
        "组长1.ics", "督学1-1.ics", "督学1-2.ics", "组长2.ics", "督学2-1.ics", "督学2-2.ics"
    ]
    assert calendars[0].produce(None) == inspector_calendar(schedule, "组长1")


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
