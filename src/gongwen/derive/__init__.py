"""Pure functions from models to what documents show: outlines, schedules, statistics."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..models.base import Model
from ..models.calendar import TaskCalendar
from ..models.forms import Form
from ..models.plan import Plan
from ..models.schedule import VisitSchedule
from .calendar import calendar_outline
from .outline import Outline, build_outline
from .schedule import schedule_outline

OUTLINE_BUILDERS: dict[type[Model], Callable[[Any], Outline]] = {
    Plan: build_outline,  # plans, schemes, reports, notices and summaries
    TaskCalendar: calendar_outline,
    VisitSchedule: schedule_outline,
    Form: lambda form: Outline(body=()),  # a form is its table, drawn by the form writers
}
"""Model type → the function laying out its body and attachments (subclasses included)."""


def outline_of(document: Model) -> Outline:
    """The outline of a document; a model type with no builder is an error, never a blank."""
    for model, builder in OUTLINE_BUILDERS.items():
        if isinstance(document, model):
            return builder(document)
    raise TypeError(f"no outline builder for {type(document).__name__}")


__all__ = ["OUTLINE_BUILDERS", "Outline", "outline_of"]
