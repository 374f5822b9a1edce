"""The visit schedule generator and checker: each rule, infeasibility and determinism."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from gongwen.derive.schedule import (
    RULE_INSPECTOR,
    RULE_NAMES,
    RULE_PER_DAY,
    RULE_SCHOOL,
    RULE_TERM,
    RULE_WEEK,
    RULE_WORKDAY,
    assign_schools,
    calendar_for,
    check_schedule,
    generate_schedule,
    month_windows,
    week_of,
)
from gongwen.errors import DataError
from gongwen.loaders import validate
from gongwen.models.schedule import Visit, VisitSchedule
from schedule_factory import SPRING_2026, make_schedule

TERM_WITH_CLOSURES = {
    **SPRING_2026,
    "start": "2026-02-28",
    "end": "2026-07-03",
    "exams": [{"name": "期末考试", "start": "2026-06-22", "end": "2026-06-26"}],
    "blackouts": [{"name": "高考", "start": "2026-06-07", "end": "2026-06-10"}, "2026-04-17"],
}


@pytest.fixture(scope="module")
def generated() -> VisitSchedule:
    data = make_schedule(zones=3, inspectors=3, schools=17, term=TERM_WITH_CLOSURES)
    return generate_schedule(data)


def rules_broken(schedule: VisitSchedule) -> set[str]:
    return {v.rule for v in check_schedule(schedule)}


def with_visits(schedule: VisitSchedule, visits: list[Visit]) -> VisitSchedule:
    return schedule.model_copy(update={"visits": visits})


def test_generated_schedule_breaks_no_rule(generated: VisitSchedule) -> None:
    assert check_schedule(generated) == []


def test_deterministic() -> None:
    data = make_schedule(zones=3, inspectors=3, schools=17, term=TERM_WITH_CLOSURES)
    first, second = generate_schedule(data), generate_schedule(data.model_copy(deep=True))
    assert first.visits == second.visits
    assert first.model_dump(mode="json") == generate_schedule(
        VisitSchedule.model_validate(data.model_dump(mode="json"))
    ).model_dump(mode="json")


def test_every_school_every_scheduled_month(generated: VisitSchedule) -> None:
    windows = month_windows(generated, calendar_for(generated))
    visited = {(v.school, v.date.year, v.date.month) for v in generated.visits}
    for window in (w for w in windows if w.scheduled):
        for zone in generated.zones:
            for school in zone.schools:
                assert (school.name, window.year, window.month) in visited


def test_fringe_months_are_not_scheduled(generated: VisitSchedule) -> None:
    windows = month_windows(generated, calendar_for(generated))
    fringe = {(w.year, w.month): len(w.days) for w in windows if not w.scheduled}
    assert fringe == {(2026, 2): 1, (2026, 7): 3}  # 2月28日 is a 调休 Saturday
    assert {v.date.month for v in generated.visits} == {3, 4, 5, 6}


def test_every_inspector_four_days_and_two_schools_a_day_at_most(generated: VisitSchedule) -> None:
    days: dict[tuple[str, int], set[date]] = defaultdict(set)
    per_day = Counter((v.inspectors[0], v.date) for v in generated.visits)
    for visit in generated.visits:
        days[visit.inspectors[0], visit.date.month].add(visit.date)
    assert len(days) == 3 * 4 * 4  # 3 zones × 4 members × 4 months
    assert min(len(d) for d in days.values()) >= 4
    assert max(per_day.values()) <= 2


def test_only_working_days_in_term_outside_closures(generated: VisitSchedule) -> None:
    calendar = calendar_for(generated)
    for visit in generated.visits:
        assert calendar.is_workday(visit.date)
        assert generated.term.closed(visit.date) is None
    assert not any(date(2026, 6, 7) <= v.date <= date(2026, 6, 10) for v in generated.visits)
    assert date(2026, 4, 17) not in {v.date for v in generated.visits}


def test_make_up_saturday_may_be_used() -> None:
    term = {"name": "2026年5月", "start": "2026-05-06", "end": "2026-05-12"}
    schedule = generate_schedule(make_schedule(zones=1, inspectors=0, schools=5, term=term))
    assert date(2026, 5, 9) in {v.date for v in schedule.visits}  # Saturday, 调休上班


def test_no_school_twice_a_week_and_visits_spread(generated: VisitSchedule) -> None:
    weeks = Counter((v.school, week_of(v.date)) for v in generated.visits)
    assert max(weeks.values()) == 1
    for name in {v.inspectors[0] for v in generated.visits}:
        march = sorted({v.date for v in generated.visits if v.inspectors[0] == name
                        and v.date.month == 3})
        assert (march[-1] - march[0]).days >= 14
        assert len({week_of(d) for d in march}) == len(march)


def test_load_balanced_within_a_zone(generated: VisitSchedule) -> None:
    for zone in generated.zones:
        loads = [len(s) for s in assign_schools(zone).values()]
        assert max(loads) - min(loads) <= 1
        visits = Counter(v.inspectors[0] for v in generated.visits if v.zone == zone.name)
        assert max(visits.values()) - min(visits.values()) <= 4  # at most one school a month


def test_few_schools_means_repeat_visits_in_other_weeks() -> None:
    schedule = generate_schedule(make_schedule(zones=1, inspectors=1, schools=3))
    assert check_schedule(schedule) == []
    march = [v for v in schedule.visits if v.date.month == 3]
    assert len(march) == 8  # two members × four days, one school a day
    assert max(Counter((v.school, week_of(v.date)) for v in march).values()) == 1


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"zones": 1, "inspectors": 0, "schools": 50},
         ["第1责任区 2026年3月", "1 名督学分担 50 所学校", "只能安排 44 所次", "差 6 所次"]),
        ({"zones": 1, "inspectors": 4, "schools": 3},
         ["第1责任区", "5 名督学只有 3 所学校", "督学督学1-3、督学1-4分不到学校"]),
    ],
)
def test_infeasible_input_is_explained(overrides: dict[str, int], expected: list[str]) -> None:
    schedule = make_schedule(**overrides)
    with pytest.raises(DataError) as caught:
        generate_schedule(schedule, source="schedule.yaml")
    message = str(caught.value)
    for text in expected:
        assert text in message


def test_too_few_working_days_names_zone_month_rule_and_shortfall() -> None:
    term = {**SPRING_2026, "blackouts": ["2026-04-01 至 2026-04-23"]}  # leaves five days
    rules = {"inspector_days_per_month": 6}
    with pytest.raises(DataError) as caught:
        generate_schedule(make_schedule(zones=2, schools=4, term=term, rules=rules))
    problems = caught.value.problems
    assert [p.location for p in problems] == ["第1责任区 2026年4月", "第2责任区 2026年4月"]
    assert problems[0].message == (
        "可安排视导的工作日只有 5 天，达不到“每名督学每月视导天数至少 6 天”，差 1 天"
    )


def test_fringe_month_counts_when_the_rule_says_so() -> None:
    term = {**SPRING_2026, "start": "2026-02-28"}
    with pytest.raises(DataError, match=r"2026年2月.*只有 1 天.*差 3 天"):
        generate_schedule(make_schedule(zones=1, term=term, rules={"min_month_workdays": 1}))


def test_stricter_rules_are_followed() -> None:
    rules = {"school_visits_per_month": 2, "schools_per_day": 1, "inspector_days_per_month": 5}
    schedule = generate_schedule(make_schedule(zones=1, inspectors=2, schools=7, rules=rules))
    assert check_schedule(schedule) == []
    per_school = Counter((v.school, v.date.month) for v in schedule.visits)
    assert min(per_school.values()) == 2
    assert max(Counter((v.inspectors[0], v.date) for v in schedule.visits).values()) == 1


def test_uncovered_year_needs_a_holiday_file() -> None:
    term = {"name": "2026年秋季学期", "start": "2026-09-01", "end": "2027-01-22"}
    with pytest.raises(DataError, match="2027 年"):
        generate_schedule(make_schedule(term=term))
    holidays = [{"year": 2027, "holidays": ["2027-01-01 至 2027-01-03"]}]
    schedule = generate_schedule(make_schedule(term=term, holidays=holidays))
    assert check_schedule(schedule) == []
    assert max(v.date for v in schedule.visits) <= date(2027, 1, 22)


def test_holiday_file_named_in_the_data(tmp_path) -> None:
    (tmp_path / "holidays-2027.yaml").write_text(
        "year: 2027\nholidays:\n  - {name: 元旦, start: 2027-01-01, end: 2027-01-03}\n",
        encoding="utf-8",
    )
    data = make_schedule().model_dump(mode="json") | {"holidays": ["holidays-2027.yaml"]}
    schedule = validate(data, VisitSchedule, base_dir=tmp_path)  # the loader reads the file
    assert schedule.holidays[0].year == 2027
    (tmp_path / "bad.yaml").write_text("year: 2027\nholidays: [2027-13-01]\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"节假日文件 .*bad\.yaml 有误"):
        validate(data | {"holidays": ["bad.yaml"]}, VisitSchedule, base_dir=tmp_path)


@pytest.mark.parametrize("what", ["school", "inspector"])
def test_a_name_belongs_to_one_zone(what: str) -> None:
    data = make_schedule().model_dump(mode="json")
    if what == "school":
        data["zones"][1]["schools"].append(data["zones"][0]["schools"][0])
    else:
        data["zones"][1]["inspectors"].append(data["zones"][0]["leader"])
    with pytest.raises(ValidationError, match="同时列在“第1责任区”和“第2责任区”"):
        VisitSchedule.model_validate(data)


def test_checker_finds_each_broken_rule(generated: VisitSchedule) -> None:
    visits = list(generated.visits)
    first = visits[0]
    school_march = [v for v in visits if v.school == first.school and v.date.month == 3]
    person_april = [v for v in visits if v.inspectors == first.inspectors and v.date.month == 4]
    broken = [v for v in visits if v not in school_march[1:] + person_april]
    broken[0] = first.model_copy(update={"date": date(2026, 3, 8)})  # Sunday
    broken += [
        first.model_copy(update={"date": date(2026, 6, 8)}),  # 高考
        first.model_copy(update={"date": date(2026, 8, 3)}),  # after the term
        first.model_copy(update={"school": "长宁区不存在小学"}),
        first.model_copy(update={"school": visits[1].school, "date": first.date}),
        first.model_copy(update={"date": date(2026, 3, 3)}),  # same week as 3月2日
    ]
    found = check_schedule(with_visits(generated, broken))
    rules = Counter(v.rule for v in found)
    assert set(rules) == {RULE_WORKDAY, RULE_TERM, RULE_NAMES, RULE_PER_DAY, RULE_WEEK,
                          RULE_SCHOOL, RULE_INSPECTOR}
    assert rules[RULE_TERM] == 2
    assert next(v for v in found if v.rule == RULE_WORKDAY).visit == 0
    assert any(f"督学{first.inspectors[0]}2026年4月视导 0 天" in v.message for v in found)


def test_repeat_in_a_week_is_allowed_when_needed() -> None:
    term = {"name": "短学期", "start": "2026-03-02", "end": "2026-03-13"}  # two weeks
    schedule = make_schedule(zones=1, inspectors=0, schools=1, term=term)
    visits = [Visit(date=date(2026, 3, d), zone="第1责任区", school="长宁区第1-1小学",
                    inspectors=["组长1"]) for d in (2, 3, 9, 10)]
    assert RULE_WEEK not in rules_broken(with_visits(schedule, visits))
    assert RULE_WEEK in rules_broken(with_visits(schedule, visits[:2]))


@settings(max_examples=300, deadline=None)
@given(
    zones=st.integers(1, 4),
    inspectors=st.integers(0, 5),
    schools=st.integers(6, 20),
    start=st.dates(date(2026, 2, 1), date(2026, 9, 30)),
    weeks=st.integers(3, 20),
)
def test_generated_schedules_always_pass_the_checker(
    zones: int, inspectors: int, schools: int, start: date, weeks: int
) -> None:
    end = date.fromordinal(start.toordinal() + weeks * 7)
    end = min(end, date(2026, 12, 31))
    term = {"name": "学期", "start": start.isoformat(), "end": end.isoformat()}
    schedule = make_schedule(zones=zones, inspectors=inspectors, schools=schools, term=term)
    try:
        generated = generate_schedule(schedule)
    except DataError as exc:
        assert all("差" in p.message for p in exc.problems)
        return
    assert check_schedule(generated) == []
