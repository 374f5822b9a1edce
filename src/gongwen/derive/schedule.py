"""Visit schedules: a deterministic generator and a checker of the visit rules."""

from __future__ import annotations

import calendar as month_calendar
import hashlib
import math
from calendar import monthrange
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from itertools import groupby
from zoneinfo import ZoneInfo

from ..errors import DataError, Problem
from ..filters import cn_date
from ..loaders.calendar_file import EventContent, PublishedEvent
from ..models.common import School, Zone
from ..models.schedule import (
    SCHEDULE_COLUMNS,
    InspectorSchedule,
    ScheduleRules,
    Visit,
    VisitSchedule,
    reminder,
    time_span,
)
from .official import official_parts
from .outline import Block, Heading, Outline, Paragraph, Run, TableBlock
from .workdays import WorkCalendar

RULE_SCHOOL = "每所学校每月视导天数"
RULE_INSPECTOR = "每名督学每月视导天数"
RULE_PER_DAY = "每名督学每天视导学校数"
RULE_WORKDAY = "只在工作日视导"
RULE_TERM = "只在学期内、假期考试周和停排日期以外视导"
RULE_WEEK = "同一学校同一周不重复视导"
RULE_NAMES = "学校和督学属于所列责任区"

Week = tuple[int, int]


def week_of(day: date) -> Week:
    """The ISO (year, week) a day falls in."""
    iso = day.isocalendar()
    return iso[0], iso[1]


@dataclass(frozen=True)
class MonthWindow:
    """One calendar month of the term and its days available for visits."""

    year: int
    month: int
    days: tuple[date, ...]
    scheduled: bool  # False for a fringe month with too few days; no visits are required

    @property
    def label(self) -> str:
        """2026年3月."""
        return f"{self.year}年{self.month}月"

    @property
    def weeks(self) -> set[Week]:
        """The weeks the available days fall in."""
        return {week_of(day) for day in self.days}


@dataclass(frozen=True)
class Violation:
    """A broken rule; ``visit`` is the index of the offending visit, if one is to blame."""

    rule: str
    message: str
    visit: int | None = None


def calendar_for(schedule: VisitSchedule, source: str = "<数据>") -> WorkCalendar:
    """The working-day calendar of a schedule, with its own holiday years."""
    return WorkCalendar(schedule.holidays, source=source)


def month_windows(schedule: VisitSchedule, calendar: WorkCalendar) -> list[MonthWindow]:
    """Each month the term touches, with its working days inside the term and not closed."""
    term = schedule.term
    days = [d for d in calendar.workdays(term.start, term.end) if term.closed(d) is None]
    by_month = {key: tuple(group) for key, group in groupby(days, lambda d: (d.year, d.month))}
    windows = []
    year, month = term.start.year, term.start.month
    while (year, month) <= (term.end.year, term.end.month):
        available = by_month.get((year, month), ())
        scheduled = len(available) >= schedule.rules.min_month_workdays
        windows.append(MonthWindow(year, month, available, scheduled))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return windows


def assign_schools(zone: Zone) -> dict[str, list[School]]:
    """Each member's schools: the zone's schools dealt out in turn, so loads differ by one."""
    members = zone.members
    shares: dict[str, list[School]] = {p.name: [] for p in members}
    for index, school in enumerate(zone.schools):
        shares[members[index % len(members)].name].append(school)
    return shares


def days_needed(schools: int, rules: ScheduleRules) -> int:
    """Visit days a month for an inspector with ``schools`` schools."""
    if schools == 0:
        return 0
    need = schools * rules.school_visits_per_month
    return max(rules.inspector_days_per_month, math.ceil(need / rules.schools_per_day),
               rules.school_visits_per_month)


def _shortfalls(zone: Zone, window: MonthWindow, rules: ScheduleRules) -> list[str]:
    """Why the zone's visits cannot fit into the month (empty when they can)."""
    available = len(window.days)
    reasons = []
    for rule, wanted in (
        (RULE_INSPECTOR, rules.inspector_days_per_month),
        (RULE_SCHOOL, rules.school_visits_per_month),
    ):
        if available < wanted:
            reasons.append(
                f"可安排视导的工作日只有 {available} 天，达不到“{rule}至少 {wanted} 天”，"
                f"差 {wanted - available} 天"
            )
    shares = assign_schools(zone)
    name = max(shares, key=lambda n: len(shares[n]))
    need = len(shares[name]) * rules.school_visits_per_month
    capacity = available * rules.schools_per_day
    if need > capacity:
        reasons.append(
            f"{len(zone.members)} 名督学分担 {len(zone.schools)} 所学校，督学{name}负责 "
            f"{len(shares[name])} 所，每校至少 {rules.school_visits_per_month} 天共需 {need} 所次；"
            f"{available} 个可安排工作日、每天最多 {rules.schools_per_day} 所，"
            f"只能安排 {capacity} 所次，"
            f"差 {need - capacity} 所次（“{RULE_SCHOOL}”无法满足，可增加督学或减少停排日期）"
        )
    return reasons


