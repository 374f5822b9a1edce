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
  and as each PDF is converted (on the calling thread), for a progress display;
- with an ``executor`` (a process pool, a Dask ``distributed.Client``, any
  ``concurrent.futures.Executor``) the documents are rendered and converted elsewhere in
  chunks: each job travels with its validated model, the bytes of the templates and of the
  files it refers to, and comes back as bytes, which this process writes — so workers need
  no shared file system. A chunk that cannot be done (its worker lost for good, a job that
  cannot be sent) is a failure of its documents; on an interruption the tasks still queued
  or running are cancelled and the manifest keeps what was written.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from pydantic import BaseModel

from .errors import Caution, ClusterError, GongwenError, RelayedError, TemplateError, as_gongwen_error
from .incremental import TEMPLATE_FORMATS_USED, Manifest, fingerprint, referenced_files
from .kinds import BUILT_IN, Extra, Kinds
from .loaders import load, load_text
from .models.base import Document
from .naming import BLANK_SUFFIX, output_stem, unique_stems
from .registry import Registry, Source
from .render.files import directory_lock, scratch_directory, write_atomic
from .renderer import ExtraContext, PdfJob, Renderer, pdf_metadata
from .version import __version__

if TYPE_CHECKING:
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
    executor: Any = None,
    chunk_size: int | None = None,
) -> BatchResult:
    """Render documents (see :class:`Job`) into ``outdir``; see the module's description.

    ``executor`` renders them elsewhere: a ``concurrent.futures.Executor`` or a Dask
    ``distributed.Client``; ``chunk_size`` jobs go in one call (default: enough chunks for
    four per worker, at most 16 jobs each)."""
    _check_booklet(formats, booklet)
    jobs = list(jobs)
    stems = unique_stems([job.stem or output_stem(job.document) for job in jobs])
    named = [replace(job, stem=stem) for job, stem in zip(jobs, stems, strict=True)]
    result = BatchResult()
    if not named:
        return result
    remote = None if executor is None else Remote.of(executor, chunk_size)
    with using(renderer) as active, directory_lock(Path(outdir)):
        if remote is None:
            active.prepare_pdf(formats, len(named))
        _Run(active, Path(outdir), formats, booklet, force or booklet is not None, result,
             progress or _ignore, remote).run(named)
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
    executor: Any = None,
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
        if executor is None:
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
                             progress=progress, executor=executor)
    result.failures[:0] = failures
    return result


