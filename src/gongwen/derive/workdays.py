"""The Chinese working-day calendar: statutory holidays and make-up working days (调休)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache

import chinese_calendar

from ..errors import HolidaysMissing, Problem
from ..models.schedule import HolidayYear


@cache
def builtin_years() -> frozenset[int]:
    """Years whose holiday arrangements ship with chinese_calendar."""
    return frozenset(day.year for day in chinese_calendar.holidays)


def _holiday_file_hint(year: int) -> str:
    return (
        f"内置日历（chinesecalendar {chinese_calendar.__version__}）"
        f"没有 {year} 年的法定节假日和调休安排。"
        f"请按国务院办公厅关于 {year} 年部分节假日安排的通知编写节假日文件"
        f"（如 holidays-{year}.yaml，"
        f"写明 year: {year}、holidays 各放假区间、workdays 调休上班日），"
        "在数据文件的 holidays 中列出该文件，或运行时另外指定节假日文件"
    )


class WorkCalendar:
    """Working days of the Chinese calendar.

    Years with a user-supplied :class:`HolidayYear` use it (it wins over the built-in data);
    other years come from chinese_calendar. A day of any other year raises DataError: the
    calendar never guesses that Monday to Friday are working days.
    """

    def __init__(self, holidays: Iterable[HolidayYear] = (), source: str = "节假日安排") -> None:
        self.source = source
        self._user_years: set[int] = set()
        self._overrides: dict[date, bool] = {}
        for year in holidays:
            self._user_years.add(year.year)
            for span in year.holidays:
                self._overrides.update(dict.fromkeys(span.days(), False))
            self._overrides.update(dict.fromkeys(year.workdays, True))

    @property
    def years(self) -> frozenset[int]:
        """Every year this calendar can answer for."""
        return builtin_years() | self._user_years

    def require(self, start: date, end: date) -> None:
        """Raise DataError naming each year between ``start`` and ``end`` without holiday data."""
        missing = [y for y in range(start.year, end.year + 1) if y not in self.years]
        if missing:
            raise HolidaysMissing(self.source, [Problem(_holiday_file_hint(y)) for y in missing])

    def is_workday(self, day: date) -> bool:
        """True on working days, including make-up working days on weekends."""
        if day in self._overrides:
            return self._overrides[day]
        if day.year in self._user_years:
            return day.weekday() < 5
        if day.year not in builtin_years():
            self.require(day, day)
        return chinese_calendar.is_workday(day)

    def workdays(self, start: date, end: date) -> list[date]:
        """Working days from ``start`` to ``end``, both included."""
        self.require(start, end)
        days = (start + timedelta(days=n) for n in range((end - start).days + 1))
        return [day for day in days if self.is_workday(day)]
