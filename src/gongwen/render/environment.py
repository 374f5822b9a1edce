"""The sandboxed Jinja2 environment every template renders in.

Templates may come from users (``--templates``), so the sandbox is strict:

- attribute access is allow-listed by type: a model's fields and properties, a file's
  name, a few harmless methods of text, dates, lists and dicts, Jinja's own loop and
  namespace objects. Nothing starting with ``_`` or ``model_``, no Path methods, no
  modules or classes, no methods of the models;
- ``range`` is capped; ``*``, ``**``, ``%``, ``+``, ``~`` and the filters and methods that
  build text (``join``, ``replace``, ``indent``, ``wordwrap``, ``format``, ``urlize`` …) work
  out the size of what they would build and refuse it beyond ``GONGWEN_MAX_TEXT`` before
  building it; printing a list or dict counts the text it would make; a render's output is
  capped at ``GONGWEN_MAX_OUTPUT`` characters as it is produced; ``lipsum`` and
  ``str.format`` are gone;
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
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from datetime import date
from datetime import time as day_time
from pathlib import Path, PurePath
from typing import Any

import jinja2
from jinja2 import filters as jinja_filters
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import Namespace, pass_environment, pass_eval_context
from markupsafe import Markup
from pydantic import BaseModel

from ..errors import TemplateError
from ..filters import FILTERS
from ..limits import TEMPLATE_OUTPUT, TEMPLATE_TEXT

TIME_LIMIT_VAR = "GONGWEN_RENDER_TIMEOUT"
DEFAULT_TIME_LIMIT = 30.0
"""Seconds one template render may take."""
MAX_RANGE = 100_000
"""Most items a ``range()`` may have; also the largest number a filter or call accepts."""

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
_PRINTF = re.compile(r"%(?:\(([^)]*)\))?[-#0 +]*(\*|\d*)(?:\.(\*|\d*))?[hlL]?(.)", re.S)
_GUARD = "_gongwen_guard"


class RenderTimeout(jinja2.TemplateError):
    """A render ran past its time limit."""


_deadline: ContextVar[tuple[float, float] | None] = ContextVar("gongwen_deadline", default=None)
"""(monotonic deadline, limit in seconds) of the render in progress in this context."""


_caps: ContextVar[tuple[int, int] | None] = ContextVar("gongwen_caps", default=None)
"""(GONGWEN_MAX_TEXT, GONGWEN_MAX_OUTPUT) of the render in progress, read once for it."""


def _text_cap() -> int:
    caps = _caps.get()
    return TEMPLATE_TEXT() if caps is None else caps[0]


def _output_cap() -> int:
    caps = _caps.get()
    return TEMPLATE_OUTPUT() if caps is None else caps[1]


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


def _too_long(size: int) -> SecurityError:
    return SecurityError(TEMPLATE_TEXT.exceeded("模板生成的文字或列表", size))


def _check_length(length: int) -> None:
    if length > _text_cap():
        raise _too_long(length)


def _check_size(value: Any) -> None:
    if isinstance(value, (str, list, tuple, dict)):
        _check_length(len(value))


def _check_grown(size: int, given: int = 0) -> None:
    """Refuse building ``size`` characters or items beyond the cap (unless the template was
    given that much: passing large data through is not building it)."""
    if size > max(_text_cap(), given):
        raise _too_long(size)


def text_size(value: Any, budget: int | None = None) -> int:
    """About how many characters ``str(value)`` has, without building it: a list or dict
    counts its items (each distinct object once measured); stops counting past ``budget``."""
    if isinstance(value, str):
        return len(value) + 2
    if isinstance(value, int) and not isinstance(value, bool):
        return value.bit_length() // 3 + 2
    budget = _text_cap() if budget is None else budget
    measured: dict[int, int] = {}
    total = 0
    pending: list[Any] = [value]
    while pending and total <= budget:
        item = pending.pop()
        if isinstance(item, str):
            total += len(item) + 2
        elif isinstance(item, bool) or item is None or isinstance(item, float):
            total += 24
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 2
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += 2
            pending.extend(item)
        elif isinstance(item, Mapping):
            total += 2
            pending.extend(item.keys())
            pending.extend(item.values())
        else:
            if id(item) not in measured:
                measured[id(item)] = len(str(item))
            total += measured[id(item)]
    return total


def _items_size(items: Iterable[Any], budget: int) -> int:
    """The characters of the items' texts together, counting no further than ``budget``."""
    total = 0
    for item in items:
        total += len(item) if isinstance(item, str) else text_size(item, budget - total)
        if total > budget:
            break
    return total


