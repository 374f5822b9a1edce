"""Numbering labels as offices type them (一、 （一） 1. 1、 （1） ① 一是 第一章 第一条 …), read.

A *style* is the label of number one, e.g. ``"（一）"`` or ``"第一条 "`` (a space typed after
the label belongs to the style), as in the body model; :func:`parse_label` reads the label
at the start of a line and :func:`rank` orders styles in an outline. Printing labels is
:func:`gongwen.derive.numbering.number_label`'s business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..derive.numbering import CIRCLED

CN_NUMERALS = "一二三四五六七八九十百零〇两"
_CN_VALUES = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_SPACE = "[ \u3000]*"


def cn_value(text: str) -> int | None:
    """The value of a Chinese numeral below 1000 (三 → 3, 十二 → 12, 二十 → 20, 一百零五 → 105)."""
    if not text or any(c not in _CN_VALUES and c not in "十百" for c in text):
        return None
    total, digit = 0, None
    for char in text:
        if char in "十百":
            total += (1 if digit is None else digit) * (10 if char == "十" else 100)
            digit = None
        else:
            digit = _CN_VALUES[char]
    return total + (digit or 0)


@dataclass(frozen=True)
class Label:
    """A numbering label read at the start of a line."""

    style: str  # the label of number one in this style: "（一）", "1.", "第一条 "
    number: int
    text: str  # the line after the label
    source: str  # the label as written


def _arabic(match: re.Match[str]) -> int:
    return int(match["n"])


def _chinese(match: re.Match[str]) -> int | None:
    return cn_value(match["n"])


_PATTERNS: tuple[tuple[re.Pattern[str], str, object], ...] = (
    (re.compile(f"^(?P<pre>第)(?P<n>[{CN_NUMERALS}]+)(?P<post>[章节条款编]{_SPACE})"), "一", _chinese),
    (re.compile(f"^(?P<pre>第)(?P<n>\\d{{1,3}})(?P<post>[章节条款编]{_SPACE})"), "1", _arabic),
    (re.compile(f"^(?P<pre>)(?P<n>[{CN_NUMERALS}]+)(?P<post>[、．.]{_SPACE})"), "一", _chinese),
    (re.compile(f"^(?P<pre>[（(])(?P<n>[{CN_NUMERALS}]+)(?P<post>[）)]{_SPACE})"), "一", _chinese),
    (re.compile(f"^(?P<pre>[（(])(?P<n>\\d{{1,3}})(?P<post>[）)]{_SPACE})"), "1", _arabic),
    (re.compile(f"^(?P<pre>)(?P<n>\\d{{1,3}})(?P<post>(?:[.．、]|[）)])(?![\\d.．]){_SPACE})"), "1", _arabic),
    (re.compile(f"^(?P<pre>)(?P<n>[{CIRCLED}])(?P<post>{_SPACE})"), CIRCLED[0],
     lambda m: CIRCLED.index(m["n"]) + 1),
    (re.compile(f"^(?P<pre>)(?P<n>[{CN_NUMERALS}]{{1,3}})(?P<post>是)"), "一", _chinese),
)


def parse_label(line: str) -> Label | None:
    """The numbering label at the start of ``line`` with the text after it, or None."""
    for pattern, sample, value in _PATTERNS:
        match = pattern.match(line)
        if not match:
            continue
        number = value(match)  # type: ignore[operator]
        rest = line[match.end():]
        if number is None or number < 1 or not rest.strip():
            continue
        style = f"{match['pre']}{sample}{match['post']}"
        return Label(style, number, rest, line[: match.end()])
    return None


def rank(style: str) -> float:
    """How high a style stands in an outline: 第一章 0, 一、 1, （一） 2, 1. 3, （1） 4, ① 5.

    Lower is higher; a style whose rank is lower than the open one closes it.
    """
    core = style.strip(" \u3000")
    if core.startswith("第"):
        return {"编": -1.0, "章": 0.0, "节": 0.5, "条": 1.5, "款": 2.5}[core[-1]]
    if core.endswith("是"):
        return 3.5
    if core[0] in CIRCLED:
        return 5.0
    if core[0] in "（(":
        return 2.0 if "一" in core else 4.0
    if core[0] == "一":
        return 1.0
    return 4.5 if core[-1] in "）)" else 3.0
