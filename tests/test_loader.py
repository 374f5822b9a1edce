"""Data files: YAML and JSON, and errors that name the file, the field and the line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gongwen import load
from gongwen.errors import DataError
from gongwen.models import Plan
from test_docx_layout import png

PLAN = """\
kind: annual-plan
title: 长宁区2024年教育督导工作计划
issuer: 长宁区教育督导室
date: {date}
sections:
  - title: 指导思想
    text: 以立德树人为根本任务。
"""


def write(tmp_path: Path, text: str, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_loads_into_the_kind_model(tmp_path: Path) -> None:
    plan = load(write(tmp_path, PLAN.format(date="2024-02-19")))
    assert isinstance(plan, Plan)
    assert plan.sections[0].title == "指导思想"


def test_json_loads_the_same(tmp_path: Path) -> None:
    data = {"kind": "annual-plan", "title": "计划", "issuer": "督导室", "date": "2024年2月19日"}
    plan = load(write(tmp_path, json.dumps(data, ensure_ascii=False), "plan.json"))
    assert plan.date.isoformat() == "2024-02-19"


def test_impossible_date_names_the_field_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, PLAN.format(date="2024-13-45"))
    with pytest.raises(DataError) as info:
        load(path)
    message = str(info.value)
    assert str(path) in message
    assert "date（第 4 行）" in message
    assert info.value.exit_code == 2


def test_every_problem_is_reported_with_its_path(tmp_path: Path) -> None:
    text = PLAN.format(date="2024-02-19") + "    sections:\n      - titel: 拼错\n"
    with pytest.raises(DataError) as info:
        load(write(tmp_path, text))
    locations = {p.location for p in info.value.problems}
    assert {"sections[0].sections[0].title", "sections[0].sections[0].titel"} <= locations
    lines = {p.location: p.line for p in info.value.problems}
    assert lines["sections[0].sections[0].titel"] == 9


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: 无类型\n", "缺少 kind 字段"),
        ("kind: memo\n", "未知的文档类型“memo”"),
        ("kind: annual-plan\ntitle: [未闭合\n", "YAML 语法错误"),
        ("kind: annual-plan\nkind: work-scheme\n", "重复出现"),
        ("- 列表\n", "顶层应为键值对"),
    ],
)
def test_malformed_files_are_explained(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(DataError, match=expected):
        load(write(tmp_path, text))


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("kind: annual-plan\ntitle：计划\ndate: 2024-02-19\n", 2, "全角冒号"),
        ("kind: annual-plan\ntitle: 计划: 草稿\n", 2, "加上引号"),
        ("kind: annual-plan\n\ttitle: 计划\n", 2, "制表符"),
        ("kind: annual-plan\ntitle: \"计划\n", 3, "未闭合的引号"),
        ("kind: annual-plan\nsections:\n  - title: 一\n - title: 二\n", 4, "缩进不一致"),
        ('{"kind": "annual-plan", "title": ' + "[" * 2000 + "]" * 2000 + "}", 1, "嵌套层次过深"),
    ],
)
def test_yaml_errors_are_chinese_on_the_right_line(
    tmp_path: Path, text: str, line: int, expected: str
) -> None:
    with pytest.raises(DataError) as info:
        load(write(tmp_path, text))
    [problem] = info.value.problems
    assert problem.message.startswith("YAML 语法错误：")
    assert expected in problem.message
    assert not re.search(r"[A-Za-z]{4,}", problem.message.replace("YAML", "")), problem.message
    assert problem.line == line


def test_missing_file_and_wrong_suffix(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="文件不存在"):
        load(tmp_path / "nope.yaml")
    with pytest.raises(DataError, match="不支持的文件类型"):
        load(write(tmp_path, "x", "plan.txt"))


def test_seal_path_is_relative_to_the_data_file(tmp_path: Path) -> None:
    png(tmp_path / "seal.png")
    text = PLAN.format(date="2024-02-19").replace(
        "issuer: 长宁区教育督导室", "issuer:\n  name: 长宁区教育督导室\n  seal: seal.png"
    )
    plan = load(write(tmp_path, text))
    assert plan.issuer.seal == tmp_path / "seal.png"
    with pytest.raises(DataError, match=r"印章图片 .* 不存在"):
        load(write(tmp_path, text.replace("seal.png", "missing.png")))


BODY = """\
kind: {kind}
title: 长宁区责任督学工作规程
sections:
  - title: 总则
    text:
      - 段落文字。
      - items:
          - 第一项
          - {{title: 加强领导}}
        numbering: "{numbering}"
      - {{tabel: 写错的块}}
  - title: 责任区
    include: zones
"""


def problems_of(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(DataError) as info:
        load(write(tmp_path, text))
    return [str(p) for p in info.value.problems]


def test_body_errors_name_the_block_and_line(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, BODY.format(kind="regulation", numbering="二、"))
    assert any(p.startswith("sections[0].text[1].numbering（第 10 行）：序号样式“二、”应含且只含一个序号样例")
               for p in problems), problems
    assert any(p.startswith("sections[0].text[2]（第 11 行）：应为一段文字，或以下之一")
               for p in problems), problems


def test_include_outside_a_work_scheme_names_its_place(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, BODY.format(kind="report", numbering="1、").replace(
        "      - {tabel: 写错的块}\n", ""))
    assert problems == ["sections[1].include（第 12 行）：include: zones 只能用于工作方案（work-scheme）"]


def test_include_zones_needs_zones(tmp_path: Path) -> None:
    text = """\
kind: work-scheme
title: 工作方案
issuer: 长宁区教育督导室
date: 2026-08-24
sections:
  - title: 责任区划分
    text:
      - 划分如下：
      - {include: zones, layout: paragraphs}
"""
    assert problems_of(tmp_path, text) == [
        "sections[0].text[1].include（第 9 行）："
        "include: zones 需要督学责任区：请在文件中写 zones，或去掉这里的 include"]


def test_documents_without_issuer_or_date_and_kinds_that_need_them(tmp_path: Path) -> None:
    for kind in ("document", "report", "regulation"):
        assert load(write(tmp_path, f"kind: {kind}\ntitle: 学习心得\n")).issuer is None
    problems = problems_of(tmp_path, "kind: notice\ntitle: 通知\n")
    assert problems == ["issuer（第 1 行）：缺少必填项", "date（第 1 行）：缺少必填项"]


def test_existing_text_strings_keep_their_meaning(tmp_path: Path) -> None:
    plan = load(write(tmp_path, PLAN.format(date="2024-02-19")))
    assert plan.sections[0].text == "以立德树人为根本任务。"
    assert plan.model_dump()["sections"][0]["text"] == "以立德树人为根本任务。"


def test_item_numbers_start_at_one(tmp_path: Path) -> None:
    text = "kind: document\ntitle: 通知\npreamble:\n  - items:\n      - {text: 甲, number: 0}\n"
    assert problems_of(tmp_path, text) == ["preamble[0].items[0].number（第 5 行）：0 不能小于 1"]