def _read(path: Path) -> bytes | None:
    """The bytes of a file an extra replaces, or None when there is none (or it cannot be read)."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def _key(job: Job) -> str:
    """The job's entry in the manifest."""
    return job.stem + (BLANK_SUFFIX if job.blank else "")  # type: ignore[operator]


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
    remote: Remote | None = None

    def run(self, jobs: list[Job]) -> None:
        manifest = Manifest(self.outdir)
        digests: dict[str, str] = {}
        todo: list[Job] = []
        for job in jobs:
            key = _key(job)
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
            todo.append(job)
        if self.remote is not None:
            self.run_remote(todo, manifest, digests)
            return
        done: dict[str, list[Path]] = {}
        pdfs: list[tuple[Job, PdfJob, Converting]] = []
        skipped = len(jobs) - len(todo)  # up to date, or failed before rendering: done with
        for number, job in enumerate(todo, skipped):
            self.progress(Progress("document", number, len(jobs), job.name))
            written = self.write(job)
            if written is None:
                continue
            files, pdf = written
            done[_key(job)] = files
            if pdf is not None:  # converted while the next documents are rendered
                pdfs.append((job, pdf, self.submit(pdf)))
        self.progress(Progress("document", len(jobs), len(jobs), ""))
        for job, target in self.convert(pdfs):
            if target is None:
                done.pop(_key(job), None)
            else:
                done[_key(job)].append(target)
        sources = {_key(job): job.source for job in todo}
        for key, files in done.items():
            manifest.record(key, digests[key], files, sources[key])
        if done or pdfs:  # else nothing written: the directory stays as it was
            self.save(manifest)

    def save(self, manifest: Manifest) -> None:
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
        whole = self.write_extras(job, files, self.result)
        self.result.outputs += files
        return (files, pdf) if whole else None

    def write_extras(self, job: Job, files: list[Path], result: BatchResult) -> bool:
        """Write the job's further files (they are made here, from the files they replace);
        False, and a failure, when one cannot be made."""
        for extra in () if job.blank else self.extras(job):
            target = self.outdir / extra.name
            try:
                files.append(write_atomic(target, extra.produce(_read(target))))
            except Exception as exc:
                what = f"{job.name}：{extra.name}"
                result.failures.append(Failure(what, as_gongwen_error(exc, what)))
                return False
        return True

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
        parts: list[tuple[Job, Path]] = []
        outcomes: list[tuple[Job, Path | None]] = []
        for (job, _, _), outcome in zip(pdfs, converted, strict=True):
            if outcome is None:
                outcomes.append((job, None))
            elif isinstance(outcome, GongwenError):
                self.result.failures.append(Failure(job.name, outcome))
                outcomes.append((job, None))
            else:
                self.result.outputs.append(outcome.target)
                outcomes.append((job, outcome.target))
                parts.append((job, outcome.target))
        self.bind(parts, [job for job, _, _ in pdfs])
        return outcomes

    def bind(self, parts: list[tuple[Job, Path]], converted: list[Job]) -> None:
        """Merge the PDFs into the booklet, when one is asked for."""
        if self.booklet is None or not parts:
            return
        from .render.pdf import PdfMetadata
        from .render.pdf.booklet import make_booklet

        authors = {pdf_metadata(job.document).author for job in converted}
        info = PdfMetadata(title=Path(self.booklet).stem, author=authors.pop() if len(authors) == 1 else "")
        chapters = [(path, pdf_metadata(job.document).title or path.stem) for job, path in parts]
        try:
            self.result.outputs.append(make_booklet(chapters, self.booklet, info).target)
        except Exception as exc:
            where = str(self.booklet)
            self.result.failures.append(Failure(where, as_gongwen_error(exc, where)))

    def run_remote(self, todo: list[Job], manifest: Manifest, digests: dict[str, str]) -> None:
        """Render the jobs on the executor and write what comes back as it comes back; the
        manifest records each whole document, also when the run is interrupted."""
        assert self.remote is not None
        pieces: dict[int, BatchResult] = {}
        recorded = False
        try:
            with contextlib.closing(self.remote.render(self.renderer, todo, self.formats)) as made:
                for index, outcome in made:
                    job, piece = todo[index], pieces.setdefault(index, BatchResult())
                    files = self.receive(job, outcome, piece)
                    self.progress(Progress("document", len(pieces), len(todo), job.name))
                    if files is not None:
                        manifest.record(_key(job), digests[_key(job)], files, job.source)
                        recorded = True
        finally:
            if recorded:
                self.save(manifest)
        parts = []
        for index in sorted(pieces):
            piece = pieces[index]
            self.result.outputs += piece.outputs
            self.result.warnings += piece.warnings
            self.result.failures += piece.failures
            parts += [(todo[index], p) for p in piece.outputs if p.suffix == ".pdf"]
        if "pdf" in self.formats:
            self.bind(parts, todo)

    def receive(self, job: Job, made: Made, piece: BatchResult) -> list[Path] | None:
        """Write the files a worker made for ``job``; the files when the document is whole."""
        piece.warnings += [Caution(w, code="W_LAYOUT", source=job.name) for w in made.warnings]
        files: list[Path] = []
        try:
            for name, data in made.files:
                files.append(write_atomic(self.outdir / name, data))
        except GongwenError as exc:
            piece.failures.append(Failure(job.name, exc))
            piece.outputs += files
            return None
        if made.error is not None:
            piece.failures.append(Failure(job.name, made.error))
            piece.outputs += files
            return None
        whole = self.write_extras(job, files, piece)
        piece.outputs += files
        return files if whole else None


