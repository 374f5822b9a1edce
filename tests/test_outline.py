"""Numbering, paragraphs and bold runs of plan outlines (pure, no files)."""

from __future__ import annotations

import pytest

from gongwen.derive.numbering import child_style, style_level
from gongwen.derive.outline import (
    Heading,
    Item,
    Paragraph,
    Run,
    TableBlock,
    build_outline,
    number_label,
    paragraphs_of,
    runs_of,
)
from gongwen.errors import DataError
from gongwen.models import Plan, Regulation, WorkScheme

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


# -- the body model: numbering styles, items, explicit numbers, continued lists --------------


def blocks(plan: Plan) -> list[tuple[str, str, int]]:
    """(kind, text, level) of each block of the body."""
    kinds = {Heading: "heading", Item: "item", Paragraph: "paragraph", TableBlock: "table"}
    return [
        (kinds[type(b)], getattr(b, "text", ""), getattr(b, "level", 0)) for b in build_outline(plan).body
    ]


@pytest.mark.parametrize(
    ("style", "labels", "level"),
    [
        ("一、", ["一、", "二、", "十一、"], 1),
        ("（一）", ["（一）", "（二）", "（十一）"], 2),
        ("1.", ["1.", "2.", "11."], 3),
        ("1、", ["1、", "2、", "11、"], 3),
        ("（1）", ["（1）", "（2）", "（11）"], 4),
        ("①", ["①", "②", "⑪"], 4),
        ("一是", ["一是", "二是", "十一是"], 3),
        ("第一章", ["第一章", "第二章", "第十一章"], 1),
        ("第一节", ["第一节", "第二节", "第十一节"], 2),
        ("第一条　", ["第一条　", "第二条　", "第十一条　"], 3),
        ("(1)", ["(1)", "(2)", "(11)"], 4),
        ("1. ", ["1. ", "2. ", "11. "], 3),
    ],
)
def test_numbering_styles_label_and_level(style: str, labels: list[str], level: int) -> None:
    assert [number_label(style, n) for n in (1, 2, 11)] == labels
    assert style_level(style, depth=1) == level


def test_unnumbered_style_has_no_label_and_takes_its_depth() -> None:
    assert number_label("", 3) == ""
    assert [style_level("", d) for d in (1, 2, 3, 4, 5)] == [1, 2, 3, 4, 4]


def test_child_styles_go_one_level_down() -> None:
    assert [child_style(s, 1, items=False) for s in ("一、", "（一）", "1.", "（1）")] == [
        "（一）", "1.", "（1）", "（1）"]
    assert child_style("第一章　", 1, items=False) == "第一节　"
    assert child_style("第一章　", 1, items=True) == "第一条　"
    assert child_style("第一条", 2, items=True) == "（一）"
    assert child_style("", 2, items=True) == "1."


def test_items_are_not_headings() -> None:
    plan = Plan(**BASE, sections=[{"title": "工作要求", "text": [
        "各校要做到：", {"items": ["按时上报", {"title": "加强领导", "text": "校长负总责。"}]},
    ]}])
    assert blocks(plan) == [
        ("heading", "一、工作要求", 1),
        ("paragraph", "各校要做到：", 0),
        ("item", "（一）按时上报", 2),
        ("item", "（二）加强领导。校长负总责。", 2),
    ]
    item = build_outline(plan).body[3]
    assert isinstance(item, Item) and item.number == "（二）" and item.lead == "加强领导。"


def test_item_paragraphs_after_the_first_are_unnumbered_and_sub_items_go_down() -> None:
    plan = Plan(**BASE, sections=[{"title": "任务", "numbering": "1.", "text": [{"items": [
        {"text": "第一段。\n\n第二段。", "items": ["甲", "乙"]},
        {"text": "下一项", "numbering": "①", "items": ["丙"]},
    ]}]}])
    assert [text for _, text, _ in blocks(plan)[1:]] == [
        "1.第一段。", "第二段。", "（1）甲", "（2）乙", "2.下一项", "①丙"]


def test_explicit_numbers_start_late_and_skip() -> None:
    plan = Plan(**BASE, sections=[
        {"title": "督导内容", "number": 2, "text": [{"items": [
            "甲", "乙", "丙", {"text": "戊", "number": 5}, "己"]}]},
        {"title": "工作要求"},
    ])
    assert [text for _, text, _ in blocks(plan)] == [
        "二、督导内容", "（一）甲", "（二）乙", "（三）丙", "（五）戊", "（六）己", "三、工作要求"]


