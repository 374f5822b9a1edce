"""Inspection records → one visit report (视导报告) per school, duplicates merged."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date

from ..filters import cn_date
from ..loaders.ledger import HEADERS
from ..models.records import (
    DateRange,
    Finding,
    FollowUp,
    InspectionRecord,
    InspectionRecords,
    Status,
)

_NOISE = re.compile(r"[\s。；;，,、.！!]+")


def merge_key(text: str) -> str:
    """Normalise wording so that the same remark written twice compares equal."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text))


def _label(column: str) -> re.Pattern[str]:
    names = "|".join(sorted((re.escape(n) for n in HEADERS[column]), key=len, reverse=True))
    return re.compile(rf"^\s*(?:{names})\s*[：:]\s*")


LABELS = {column: _label(column) for column in ("highlights", "problem", "suggestion", "requirement")}
"""A ledger cell's text may begin with its column's name (“整改要求：…”, “意见：…”); the
documents print it under that name already (a table column, a heading, “建议：”)."""


def unlabelled(text: str, column: str) -> str:
    """``text`` without a leading “<column name>：”, so that no label is printed twice."""
    return LABELS[column].sub("", text, count=1)


def unique(texts: Iterable[str]) -> list[str]:
    """Drop empty and repeated remarks, keeping the first wording and the order."""
    seen: dict[str, str] = {}
    for text in texts:
        key = merge_key(text)
        if key and key not in seen:
            seen[key] = text
    return list(seen.values())


@dataclass(frozen=True)
class Item:
    """One problem of one school after merging every record that mentions it."""

    school: str
    zone: str
    matter: str
    problem: str
    suggestions: tuple[str, ...]
    requirement: str
    deadline: date | None
    status: Status
    found_on: date
    inspectors: tuple[str, ...]
    follow_ups: tuple[FollowUp, ...]

    @property
    def is_open(self) -> bool:
        """True while the problem is not rectified."""
        return self.status is not Status.DONE


def _in_scope(record: InspectionRecord, zones: dict[str, str], zone: str | None,
              inspector: str | None) -> bool:
    return (zone is None or zones.get(record.school) == zone) and (
        inspector is None or inspector in record.inspectors
    )


def select(
    records: InspectionRecords, period: DateRange | None = None, zone: str | None = None,
    inspector: str | None = None,
) -> list[InspectionRecord]:
    """Records inside the period (default: the document's), the zone and, if given, those
    ``inspector`` took part in, in date order."""
    period = period or records.period
    zones = records.school_zones()
    if zone is not None:
        records.zone(zone)  # raises KeyError naming the known zones
    chosen = [r for r in records.records if r.date in period and _in_scope(r, zones, zone, inspector)]
    return sorted(chosen, key=lambda r: (r.date, r.school))


@dataclass(frozen=True)
class LeftOut:
    """A record of the data that a document does not count, and why (in Chinese)."""

    record: InspectionRecord
    reason: str
    code: str  # W_OUT_OF_PERIOD, W_AFTER_DAY


def _span(period: DateRange) -> str:
    days = f"{cn_date(period.start)}至{cn_date(period.end)}"
    return f"“{period.name}”（{days}）" if period.name else days


def left_out(
    data: InspectionRecords, period: DateRange | None = None, zone: str | None = None,
    inspector: str | None = None, until: date | None = None, outside_period: bool = True,
) -> list[LeftOut]:
    """Records of the zone (and inspector) that the documents leave out without being asked
    to: those outside the period (unless ``outside_period`` is False, when the caller chose
    a narrower period) and those dated after ``until`` (the day the figures are as of)."""
    period = period or data.period
    zones = data.school_zones()
    found = []
    for record in sorted(data.records, key=lambda r: (r.date, r.school)):
        if not _in_scope(record, zones, zone, inspector):
            continue
        what = f"{cn_date(record.date)}{record.school}的督导记录"
        if record.date not in period:
            if outside_period:
                found.append(LeftOut(record, f"{what}不在统计期间{_span(period)}内，未计入；"
                                             "请核对日期，或调整统计期间", "W_OUT_OF_PERIOD"))
        elif until is not None and record.date > until:
            found.append(LeftOut(record, f"{what}晚于统计截止日{cn_date(until)}（成文日期），未计入；"
                                         "请核对日期，或把成文日期改到其后", "W_AFTER_DAY"))
    return found


def _findings(
    records: Iterable[InspectionRecord],
) -> Iterator[tuple[InspectionRecord, str, Finding]]:
    for record in records:
        for assessment in record.assessments:
            for finding in assessment.findings:
                yield record, assessment.matter, finding