def _idle_members(zone: Zone, rules: ScheduleRules) -> list[str]:
    """Members left without a school while each must still visit some days a month."""
    if rules.inspector_days_per_month == 0:
        return []
    return [name for name, schools in assign_schools(zone).items() if not schools]


def feasibility_problems(schedule: VisitSchedule, windows: Sequence[MonthWindow]) -> list[Problem]:
    """Every zone and month whose rules cannot all be met, with the shortfall."""
    problems = []
    rules = schedule.rules
    for zone in schedule.zones:
        idle = _idle_members(zone, rules)
        if idle:
            problems.append(Problem(
                f"{len(zone.members)} 名督学只有 {len(zone.schools)} 所学校，督学"
                f"{'、'.join(idle)}分不到学校，达不到“{RULE_INSPECTOR}至少 "
                f"{rules.inspector_days_per_month} 天”",
                zone.name,
            ))
        for window in windows:
            if window.scheduled:
                problems.extend(
                    Problem(reason, f"{zone.name} {window.label}")
                    for reason in _shortfalls(zone, window, rules)
                )
    return problems


def _evenly(items: Sequence[Week], count: int, phase: float) -> list[Week]:
    """``count`` of ``items`` spread evenly; ``phase`` in (0, 1) shifts the choice."""
    return [items[int((n + phase) * len(items) / count)] for n in range(count)]


def _month_end_week(day: date) -> Week | None:
    """The week that runs on into the next month, if the month does not end on a Sunday."""
    last = date(day.year, day.month, monthrange(day.year, day.month)[1])
    return None if last.weekday() == 6 else week_of(last)


def _pick_days(
    days: Sequence[date], count: int, phase: float, busy: set[Week]
) -> list[date]:
    """``count`` days spread over the month, in as many different weeks as possible.

    Weeks the inspector already visited at the end of last month are left out while the
    other weeks have days enough; the week that runs on into the next month comes last.
    With more days than weeks, each week takes as even a share as its days allow. Within
    a week the days are evenly spaced.
    """
    weeks = {week: list(group) for week, group in groupby(days, week_of)}
    free = {week: group for week, group in weeks.items() if week not in busy}
    if sum(len(group) for group in free.values()) >= count:
        weeks = free
    quota = dict.fromkeys(weeks, 0)
    if count <= len(weeks):
        spill = _month_end_week(days[0])
        inner = [w for w in weeks if w != spill]
        chosen = _evenly(inner, count, phase) if count <= len(inner) else list(weeks)
        quota.update(dict.fromkeys(chosen, 1))
    else:
        quota = dict.fromkeys(weeks, 1)
        for _ in range(count - len(weeks)):
            open_weeks = [w for w in weeks if quota[w] < len(weeks[w])]
            spare = max(
                open_weeks, key=lambda w: (-quota[w], len(weeks[w]) - quota[w], -w[0], -w[1])
            )
            quota[spare] += 1
    picked = []
    for week, wanted in quota.items():
        group = weeks[week]
        picked.extend(group[int((n + phase) * len(group) / wanted)] for n in range(wanted))
    return sorted(picked)


