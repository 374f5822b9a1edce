"""gongwen: typed education-supervision data → official documents (公文).

    import gongwen

    plan = gongwen.load("examples/annual-plan.yaml")
    gongwen.render(plan, "out", formats=["docx"])

The names below are imported when first used, so that ``gongwen --help`` and other light
uses do not load every part of the library.
"""

from __future__ import annotations

import types
from typing import TYPE_CHECKING, Any

from . import render as _writers  # the writers' package: a docstring, no imports
from .lazy import attributes
from .version import __version__

if TYPE_CHECKING:
    from .api import load, render
    from .batch import BatchResult, Failure, Job, render_files, render_many
    from .errors import (
        ConversionError,
        DataError,
        GongwenError,
        InternalError,
        OptionError,
        OutputError,
        TemplateError,
    )
    from .kinds import KINDS, Kind, Kinds
    from .registry import Registry
    from .renderer import Renderer

_WHERE = {
    "load": "api",
    "BatchResult": "batch", "Failure": "batch", "Job": "batch", "render_files": "batch",
    "render_many": "batch",
    "ConversionError": "errors", "DataError": "errors", "GongwenError": "errors",
    "InternalError": "errors", "OptionError": "errors", "OutputError": "errors",
    "TemplateError": "errors",
    "KINDS": "kinds", "Kind": "kinds", "Kinds": "kinds",
    "Registry": "registry",
    "Renderer": "renderer",
}
"""Each public name and the module it comes from."""


__getattr__ = attributes(__name__, _WHERE)


class _Render(types.ModuleType):
    """``gongwen.render``: the writers' package (``gongwen.render.pdf`` …), callable as the
    function :func:`gongwen.api.render` — one name for both, so that importing a writer does
    not hide the function, nor the function the writers."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from .api import render

        return render(*args, **kwargs)


_writers.__class__ = _Render


__all__ = [
    "KINDS",
    "BatchResult",
    "ConversionError",
    "DataError",
    "Failure",
    "GongwenError",
    "InternalError",
    "Job",
    "Kind",
    "Kinds",
    "OptionError",
    "OutputError",
    "Registry",
    "Renderer",
    "TemplateError",
    "__version__",
    "load",
    "render",
    "render_files",
    "render_many",
]
