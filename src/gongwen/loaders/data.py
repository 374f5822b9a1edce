"""Read YAML or JSON data files and validate them into document models."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

import yaml
from pydantic import ValidationError

from ..errors import DataError, Problem
from ..limits import DATA_TEXT, DATA_VALUES, file_too_large, regular_file
from ..models.base import Model
from .messages import Location, problems_from, suggestion_for, yaml_message

SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}
MAX_DEPTH = 100
"""Deepest nesting of lists and mappings a data file may have."""


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

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        """An integer; one too long for Python to read is an error at its line."""
        try:
            return int(super().construct_yaml_int(node))
        except ValueError:
            raise yaml.constructor.ConstructorError(
                None, None, f"数字有 {len(str(node.value))} 位，过长；如是文字请加引号", node.start_mark
            ) from None


_UniqueKeyLoader.add_constructor("tag:yaml.org,2002:int", _UniqueKeyLoader.construct_yaml_int)


def read_data(path: Path) -> tuple[Any, _Lines | None]:
    """Parse a data file; return the raw data and (for YAML) a field-path → line map."""
    source = str(path)
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        old_excel = path.suffix.lower() == ".xls"
        hint = "；旧版 Excel 文件（.xls）请在 Excel 或 WPS 中另存为 .xlsx" if old_excel else ""
        problem = f"不支持的文件类型“{path.suffix}”，请用 .yaml、.yml 或 .json{hint}"
        raise DataError(source, [Problem(problem)])
    refused = regular_file(path) or file_too_large(path)
    if refused:
        raise DataError(source, [Problem(refused)])
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError(source, [Problem("文件不存在")]) from None
    except OSError as exc:
        raise DataError(source, [Problem(f"无法读取：{exc.strerror or exc}")]) from None
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
    except ValueError as exc:  # json: a number too long for Python to read
        raise DataError(source, [Problem(f"数据无法读取：{exc}")]) from None
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
    except _TooLarge as exc:
        raise DataError(source, [Problem(str(exc), line=exc.line)]) from None
    except MemoryError:
        raise DataError(source, [Problem("数据过大，内存不足，无法读取")]) from None
    except RecursionError:
        raise DataError(source, [Problem(f"嵌套层次过深（最多 {MAX_DEPTH} 层），无法读取")]) from None


def _parse(text: str, fmt: str) -> tuple[Any, _Lines | None]:
    """The data in ``text`` and, for YAML, where each field is written."""
    if fmt == "json":
        return json.loads(text), None
    _check_shape(text)
    data = yaml.load(text, Loader=_UniqueKeyLoader)
    return data, _Lines(yaml.compose(text, Loader=_BaseLoader))


class _TooLarge(Exception):
    """A YAML file expanding through its aliases beyond a limit (message in Chinese)."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def _check_shape(text: str) -> None:
    """Refuse YAML nested deeper than MAX_DEPTH (libyaml would overflow the C stack and
    crash the process) or expanding through aliases to more than DATA_VALUES values or
    DATA_TEXT characters (a “billion laughs” file); reads the events once, without
    recursion or expanding anything."""
    most_values, most_text = DATA_VALUES(), DATA_TEXT()
    sizes: dict[str, tuple[int, int]] = {}
    stack: list[tuple[str | None, list[int]]] = [(None, [0, 0])]  # open collections: anchor, size
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            stack.append((event.anchor, [1, 0]))
            if len(stack) > MAX_DEPTH + 1:
                raise RecursionError(f"nested deeper than {MAX_DEPTH}")
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            anchor, (values, chars) = stack.pop()
        elif isinstance(event, yaml.ScalarEvent):
            anchor, values, chars = event.anchor, 1, len(event.value)
        elif isinstance(event, yaml.AliasEvent):
            anchor, (values, chars) = None, sizes.get(event.anchor or "", (1, 0))
        else:
            continue
        if anchor:
            sizes[anchor] = (values, chars)
        total = stack[-1][1]
        total[0] += values
        total[1] += chars
        line = event.start_mark.line + 1
        if total[0] > most_values:
            raise _TooLarge(DATA_VALUES.exceeded("数据经别名（*引用）展开后"), line)
        if total[1] > most_text:
            raise _TooLarge(DATA_TEXT.exceeded("数据经别名（*引用）展开后的文字"), line)


Expect = type[Model] | Mapping[str, type[Model]]
"""What data must be: one model, or any of a catalogue of document kinds (kind → model)."""


def validate(data: Any, expect: Expect, source: str = "<数据>", lines: Any = None) -> Model:
    """Validate raw data into a model: ``expect`` itself, or the kind its top-level ``kind``
    names in the catalogue ``expect``. Raises DataError listing every problem found."""
    if not isinstance(data, Mapping):
        raise DataError(source, [Problem("顶层应为键值对（含 kind、title、date 等字段）")])
    kind = data.get("kind")
    line = lines(("kind",)) if lines else None
    if kind is not None and not isinstance(kind, str):
        problem = Problem(f"kind 应为一个文档类型的名称（文字），而不是 {kind!r}", "kind", line)
        raise DataError(source, [problem])
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