def _inspector_month(
    schools: Sequence[School],
    days: Sequence[date],
    rules: ScheduleRules,
    phase: float,
    turn: int,
    seen: set[tuple[str, Week]],
) -> list[tuple[date, str]]:
    """One inspector's (day, school) visits in one month; ``seen`` holds the (school, week)
    pairs visited so far and is updated."""
    count = days_needed(len(schools), rules)
    if count == 0:
        return []
    order = [s.name for s in (*schools[turn % len(schools):], *schools[: turn % len(schools)])]
    total = max(len(order) * rules.school_visits_per_month, count)
    extra = total - len(order) * rules.school_visits_per_month
    remaining = {
        name: rules.school_visits_per_month + extra // len(order) + (rank < extra % len(order))
        for rank, name in enumerate(order)
    }
    rank = {name: n for n, name in enumerate(order)}
    busy = {week for _, week in seen}
    visits = []
    for index, day in enumerate(_pick_days(days, count, phase, busy)):
        left = count - index
        size = (index + 1) * total // count - index * total // count
        week = week_of(day)
        # A school with as many visits left as days left must go today; otherwise prefer a
        # school not yet seen this week, then the one with most visits left.
        chosen = sorted(
            (name for name, r in remaining.items() if r > 0),
            key=lambda n: (remaining[n] != left, (n, week) in seen, -remaining[n], rank[n]),
        )[:size]
        for name in chosen:
            remaining[name] -= 1
            seen.add((name, week))
            visits.append((day, name))
    return visits


def generate_schedule(
    schedule: VisitSchedule, calendar: WorkCalendar | None = None, source: str = "<数据>"
) -> VisitSchedule:
    """The schedule with ``visits`` filled in for every zone and scheduled month.

    Deterministic for the same input. Raises DataError naming every zone and month whose
    rules cannot be met, and by how much; nothing is returned in that case.
    """
    calendar = calendar or calendar_for(schedule, source)
    windows = month_windows(schedule, calendar)
    problems = feasibility_problems(schedule, windows)
    if problems:
        raise DataError(source, problems)
    visits: list[Visit] = []
    for zone in schedule.zones:
        shares = assign_schools(zone)
        members = zone.members
        for index, person in enumerate(members):
            phase = (index + 1) / (len(members) + 1)
            seen: set[tuple[str, Week]] = set()
            for turn, window in enumerate(w for w in windows if w.scheduled):
                seen = {item for item in seen if item[1] >= week_of(window.days[0])}
                visits.extend(
                    Visit(date=day, zone=zone.name, school=school, inspectors=[person.name])
                    for day, school in _inspector_month(
                        shares[person.name], window.days, schedule.rules, phase, turn, seen
                    )
                )
    return schedule.model_copy(update={"visits": sort_visits(schedule, visits)})


def sort_visits(schedule: VisitSchedule, visits: Sequence[Visit]) -> list[Visit]:
    """Visits by date, then in the order zones, inspectors and schools are listed."""
    order: dict[str, int] = {}
    for zone in schedule.zones:
        for name in (zone.name, *(p.name for p in zone.members), *(s.name for s in zone.schools)):
            order.setdefault(name, len(order))
    last = len(order)
    return sorted(
        visits,
        key=lambda v: (v.date, order.get(v.zone, last), order.get(v.inspectors[0], last),
                       order.get(v.school, last), v.school),
    )


def _check_names(schedule: VisitSchedule) -> list[Violation]:
    schools = {z.name: {s.name for s in z.schools} for z in schedule.zones}
    members = {z.name: {p.name for p in z.members} for z in schedule.zones}
    found = []
    for index, visit in enumerate(schedule.visits):
        zone = visit.zone
        if zone not in schools:
            found.append(Violation(RULE_NAMES, f"责任区“{zone}”不在所列责任区中", index))
            continue
        if visit.school not in schools[zone]:
            found.append(Violation(RULE_NAMES, f"“{visit.school}”不是{zone}的学校", index))
        found.extend(
            Violation(RULE_NAMES, f"{name}不是{zone}的督学", index)
            for name in visit.inspectors
            if name not in members[zone]
        )
    return found


def _check_days(schedule: VisitSchedule, calendar: WorkCalendar) -> list[Violation]:
    term = schedule.term
    found = []
    for index, visit in enumerate(schedule.visits):
        day = visit.date
        if not term.start <= day <= term.end:
            found.append(Violation(
                RULE_TERM, f"{day} 不在{term.name}（{term.start}—{term.end}）内", index
            ))
            continue
        closed = term.closed(day)
        if closed is not None:
            what = closed.name or f"{closed.start}—{closed.end}"
            found.append(Violation(RULE_TERM, f"{day} 在“{what}”期间，不安排视导", index))
        elif not calendar.is_workday(day):
            found.append(Violation(RULE_WORKDAY, f"{day} 是休息日或法定节假日", index))
    return found


