"""Typed models: the public contract between data files, library callers and templates."""

from __future__ import annotations

from .base import Model
from .body import Body, BodyBlock, IncludeEntry, Item, ItemList, NumberingStyle, TableEntry
from .calendar import TaskCalendar
from .common import Issuer, Person, School, SchoolKind, Zone, guess_school_kind
from .dates import CnDate, DateRange
from .documents import GeneralDocument, Notice, Regulation, Report
from .forms import FORM_KINDS, Form
from .matters import EIGHT_MATTERS, NINE_MATTERS, VISIT_WORKFLOW, Matter
from .plan import Attachment, OfficialDocument, Plan, Section, Table, WorkScheme
from .records import InspectionRecords
from .reports import EscalationNotice, RectificationNotice, Summary, VisitReport
from .schedule import InspectorSchedule, VisitSchedule

__all__ = [
    "EIGHT_MATTERS",
    "FORM_KINDS",
    "NINE_MATTERS",
    "VISIT_WORKFLOW",
    "Attachment",
    "Body",
    "BodyBlock",
    "CnDate",
    "DateRange",
    "EscalationNotice",
    "Form",
    "GeneralDocument",
    "IncludeEntry",
    "InspectionRecords",
    "InspectorSchedule",
    "Issuer",
    "Item",
    "ItemList",
    "Matter",
    "Model",
    "Notice",
    "NumberingStyle",
    "OfficialDocument",
    "Person",
    "Plan",
    "RectificationNotice",
    "Regulation",
    "Report",
    "School",
    "SchoolKind",
    "Section",
    "Summary",
    "Table",
    "TableEntry",
    "TaskCalendar",
    "VisitReport",
    "VisitSchedule",
    "WorkScheme",
    "Zone",
    "guess_school_kind",
]
