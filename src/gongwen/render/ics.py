"""Visit schedules as iCalendar files (RFC 5545), one per inspector, written by hand.

Each visit is an all-day event: SUMMARY names the school, LOCATION is exactly the
school's name. A UID names the visit's slot (term, inspector, school, month and which
visit of that month it is), so re-importing a regenerated calendar updates an event
that moved to another day instead of adding a second one.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta

from ..models.schedule import Visit, VisitSchedule

PRODID = "-//gongwen//视导时间安排//ZH"
LINE_OCTETS = 75


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma, newline."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into lines of at most 75 octets, never splitting a character."""
    parts: list[str] = []
    current, size, limit = "", 0, LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, LINE_OCTETS - 1  # continuation lines start with a space
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _uid(schedule: VisitSchedule, visit: Visit, inspector: str, ordinal: int) -> str:
    slot = "|".join(
        [schedule.term.name, inspector, visit.zone, visit.school,
         f"{visit.date.year}-{visit.date.month:02d}", str(ordinal)]
    )
    return f"{hashlib.sha1(slot.encode('utf-8')).hexdigest()}@gongwen"


def _event(schedule: VisitSchedule, visit: Visit, inspector: str, ordinal: int) -> list[str]:
    day: date = visit.date
    companions = "、".join(visit.inspectors)
    description = f"{schedule.term.name}，{visit.zone}，督学：{companions}"
    return [
        "BEGIN:VEVENT",
        f"UID:{_uid(schedule, visit, inspector, ordinal)}",
        f"DTSTAMP:{schedule.date:%Y%m%d}T000000Z",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape_text(f'视导：{visit.school}')}",
        f"LOCATION:{escape_text(visit.school)}",
        f"DESCRIPTION:{escape_text(description)}",
        "TRANSP:OPAQUE",
        "END:VEVENT",
    ]


def inspector_calendar(schedule: VisitSchedule, inspector: str, visits: Sequence[Visit]) -> str:
    """The iCalendar text of one inspector's visits, CRLF line ends, folded lines."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(f'{inspector} {schedule.term.name}视导安排')}",
        "X-WR-TIMEZONE:Asia/Shanghai",
    ]
    ordinals: Counter[tuple[str, int, int]] = Counter()
    for visit in visits:
        key = (visit.school, visit.date.year, visit.date.month)
        ordinals[key] += 1
        lines += _event(schedule, visit, inspector, ordinals[key])
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