def _check_per_day(schedule: VisitSchedule) -> list[Violation]:
    limit = schedule.rules.schools_per_day
    schools: dict[tuple[str, date], list[str]] = defaultdict(list)
    found = []
    for index, visit in enumerate(schedule.visits):
        for name in visit.inspectors:
            day_schools = schools[name, visit.date]
            day_schools.append(visit.school)
            if len(day_schools) == limit + 1:
                found.append(Violation(
                    RULE_PER_DAY,
                    f"{name} {visit.date} 安排了 {len(day_schools)} 所以上学校，"
                    f"每天最多 {limit} 所",
                    index,
                ))
    return found


def _check_weeks(schedule: VisitSchedule, windows: Sequence[MonthWindow]) -> list[Violation]:
    """Flag a school's second visit in a week unless it was needed.

    It was needed when the school had more visits that month than the month has weeks not
    already used for it by the month before or after, or when the inspector, with more
    visit days that month than the month has weeks, had more visits that week than schools.
    """
    if not schedule.rules.once_a_week:
        return []
    weeks = {(w.year, w.month): w.weeks for w in windows}
    school_month = Counter((v.school, v.date.year, v.date.month) for v in schedule.visits)
    school_weeks: dict[tuple[str, Week], set[tuple[int, int]]] = defaultdict(set)
    person_week = Counter((n, week_of(v.date)) for v in schedule.visits for n in v.inspectors)
    person_schools: dict[tuple[str, int, int], set[str]] = defaultdict(set)
    person_days: dict[tuple[str, int, int], set[date]] = defaultdict(set)
    for visit in schedule.visits:
        year, month = visit.date.year, visit.date.month
        school_weeks[visit.school, week_of(visit.date)].add((year, month))
        for name in visit.inspectors:
            person_schools[name, year, month].add(visit.school)
            person_days[name, year, month].add(visit.date)
    seen: set[tuple[str, Week]] = set()
    found = []
    for index, visit in enumerate(schedule.visits):
        year, month, week = visit.date.year, visit.date.month, week_of(visit.date)
        month_weeks = weeks.get((year, month), set())
        free = [w for w in month_weeks if school_weeks[visit.school, w] <= {(year, month)}]
        needed = school_month[visit.school, year, month] > len(free) or any(
            person_week[name, week] > len(person_schools[name, year, month])
            and len(person_days[name, year, month]) > len(month_weeks)
            for name in visit.inspectors
        )
        if (visit.school, week) in seen and not needed:
            found.append(Violation(
                RULE_WEEK, f"“{visit.school}”在 {visit.date} 所在的一周内重复视导", index
            ))
        seen.add((visit.school, week))
    return found


def _check_months(schedule: VisitSchedule, windows: Sequence[MonthWindow]) -> list[Violation]:
    rules = schedule.rules
    school_days: dict[tuple[str, int, int], set[date]] = defaultdict(set)
    person_days: dict[tuple[str, int, int], set[date]] = defaultdict(set)
    for visit in schedule.visits:
        year, month = visit.date.year, visit.date.month
        school_days[visit.school, year, month].add(visit.date)
        for name in visit.inspectors:
            person_days[name, year, month].add(visit.date)
    found = []
    for window in (w for w in windows if w.scheduled):
        for zone in schedule.zones:
            for school in zone.schools:
                got = len(school_days[school.name, window.year, window.month])
                if got < rules.school_visits_per_month:
                    found.append(Violation(RULE_SCHOOL, (
                        f"{zone.name}“{school.name}”{window.label}视导 {got} 天，"
                        f"应至少 {rules.school_visits_per_month} 天"
                    )))
            for person in zone.members:
                got = len(person_days[person.name, window.year, window.month])
                if got < rules.inspector_days_per_month:
                    found.append(Violation(RULE_INSPECTOR, (
                        f"{zone.name}督学{person.name}{window.label}视导 {got} 天，"
                        f"应至少 {rules.inspector_days_per_month} 天"
                    )))
    return found


def check_schedule(
    schedule: VisitSchedule, calendar: WorkCalendar | None = None, source: str = "<数据>"
) -> list[Violation]:
    """Every rule the schedule's visits break: per-visit problems first, then monthly totals."""
    calendar = calendar or calendar_for(schedule, source)
    windows = month_windows(schedule, calendar)
    per_visit = [
        *_check_names(schedule),
        *_check_days(schedule, calendar),
        *_check_per_day(schedule),
        *_check_weeks(schedule, windows),
    ]
    per_visit.sort(key=lambda v: v.visit if v.visit is not None else -1)
    return [*per_visit, *_check_months(schedule, windows)]


