"""Numbering, paragraphs and bold runs of plan outlines (pure, no files)."""

from __future__ import annotations

import pytest

from gongwen.derive.outline import (
    Heading,
    Paragraph,
    Run,
    TableBlock,
    build_outline,
    number_label,
    paragraphs_of,
    runs_of,
)
from gongwen.models import Plan, WorkScheme

BASE = {"title": "计划", "issuer": "长宁区教育督导室", "date": "2024-02-19"}


def headings(plan: Plan) -> list[str]:
    return [b.text for b in build_outline(plan).body if isinstance(b, Heading)]


def test_depth_decides_numbering() -> None:
    plan = Plan(
        **BASE,
        sections=[
            {"title": "主要任务", "sections": [
                {"title": "强化挂牌督导", "sections": [
                    {"title": "落实月度视导", "sections": [{"title": "听课"}, {"title": "巡视"}]},
                ]},
                {"title": "开展专项督导"},
            ]},
            {"title": "工作要求"},
        ],
    )
    assert headings(plan) == [
        "一、主要任务", "（一）强化挂牌督导", "1.落实月度视导", "（1）听课", "（2）巡视",
        "（二）开展专项督导", "二、工作要求",
    ]
    levels = [b.level for b in build_outline(plan).body if isinstance(b, Heading)]
    assert levels == [1, 2, 3, 4, 4, 2, 1]


def test_data_can_skip_levels() -> None:
    plan = Plan(
        **BASE,
        sections=[{"title": "工作要求", "numbering": "1.", "sections": [
            {"title": "加强领导", "sections": [{"title": "明确分工"}]},
            {"title": "严肃纪律"},
        ]}],
    )
    outline = [b for b in build_outline(plan).body if isinstance(b, Heading)]
    assert [h.text for h in outline] == ["一、工作要求", "1.加强领导", "（1）明确分工", "2.严肃纪律"]
    assert [h.level for h in outline] == [1, 3, 4, 3]


@pytest.mark.parametrize("title", ["三、工作要求", "（二）专项督导", "1.加强领导", "（4）其他", "2．全角点"])
def test_title_with_its_own_number_is_not_numbered_twice(title: str) -> None:
    plan = Plan(**BASE, sections=[{"title": title}])
    assert headings(plan) == [title]


def test_chinese_numbers_beyond_ten() -> None:
    assert number_label("一、", 11) == "十一、"
    assert number_label("（一）", 20) == "（二十）"
    assert number_label("（1）", 12) == "（12）"


def test_paragraphs_split_on_blank_lines_and_join_wrapped_lines() -> None:
    paragraphs = paragraphs_of("第一段第一行\n第一段续行\n\n  \n第二段 with Latin\nwords")
    assert [p.text for p in paragraphs] == ["第一段第一行第一段续行", "第二段 with Latin words"]


def test_bold_markers_become_bold_runs() -> None:
    assert runs_of("要**突出重点**，注重实效") == (
        Run("要"), Run("突出重点", bold=True), Run("，注重实效")
    )


def test_inline_heading_takes_first_paragraph_and_a_full_stop() -> None:
    plan = Plan(**BASE, sections=[{"title": "工作要求", "sections": [
        {"title": "加强领导", "inline": True, "text": "各校要高度重视。\n\n另起一段。"},
    ]}])
    body = build_outline(plan).body
    heading = body[1]
    assert isinstance(heading, Heading)
    assert heading.text == "（一）加强领导。"
    assert "".join(r.text for r in heading.runs) == "各校要高度重视。"
    assert isinstance(body[2], Paragraph) and body[2].text == "另起一段。"


def scheme(**extra: object) -> WorkScheme:
    zones = [
        {"name": f"第{n}责任区", "leader": f"组长{n}", "inspectors": [f"督学{n}甲", f"督学{n}乙"],
         "schools": [f"第{n}区实验小学", f"第{n}区幼儿园"]}
        for n in "一二"
    ]
    return WorkScheme(**BASE, term="2024—2025学年度（上学期）", zones=zones, **extra)


def test_work_scheme_places_generated_parts_where_included() -> None:
    plan = scheme(sections=[
        {"title": "责任区划分", "include": "zones"},
        {"title": "督导内容", "include": "matters"},
    ])
    outline = build_outline(plan)
    table = outline.body[1]
    assert isinstance(table, TableBlock)
    assert table.columns == ("责任区", "组长", "责任督学", "学校（园）", "校数")
    schools = "第一区实验小学、第一区幼儿园"
    assert table.rows[0] == ("第一责任区", "组长一", "督学一甲、督学一乙", schools, "2")
    assert table.rows[-1][-1] == "4"
    matters = [b.text for b in outline.body[3:]]
    assert len(matters) == 9
    # a list directly under a 一、 heading takes the next level's numbering
    assert matters[0] == "（一）全面贯彻党的教育方针、落实立德树人根本任务；"
    assert matters[-1].endswith("。")
    assert outline.attachments == ()


def test_work_scheme_without_zone_table_gets_it_as_attachment() -> None:
    outline = build_outline(scheme(attachments=[{"title": "督学联系方式", "text": "见表。"}]))
    assert outline.attachment_titles == ("督学联系方式", "督学责任区划分表")
    assert [a.label for a in outline.attachments] == ["附件1", "附件2"]


def test_annual_plan_cannot_include_zones() -> None:
    with pytest.raises(ValueError, match="只能用于工作方案"):
        Plan(**BASE, sections=[{"title": "责任区", "include": "zones"}])