def merge_items(records: Iterable[InspectionRecord], zones: dict[str, str]) -> list[Item]:
    """Merge the findings of date-ordered records into one item per (school, matter, problem).

    The earliest deadline wins, status comes from the latest record, and follow-ups
    are gathered from all of them without repeats (ledgers often copy earlier ones).
    """
    merged: dict[tuple[str, str, str], Item] = {}
    for record, matter, written in _findings(records):
        finding = written.model_copy(update={
            field: unlabelled(getattr(written, field), field)
            for field in ("problem", "suggestion", "requirement")
        })
        key = (record.school, matter, merge_key(finding.problem))
        old = merged.get(key)
        if old is None:
            merged[key] = Item(
                school=record.school, zone=zones.get(record.school, ""), matter=matter,
                problem=finding.problem, suggestions=tuple(unique([finding.suggestion])),
                requirement=finding.requirement, deadline=finding.deadline,
                status=finding.status, found_on=record.date,
                inspectors=tuple(record.inspectors), follow_ups=tuple(finding.follow_ups),
            )
            continue
        deadlines = [d for d in (old.deadline, finding.deadline) if d is not None]
        seen = {(f.date, f.note) for f in old.follow_ups}
        merged[key] = replace(
            old,
            suggestions=tuple(unique([*old.suggestions, finding.suggestion])),
            requirement=old.requirement or finding.requirement,
            deadline=min(deadlines, default=None),
            status=finding.status,
            inspectors=tuple(unique([*old.inspectors, *record.inspectors])),
            follow_ups=(
                *old.follow_ups, *(f for f in finding.follow_ups if (f.date, f.note) not in seen)
            ),
        )
    return list(merged.values())


@dataclass(frozen=True)
class MatterSection:
    """What the report says about one matter."""

    matter: str
    highlights: tuple[str, ...]
    problems: tuple[str, ...]
    suggestions: tuple[str, ...]


@dataclass(frozen=True)
class SchoolReport:
    """Everything a 视导报告 for one school says, compiled from all its records."""

    school: str
    zone: str
    leader: str
    period: DateRange
    visit_dates: tuple[date, ...]
    inspectors: tuple[str, ...]
    methods: tuple[str, ...]
    sections: tuple[MatterSection, ...]
    requirements: tuple[Item, ...]

    @property
    def visits(self) -> int:
        """Number of visit days."""
        return len(self.visit_dates)


def _sections(records: list[InspectionRecord], items: list[Item], order: list[str]
              ) -> tuple[MatterSection, ...]:
    highlights: dict[str, list[str]] = {}
    for record in records:
        for assessment in record.assessments:
            highlights.setdefault(assessment.matter, []).extend(
                unlabelled(text, "highlights") for text in assessment.highlights)
    for item in items:
        highlights.setdefault(item.matter, [])
    rank = {name: i for i, name in enumerate(order)}
    return tuple(
        MatterSection(
            matter=matter,
            highlights=tuple(unique(texts)),
            problems=tuple(i.problem for i in items if i.matter == matter),
            suggestions=tuple(
                unique(s for i in items if i.matter == matter for s in i.suggestions)
            ),
        )
        for matter, texts in sorted(highlights.items(), key=lambda kv: rank.get(kv[0], len(rank)))
    )


def compile_report(
    school: str, records: list[InspectionRecord], data: InspectionRecords, period: DateRange
) -> SchoolReport:
    """One school's report from its date-ordered records."""
    zones = data.school_zones()
    zone = zones[school]
    items = merge_items(records, zones)
    return SchoolReport(
        school=school,
        zone=zone,
        leader=data.zone(zone).leader.name,
        period=period,
        visit_dates=tuple(sorted({r.date for r in records})),
        inspectors=tuple(unique(n for r in records for n in r.inspectors)),
        methods=tuple(m for m in data.workflow if any(m in r.methods for r in records)),
        sections=_sections(records, items, [m.name for m in data.matters]),
        requirements=tuple(i for i in items if i.requirement),
    )


def visit_reports(
    data: InspectionRecords, period: DateRange | None = None, zone: str | None = None,
    inspector: str | None = None,
) -> list[SchoolReport]:
    """One report per visited school, in the district's listing order; with ``inspector``,
    one per school that inspector visited, from those visits only."""
    period = period or data.period
    by_school: dict[str, list[InspectionRecord]] = {}
    for record in select(data, period, zone, inspector):
        by_school.setdefault(record.school, []).append(record)
    return [
        compile_report(name, by_school[name], data, period)
        for name in data.school_zones() if name in by_school
    ]
