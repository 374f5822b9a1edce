"""Pydantic validation errors → problems with Chinese messages and field paths."""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Problem
from ..models.body import BLOCK_ERROR, BODY_ERROR
from ..models.date_text import DateInvalid

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
    "finite_number": "应为有限的数（不能是 .inf 或 .nan）",
    "body": BODY_ERROR,
    "body_block": BLOCK_ERROR,
}

_BOUNDS = {"greater_than_equal": ("ge", "不能小于"), "greater_than": ("gt", "应大于"),
           "less_than_equal": ("le", "不能大于"), "less_than": ("lt", "应小于")}
"""Number limits (序号 ≥ 1, 年度 2000–2100): the bound in ctx and how to say it."""

Location = tuple[str | int, ...]

_CODES: dict[str, str] = {
    "missing": "E_FIELD_MISSING",
    "extra_forbidden": "E_FIELD_UNKNOWN",
    "date_from_datetime_parsing": "E_DATE_INVALID",
    "date_parsing": "E_DATE_INVALID",
    "date_type": "E_DATE_INVALID",
    "date_from_datetime_inexact": "E_DATE_INVALID",
    "literal_error": "E_VALUE_NOT_ALLOWED",
    "enum": "E_VALUE_NOT_ALLOWED",
    "string_too_short": "E_VALUE_EMPTY",
    "too_short": "E_TOO_FEW",
    **dict.fromkeys(_BOUNDS, "E_VALUE_OUT_OF_RANGE"),
}
"""Pydantic error types → the problems' stable codes; a wrong type is E_TYPE_INVALID, any
other problem E_DATA_INVALID."""


def problem_code(kind: str, ctx: Mapping[str, Any] | None = None) -> str:
    if isinstance((ctx or {}).get("error"), DateInvalid):
        return "E_DATE_INVALID"
    if kind in _CODES:
        return _CODES[kind]
    return "E_TYPE_INVALID" if kind.endswith(("_type", "_parsing")) else "E_DATA_INVALID"


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


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models a field's type may hold (through lists, unions, Optional, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    if typing.get_origin(annotation) in (typing.Literal, None):
        return []
    return [model for argument in typing.get_args(annotation) for model in _models_in(argument)]


def _fields_at(model: type[BaseModel], loc: Location) -> set[str]:
    """The field names the model(s) at ``loc`` (a path below ``model``) accept."""
    models = [model]
    for part in loc:
        if isinstance(part, str):
            models = [found for m in models if part in m.model_fields
                      for found in _models_in(m.model_fields[part].annotation)]
    return {name for m in models for name in m.model_fields}


def suggestion_for(key: str, known: Sequence[str] | set[str]) -> str:
    """The known name closest to a misspelt one, or ""."""
    import difflib  # only for data with a mistake

    close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
    return close[0] if close else ""


def problems_from(
    exc: ValidationError,
    prefix: Location = (),
    line_of: Callable[[Location], int | None] | None = None,
    model: type[BaseModel] | None = None,
) -> list[Problem]:
    """Turn a ValidationError into problems naming the field path and, when known, the line;
    with the ``model`` validated, an unknown field suggests the closest known one."""
    problems = []
    for error in exc.errors():
        loc = prefix + _clean_loc(error["loc"])
        message, guess = _message(error), ""
        if error["type"] == "extra_forbidden" and model is not None and loc and isinstance(loc[-1], str):
            guess = suggestion_for(loc[-1], _fields_at(model, _clean_loc(error["loc"])[:-1]))
            message = f"不认识的字段（是否为“{guess}”？）" if guess else message
        problems.append(
            Problem(message, format_path(loc) or "（根）", line_of(loc) if line_of else None,
                    problem_code(error["type"], error.get("ctx")), guess)
        )
    return problems


_YAML_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("exceeded maximum nesting depth", "嵌套层次过深（最多 {depth} 层），无法读取"),
    ("mapping values are not allowed", "这里不能出现“冒号+空格”：上一行可能缩进不对，"
     "或文字中含有“: ”，请给这段文字加上引号"),
    ("could not find expected ':'", "缺少冒号：每个字段应写作“字段: 值”（半角冒号，后面加一个空格）"),
    ("found character '\\t'", "含有制表符（Tab）：YAML 只能用空格缩进，请把 Tab 换成空格"),
    ("tab character", "含有制表符（Tab）：YAML 只能用空格缩进，请把 Tab 换成空格"),
    ("that cannot start any token", "值不能以这个字符开头（如 @、`、%），请给这段文字加上引号"),
    ("did not find expected key", "缩进不一致：同一层的字段应左端对齐"),
    ("did not find expected '-' indicator", "列表缩进不一致：同一列表的“- ”应左端对齐"),
    ("expected <block end>", "缩进不一致：同一层的字段或列表项应左端对齐"),
    ("found unexpected end of stream", "文件意外结束：可能有未闭合的引号或括号"),
    ("found undefined alias", "引用了未定义的别名（*名称），请先用 &名称 定义"),
    ("expected a single document", "文件中有多个文档（以“---”分隔），请只保留一个"),
    ("found unknown escape character", "双引号中的反斜杠“\\”写法不对，请改用单引号或写成“\\\\”"),
    ("found unexpected ':'", "冒号的位置不对，请检查“字段: 值”的写法"),
    ("while parsing a flow", "方括号或花括号未闭合，请检查 [ ] 与 { } 是否成对"),
)
"""PyYAML's English problems (and contexts) → what they mean for a clerk, with the fix."""


def yaml_message(problem: str, context: str = "", depth: int = 100, line_text: str = "") -> str:
    """A Chinese explanation of a PyYAML error, with a hint where the line shows the cause."""
    found = f"{context} {problem}"
    message = next((chinese for english, chinese in _YAML_PROBLEMS if english in found), "")
    if not message:
        message = f"格式不正确（{problem or context}）"
    if "：" in line_text and ": " not in line_text and ":" not in line_text.split("：")[0]:
        message += "。这一行用了全角冒号“：”，字段名后面应是半角冒号“:”加空格"
    return "YAML 语法错误：" + message.replace("{depth}", str(depth))