def _check_number(value: Any) -> None:
    if isinstance(value, int) and abs(value) > MAX_RANGE:
        raise SecurityError(f"数值 {value} 过大（模板中最多 {MAX_RANGE}）")


def _check_printf(text: str, values: Any = None) -> None:
    """Refuse a ``%``-format padding or cutting to a huge or argument-given width, or (with
    the ``values`` it formats) building more than the cap."""
    for width, precision in _PRINTF_NUMBERS.findall(text):
        for number in (width, precision):
            if number == "*" or (number and int(number) > MAX_RANGE):
                raise SecurityError(f"格式“{text[:40]}”的宽度过大")
    if values is None:
        return
    if not isinstance(values, (tuple, Mapping)):
        values = (values,)
    budget = _text_cap()
    size, index = len(text), 0
    sizes: dict[int, int] = {}
    for match in _PRINTF.finditer(text):
        name, width, precision, conversion = match.groups()
        if conversion == "%":
            continue
        if name is not None and isinstance(values, Mapping):
            value = values.get(name, "")
        elif isinstance(values, tuple) and index < len(values):
            value, index = values[index], index + 1
        else:
            value = ""
        if conversion in "rsa":
            if id(value) not in sizes:
                sizes[id(value)] = text_size(value, budget) * (4 if conversion in "ra" else 1)
            piece = sizes[id(value)]
        else:
            piece = 400 + int(precision or 0)
        size += max(piece, int(width or 0))
        if size > budget:
            raise _too_long(size)


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


def _bounded_items(items: Iterator[Any]) -> Iterator[Any]:
    """A filter's lazily built items (``map``, ``select`` …): their texts together stay
    within the output cap, and the time limit is checked at each."""
    total, most = 0, _output_cap()
    for item in items:
        check_deadline()
        if isinstance(item, str):
            total += len(item)
            if total > most:
                raise SecurityError(TEMPLATE_OUTPUT.exceeded("模板逐项生成的文字", total))
        yield item


def _given_size(value: Any) -> int:
    return len(value) if isinstance(value, (str, list, tuple)) else 0


_TEXT_FILTERS = frozenset({
    "capitalize", "center", "e", "escape", "forceescape", "format", "indent", "lower", "replace",
    "safe", "string", "striptags", "title", "trim", "truncate", "upper", "urlencode", "urlize",
    "wordcount", "wordwrap",
})
"""Filters that turn their value into text first: a list or dict given to them is measured."""


def _guarded_filter(function: Callable[..., Any], name: str = "") -> Callable[..., Any]:
    """A filter that checks the time limit, refuses huge numbers as its arguments and does
    not build text or lists beyond the cap (beyond what it was given)."""
    skip = 2 if hasattr(function, "jinja_pass_arg") else 1  # context/environment, then the value
    stringifies = name in _TEXT_FILTERS

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        check_deadline()
        for value in (*args[skip:], *kwargs.values()):
            _check_number(value)
        if stringifies and len(args) >= skip and not isinstance(args[skip - 1], str):
            _check_grown(text_size(args[skip - 1]))
        result = function(*args, **kwargs)
        if isinstance(result, (str, list, tuple)):
            _check_grown(len(result), _given_size(args[skip - 1]) if len(args) >= skip else 0)
        elif isinstance(result, types.GeneratorType):
            return _bounded_items(result)
        return result

    return guarded


def _format(value: Any, *args: Any, **kwargs: Any) -> str:
    """The ``format`` filter (printf-style) without huge widths or results."""
    text = str(value)
    values = kwargs or args
    _check_printf(text, values)
    return text % values


@pass_eval_context
def _join(eval_ctx: Any, value: Iterable[Any], d: str = "", attribute: str | int | None = None) -> str:
    """``join`` counting the text it would build, item by item, before building it."""
    budget = _text_cap()
    items: list[Any] = []
    total = 0
    for item in value:
        check_deadline()
        items.append(item)
        total += len(d) + (len(item) if isinstance(item, str) else text_size(item, budget))
        if total > budget:
            raise _too_long(total)
    return jinja_filters.do_join(eval_ctx, items, d, attribute)


@pass_eval_context
def _replace(eval_ctx: Any, s: Any, old: str, new: str, count: int | None = None) -> str:
    """``replace`` refusing, before replacing, a result beyond the cap."""
    text, old, new = str(s), str(old), str(new)
    times = text.count(old) if old else len(text) + 1
    if count is not None:
        times = min(times, max(count, 0))
    grow = len(new) * (6 if hasattr(s, "__html__") else 1) - len(old)  # new may be escaped
    _check_grown(len(text) + times * max(grow, 0), len(text))
    return jinja_filters.do_replace(eval_ctx, s, old, new, count)


