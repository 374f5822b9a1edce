"""Rectification follow-up: open items per school and escalation of overdue ones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..models.dates import DateRange
from ..models.records import EscalationLevel, InspectionRecords
from .visit_report import Item, merge_items, select


def days_overdue(item: Item, today: date) -> int:
    """Whole days past the deadline on ``today``; 0 when not overdue or without a deadline."""
    if item.deadline is None or not item.is_open:
        return 0
    return max((today - item.deadline).days, 0)


def escalation_level(overdue: int, levels: Sequence[EscalationLevel]) -> EscalationLevel | None:
    """The highest level whose threshold ``overdue`` days reach, or None."""
    reached = [level for level in levels if overdue >= level.days]
    return reached[-1] if reached else None


@dataclass(frozen=True)
class OpenItem:
    """An unrectified item as seen on a given day."""

    item: Item
    days_overdue: int
    level: EscalationLevel | None


@dataclass(frozen=True)
class SchoolRectification:
    """The open items of one school (the content of its 整改通知书)."""

    school: str
    zone: str
    items: tuple[OpenItem, ...]

    def at_level(self, level: EscalationLevel) -> tuple[OpenItem, ...]:
        """The items that have escalated exactly to ``level``."""
        return tuple(i for i in self.items if i.level == level)

    @property
    def overdue(self) -> tuple[OpenItem, ...]:
        """The items past their deadline."""
        return tuple(i for i in self.items if i.days_overdue > 0)


def open_items(
    data: InspectionRecords, today: date, period: DateRange | None = None, zone: str | None = None
) -> list[OpenItem]:
    """Every item found up to ``today`` in the period and still open, with its escalation."""
    found = [r for r in select(data, period, zone) if r.date <= today]
    result = []
    for item in merge_items(found, data.school_zones()):
        if item.is_open:
            overdue = days_overdue(item, today)
            result.append(OpenItem(item, overdue, escalation_level(overdue, data.escalation)))
    return result


def rectification_by_school(
    data: InspectionRecords, today: date, period: DateRange | None = None, zone: str | None = None
) -> list[SchoolRectification]:
    """Schools with open items, in listing order; items by deadline (undated last)."""
    by_school: dict[str, list[OpenItem]] = {}
    for entry in open_items(data, today, period, zone):
        by_school.setdefault(entry.item.school, []).append(entry)
    zones = data.school_zones()
    return [
        SchoolRectification(
            school=name,
            zone=zones[name],
            items=tuple(sorted(by_school[name],
                               key=lambda e: (e.item.deadline or date.max, e.item.found_on))),
        )
        for name in zones if name in by_school
    ]


@dataclass(frozen=True)
class EscalationNotice:
    """One escalation notice (督办/警示/查办通知单) for one school."""

    school: str
    zone: str
    level: EscalationLevel
    items: tuple[OpenItem, ...]


def escalation_notices(schools: Sequence[SchoolRectification], levels: Sequence[EscalationLevel]
                       ) -> list[EscalationNotice]:
    """One notice per school and level that has items at that level."""
    return [
        EscalationNotice(s.school, s.zone, level, s.at_level(level))
        for s in schools for level in levels if s.at_level(level)
    ]
