"""Rectification follow-up: open items, overdue days and escalation levels."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from _records import district, finding, record
from gongwen.derive.rectification import (
    escalation_level,
    escalation_notices,
    open_items,
    rectification_by_school,
)
from gongwen.models.dates import DateRange
from gongwen.models.records import DEFAULT_ESCALATION, EscalationLevel

SAFETY = "校园及周边安全"
TODAY = date(2026, 11, 22)


def visit(day: str, school: str, *findings: dict, inspectors: str = "王建国") -> dict:
    matter = {"matter": SAFETY, "findings": list(findings)}
    return record(day, school, matter, inspectors=inspectors)


@pytest.mark.parametrize(("days", "name"), [
    (0, None), (1, "督办通知单"), (14, "督办通知单"), (15, "警示通知单"), (29, "警示通知单"),
    (30, "查办通知单"), (400, "查办通知单"),
])
def test_default_thresholds(days: int, name: str | None) -> None:
    level = escalation_level(days, DEFAULT_ESCALATION)
    assert (level.name if level else None) == name


def test_configured_thresholds() -> None:
    data = district([visit("2026-09-08", "测试区实验小学", finding("甲", "2026-11-12"))],
                    escalation=[{"name": "督办通知单", "color": "white", "days": 3},
                                {"name": "查办通知单", "color": "red", "days": 10}])
    (entry,) = open_items(data, TODAY)
    assert entry.days_overdue == 10
    assert entry.level is not None and entry.level.color == "red"


def test_thresholds_must_increase() -> None:
    with pytest.raises(ValidationError, match="逐级递增"):
        district(escalation=[{"name": "甲", "color": "white", "days": 15},
                             {"name": "乙", "color": "red", "days": 5}])
    with pytest.raises(ValidationError):
        EscalationLevel(name="甲", color="green", days=1)


def test_open_items_exclude_rectified_and_future_findings() -> None:
    data = district([
        visit("2026-09-08", "测试区实验小学", finding("甲", "2026-09-30", "已整改"),
              finding("乙", "2026-11-30", "整改中"), finding("丙")),
        visit("2026-11-25", "测试区实验小学", finding("丁", "2026-12-10")),
    ])
    entries = open_items(data, TODAY)
    assert [(e.item.problem, e.days_overdue, e.level) for e in entries] == [
        ("乙", 0, None), ("丙", 0, None)]


def test_a_later_record_closing_the_problem_closes_the_item() -> None:
    data = district([
        visit("2026-09-08", "测试区实验小学", finding("灭火器过期", "2026-09-20")),
        visit("2026-10-08", "测试区实验小学", finding("灭火器过期。", "2026-09-20", "已整改")),
    ])
    assert open_items(data, TODAY) == []


def test_schools_in_listing_order_items_by_deadline() -> None:
    data = district([
        visit("2026-09-10", "测试区阳光幼儿园", finding("甲", "2026-11-20"), inspectors="赵明"),
        visit("2026-09-08", "测试区第一中学", finding("乙"), finding("丙", "2026-10-20"),
              finding("丁", "2026-09-20")),
    ])
    schools = rectification_by_school(data, TODAY)
    assert [s.school for s in schools] == ["测试区第一中学", "测试区阳光幼儿园"]
    first = schools[0]
    assert [e.item.problem for e in first.items] == ["丁", "丙", "乙"]
    assert [e.days_overdue for e in first.items] == [63, 33, 0]
    assert [e.item.problem for e in first.overdue] == ["丁", "丙"]


def test_one_notice_per_school_and_level() -> None:
    data = district([
        visit("2026-09-08", "测试区第一中学", finding("甲", "2026-09-20"),
              finding("乙", "2026-10-01"), finding("丙", "2026-11-20")),
        visit("2026-09-08", "测试区实验小学", finding("丁", "2026-11-01")),
    ])
    notices = escalation_notices(rectification_by_school(data, TODAY), data.escalation)
    summary = [(n.school, n.level.name, [e.item.problem for e in n.items]) for n in notices]
    assert summary == [
        ("测试区实验小学", "警示通知单", ["丁"]),
        ("测试区第一中学", "督办通知单", ["丙"]),
        ("测试区第一中学", "查办通知单", ["甲", "乙"]),
    ]


def test_zone_and_period_filters() -> None:
    data = district([
        visit("2026-09-08", "测试区第一中学", finding("甲", "2026-09-20")),
        visit("2026-10-08", "测试区第二中学", finding("乙", "2026-10-20"), inspectors="赵明"),
    ])
    assert [e.item.problem for e in open_items(data, TODAY, zone="第二责任区")] == ["乙"]
    september = DateRange.model_validate("2026-09")
    assert [e.item.problem for e in open_items(data, TODAY, september)] == ["甲"]
