"""Dates and date ranges as Chinese offices write them."""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, model_validator

from ..filters import cn_date
from .base import Model

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


CnDate = Annotated[date, BeforeValidator(parse_date)]
"""A calendar date; accepts 2024-02-19, 2024年2月19日, 2024.2.19 and 2024/2/19."""


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


class DateRange(Model):
    """A span of days, both ends included: a term, a month, a holiday, an exam week.

    Data may write it as text (see :func:`parse_range`), as one date, or as
    ``{name, start, end}`` (``end`` defaults to ``start``).
    """

    name: str | None = Field(default=None, description="名称，如“寒假”“2026年春季学期”")
    start: CnDate = Field(description="起始日期")
    end: CnDate = Field(description="结束日期（含）")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, date):
            return {"start": value, "end": value}
        if isinstance(value, str):
            return parse_range(value)
        if isinstance(value, dict) and "start" in value and "end" not in value:
            return {**value, "end": value["start"]}
        return value

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.end < self.start:
            raise ValueError(f"结束日期 {self.end} 早于起始日期 {self.start}")
        return self

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def days(self) -> Iterator[date]:
        """Every day of the range, in order."""
        day = self.start
        while day <= self.end:
            yield day
            day += timedelta(days=1)

    @property
    def label(self) -> str:
        """The name, or the range written the Chinese way."""
        return self.name or f"{cn_date(self.start)}至{cn_date(self.end)}"
