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
  refused;
- ``progress``, when given, is called with a :class:`Progress` as each document is written
  and as each PDF is converted (on the calling thread), for a progress display.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from .errors import Caution, GongwenError, TemplateError, as_gongwen_error
from .incremental import TEMPLATE_FORMATS_USED, Manifest, fingerprint
from .kinds import Extra
from .loaders import load, load_text
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
    warnings: list[Caution] = field(default_factory=list)
    """What was produced but needs a look, each naming its document (a one-sheet form
    that does not fit its sheet, a record outside the period …) and with a stable code."""
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
            "warnings": [w.to_dict() for w in self.warnings],
            "notes": list(self.notes),
            "failures": [{"source": f.source, **f.error.to_dict()} for f in self.failures],
        }


@dataclass(frozen=True)
class Progress:
    """A step of a batch: ``done`` of ``total`` in ``stage`` ("document": written as .docx,
    .md …; "pdf": converted), ``current`` the document just finished."""

    stage: str
    done: int
    total: int
    current: str


ProgressCallback = Callable[[Progress], None]
"""Told of each step of a batch (see :class:`Progress`)."""


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
    progress: ProgressCallback | None = None,
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
        _Run(active, Path(outdir), formats, booklet, force or booklet is not None, result,
             progress or _ignore).run(named)
    return result


def _ignore(_: Progress) -> None:
    """No progress display."""


def render_files(
    paths: Iterable[str | Path | tuple[str, bytes]],
    outdir: str | Path,
    formats: Sequence[str] = ("docx",),
    *,
    template: str | None = None,
    blank: bool = False,
    booklet: str | Path | None = None,
    force: bool = False,
    renderer: Renderer | None = None,
    allowed_dirs: Iterable[str | Path] | None = None,
    progress: ProgressCallback | None = None,
) -> BatchResult:
    """Load each data file and render it (see :func:`render_many`); a file that does not
    load is a failure of the batch like any other. A data file reads files (seals, photos,
    ledgers) only from its own directory and ``allowed_dirs`` (default: the renderer's).
    A ``(name, bytes)`` pair is data read elsewhere (standard input): YAML or JSON, its
    paths relative to the working directory."""
    _check_booklet(formats, booklet)
    paths = list(paths)
    with using(renderer) as active:
        allowed_dirs = active.allowed_dirs if allowed_dirs is None else tuple(allowed_dirs)
        active.prepare_pdf(formats, len(paths))  # the workers start while the data loads
        failures: list[Failure] = []
        jobs = []
        for path in paths:
            name = path[0] if isinstance(path, tuple) else str(path)
            try:
                if isinstance(path, tuple):
                    document = load_text(path[1], active.kinds.models(), name, allowed_dirs)
                else:
                    document = load(path, active.kinds.models(), allowed_dirs)
            except Exception as exc:  # whatever a stranger's file raises fails it alone
                failures.append(Failure(name, as_gongwen_error(exc, name)))
                continue
            jobs.append(Job(document, template=template, blank=blank, source=name))
        result = render_many(jobs, outdir, formats, booklet=booklet, force=force, renderer=active,
                             progress=progress)
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
    progress: ProgressCallback

    def run(self, jobs: list[Job]) -> None:
        manifest = Manifest(self.outdir)
        done: dict[str, list[Path]] = {}
        digests: dict[str, str] = {}
        sources: dict[str, str | None] = {}
        pdfs: list[tuple[Job, PdfJob, Converting]] = []
        for number, job in enumerate(jobs):
            self.progress(Progress("document", number, len(jobs), job.name))
            key = job.stem + (BLANK_SUFFIX if job.blank else "")  # type: ignore[operator]
            try:
                digests[key] = self.fingerprint(job)
            except Exception as exc:
                self.result.failures.append(Failure(job.name, as_gongwen_error(exc, job.name)))
                continue
            kept = None if self.force else manifest.up_to_date(key, digests[key])
            if kept:
                self.result.skipped += kept
                continue
            manifest.forget(key)
            sources[key] = job.source
            written = self.write(job)
            if written is None:
                continue
            files, pdf = written
            done[key] = files
            if pdf is not None:  # converted while the next documents are rendered
                pdfs.append((job, pdf, self.submit(pdf)))
        self.progress(Progress("document", len(jobs), len(jobs), ""))
        for job, target in self.convert(pdfs):
            key = job.stem + (BLANK_SUFFIX if job.blank else "")  # type: ignore[operator]
            if target is None:
                done.pop(key, None)
            else:
                done[key].append(target)
        for key, files in done.items():
            manifest.record(key, digests[key], files, sources[key])
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
        written: list[Path] = []
        try:
            files, pdf = self.renderer.write(job.document, self.outdir, self.formats, job.template,
                                             job.stem, job.blank, job.extra_context, written)
        except Exception as exc:  # a stranger's data or template fails its document alone
            self.result.failures.append(Failure(job.name, as_gongwen_error(exc, job.name)))
            self.result.outputs += written  # what it wrote before failing is there: say so
            return None
        finally:
            self.result.warnings += [Caution(w, code="W_LAYOUT", source=job.name)
                                     for w in self.renderer.warnings[noticed:]]
            del self.renderer.warnings[noticed:]
        for extra in () if job.blank else self.extras(job):
            target = self.outdir / extra.name
            try:
                files.append(write_atomic(target, extra.produce(_read(target))))
            except Exception as exc:
                what = f"{job.name}：{extra.name}"
                self.result.failures.append(Failure(what, as_gongwen_error(exc, what)))
                self.result.outputs += files
                return None
        self.result.outputs += files
        return files, pdf

    def submit(self, pdf: PdfJob) -> Converting:
        """Hand a PDF to the renderer's pool at once; the error when there is no pool."""
        try:
            return self.renderer.pdf_converter().submit(*pdf)
        except Exception as exc:  # LibreOffice missing, or whatever else stops the pool
            return as_gongwen_error(exc, "PDF")

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
        waiting = [job for job, _, f in pdfs if not isinstance(f, GongwenError)]

        def converted_one(done: int, index: int) -> None:
            self.progress(Progress("pdf", done, len(futures), waiting[index].name))

        self.progress(Progress("pdf", 0, len(futures), ""))
        finished = iter(self.renderer.pdf_converter().results(futures, converted_one) if futures else ())
        converted = [None if isinstance(f, GongwenError) else next(finished) for _, _, f in pdfs]
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
            except Exception as exc:
                where = str(self.booklet)
                self.result.failures.append(Failure(where, as_gongwen_error(exc, where)))
        return outcomes


__all__ = ["BatchResult", "Failure", "Job", "Progress", "ProgressCallback", "render_files", "render_many",
           "using"]
