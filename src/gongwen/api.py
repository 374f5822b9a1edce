"""The library entry points: load data, render documents, render batches of files.

Everything the command line does is here, so an office system can ``import gongwen``
and do the same::

    import gongwen

    plan = gongwen.load("examples/annual-plan.yaml")
    paths = gongwen.render(plan, "out", formats=["docx"])
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .derive import outline_of
from .derive.calendar import calendar_months
from .derive.forms import form_layout
from .derive.schedule import calendar_for, month_windows
from .errors import GongwenError, TemplateError
from .incremental import TEMPLATE_FORMATS_USED, Manifest, fingerprint
from .loaders import load_document
from .models.base import Model
from .models.calendar import TaskCalendar
from .models.forms import Form
from .models.schedule import VisitSchedule
from .naming import BLANK_SUFFIX, output_stem, safe_stem, unique_stems
from .registry import Registry, Resolved
from .render.docx import CompiledDocx, CoreProperties, Package, write_package
from .render.files import directory_lock, scratch_directory, write_atomic
from .render.form_docx import render_form
from .render.forms_xlsx import write_form_xlsx
from .render.markup import MarkupTemplates
from .render.official import docx_context
from .render.schedule_xlsx import calendar_workbook, schedule_workbook
from .render.workbook import write_workbook

if TYPE_CHECKING:
    from .render.pdf import PdfConverter, PdfMetadata

TEMPLATE_FORMATS = ("docx", "md", "html")
"""Formats rendered directly from a template file."""

FORMATS = (*TEMPLATE_FORMATS, "xlsx", "pdf")
"""Every output format; xlsx is drawn by code (see XLSX_WRITERS), not from a template file,
and pdf is the rendered .docx converted by LibreOffice."""

load = load_document

XlsxWriter = Callable[[Any, Path], Path]


def _form_xlsx(form: Form, target: Path) -> Path:
    return write_form_xlsx(form_layout(form), target, core_properties(form).created)


def _calendar_xlsx(calendar: TaskCalendar, target: Path) -> Path:
    return write_workbook(calendar_workbook(calendar, calendar_months(calendar)), target,
                          calendar.date or date(calendar.year, 1, 1))


def _schedule_xlsx(schedule: VisitSchedule, target: Path) -> Path:
    windows = month_windows(schedule, calendar_for(schedule))
    return write_workbook(schedule_workbook(schedule, windows), target, schedule.date)


XLSX_WRITERS: dict[type[Model], tuple[str, XlsxWriter]] = {
    Form: ("表格", _form_xlsx),
    TaskCalendar: ("行事历", _calendar_xlsx),
    VisitSchedule: ("视导时间安排表", _schedule_xlsx),
}
"""Model type → (what it is called, the function drawing it as an .xlsx workbook)."""


def blank_form(document: Model) -> Form:
    """The document as an empty form; only forms can be printed blank."""
    if not isinstance(document, Form):
        kind = getattr(document, "kind", "")
        raise TemplateError(f"只有表格类文档才能生成空白表，“{kind}”不是表格")
    return document.blank()


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


def pdf_metadata(document: Model) -> PdfMetadata:
    """PDF document information: Title, Author (the issuer), Subject (the kind)."""
    from .render.pdf import PdfMetadata

    props = core_properties(document)
    return PdfMetadata(title=props.title, author=props.author, subject=props.subject)


PdfJob = tuple[Path, Path, "PdfMetadata"]
"""A PDF to produce: the .docx to convert, the target .pdf, its metadata."""


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
    skipped: list[Path] = field(default_factory=list)
    """Files left as they were: their inputs have not changed since they were made."""

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass(frozen=True)
class Job:
    """One document to render in a batch.

    ``stem`` names its files (default: the title), ``template`` picks a template other
    than the kind's default, ``blank`` prints a form empty, ``extra_context`` may add
    parts to the .docx package (charts) and return template values for them, and
    ``source`` names it in failures (default: its file stem).
    """

    document: Model
    stem: str | None = None
    template: str | None = None
    blank: bool = False
    source: str | None = None
    extra_context: Callable[[Package], dict[str, Any]] | None = None

    @property
    def name(self) -> str:
        return self.source or self.stem or output_stem(self.document)


class Renderer:
    """Renders documents through a template registry.

    Compiled templates are kept for the renderer's lifetime, so rendering a batch
    parses each template once.
    """

    def __init__(
        self,
        template_dirs: Iterable[str | Path] = (),
        registry: Registry | None = None,
        time_limit: float | None = None,
    ) -> None:
        self.registry = registry or Registry.default(template_dirs)
        self.time_limit = time_limit
        """Seconds a template may take to render (default: $GONGWEN_RENDER_TIMEOUT or 30)."""
        self._compiled: dict[Path, CompiledDocx] = {}
        self._markup = MarkupTemplates(time_limit)
        self._pdf: PdfConverter | None = None
        self._scratch: Path | None = None
        self.writers = {
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
        self._markup = MarkupTemplates(self.time_limit)
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def pdf_converter(self) -> PdfConverter:
        """The renderer's pool of LibreOffice workers, created on first use.

        Raises ConversionError (with installation advice) when LibreOffice is missing.
        """
        if self._pdf is None:
            from .render.pdf import PdfConverter

            self._pdf = PdfConverter()
        return self._pdf

    def _scratch_docx(self) -> Path:
        """A fresh path for a .docx rendered only to be converted to PDF."""
        if self._scratch is None:
            self._scratch = scratch_directory("gongwen-")
        fd, name = tempfile.mkstemp(suffix=".docx", dir=self._scratch)
        os.close(fd)
        return Path(name)

    def docx_template(self, path: Path) -> CompiledDocx:
        """The compiled .docx template at ``path`` (compiled on first use)."""
        compiled = self._compiled.get(path)
        if compiled is None:
            compiled = self._compiled[path] = CompiledDocx(path, time_limit=self.time_limit)
        return compiled

    def resolve(self, document: Model, fmt: str, template: str | None = None) -> Resolved:
        """The template file for a document in a format: the named one or the kind's default."""
        kind = str(getattr(document, "kind", ""))
        resolved = self.registry.resolve(template or self.registry.default_for(kind, document), fmt)
        self.registry.check_kind(resolved, kind)
        return resolved

    def render_docx(
        self,
        document: Model,
        target: Path,
        template: str | None = None,
        extra_context: Callable[[Package], dict[str, Any]] | None = None,
    ) -> Path:
        """Render one document to a .docx file at ``target``.

        ``extra_context`` may add parts to the package (charts, images) and return
        more template values for them.
        """
        compiled = self.docx_template(self.resolve(document, "docx", template).path)
        if isinstance(document, Form):
            layout = form_layout(document)
            package = render_form(compiled, document, layout, core_properties(document))
            return write_package(package, target)
        package = compiled.new_package()
        context = docx_context(document, outline_of(document), package, compiled.styles)
        if extra_context is not None:
            context.update(extra_context(package))
        compiled.render_into(package, context, core_properties(document))
        return write_package(package, target)

    def markdown(self, document: Model, template: str | None = None) -> str:
        """The document as Markdown text."""
        path = self.resolve(document, "md", template).path
        return self._markup.markdown(path, document, outline_of(document))

    def html(self, document: Model, template: str | None = None) -> str:
        """The document as a standalone HTML page."""
        path = self.resolve(document, "html", template).path
        return self._markup.html(path, document, self.markdown(document, template))

    def render_markdown(self, document: Model, target: Path, template: str | None = None) -> Path:
        """Render one document to a Markdown file at ``target``."""
        return write_atomic(target, self.markdown(document, template).encode("utf-8"))

    def render_html(self, document: Model, target: Path, template: str | None = None) -> Path:
        """Render one document to an HTML file at ``target``."""
        return write_atomic(target, self.html(document, template).encode("utf-8"))

    def render_xlsx(self, document: Model, target: Path, template: str | None = None) -> Path:
        """Render a document to an .xlsx file at ``target`` through XLSX_WRITERS
        (``template`` is not used)."""
        for model, (_, write) in XLSX_WRITERS.items():
            if isinstance(document, model):
                return write(document, target)
        kind = getattr(document, "kind", "")
        names = "、".join(name for name, _ in XLSX_WRITERS.values())
        raise TemplateError(f"“{kind}”类型的文档没有 xlsx 格式，可输出 xlsx 的有：{names}")

    def render_pdf(self, document: Model, target: Path, template: str | None = None) -> Path:
        """Render one document to a PDF at ``target``: its .docx converted by LibreOffice."""
        docx = self.render_docx(document, self._scratch_docx(), template)
        return self.pdf_converter().convert(docx, target, pdf_metadata(document)).target

    def render(
        self,
        document: Model,
        outdir: str | Path,
        formats: Sequence[str] = ("docx",),
        template: str | None = None,
        stem: str | None = None,
        blank: bool = False,
    ) -> list[Path]:
        """Render a document in each format into ``outdir``; return the files written.

        ``blank`` renders a form with nothing written in, named “…（空白）”.
        """
        with directory_lock(Path(outdir)):
            paths, job = self._render(Job(document, stem, template, blank), outdir, formats)
            if job is not None:
                paths.append(self.pdf_converter().convert(*job).target)
        return paths

    def _render(
        self, job: Job, outdir: str | Path, formats: Sequence[str]
    ) -> tuple[list[Path], PdfJob | None]:
        """Write every format but PDF; return the files and the PDF still to convert."""
        unknown = [f for f in formats if f not in self.writers]
        if unknown:
            known = "、".join(self.writers)
            raise TemplateError(f"不支持的输出格式：{'、'.join(unknown)}（可用：{known}）")
        document = blank_form(job.document) if job.blank else job.document
        outdir = Path(outdir)
        stem = (safe_stem(job.stem) if job.stem else output_stem(document))
        stem += BLANK_SUFFIX if job.blank else ""
        writers = dict(self.writers)
        if job.extra_context is not None:
            writers["docx"] = functools.partial(self.render_docx, extra_context=job.extra_context)
        paths = [
            writers[fmt](document, outdir / f"{stem}.{fmt}", job.template)
            for fmt in dict.fromkeys(formats)
            if fmt != "pdf"
        ]
        if "pdf" not in formats:
            return paths, None
        docx = outdir / f"{stem}.docx"
        if "docx" not in formats:
            docx = writers["docx"](document, self._scratch_docx(), job.template)
        return paths, (docx, outdir / f"{stem}.pdf", pdf_metadata(document))

    def render_files(
        self,
        paths: Iterable[str | Path],
        outdir: str | Path,
        formats: Sequence[str] = ("docx",),
        template: str | None = None,
        blank: bool = False,
        booklet: str | Path | None = None,
        force: bool = False,
    ) -> BatchResult:
        """Load and render each data file; failures are collected, not raised.

        PDFs are converted together at the end, in parallel; ``booklet`` also merges
        them into one PDF with a bookmark per document.

        A document whose files exist and whose inputs (data, referenced files, templates,
        options, gongwen version) are unchanged since the last run into ``outdir`` is
        skipped, unless ``force`` is given or a booklet is made.
        """
        _check_booklet(formats, booklet)
        with directory_lock(Path(outdir)):
            return self._render_files(paths, outdir, formats, template, blank, booklet, force)

    def _render_files(
        self, paths: Iterable[str | Path], outdir: str | Path, formats: Sequence[str],
        template: str | None, blank: bool, booklet: str | Path | None, force: bool,
    ) -> BatchResult:
        result = BatchResult()
        documents: list[tuple[str, Model]] = []
        for path in paths:
            try:
                documents.append((str(path), load_document(path)))
            except GongwenError as exc:
                result.failures.append(Failure(str(path), exc))
        stems = unique_stems([output_stem(doc) for _, doc in documents])
        manifest = Manifest(Path(outdir))
        jobs: list[Job] = []
        records: dict[str, tuple[str, str]] = {}  # source → manifest key, digest
        for (source, document), stem in zip(documents, stems, strict=True):
            key = str(Path(source).resolve()) + (BLANK_SUFFIX if blank else "")
            try:
                digest = self.fingerprint(Path(source), document, formats, template, stem, blank)
            except GongwenError as exc:
                result.failures.append(Failure(source, exc))
                continue
            done = None if force or booklet is not None else manifest.up_to_date(key, digest)
            if done:
                result.skipped += done
                continue
            manifest.forget(key)
            records[source] = (key, digest)
            jobs.append(Job(document, stem, template, blank, source))
        if jobs:
            for source, files in self._render_batch(jobs, outdir, formats, booklet, result).items():
                manifest.record(*records[source], files)
            try:
                manifest.save()
            except GongwenError as exc:  # the files are written; only re-runs redo them
                result.failures.append(Failure(manifest.path.name, exc))
        return result

    def render_many(
        self,
        jobs: Iterable[Job],
        outdir: str | Path,
        formats: Sequence[str] = ("docx",),
        booklet: str | Path | None = None,
    ) -> BatchResult:
        """Render documents built in code (see :class:`Job`) into ``outdir``.

        Like :meth:`render_files`: failures are collected, repeated file names are
        numbered, PDFs are converted together, and ``booklet`` merges them into one PDF.
        """
        _check_booklet(formats, booklet)
        jobs = list(jobs)
        stems = unique_stems([job.stem or output_stem(job.document) for job in jobs])
        named = [replace(job, stem=stem) for job, stem in zip(jobs, stems, strict=True)]
        result = BatchResult()
        with directory_lock(Path(outdir)):
            self._render_batch(named, outdir, formats, booklet, result)
        return result

    def _render_batch(
        self, jobs: list[Job], outdir: str | Path, formats: Sequence[str],
        booklet: str | Path | None, result: BatchResult,
    ) -> dict[str, list[Path]]:
        """Render every job, PDFs together at the end; return the files of each job that
        succeeded whole, by its name."""
        done: dict[str, list[Path]] = {}
        pdfs: list[tuple[str, PdfJob]] = []
        for job in jobs:
            try:
                paths, pdf = self._render(job, outdir, formats)
            except GongwenError as exc:
                result.failures.append(Failure(job.name, exc))
                continue
            result.outputs += paths
            done[job.name] = paths
            if pdf is not None:
                pdfs.append((job.name, pdf))
        if pdfs:
            converted = self._convert_pdfs(pdfs, result, booklet)
            for name, _ in pdfs:
                if name in converted:
                    done[name].append(converted[name])
                else:
                    del done[name]
        return done

    def fingerprint(
        self, source: Path, document: Model, formats: Sequence[str], template: str | None,
        stem: str, blank: bool,
    ) -> str:
        """A digest of everything the files of ``document`` (from ``source``) are made from."""
        used = sorted({t for f in formats for t in TEMPLATE_FORMATS_USED.get(f, ())})
        files = [self.resolve(document, fmt, template).path for fmt in used]
        options = {"formats": sorted(set(formats)), "template": template, "stem": stem, "blank": blank}
        return fingerprint(source, document, files, options)

    def _convert_pdfs(
        self, jobs: list[tuple[str, PdfJob]], result: BatchResult, booklet: str | Path | None
    ) -> dict[str, Path]:
        """Convert a batch's PDFs in parallel, then merge them into ``booklet`` if asked;
        return the PDF of each job converted, by its name."""
        from .render.booklet import make_booklet
        from .render.pdf import PdfMetadata

        try:
            converted = self.pdf_converter().convert_many(job for _, job in jobs)
        except GongwenError as exc:  # LibreOffice missing: one message, not one per file
            result.failures.append(Failure("PDF", exc))
            return {}
        parts = []
        pdfs: dict[str, Path] = {}
        for (name, (_, _, metadata)), outcome in zip(jobs, converted, strict=True):
            if isinstance(outcome, GongwenError):
                result.failures.append(Failure(name, outcome))
            else:
                result.outputs.append(outcome.target)
                pdfs[name] = outcome.target
                parts.append((outcome.target, metadata.title or outcome.target.stem))
        if booklet is not None and parts:
            authors = {metadata.author for _, (_, _, metadata) in jobs}
            info = PdfMetadata(title=Path(booklet).stem, author=authors.pop() if len(authors) == 1 else "")
            try:
                result.outputs.append(make_booklet(parts, booklet, info).target)
            except GongwenError as exc:
                result.failures.append(Failure(str(booklet), exc))
        return pdfs


def using(renderer: Renderer | None) -> contextlib.AbstractContextManager[Renderer]:
    """The caller's renderer, left open for further use, or a new one closed afterwards."""
    return contextlib.nullcontext(renderer) if renderer else Renderer()


def _check_booklet(formats: Sequence[str], booklet: str | Path | None) -> None:
    if booklet is not None and "pdf" not in formats:
        raise TemplateError("生成 PDF 汇编（--booklet）需要输出格式中包含 pdf，如 -f docx,pdf")


def render(
    document: Model,
    outdir: str | Path,
    formats: Sequence[str] = ("docx",),
    template: str | None = None,
    template_dirs: Iterable[str | Path] = (),
    blank: bool = False,
) -> list[Path]:
    """Render one document with a one-off renderer; see :class:`Renderer` for batches.

    ``formats`` may include ``pdf`` (needs LibreOffice; see ``gongwen doctor``).
    """
    with Renderer(template_dirs) as renderer:
        return renderer.render(document, outdir, formats, template, blank=blank)