def _indent(s: Any, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
    """``indent`` refusing, before indenting, a result beyond the cap."""
    text = str(s)
    indention = len(width) if isinstance(width, str) else max(int(width), 0)
    _check_grown(len(text) + (text.count("\n") + 1) * indention, len(text))
    return jinja_filters.do_indent(s, width, first, blank)


@pass_environment
def _wordwrap(environment: jinja2.Environment, s: Any, width: int = 79, break_long_words: bool = True,
              wrapstring: str | None = None, break_on_hyphens: bool = True) -> str:
    """``wordwrap`` refusing, before wrapping, a result or an input beyond the cap."""
    text = str(s)
    wrap = len(wrapstring if wrapstring is not None else environment.newline_sequence)
    lines = len(text) // max(int(width), 1) + text.count("\n") + 1
    _check_length(len(text))
    _check_grown(len(text) + lines * wrap)
    return jinja_filters.do_wordwrap(environment, s, width, break_long_words, wrapstring, break_on_hyphens)


@pass_eval_context
def _urlize(eval_ctx: Any, value: Any, trim_url_limit: int | None = None, nofollow: bool = False,
            target: str | None = None, rel: str | None = None,
            extra_schemes: Iterable[str] | None = None) -> str:
    """``urlize`` refusing, before linking, a result beyond the cap (each word may become a
    link carrying ``target`` and ``rel``)."""
    text = str(value)
    _check_length(len(text))
    words = sum(1 for _ in re.finditer(r"\s+", text)) + 1
    extra = len(str(target or "")) + len(str(rel or "")) + 80
    _check_grown(3 * len(text) + words * extra)
    return jinja_filters.do_urlize(eval_ctx, value, trim_url_limit, nofollow, target, rel, extra_schemes)


def _measured(function: Callable[..., Any], factor: int) -> Callable[..., Any]:
    """A filter turning its value into text at most ``factor`` times as long as ``str(value)``
    (pprint, tojson, string, xmlattr …), refused before it builds beyond the cap."""
    skip = 1 if hasattr(function, "jinja_pass_arg") else 0

    @functools.wraps(function)
    def measured(*args: Any, **kwargs: Any) -> Any:
        value = args[skip]
        if not isinstance(value, str):
            _check_grown(factor * text_size(value))
        return function(*args, **kwargs)

    return measured


@pass_environment
def _sum(environment: jinja2.Environment, iterable: Iterable[Any], attribute: str | int | None = None,
         start: Any = 0) -> Any:
    """``sum`` adding lists or texts one at a time, within the cap and the time limit
    (Python's ``sum`` of lists copies each step and cannot be interrupted)."""
    if not isinstance(start, (list, tuple, str)):
        return jinja_filters.sync_do_sum(environment, iterable, attribute, start)
    if attribute is not None:
        iterable = map(jinja_filters.make_attrgetter(environment, attribute), iterable)
    pieces: list[Any] = []
    size = len(start)
    for item in iterable:
        check_deadline()
        size += len(item) if isinstance(item, (list, tuple, str)) else 1
        _check_grown(size)
        pieces.append(item)
    if isinstance(start, str):
        return start + "".join(pieces)
    out = list(start)
    for item in pieces:
        out.extend(item)
    return type(start)(out)


_BOUNDED_FILTERS: dict[str, Callable[..., Any]] = {
    "join": _join, "sum": _sum, "replace": _replace, "indent": _indent, "wordwrap": _wordwrap,
    "urlize": _urlize, "format": _format,
    **{name: _measured(jinja_filters.FILTERS[name], factor) for name, factor in (
        ("pprint", 2), ("tojson", 6), ("string", 1), ("xmlattr", 6), ("urlencode", 12),
        ("escape", 6), ("e", 6), ("forceescape", 6), ("list", 1),
    )},
}
"""Jinja's filters that can build text many times their input's size, in bounded versions."""


def _str_method_size(method: Any, args: tuple[Any, ...]) -> int | None:
    """The size ``str.join``/``str.replace`` would build, worked out before calling them."""
    owner = getattr(method, "__self__", None)
    if not isinstance(owner, str) or (not inspect.ismethod(method) and not inspect.isbuiltin(method)):
        return None
    if method.__name__ == "join" and args:
        items = args[0] if isinstance(args[0], (list, tuple, str)) else list(args[0])
        return _items_size(items, _text_cap()) + len(owner) * max(len(items) - 1, 0)
    if method.__name__ == "replace" and len(args) >= 2:
        old, new = str(args[0]), str(args[1])
        times = owner.count(old) if old else len(owner) + 1
        if len(args) > 2 and isinstance(args[2], int) and args[2] >= 0:
            times = min(times, args[2])
        return len(owner) + times * max(len(new) - len(old), 0)
    return None


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


class _BoundedCodeGenerator(CodeGenerator):
    """Compiles ``a ~ b ~ …`` to count the text it would build before building it."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        else:
            join = "markup_join" if frame.eval_ctx.autoescape else "str_join"
        self.write(f"environment.bounded_concat({join})((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


def _bounded_finalize(finalize: Callable[..., Any] | None) -> Callable[[Any], Any]:
    """What ``{{ value }}`` prints: a list or dict is refused when its text would pass the
    cap (printing it builds that text), then the environment's own finalize."""

    def bounded(value: Any) -> Any:
        if isinstance(value, (list, tuple, set, frozenset, dict)):
            _check_grown(text_size(value))
        return value if finalize is None else finalize(value)

    return bounded


class GongwenSandbox(ImmutableSandboxedEnvironment):
    """The sandbox: allow-listed attributes, bounded values, and a time limit."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = _BoundedCodeGenerator

    def __init__(self, *args: Any, time_limit: float | None = None, **kwargs: Any) -> None:
        super().__init__(*args, extensions=[_GuardLoops], **kwargs)
        self.time_limit = default_time_limit() if time_limit is None else time_limit
        del self.globals["lipsum"]
        self.globals.update(range=_safe_range, namespace=_Namespace)
        self.filters.update(_BOUNDED_FILTERS)
        self.filters.update(FILTERS)
        self.filters = {name: _guarded_filter(f, name) for name, f in self.filters.items()}
        self.filters[_GUARD] = _guard
        self.finalize = _bounded_finalize(self.finalize)

    def bounded_concat(self, join: Callable[[Iterable[Any]], str]) -> Callable[[Iterable[Any]], str]:
        """``a ~ b``: the pieces' texts are counted before they are joined."""

        def bounded(pieces: Iterable[Any]) -> str:
            pieces = tuple(pieces)
            sizes = [len(p) if isinstance(p, str) else text_size(p) for p in pieces]
            _check_grown(sum(sizes), max(sizes, default=0))
            return join(pieces)

        return bounded

    def _compile(self, source: str, filename: str) -> types.CodeType:
        """Python's compiler refuses expressions nested too deeply (``a+a+…`` 200 times): a
        syntax error of the template, not a crash."""
        try:
            return super()._compile(source, filename)
        except (SyntaxError, RecursionError, MemoryError) as exc:
            raise jinja2.TemplateSyntaxError(
                f"表达式嵌套过深，无法编译（{type(exc).__name__}），请拆成几步（set）", 1,
                filename=None if filename == "<template>" else filename,
            ) from None

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
        size = _str_method_size(__obj, args)
        if size is not None:
            _check_grown(size, len(__obj.__self__))
        result = super().call(__context, __obj, *args, **kwargs)
        owner = getattr(__obj, "__self__", None)
        if isinstance(result, (str, list, tuple)) and isinstance(owner, (str, list, tuple, dict)):
            _check_grown(len(result), len(owner) if isinstance(owner, (str, list, tuple)) else 0)
        return result

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        check_deadline()
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if isinstance(sequence, (str, list, tuple)) and isinstance(times, int):
                    _check_length(len(sequence) * times)
        elif operator == "**" and isinstance(left, int) and isinstance(right, int):
            if right > 0 and abs(left).bit_length() * right > 64 * MAX_RANGE:
                raise SecurityError(f"{left} ** {right} 过大")
        elif operator == "+":
            if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
                _check_grown(len(left) + len(right), max(len(left), len(right)))
        elif isinstance(left, str):
            _check_printf(left, right)
        return super().call_binop(context, operator, left, right)

    def concat(self, pieces: Iterable[str]) -> str:  # type: ignore[override]
        """Join a render's output, checking the time limit and the size on the way."""
        out: list[str] = []
        size, most = 0, _output_cap()
        for piece in pieces:
            check_deadline()
            size += len(piece)
            if size > most:
                raise SecurityError(TEMPLATE_OUTPUT.exceeded("模板输出"))
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
    caps = _caps.set((TEMPLATE_TEXT(), TEMPLATE_OUTPUT()))
    try:
        return template.render(context)
    except jinja2.TemplateError as exc:
        raise template_error(path, exc) from None
    except RecursionError:
        raise TemplateError(f"模板 {path} 渲染失败：递归过深（宏或循环调用自身）") from None
    except Exception as exc:  # a user's template can raise anything: report it as theirs
        raise TemplateError(f"模板 {path} 渲染失败：{type(exc).__name__}: {exc}") from None
    finally:
        _caps.reset(caps)
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
