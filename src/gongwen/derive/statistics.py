"""Figures for a 工作总结: visits, coverage, problems by matter, rectification rate."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from ..models.dates import DateRange
from ..models.records import InspectionRecords, Status
from .rectification import OpenItem, open_items
from .visit_report import merge_items, select


def percent(part: int, whole: int) -> float:
    """part / whole as a percentage rounded to one decimal; 0.0 when whole is 0."""
    return round(100 * part / whole, 1) if whole else 0.0


def months(period: DateRange) -> list[tuple[int, int]]:
    """(year, month) of every month the period touches, in order."""
    first = period.start.year * 12 + period.start.month - 1
    last = period.end.year * 12 + period.end.month - 1
    return [(m // 12, m % 12 + 1) for m in range(first, last + 1)]


@dataclass(frozen=True)
class ZoneFigures:
    """One zone's row of the statistics."""

    zone: str
    visits: int
    schools_total: int
    schools_covered: int
    by_month: tuple[int, ...]

    @property
    def coverage(self) -> float:
        """Schools covered as a percentage of the zone's schools."""
        return percent(self.schools_covered, self.schools_total)


@dataclass(frozen=True)
class MatterFigures:
    """Problems found and rectified under one matter."""

    matter: str
    found: int
    rectified: int

    @property
    def rate(self) -> float:
        """Rectified as a percentage of found."""
        return percent(self.rectified, self.found)


@dataclass(frozen=True)
class Statistics:
    """Every figure a summary quotes, computed from the records of a period."""

    period: DateRange
    today: date
    visits: int
    records: int
    inspector_visits: int
    schools_total: int
    schools_covered: int
    uncovered: tuple[str, ...]
    months: tuple[str, ...]
    zones: tuple[ZoneFigures, ...]
    matters: tuple[MatterFigures, ...]
    problems: int
    rectified: int
    in_progress: int
    overdue: tuple[OpenItem, ...]

    @property
    def coverage(self) -> float:
        """Schools covered as a percentage of all schools."""
        return percent(self.schools_covered, self.schools_total)

    @property
    def rectification_rate(self) -> float:
        """Rectified problems as a percentage of problems found."""
        return percent(self.rectified, self.problems)

    @property
    def visits_by_month(self) -> tuple[int, ...]:
        """Visits per month over all zones, aligned with ``months``."""
        return tuple(sum(col) for col in zip(*(z.by_month for z in self.zones), strict=True))


def compute_statistics(
    data: InspectionRecords, today: date, period: DateRange | None = None, zone: str | None = None
) -> Statistics:
    """Figures for the period (default: the document's) and zone (default: all), as of ``today``.

    A visit is one school on one day, however many inspectors logged it;
    ``inspector_visits`` (督学人次) counts each inspector once per visit.
    """
    period = period or data.period
    chosen = [r for r in select(data, period, zone) if r.date <= today]  # nothing after “as of”
    zones = [z for z in data.zones if zone is None or z.name == zone]
    owner = data.school_zones()
    visits = {(r.school, r.date) for r in chosen}
    month_keys = months(period)
    per_zone_month = Counter((owner[s], (d.year, d.month)) for s, d in visits)
    covered = {s for s, _ in visits}
    zone_rows = tuple(
        ZoneFigures(
            zone=z.name,
            visits=sum(1 for s, _ in visits if owner[s] == z.name),
            schools_total=len(z.schools),
            schools_covered=sum(1 for s in z.schools if s.name in covered),
            by_month=tuple(per_zone_month[(z.name, m)] for m in month_keys),
        )
        for z in zones
    )
    items = merge_items(chosen, owner)
    found = Counter(i.matter for i in items)
    fixed = Counter(i.matter for i in items if not i.is_open)
    order = [m.name for m in data.matters]
    order += sorted(set(found) - set(order))
    all_schools = [s.name for z in zones for s in z.schools]
    return Statistics(
        period=period,
        today=today,
        visits=len(visits),
        records=len(chosen),
        inspector_visits=len({(n, r.school, r.date) for r in chosen for n in r.inspectors}),
        schools_total=len(all_schools),
        schools_covered=len(covered),
        uncovered=tuple(s for s in all_schools if s not in covered),
        months=tuple(f"{y}年{m}月" for y, m in month_keys),
        zones=zone_rows,
        matters=tuple(MatterFigures(m, found[m], fixed[m]) for m in order),
        problems=len(items),
        rectified=sum(fixed.values()),
        in_progress=sum(1 for i in items if i.status is Status.IN_PROGRESS),
        overdue=tuple(o for o in open_items(data, today, period, zone) if o.days_overdue > 0),
    )


Figure = str | int | float


@dataclass(frozen=True)
class FigureTable:
    """A table of figures, the same in the summary document and its statistics workbook."""

    sheet: str  # the workbook sheet holding it
    title: str  # its caption in the document
    columns: tuple[str, ...]
    rows: tuple[tuple[Figure, ...], ...]
    total: tuple[Figure, ...] | None = None  # the 合计 row
    percent: tuple[int, ...] = ()  # columns holding percentages

    @property
    def all_rows(self) -> tuple[tuple[Figure, ...], ...]:
        """The rows, then the 合计 row when there is one."""
        return (*self.rows, *((self.total,) if self.total else ()))


def figure_tables(stats: Statistics) -> tuple[FigureTable, FigureTable, FigureTable]:
    """The zones, months and matters tables of a summary."""
    zones = FigureTable(
        "责任区", "各责任区督导情况", ("责任区", "督导校次", "学校（园）数", "覆盖学校数", "覆盖率"),
        tuple((z.zone, z.visits, z.schools_total, z.schools_covered, z.coverage) for z in stats.zones),
        ("合计", stats.visits, stats.schools_total, stats.schools_covered, stats.coverage),
        percent=(4,),
    )
    months = FigureTable(
        "月度", "各月督导校次", ("月份", *(z.zone for z in stats.zones), "合计"),
        tuple((label, *(z.by_month[i] for z in stats.zones), stats.visits_by_month[i])
              for i, label in enumerate(stats.months)),
    )
    matters = FigureTable(
        "督导事项", "发现问题及整改情况（按督导事项）", ("督导事项", "发现问题", "已整改", "整改率"),
        tuple((m.matter, m.found, m.rectified, m.rate) for m in stats.matters),
        ("合计", stats.problems, stats.rectified, stats.rectification_rate),
        percent=(3,),
    )
    return zones, months, matters


def overview(stats: Statistics) -> tuple[tuple[str, Figure], ...]:
    """The headline figures, named as the summary names them."""
    return (
        ("督导校次", stats.visits),
        ("督学人次", stats.inspector_visits),
        ("学校（园）总数", stats.schools_total),
        ("督导覆盖学校（园）数", stats.schools_covered),
        ("覆盖率", stats.coverage),
        ("发现问题数", stats.problems),
        ("已整改", stats.rectified),
        ("整改中", stats.in_progress),
        ("整改率", stats.rectification_rate),
        ("逾期未整改", len(stats.overdue)),
    )
