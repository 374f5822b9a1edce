"""Plans and schemes: the official documents built from authored sections."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BeforeValidator, Field, field_validator, model_validator

from .base import CnDate, Model, StrList
from .common import Issuer, Zones
from .forms import AnyForm
from .matters import VISIT_WORKFLOW, Matters, matters_field

NumberStyle = Literal["一、", "（一）", "1.", "（1）"]
"""The four heading numberings of GB/T 9704, from level 1 to level 4."""

Include = Literal["zones", "matters", "workflow"]


class Table(Model):
    """A simple table: a header row and body rows of text."""

    title: str | None = Field(default=None, description="表题（可选）")
    columns: list[str] = Field(min_length=1, description="表头")
    rows: list[list[str]] = Field(default_factory=list, description="各行单元格文字")
    widths: list[float] | None = Field(default=None, description="各列相对宽度")

    @field_validator("rows", mode="before")
    @classmethod
    def _cells_as_text(cls, rows: Any) -> Any:
        if isinstance(rows, list):
            return [
                ["" if c is None else str(c) for c in row] if isinstance(row, list) else row
                for row in rows
            ]
        return rows

    @model_validator(mode="after")
    def _row_widths(self) -> Table:
        for index, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise ValueError(
                    f"第 {index + 1} 行有 {len(row)} 个单元格，表头有 {len(self.columns)} 列"
                )
        if self.widths is not None and len(self.widths) != len(self.columns):
            raise ValueError(f"widths 有 {len(self.widths)} 项，表头有 {len(self.columns)} 列")
        return self


class Section(Model):
    """A section of the body. Titles are written without numbers; numbering is automatic."""

    title: str = Field(min_length=1, description="标题（不写序号，序号自动编排）")
    text: str = Field(default="", description="正文；段落之间空一行，**加粗**")
    inline: bool = Field(
        default=False, description="标题与正文排在同一段（如“1.加强领导。正文……”）"
    )
    numbering: NumberStyle | None = Field(
        default=None, description="下级小节的序号样式；不填时按层级：一、（一）1.（1）"
    )
    table: Table | None = Field(default=None, description="排在正文之后的表格")
    include: Include | None = Field(
        default=None,
        description="在本节插入生成的内容：zones 责任区划分表，matters 督导事项，workflow 视导流程",
    )
    sections: list[Section] = Field(default_factory=list, description="下级小节")


def _form_path_allowed(schema: dict[str, Any]) -> None:
    """A data file may name a form file instead (the loader reads it in)."""
    schema["anyOf"].append({"type": "string", "description": "表格数据文件的路径（相对本数据文件）"})


class Attachment(Model):
    """An attachment (附件): listed in 附件说明 and printed on pages of its own — text,
    a table and sections, or one of the forms (附表), filled or blank."""

    title: str = Field(default="", description="附件名称；附表可不写，取表名")
    text: str = Field(default="", description="附件正文")
    table: Table | None = None
    include: Include | None = None
    sections: list[Section] = Field(default_factory=list)
    form: AnyForm | None = Field(
        default=None,
        description="附表：表格数据（同表格数据文件，含 kind，如 {kind: leader-check, …}），"
        "或表格数据文件的路径（相对本数据文件）",
        json_schema_extra=_form_path_allowed,
    )
    blank: bool = Field(default=False, description="附表印成空白表（供手写），只用于 form")

    @field_validator("form", mode="before")
    @classmethod
    def _form_read(cls, value: Any) -> Any:
        if isinstance(value, str):
            raise ValueError(
                f"表格文件“{value}”没有读入：form 写文件路径只能用在由 gongwen.load 读取的数据文件里，"
                "在程序中请直接给出表格数据或表格对象"
            )
        return value

    @model_validator(mode="after")
    def _title_and_form(self) -> Attachment:
        if self.form is not None:
            if self.text or self.table or self.include or self.sections:
                raise ValueError("附件写了 form（附表）就不能再写 text、table、include 或 sections，"
                                 "附表前后的说明请写成另一个附件")
            self.title = self.title or self.form.title
        elif self.blank:
            raise ValueError("blank: true 只用于附表（form）")
        if not self.title:
            raise ValueError("附件缺少名称 title")
        return self


_NUMBER_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "【": "〔", "】": "〕", "(": "〔", ")": "〕",
                                   "（": "〔", "）": "〕", "［": "〔", "］": "〕"})
_DOC_NUMBER = re.compile(r"^(?P<org>\S+?)〔(?P<year>\d{4})〕第?0*(?P<seq>[1-9]\d*)号$")


def normalize_doc_number(value: Any) -> Any:
    """Bring 发文字号 to the national form: 六角括号, no leading zeros, no 第."""
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFKC", value).strip().translate(_NUMBER_BRACKETS)
    text = re.sub(r"\s+", "", text)
    match = _DOC_NUMBER.match(text)
    if not match:
        raise ValueError(f"发文字号“{value}”格式不对，应如“长教督办〔2024〕3号”")
    return f"{match['org']}〔{match['year']}〕{match['seq']}号"


DocNumber = Annotated[str, BeforeValidator(normalize_doc_number)]


class OfficialDocument(Model):
    """Fields every official document shares: title, issuer, dates, 版记."""

    title: str = Field(min_length=1, description="公文标题")
    number: DocNumber | None = Field(default=None, description="发文字号，如“长教督办〔2024〕3号”")
    recipients: StrList = Field(default_factory=list, description="主送机关")
    issuer: Issuer = Field(description="发文机关（署名、红头、印章）")
    date: CnDate = Field(description="成文日期")
    note: str | None = Field(default=None, description="附注")
    cc: StrList = Field(default_factory=list, description="抄送机关")
    printer: str | None = Field(default=None, description="印发机关；填写后排版记")
    print_date: CnDate | None = Field(default=None, description="印发日期；默认同成文日期")


class Plan(OfficialDocument):
    """An annual supervision plan (年度教育督导工作计划) or similar authored document."""

    kind: Literal["annual-plan"] = "annual-plan"
    preamble: str = Field(default="", description="开头段落（标题与第一节之间）")
    numbering: NumberStyle | None = Field(default=None, description="一级小节的序号样式")
    sections: list[Section] = Field(default_factory=list, description="正文各节")
    attachments: list[Attachment] = Field(default_factory=list, description="附件")
    closing: str = Field(default="", description="结尾段落（最后一节之后）")

    generated_parts: ClassVar[frozenset[str]] = frozenset()
    """What ``include`` may insert in this kind of document."""

    @model_validator(mode="after")
    def _includes_supported(self) -> Plan:
        def walk(items: list[Section] | list[Attachment]) -> None:
            for item in items:
                if item.include and item.include not in self.generated_parts:
                    raise ValueError(
                        f"“{item.title}”的 include: {item.include} 只能用于工作方案（work-scheme）"
                    )
                walk(item.sections)

        walk(self.sections)
        walk(self.attachments)
        return self

    @model_validator(mode="after")
    def _depth(self) -> Plan:
        def deepest(items: list[Section]) -> int:
            return max((1 + deepest(s.sections) for s in items), default=0)

        for attachment in self.attachments:
            if deepest(attachment.sections) > 4:
                raise ValueError(f"附件“{attachment.title}”的小节最多四级（一、（一）1.（1））")
        if deepest(self.sections) > 4:
            raise ValueError("小节最多四级（一、（一）1.（1））")
        return self


class WorkScheme(Plan):
    """A 挂牌督导暨联合视导 work scheme: a plan plus term, zones and matters."""

    kind: Literal["work-scheme"] = "work-scheme"  # type: ignore[assignment]
    generated_parts: ClassVar[frozenset[str]] = frozenset({"zones", "matters", "workflow"})
    term: str = Field(description="学年学期，如“2020—2021学年度（上学期）”")
    zones: Zones
    matters: Matters = matters_field("九项", "经常性督导事项，或预设“八项”“九项”")
    workflow: list[str] = Field(default_factory=lambda: list(VISIT_WORKFLOW), description="视导流程")
