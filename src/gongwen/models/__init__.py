"""Typed models: the public contract between data files, library callers and templates."""

from __future__ import annotations

from .base import CnDate, Model
from .body import Body, BodyBlock, IncludeEntry, Item, ItemList, NumberingStyle, TableEntry
from .calendar import TaskCalendar
from .common import Issuer, Person, School, SchoolKind, Zone, guess_school_kind
from .documents import GeneralDocument, Notice, Regulation, Report
from .forms import FORM_KINDS, Form
from .matters import EIGHT_MATTERS, NINE_MATTERS, VISIT_WORKFLOW, Matter
from .plan import Attachment, OfficialDocument, Plan, Section, Table, WorkScheme
from .records import InspectionRecords
from .reports import EscalationNotice, RectificationNotice, Summary, VisitReport
from .schedule import VisitSchedule

DOCUMENT_KINDS: dict[str, type[Model]] = {
    "annual-plan": Plan,
    "work-scheme": WorkScheme,
    "document": GeneralDocument,
    "regulation": Regulation,
    "report": Report,
    "notice": Notice,
    "records": InspectionRecords,
    **FORM_KINDS,
    "visit-report": VisitReport,
    "rectification-notice": RectificationNotice,
    "escalation-notice": EscalationNotice,
    "summary": Summary,
    "calendar": TaskCalendar,
    "schedule": VisitSchedule,
}
"""Every document kind a data file may name in its top-level ``kind``."""


__all__ = [
    "DOCUMENT_KINDS",
    "EIGHT_MATTERS",
    "FORM_KINDS",
    "NINE_MATTERS",
    "VISIT_WORKFLOW",
    "Attachment",
    "Body",
    "BodyBlock",
    "CnDate",
    "Form",
    "GeneralDocument",
    "IncludeEntry",
    "InspectionRecords",
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
    "Regulation",
    "Report",
    "School",
    "SchoolKind",
    "Section",
    "Table",
    "TableEntry",
    "TaskCalendar",
    "VisitSchedule",
    "WorkScheme",
    "Zone",
    "guess_school_kind",
]