# --- Rendering elsewhere: what travels to a worker, what it does, what comes back ---


@dataclass(frozen=True)
class TemplateBundle:
    """The renderer's template search path as bytes, for workers that cannot see its files:
    each source's origin and files (path inside it, bytes), the kinds when they are not
    gongwen's own, the render time limit and the gongwen version that made it."""

    sources: tuple[tuple[str, tuple[tuple[str, bytes], ...]], ...]
    kinds: Kinds | None
    time_limit: float | None
    version: str
    digest: str

    @classmethod
    def of(cls, renderer: Renderer) -> TemplateBundle:
        sources = []
        digest = hashlib.sha256(__version__.encode())
        for source in renderer.registry.sources:
            root = source.root
            found = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts) \
                if root.is_dir() else []
            files = tuple((p.relative_to(root).as_posix(), p.read_bytes()) for p in found)
            for name, data in files:
                digest.update(f"{source.origin}\0{name}\0".encode() + hashlib.sha256(data).digest())
            sources.append((source.origin, files))
        kinds = None if renderer.kinds is BUILT_IN else renderer.kinds
        digest.update(repr((renderer.time_limit, kinds is None)).encode())
        return cls(tuple(sources), kinds, renderer.time_limit, __version__, digest.hexdigest())


@dataclass(frozen=True)
class Shipped:
    """One job as a worker receives it: its place in the batch, validated model, file stem,
    options, and the files its model refers to (seal, photos), by path, as bytes."""

    index: int
    document: Document
    stem: str
    template: str | None
    blank: bool
    extra_context: ExtraContext | None
    files: tuple[tuple[str, bytes], ...]

    @classmethod
    def of(cls, index: int, job: Job) -> Shipped:
        files = {}
        for path in referenced_files(job.document):
            with contextlib.suppress(OSError):  # missing: the worker names it as here
                files[str(path)] = path.read_bytes()
        return cls(index, job.document, job.stem or "", job.template, job.blank, job.extra_context,
                   tuple(files.items()))


@dataclass(frozen=True)
class Made:
    """What a worker sends back for one job: its files (name, bytes), the warnings of
    rendering it, and the error that stopped it (the files made before are still sent)."""

    index: int
    files: tuple[tuple[str, bytes], ...]
    warnings: tuple[str, ...]
    error: GongwenError | None


def _portable(error: GongwenError) -> GongwenError:
    """The error itself when it survives pickling unchanged, else its message and codes."""
    import pickle

    with contextlib.suppress(Exception):
        back = pickle.loads(pickle.dumps(error))
        if type(back) is type(error) and str(back) == str(error):
            return error
    return RelayedError(str(error), error.code, error.exit_code, error.to_dict().get("problems", []))


def _relocated(value: Any, places: dict[Path, Path]) -> Any:
    """``value`` (a model, list, dict …) with every path in ``places`` replaced by its place."""
    if isinstance(value, Path):
        return places.get(value, value)
    if isinstance(value, BaseModel):
        changed = {}
        for name in type(value).model_fields:
            old = getattr(value, name)
            new = _relocated(old, places)
            if new is not old:
                changed[name] = new
        return value.model_copy(update=changed) if changed else value
    if isinstance(value, (list, tuple)):
        items = [_relocated(item, places) for item in value]
        same = all(a is b for a, b in zip(items, value, strict=True))
        return value if same else type(value)(items)
    if isinstance(value, dict):
        entries = {k: _relocated(v, places) for k, v in value.items()}
        return value if all(entries[k] is v for k, v in value.items()) else entries
    return value


