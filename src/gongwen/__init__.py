"""gongwen: typed education-supervision data → official documents (公文).

    import gongwen

    plan = gongwen.load("examples/annual-plan.yaml")
    gongwen.render(plan, "out", formats=["docx"])
"""

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
from .version import __version__

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
