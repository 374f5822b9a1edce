"""The sandboxed Jinja2 environment every template renders in.

Templates may come from users (``--templates``), so the sandbox is strict:

- attribute access is allow-listed by type: a model's fields and properties, a file's
  name, a few harmless methods of text, dates, lists and dicts, Jinja's own loop and
  namespace objects. Nothing starting with ``_`` or ``model_``, no Path methods, no
  modules or classes, no methods of the models;
- ``range`` is capped, ``*``, ``**`` and ``%`` cannot build huge values, filters and
  calls take no huge numbers or texts, ``lipsum`` and ``str.format`` are gone;
- every render has a time limit (``GONGWEN_RENDER_TIMEOUT`` seconds, default 30)
  checked at each loop step, call, attribute access and piece of output;
- ``extends``/``include``/``import`` reach only the registry's template files through
  :class:`~gongwen.render.loader.RegistryLoader` (Markdown and HTML templates); a .docx
  template refers to no other file.

Whatever goes wrong inside a template becomes a TemplateError naming the template file.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import inspect
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from datetime import date
from datetime import time as day_time
from pathlib import Path, PurePath
from typing import Any

import jinja2
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import Namespace
from markupsafe import Markup
from pydantic import BaseModel

from ..errors import TemplateError
from ..filters import FILTERS

TIME_LIMIT_VAR = "GONGWEN_RENDER_TIMEOUT"
DEFAULT_TIME_LIMIT = 30.0
"""Seconds one template render may take."""
MAX_RANGE = 100_000
"""Most items a ``range()`` may have; also the largest number a filter or call accepts."""
MAX_SIZE = 10_000_000
"""Longest text or list a template may build (``*``, ``%``, namespaces, call arguments)."""
MAX_OUTPUT = 500_000_000
"""Most characters one render may produce."""

_PATH_ATTRIBUTES = frozenset({"name", "stem", "suffix"})
_DATE_ATTRIBUTES = frozenset(
    {"year", "month", "day", "hour", "minute", "second", "weekday", "isoweekday", "isoformat", "strftime"}
)
_TEXT_METHODS = frozenset({
    "capitalize", "casefold", "count", "endswith", "find", "index", "isalnum", "isalpha",
    "isdecimal", "isdigit", "islower", "isnumeric", "isspace", "istitle", "isupper", "join",
    "lower", "lstrip", "partition", "removeprefix", "removesuffix", "replace", "rfind",
    "rindex", "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith", "strip",
    "striptags", "swapcase", "title", "unescape", "upper",
})
_CONTAINER_METHODS = frozenset({"count", "get", "index", "items", "keys", "values"})
_ENUM_ATTRIBUTES = frozenset({"name", "value"})
_PRINTF_NUMBERS = re.compile(r"%[-#0 +]*(\*|\d*)(?:\.(\*|\d*))?")
_GUARD = "_gongwen_guard"


class RenderTimeout(jinja2.TemplateError):
    """A render ran past its time limit."""


_deadline: ContextVar[tuple[float, float] | None] = ContextVar("gongwen_deadline", default=None)
"""(monotonic deadline, limit in seconds) of the render in progress in this context."""


def check_deadline() -> None:
    """Stop the render in progress if it has run past its time limit."""
    current = _deadline.get()
    if current is not None and time.monotonic() > current[0]:
        raise RenderTimeout(f"渲染超过 {current[1]:g} 秒，已停止（可用 {TIME_LIMIT_VAR} 调整）")


def default_time_limit() -> float:
    """The time limit from ``GONGWEN_RENDER_TIMEOUT``, or 30 seconds."""
    value = os.environ.get(TIME_LIMIT_VAR, "").strip()
    if not value:
        return DEFAULT_TIME_LIMIT
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not seconds > 0:
        raise TemplateError(f"环境变量 {TIME_LIMIT_VAR} 应为正数（秒），而不是“{value}”")
    return seconds


def _check_length(length: int) -> None:
    if length > MAX_SIZE:
        raise SecurityError(f"模板生成的文字或列表过长（超过 {MAX_SIZE} 项）")


def _check_size(value: Any) -> None:
    if isinstance(value, (str, list, tuple, dict)):
        _check_length(len(value))


def _check_number(value: Any) -> None:
    if isinstance(value, int) and abs(value) > MAX_RANGE:
        raise SecurityError(f"数值 {value} 过大（模板中最多 {MAX_RANGE}）")


def _check_printf(text: str) -> None:
    """Refuse ``%``-formats that pad or cut to a huge or argument-given width."""
    for width, precision in _PRINTF_NUMBERS.findall(text):
        for number in (width, precision):
            if number == "*" or (number and int(number) > MAX_RANGE):
                raise SecurityError(f"格式“{text[:40]}”的宽度过大")


def _safe_range(*args: int) -> range:
    values = range(*args)
    try:
        size = len(values)
    except OverflowError:
        size = MAX_RANGE + 1
    if size > MAX_RANGE:
        raise SecurityError(f"range 过大（最多 {MAX_RANGE} 项）")
    return values


def _guard(iterable: Iterable[Any]) -> Iterator[Any]:
    """A loop's items, checking the time limit before each step."""
    for item in iterable:
        check_deadline()
        yield item


