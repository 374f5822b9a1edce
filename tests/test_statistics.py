"""Summary statistics computed from records."""

from __future__ import annotations

from datetime import date

import pytest

from _records import district, finding, record
from gongwen.derive.statistics import compute_statistics, months, percent
from gongwen.models.dates import DateRange

SAFETY, COURSES = "校园及周边安全", "课程开设和课堂教学"
TODAY = date(2026, 11, 22)


def sample() -> list[dict]:
    return [
        # two inspectors logging the same visit separately: one visit
        record("2026-09-08", "测试区实验小学", {"matter": SAFETY, "findings": [
            finding("灭火器过期", "2026-09-20", "已整改"), finding("监控损坏", "2026-10-01")]}),
        record("2026-09-08", "测试区实验小学", {"matter": SAFETY, "findings": [
            finding("灭火器过期", "2026-09-20", "已整改")]}, inspectors="李秀兰"),
        record("2026-10-09", "测试区实验小学", inspectors=["王建国", "陈志强"]),
        record("2026-10-10", "测试区第一中学", {"matter": COURSES, "findings": [
            finding("课表不一致", "2026-12-01", "整改中")]}),
        record("2026-11-03", "测试区阳光幼儿园", inspectors="赵明"),
    ]


def test_percent_and_months() -> None:
    assert percent(1, 3) == 33.3
    assert percent(5, 0) == 0.0
    assert months(DateRange.model_validate("2026-11-15..2027-02-01")) == [
        (2026, 11), (2026, 12), (2027, 1), (2027, 2)]


def test_visits_and_coverage() -> None:
    stats = compute_statistics(district(sample()), TODAY)
    assert (stats.visits, stats.records, stats.inspector_visits) == (4, 5, 6)
    assert (stats.schools_covered, stats.schools_total, stats.coverage) == (3, 5, 60.0)
    assert stats.uncovered == ("测试区东风路小学", "测试区第二中学")


def test_visits_per_zone_and_month() -> None:
    stats = compute_statistics(district(sample()), TODAY)
    assert stats.months == ("2026年9月", "2026年10月", "2026年11月", "2026年12月", "2027年1月")
    first, second = stats.zones
    assert (first.zone, first.visits, first.by_month) == ("第一责任区", 3, (1, 2, 0, 0, 0))
    assert (first.schools_covered, first.schools_total, first.coverage) == (2, 3, 66.7)
    assert (second.visits, second.by_month, second.coverage) == (1, (0, 0, 1, 0, 0), 50.0)
    assert stats.visits_by_month == (1, 2, 1, 0, 0)


def test_problems_by_matter_and_rectification_rate() -> None:
    stats = compute_statistics(district(sample()), TODAY)
    by_matter = {m.matter: (m.found, m.rectified) for m in stats.matters if m.found}
    assert by_matter == {COURSES: (1, 0), SAFETY: (2, 1)}
    assert len(stats.matters) == 8  # the whole catalogue, for a complete table
    assert (stats.problems, stats.rectified, stats.in_progress) == (3, 1, 1)
    assert stats.rectification_rate == 33.3
    assert [(o.item.problem, o.days_overdue) for o in stats.overdue] == [("监控损坏", 52)]


def test_zone_and_period_filters() -> None:
    data = district(sample())
    zone = compute_statistics(data, TODAY, zone="第二责任区")
    assert (zone.visits, zone.schools_total, zone.problems) == (1, 2, 0)
    september = compute_statistics(data, TODAY, DateRange.model_validate("2026-09"))
    assert (september.visits, september.problems, september.months) == (1, 2, ("2026年9月",))


def test_empty_records() -> None:
    stats = compute_statistics(district(), TODAY)
    figures = (stats.visits, stats.coverage, stats.rectification_rate, stats.overdue)
    assert figures == (0, 0.0, 0.0, ())


def test_figures_are_as_of_today() -> None:
    stats = compute_statistics(district(sample()), date(2026, 10, 1))
    assert (stats.visits, stats.problems) == (1, 2)  # only the September visit had happened
    assert stats.schools_covered == 1


def test_a_school_in_two_zones_is_refused() -> None:
    zones = [{"name": "甲", "leader": "王建国", "schools": ["测试区实验小学"]},
             {"name": "乙", "leader": "张海燕", "schools": ["测试区实验小学"]}]
    with pytest.raises(ValueError, match="同时列在“甲”和“乙”"):
        district(zones=zones)
