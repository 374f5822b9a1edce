"""PDF output: the rendered .docx converted by a pool of persistent LibreOffice workers.

The PDF is the same document as the .docx (which a district may have restyled in Word),
so it comes from LibreOffice converting that file, never from a second layout.

Each worker is a small UNO client (``_uno_worker.py``, run by a Python that has the UNO
bridge) with its own headless ``soffice`` and its own temporary user profile
(instances sharing a profile fail silently). Workers start lazily, live in their own
process group, and are killed as a group when the converter closes — on normal exit,
on an exception, on Ctrl-C, on SIGTERM/SIGHUP and at interpreter exit — so no
``soffice`` outlives the run. A document that exceeds the timeout, or whose worker
dies, gets a fresh worker and one more try; workers are recycled after a number of
conversions to bound LibreOffice's memory growth.
"""

from __future__ import annotations

import atexit
import contextlib
import heapq
import itertools
import json
import os
import queue
import select
import shutil
import signal
import subprocess
import threading
import time
import uuid
import weakref
import zipfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, Any

from ...errors import ConversionError
from ...version import __version__
from ..files import atomic_file, copy_atomic, scratch_directory
from .fonts import converter_env
from .infodict import PdfStructureError, with_info
from .office import find_soffice, find_uno_python
from .profile import copy_profile, warm_profile

if TYPE_CHECKING:
    from pypdf import PdfWriter

WORKER_SCRIPT = Path(__file__).with_name("_uno_worker.py")
TIMEOUT_VAR = "GONGWEN_PDF_TIMEOUT"
DEFAULT_TIMEOUT = 60.0
"""Seconds one document may take to convert before its worker is killed and it is retried."""

PathLike = str | os.PathLike[str]


@dataclass(frozen=True)
class PdfMetadata:
    """Document information written into a PDF."""

    title: str = ""
    author: str = ""  # the issuing office (发文机关)
    subject: str = ""  # the document kind, e.g. 年度工作计划
    creator: str = f"gongwen {__version__}"


def metadata_fields(metadata: PdfMetadata) -> dict[str, str]:
    """The Info dictionary entries of ``metadata`` (empty fields are left out)."""
    info = {
        "/Title": metadata.title,
        "/Author": metadata.author,
        "/Subject": metadata.subject,
        "/Creator": metadata.creator,
    }
    return {k: v for k, v in info.items() if v}


def write_metadata(pdf: PdfWriter, metadata: PdfMetadata) -> None:
    """Set Title/Author/Subject/Creator on ``pdf`` (empty fields are left out)."""
    pdf.add_metadata(metadata_fields(metadata))


def publish(converted: Path, target: Path, metadata: PdfMetadata | None) -> int:
    """Write the freshly converted PDF to ``target`` atomically, with ``metadata``; return
    its page count.

    The metadata is appended as an incremental update (a new Info dictionary, a small
    cross-reference section and trailer): the PDF LibreOffice wrote stays as it is, byte
    for byte, in front. A PDF whose structure is not the plain one LibreOffice writes is
    rewritten through pypdf instead.
    """
    data = converted.read_bytes()
    try:
        pages, data = with_info(data, metadata_fields(metadata) if metadata else {})
    except PdfStructureError:
        return _rewrite(converted, target, metadata)
    with atomic_file(target) as fh:
        fh.write(data)
    return pages


