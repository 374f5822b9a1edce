"""Typed models: the public contract between data files, library callers and templates.

The names below are imported from their modules when first used, so that a document
imports the models of its own kind alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import attributes

if TYPE_CHECKING:
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

_WHERE = {
    "Model": "base",
    "Body": "body", "BodyBlock": "body", "IncludeEntry": "body", "Item": "body", "ItemList": "body",
    "NumberingStyle": "body", "TableEntry": "body",
    "TaskCalendar": "calendar",
    "Issuer": "common", "Person": "common", "School": "common", "SchoolKind": "common", "Zone": "common",
    "guess_school_kind": "common",
    "CnDate": "dates", "DateRange": "dates",
    "GeneralDocument": "documents", "Notice": "documents", "Regulation": "documents", "Report": "documents",
    "FORM_KINDS": "forms", "Form": "forms",
    "EIGHT_MATTERS": "matters", "Matter": "matters", "NINE_MATTERS": "matters", "VISIT_WORKFLOW": "matters",
    "Attachment": "plan", "OfficialDocument": "plan", "Plan": "plan", "Section": "plan", "Table": "plan",
    "WorkScheme": "plan",
    "InspectionRecords": "records",
    "EscalationNotice": "reports", "RectificationNotice": "reports", "Summary": "reports",
    "VisitReport": "reports",
    "InspectorSchedule": "schedule", "VisitSchedule": "schedule",
}
"""Each public name and the module it comes from."""


__getattr__ = attributes(__name__, _WHERE)


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
