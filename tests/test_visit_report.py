"""Records → one visit report per school: grouping, merging, filtering."""

from __future__ import annotations

from datetime import date

import pytest

from _records import district, finding, record
from gongwen.derive.visit_report import merge_items, merge_key, select, unique, visit_reports
from gongwen.models.dates import DateRange
from gongwen.models.records import Status

SAFETY, COURSES, MANAGEMENT = "校园及周边安全", "课程开设和课堂教学", "校务管理和制度执行"
SCHOOL = "测试区实验小学"


def test_merge_key_ignores_spacing_and_punctuation() -> None:
    assert merge_key("护学岗落实到位。") == merge_key(" 护学岗 落实到位")
    assert unique(["甲，乙", "甲, 乙。", "", "丙"]) == ["甲，乙", "丙"]


def test_one_report_per_visited_school_in_listing_order() -> None:
    data = district([
        record("2026-10-09", "测试区第二中学", inspectors="赵明"),
        record("2026-09-08", "测试区第一中学"),
        record("2026-09-09", "测试区第一中学"),
    ])
    reports = visit_reports(data)
    assert [r.school for r in reports] == ["测试区第一中学", "测试区第二中学"]
    assert reports[0].visits == 2
    assert (reports[1].zone, reports[1].leader) == ("第二责任区", "张海燕")


def test_matters_grouped_in_catalogue_order_with_duplicates_merged() -> None:
    data = district([
        record("2026-09-08", SCHOOL,
               {"matter": SAFETY, "highlights": ["护学岗落实到位。"]},
               {"matter": MANAGEMENT, "highlights": ["校务公开及时"]},
               inspectors=["王建国", "李秀兰"], methods=["巡视校园", "听取汇报"]),
        record("2026-09-08", SCHOOL,
               {"matter": SAFETY, "highlights": ["护学岗落实到位", "消防演练规范"]},
               inspectors=["陈志强", "王建国"], methods=["查阅资料"]),
    ])
    (report,) = visit_reports(data)
    assert [s.matter for s in report.sections] == [MANAGEMENT, SAFETY]
    assert report.sections[1].highlights == ("护学岗落实到位。", "消防演练规范")
    assert report.inspectors == ("王建国", "李秀兰", "陈志强")
    assert report.methods == ("听取汇报", "巡视校园", "查阅资料")
    assert report.visit_dates == (date(2026, 9, 8),)


def test_repeated_problem_is_one_item_with_earliest_deadline_and_latest_status() -> None:
    data = district([
        record("2026-09-08", SCHOOL, {"matter": SAFETY, "findings": [
            finding("灭火器压力不足", "2026-09-30", suggestion="建议月检")]}),
        record("2026-10-12", SCHOOL, {"matter": SAFETY, "findings": [
            finding("灭火器压力不足。", "2026-10-30", "整改中", suggestion="建议 月检"),
            finding("监控探头损坏", requirement="")]}, inspectors="李秀兰"),
    ])
    (report,) = visit_reports(data)
    (section,) = report.sections
    assert section.problems == ("灭火器压力不足", "监控探头损坏")
    assert section.suggestions == ("建议月检",)
    (item,) = report.requirements  # 监控探头损坏 has no requirement
    assert (item.deadline, item.status) == (date(2026, 9, 30), Status.IN_PROGRESS)
    assert item.found_on == date(2026, 9, 8)
    assert item.inspectors == ("王建国", "李秀兰")


def test_matter_with_only_problems_gets_a_section() -> None:
    data = district([record("2026-09-08", SCHOOL, {"matter": COURSES, "findings": ["课表不一致"]})])
    (section,) = visit_reports(data)[0].sections
    assert (section.matter, section.highlights, section.problems) == (COURSES, (), ("课表不一致",))


def test_period_and_zone_filters() -> None:
    data = district([
        record("2026-09-08", SCHOOL),
        record("2026-10-08", SCHOOL),
        record("2026-10-09", "测试区阳光幼儿园", inspectors="赵明"),
        record("2027-03-01", SCHOOL),  # outside the term: ignored by default
    ])
    assert [r.visits for r in visit_reports(data)] == [2, 1]
    october = DateRange.model_validate("2026-10")
    assert [r.school for r in visit_reports(data, october)] == [SCHOOL, "测试区阳光幼儿园"]
    assert [r.school for r in visit_reports(data, october, "第二责任区")] == ["测试区阳光幼儿园"]
    assert visit_reports(data, DateRange.model_validate("2026-12")) == []


def test_unknown_zone_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="第一责任区、第二责任区"):
        visit_reports(district(), zone="第九责任区")