def test_continued_lists_number_on_across_sections() -> None:
    plan = Plan(**BASE, sections=[
        {"title": "上半年", "numbering": "1.", "text": [{"items": ["甲", "乙"]}]},
        {"title": "下半年", "numbering": "1.", "text": [{"items": ["丙"], "continue": True}]},
        {"title": "明年", "numbering": "1.", "text": [{"items": ["丁"]}]},
    ])
    items = [text for kind, text, _ in blocks(plan) if kind == "item"]
    assert items == ["1.甲", "2.乙", "3.丙", "1.丁"]


def test_articles_number_on_across_chapters() -> None:
    regulation = Regulation(title="规程", sections=[
        {"title": "总则", "text": [{"items": ["甲", {"text": "乙", "items": ["子", "丑"]}]}]},
        {"title": "附则", "text": [{"items": ["丙"]}]},
    ])
    outline = build_outline(regulation).body
    assert [b.text for b in outline] == [
        "第一章　总则", "第一条　甲", "第二条　乙", "（一）子", "（二）丑", "第二章　附则", "第三条　丙"]
    assert [b.centred for b in outline if isinstance(b, Heading)] == [True, True]


def test_an_article_with_its_own_number_restarts_the_count() -> None:
    regulation = Regulation(title="规程", numbering="第一章", sections=[
        {"title": "总则", "text": [{"items": ["甲"]}]},
        {"title": "附则", "text": [{"items": [{"text": "乙", "number": 9}, "丙"]}]},
    ])
    items = [b.text for b in build_outline(regulation).body if isinstance(b, Item)]
    assert items == ["第一条甲", "第九条乙", "第十条丙"]


def test_unnumbered_headings_take_their_depth_as_level() -> None:
    plan = Plan(**BASE, numbering="", sections=[{"title": "体会", "sections": [{"title": "坚持"}]}])
    assert blocks(plan) == [("heading", "体会", 1), ("heading", "（一）坚持", 2)]


def test_circled_numbers_stop_at_twenty() -> None:
    plan = Plan(**BASE, sections=[{"title": "事项", "text": [{"numbering": "①", "items": ["甲"] * 21}]}])
    with pytest.raises(DataError) as error:
        build_outline(plan)
    [problem] = error.value.problems
    assert problem.location == "sections[0].text[0].items[20]"
    assert "⑳" in problem.message


def test_includes_take_the_numbering_of_their_place() -> None:
    plan = scheme(matters=["校务管理", "课堂教学"], workflow=["听取汇报", "集中反馈"], sections=[
        {"title": "督导事项", "include": "matters"},
        {"title": "视导", "sections": [{"title": "流程", "text": [
            {"include": "workflow", "punctuation": "。"}]}]},
        {"title": "补充", "text": [{"include": "matters", "numbering": "1、", "punctuation": ""}]},
    ])
    items = [(text, level) for kind, text, level in blocks(plan) if kind == "item"]
    assert items == [
        ("（一）校务管理；", 2), ("（二）课堂教学。", 2),
        ("1.听取汇报。", 3), ("2.集中反馈。", 3),
        ("1、校务管理", 3), ("2、课堂教学", 3),
    ]


def test_zones_as_paragraphs_and_as_a_table_without_total() -> None:
    plan = scheme(sections=[{"title": "责任区", "text": [{"include": "zones", "layout": "paragraphs"}]}],
                  attachments=[{"title": "划分表", "text": [{"include": "zones", "total": False}]}])
    outline = build_outline(plan)
    assert [b.text for b in outline.body[1:5]] == [
        "第一责任区", "组长：组长一", "责任督学：督学一甲、督学一乙",
        "学校（园）：第一区实验小学、第一区幼儿园"]
    [page] = outline.attachments
    [table] = page.blocks
    assert isinstance(table, TableBlock)
    assert [row[0] for row in table.rows] == ["第一责任区", "第二责任区"]


def test_regulation_items_outside_chapters_are_articles() -> None:
    regulation = Regulation(title="职责", preamble=[{"items": ["甲", "乙"]}])
    assert [b.text for b in build_outline(regulation).body] == ["第一条　甲", "第二条　乙"]
