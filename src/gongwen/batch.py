"""Batches: many documents into one output directory, as a district renders them.

Every library entry point that writes a set of files goes through :func:`render_many` and
returns a :class:`BatchResult`:

- one document failing never loses the others — it is listed with its source and error;
- repeated names are numbered (通知, 通知（2）);
- the further files a document brings (a schedule's calendars, a summary's statistics
  workbook) are written and accounted for like its other files;
- PDFs are converted together by the renderer's LibreOffice pool, and ``booklet`` merges
  them into one PDF with a bookmark each;
- a document whose inputs are unchanged since the last run into the directory, and whose
  files are all still there, is skipped (``force`` redoes everything);
- the output directory is held for the run: a second run into it at the same time is
  refused.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from .errors import GongwenError, TemplateError
from .incremental import TEMPLATE_FORMATS_USED, Manifest, fingerprint
from .kinds import Extra
from .loaders import load
from .models.base import Document
from .naming import BLANK_SUFFIX, output_stem, unique_stems
from .render.files import directory_lock, write_atomic
from .renderer import ExtraContext, PdfJob, Renderer

if TYPE_CHECKING:
    from concurrent.futures import Future

    from .errors import ConversionError
    from .render.pdf import PdfResult

Converting = Union["Future[PdfResult | ConversionError]", GongwenError]
"""A PDF handed to the pool (its future), or why it could not be (no LibreOffice)."""


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
    warnings: list[str] = field(default_factory=list)
    """What was produced but needs a look, each naming its document (a one-sheet form
    that does not fit its sheet, a record outside the period …)."""
    notes: list[str] = field(default_factory=list)
    """What was done that the user should be told (a schedule's visits kept or generated)."""

    @property
    def ok(self) -> bool:
        return not self.failures

    def to_dict(self, outdir: str | Path | None = None) -> dict[str, Any]:
        """The result as data (the command line's ``--json``, the HTTP API): files as paths
        relative to ``outdir`` when given, each failure with its source and error."""

        def name(path: Path) -> str:
            if outdir is not None and Path(path).is_relative_to(Path(outdir)):
                return Path(path).relative_to(Path(outdir)).as_posix()
            return str(path)

        return {
            "ok": self.ok,
            "outputs": [name(p) for p in self.outputs],
            "skipped": [name(p) for p in self.skipped],
            "warnings": list(self.warnings),
            "notes": list(self.notes),
            "failures": [{"source": f.source, **f.error.to_dict()} for f in self.failures],
        }


@dataclass(frozen=True)
class Job:
    """One document to render in a batch.

    ``stem`` names its files (default: the title), ``template`` picks a template other
    than the kind's default, ``blank`` prints a form empty, ``extra_context`` may add
    parts to the .docx package (charts) and return template values for them, ``extras``
    are further files beyond those its kind declares, ``inputs`` is a digest of whatever
    else they are made from, and ``source`` names it in failures (default: its stem).
    """

    document: Document
    stem: str | None = None
    template: str | None = None
    blank: bool = False
    source: str | None = None
    extra_context: ExtraContext | None = None
    extras: tuple[Extra, ...] = ()
    inputs: str = ""

    @property
    def name(self) -> str:
        return self.source or self.stem or output_stem(self.document)


def using(renderer: Renderer | None) -> contextlib.AbstractContextManager[Renderer]:
    """The caller's renderer, left open for further use, or a new one closed afterwards."""
    return contextlib.nullcontext(renderer) if renderer else Renderer()


def _check_booklet(formats: Sequence[str], booklet: str | Path | None) -> None:
    if booklet is not None and "pdf" not in formats:
        raise TemplateError("生成 PDF 汇编需要输出格式中包含 pdf（如 docx,pdf）")


def render_many(
    jobs: Iterable[Job],
    outdir: str | Path,
    formats: Sequence[str] = ("docx",),
    *,
    booklet: str | Path | None = None,
    force: bool = False,
    renderer: Renderer | None = None,
) -> BatchResult:
    """Render documents (see :class:`Job`) into ``outdir``; see the module's description."""
    _check_booklet(formats, booklet)
    jobs = list(jobs)
    stems = unique_stems([job.stem or output_stem(job.document) for job in jobs])
    named = [replace(job, stem=stem) for job, stem in zip(jobs, stems, strict=True)]
    result = BatchResult()
    if not named:
        return result
    with using(renderer) as active, directory_lock(Path(outdir)):
        active.prepare_pdf(formats, len(named))
        _Run(active, Path(outdir), formats, booklet, force or booklet is not None, result).run(named)
    return result


def render_files(
    paths: Iterable[str | Path],
    outdir: str | Path,
    formats: Sequence[str] = ("docx",),
    *,
    template: str | None = None,
    blank: bool = False,
    booklet: str | Path | None = None,
    force: bool = False,
    renderer: Renderer | None = None,
) -> BatchResult:
    """Load each data file and render it (see :func:`render_many`); a file that does not
    load is a failure of the batch like any other."""
    _check_booklet(formats, booklet)
    paths = list(paths)
    with using(renderer) as active:
        active.prepare_pdf(formats, len(paths))  # the workers start while the data loads
        failures: list[Failure] = []
        jobs = []
        for path in paths:
            try:
                document = load(path, active.kinds.models())
            except GongwenError as exc:
                failures.append(Failure(str(path), exc))
                continue
            jobs.append(Job(document, template=template, blank=blank, source=str(path)))
        result = render_many(jobs, outdir, formats, booklet=booklet, force=force, renderer=active)
    result.failures[:0] = failures
    return result


def _read(path: Path) -> bytes | None:
    """The bytes of a file an extra replaces, or None when there is none (or it cannot be read)."""
    try:
        return path.read_bytes()
    except OSError:
        return None


@dataclass
class _Run:
    """One batch in progress."""

    renderer: Renderer
    outdir: Path
    formats: Sequence[str]
    booklet: str | Path | None
    force: bool
    result: BatchResult

    def run(self, jobs: list[Job]) -> None:
        manifest = Manifest(self.outdir)
        done: dict[str, list[Path]] = {}
        digests: dict[str, str] = {}
        pdfs: list[tuple[Job, PdfJob, Converting]] = []
        for job in jobs:
            key = job.stem + (BLANK_SUFFIX if job.blank else "")  # type: ignore[operator]
            try:
                digests[key] = self.fingerprint(job)
            except GongwenError as exc:
                self.result.failures.append(Failure(job.name, exc))
                continue
            kept = None if self.force else manifest.up_to_date(key, digests[key])
            if kept:
                self.result.skipped += kept
                continue
            manifest.forget(key)
            written = self.write(job)
            if written is None:
                continue
            files, pdf = written
            done[key] = files
            if pdf is not None:  # converted while the next documents are rendered
                pdfs.append((job, pdf, self.submit(pdf)))
        for job, target in self.convert(pdfs):
            key = job.stem + (BLANK_SUFFIX if job.blank else "")  # type: ignore[operator]
            if target is None:
                done.pop(key, None)
            else:
                done[key].append(target)
        for key, files in done.items():
            manifest.record(key, digests[key], files)
        if not done and not pdfs:
            return  # nothing written: the directory stays as it was
        try:
            manifest.save()
        except GongwenError as exc:  # the files are written; only re-runs redo them
            self.result.failures.append(Failure(manifest.path.name, exc))

    def extras(self, job: Job) -> tuple[Extra, ...]:
        kind = self.renderer.kind(job.document)
        return (*(kind.extras(job.document) if kind.extras else ()), *job.extras)

    def fingerprint(self, job: Job) -> str:
        """A digest of everything the job's files are made from."""
        used = sorted({t for f in self.formats for t in TEMPLATE_FORMATS_USED.get(f, ())})
        registry = self.renderer.registry
        resolved = [self.renderer.resolve(job.document, fmt, job.template) for fmt in used]
        templates = [file for template in resolved for file in registry.files(template)]
        options = {"formats": sorted(set(self.formats)), "template": job.template,
                   "stem": job.stem, "blank": job.blank, "inputs": job.inputs}
        return fingerprint(job.document, templates, options)

    def write(self, job: Job) -> tuple[list[Path], PdfJob | None] | None:
        """Write a job's files but its PDF; None (and a failure) when it cannot be made."""
        noticed = len(self.renderer.warnings)
        try:
            files, pdf = self.renderer.write(job.document, self.outdir, self.formats, job.template,
                                             job.stem, job.blank, job.extra_context)
        except GongwenError as exc:
            self.result.failures.append(Failure(job.name, exc))
            return None
        finally:
            self.result.warnings += [f"{job.name}：{w}" for w in self.renderer.warnings[noticed:]]
            del self.renderer.warnings[noticed:]
        for extra in () if job.blank else self.extras(job):
            target = self.outdir / extra.name
            try:
                files.append(write_atomic(target, extra.produce(_read(target))))
            except GongwenError as exc:
                self.result.failures.append(Failure(f"{job.name}：{extra.name}", exc))
                self.result.outputs += files
                return None
        self.result.outputs += files
        return files, pdf

    def submit(self, pdf: PdfJob) -> Converting:
        """Hand a PDF to the renderer's pool at once; the error when there is no pool."""
        try:
            return self.renderer.pdf_converter().submit(*pdf)
        except GongwenError as exc:
            return exc

    def convert(self, pdfs: list[tuple[Job, PdfJob, Converting]]) -> Iterable[tuple[Job, Path | None]]:
        """Collect the batch's PDFs, then merge them into the booklet if asked."""
        if not pdfs:
            return []
        from .render.pdf import PdfMetadata
        from .render.pdf.booklet import make_booklet

        missing = [f for _, _, f in pdfs if isinstance(f, GongwenError)]
        if missing:  # LibreOffice missing: one message, not one per file
            self.result.failures.append(Failure("PDF", missing[0]))
        futures = [f for _, _, f in pdfs if not isinstance(f, GongwenError)]
        done = iter(self.renderer.pdf_converter().results(futures) if futures else ())
        converted = [None if isinstance(f, GongwenError) else next(done) for _, _, f in pdfs]
        parts = []
        outcomes: list[tuple[Job, Path | None]] = []
        for (job, (_, _, metadata), _), outcome in zip(pdfs, converted, strict=True):
            if outcome is None:
                outcomes.append((job, None))
                continue
            if isinstance(outcome, GongwenError):
                self.result.failures.append(Failure(job.name, outcome))
                outcomes.append((job, None))
            else:
                self.result.outputs.append(outcome.target)
                outcomes.append((job, outcome.target))
                parts.append((outcome.target, metadata.title or outcome.target.stem))
        if self.booklet is not None and parts:
            authors = {metadata.author for _, (_, _, metadata), _ in pdfs}
            info = PdfMetadata(title=Path(self.booklet).stem,
                               author=authors.pop() if len(authors) == 1 else "")
            try:
                self.result.outputs.append(make_booklet(parts, self.booklet, info).target)
            except GongwenError as exc:
                self.result.failures.append(Failure(str(self.booklet), exc))
        return outcomes


__all__ = ["BatchResult", "Failure", "Job", "render_files", "render_many", "using"]
