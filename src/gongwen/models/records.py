"""Inspection records (督导记录), their rectification items and the district they belong to."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, ClassVar, Literal

from pydantic import BeforeValidator, Field, PrivateAttr, ValidationError, field_validator, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from .base import Document, Model, Shorthand, StrList, as_list
from .common import Issuer, Zone, Zones
from .dates import CnDate, DateRange
from .matters import VISIT_WORKFLOW, Matters, matters_field


class Status(str, Enum):
    """Rectification status of one problem (整改状态)."""

    OPEN = "未整改"
    IN_PROGRESS = "整改中"
    DONE = "已整改"


class FollowUp(Shorthand):
    """One follow-up check on a problem (跟踪落实情况)."""

    shorthand: ClassVar[str] = "note"

    date: CnDate | None = Field(default=None, description="跟踪日期")
    note: str = Field(min_length=1, description="跟踪落实情况")
    by: str | None = Field(default=None, description="跟踪督学")


class Finding(Shorthand):
    """A problem found under one matter, with its suggestion and rectification requirement."""

    shorthand: ClassVar[str] = "problem"

    problem: str = Field(min_length=1, description="存在问题")
    suggestion: str = Field(default="", description="意见建议")
    requirement: str = Field(default="", description="整改要求")
    deadline: CnDate | None = Field(default=None, description="整改期限")
    status: Status = Field(default=Status.OPEN, description="整改状态：未整改、整改中、已整改")
    closed_on: CnDate | None = Field(default=None, description="整改完成日期")
    follow_ups: list[FollowUp] = Field(default_factory=list, description="跟踪落实情况")

    @model_validator(mode="after")
    def _closed_means_done(self) -> Finding:
        if self.closed_on is not None and self.status is not Status.DONE:
            raise ValueError(
                f"填写了整改完成日期，整改状态应为“已整改”，而不是“{self.status.value}”"
            )
        return self

    @property
    def is_open(self) -> bool:
        """True while the problem is not rectified."""
        return self.status is not Status.DONE


class Assessment(Model):
    """An inspector's assessment of one matter: 成绩与亮点 and 问题与建议."""

    matter: str = Field(min_length=1, description="督导事项")
    highlights: StrList = Field(default_factory=list, description="成绩与亮点")
    findings: list[Finding] = Field(default_factory=list, description="问题与建议（含整改要求）")


class InspectionRecord(Model):
    """One visit to one school by one or more inspectors (督导记录)."""

    date: CnDate = Field(description="督导日期")
    school: str = Field(min_length=1, description="受督学校（园）")
    inspectors: StrList = Field(min_length=1, description="参加督学")
    methods: StrList = Field(default_factory=list, description="督导方式（视导流程中的环节）")
    assessments: list[Assessment] = Field(default_factory=list, description="分事项评价")
    _origin: str = PrivateAttr(default="")

    def at(self, origin: str) -> InspectionRecord:
        """This record, noted as written at ``origin`` (by the loader that read it)."""
        self._origin = origin
        return self

    @property
    def origin(self) -> str:
        """Where the record is written — a ledger cell (督导台账!A7) or a field of the data file
        (records[3]（第 40 行）) —, or "" for a record made in code."""
        return self._origin

    @property
    def matters(self) -> list[str]:
        """The matters checked on this visit, in the order written."""
        return list(dict.fromkeys(a.matter for a in self.assessments))


class EscalationLevel(Model):
    """One escalation step for overdue rectification (督办、警示、查办)."""

    name: str = Field(min_length=1, description="通知单名称，如“督办通知单”")
    color: Literal["white", "yellow", "red"] = Field(description="通知单颜色")
    days: int = Field(ge=1, description="逾期达到多少天即升级到本级")


DEFAULT_ESCALATION: tuple[EscalationLevel, ...] = (
    EscalationLevel(name="督办通知单", color="white", days=1),
    EscalationLevel(name="警示通知单", color="yellow", days=15),
    EscalationLevel(name="查办通知单", color="red", days=30),
)
"""Default thresholds: overdue 1 day → 督办, 15 days → 警示, 30 days → 查办."""


def _default_escalation() -> list[EscalationLevel]:
    return [level.model_copy() for level in DEFAULT_ESCALATION]


