"""Dates and date ranges as Chinese offices write them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, model_validator

from ..filters import cn_date
from .base import Model
from .date_text import parse_date, parse_range

CnDate = Annotated[date, BeforeValidator(parse_date)]
"""A calendar date; accepts 2024-02-19, 2024年2月19日, 2024.2.19 and 2024/2/19."""


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
