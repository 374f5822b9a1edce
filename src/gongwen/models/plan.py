"""Plans and schemes: the official documents built from authored sections."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BeforeValidator, Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails

from .base import CnDate, Model, StrList
from .body import Body, IncludeEntry, Item, ItemList, NumberingStyle, Table
from .common import Issuer, Zone, one_zone_each
from .matters import VISIT_WORKFLOW, Matters, matters_field

Include = Literal["zones", "matters", "workflow"]

Location = tuple[str | int, ...]

_NUMBERING_HELP = "序号样式，如“一、”“（一）”“1.”“（1）”“第一章”；写 \"\" 不编号"


class Section(Model):
    """A section of the body. Titles are written without numbers; numbering is automatic."""

    title: str = Field(min_length=1, description="标题（不写序号，序号自动编排）")
    number: int | None = Field(
        default=None, ge=1, description="本节的序号（其后各节接着编）；用于跳号或从中间开始"
    )
    text: Body = Field(
        default="",
        description="正文：文字（段落之间空一行，**加粗**）或由段落、items、table、include 组成的列表",
    )
    inline: bool = Field(
        default=False, description="标题与正文排在同一段（如“1.加强领导。正文……”）"
    )
    numbering: NumberingStyle | None = Field(
        default=None,
        description=f"下级小节及本节各项的{_NUMBERING_HELP}；不填时按层级：一、（一）1.（1）",
    )
    table: Table | None = Field(default=None, description="排在正文之后的表格")
    include: Include | None = Field(
        default=None,
        description="在本节插入生成的内容：zones 责任区划分表，matters 督导事项，workflow 视导流程",
    )
    sections: list[Section] = Field(default_factory=list, description="下级小节")


class Attachment(Model):
    """An attachment (附件): listed in 附件说明 and printed on pages of its own."""

    title: str = Field(min_length=1, description="附件名称")
    text: Body = Field(default="", description="附件正文")
    table: Table | None = None
    include: Include | None = None
    numbering: NumberingStyle | None = Field(default=None, description=f"附件一级小节的{_NUMBERING_HELP}")
    sections: list[Section] = Field(default_factory=list)


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
    subtitle: StrList = Field(
        default_factory=list,
        description="副标题：标题下居中的行，如“（征求意见稿）”“——在全区督学工作会议上的讲话”",
    )
    number: DocNumber | None = Field(default=None, description="发文字号，如“长教督办〔2024〕3号”")
    signer: str | None = Field(default=None, description="签发人（上行文），排在版头发文字号右侧")
    recipients: StrList = Field(default_factory=list, description="主送机关")
    issuer: Issuer = Field(description="发文机关（署名、红头、印章）")
    date: CnDate = Field(description="成文日期")
    note: str | None = Field(default=None, description="附注")
    cc: StrList = Field(default_factory=list, description="抄送机关")
    printer: str | None = Field(default=None, description="印发机关；填写后排版记")
    print_date: CnDate | None = Field(default=None, description="印发日期；默认同成文日期")

    @property
    def subtitle_lines(self) -> list[str]:
        """The lines printed centred under the title."""
        return list(self.subtitle)


class Plan(OfficialDocument):
    """An annual supervision plan (年度教育督导工作计划) or similar authored document."""

    kind: Literal["annual-plan"] = "annual-plan"
    preamble: Body = Field(default="", description="开头（标题与第一节之间）：文字或块列表")
    numbering: NumberingStyle | None = Field(default=None, description=f"一级小节的{_NUMBERING_HELP}")
    sections: list[Section] = Field(default_factory=list, description="正文各节")
    attachments: list[Attachment] = Field(default_factory=list, description="附件")
    closing: Body = Field(default="", description="结尾（最后一节之后）：文字或块列表")

    generated_parts: ClassVar[frozenset[str]] = frozenset()
    """What ``include`` may insert in this kind of document."""
    default_numbering: ClassVar[str] = "一、"
    """Numbering of the top-level sections when the data gives none."""

    def includes(self) -> Iterator[tuple[Location, str]]:
        """Every ``include`` in the document with its field path, in document order."""
        yield from _body_includes(self.preamble, ("preamble",))
        yield from _section_includes(self.sections, ("sections",))
        yield from _section_includes(self.attachments, ("attachments",))
        yield from _body_includes(self.closing, ("closing",))

    def include_problems(self) -> list[tuple[Location, str]]:
        """Includes this kind of document cannot fill, with where they are."""
        return [
            (loc, f"include: {part} 只能用于工作方案（work-scheme）")
            for loc, part in self.includes()
            if part not in self.generated_parts
        ]

    @model_validator(mode="after")
    def _includes_supported(self) -> Plan:
        problems = self.include_problems()
        if problems:
            raise ValidationError.from_exception_data(
                type(self).__name__,
                [
                    InitErrorDetails(type="value_error", loc=loc, input=None, ctx={"error": ValueError(msg)})
                    for loc, msg in problems
                ],
            )
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


def _body_includes(body: Body, loc: Location) -> Iterator[tuple[Location, str]]:
    if isinstance(body, str):
        return
    for index, block in enumerate(body):
        if isinstance(block, IncludeEntry):
            yield (*loc, index, "include"), block.include
        elif isinstance(block, ItemList):
            yield from _item_includes(block.items, (*loc, index, "items"))


def _item_includes(items: list[Item], loc: Location) -> Iterator[tuple[Location, str]]:
    for index, item in enumerate(items):
        yield from _body_includes(item.text, (*loc, index, "text"))
        yield from _item_includes(item.items, (*loc, index, "items"))


def _section_includes(
    sections: list[Section] | list[Attachment], loc: Location
) -> Iterator[tuple[Location, str]]:
    for index, section in enumerate(sections):
        if section.include:
            yield (*loc, index, "include"), section.include
        yield from _body_includes(section.text, (*loc, index, "text"))
        yield from _section_includes(section.sections, (*loc, index, "sections"))


class WorkScheme(Plan):
    """A 挂牌督导暨联合视导 work scheme: a plan plus term, zones and matters."""

    kind: Literal["work-scheme"] = "work-scheme"  # type: ignore[assignment]
    generated_parts: ClassVar[frozenset[str]] = frozenset({"zones", "matters", "workflow"})
    term: str | None = Field(
        default=None, description="学年学期，如“2020—2021学年度（上学期）”；标题中没有时排为副标题"
    )
    zones: Annotated[list[Zone], AfterValidator(one_zone_each)] = Field(
        default_factory=list, description="督学责任区；include: zones 需要它"
    )
    matters: Matters = matters_field("九项", "经常性督导事项，或预设“八项”“九项”")
    workflow: list[str] = Field(default_factory=lambda: list(VISIT_WORKFLOW), description="视导流程")

    @property
    def subtitle_lines(self) -> list[str]:
        """The subtitle, led by the term when the title does not already name it."""
        lines = list(self.subtitle)
        flat = re.sub(r"\s+", "", self.title)
        if self.term and self.term not in flat and not any(self.term in line for line in lines):
            lines.insert(0, self.term)
        return lines

    def include_problems(self) -> list[tuple[Location, str]]:
        problems = super().include_problems()
        if not self.zones:
            problems += [
                (loc, "include: zones 需要督学责任区：请在文件中写 zones，或去掉这里的 include")
                for loc, part in self.includes()
                if part == "zones"
            ]
        return problems
