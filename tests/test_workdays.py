"""Working days: statutory holidays, 调休, user holiday files and uncovered years."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from gongwen.derive.workdays import WorkCalendar, builtin_years
from gongwen.errors import DataError
from gongwen.models.dates import DateRange
from gongwen.models.schedule import HolidayYear

HOLIDAYS_2027 = {
    "year": 2027,
    "source": "测试用安排",
    "holidays": [
        {"name": "元旦", "start": "2027-01-01", "end": "2027-01-03"},
        {"name": "春节", "start": "2027-02-05", "end": "2027-02-12"},
    ],
    "workdays": ["2027-02-20"],
}


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 10, 1), False),  # 国庆节
        (date(2026, 10, 8), True),  # first working day after the National Day break
        (date(2026, 10, 10), True),  # Saturday, 调休上班
        (date(2026, 9, 20), True),  # Sunday, 调休上班
        (date(2026, 2, 28), True),  # Saturday, 调休上班 for the Spring Festival
        (date(2026, 6, 19), False),  # Friday, 端午节
        (date(2026, 3, 7), False),  # plain Saturday
        (date(2026, 3, 9), True),  # plain Monday
    ],
)
def test_builtin_holidays_and_make_up_days(day: date, working: bool) -> None:
    assert WorkCalendar().is_workday(day) is working


def test_workdays_of_october_2026() -> None:
    days = WorkCalendar().workdays(date(2026, 10, 1), date(2026, 10, 31))
    assert len(days) == 18
    assert days[:3] == [date(2026, 10, 8), date(2026, 10, 9), date(2026, 10, 10)]


def test_uncovered_year_stops_with_a_hint() -> None:
    assert 2027 not in builtin_years()
    calendar = WorkCalendar(source="schedule.yaml")
    with pytest.raises(DataError) as caught:
        calendar.workdays(date(2026, 12, 1), date(2027, 1, 22))
    message = str(caught.value)
    assert "schedule.yaml" in message
    assert "2027 年" in message
    assert "holidays-2027.yaml" in message
    assert "holidays" in message


def test_single_uncovered_day_is_never_guessed() -> None:
    with pytest.raises(DataError, match="2027"):
        WorkCalendar().is_workday(date(2027, 3, 3))  # a Wednesday


def test_user_holiday_file_covers_its_year() -> None:
    calendar = WorkCalendar([HolidayYear.model_validate(HOLIDAYS_2027)])
    assert 2027 in calendar.years
    assert not calendar.is_workday(date(2027, 1, 1))
    assert not calendar.is_workday(date(2027, 2, 8))  # Monday inside 春节
    assert calendar.is_workday(date(2027, 2, 20))  # Saturday, 调休上班
    assert calendar.is_workday(date(2027, 1, 4))
    assert not calendar.is_workday(date(2027, 1, 9))
    assert len(calendar.workdays(date(2027, 1, 1), date(2027, 1, 31))) == 20


def test_user_holiday_file_wins_over_builtin_data() -> None:
    override = HolidayYear.model_validate({"year": 2026, "holidays": ["2026-03-09"]})
    calendar = WorkCalendar([override])
    assert not calendar.is_workday(date(2026, 3, 9))
    assert not calendar.is_workday(date(2026, 10, 10))  # the built-in 调休 no longer applies


def test_make_up_day_inside_a_holiday_is_rejected() -> None:
    data = {**HOLIDAYS_2027, "workdays": ["2027-02-06"]}
    with pytest.raises(ValidationError, match="既是调休上班日又在放假区间“春节”内"):
        HolidayYear.model_validate(data)


def test_holiday_range_outside_the_year_is_rejected() -> None:
    data = {**HOLIDAYS_2027, "holidays": ["2026-10-01 至 2026-10-07"]}
    with pytest.raises(ValidationError, match="不在 2027 年内"):
        HolidayYear.model_validate(data)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026-10-01 至 2026-10-07", date(2026, 10, 1), date(2026, 10, 7)),
        ("2026年6月7日", date(2026, 6, 7), date(2026, 6, 7)),
        ("2026.6.22~2026.6.26", date(2026, 6, 22), date(2026, 6, 26)),
    ],
)
def test_date_range_from_text(text: str, start: date, end: date) -> None:
    span = DateRange.model_validate(text)
    assert (span.start, span.end) == (start, end)
    assert list(span.days())[-1] == end


def test_date_range_must_be_ordered() -> None:
    with pytest.raises(ValidationError, match="早于起始日期"):
        DateRange.model_validate({"start": "2026-06-26", "end": "2026-06-22"})
