"""Pure functions from models to what documents show: outlines, schedules, statistics."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .calendar import calendar_outline
from .outline import Outline, build_outline
from .schedule import schedule_outline

OUTLINE_BUILDERS: dict[str, Callable[[Any], Outline]] = {
    "annual-plan": build_outline,
    "work-scheme": build_outline,
    "visit-report": build_outline,
    "rectification-notice": build_outline,
    "escalation-notice": build_outline,
    "summary": build_outline,
    "calendar": calendar_outline,
    "schedule": schedule_outline,
}
"""Document kind → the function laying out its body and attachments."""


def outline_of(document: Any) -> Outline:
    """The outline of any document; kinds without prose (forms) have an empty one."""
    builder = OUTLINE_BUILDERS.get(getattr(document, "kind", ""))
    return builder(document) if builder else Outline(body=())


__all__ = ["OUTLINE_BUILDERS", "Outline", "outline_of"]
