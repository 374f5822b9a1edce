"""Pydantic validation errors → problems with Chinese messages and field paths."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from ..errors import Problem
from ..models.body import BLOCK_ERROR, BODY_ERROR

_MESSAGES: dict[str, str] = {
    "missing": "缺少必填项",
    "extra_forbidden": "不认识的字段（请检查拼写）",
    "string_type": "应为文字",
    "string_too_short": "不能为空",
    "list_type": "应为列表",
    "dict_type": "应为键值对（对象）",
    "model_type": "应为键值对（对象）",
    "model_attributes_type": "应为键值对（对象）",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "date_from_datetime_parsing": "不是有效日期，应写作 2024-02-19 或 2024年2月19日",
    "date_parsing": "不是有效日期，应写作 2024-02-19 或 2024年2月19日",
    "date_type": "不是有效日期，应写作 2024-02-19 或 2024年2月19日",
    "date_from_datetime_inexact": "应为日期，不带时间",
    "path_type": "应为文件路径",
    "int_from_float": "应为整数",
    "body": BODY_ERROR,
    "body_block": BLOCK_ERROR,
}

_BOUNDS = {"greater_than_equal": ("ge", "不能小于"), "greater_than": ("gt", "应大于"),
           "less_than_equal": ("le", "不能大于"), "less_than": ("lt", "应小于")}
"""Number limits (序号 ≥ 1, 年度 2000–2100): the bound in ctx and how to say it."""

Location = tuple[str | int, ...]


def format_path(loc: Sequence[str | int]) -> str:
    """('sections', 2, 'title') → 'sections[2].title'."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _clean_loc(loc: Sequence[str | int]) -> Location:
    """Drop pydantic's internal tags (function-before[...], union members) from a location."""
    return tuple(p for p in loc if isinstance(p, int) or ("[" not in p and "(" not in p))


def _message(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind in ("literal_error", "enum"):
        return f"应为以下之一：{ctx.get('expected', '')}"
    if kind == "too_short":
        return f"至少需要 {ctx.get('min_length', 1)} 项"
    if kind in _BOUNDS:
        key, words = _BOUNDS[kind]
        return f"{error.get('input')!r} {words} {ctx.get(key)}"
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        return f"{error.get('input')!r} {_MESSAGES[kind]}"
    return _MESSAGES.get(kind, str(error["msg"]))


def problems_from(
    exc: ValidationError,
    prefix: Location = (),
    line_of: Callable[[Location], int | None] | None = None,
) -> list[Problem]:
    """Turn a ValidationError into problems naming the field path and, when known, the line."""
    problems = []
    for error in exc.errors():
        loc = prefix + _clean_loc(error["loc"])
        problems.append(
            Problem(_message(error), format_path(loc) or "（根）", line_of(loc) if line_of else None)
        )
    return problems
