"""The library entry points: load data, render documents, render batches of files.

Everything the command line does is here, so an office system can ``import gongwen``
and do the same::

    import gongwen

    plan = gongwen.load("examples/annual-plan.yaml")
    paths = gongwen.render(plan, "out", formats=["docx"])
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path

from .derive import outline_of
from .errors import GongwenError, TemplateError
from .loaders import load_document
from .models.base import Model
from .registry import Registry
from .render.docx import CompiledDocx, CoreProperties, write_package
from .render.official import docx_context

TEMPLATE_FORMATS = ("docx",)
"""Formats rendered directly from a template file."""

load = load_document


def output_stem(document: Model) -> str:
    """A file name from the document's title: no path separators or control characters."""
    title = str(getattr(document, "title", "") or getattr(document, "kind", "document"))
    text = unicodedata.normalize("NFC", title)
    text = re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f]', "_", text)
    text = re.sub(r"\s+", " ", text).strip(" ._")
    return text[:80] or "document"


def core_properties(document: Model) -> CoreProperties:
    """Document properties from the data (never the clock), so output is reproducible."""
    issuer = getattr(document, "issuer", None)
    day = getattr(document, "date", None)
    created = datetime.combine(day, time()) if day else datetime(2000, 1, 1)
    return CoreProperties(
        title=str(getattr(document, "title", "")),
        author=getattr(issuer, "name", "") if issuer else "",
        subject=str(getattr(document, "kind", "")),
        created=created,
    )


@dataclass
class Failure:
    """A document of a batch that could not be produced, and why."""

    source: str
    error: GongwenError


@dataclass
class BatchResult:
    """What a batch produced and what failed; one failure never loses the others."""

    outputs: list[Path] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


class Renderer:
    """Renders documents through a template registry.

    Compiled templates are kept for the renderer's lifetime, so rendering a batch
    parses each template once.
    """

    def __init__(
        self, template_dirs: Iterable[str | Path] = (), registry: Registry | None = None
    ) -> None:
        self.registry = registry or Registry.default(template_dirs)
        self._compiled: dict[Path, CompiledDocx] = {}

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release what the renderer holds."""
        self._compiled.clear()

    def docx_template(self, path: Path) -> CompiledDocx:
        """The compiled .docx template at ``path`` (compiled on first use)."""
        compiled = self._compiled.get(path)
        if compiled is None:
            compiled = self._compiled[path] = CompiledDocx(path)
        return compiled

    def render_docx(self, document: Model, target: Path, template: str | None = None) -> Path:
        """Render one document to a .docx file at ``target``."""
        kind = str(getattr(document, "kind", ""))
        template_id = template or self.registry.default_for(kind)
        resolved = self.registry.resolve(template_id, "docx")
        self.registry.check_kind(resolved, kind)
        compiled = self.docx_template(resolved.path)
        package = compiled.new_package()
        context = docx_context(document, outline_of(document), package, compiled.styles)
        compiled.render_into(package, context, core_properties(document))
        return write_package(package, target)

    def render(
        self,
        document: Model,
        outdir: str | Path,
        formats: Sequence[str] = ("docx",),
        template: str | None = None,
        stem: str | None = None,
    ) -> list[Path]:
        """Render a document in each format into ``outdir``; return the files written."""
        unknown = [f for f in formats if f not in TEMPLATE_FORMATS]
        if unknown:
            raise TemplateError(f"不支持的输出格式：{'、'.join(unknown)}（可用：{'、'.join(TEMPLATE_FORMATS)}）")
        outdir = Path(outdir)
        stem = stem or output_stem(document)
        return [self.render_docx(document, outdir / f"{stem}.docx", template) for _ in formats[:1]]

    def render_files(
        self,
        paths: Iterable[str | Path],
        outdir: str | Path,
        formats: Sequence[str] = ("docx",),
        template: str | None = None,
    ) -> BatchResult:
        """Load and render each data file; failures are collected, not raised."""
        result = BatchResult()
        documents: list[tuple[str, Model]] = []
        for path in paths:
            try:
                documents.append((str(path), load_document(path)))
            except GongwenError as exc:
                result.failures.append(Failure(str(path), exc))
        stems = _unique_stems([output_stem(doc) for _, doc in documents])
        for (source, document), stem in zip(documents, stems):
            try:
                result.outputs += self.render(document, outdir, formats, template, stem)
            except GongwenError as exc:
                result.failures.append(Failure(source, exc))
        return result


def _unique_stems(stems: list[str]) -> list[str]:
    """Number repeated titles in a batch: 通知, 通知（2）, 通知（3）."""
    seen: dict[str, int] = {}
    unique = []
    for stem in stems:
        seen[stem] = seen.get(stem, 0) + 1
        unique.append(stem if seen[stem] == 1 else f"{stem}（{seen[stem]}）")
    return unique


def render(
    document: Model,
    outdir: str | Path,
    formats: Sequence[str] = ("docx",),
    template: str | None = None,
    template_dirs: Iterable[str | Path] = (),
) -> list[Path]:
    """Render one document with a one-off renderer; see :class:`Renderer` for batches."""
    with Renderer(template_dirs) as renderer:
        return renderer.render(document, outdir, formats, template)