@dataclass(frozen=True)
class ScheduleRow:
    """A line of the 视导时间安排表: one day, one zone, the inspectors and their schools."""

    date: date
    zone: str
    inspectors: tuple[str, ...]
    schools: tuple[str, ...]

    @property
    def weekday(self) -> str:
        """星期一…星期日."""
        return "星期" + "一二三四五六日"[self.date.weekday()]


def schedule_rows(schedule: VisitSchedule) -> list[ScheduleRow]:
    """The visits grouped by day, zone and inspectors, in the schedule's order."""
    grouped: dict[tuple[date, str, tuple[str, ...]], list[str]] = {}
    for visit in sort_visits(schedule, schedule.visits):
        grouped.setdefault((visit.date, visit.zone, tuple(visit.inspectors)), []).append(
            visit.school
        )
    return [
        ScheduleRow(day, zone, inspectors, tuple(schools))
        for (day, zone, inspectors), schools in grouped.items()
    ]


SCHEDULE_TABLE_COLUMNS = tuple(title for title, _ in SCHEDULE_COLUMNS[1:])
"""The columns of the 安排表 in the document: the workbook's, without 序号."""


def inspector_visits(schedule: VisitSchedule) -> list[tuple[str, list[Visit]]]:
    """Each inspector with visits and those visits, in the order the zones list them (then
    any other name a visit carries, sorted): one answer for the workbook and the calendars."""
    own: dict[str, list[Visit]] = {}
    for visit in schedule.visits:
        for name in visit.inspectors:
            own.setdefault(name, []).append(visit)
    listed = list(dict.fromkeys(p.name for zone in schedule.zones for p in zone.members))
    names = [name for name in listed if name in own] + sorted(set(own) - set(listed))
    return [(name, own[name]) for name in names]


TIMEZONE = "Asia/Shanghai"
"""The time zone of visit times (北京时间)."""

ALL_DAY_REMINDER_FROM = timedelta(hours=9)
"""An all-day visit's reminder counts from 9:00 of its day (1d → 9:00 the day before)."""


@dataclass(frozen=True)
class CalendarEvent:
    """One visit as an event of an inspector's calendar."""

    uid: str
    content: EventContent
    sequence: int  # 0, then one more each time the content changes
    stamp: datetime  # DTSTAMP (UTC): the time this version was first published


@dataclass(frozen=True)
class InspectorCalendar:
    """An inspector's calendar: its name and the events of the visits."""

    name: str
    events: tuple[CalendarEvent, ...]


def _uid(schedule: VisitSchedule, visit: Visit, inspector: str, ordinal: int) -> str:
    """The visit's slot (term, inspector, zone, school, month and which visit of that month it
    is): a visit moved within its month keeps its UID."""
    slot = "|".join(
        [schedule.term.name, inspector, visit.zone, visit.school,
         f"{visit.date.year}-{visit.date.month:02d}", str(ordinal)]
    )
    return f"{hashlib.sha1(slot.encode('utf-8')).hexdigest()}@gongwen"


def _content(schedule: VisitSchedule, visit: Visit) -> EventContent:
    span = visit.time or schedule.calendar.time
    remind = reminder(schedule.calendar.remind) if schedule.calendar.remind else None
    if span is None:
        start: date | datetime = visit.date
        end: date | datetime = visit.date + timedelta(days=1)
        trigger = None if remind is None else ALL_DAY_REMINDER_FROM - remind
    else:
        zone = ZoneInfo(TIMEZONE)
        begin, finish = time_span(span)
        start = datetime.combine(visit.date, begin, tzinfo=zone)
        end = datetime.combine(visit.date, finish, tzinfo=zone)
        trigger = None if remind is None else -remind
    description = f"{schedule.term.name}，{visit.zone}，督学：{'、'.join(visit.inspectors)}"
    return EventContent(start, end, f"视导：{visit.school}", visit.school, description, trigger)


