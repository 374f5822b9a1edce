"""Dates as Chinese offices write them, read from text (no pydantic: the command line's
``--date`` uses it before the library loads)."""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, datetime
from typing import Any

_CN_DATE = re.compile(r"^(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?$")
_MONTH = re.compile(r"^(\d{4})\s*[年./\-]\s*(\d{1,2})\s*月?$")
_YEAR = re.compile(r"^(\d{4})\s*年?$")
_RANGE = re.compile(r"\s*(?:\.\.|~|～|至|到|—|--)\s*")


class DateInvalid(ValueError):
    """A date written in a known form that does not exist (2026年2月30日)."""


def parse_date(value: Any) -> Any:
    """Accept ISO dates plus the ways Chinese offices write them (2024年3月5日, 2024.3.5, 2024/3/5)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        match = _CN_DATE.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return date(year, month, day)
            except ValueError as exc:
                raise DateInvalid(f"日期 {value!r} 不存在（{year}年{month}月{day}日）") from exc
        return text
    return value


def parse_range(text: str) -> dict[str, Any]:
    """Read a span of days from text: a year (2024), a month (2024-03, 2024年3月), a range
    (2024-03-01..2024-06-30, also with 至, 到, ~, —) or one day (2024-03-05)."""
    clean = unicodedata.normalize("NFKC", text).strip()
    if match := _YEAR.match(clean):
        year = int(match[1])
        return {"start": date(year, 1, 1), "end": date(year, 12, 31), "name": f"{year}年"}
    if match := _MONTH.match(clean):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise ValueError(f"“{text}”的月份不存在")
        last = calendar.monthrange(year, month)[1]
        return {"start": date(year, month, 1), "end": date(year, month, last),
                "name": f"{year}年{month}月"}
    parts = _RANGE.split(clean)
    days = [parse_date(part) for part in parts]
    if len(days) in (1, 2) and all(isinstance(day, date) for day in days):
        return {"start": days[0], "end": days[-1]}
    raise ValueError(
        f"日期区间“{text}”无法识别，应写作 2026、2026-03、2026-10-01 或 2026-10-01 至 2026-10-07"
    )
