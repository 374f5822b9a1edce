"""Calendars published before (.ics): what each event said, its SEQUENCE and DTSTAMP.

A calendar is published again into the same place; an event whose content changed (a visit
moved to another day or time) must come out as a newer version of the same event — same UID,
a higher SEQUENCE, a later DTSTAMP — so that a phone replaces it instead of keeping the old one.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import NamedTuple


class EventContent(NamedTuple):
    """What an event says: what a changed visit changes."""

    start: date | datetime  # a day (all-day event) or a time in its time zone
    end: date | datetime
    summary: str
    location: str
    description: str
    trigger: timedelta | None  # the reminder, relative to the start


class PublishedEvent(NamedTuple):
    """An event as a calendar already published it."""

    content: EventContent
    sequence: int
    stamp: datetime  # DTSTAMP, UTC


def published_events(data: bytes | None) -> dict[str, PublishedEvent]:
    """Each event of an .ics file by UID; empty for no file, or one that is not a calendar
    (it is replaced, and its events start over)."""
    from icalendar import Calendar  # imported when a calendar is read: most runs read none

    if not data:
        return {}
    try:
        from icalendar import Calendar  # imported only when a calendar is read

        calendar = Calendar.from_ical(data)
        events = {}
        for event in calendar.walk("VEVENT"):
            alarms = event.walk("VALARM")
            content = EventContent(
                event.decoded("DTSTART"), event.decoded("DTEND"), str(event.get("SUMMARY", "")),
                str(event.get("LOCATION", "")), str(event.get("DESCRIPTION", "")),
                alarms[0].decoded("TRIGGER") if alarms else None,
            )
            events[str(event["UID"])] = PublishedEvent(
                content, int(event.get("SEQUENCE", 0)), event.decoded("DTSTAMP"))
        return events
    except (ValueError, KeyError):
        return {}
