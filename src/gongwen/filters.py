"""Chinese formatting helpers, exposed to templates as Jinja filters."""

from __future__ import annotations

from datetime import date

_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """Chinese numeral for 0 ≤ n < 10000 as used in headings: 3→三, 10→十, 21→二十一."""
    n = int(n)
    if not 0 <= n < 10000:
        raise ValueError(f"{n} 超出可转换范围（0–9999）")
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    text = ""
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            if zero and text:
                text += "零"
            text += _DIGITS[digit] + unit
            zero = False
        elif text:
            zero = True
    return text


def cn_date(day: date) -> str:
    """成文日期 form: 2024年2月19日 — Arabic numerals, full year, no zero padding."""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_month(month: int | date) -> str:
    """Month name as in a 行事历: 1→一月, 12→十二月."""
    number = month.month if isinstance(month, date) else int(month)
    if not 1 <= number <= 12:
        raise ValueError(f"月份 {number} 不在 1–12 之间")
    return cn_number(number) + "月"


def academic_year(start_year: int | date, half: str | None = None) -> str:
    """学年度: 2020 → 2020—2021学年度; with half "上"/"下" → 2020—2021学年度（上学期）.

    A date gives the school year it falls in (September starts a new one).
    """
    if isinstance(start_year, date):
        start_year = start_year.year if start_year.month >= 9 else start_year.year - 1
    text = f"{start_year}—{start_year + 1}学年度"
    if half:
        text += f"（{half.rstrip('学期')}学期）"
    return text


FILTERS = {
    "cn_number": cn_number,
    "cn_date": cn_date,
    "cn_month": cn_month,
    "academic_year": academic_year,
}
"""The filters every template environment gets."""