def _guarded_filter(function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that checks the time limit and refuses huge numbers as its arguments."""
    skip = 2 if hasattr(function, "jinja_pass_arg") else 1  # context/environment, then the value

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        check_deadline()
        for value in (*args[skip:], *kwargs.values()):
            _check_number(value)
        return function(*args, **kwargs)

    return guarded


def _format(value: Any, *args: Any, **kwargs: Any) -> str:
    """The ``format`` filter (printf-style) without huge widths."""
    text = str(value)
    _check_printf(text)
    return text % (kwargs or args)


class _Namespace(Namespace):
    """``namespace()`` whose values cannot grow without bound."""

    def __setitem__(self, name: str, value: Any) -> None:
        _check_size(value)
        super().__setitem__(name, value)


class _GuardLoops(Extension):
    """Pass every ``{% for %}`` loop's items through the time-limit guard."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        previous: Token | None = None
        tokens = iter(stream)
        for token in tokens:
            yield token
            if token.test("name:for") and previous is not None and previous.type == "block_begin":
                yield from self._wrap_iterable(tokens)
            previous = token

    @staticmethod
    def _wrap_iterable(tokens: Iterator[Token]) -> Iterator[Token]:
        """Copy ``target in``, then write the iterable as ``(iterable)|_gongwen_guard``."""
        depth = 0
        for token in tokens:
            yield token
            depth += token.type in ("lparen", "lbracket", "lbrace")
            depth -= token.type in ("rparen", "rbracket", "rbrace")
            if depth == 0 and token.test("name:in"):
                yield Token(token.lineno, "lparen", "(")
                break
        for token in tokens:
            ends = token.type == "block_end" or token.test_any("name:if", "name:recursive")
            if depth == 0 and ends:
                yield Token(token.lineno, "rparen", ")")
                yield Token(token.lineno, "pipe", "|")
                yield Token(token.lineno, "name", _GUARD)
                yield token
                return
            depth += token.type in ("lparen", "lbracket", "lbrace")
            depth -= token.type in ("rparen", "rbracket", "rbrace")
            yield token


def _is_property(owner: type, attribute: str) -> bool:
    declared = inspect.getattr_static(owner, attribute, None)
    return isinstance(declared, (property, functools.cached_property))


def _model_attribute(model: type[BaseModel], attribute: str) -> bool:
    """A model's data: its fields and the properties gongwen defines, not pydantic's API."""
    if attribute in model.model_fields or attribute in model.model_computed_fields:
        return True
    return not hasattr(BaseModel, attribute) and _is_property(model, attribute)


def safe_attribute(obj: Any, attribute: str) -> bool:
    """Whether a template may read ``obj.attribute``: allow-listed by the object's type."""
    if isinstance(obj, BaseModel):
        return _model_attribute(type(obj), attribute)
    if isinstance(obj, PurePath):
        return attribute in _PATH_ATTRIBUTES
    if isinstance(obj, str):
        return attribute in _TEXT_METHODS
    if isinstance(obj, (date, day_time)):
        return attribute in _DATE_ATTRIBUTES
    if isinstance(obj, enum.Enum):
        return attribute in _ENUM_ATTRIBUTES
    if isinstance(obj, (list, tuple, dict, Mapping)):
        return attribute in _CONTAINER_METHODS
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        fields = {f.name for f in dataclasses.fields(obj)}
        return attribute in fields or _is_property(type(obj), attribute)
    return isinstance(obj, Namespace) or type(obj).__module__.split(".")[0] == "jinja2"  # loop, self…


class _NoReferences(jinja2.BaseLoader):
    """The loader of templates that may not refer to other files (.docx templates)."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        raise jinja2.TemplateNotFound(
            template,
            f"不能引用其他模板文件“{template}”（include、import、extends 只用于 Markdown、HTML 模板）",
        )


class GongwenSandbox(ImmutableSandboxedEnvironment):
    """The sandbox: allow-listed attributes, bounded values, and a time limit."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, *args: Any, time_limit: float | None = None, **kwargs: Any) -> None:
        super().__init__(*args, extensions=[_GuardLoops], **kwargs)
        self.time_limit = default_time_limit() if time_limit is None else time_limit
        del self.globals["lipsum"]
        self.globals.update(range=_safe_range, namespace=_Namespace)
        self.filters["format"] = _format
        self.filters.update(FILTERS)
        self.filters = {name: _guarded_filter(f) for name, f in self.filters.items()}
        self.filters[_GUARD] = _guard

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(value, (type, type(os))):
            return False
        return super().is_safe_attribute(obj, attr, value) and safe_attribute(obj, attr)

    def unsafe_undefined(self, obj: Any, attribute: str) -> jinja2.Undefined:
        return self.undefined(
            f"不允许访问 {type(obj).__name__} 的“{attribute}”", name=attribute, obj=obj, exc=SecurityError
        )

    def join_path(self, template: str, parent: str) -> str:
        """Let the loader read ``!name`` relative to the referring template."""
        join = getattr(self.loader, "join_path", None)
        return join(template, parent) if join else template

    def wrap_str_format(self, value: Any) -> None:
        """``str.format`` is not offered at all (it can pad to any width)."""
        return None

    def getattr(self, obj: Any, attribute: str) -> Any:
        check_deadline()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        check_deadline()
        return super().getitem(obj, argument)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        check_deadline()
        for value in (*args, *kwargs.values()):
            _check_size(value)
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        check_deadline()
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if isinstance(sequence, (str, list, tuple)) and isinstance(times, int):
                    _check_length(len(sequence) * times)
        elif operator == "**" and isinstance(left, int) and isinstance(right, int):
            if right > 0 and abs(left).bit_length() * right > 64 * MAX_RANGE:
                raise SecurityError(f"{left} ** {right} 过大")
        elif isinstance(left, str):
            _check_printf(left)
        return super().call_binop(context, operator, left, right)

    def concat(self, pieces: Iterable[str]) -> str:  # type: ignore[override]
        """Join a render's output, checking the time limit and the size on the way."""
        out: list[str] = []
        size = 0
        for piece in pieces:
            check_deadline()
            size += len(piece)
            if size > MAX_OUTPUT:
                raise SecurityError(f"模板输出过长（超过 {MAX_OUTPUT} 个字符）")
            out.append(piece)
        return "".join(out)


def make_environment(
    finalize: Callable[[Any], Any] | None = None,
    loader: jinja2.BaseLoader | None = None,
    time_limit: float | None = None,
) -> jinja2.Environment:
    """A sandboxed, autoescaping environment with gongwen's filters.

    Templates may come from users: the sandbox keeps them away from files, modules,
    Python internals and from mutating the data; autoescaping keeps data from injecting
    markup; undefined names are errors rather than silent blanks. ``loader`` is what
    ``extends``/``include``/``import`` may read (nothing when not given). ``time_limit``
    (seconds) defaults to ``GONGWEN_RENDER_TIMEOUT`` or 30.
    """
    return GongwenSandbox(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=finalize,
        loader=loader or _NoReferences(),
        keep_trailing_newline=True,
        time_limit=time_limit,
    )


def model_context(document: BaseModel) -> dict[str, Any]:
    """What a template sees of a model: every field by name, and the model as ``document``."""
    return {**{name: getattr(document, name) for name in type(document).model_fields}, "document": document}


def render_template(template: jinja2.Template, context: Mapping[str, Any], path: Path) -> str:
    """Render within the environment's time limit; any failure is a TemplateError naming ``path``."""
    limit = getattr(template.environment, "time_limit", DEFAULT_TIME_LIMIT)
    token = _deadline.set((time.monotonic() + limit, limit))
    try:
        return template.render(context)
    except jinja2.TemplateError as exc:
        raise template_error(path, exc) from None
    except RecursionError:
        raise TemplateError(f"模板 {path} 渲染失败：递归过深（宏或循环调用自身）") from None
    except Exception as exc:  # a user's template can raise anything: report it as theirs
        raise TemplateError(f"模板 {path} 渲染失败：{type(exc).__name__}: {exc}") from None
    finally:
        _deadline.reset(token)


def template_error(path: Path, exc: jinja2.TemplateError, source: str | None = None) -> TemplateError:
    """A TemplateError naming the template file and, for syntax errors, the tag at fault."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = ""
        path = Path(exc.filename) if exc.filename else path  # a file it extends or includes
        source = source or exc.source
        if source and exc.lineno:
            lines = source.splitlines()
            if 0 < exc.lineno <= len(lines):
                snippet = Markup(lines[exc.lineno - 1]).striptags()
                where = f"（附近文字：{snippet[:60]}）"
        return TemplateError(f"模板 {path} 语法错误：{exc.message}{where}")
    if isinstance(exc, jinja2.TemplateNotFound):
        return TemplateError(f"模板 {path} {exc.message}")
    if isinstance(exc, RenderTimeout):
        return TemplateError(f"模板 {path} {exc.message}")
    if isinstance(exc, jinja2.UndefinedError):
        return TemplateError(f"模板 {path} 用到了数据中没有的字段：{exc.message}")
    if isinstance(exc, SecurityError):
        return TemplateError(f"模板 {path} 试图执行不允许的操作：{exc}")
    return TemplateError(f"模板 {path} 渲染失败：{exc}")
