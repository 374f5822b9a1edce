"""What the service's requests share: the work directory, one LibreOffice pool, a renderer
per district and job thread, and the bounded job queue (full → :class:`Busy`, never an
unbounded backlog)."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from ..errors import ConversionError, OptionError
from ..loaders import confined
from ..registry import Listing, Registry
from ..render.pdf import PdfConverter
from ..renderer import Renderer
from .settings import Settings

T = TypeVar("T")

BUILT_IN_DISTRICT = "内置"
"""The district whose documents use only the built-in templates."""


class Busy(Exception):
    """Every job slot and queue place is taken."""


class TimedOut(Exception):
    """A request took longer than its time limit."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds


class Work:
    """The service's shared state; :meth:`close` finishes running jobs, cancels queued ones,
    stops LibreOffice and removes every temporary file."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.root = settings.workdir
        self.requests = self.root / "requests"
        self.batches = self.root / "batches"
        scratch = self.root / "scratch"
        for directory in (self.requests, self.batches, scratch):  # left by a previous run
            shutil.rmtree(directory, ignore_errors=True)
            directory.mkdir(parents=True)
        tempfile.tempdir = str(scratch)  # renderers' and LibreOffice's scratch files stay inside
        self.pdf = self._pool()
        self._executor = ThreadPoolExecutor(settings.jobs, thread_name_prefix="gongwen-job")
        self._slots = threading.BoundedSemaphore(settings.jobs + settings.queue)
        self._local = threading.local()
        self._renderers: list[Renderer] = []
        self._lock = threading.Lock()
        self.closing = False

    def _pool(self) -> PdfConverter | None:
        """The one LibreOffice pool (workers start on the first PDF), or None without LibreOffice:
        then a PDF request fails with the installation advice of ConversionError."""
        try:
            return PdfConverter(self.settings.workers)
        except ConversionError:
            return None

    def districts(self) -> list[str]:
        return [BUILT_IN_DISTRICT, *self.settings.templates]

    def _dirs(self, district: str | None) -> list[Path]:
        name = district or BUILT_IN_DISTRICT
        if name != BUILT_IN_DISTRICT and name not in self.settings.templates:
            raise OptionError("district", f"没有名为“{name}”的模板，可用：{'、'.join(self.districts())}")
        return [self.settings.templates[name]] if name in self.settings.templates else []

    def listing(self, district: str) -> list[Listing]:
        """The templates a district's documents may use."""
        return Registry.default(self._dirs(district)).listing()

    def renderer(self, district: str | None) -> Renderer:
        """This job thread's renderer for a district's templates (compiled templates kept)."""
        name = district or BUILT_IN_DISTRICT
        own: dict[str, Renderer] = self._local.__dict__.setdefault("renderers", {})
        if name not in own:
            own[name] = Renderer(self._dirs(name), pdf=self.pdf)
            with self._lock:
                self._renderers.append(own[name])
        return own[name]

    @contextlib.contextmanager
    def directory(self, under: Path | None = None) -> Iterator[Path]:
        """A fresh directory for one request's files, removed afterwards; data in it may name
        only files inside it."""
        path = Path(tempfile.mkdtemp(prefix="r-", dir=under or self.requests))
        try:
            with confined(path):
                yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)

    def submit(self, job: Callable[..., T], *args: Any) -> Future[T]:
        """Queue a job; raise Busy when the queue is full or the service is stopping."""
        if self.closing or not self._slots.acquire(blocking=False):
            raise Busy()
        try:
            future = self._executor.submit(job, *args)
        except RuntimeError:  # shut down meanwhile
            self._slots.release()
            raise Busy() from None
        future.add_done_callback(lambda _: self._slots.release())
        return future

    async def run(self, job: Callable[..., T], *args: Any) -> T:
        """Run a job on the queue and wait for it within the request time limit."""
        future = self.submit(job, *args)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.settings.time_limit)
        except asyncio.TimeoutError:
            raise TimedOut(self.settings.time_limit) from None

    def new_batch_dir(self) -> tuple[str, Path]:
        ident = uuid.uuid4().hex
        path = self.batches / ident
        path.mkdir()
        return ident, path

    def close(self) -> None:
        """Finish running jobs, cancel queued ones, stop LibreOffice, remove temporary files."""
        self.closing = True
        self._executor.shutdown(wait=True, cancel_futures=True)
        for renderer in self._renderers:
            renderer.close()
        if self.pdf is not None:
            self.pdf.close()
        for directory in ("requests", "batches", "scratch"):
            shutil.rmtree(self.root / directory, ignore_errors=True)
        tempfile.tempdir = None