class WorkerState:
    """What a worker process keeps between chunks: per thread, a renderer for the latest
    template bundle and a LibreOffice pool of one, started on the first PDF; closed by
    :func:`close_worker` (a Dask worker's plugin calls it when the worker stops)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.local = threading.local()
        self.open: list[Any] = []  # renderers and converters, to close
        self.root: Path | None = None

    def scratch(self) -> Path:
        with self.lock:
            if self.root is None:
                self.root = scratch_directory("gongwen-cluster-")
            return self.root

    def renderer(self, bundle: TemplateBundle) -> Renderer:
        held = getattr(self.local, "renderer", None)
        if held is not None and held[0] == bundle.digest:
            return held[1]
        if held is not None:
            held[1].close()
        directory = self.scratch() / bundle.digest
        with self.lock:
            if not directory.is_dir():
                staging = Path(tempfile.mkdtemp(dir=directory.parent))
                for number, (_, files) in enumerate(bundle.sources):
                    for name, data in files:
                        target = staging / str(number) / name
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_bytes(data)
                staging.rename(directory)
        kinds = bundle.kinds or BUILT_IN
        registry = Registry([Source(directory / str(n), origin)
                             for n, (origin, _) in enumerate(bundle.sources)], kinds)
        renderer = Renderer(registry=registry, time_limit=bundle.time_limit, kinds=kinds)
        self.local.renderer = (bundle.digest, renderer)
        with self.lock:
            self.open.append(renderer)
        return renderer

    def converter(self) -> Any:
        converter = getattr(self.local, "converter", None)
        if converter is None:
            from .render.pdf import PdfConverter

            converter = self.local.converter = PdfConverter(workers=1)
            with self.lock:
                self.open.append(converter)
        return converter

    def close(self) -> None:
        with self.lock:
            held, self.open = self.open, []
            root, self.root = self.root, None
        for thing in held:
            thing.close()
        self.local = threading.local()
        if root is not None:
            shutil.rmtree(root, ignore_errors=True)


WORKER = WorkerState()
os.register_at_fork(after_in_child=WORKER.__init__)  # a forked pool worker starts afresh


def close_worker() -> None:
    """Stop this process's LibreOffice pools and remove its scratch files (a worker ends)."""
    WORKER.close()


def render_chunk(bundle: TemplateBundle, shipped: Sequence[Shipped], formats: Sequence[str]) -> list[Made]:
    """Render jobs on a worker (PDFs through its own LibreOffice pool); their files as bytes."""
    if bundle.version != __version__:
        error = ClusterError(f"工作进程的 gongwen 版本是 {__version__}，本机是 {bundle.version}；"
                             "请在集群各机器上安装同一版本")
        return [Made(task.index, (), (), error) for task in shipped]
    renderer = WORKER.renderer(bundle)
    scratch = Path(tempfile.mkdtemp(prefix="chunk-", dir=WORKER.scratch()))
    try:
        made: dict[int, tuple[list[Path], list[str], GongwenError | None]] = {}
        pdfs: list[tuple[int, PdfJob]] = []
        for task in shipped:
            out = scratch / str(task.index)
            places = {}
            for number, (name, data) in enumerate(task.files):
                place = out / "files" / f"{number}{Path(name).suffix}"
                place.parent.mkdir(parents=True, exist_ok=True)
                place.write_bytes(data)
                places[Path(name)] = place
            document = _relocated(task.document, places)
            noticed = len(renderer.warnings)
            try:
                files, pdf = renderer.write(document, out, formats, task.template, task.stem,
                                            task.blank, task.extra_context)
            except GongwenError as exc:
                made[task.index] = ([], [], _portable(exc))
                continue
            except Exception as exc:  # a fault of this job alone: its chunk's others go on
                error = f"生成时出错（{type(exc).__name__}：{exc}）"
                made[task.index] = ([], [], RelayedError(error, "E_WORKER", 1, []))
                continue
            finally:
                warnings = renderer.warnings[noticed:]
                del renderer.warnings[noticed:]
            made[task.index] = (files, warnings, None)
            if pdf is not None:
                pdfs.append((task.index, pdf))
        if pdfs:
            try:
                converted: list[Any] = WORKER.converter().convert_many(pdf for _, pdf in pdfs)
            except GongwenError as exc:  # LibreOffice missing on this worker
                converted = [exc] * len(pdfs)
            for (index, _), outcome in zip(pdfs, converted, strict=True):
                files, warnings, _ = made[index]
                if isinstance(outcome, GongwenError):
                    made[index] = (files, warnings, _portable(outcome))
                else:
                    files.append(outcome.target)
        return [Made(index, tuple((p.name, p.read_bytes()) for p in files), tuple(warnings), error)
                for index, (files, warnings, error) in made.items()]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


