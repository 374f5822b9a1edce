"""Terms, holiday files, schedule rules and visit schedules (视导时间安排)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, ValidationInfo, field_validator, model_validator

from ..errors import DataError
from .base import CnDate, Model, StrList
from .common import Zone, Zones, one_zone_each
from .plan import OfficialDocument

_RANGE_SPLIT = re.compile(r"\s*(?:至|到|~|～|\.\.)\s*")


class DateRange(Model):
    """A span of days, both ends included; a single date stands for a one-day range."""

    name: str | None = Field(default=None, description="名称，如“寒假”“期末考试”“国庆节”")
    start: CnDate = Field(description="起始日期")
    end: CnDate = Field(description="结束日期（含）")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, date):
            return {"start": value, "end": value}
        if isinstance(value, str):
            parts = _RANGE_SPLIT.split(value.strip())
            if len(parts) == 1:
                return {"start": parts[0], "end": parts[0]}
            if len(parts) == 2:
                return {"start": parts[0], "end": parts[1]}
            raise ValueError(f"日期区间“{value}”格式不对，应如“2026-10-01 至 2026-10-07”")
        if isinstance(value, dict) and "start" in value and "end" not in value:
            return {**value, "end": value["start"]}
        return value

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.end < self.start:
            raise ValueError(f"结束日期 {self.end} 早于起始日期 {self.start}")
        return self

    def days(self) -> Iterator[date]:
        """Every day of the range, in order."""
        day = self.start
        while day <= self.end:
            yield day
            day += timedelta(days=1)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


class HolidayYear(Model):
    """One year's statutory holidays (放假) and make-up working days (调休上班), as in the
    State Council's annual notice; supplied by the user for years chinese_calendar lacks."""

    year: int = Field(ge=2000, le=2100, description="年份")
    source: str | None = Field(default=None, description="依据，如“国办发明电〔2026〕X号”")
    holidays: list[DateRange] = Field(
        description="放假区间（含周末），如 元旦 2027-01-01 至 2027-01-03"
    )
    workdays: list[CnDate] = Field(default_factory=list, description="调休上班的周末日期")

    @model_validator(mode="after")
    def _consistent(self) -> HolidayYear:
        for item in self.holidays:
            if item.end.year < self.year or item.start.year > self.year:
                raise ValueError(f"放假区间 {item.start}—{item.end} 不在 {self.year} 年内")
        for day in self.workdays:
            if abs(day.year - self.year) > 1:
                raise ValueError(f"调休上班日 {day} 与 {self.year} 年不符")
            clash = next((h for h in self.holidays if day in h), None)
            if clash is not None:
                raise ValueError(f"{day} 既是调休上班日又在放假区间“{clash.name or clash.start}”内")
        return self


class Term(Model):
    """A school term and the days inside it when no visit may take place."""

    name: str = Field(min_length=1, description="学期名称，如“2026年春季学期”")
    start: CnDate = Field(description="开学日期")
    end: CnDate = Field(description="学期结束日期（含）")
    breaks: list[DateRange] = Field(default_factory=list, description="寒假、暑假等假期")
    exams: list[DateRange] = Field(default_factory=list, description="考试周")
    blackouts: list[DateRange] = Field(
        default_factory=list, description="其他不安排视导的日期，如中考、高考、运动会"
    )

    @model_validator(mode="after")
    def _ordered(self) -> Term:
        if self.end < self.start:
            raise ValueError(f"学期结束日期 {self.end} 早于开学日期 {self.start}")
        return self

    def closed(self, day: date) -> DateRange | None:
        """The break, exam week or blackout that rules ``day`` out, if any."""
        for spans in (self.breaks, self.exams, self.blackouts):
            for span in spans:
                if day in span:
                    return span
        return None


class ScheduleRules(Model):
    """The visit rules, with defaults taken from the real 挂牌督导 documents."""

    school_visits_per_month: int = Field(default=1, ge=1, description="每所学校每月至少视导天数")
    inspector_days_per_month: int = Field(default=4, ge=0, description="每名督学每月至少视导天数")
    schools_per_day: int = Field(default=2, ge=1, description="每名督学每天最多视导学校数")
    min_month_workdays: int = Field(
        default=5,
        ge=1,
        description="学期内可安排工作日少于此数的月份（开学、放假的零头月份）不安排视导",
    )
    once_a_week: bool = Field(
        default=True, description="同一学校同一周不重复视导（确有必要时除外）"
    )


class Visit(Model):
    """One school visited on one day by one or more inspectors."""

    date: CnDate = Field(description="视导日期")
    zone: str = Field(min_length=1, description="责任区")
    school: str = Field(min_length=1, description="学校（园）")
    inspectors: StrList = Field(min_length=1, description="督学")


def read_holiday_file(path: Path) -> HolidayYear:
    """Load a holiday YAML/JSON file; raises DataError listing its problems."""
    # imported here because the loaders import the models
    from ..loaders.data import read_data
    from ..loaders.messages import problems_from

    data, lines = read_data(path)
    try:
        return HolidayYear.model_validate(data)
    except ValidationError as exc:
        raise DataError(str(path), problems_from(exc, line_of=lines)) from None


def _holiday_file_value(path: Path) -> HolidayYear:
    """A holiday file named in a data file, its problems turned into one ValueError."""
    try:
        return read_holiday_file(path)
    except DataError as exc:
        raise ValueError(f"节假日文件 {path} 有误：" + "；".join(str(p) for p in exc.problems)) from None


class VisitSchedule(OfficialDocument):
    """Kind ``schedule``: zones, one term and the rules; ``visits`` once generated."""

    kind: Literal["schedule"] = "schedule"
    title: str = Field(default="", description="标题；默认“<学期>责任督学挂牌督导视导时间安排表”")
    term: Term = Field(description="学期")
    zones: Zones
    rules: ScheduleRules = Field(default_factory=ScheduleRules, description="排期规则")
    holidays: list[HolidayYear] = Field(
        default_factory=list,
        description="内置日历未覆盖年份的节假日安排：节假日文件路径或直接写出",
    )
    visits: list[Visit] = Field(default_factory=list, description="视导安排（生成后填入）")

    @field_validator("holidays", mode="before")
    @classmethod
    def _holiday_files(cls, value: Any, info: ValidationInfo) -> Any:
        if not isinstance(value, list):
            return value
        base = (info.context or {}).get("base_dir")
        return [
            _holiday_file_value(Path(base or ".") / item) if isinstance(item, str) else item
            for item in value
        ]

    @field_validator("zones")
    @classmethod
    def _inspector_in_one_zone(cls, zones: list[Zone]) -> list[Zone]:
        return one_zone_each(zones, "督学", lambda zone: [p.name for p in zone.members])

    @model_validator(mode="after")
    def _default_title(self) -> VisitSchedule:
        if not self.title:
            self.title = f"{self.term.name}责任督学挂牌督导视导时间安排表"
        return self
