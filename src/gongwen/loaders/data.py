"""Read YAML or JSON data files and validate them into document models."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

import yaml
from pydantic import ValidationError

from ..errors import DataError, Problem
from ..models.base import Model
from .messages import Location, problems_from, suggestion_for, yaml_message

SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}
MAX_DEPTH = 100
"""Deepest nesting of lists and mappings a data file may have."""
MAX_NODES = 2_000_000
"""Most values a YAML file may expand to through its aliases (&anchor / *alias)."""


class _Lines:
    """Maps a field path in a YAML document to the line where it is written."""

    def __init__(self, root: yaml.Node | None) -> None:
        self._lines: dict[Location, int] = {}
        if root is not None:
            self._walk(root, ())

    def _walk(self, node: yaml.Node, path: Location) -> None:
        self._lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = (*path, str(key.value))
                self._walk(value, child)
                self._lines[child] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._walk(item, (*path, index))

    def __call__(self, loc: Location) -> int | None:
        for end in range(len(loc), -1, -1):
            line = self._lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return None


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe YAML loader that rejects duplicate keys and leaves dates to the models.

    Dates stay strings so that an impossible date (2024-13-45) is reported by
    validation against its field instead of failing the whole parse.
    """

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, "字段名应为文字，不能是列表或键值对（模板语法 {{ }} 请加引号）",
                    key_node.start_mark,
                )
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"字段“{key}”重复出现", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_data(path: Path) -> tuple[Any, _Lines | None]:
    """Parse a data file; return the raw data and (for YAML) a field-path → line map."""
    source = str(path)
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        old_excel = path.suffix.lower() == ".xls"
        hint = "；旧版 Excel 文件（.xls）请在 Excel 或 WPS 中另存为 .xlsx" if old_excel else ""
        problem = f"不支持的文件类型“{path.suffix}”，请用 .yaml、.yml 或 .json{hint}"
        raise DataError(source, [Problem(problem)])
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError(source, [Problem("文件不存在")]) from None
    except UnicodeDecodeError:
        raise DataError(source, [Problem("文件不是 UTF-8 编码，请另存为 UTF-8")]) from None
    return parse_data(text, source, fmt)


def parse_data(text: str, source: str, fmt: str | None = None) -> tuple[Any, _Lines | None]:
    """Parse data text (``fmt`` "yaml" or "json"; by default JSON when it opens with { or [,
    else YAML); return the raw data and (for YAML) a field-path → line map."""
    fmt = fmt or ("json" if text.lstrip()[:1] in ("{", "[") else "yaml")
    try:
        return _parse(text, fmt)
    except json.JSONDecodeError as exc:
        problem = Problem(f"JSON 语法错误：{exc.msg}", line=exc.lineno, code="E_SYNTAX")
        raise DataError(source, [problem]) from None
    except yaml.MarkedYAMLError as exc:
        # A key left without its colon (often a full-width “：”) is where it began.
        key_start = exc.context and "simple key" in exc.context
        mark = (exc.context_mark if key_start else None) or exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        line_text = text.splitlines()[line - 1] if line and line <= len(text.splitlines()) else ""
        message = yaml_message(exc.problem or "", exc.context or "", MAX_DEPTH, line_text)
        raise DataError(source, [Problem(message, line=line, code="E_SYNTAX")]) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        problem = f"含有 YAML 不允许的字符 U+{exc.character:04X}（控制字符），请删除"
        raise DataError(source, [Problem(problem, line=line, code="E_SYNTAX")]) from None
    except MemoryError:
        problem = f"数据过大：经别名（*引用）展开后超过 {MAX_NODES} 个值"
        raise DataError(source, [Problem(problem)]) from None
    except RecursionError:
        raise DataError(source, [Problem(f"嵌套层次过深（最多 {MAX_DEPTH} 层），无法读取")]) from None


def _parse(text: str, fmt: str) -> tuple[Any, _Lines | None]:
    """The data in ``text`` and, for YAML, where each field is written."""
    if fmt == "json":
        return json.loads(text), None
    _check_shape(text)
    data = yaml.load(text, Loader=_UniqueKeyLoader)
    return data, _Lines(yaml.compose(text, Loader=_BaseLoader))


def _check_shape(text: str) -> None:
    """Refuse YAML nested deeper than MAX_DEPTH (libyaml would overflow the C stack and
    crash the process) or expanding through aliases to more than MAX_NODES values (a
    “billion laughs” file); reads the events once, without recursion."""
    sizes: dict[str, int] = {}
    stack: list[tuple[str | None, list[int]]] = [(None, [0])]  # open collections: anchor, size
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            stack.append((event.anchor, [1]))
            if len(stack) > MAX_DEPTH + 1:
                raise RecursionError(f"nested deeper than {MAX_DEPTH}")
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            anchor, (size,) = stack.pop()
        elif isinstance(event, yaml.ScalarEvent):
            anchor, size = event.anchor, 1
        elif isinstance(event, yaml.AliasEvent):
            anchor, size = None, sizes.get(event.anchor or "", 1)
        else:
            continue
        if anchor:
            sizes[anchor] = size
        stack[-1][1][0] += size
        if stack[-1][1][0] > MAX_NODES:
            raise MemoryError(f"more than {MAX_NODES} values")


Expect = type[Model] | Mapping[str, type[Model]]
"""What data must be: one model, or any of a catalogue of document kinds (kind → model)."""


def validate(data: Any, expect: Expect, source: str = "<数据>", lines: Any = None) -> Model:
    """Validate raw data into a model: ``expect`` itself, or the kind its top-level ``kind``
    names in the catalogue ``expect``. Raises DataError listing every problem found."""
    if not isinstance(data, Mapping):
        raise DataError(source, [Problem("顶层应为键值对（含 kind、title、date 等字段）")])
    kind = data.get("kind")
    line = lines(("kind",)) if lines else None
    if isinstance(expect, Mapping):
        if kind not in expect:
            known = "、".join(expect)
            what = "缺少 kind 字段" if kind is None else f"未知的文档类型“{kind}”"
            guess = suggestion_for(str(kind), list(expect)) if kind is not None else ""
            hint = f"（是否为“{guess}”？）" if guess else ""
            code = "E_FIELD_MISSING" if kind is None else "E_KIND_UNKNOWN"
            raise DataError(source, [Problem(f"{what}{hint}，可用：{known}", "kind", line, code, guess)])
        model = expect[kind]
    else:
        model = expect
        wanted = model.model_fields["kind"].default if "kind" in model.model_fields else None
        if isinstance(wanted, str) and kind is not None and kind != wanted:
            raise DataError(source, [Problem(f"应为 kind: {wanted} 的文件，而不是“{kind}”", "kind", line)])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise DataError(source, problems_from(exc, line_of=lines, model=model)) from None