def calendar_events(
    schedule: VisitSchedule, inspector: str, visits: Sequence[Visit],
    published: Mapping[str, PublishedEvent], now: datetime,
) -> InspectorCalendar:
    """An inspector's visits as calendar events. An event the calendar published before
    (``published``, by UID) keeps its SEQUENCE and DTSTAMP while its content is the same; a
    changed one gets the next SEQUENCE and a DTSTAMP of ``now`` (later than the last), so a
    phone takes it as the newer version. A new event starts at 0, stamped with the schedule's
    date — the same bytes on every run."""
    first = datetime.combine(schedule.date, time(), tzinfo=timezone.utc)
    ordinals: Counter[tuple[str, int, int]] = Counter()
    events = []
    for visit in visits:
        key = (visit.school, visit.date.year, visit.date.month)
        ordinals[key] += 1
        uid = _uid(schedule, visit, inspector, ordinals[key])
        content = _content(schedule, visit)
        old = published.get(uid)
        if old is None:
            sequence, stamp = 0, first
        elif old.content == content:
            sequence, stamp = old.sequence, old.stamp
        else:
            sequence, stamp = old.sequence + 1, max(now, old.stamp + timedelta(seconds=1))
        events.append(CalendarEvent(uid, content, sequence, stamp))
    return InspectorCalendar(f"{inspector} {schedule.term.name}视导安排", tuple(events))


WEEKDAY_COLUMNS = ("一", "二", "三", "四", "五", "六", "日")


def inspector_outline(document: InspectorSchedule) -> Outline:
    """One inspector's month grids: for each month of the term with visits or scheduled, its
    name, then a table of its weeks, each day with the schools visited that day."""
    schedule = document.schedule
    visits = dict(inspector_visits(schedule)).get(document.inspector, [])
    schools: dict[date, list[str]] = defaultdict(list)
    for visit in visits:
        schools[visit.date].append(visit.school)
    zones = "、".join(dict.fromkeys(v.zone for v in visits)) or "未分配学校"
    blocks: list[Block] = [Paragraph((Run(
        f"{document.inspector}（{zones}）{schedule.term.name}共安排视导{len(visits)}所次，"
        "每天所去学校（园）如下。"),))]
    for window in month_windows(schedule, calendar_for(schedule)):
        if not window.scheduled and not any(d.month == window.month and d.year == window.year
                                            for d in schools):
            continue
        weeks = month_calendar.Calendar().monthdatescalendar(window.year, window.month)
        rows = tuple(
            tuple("" if day.month != window.month else "\n".join([str(day.day), *schools.get(day, [])])
                  for day in week)
            for week in weeks
        )
        blocks += [Heading(level=1, number="", title=window.label),
                   TableBlock(WEEKDAY_COLUMNS, rows, widths=(25, 25, 25, 25, 25, 15.5, 15.5))]
    return Outline(tuple(blocks), parts=official_parts(document))


def inspector_schedule(schedule: VisitSchedule, inspector: str) -> InspectorSchedule:
    """The month-grid document of one inspector of ``schedule``, signed by its office without
    the red header."""
    issuer = schedule.issuer.model_copy(update={"header": None, "seal": None})
    return InspectorSchedule(inspector=inspector, schedule=schedule, issuer=issuer, date=schedule.date,
                             subtitle=[f"（{schedule.term.name}）"])


def schedule_outline(schedule: VisitSchedule) -> Outline:
    """The 视导时间安排表 as a document body: the rules it follows, then one table row per
    day, zone and inspectors. Dates leave out the year unless the term spans two; the
    星期 column holds just 一…日."""
    rules, term = schedule.rules, schedule.term
    lead = (
        f"按照每所学校每月至少视导{rules.school_visits_per_month}天、"
        f"每名督学每月至少视导{rules.inspector_days_per_month}天、"
        f"每名督学每天最多视导{rules.schools_per_day}所学校的要求，"
        f"{term.name}（{cn_date(term.start)}至{cn_date(term.end)}）"
        f"共安排视导{len(schedule.visits)}所次，具体安排如下。"
    )
    one_year = term.start.year == term.end.year
    rows = tuple(
        (
            f"{row.date.month}月{row.date.day}日" if one_year else cn_date(row.date),
            row.weekday.removeprefix("星期"),
            row.zone,
            "、".join(row.inspectors),
            "、".join(row.schools),
        )
        for row in schedule_rows(schedule)
    )
    # widths in millimetres of the 156 mm type area: each row one line for the usual names
    table = TableBlock(SCHEDULE_TABLE_COLUMNS, rows, widths=(27, 13, 29, 19, 68))
    return Outline((Paragraph((Run(lead),)), table), parts=official_parts(schedule))
