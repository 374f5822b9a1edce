"""Chinese numerals, dates, months and academic years."""

from __future__ import annotations

from datetime import date

import pytest

from gongwen.filters import academic_year, cn_date, cn_month, cn_number


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "一"), (3, "三"), (10, "十"), (15, "十五"), (20, "二十"), (38, "三十八"), (100, "一百"),
     (105, "一百零五"), (110, "一百一十"), (2024, "二千零二十四")],
)
def test_cn_number(n: int, text: str) -> None:
    assert cn_number(n) == text


def test_cn_date_is_never_zero_padded() -> None:
    assert cn_date(date(2024, 2, 9)) == "2024年2月9日"
    assert cn_date(date(2024, 12, 19)) == "2024年12月19日"


def test_months_and_academic_years() -> None:
    assert [cn_month(m) for m in (1, 10, 11, 12)] == ["一月", "十月", "十一月", "十二月"]
    assert academic_year(2020) == "2020—2021学年度"
    assert academic_year(2020, "上") == "2020—2021学年度（上学期）"
    assert academic_year(date(2021, 3, 1), "下学期") == "2020—2021学年度（下学期）"
    assert academic_year(date(2021, 9, 1)) == "2021—2022学年度"
