"""Inspectors' calendars as iCalendar files (RFC 5545), drawn with the icalendar library.

Each visit is an event — all-day, or at its time in Asia/Shanghai (with the VTIMEZONE) —
whose SUMMARY names the school and whose LOCATION is exactly the school's name, with its
UID, SEQUENCE and DTSTAMP as derive decided them, and a reminder (VALARM) when one is set.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from ..derive.schedule import TIMEZONE, CalendarEvent, InspectorCalendar

if TYPE_CHECKING:  # icalendar is imported when a calendar is drawn: most runs draw none
    from icalendar import Event

PRODID = "-//gongwen//视导时间安排//ZH"


def _event(item: CalendarEvent) -> Event:
    from icalendar import Alarm, Event

    content = item.content
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", item.stamp)
    event.add("sequence", item.sequence)
    event.add("dtstart", content.start)
    event.add("dtend", content.end)
    event.add("summary", content.summary)
    event.add("location", content.location)
    event.add("description", content.description)
    event.add("transp", "OPAQUE")
    if content.trigger is not None:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", content.summary)
        alarm.add("trigger", content.trigger)
        event.add_component(alarm)
    return event


def inspector_calendar(calendar: InspectorCalendar) -> bytes:
    """The iCalendar file of one inspector's visits."""
    from icalendar import Calendar

    document = Calendar()
    document.add("prodid", PRODID)
    document.add("version", "2.0")
    document.add("calscale", "GREGORIAN")
    document.add("method", "PUBLISH")
    document.add("x-wr-calname", calendar.name)
    document.add("x-wr-timezone", TIMEZONE)
    for item in calendar.events:
        document.add_component(_event(item))
    if any(isinstance(item.content.start, datetime) for item in calendar.events):
        document.add_missing_timezones()
    return document.to_ical()
