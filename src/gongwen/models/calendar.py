"""The monthly task calendar (行事历): recurring items, themes and seasonal supervisions."""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from .base import CnDate, Model
from .body import Body, NumberingStyle, Punctuation
from .common import Issuer
from .matters import Matters, matters_field
from .plan import OfficialDocument

MONTH_NAMES: tuple[str, ...] = (
    "一月", "二月", "三月", "四月", "五月", "六月",
    "七月", "八月", "九月", "十月", "十一月", "十二月",
)  # fmt: skip
"""一月…十二月, index 0 for January."""


def parse_month(value: Any) -> Any:
    """Accept 9, "9", "9月", "九月", "十二月" for a month number."""
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFKC", value).strip().removesuffix("份").removesuffix("月")
    if text.isdigit():
        return int(text)
    if f"{text}月" in MONTH_NAMES:
        return MONTH_NAMES.index(f"{text}月") + 1
    return value


Month = Annotated[int, BeforeValidator(parse_month), Field(ge=1, le=12)]
"""A month number 1–12; accepts “9月” and “九月”."""


class TermMonths(Model):
    """The months of one term, in which the regular matters rotate as monthly themes."""

    name: str = Field(min_length=1, description="学期，如“春季学期”")
    months: list[Month] = Field(min_length=1, description="学期内安排主题督导的月份（按先后顺序）")


class SpecialSupervision(Model):
    """A seasonal special supervision (专项督导) and the months it falls in."""

    name: str = Field(min_length=1, description="专项名称，如“防溺水”")
    months: list[Month] = Field(min_length=1, description="安排的月份")
    text: str | None = Field(default=None, description="行事历中的文字；默认“开展<名称>专项督导”")

    @property
    def item(self) -> str:
        """The line written into the calendar."""
        return self.text or f"开展{self.name}专项督导"


class MonthItems(Model):
    """What the data says explicitly about one month; it wins over generated items."""

    items: list[str] | None = Field(default=None, description="本月全部事项（整体替换生成的事项）")
    themes: list[str] | None = Field(
        default=None, description="本月主题督导的事项名称（替换轮换生成的主题）"
    )
    specials: list[str] | None = Field(default=None, description="本月专项督导（替换按季节生成的）")
    extra: list[str] = Field(default_factory=list, description="本月另加的事项")
    closing: list[str] | None = Field(
        default=None, description="本月排在最后的事项（替换全年统一的 closing）"
    )


DEFAULT_RECURRING: tuple[str, ...] = ("上月总结及本月安排", "政治学习和业务学习", "上报督导信息")
DEFAULT_CLOSING: tuple[str, ...] = ("完成上级安排的其他工作",)

DEFAULT_TERMS: tuple[TermMonths, ...] = (
    TermMonths(name="春季学期", months=[3, 4, 5, 6]),
    TermMonths(name="秋季学期", months=[9, 10, 11, 12]),
)

DEFAULT_SPECIALS: tuple[SpecialSupervision, ...] = (
    SpecialSupervision(name="寒假安全", months=[1]),
    SpecialSupervision(name="春季开学", months=[2, 3], text="开展春季开学工作专项督导"),
    SpecialSupervision(name="防溺水", months=[4, 5, 6, 7], text="开展防溺水安全专项督导"),
    SpecialSupervision(name="暑假安全", months=[7]),
    SpecialSupervision(name="秋季开学准备", months=[8], text="开展秋季开学准备工作专项督导"),
    SpecialSupervision(name="秋季开学", months=[9], text="开展秋季开学工作专项督导"),
    SpecialSupervision(name="消防安全", months=[11]),
    SpecialSupervision(
        name="冬季安全", months=[12], text="开展冬季安全（防火、防冻、防煤气中毒）专项督导"
    ),
)


class TaskCalendar(OfficialDocument):
    """Kind ``calendar``: a year of months 一月…十二月, each a numbered list of tasks."""

    kind: Literal["calendar"] = "calendar"
    issuer: Issuer | None = Field(  # type: ignore[assignment]
        default=None, description="发文机关（署名、红头、印章）；个人行事历可不填"
    )
    date: CnDate | None = Field(default=None, description="成文日期；不填则不排")  # type: ignore[assignment]
    year: int = Field(ge=2000, le=2100, description="年度")
    preamble: Body = Field(default="", description="开头（标题与月份之间）：文字或块列表")
    numbering: NumberingStyle = Field(default="1.", description="每月事项的序号样式，如“1.”“1、”“（1）”")
    punctuation: Punctuation = Field(
        default="；", description="事项句末：“；”各项分号、末项句号，“。”各项句号，\"\" 照写"
    )
    recurring: list[str] = Field(
        default_factory=lambda: list(DEFAULT_RECURRING), description="每月排在前面的固定事项"
    )
    closing: list[str] = Field(
        default_factory=lambda: list(DEFAULT_CLOSING), description="每月排在最后的固定事项"
    )
    matters: Matters = matters_field("九项", "经常性督导事项（一月一主题轮换），或预设“八项”“九项”")
    terms: list[TermMonths] = Field(
        default_factory=lambda: [t.model_copy() for t in DEFAULT_TERMS],
        description="各学期安排主题督导的月份",
    )
    specials: list[SpecialSupervision] = Field(
        default_factory=lambda: [s.model_copy() for s in DEFAULT_SPECIALS],
        description="季节性专项督导及其月份",
    )
    months: dict[Month, MonthItems] = Field(
        default_factory=dict, description="按月写明的事项，如 九月: {extra: [...]}"
    )
