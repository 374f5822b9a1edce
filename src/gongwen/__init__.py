"""gongwen: typed education-supervision data → official documents (公文).

    import gongwen

    plan = gongwen.load("examples/annual-plan.yaml")
    gongwen.render(plan, "out", formats=["docx"])
"""

__version__ = "0.1.0"

from .api import BatchResult, Job, Renderer, load, render
from .errors import ConversionError, DataError, GongwenError, TemplateError
from .registry import Registry

__all__ = [
    "BatchResult",
    "ConversionError",
    "DataError",
    "GongwenError",
    "Job",
    "Registry",
    "Renderer",
    "TemplateError",
    "__version__",
    "load",
    "render",
]
