"""Model validation: the public contract for data files and library callers."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from gongwen.models import EIGHT_MATTERS, Plan, School, SchoolKind, WorkScheme

BASE = {"title": "计划", "issuer": "长宁区教育督导室", "date": "2024-02-19"}


@pytest.mark.parametrize(
    ("written", "normal"),
    [("长教督办〔2024〕3号", "长教督办〔2024〕3号"), ("长教督办[2024]03号", "长教督办〔2024〕3号"),
     ("长教督办（2024）第3号", "长教督办〔2024〕3号"), ("长教督办【2024】12号", "长教督办〔2024〕12号")],
)
def test_document_number_is_normalised(written: str, normal: str) -> None:
    assert Plan(**BASE, number=written).number == normal


def test_bad_document_number_is_rejected() -> None:
    with pytest.raises(ValidationError, match="发文字号"):
        Plan(**BASE, number="长教督办2024年3号")


@pytest.mark.parametrize(
    "written", ["2024-02-19", "2024年2月19日", "2024.2.19", "2024/2/19", "２０２４年２月１９日"]
)
def test_dates_in_the_ways_offices_write_them(written: str) -> None:
    assert Plan(**{**BASE, "date": written}).date == date(2024, 2, 19)


@pytest.mark.parametrize(
    ("name", "kind"),
    [("长宁区实验幼儿园", SchoolKind.KINDERGARTEN), ("天山第一小学", SchoolKind.PRIMARY),
     ("延安初级中学", SchoolKind.JUNIOR), ("复旦中学", SchoolKind.JUNIOR),
     ("长宁区特殊教育学校", SchoolKind.SPECIAL), ("新虹桥九年一贯制学校", SchoolKind.NINE_YEAR),
     ("市三女子高级中学", SchoolKind.SENIOR), ("长宁区职业技术学校", SchoolKind.VOCATIONAL)],
)
def test_school_kind_inferred_from_name(name: str, kind: SchoolKind) -> None:
    assert School(name=name).kind is kind
    assert School(name=name, kind="其他").kind is SchoolKind.OTHER


def test_matters_presets_and_lists() -> None:
    zones = [{"name": "第一责任区", "leader": "王敏", "schools": ["实验小学"]}]
    eight = WorkScheme(**BASE, term="t", zones=zones, matters="八项")
    assert [m.name for m in eight.matters] == list(EIGHT_MATTERS)
    nine = WorkScheme(**BASE, term="t", zones=zones)
    assert len(nine.matters) == 9 and "立德树人" in nine.matters[0].name
    custom = WorkScheme(**BASE, term="t", zones=zones, matters=["课后服务", {"name": "作业管理"}])
    assert [m.name for m in custom.matters] == ["课后服务", "作业管理"]
    with pytest.raises(ValidationError, match="未知的督导事项预设"):
        WorkScheme(**BASE, term="t", zones=zones, matters="十项")


def test_a_school_belongs_to_one_zone() -> None:
    zones = [
        {"name": "第一责任区", "leader": "王敏", "schools": ["实验小学"]},
        {"name": "第二责任区", "leader": "李强", "schools": ["实验小学"]},
    ]
    with pytest.raises(ValidationError, match="同时列在"):
        WorkScheme(**BASE, term="t", zones=zones)


def test_sections_nest_at_most_four_levels() -> None:
    deep = {"title": "1", "sections": [{"title": "2", "sections": [{"title": "3", "sections": [
        {"title": "4", "sections": [{"title": "5"}]}]}]}]}
    with pytest.raises(ValidationError, match="最多四级"):
        Plan(**BASE, sections=[deep])


def test_attachment_sections_nest_at_most_four_levels() -> None:
    deep = {"title": "1", "sections": [{"title": "2", "sections": [{"title": "3", "sections": [
        {"title": "4", "sections": [{"title": "5"}]}]}]}]}
    with pytest.raises(ValidationError, match="附件“名单”的小节最多四级"):
        Plan(**BASE, attachments=[{"title": "名单", "sections": [deep]}])
