"""The sandboxed Jinja2 environment every template renders in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from ..errors import TemplateError
from ..filters import FILTERS


def make_environment(
    finalize: Callable[[Any], Any] | None = None, loader: jinja2.BaseLoader | None = None
) -> jinja2.Environment:
    """A sandboxed, autoescaping environment with gongwen's filters.

    Templates may come from users: the sandbox keeps them away from Python
    internals and from mutating the data, autoescaping keeps data from injecting
    markup, and undefined names are errors rather than silent blanks.
    """
    environment = ImmutableSandboxedEnvironment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=finalize,
        loader=loader,
        keep_trailing_newline=True,
    )
    environment.filters.update(FILTERS)
    return environment


def template_error(path: Path, exc: jinja2.TemplateError, source: str | None = None) -> TemplateError:
    """A TemplateError naming the template file and, for syntax errors, the tag at fault."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = ""
        if source and exc.lineno:
            lines = source.splitlines()
            if 0 < exc.lineno <= len(lines):
                snippet = Markup(lines[exc.lineno - 1]).striptags()
                where = f"（附近文字：{snippet[:60]}）"
        return TemplateError(f"模板 {path} 语法错误：{exc.message}{where}")
    if isinstance(exc, jinja2.UndefinedError):
        return TemplateError(f"模板 {path} 用到了数据中没有的字段：{exc.message}")
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return TemplateError(f"模板 {path} 试图执行不允许的操作：{exc}")
    return TemplateError(f"模板 {path} 渲染失败：{exc}")