@pytest.mark.parametrize(("text", "start", "end"), [
    ("2026", date(2026, 1, 1), date(2026, 12, 31)),
    ("2026年2月", date(2026, 2, 1), date(2026, 2, 28)),
    ("2026-09-01..2027-01-22", date(2026, 9, 1), date(2027, 1, 22)),
    ("2026年9月1日至2026年12月31日", date(2026, 9, 1), date(2026, 12, 31)),
])
def test_period_texts(text: str, start: date, end: date) -> None:
    period = DateRange.model_validate(text)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("text", ["下学期", "2026-13", "2026-10-01..2026-09-01"])
def test_bad_period_texts(text: str) -> None:
    with pytest.raises(ValueError):
        DateRange.model_validate(text)


def test_follow_ups_repeated_in_later_records_are_kept_once() -> None:
    first = finding("监控损坏", "2026-10-01")
    first["follow_ups"] = [{"date": "2026-09-20", "note": "一查"}]
    later = finding("监控损坏", "2026-10-01", "整改中")
    later["follow_ups"] = [{"date": "2026-09-20", "note": "一查"}, {"date": "2026-10-05", "note": "二查"}]
    data = district([
        record("2026-09-08", SCHOOL, {"matter": SAFETY, "findings": [first]}),
        record("2026-10-08", SCHOOL, {"matter": SAFETY, "findings": [later]}),
    ])
    [item] = merge_items(select(data), data.school_zones())
    assert [f.note for f in item.follow_ups] == ["一查", "二查"]
    assert item.status is Status.IN_PROGRESS


def test_report_of_a_visit_with_nothing_recorded_reads_well() -> None:
    from gongwen.derive.report_documents import visit_report_document

    data = district([record("2026-10-09", SCHOOL, methods=["听取汇报"])])
    [report] = visit_reports(data)
    preamble = visit_report_document(report, data, date(2026, 11, 22)).preamble
    assert "等事项" not in preamble
    assert preamble.endswith("通过听取汇报等方式。现将督导情况报告如下。")


def test_suggestions_are_not_prefixed_twice_and_problems_are_items() -> None:
    from gongwen.derive.outline import Item, build_outline
    from gongwen.derive.report_documents import visit_report_document

    data = district([record("2026-10-09", SCHOOL, {"matter": SAFETY, "findings": [
        finding("灭火器压力不足", suggestion="建议每月检查一次"),
        finding("监控探头损坏", suggestion="及时更换探头；"),
        finding("门卫登记不全", suggestion="建议：落实来访登记"),
    ]})])
    [report] = visit_reports(data)
    document = visit_report_document(report, data, date(2026, 11, 22))
    texts = [getattr(b, "text", "") for b in build_outline(document).body]
    assert "建议：每月检查一次；及时更换探头；落实来访登记。" in texts
    assert not any("建议：建议" in t for t in texts)
    items = [b.text for b in build_outline(document).body if isinstance(b, Item)]
    assert items[:3] == ["1.灭火器压力不足。", "2.监控探头损坏。", "3.门卫登记不全。"]
    # then the same problems once more, under 整改要求, with what is required and by when
    assert [t.split("。")[0] for t in items[3:]] == ["1.校园及周边安全", "2.校园及周边安全",
                                                    "3.校园及周边安全"]


def test_no_label_printed_twice() -> None:
    from gongwen.derive.outline import Item, build_outline
    from gongwen.derive.report_documents import visit_report_document

    data = district([record("2026-10-09", SCHOOL, {
        "matter": SAFETY, "highlights": ["亮点：护学岗落实到位"],
        "findings": [finding("存在问题：灭火器压力不足", "2026-10-30", suggestion="意见：每月检查一次",
                             requirement="整改要求：立即更换"),
                     finding("灭火器压力不足", suggestion="整改建议: 建立台账")]})])
    [report] = visit_reports(data)
    [item] = report.requirements
    assert (item.problem, item.requirement, item.suggestions) == (
        "灭火器压力不足", "立即更换", ("每月检查一次", "建立台账"))
    document = visit_report_document(report, data, date(2026, 11, 22))
    outline = build_outline(document)
    texts = [getattr(b, "text", "") for b in outline.body]
    assert "建议：每月检查一次；建立台账。" in texts
    items = [b.text for b in outline.body if isinstance(b, Item)]
    assert items[:2] == ["1.护学岗落实到位。", "1.灭火器压力不足。"]
    assert items[2] == "1.校园及周边安全。灭火器压力不足。整改要求：立即更换。整改期限：2026年10月30日。"
