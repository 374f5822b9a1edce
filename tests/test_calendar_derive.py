"""行事历: recurring items, the 一月一主题 rotation, seasonal specials and explicit months."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from gongwen.derive.calendar import calendar_months, monthly_themes, theme_item
from gongwen.models.calendar import TaskCalendar
from gongwen.models.matters import EIGHT_MATTERS, NINE_MATTERS


def make_calendar(**fields: Any) -> TaskCalendar:
    data = {"title": "2026年督导工作行事历", "issuer": "长宁区教育督导室", "date": "2026年1月5日",
            "year": 2026, **fields}
    return TaskCalendar.model_validate(data)


def test_twelve_months_with_recurring_items_around_the_rest() -> None:
    months = calendar_months(make_calendar())
    assert [m.name for m in months][:3] == ["一月", "二月", "三月"]
    assert months[-1].name == "十二月"
    for month in months:
        assert month.items[:3] == ["上月总结及本月安排", "政治学习和业务学习", "上报督导信息"]
        assert month.items[-1] == "完成上级安排的其他工作"


@pytest.mark.parametrize("matters", ["八项", "九项"])
@pytest.mark.parametrize("term_months", [[3, 4, 5, 6], [2, 3, 4, 5, 6, 7], [9, 10, 11, 12, 1]])
def test_each_matter_comes_at_least_once_per_term(matters: str, term_months: list[int]) -> None:
    calendar = make_calendar(matters=matters, terms=[
        {"name": "春季学期", "months": term_months}, {"name": "秋季学期", "months": [9, 10, 11]}
    ])
    catalogue = set(EIGHT_MATTERS if matters == "八项" else NINE_MATTERS)
    themes = monthly_themes(calendar)
    for term in calendar.terms:
        covered = {name for month in term.months for name in themes[month]}
        assert catalogue <= covered
        assert all(themes[month] for month in term.months)  # every term month has a theme


def test_themes_stay_in_term_months() -> None:
    themes = monthly_themes(make_calendar())
    assert sorted(themes) == [3, 4, 5, 6, 9, 10, 11, 12]
    months = calendar_months(make_calendar())
    assert not any("主题督导" in item for item in months[7].items)  # 八月


def test_short_catalogue_cycles_through_the_months() -> None:
    calendar = make_calendar(matters=["甲", "乙", "丙"], terms=[
        {"name": "春季学期", "months": [3, 4, 5, 6]}, {"name": "秋季学期", "months": [9, 10]}
    ])
    themes = monthly_themes(calendar)
    spring = [themes[m] for m in (3, 4, 5, 6)]
    assert spring == [["甲"], ["乙"], ["丙"], ["甲"]]
    assert [themes[9], themes[10]] == [["乙"], ["丙", "甲"]]  # the cycle goes on


def test_seasonal_specials_by_month() -> None:
    months = {m.month: m.items for m in calendar_months(make_calendar())}
    assert "开展寒假安全专项督导" in months[1]
    assert "开展防溺水安全专项督导" in months[5]
    assert "开展暑假安全专项督导" in months[7]
    assert "开展消防安全专项督导" in months[11]
    assert not any("防溺水" in item for item in months[10])


def test_edited_specials_replace_the_default_catalogue() -> None:
    calendar = make_calendar(specials=[{"name": "防范电信诈骗", "months": ["三月", "9月"]}])
    months = {m.month: m.items for m in calendar_months(calendar)}
    assert "开展防范电信诈骗专项督导" in months[3]
    assert "开展防范电信诈骗专项督导" in months[9]
    assert not any("防溺水" in item for items in months.values() for item in items)


def test_explicit_month_items_win() -> None:
    calendar = make_calendar(months={
        "九月": {"extra": ["迎接市级督导评估"]},
        "10月": {"themes": ["校园及周边安全和学生交通安全"], "specials": []},
        12: {"items": ["年度工作总结", "完成上级安排的其他工作"]},
    })
    months = {m.month: m.items for m in calendar_months(calendar)}
    assert months[9][-2:] == ["迎接市级督导评估", "完成上级安排的其他工作"]
    themes_october = [item for item in months[10] if "主题督导" in item]
    assert themes_october == [theme_item("校园及周边安全和学生交通安全")]
    assert months[12] == ["年度工作总结", "完成上级安排的其他工作"]


def test_edited_recurring_items() -> None:
    calendar = make_calendar(recurring=["召开督学例会"], closing=[])
    first = calendar_months(calendar)[0]
    assert first.items == ["召开督学例会", "开展寒假安全专项督导"]


@pytest.mark.parametrize("key", ["十三月", "0", "月"])
def test_bad_month_keys_are_rejected(key: str) -> None:
    with pytest.raises(ValidationError):
        make_calendar(months={key: {"extra": ["x"]}})
