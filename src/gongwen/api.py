"""The library's front door: load data, render a document.

Everything the command line does is a library call, so an office system can
``import gongwen`` and do the same::

    import gongwen

    plan = gongwen.load("examples/annual-plan.yaml")
    paths = gongwen.render(plan, "out", formats=["docx"])
    result = gongwen.render_files(["a.yaml", "b.yaml"], "out", ["docx", "pdf"])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from .errors import DataError, Problem
from .kinds import BUILT_IN, Kinds
from .loaders import Expect
from .loaders import load as load_file
from .models.base import Document, Model
from .renderer import Renderer


def expectation(expect: str | type[Model] | None = None, kinds: Kinds = BUILT_IN) -> Expect:
    """What :func:`load` checks data against: any kind, the kind named, or a model."""
    if expect is None:
        return kinds.models()
    if isinstance(expect, str):
        if expect not in kinds:
            known = "、".join(kinds.models())
            raise DataError("<参数>", [Problem(f"未知的文档类型“{expect}”，可用：{known}", "kind")])
        return kinds.get(expect).model
    return expect


def load(
    path: str | Path, expect: str | type[Model] | None = None, kinds: Kinds = BUILT_IN,
    allowed_dirs: Iterable[str | Path] = (),
) -> Model:
    """Load and validate a data file into its model; ``expect`` is a kind name (such as
    ``"records"``) or a model the file must be. Files it names (seals, photos, ledgers) are
    read only from its directory and ``allowed_dirs``. Raises DataError listing every problem."""
    return load_file(path, expectation(expect, kinds), allowed_dirs)


def render(
    document: Document,
    outdir: str | Path,
    formats: Sequence[str] = ("docx",),
    template: str | None = None,
    template_dirs: Iterable[str | Path] = (),
    blank: bool = False,
) -> list[Path]:
    """Render one document with a one-off renderer; see :mod:`gongwen.batch` for batches.

    ``formats`` may include ``pdf`` (needs LibreOffice; see ``gongwen doctor``).
    """
    with Renderer(template_dirs) as renderer:
        return renderer.render(document, outdir, formats, template, blank=blank)
