"""Visit schedules: a deterministic generator and a checker of the visit rules."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from ..errors import DataError, Problem
from ..models.common import School, Zone
from ..models.schedule import ScheduleRules, Visit, VisitSchedule
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
    def weeks(self) -> int:
        """How many different weeks the available days fall in."""
        return len({week_of(day) for day in self.days})


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


def _pick_days(days: Sequence[date], count: int, phase: float) -> list[date]:
    """``count`` days spread over the month: a different week each while weeks last,
    evenly spaced within a week; ``phase`` in (0, 1) shifts the choice per inspector."""
    weeks = [list(group) for _, group in groupby(days, week_of)]
    quota = [0] * len(weeks)
    if count <= len(weeks):
        for n in range(count):
            quota[int((n + phase) * len(weeks) / count)] += 1
    else:
        quota = [1] * len(weeks)
        for _ in range(count - len(weeks)):
            spare = max(range(len(weeks)), key=lambda w: (len(weeks[w]) - quota[w], -w))
            quota[spare] += 1
    picked = []
    for week, wanted in zip(weeks, quota, strict=True):
        picked.extend(week[int((n + phase) * len(week) / wanted)] for n in range(wanted))
    return picked


def _inspector_month(
    schools: Sequence[School], days: Sequence[date], rules: ScheduleRules, phase: float, turn: int
) -> list[tuple[date, str]]:
    """One inspector's (day, school) visits in one month."""
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
    seen: set[tuple[str, Week]] = set()
    visits = []
    for index, day in enumerate(_pick_days(days, count, phase)):
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
        for turn, window in enumerate(w for w in windows if w.scheduled):
            for index, person in enumerate(members):
                phase = (index + 1) / (len(members) + 1)
                visits.extend(
                    Visit(date=day, zone=zone.name, school=school, inspectors=[person.name])
                    for day, school in _inspector_month(
                        shares[person.name], window.days, schedule.rules, phase, turn
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
    zones = {z.name: z for z in schedule.zones}
    found = []
    for index, visit in enumerate(schedule.visits):
        zone = zones.get(visit.zone)
        if zone is None:
            found.append(Violation(RULE_NAMES, f"责任区“{visit.zone}”不在所列责任区中", index))
            continue
        if visit.school not in {s.name for s in zone.schools}:
            found.append(Violation(RULE_NAMES, f"“{visit.school}”不是{zone.name}的学校", index))
        members = {p.name for p in zone.members}
        found.extend(
            Violation(RULE_NAMES, f"{name}不是{zone.name}的督学", index)
            for name in visit.inspectors
            if name not in members
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
    """Flag a school's second visit in a week when the month had weeks enough to spread them."""
    if not schedule.rules.once_a_week:
        return []
    weeks = {(w.year, w.month): w.weeks for w in windows}
    per_month = Counter((v.school, v.date.year, v.date.month) for v in schedule.visits)
    seen: set[tuple[str, Week]] = set()
    found = []
    for index, visit in enumerate(schedule.visits):
        key = (visit.school, week_of(visit.date))
        spreadable = per_month[visit.school, visit.date.year, visit.date.month] <= weeks.get(
            (visit.date.year, visit.date.month), 0
        )
        if key in seen and spreadable:
            found.append(Violation(
                RULE_WEEK, f"“{visit.school}”在 {visit.date} 所在的一周内重复视导", index
            ))
        seen.add(key)
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
