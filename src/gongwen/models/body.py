"""The body of a document as a clerk writes it: numbering styles, blocks and numbered items.

Text is written without its numbers; numbering is automatic. A body is a string (its
paragraphs) or a list of blocks: paragraphs, numbered item lists, tables and the generated
parts of a work scheme.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    field_validator,
    model_validator,
)

from .base import Model, Shorthand

NUMERAL_SAMPLES = "1一①"
"""The numeral a numbering style holds: Arabic 1, Chinese 一 (十一, 二十 …), circled ①…⑳."""

_OTHER_NUMERALS = "023456789二三四五六七八九十②③④⑤⑥⑦⑧⑨⑩"


def check_numbering(value: str) -> str:
    """A numbering style holds exactly one numeral sample plus literal prefix and suffix."""
    value = value.lstrip()
    if value == "":
        return value
    samples = [ch for ch in value if ch in NUMERAL_SAMPLES]
    if len(samples) != 1 or any(ch in _OTHER_NUMERALS for ch in value):
        raise ValueError(
            f"序号样式“{value}”应含且只含一个序号样例：1（阿拉伯数字）、一（汉字）或 ①（圈码），"
            "如“一、”“（一）”“1.”“1、”“（1）”“①”“一是”“第一章”“第一条”；不编号请写空字符串 \"\""
        )
    return value


NumberingStyle = Annotated[
    str, StringConstraints(strip_whitespace=False), AfterValidator(check_numbering)
]
"""A numbering style such as “一、” “（一）” “1.” “（1）” “①” “一是” “第一章” “第一条”; "" = unnumbered.

Trailing spaces are part of the style (“第一条　” puts a full-width space after the number).
"""

Punctuation = Literal["；", "。", ""]
GeneratedPart = Literal["zones", "matters", "workflow"]

_NUMBERING_HELP = "序号样式，如“一、”“（一）”“1.”“（1）”“①”“第一条”；写 \"\" 不编号"


class Table(Model):
    """A simple table: a header row and body rows of text."""

    title: str | None = Field(default=None, description="表题（可选）")
    columns: list[str] = Field(min_length=1, description="表头")
    rows: list[list[str]] = Field(default_factory=list, description="各行单元格文字")
    widths: list[Annotated[float, Field(gt=0, le=1000, allow_inf_nan=False)]] | None = Field(
        default=None, description="各列相对宽度（正数）")

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


class Item(Shorthand):
    """A numbered body paragraph: a string (its text) or a mapping with a run-in title."""

    shorthand = "text"

    text: Body = Field(default="", description="正文；第一段前排序号，其余段落接排在后")
    title: str | None = Field(
        default=None, description="段首的小标题（如“加强组织领导”），排在序号后，缺句号时自动补“。”"
    )
    number: int | None = Field(
        default=None, ge=1, description="本项的序号（其后各项接着编）；用于跳号或从中间开始"
    )
    numbering: NumberingStyle | None = Field(default=None, description=f"下级各项的{_NUMBERING_HELP}")
    items: list[Item] = Field(default_factory=list, description="下级各项")

    @model_validator(mode="after")
    def _has_words(self) -> Item:
        if not self.title and not self.text and not self.items:
            raise ValueError("这一项没有文字：请写 text 或 title")
        return self


class ItemList(Model):
    """``{items: [...]}``: a numbered list of items (body paragraphs led by their number)."""

    model_config = ConfigDict(populate_by_name=True)

    items: list[Item] = Field(min_length=1, description="各项")
    numbering: NumberingStyle | None = Field(
        default=None, description=f"{_NUMBERING_HELP}；不填时随所在小节的下级序号"
    )
    continue_: bool = Field(
        default=False, alias="continue", description="接着前一个同样式列表的序号编（如 1.…38. 跨节连续）"
    )
    punctuation: Punctuation | None = Field(
        default=None,
        description="句末标点：“；”各项以分号结尾、末项以句号结尾，“。”各项以句号结尾，\"\" 照写；"
        "不填时手写各项照写",
    )


class TableEntry(Model):
    """``{table: {...}}``: a table among the blocks."""

    table: Table


class IncludeEntry(Model):
    """``{include: zones | matters | workflow}``: a generated part of a work scheme."""

    model_config = ConfigDict(populate_by_name=True)

    include: GeneratedPart = Field(
        description="zones 责任区划分，matters 督导事项，workflow 视导流程"
    )
    layout: Literal["table", "paragraphs"] = Field(
        default="table", description="责任区的排法：table 表格，paragraphs 逐区成段"
    )
    total: bool = Field(default=True, description="责任区划分表是否带“合计”行")
    numbering: NumberingStyle | None = Field(
        default=None, description=f"督导事项、视导流程的{_NUMBERING_HELP}；不填时随所在位置"
    )
    continue_: bool = Field(default=False, alias="continue", description="接着前一个同样式列表的序号编")
    punctuation: Punctuation = Field(default="；", description="各项句末标点：“；”“。”或 \"\"")

    @model_validator(mode="after")
    def _options_fit(self) -> IncludeEntry:
        fields = self.model_fields_set
        if self.include == "zones" and fields & {"numbering", "continue_", "punctuation"}:
            raise ValueError("numbering、continue、punctuation 只用于 include: matters 或 workflow")
        if self.include != "zones" and fields & {"layout", "total"}:
            raise ValueError("layout、total 只用于 include: zones")
        return self


def _block_tag(value: Any) -> str | None:
    if isinstance(value, str):
        return "(text)"
    if isinstance(value, dict):
        return next((f"({key})" for key in ("items", "table", "include") if key in value), None)
    kinds = {ItemList: "(items)", TableEntry: "(table)", IncludeEntry: "(include)"}
    return kinds.get(type(value))


def _body_tag(value: Any) -> str | None:
    return "(text)" if isinstance(value, str) else "(blocks)" if isinstance(value, list) else None


BLOCK_ERROR = (
    "应为一段文字，或以下之一：{items: [...]} 编号各项，{table: {...}} 表格，"
    "{include: zones | matters | workflow} 生成的内容"
)
BODY_ERROR = "应为文字，或由文字、{items: [...]}、{table: {...}}、{include: ...} 组成的列表"

# Tags are in parentheses so that error locations drop them (sections[0].text[2].items[0]).
BodyBlock = Annotated[
    Annotated[str, Tag("(text)")]
    | Annotated[ItemList, Tag("(items)")]
    | Annotated[TableEntry, Tag("(table)")]
    | Annotated[IncludeEntry, Tag("(include)")],
    Discriminator(_block_tag, custom_error_type="body_block", custom_error_message=BLOCK_ERROR),
]
"""One block of a body: paragraphs (a string), an item list, a table or a generated part."""

Body = Annotated[
    Annotated[str, Tag("(text)")] | Annotated[list[BodyBlock], Tag("(blocks)")],
    Discriminator(_body_tag, custom_error_type="body", custom_error_message=BODY_ERROR),
]
"""A body: a string of paragraphs (blank lines between them, ``**bold**``) or a list of blocks."""