MAX_CHUNK = 16
"""Jobs per call at most: enough to spread a worker's per-call costs, few enough that a
lost worker loses little and the last chunks keep every worker busy."""

AHEAD = 3
"""Chunks out per worker at once: one running, the next ones queued behind it."""


@dataclass
class Remote:
    """An executor documents are rendered on, in chunks, and how to share data with it."""

    executor: Executor
    share: Callable[[Any], Any]
    slots: Callable[[], int]
    """How many jobs the executor runs at once (a cluster's workers may come and go)."""
    chunk_size: int | None = None
    owned: bool = False  # made here (a Dask client's executor): shut down after the batch

    @classmethod
    def of(cls, executor: Any, chunk_size: int | None = None) -> Remote:
        """A ``concurrent.futures.Executor``, or a Dask ``distributed.Client``: its
        executor, with the template bundle sent once to every worker."""
        if isinstance(executor, Executor):
            slots = int(getattr(executor, "_max_workers", None) or os.cpu_count() or 1)
            return cls(executor, lambda value: value, lambda: slots, chunk_size)
        if hasattr(executor, "get_executor") and hasattr(executor, "scatter"):
            client = executor
            return cls(client.get_executor(pure=False),
                       lambda value: client.scatter(value, broadcast=True, hash=True),
                       lambda: sum(client.nthreads().values()) or 1, chunk_size, owned=True)
        raise TypeError(f"executor must be a concurrent.futures.Executor or a distributed.Client, "
                        f"not {type(executor).__name__}")

    def chunks(self, count: int) -> list[range]:
        size = self.chunk_size or max(1, min(MAX_CHUNK, math.ceil(count / (4 * self.slots()))))
        return [range(start, min(start + size, count)) for start in range(0, count, size)]

    def render(self, renderer: Renderer, jobs: list[Job],
               formats: Sequence[str]) -> Iterator[tuple[int, Made]]:
        """Yield ``(index, Made)`` for every job as its chunk comes back; a chunk that fails
        as a whole gives each of its jobs a ClusterError. At most :data:`AHEAD` chunks per
        worker are out at once, so results never pile up faster than they are written.
        Closing the generator early (an interruption) cancels what has not come back."""
        if not jobs:
            return
        waiting = self.chunks(len(jobs))[::-1]
        out: dict[Future[list[Made]], range] = {}
        try:
            bundle = self.share(TemplateBundle.of(renderer))
            while waiting or out:
                ahead = AHEAD * self.slots() if waiting else 0
                while waiting and len(out) < ahead:
                    chunk = waiting.pop()
                    shipped = [Shipped.of(index, jobs[index]) for index in chunk]
                    out[self.executor.submit(render_chunk, bundle, shipped, tuple(formats))] = chunk
                back, _ = wait(out, return_when=FIRST_COMPLETED)
                for future in back:
                    chunk = out.pop(future)
                    try:
                        made = future.result()
                    except Exception as exc:  # the chunk was lost or could not be sent
                        error = ClusterError(f"在集群上生成失败（{type(exc).__name__}：{exc}）；"
                                             "请检查集群及其工作进程后重新运行，已生成的文件不会重做")
                        made = [Made(index, (), (), error) for index in chunk]
                    for outcome in made:
                        yield outcome.index, outcome
        finally:
            for future in out:
                future.cancel()
            if self.owned:  # also cancels a task whose submission was interrupted
                self.executor.shutdown(wait=False)


__all__ = ["BatchResult", "Failure", "Job", "Progress", "ProgressCallback", "close_worker", "render_chunk",
           "render_files", "render_many", "using"]
