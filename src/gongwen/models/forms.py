"""Inspection forms (表格): printed blank for handwriting or filled from data.

Every field of a form is optional, so a data file with only ``kind`` gives an empty
form, and :meth:`Form.blank` clears a filled one while keeping what is printed on
the form itself (its title, the issuing office, the catalogue of matters).
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from .base import Document, ImageFile, Model, Shorthand, StrList
from .common import Person
from .dates import CnDate
from .matters import VISIT_WORKFLOW, Matters, matters_field

Paper = Literal["A4", "A3"]


class Signature(Shorthand):
    """A signature box: the signer's name when known and the date signed."""

    name: str | None = Field(default=None, description="签字人姓名（不填则留空手签）")
    date: CnDate | None = Field(default=None, description="签字日期")


class Opinion(Signature):
    """An opinion with its signature (审核人、审批人的签字及意见)."""

    opinion: str = Field(default="", description="意见")


class Form(Document):
    """Fields every form shares; subclasses name the fields printed on a blank form."""

    title: str = Field(min_length=1, description="表名")
    organization: str | None = Field(default=None, description="填报单位（印在表名下方）")
    paper: Paper = Field(default="A4", description="纸张：A4 或 A3")

    printed: ClassVar[frozenset[str]] = frozenset({"kind", "title", "organization", "paper"})
    """Fields kept on a blank form: what is printed, not what is written in."""

    def blank(self) -> Form:
        """The same form with every written-in field empty."""
        cleared = {
            name: info.get_default(call_default_factory=True)
            for name, info in type(self).model_fields.items()
            if name not in self.printed
        }
        return self.model_copy(update=cleared)


class LeaderCheck(Form):
    """领导干部检查督查情况表: one check by a leader, its disposal and its follow-up."""

    kind: Literal["leader-check"] = "leader-check"
    title: str = Field(default="领导干部检查督查情况表", min_length=1, description="表名")
    date: CnDate | None = Field(default=None, description="检查日期")
    time: str | None = Field(default=None, description="检查时段，如“9:00—11:30”")
    address: str | None = Field(default=None, description="地址")
    target: str | None = Field(default=None, description="受检对象（单位或部门）")
    inspected: str | None = Field(default=None, description="被检查人（姓名、职务）")
    situation: str = Field(default="", description="检查情况")
    inspected_signature: Signature = Field(default_factory=Signature, description="被检查人签字")
    disposal: str = Field(default="", description="处置意见")
    leader_signature: Signature = Field(default_factory=Signature, description="检查领导签字")
    unit_head_signature: Signature = Field(
        default_factory=Signature, description="责任单位负责人签字"
    )
    follow_up: str = Field(default="", description="跟踪落实情况")
    follow_up_signature: Signature = Field(default_factory=Signature, description="跟踪检查人签字")
    follow_up_unit_signature: Signature = Field(
        default_factory=Signature, description="跟踪落实时责任单位负责人签字"
    )

    @property
    def dated(self) -> date | None:
        """The day of the check, which dates the form."""
        return self.date


class ExecutionItem(Model):
    """One line of an execution plan: when, where or whom, what, and by whom."""

    time: str = Field(default="", description="时间，如“2024年3月5日上午”")
    target: str = Field(default="", description="对象（地点或单位）")
    content: str = Field(default="", description="检查内容")
    members: StrList = Field(default_factory=list, description="检查组成员")


class ExecutionPlan(Form):
    """监督检查执行方案: the checks to carry out, reviewed and approved."""

    kind: Literal["execution-plan"] = "execution-plan"
    title: str = Field(default="监督检查执行方案", min_length=1, description="表名")
    items: list[ExecutionItem] = Field(default_factory=list, description="检查安排（每行一项）")
    reviewer: Opinion = Field(default_factory=Opinion, description="审核人（签字及意见）")
    approver: Opinion = Field(default_factory=Opinion, description="审批人（签字及意见）")


class RecordSheet(Form):
    """督导工作记录单: one visit to one school, signed by the school."""

    kind: Literal["record-sheet"] = "record-sheet"
    title: str = Field(default="督导工作记录单", min_length=1, description="表名")
    catalogue: Matters = matters_field("八项", "印在表上的督导事项（勾选用），或预设“八项”“九项”")
    methods_catalogue: StrList = Field(
        default_factory=lambda: list(VISIT_WORKFLOW), description="印在表上的督导方式（勾选用）"
    )
    school: str | None = Field(default=None, description="督导学校（园）")
    date: CnDate | None = Field(default=None, description="督导日期")
    inspectors: StrList = Field(default_factory=list, description="督学")
    matters: StrList = Field(default_factory=list, description="本次督导事项")
    methods: StrList = Field(default_factory=list, description="督导方式")
    findings: str = Field(default="", description="督导情况及发现的问题")
    rectification: str = Field(default="", description="整改意见及要求")
    deadline: CnDate | None = Field(default=None, description="整改期限")
    inspector_signature: Signature = Field(default_factory=Signature, description="督学签字")
    school_signature: Signature = Field(
        default_factory=Signature, description="学校（园）负责人签字"
    )

    printed: ClassVar[frozenset[str]] = Form.printed | {"catalogue", "methods_catalogue"}

    @property
    def dated(self) -> date | None:
        """The day of the check, which dates the form."""
        return self.date


class DivisionItem(Shorthand):
    """One requirement of a task and the departments responsible for it."""

    shorthand: ClassVar[str] = "requirement"

    requirement: str = Field(min_length=1, description="工作要求")
    departments: StrList = Field(default_factory=list, description="责任部门")


class DivisionGroup(Model):
    """A task (内容) spanning the rows of its requirements."""

    content: str = Field(min_length=1, description="工作内容")
    items: list[DivisionItem] = Field(min_length=1, description="工作要求及责任部门")


class DivisionTable(Form):
    """责任分工表: tasks, their requirements and the departments responsible."""

    kind: Literal["division-table"] = "division-table"
    title: str = Field(default="责任分工表", min_length=1, description="表名")
    groups: list[DivisionGroup] = Field(default_factory=list, description="各项工作")


class NoticeBoard(Form):
    """督学公示牌: the responsible inspector of one school and the matters supervised."""

    kind: Literal["notice-board"] = "notice-board"
    title: str = Field(default="责任督学挂牌督导公示牌", min_length=1, description="标题")
    issuer: str | None = Field(default=None, description="监制单位，如“长宁区人民政府教育督导室”")
    matters: Matters = matters_field("八项", "督导事项，或预设“八项”“九项”")
    hotline: str | None = Field(default=None, description="监督电话")
    school: str | None = Field(default=None, description="学校（园）")
    inspector: Person | None = Field(default=None, description="责任督学（姓名、职务、电话）")
    photo: ImageFile = Field(
        default=None, description="督学照片（PNG/JPEG），相对数据文件所在目录"
    )

    printed: ClassVar[frozenset[str]] = Form.printed | {"issuer", "matters", "hotline"}


FORM_KINDS: dict[str, type[Form]] = {
    "leader-check": LeaderCheck,
    "execution-plan": ExecutionPlan,
    "record-sheet": RecordSheet,
    "division-table": DivisionTable,
    "notice-board": NoticeBoard,
}
"""Form kinds, merged into DOCUMENT_KINDS."""
