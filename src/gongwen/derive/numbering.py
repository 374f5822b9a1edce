"""Numbering styles (“一、” “（一）” “1.” “（1）” “①” “一是” “第一章” “第一条” …).

A style is one numeral sample (1, 一 or ①) between a literal prefix and suffix; "" means
unnumbered. From it follow the label of the n-th number, the typographic level (which of
the four heading styles a heading uses) and the default style one level down.
"""

from __future__ import annotations

from ..filters import cn_number
from ..models.body import NUMERAL_SAMPLES

LEVEL_STYLES: tuple[str, ...] = ("一、", "（一）", "1.", "（1）")
"""Heading numbering by level, as GB/T 9704-2012 §7.3.3 lists them."""

CN_LIMIT = 10000
"""First number Chinese numerals (一、二 …) are not written for (cn_number stops at 9999)."""
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_OPENING_BRACKETS = ("（", "(", "〔", "[", "【")
_CHAPTER_UNITS = ("章", "编", "部分")


class NumberingOverflow(ValueError):
    """A number the style cannot write (circled numerals stop at ⑳)."""


def split_style(style: str) -> tuple[str, str, str]:
    """“（一）” → ("（", "一", "）"): prefix, numeral sample, suffix."""
    for index, char in enumerate(style):
        if char in NUMERAL_SAMPLES:
            return style[:index], char, style[index + 1 :]
    raise ValueError(f"序号样式“{style}”没有序号样例（1、一 或 ①）")


def number_label(style: str, n: int) -> str:
    """The label of the n-th number in a style: ("（一）", 2) → "（二）", ("第一条", 12) → "第十二条"."""
    if style == "":
        return ""
    prefix, sample, suffix = split_style(style)
    if sample == "1":
        numeral = str(n)
    elif sample == "一":
        if n >= CN_LIMIT:
            last = cn_number(CN_LIMIT - 1)
            raise NumberingOverflow(f"汉字序号只能编到{last}，这里是第 {n} 项；请改用“1.”或拆分")
        numeral = cn_number(n)
    elif n <= len(CIRCLED):
        numeral = CIRCLED[n - 1]
    else:
        raise NumberingOverflow(f"圈码序号只能编到⑳，这里是第 {n} 项；请改用“（1）”或“1.”")
    return prefix + numeral + suffix


def _ordinal_unit(style: str) -> str:
    """章, 节, 条 … of a 第X章 style; "" for other styles."""
    if style == "":
        return ""
    prefix, _, suffix = split_style(style)
    return suffix.strip() if prefix.strip().endswith("第") else ""


def is_chapter(style: str) -> bool:
    """第一章 / 第一编 / 第一部分: centred headings."""
    return _ordinal_unit(style).startswith(_CHAPTER_UNITS)


def is_article(style: str) -> bool:
    """第一条: articles, numbered on across the whole document."""
    return _ordinal_unit(style).startswith("条")


def style_level(style: str, depth: int) -> int:
    """The typographic level 1–4 of a style: 一、/第一章 → 1, （一）/第一节 → 2,
    1./1、/第一条 → 3, （1）/① → 4; unnumbered → its depth."""
    if style == "":
        return max(1, min(depth, 4))
    unit = _ordinal_unit(style)
    if unit:
        return 2 if unit.startswith("节") else 3 if unit.startswith(("条", "款", "项")) else 1
    prefix, sample, suffix = split_style(style)
    bracketed = prefix.strip().endswith(_OPENING_BRACKETS)
    if sample == "一":
        return 2 if bracketed else 3 if suffix.startswith("是") else 1
    if sample == "1":
        return 4 if bracketed else 3
    return 4


def child_style(style: str, depth: int, items: bool) -> str:
    """The default style one level down: of child headings, or (``items``) of item lists.

    一、 → （一） → 1. → （1）; chapters hold 第一节 headings and 第一条 articles; an article's
    items are （一）. The spacing after a 第X章 number carries over to its articles.
    """
    if is_chapter(style) or _ordinal_unit(style).startswith("节"):
        spacing = style[len(style.rstrip()) :]
        if items:
            return "第一条" + spacing
        if is_chapter(style):
            return "第一节" + spacing
    if is_article(style):
        return "（一）"
    return LEVEL_STYLES[min(style_level(style, depth), len(LEVEL_STYLES) - 1)]


def list_style_at_top(style: str) -> str:
    """Item lists outside any section take the top-level style (articles under chapters)."""
    unit = _ordinal_unit(style)
    return child_style(style, 0, items=True) if unit.startswith((*_CHAPTER_UNITS, "节")) else style