class SummaryText(Model):
    """The narrative parts of a 工作总结 that cannot be computed from records."""

    work_done: StrList = Field(default_factory=list, description="主要工作（段落）")
    highlights: StrList = Field(default_factory=list, description="工作亮点")
    shortcomings: StrList = Field(default_factory=list, description="存在不足")
    next_steps: StrList = Field(default_factory=list, description="下一步工作打算")


def _reference_error(kind: str, message: str, loc: tuple[str | int, ...], value: str
                     ) -> InitErrorDetails:
    return InitErrorDetails(type=PydanticCustomError(kind, message), loc=loc, input=value)


class InspectionRecords(Document):
    """A district's master data (zones, schools, inspectors) and its inspection records."""

    kind: Literal["records"] = "records"
    title: str = Field(default="", description="名称（可选），如“2026年秋季学期督导记录”")
    district: str = Field(min_length=1, description="区县名称，如“长宁区”")
    issuer: Issuer = Field(description="发文机关（署名、红头、印章）")
    period: DateRange = Field(description="统计期间，如学期")
    matters: Matters = matters_field("八项", "经常性督导事项，或预设“八项”“九项”")
    workflow: list[str] = Field(
        default_factory=lambda: list(VISIT_WORKFLOW), description="视导流程"
    )
    zones: Zones
    ledger: Annotated[list[Path], BeforeValidator(as_list)] = Field(
        default_factory=list, description="督导台账 .xlsx（相对本文件），其记录并入 records；一个或多个"
    )
    records: list[InspectionRecord] = Field(default_factory=list, description="督导记录")
    escalation: list[EscalationLevel] = Field(
        default_factory=_default_escalation, description="逾期升级阈值（督办→警示→查办）"
    )
    summary: SummaryText = Field(default_factory=SummaryText, description="工作总结的叙述部分")

    @field_validator("escalation")
    @classmethod
    def _increasing(cls, levels: list[EscalationLevel]) -> list[EscalationLevel]:
        days = [level.days for level in levels]
        if days != sorted(set(days)):
            raise ValueError("各级逾期天数应逐级递增，如 1、15、30")
        return levels

    @model_validator(mode="after")
    def _known_names(self) -> InspectionRecords:
        schools = self.school_zones()
        inspectors = self.inspector_names()
        matters = {m.name for m in self.matters}
        methods = set(self.workflow)
        errors: list[InitErrorDetails] = []
        for i, record in enumerate(self.records):
            here: tuple[str | int, ...] = ("records", i)
            if record.school not in schools:
                errors.append(_reference_error(
                    "unknown_school", f"学校“{record.school}”不在任何责任区中",
                    (*here, "school"), record.school))
            errors += [
                _reference_error("unknown_inspector", f"督学“{name}”不在任何责任区中",
                                 (*here, "inspectors", j), name)
                for j, name in enumerate(record.inspectors) if name not in inspectors
            ]
            errors += [
                _reference_error("unknown_method", f"督导方式“{name}”不在视导流程中",
                                 (*here, "methods", j), name)
                for j, name in enumerate(record.methods) if name not in methods
            ]
            errors += [
                _reference_error("unknown_matter", f"督导事项“{a.matter}”不在督导事项目录中",
                                 (*here, "assessments", j, "matter"), a.matter)
                for j, a in enumerate(record.assessments) if a.matter not in matters
            ]
        if errors:
            raise ValidationError.from_exception_data(type(self).__name__, errors)
        return self

    @property
    def author(self) -> str:
        return self.issuer.name

    def school_zones(self) -> dict[str, str]:
        """School name → the zone it belongs to, in listing order."""
        return {s.name: zone.name for zone in self.zones for s in zone.schools}

    def inspector_names(self) -> list[str]:
        """Every leader and inspector of every zone, without repeats."""
        return list(dict.fromkeys(p.name for zone in self.zones for p in zone.members))

    def zone(self, name: str) -> Zone:
        """The zone with this name; raises KeyError with the known names."""
        for zone in self.zones:
            if zone.name == name:
                return zone
        raise KeyError(f"没有名为“{name}”的责任区，可用：{'、'.join(z.name for z in self.zones)}")
