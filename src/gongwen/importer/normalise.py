"""Normalisations the national standards want, each one recorded (line, before, after):

- half-width ``, : ; ? ! ( )`` next to Chinese text → full-width (GB/T 15834-2011);
- ``--`` → ``——``;
- a cited document number's year in ``[ ]``, ``【 】`` or ``( )`` → ``〔 〕`` (GB/T 9704 §7.2.5);
- in the 发文字号 field: ``〔〕``, no leading zeros, no 第; in dates: ``2024年2月19日``.

``--keep`` switches all of them off.
"""

from __future__ import annotations

import re
from datetime import date

from .labels import cn_value
from .report import Change

CJK = "\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’…—·"
_IS_CJK = re.compile(f"[{CJK}]")
_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_DASHES = re.compile(r"(?<!-)--(?!-)")
_CITED_NUMBER = re.compile(
    r"(?P<org>[\u4e00-\u9fff]{1,15}?)(?P<open>[\[【［(（])\s*(?P<year>\d{4})\s*(?P<close>[\]】］)）])"
    r"(?=\s*第?\s*\d{1,4}\s*号)"
)
PUNCTUATION_RULE = "半角标点改全角"
DASH_RULE = "“--”改“——”"
NUMBER_RULE = "文号年份改六角括号〔〕"


def _cjk(char: str) -> bool:
    return bool(char) and bool(_IS_CJK.match(char))


def _paren_pairs(text: str) -> dict[int, int]:
    """Positions of matching half-width parentheses: opening → closing."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for index, char in enumerate(text):
        if char == "(":
            stack.append(index)
        elif char == ")" and stack:
            pairs[stack.pop()] = index
    return pairs


def full_width(text: str) -> str:
    """``text`` with half-width punctuation next to Chinese text made full-width."""
    chars = list(text)
    pairs = _paren_pairs(text)
    closing = {close: open_ for open_, close in pairs.items()}
    for index, char in enumerate(text):
        if char not in "()":
            continue
        if index in pairs or index in closing:
            start, end = (index, pairs[index]) if index in pairs else (closing[index], index)
            inside = text[start + 1:end]
            convert = (
                _cjk(text[start - 1] if start else "")
                or _cjk(text[end + 1] if end + 1 < len(text) else "")
                or bool(_IS_CJK.search(inside))
            )
        else:
            convert = _cjk(text[index - 1] if index else "") or _cjk(text[index + 1:index + 2])
        if convert:
            chars[index] = _FULL[char]
    for index, char in enumerate(chars):
        if char not in ",:;?!":
            continue
        before = chars[index - 1] if index else ""
        after = chars[index + 1] if index + 1 < len(chars) else ""
        if char in ",:" and before.isdigit() and after.isdigit():
            continue  # 1,000 and 10:30
        if _cjk(before) or _cjk(after):
            chars[index] = _FULL[char]
    return "".join(chars)


def _diff(before: str, after: str, line: int | None, rule: str) -> list[Change]:
    """Character-by-character changes between two texts of the same length."""
    return [Change(line, a, b, rule) for a, b in zip(before, after, strict=True) if a != b]


def normalise_text(text: str, line: int | None) -> tuple[str, list[Change]]:
    """Normalise one line of body text; return it with the changes made."""
    changes: list[Change] = []
    dashed = _DASHES.sub("——", text)
    if dashed != text:
        changes += [Change(line, "--", "——", DASH_RULE)] * len(_DASHES.findall(text))
    numbered = _CITED_NUMBER.sub(lambda m: f"{m['org']}〔{m['year']}〕", dashed)
    for match in _CITED_NUMBER.finditer(dashed):
        if (match["open"], match["close"]) != ("〔", "〕"):
            changes.append(Change(line, f"{match['open']}{match['year']}{match['close']}",
                                  f"〔{match['year']}〕", NUMBER_RULE))
    punctuated = full_width(numbered)
    changes += _diff(numbered, punctuated, line, PUNCTUATION_RULE)
    return punctuated, changes


_NUMBER_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "【": "〔", "】": "〕", "(": "〔", ")": "〕",
                                   "（": "〔", "）": "〕", "［": "〔", "］": "〕"})
DOC_NUMBER = re.compile(
    r"^(?P<org>[^\s〔\[【(（［]{1,20}?)\s*[〔\[【(（［]\s*(?P<year>\d{4})\s*[〕\]】)）］]\s*"
    r"(?P<di>第?)\s*(?P<seq>\d{1,5})\s*号"
)


def normalise_number(text: str, line: int | None) -> tuple[str, list[Change]]:
    """A 发文字号 in the national form: 〔2024〕, no leading zeros, no 第."""
    match = DOC_NUMBER.match(text)
    if not match:
        return text, []
    seq = str(int(match["seq"]))
    fixed = f"{match['org']}〔{match['year']}〕{seq}号"
    return fixed, [] if fixed == match.group() else [Change(line, match.group(), fixed, "发文字号规范写法")]


_CN_YEAR = dict(zip("〇○零一二三四五六七八九", "000123456789", strict=True))
DATE = re.compile(
    r"^(?P<year>\d{4}|[〇○零一二三四五六七八九]{4})\s*(?:年\s*(?P<month>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"\s*(?P<day>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
    r"|[.．/\-－]\s*(?P<m2>\d{1,2})\s*[.．/\-－]\s*(?P<d2>\d{1,2})\s*日?)$"
)


def parse_date(text: str) -> date | None:
    """A date written alone on its line (2024年2月19日, 二〇二四年二月十九日, 2024.2.19), or None."""
    match = DATE.match(text.strip())
    if not match:
        return None
    year = match["year"]
    year_value = int("".join(_CN_YEAR[c] for c in year)) if not year.isdigit() else int(year)
    month_text, day_text = match["month"] or match["m2"], match["day"] or match["d2"]
    month = int(month_text) if month_text.isdigit() else cn_value(month_text)
    day = int(day_text) if day_text.isdigit() else cn_value(day_text)
    try:
        return date(year_value, month or 0, day or 0)
    except ValueError:
        return None


def date_text(value: date) -> str:
    """成文日期 form: 2024年2月19日."""
    return f"{value.year}年{value.month}月{value.day}日"
