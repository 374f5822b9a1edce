"""General official documents written by hand: 通用公文, 办法/制度, 经验材料/讲话, 通知."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from .base import CnDate
from .common import Issuer
from .plan import Plan


class UnsignedPlan(Plan):
    """A plan-like document that may have no 署名 and no 成文日期 (学习心得, 经验材料)."""

    issuer: Issuer | None = Field(  # type: ignore[assignment]
        default=None, description="发文机关（署名、红头、印章）；不填则不排署名"
    )
    date: CnDate | None = Field(default=None, description="成文日期；不填则不排")  # type: ignore[assignment]


class GeneralDocument(UnsignedPlan):
    """Kind ``document``: any 公文 body (通用公文)."""

    kind: Literal["document"] = "document"  # type: ignore[assignment]


class Regulation(UnsignedPlan):
    """Kind ``regulation``: 办法、制度、职责 — chapters 第一章 and articles 第一条 across them."""

    kind: Literal["regulation"] = "regulation"  # type: ignore[assignment]
    default_numbering: ClassVar[str] = "第一章　"


class Report(UnsignedPlan):
    """Kind ``report``: 经验材料、调研报告、讲话."""

    kind: Literal["report"] = "report"  # type: ignore[assignment]


class Notice(Plan):
    """Kind ``notice``: 通知, with issuer and date as for a plan."""

    kind: Literal["notice"] = "notice"  # type: ignore[assignment]
