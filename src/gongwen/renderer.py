"""The Renderer: one document in one format, through the template registry.

It holds what is worth keeping between documents — compiled templates, the PDF pool and
its scratch directory — and knows, for each output format, how a document is written.
Batches of documents (failures, the manifest of a re-run, booklets) are
:mod:`gongwen.batch`'s business.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .derive.outline import Outline
from .errors import GongwenError, TemplateError
from .kinds import BUILT_IN, Kind, Kinds
from .models.base import Document
from .naming import BLANK_SUFFIX, output_stem, safe_stem
from .registry import Registry, Resolved
from .render.docx.official import docx_context
from .render.docx.package import CoreProperties, Package, write_package
from .render.docx.template import CompiledDocx
from .render.files import directory_lock, scratch_directory, write_atomic

if TYPE_CHECKING:
    from .kinds import Layout
    from .models.forms import Form
    from .render.markup import MarkupTemplates
    from .render.pdf import PdfConverter, PdfMetadata

TEMPLATE_FORMATS = ("docx", "md", "html")
"""Formats rendered directly from a template file."""

FORMATS = (*TEMPLATE_FORMATS, "xlsx", "pdf")
"""Every output format; xlsx is drawn by code (a kind's ``workbook``), not from a template
file, and pdf is the rendered .docx converted by LibreOffice."""

ExtraContext = Callable[[Package], dict[str, Any]]
"""Adds parts to a .docx package (charts, images) and returns template values for them."""

PdfJob = tuple[Path, Path, "PdfMetadata"]
"""A PDF to produce: the .docx to convert, the target .pdf, its metadata."""


def blank_form(document: Document) -> Form:
    """The document as an empty form; only forms can be printed blank."""
    from .models.forms import Form

    if not isinstance(document, Form):
        raise TemplateError(f"只有表格类文档才能生成空白表，“{document.kind}”不是表格")
    return document.blank()


def core_properties(document: Document) -> CoreProperties:
    """Document properties from the data (never the clock), so output is reproducible."""
    day = document.dated
    return CoreProperties(
        title=document.title,
        author=document.author,
        subject=document.kind,
        created=datetime.combine(day, time()) if day else datetime(2000, 1, 1),
    )


def pdf_metadata(document: Document) -> PdfMetadata:
    """PDF document information: Title, Author (the issuer), Subject (the kind)."""
    from .render.pdf import PdfMetadata

    return PdfMetadata(title=document.title, author=document.author, subject=document.kind)


class Renderer:
    """Renders documents of the given kinds through a template registry.

    Compiled templates are kept for the renderer's lifetime, so rendering many documents
    parses each template once; the LibreOffice pool starts on the first PDF and stops with
    :meth:`close` (or the ``with`` block), unless it was given as ``pdf`` to share.
    """

    def __init__(
        self,
        template_dirs: Iterable[str | Path] = (),
        registry: Registry | None = None,
        time_limit: float | None = None,
        kinds: Kinds = BUILT_IN,
        allowed_dirs: Iterable[str | Path] = (),
        pdf: PdfConverter | None = None,
    ) -> None:
        self.kinds = kinds
        self.allowed_dirs = tuple(Path(d) for d in allowed_dirs)
        """Directories data files may read from besides their own (seals, photos, ledgers
        kept elsewhere); see :func:`gongwen.batch.render_files`."""
        self.registry = registry or Registry.default(template_dirs, kinds)
        self.time_limit = time_limit
        """Seconds a template may take to render (default: $GONGWEN_RENDER_TIMEOUT or 30)."""
        self._compiled: dict[Path, CompiledDocx] = {}
        self._markup: MarkupTemplates | None = None
        self._pdf: PdfConverter | None = pdf
        self._own_pdf = pdf is None
        """``pdf`` is a pool shared with other renderers (a server's): used, never closed here."""
        self._scratch: Path | None = None
        self.warnings: list[str] = []
        """What rendering noticed that the user should look at (a form that does not fit
        its sheet …), in Chinese, oldest first; a batch moves them into its result."""
        self.writers: dict[str, Callable[..., Path]] = {
            "docx": self.render_docx,
            "md": self.render_markdown,
            "html": self.render_html,
            "xlsx": self.render_xlsx,
            "pdf": self.render_pdf,
        }
        """Output format → the method writing a document in it."""

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release what the renderer holds; stops its LibreOffice workers, if any."""
        self._compiled.clear()
        self._markup = None
        if self._pdf is not None and self._own_pdf:
            self._pdf.close()
            self._pdf = None
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def pdf_converter(self, documents: int | None = None) -> PdfConverter:
        """The renderer's pool of LibreOffice workers, created on first use — sized for
        ``documents`` PDFs when the first caller knows how many (see ``pool_size``) — and
        kept for the renderer's lifetime, so the batches of one run share warm workers.

        Raises ConversionError (with installation advice) when LibreOffice is missing.
        """
        if self._pdf is None:
            from .render.pdf.converter import PdfConverter, pool_size

            self._pdf = PdfConverter(pool_size(documents))
        return self._pdf

    def prepare_pdf(self, formats: Sequence[str], documents: int | None = None) -> None:
        """When ``formats`` asks for PDF, start the LibreOffice workers in the background,
        so that they are ready by the time the first document is rendered. A missing
        LibreOffice is reported by the conversion, not here."""
        if "pdf" not in formats:
            return
        with contextlib.suppress(GongwenError):
            self.pdf_converter(documents).start()

    def scratch_docx(self) -> Path:
        """A fresh path for a .docx rendered only to be converted to PDF."""
        if self._scratch is None:
            self._scratch = scratch_directory("gongwen-")
        fd, name = tempfile.mkstemp(suffix=".docx", dir=self._scratch)
        os.close(fd)
        return Path(name)

    def kind(self, document: Document) -> Kind:
        """The declaration of the document's kind."""
        try:
            return self.kinds.of(document)
        except KeyError as exc:
            raise TemplateError(str(exc.args[0])) from None

    def layout(self, document: Document) -> Layout:
        """The document's body outline or form grid, as its kind lays it out."""
        kind = self.kind(document)
        if not kind.renders:
            raise TemplateError(f"“{kind.label}”（{kind.name}）是数据，不能直接生成文档")
        return kind.layout(document)

    def docx_template(self, path: Path) -> CompiledDocx:
        """The compiled .docx template at ``path`` (compiled on first use)."""
        compiled = self._compiled.get(path)
        if compiled is None:
            compiled = self._compiled[path] = CompiledDocx(path, time_limit=self.time_limit)
        return compiled

    def markup_templates(self) -> MarkupTemplates:
        """The compiled Markdown and HTML templates (Python-Markdown is imported on first use)."""
        if self._markup is None:
            from .render.markup import MarkupTemplates

            self._markup = MarkupTemplates(self.registry.loader(), self.time_limit)
        return self._markup

    def resolve(self, document: Document, fmt: str, template: str | None = None) -> Resolved:
        """The template file for a document in a format: the named one or the kind's default."""
        resolved = self.registry.resolve(
            template or self.registry.default_for(document.kind, document), fmt
        )
        self.registry.check_kind(resolved, document.kind)
        return resolved

    def render_docx(
        self,
        document: Document,
        target: Path,
        template: str | None = None,
        extra_context: ExtraContext | None = None,
    ) -> Path:
        """Render one document to a .docx file at ``target``."""
        compiled = self.docx_template(self.resolve(document, "docx", template).path)
        layout = self.layout(document)
        if not isinstance(layout, Outline):  # a form's grid
            from .render.docx.form import render_form

            package = render_form(compiled, document, layout, core_properties(document))
        else:
            package = compiled.new_package()
            context = docx_context(document, layout, package, compiled.styles)
            if extra_context is not None:
                context.update(extra_context(package))
            compiled.render_into(package, context, core_properties(document))
        self.warnings += package.warnings
        return write_package(package, target)

    def markdown(self, document: Document, template: str | None = None) -> str:
        """The document as Markdown text."""
        path = self.resolve(document, "md", template).path
        return self.markup_templates().markdown(path, document, self.layout(document))

    def html(self, document: Document, template: str | None = None) -> str:
        """The document as a standalone HTML page."""
        path = self.resolve(document, "html", template).path
        return self.markup_templates().html(path, document, self.markdown(document, template))

    def render_markdown(self, document: Document, target: Path, template: str | None = None) -> Path:
        """Render one document to a Markdown file at ``target``."""
        return write_atomic(target, self.markdown(document, template).encode("utf-8"))

    def render_html(self, document: Document, target: Path, template: str | None = None) -> Path:
        """Render one document to an HTML file at ``target``."""
        return write_atomic(target, self.html(document, template).encode("utf-8"))

    def render_xlsx(self, document: Document, target: Path, template: str | None = None) -> Path:
        """Render a document to an .xlsx file at ``target``, drawn by its kind's
        ``workbook`` (``template`` is not used)."""
        kind = self.kind(document)
        if kind.workbook is None:
            names = "、".join(k.label for k in self.kinds if k.workbook)
            raise TemplateError(f"“{kind.label}”没有 xlsx 格式，可输出 xlsx 的有：{names}")
        from .render.xlsx.workbook import write_workbook

        book = kind.workbook(document, self.layout(document))
        return write_workbook(book, target, core_properties(document).created)

    def render_pdf(self, document: Document, target: Path, template: str | None = None) -> Path:
        """Render one document to a PDF at ``target``: its .docx converted by LibreOffice."""
        docx = self.render_docx(document, self.scratch_docx(), template)
        return self.pdf_converter().convert(docx, target, pdf_metadata(document)).target

    def render(
        self,
        document: Document,
        outdir: str | Path,
        formats: Sequence[str] = ("docx",),
        template: str | None = None,
        stem: str | None = None,
        blank: bool = False,
    ) -> list[Path]:
        """Render a document in each format into ``outdir``; return the files written.

        ``blank`` renders a form with nothing written in, named “…（空白）”. Raises the
        first error; for many documents with failures collected see :mod:`gongwen.batch`.
        """
        with directory_lock(Path(outdir)):
            paths, job = self.write(document, outdir, formats, template, stem, blank)
            if job is not None:
                paths.append(self.pdf_converter().convert(*job).target)
        return paths

    def write(
        self, document: Document, outdir: str | Path, formats: Sequence[str],
        template: str | None = None, stem: str | None = None, blank: bool = False,
        extra_context: ExtraContext | None = None, written: list[Path] | None = None,
    ) -> tuple[list[Path], PdfJob | None]:
        """Write every format but PDF into ``outdir``; return the files and the PDF still
        to convert (converted together by a batch). Each file is also added to ``written``
        as soon as it is there, so a caller knows what a failure left written."""
        unknown = [f for f in formats if f not in self.writers]
        if unknown:
            known = "、".join(self.writers)
            raise TemplateError(f"不支持的输出格式：{'、'.join(unknown)}（可用：{known}）")
        document = blank_form(document) if blank else document
        outdir = Path(outdir)
        name = (safe_stem(stem) if stem else output_stem(document)) + (BLANK_SUFFIX if blank else "")
        paths = [] if written is None else written
        for fmt in dict.fromkeys(formats):
            target = outdir / f"{name}.{fmt}"
            if fmt == "docx":
                paths.append(self.render_docx(document, target, template, extra_context))
            elif fmt != "pdf":
                paths.append(self.writers[fmt](document, target, template))
        if "pdf" not in formats:
            return paths, None
        docx = outdir / f"{name}.docx"
        if "docx" not in formats:
            docx = self.render_docx(document, self.scratch_docx(), template, extra_context)
        return paths, (docx, outdir / f"{name}.pdf", pdf_metadata(document))
