"""Documents compiled from inspection records: visit reports, notices and summaries.

Each is a :class:`Plan` (sections, tables, signature, 版记) with its own ``kind``, so it
renders through the same official layout and can also be written by hand as data.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .plan import Plan
from .records import EscalationLevel


class VisitReport(Plan):
    """A 视导报告 for one school, compiled from every inspector's records of a period."""

    kind: Literal["visit-report"] = "visit-report"  # type: ignore[assignment]
    school: str = Field(min_length=1, description="受督学校（园）")
    zone: str = Field(default="", description="责任区")


class RectificationNotice(Plan):
    """A 整改通知书: the open items of one school with their deadlines."""

    kind: Literal["rectification-notice"] = "rectification-notice"  # type: ignore[assignment]
    school: str = Field(min_length=1, description="受督学校（园）")


class EscalationNotice(Plan):
    """A 督办/警示/查办通知单 for one school's overdue items at one escalation level."""

    kind: Literal["escalation-notice"] = "escalation-notice"  # type: ignore[assignment]
    school: str = Field(min_length=1, description="受督学校（园）")
    level: EscalationLevel = Field(description="升级级别（名称、颜色、逾期天数）")


class Summary(Plan):
    """A 工作总结 with figures computed from the records."""

    kind: Literal["summary"] = "summary"  # type: ignore[assignment]
