"""Terms, holiday files, schedule rules and visit schedules (视导时间安排)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, time, timedelta
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, field_validator, model_validator

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


_TIME = r"(\d{1,2})[:：](\d{2})"
_TIME_SPAN = re.compile(rf"^\s*{_TIME}\s*(?:-|–|—|~|～|至|到)\s*{_TIME}\s*$")
_REMIND = re.compile(r"^\s*(\d{1,3})\s*(d|h|m|天|小时|分钟)\s*$", re.IGNORECASE)
_UNITS = {"d": "days", "天": "days", "h": "hours", "小时": "hours", "m": "minutes", "分钟": "minutes"}


def time_span(text: str) -> tuple[time, time]:
    """“08:30-11:30” → (08:30, 11:30); ValueError (in Chinese) when it is not such a span."""
    match = _TIME_SPAN.match(unicodedata.normalize("NFKC", text))
    if not match:
        raise ValueError(f"时段“{text}”应写作 08:30-11:30")
    try:
        start, end = time(int(match[1]), int(match[2])), time(int(match[3]), int(match[4]))
    except ValueError:
        raise ValueError(f"时段“{text}”中的时刻不存在") from None
    if end <= start:
        raise ValueError(f"时段“{text}”的结束时刻应晚于开始时刻")
    return start, end


def _check_span(text: str) -> str:
    time_span(text)
    return text


def reminder(text: str) -> timedelta:
    """“1d” → one day, “2h”, “30m”, also “1天”“2小时”“30分钟”."""
    match = _REMIND.match(unicodedata.normalize("NFKC", text))
    if not match or int(match[1]) == 0:
        raise ValueError(f"提醒“{text}”应写作 1d（提前1天）、2h（提前2小时）或 30m（提前30分钟）")
    return timedelta(**{_UNITS[match[2].lower()]: int(match[1])})


def _check_remind(text: str) -> str:
    reminder(text)
    return text


TimeSpan = Annotated[str, AfterValidator(_check_span)]
"""A time of day from–to, “08:30-11:30”."""

Reminder = Annotated[str, AfterValidator(_check_remind)]
"""How long before a visit to remind: “1d”, “2h”, “30m”."""


class CalendarOptions(Model):
    """How visits appear in the inspectors' calendars (.ics)."""

    time: TimeSpan | None = Field(
        default=None, description="视导时段，如“08:30-11:30”（北京时间）；不填则为全天事件",
        json_schema_extra={"examples": ["08:30-11:30"]},
    )
    remind: Reminder | None = Field(
        default=None, description="提前提醒：1d（1天）、2h（2小时）、30m（30分钟）；全天事件从当天 9:00 起算",
        json_schema_extra={"examples": ["1d", "2h"]},
    )


class Visit(Model):
    """One school visited on one day by one or more inspectors."""

    date: CnDate = Field(description="视导日期")
    zone: str = Field(min_length=1, description="责任区")
    school: str = Field(min_length=1, description="学校（园）")
    inspectors: StrList = Field(min_length=1, description="督学")
    time: TimeSpan | None = Field(
        default=None, description="本次视导的时段，如“14:00-16:30”；不填时用 calendar.time"
    )


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
    calendar: CalendarOptions = Field(
        default_factory=CalendarOptions, description="督学日历（.ics）的时段和提醒"
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


class InspectorSchedule(OfficialDocument):
    """Kind ``inspector-schedule``: one inspector's visits of a schedule as month grids (督学的
    视导月历), made by ``gongwen schedule --inspector``."""

    kind: Literal["inspector-schedule"] = "inspector-schedule"
    title: str = Field(default="", description="标题；默认“<督学>视导安排”")
    inspector: str = Field(min_length=1, description="督学")
    schedule: VisitSchedule = Field(description="视导安排（含 visits）")

    @model_validator(mode="after")
    def _known_inspector(self) -> InspectorSchedule:
        names = list(dict.fromkeys(
            [p.name for zone in self.schedule.zones for p in zone.members]
            + [n for visit in self.schedule.visits for n in visit.inspectors]
        ))
        if self.inspector not in names:
            raise ValueError(f"督学“{self.inspector}”不在视导安排中，可用：{'、'.join(names)}")
        if not self.title:
            self.title = f"{self.inspector}视导安排"
        return self