def _rewrite(converted: Path, target: Path, metadata: PdfMetadata | None) -> int:
    """``publish`` through pypdf: parse, set the metadata, write the whole PDF anew."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(converted)
        with atomic_file(target) as fh:
            if metadata is None:
                fh.write(converted.read_bytes())
            else:
                writer = PdfWriter(clone_from=reader)
                write_metadata(writer, metadata)
                writer.write(fh)
        return len(reader.pages)
    except PyPdfError as exc:
        raise PdfStructureError(str(exc)) from None


def default_timeout() -> float:
    """The conversion time limit from ``GONGWEN_PDF_TIMEOUT``, or 60 seconds."""
    value = os.environ.get(TIMEOUT_VAR, "").strip()
    try:
        seconds = float(value) if value else DEFAULT_TIMEOUT
    except ValueError:
        seconds = 0.0
    if not seconds > 0:
        raise ConversionError(f"环境变量 {TIMEOUT_VAR} 应为正数（秒），而不是“{value}”")
    return seconds


@dataclass(frozen=True)
class PdfResult:
    """One converted document."""

    source: Path
    target: Path
    pages: int
    seconds: float
    attempts: int


Job = tuple[PathLike, PathLike] | tuple[PathLike, PathLike, PdfMetadata | None]


class _WorkerLost(Exception):
    """The worker died or stopped answering; it must be replaced."""


class _Worker:
    """One helper process plus its soffice, in a process group of their own."""

    def __init__(self, pool: PdfConverter, index: int) -> None:
        self.pool = pool
        self.index = index
        self.generation = 0
        self.proc: subprocess.Popen[bytes] | None = None
        self.profile: Path | None = None
        self.conversions = 0
        self.office: int | None = None  # process group of the worker's soffice
        self._buffer = b""

    @property
    def running(self) -> bool:
        """True while the helper process is alive."""
        return self.proc is not None and self.proc.poll() is None

    def start(self) -> None:
        """Start the helper and its soffice; wait until soffice accepts documents."""
        self.generation += 1
        self.profile = self.pool.workdir / f"worker{self.index}-{self.generation}"
        copy_profile(self.pool.template(), self.profile)
        pipe_name = f"gongwen-{os.getpid()}-{uuid.uuid4().hex[:12]}"
        self.conversions = 0
        self._buffer = b""
        log_path = self.profile / "gongwen-worker.log"
        log = log_path.open("ab")
        try:
            self.proc = subprocess.Popen(
                [
                    str(self.pool.uno_python),
                    str(WORKER_SCRIPT),
                    str(self.pool.soffice),
                    str(self.profile),
                    pipe_name,
                    str(self.pool.start_timeout),
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                env=converter_env(),
                start_new_session=True,
            )
        except OSError as exc:
            raise ConversionError(f"无法启动 LibreOffice 工作进程：{exc}") from None
        finally:
            log.close()
        try:
            reply = self._read(self.pool.start_timeout + 10)
        except _WorkerLost:
            reply = {"ready": False, "error": "启动超时或进程退出"}
        office = reply.get("office")
        self.office = office if isinstance(office, int) else None
        if not reply.get("ready"):
            details = log_path.read_text(errors="replace")[-2000:].strip()
            self.kill()
            raise ConversionError(
                f"LibreOffice 工作进程启动失败：{reply.get('error', '')}"
                + (f"\n{details}" if details else "")
            )

    def scratch_file(self, suffix: str) -> Path:
        """A fresh path in this worker's profile (removed with it, also if the parent dies)."""
        return self.profile / f"out-{uuid.uuid4().hex}{suffix}"  # type: ignore[operator]

    def request(
        self, src: Path, dst: Path, timeout: float, filter_name: str | None = None
    ) -> dict[str, object]:
        """Send one conversion (to PDF unless ``filter_name`` says otherwise) and wait for its answer."""
        message = {"src": str(src), "dst": str(dst)} | ({"filter": filter_name} if filter_name else {})
        line = json.dumps(message) + "\n"
        try:
            stdin = self.proc.stdin  # type: ignore[union-attr]
            stdin.write(line.encode())  # type: ignore[union-attr]
            stdin.flush()  # type: ignore[union-attr]
        except (AttributeError, OSError, ValueError) as exc:
            raise _WorkerLost(f"exited: {exc}") from None
        reply = self._read(timeout)
        self.conversions += 1
        if reply.get("lost"):
            raise _WorkerLost(str(reply.get("error", "")))
        return reply

    def _read(self, timeout: float) -> dict[str, object]:
        """Read one JSON line from the helper within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _WorkerLost("timeout")
            try:
                fd = self.proc.stdout.fileno()  # type: ignore[union-attr]
                ready, _, _ = select.select([fd], [], [], remaining)
                chunk = os.read(fd, 65536) if ready else None
            except (AttributeError, OSError, ValueError) as exc:
                raise _WorkerLost(f"exited: {exc}") from None
            if chunk is None:
                continue
            if not chunk:
                raise _WorkerLost("exited")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def hang_up(self) -> None:
        """Ask the worker to quit by closing its stdin; :meth:`stop` waits for it."""
        if self.proc is not None and self.proc.stdin is not None:
            with contextlib.suppress(OSError):
                self.proc.stdin.close()

    def stop(self) -> None:
        """Ask the worker to quit (closing its stdin), then make sure its group is gone."""
        if self.proc is not None and self.proc.stdin is not None:
            self.hang_up()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=10)
                self.office = None  # the worker ended, and took its soffice with it
        self.kill()

    def kill(self) -> None:
        """Kill the worker's process group and its soffice's, and remove its profile."""
        proc, self.proc = self.proc, None
        office, self.office = self.office, None
        if office is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(office, signal.SIGKILL)
        if proc is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            for stream in (proc.stdin, proc.stdout):
                with contextlib.suppress(OSError):
                    if stream is not None:
                        stream.close()
        if self.profile is not None:
            shutil.rmtree(self.profile, ignore_errors=True)


def text_size(docx: PathLike) -> int:
    """The size of a .docx's main text part: how long it takes to convert, roughly (0 when
    it cannot be read)."""
    try:
        with zipfile.ZipFile(docx) as package:
            return package.getinfo("word/document.xml").file_size
    except (OSError, KeyError, zipfile.BadZipFile):
        return 0


def pool_size(documents: int | None = None, cores: int | None = None) -> int:
    """How many workers a batch of ``documents`` PDFs is worth: one per core, but no more
    than one per 8 documents — a worker's start costs about as much as converting a few
    documents, and on a busy machine an idle one only takes a core from the rendering."""
    cores = max(1, cores or os.cpu_count() or 1)
    if documents is None:
        return cores
    return max(1, min(cores, -(-documents // 8)))


class PdfConverter:
    """A pool of LibreOffice workers converting .docx files to PDF.

    Use it as a context manager (or call ``close()``); workers start on first use, or
    ahead of it with :meth:`start` (in the background, while the caller prepares the
    documents); :meth:`submit` converts a document as soon as it is written::

        with PdfConverter() as pdf:
            pdf.convert("plan.docx", "plan.pdf", PdfMetadata(title="…"))
    """

    def __init__(
        self,
        workers: int | None = None,
        *,
        timeout: float | None = None,
        recycle_after: int = 200,
        start_timeout: float = 120.0,
        soffice: PathLike | None = None,
    ) -> None:
        self.soffice = find_soffice(soffice)
        self.uno_python = find_uno_python(self.soffice)
        self.size = max(1, workers or pool_size())
        self.timeout = timeout or default_timeout()
        self.recycle_after = recycle_after
        self.start_timeout = start_timeout
        self.workdir = scratch_directory("gongwen-lo-")
        self._workers = [_Worker(self, i) for i in range(self.size)]
        self._idle: queue.Queue[_Worker] = queue.Queue()
        for worker in self._workers:
            self._idle.put(worker)
        self._closed = False
        self._template: list[Path | None] = []  # the warm profile, once looked up
        self._template_lock = threading.Lock()
        self._starters: list[threading.Thread] = []
        self._executor: ThreadPoolExecutor | None = None
        self._waiting: list[tuple[int, int, tuple[PathLike, PathLike, PdfMetadata | None], Future[Any]]] = []
        self._waiting_lock = threading.Lock()
        self._order = itertools.count()
        _LIVE.add(self)
        _install_signal_handlers()

    def __enter__(self) -> PdfConverter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def template(self) -> Path | None:
        """The warm profile workers start from (see :mod:`.profile`), made on first use."""
        with self._template_lock:
            if not self._template:
                self._template.append(warm_profile(self.soffice))
            return self._template[0]

    def start(self, count: int | None = None) -> None:
        """Start up to ``count`` workers (default: all) in the background and return at once;
        a conversion asked for meanwhile waits for the first one ready. A worker that fails
        to start is tried again, and its error reported, by the conversion that needs it.

        As many start at once as there are cores beside the caller's own (at least one), the
        others when the first is ready: LibreOffice's start-up takes a core for about half a
        second, and starting them all beside the rendering delayed the first document on two
        cores rather than bringing the last worker sooner."""
        chosen: list[_Worker] = []
        for _ in range(min(count or self.size, self.size)):
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            if worker.running:
                self._idle.put(worker)
            else:
                chosen.append(worker)
        at_once = max(1, (os.cpu_count() or 1) - 1)
        for number, worker in enumerate(chosen[:at_once]):
            self._starter(worker, chosen[at_once:] if number == 0 else [])

    def _starter(self, worker: _Worker, then: list[_Worker]) -> None:
        """Start ``worker`` on a thread of its own, then (ready or failed) the workers ``then``."""
        starter = threading.Thread(target=self._start_one, args=(worker, then), daemon=True,
                                   name="gongwen-pdf-start")
        self._starters.append(starter)
        starter.start()

    def _start_one(self, worker: _Worker, then: list[_Worker]) -> None:
        try:
            if not self._closed:
                worker.start()
        except ConversionError:
            worker.kill()
        finally:
            if self._closed:
                worker.kill()
            self._idle.put(worker)
            for waiting in then:
                if self._closed:
                    self._idle.put(waiting)
                else:
                    self._starter(waiting, [])

    def close(self) -> None:
        """Stop every worker — all at once — and remove the temporary profiles. Safe to
        call twice."""
        if self._closed:
            return
        self._closed = True
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._cancel_waiting()
        for starter in self._starters:
            starter.join()
        for worker in self._workers:
            worker.hang_up()
        for worker in self._workers:
            worker.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)
        _LIVE.discard(self)

    def kill(self) -> None:
        """Kill every worker at once, without waiting for them (signal and error paths)."""
        self._closed = True
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._cancel_waiting()
        for worker in self._workers:
            worker.kill()
        shutil.rmtree(self.workdir, ignore_errors=True)
        _LIVE.discard(self)

    def convert(self, docx: PathLike, pdf: PathLike, metadata: PdfMetadata | None = None) -> PdfResult:
        """Convert ``docx`` to ``pdf`` (written atomically); raise ConversionError on failure."""
        source, target = Path(docx).resolve(), Path(pdf).resolve()
        if not source.is_file():
            raise ConversionError(f"找不到要转换的文件：{source}")
        worker = self._idle.get()
        try:
            return self._convert_on(worker, source, target, metadata)
        finally:
            self._idle.put(worker)

    def export(self, source: PathLike, target: PathLike, filter_name: str) -> Path:
        """Save ``source`` through another LibreOffice export filter, e.g. a .doc, .wps or .odt
        as .docx with ``"MS Word 2007 XML"``; same workers, timeout and retry as ``convert``."""
        src, dst = Path(source).resolve(), Path(target).resolve()
        if not src.is_file():
            raise ConversionError(f"找不到要转换的文件：{src}")
        worker = self._idle.get()
        try:
            self._convert_on(worker, src, dst, None, filter_name)
        finally:
            self._idle.put(worker)
        return dst

    def convert_many(
        self, jobs: Iterable[Job], finished: Callable[[int, int], None] | None = None
    ) -> list[PdfResult | ConversionError]:
        """Convert many documents in parallel; one result or error per job, in order.

        Jobs are ``(docx, pdf)`` or ``(docx, pdf, metadata)``. ``finished(done, index)`` is
        called on the calling thread as each job ends (``done`` jobs so far). On Ctrl-C or
        any other exception the workers are killed at once and the exception propagates.
        """
        futures = [self.submit(*job) for job in jobs]  # type: ignore[arg-type]
        return self.results(futures, finished)

    def submit(
        self, docx: PathLike, pdf: PathLike, metadata: PdfMetadata | None = None
    ) -> Future[PdfResult | ConversionError]:
        """Queue one conversion and return at once; the future gives its result or error.
        Collect futures with :meth:`results`, which stops the pool on Ctrl-C.

        Of the documents waiting, the longest (by the size of its text) is converted first:
        one long document met last would otherwise be converted alone after all the others."""
        if self._closed:
            raise ConversionError("PDF 转换已中止。")
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=self.size, thread_name_prefix="gongwen-pdf")
        future: Future[PdfResult | ConversionError] = Future()
        entry = (-text_size(docx), next(self._order), (docx, pdf, metadata), future)
        with self._waiting_lock:
            heapq.heappush(self._waiting, entry)
        self._executor.submit(self._convert_next)
        return future

    def _convert_next(self) -> None:
        """Convert the longest document waiting (each submission runs this once)."""
        with self._waiting_lock:
            *_, job, future = heapq.heappop(self._waiting)
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(self._convert_job(*job))
        except BaseException as exc:
            future.set_exception(exc)

    def _cancel_waiting(self) -> None:
        """Cancel the conversions not started (their runs were cancelled with the executor)."""
        with self._waiting_lock:
            for *_, future in self._waiting:
                future.cancel()

    def results(
        self,
        futures: Sequence[Future[PdfResult | ConversionError]],
        finished: Callable[[int, int], None] | None = None,
    ) -> list[PdfResult | ConversionError]:
        """The outcomes of submitted conversions, in order; ``finished(done, index)`` is
        called on the calling thread as each one ends. On Ctrl-C or any other exception the
        workers are killed at once and the exception propagates."""
        try:
            if finished is not None:
                index = {future: number for number, future in enumerate(futures)}
                for done, future in enumerate(as_completed(futures), 1):
                    finished(done, index[future])
            return [future.result() for future in futures]
        except BaseException:
            self.kill()
            raise

    def _convert_job(
        self, docx: PathLike, pdf: PathLike, metadata: PdfMetadata | None = None
    ) -> PdfResult | ConversionError:
        try:
            return self.convert(docx, pdf, metadata)
        except ConversionError as exc:
            return exc

    def _convert_on(
        self,
        worker: _Worker,
        source: Path,
        target: Path,
        metadata: PdfMetadata | None,
        filter_name: str | None = None,
    ) -> PdfResult:
        started = time.monotonic()
        failure = ""
        for attempt in (1, 2):
            if self._closed:
                raise ConversionError("PDF 转换已中止。")
            if not worker.running:
                try:
                    worker.start()
                except ConversionError as exc:  # e.g. killed while starting: one more try
                    worker.kill()
                    failure = str(exc)
                    continue
            # LibreOffice writes into the worker's own profile; the finished PDF is then
            # published into place atomically, so nothing half-written reaches ``target``.
            converted = worker.scratch_file(".pdf" if filter_name is None else target.suffix)
            try:
                reply = worker.request(source, converted, self.timeout, filter_name)
                if not reply.get("ok"):
                    what = "PDF" if filter_name is None else filter_name
                    raise ConversionError(
                        f"LibreOffice 无法把 {source.name} 转换为 {what}：{reply.get('error')}"
                    )
                try:
                    if filter_name is None:
                        pages = publish(converted, target, metadata)
                    else:
                        copy_atomic(converted, target)
                        pages = 0
                except (OSError, PdfStructureError) as exc:
                    raise ConversionError(f"{source.name} 转换出的 PDF 无法读取：{exc}") from None
            except _WorkerLost as lost:
                worker.kill()
                failure = (
                    f"超过 {self.timeout:g} 秒仍未完成"
                    if str(lost) == "timeout"
                    else f"LibreOffice 进程意外退出（{lost}）"
                )
                continue
            finally:
                converted.unlink(missing_ok=True)
                if worker.running and worker.conversions >= self.recycle_after:
                    worker.stop()
            return PdfResult(source, target, pages, time.monotonic() - started, attempt)
        raise ConversionError(f"{source.name} 转换为 PDF 失败：{failure}，重试一次后仍失败。")


# Safety net: converters still open at interpreter exit or on SIGTERM/SIGHUP are killed.
_LIVE: weakref.WeakSet[PdfConverter] = weakref.WeakSet()
_HANDLED: dict[int, object] = {}


def _kill_all() -> None:
    for converter in list(_LIVE):
        converter.kill()


def _on_signal(signum: int, frame: FrameType | None) -> None:
    _kill_all()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def _install_signal_handlers() -> None:
    """Kill workers on SIGTERM/SIGHUP when nobody else handles those signals."""
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signum not in _HANDLED and signal.getsignal(signum) == signal.SIG_DFL:
            _HANDLED[signum] = signal.signal(signum, _on_signal)


atexit.register(_kill_all)
