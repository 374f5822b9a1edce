"""Terms, holiday files, schedule rules and visit schedules (视导时间安排)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from .base import Model, StrList
from .common import Zone, Zones, one_zone_each
from .dates import CnDate, DateRange
from .plan import OfficialDocument


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


def _holiday_files_allowed(schema: dict[str, Any]) -> None:
    """A data file may name a holiday file instead (the loader reads it in)."""
    path = {"type": "string", "description": "节假日文件的路径（相对本数据文件）"}
    schema["items"] = {"anyOf": [schema["items"], path]}


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


SCHEDULE_SHEET = "视导时间安排表"
"""The sheet of a schedule workbook that lists the visits."""

SCHEDULE_COLUMNS: tuple[tuple[str, str | None], ...] = (
    ("序号", None), ("日期", "date"), ("星期", None), ("责任区", "zone"), ("督学", "inspectors"),
    ("学校（园）", "school"),
)
"""That sheet's columns, written and read back: each title and the Visit field it holds
(None for columns only people read)."""


class Visit(Model):
    """One school visited on one day by one or more inspectors."""

    date: CnDate = Field(description="视导日期")
    zone: str = Field(min_length=1, description="责任区")
    school: str = Field(min_length=1, description="学校（园）")
    inspectors: StrList = Field(min_length=1, description="督学")


class VisitSchedule(OfficialDocument):
    """Kind ``schedule``: zones, one term and the rules; ``visits`` once generated."""

    kind: Literal["schedule"] = "schedule"
    title: str = Field(default="", description="标题；默认“<学期>责任督学挂牌督导视导时间安排表”")
    term: Term = Field(description="学期")
    zones: Zones
    rules: ScheduleRules = Field(default_factory=ScheduleRules, description="排期规则")
    holidays: list[HolidayYear] = Field(
        default_factory=list,
        description="内置日历未覆盖年份的节假日安排：直接写出，或写节假日文件的路径（相对本文件）",
        json_schema_extra=_holiday_files_allowed,
    )
    visits: list[Visit] = Field(default_factory=list, description="视导安排（生成后填入）")

    @field_validator("zones")
    @classmethod
    def _inspector_in_one_zone(cls, zones: list[Zone]) -> list[Zone]:
        return one_zone_each(zones, "督学", lambda zone: [p.name for p in zone.members])

    @model_validator(mode="after")
    def _default_title(self) -> VisitSchedule:
        if not self.title:
            self.title = f"{self.term.name}责任督学挂牌督导视导时间安排表"
        return self
