"""A LibreOffice pool kept between commands: ``gongwen office start`` … ``stop``.

Each PDF command otherwise starts LibreOffice for itself — half a second of a core per
worker, as much as converting a few documents. An office that runs many commands in a day, or
a script making reports, notices and summaries district after district, starts one resident
pool instead: a background process holding a :class:`~.converter.PdfConverter`, listening on a
Unix socket in the user's cache directory (``office.sock``, only the user can connect), and
stopping itself after a time without work (10 minutes by default) or on ``gongwen office
stop``. While it runs, the commands' PDFs are converted by its warm workers; when it is gone
(stopped, killed, never started) the commands start their own pool as before.

The protocol is one JSON object per line each way: a request ``{"id", "src", "dst", "meta"}``
(absolute paths of the user's files; the PDF is written to ``dst`` atomically) answered by
``{"id", "ok": true, "pages", "seconds", "attempts"}`` or ``{"id", "ok": false, "error"}``, in
the order conversions finish; ``{"status": true}`` and ``{"stop": true}`` are answered at once.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, as_completed
from pathlib import Path
from typing import Any

from ...errors import ConversionError
from .converter import PdfConverter, PdfMetadata, PdfResult, pool_size
from .office import cache_root

IDLE_SECONDS = 600.0
"""A resident pool without work for this long stops itself."""
START_TIMEOUT = 120.0


def socket_path() -> Path:
    """Where the user's resident pool listens."""
    return cache_root() / "office.sock"


def _connect(path: Path, timeout: float | None = 5.0) -> socket.socket | None:
    """A connection to the resident pool, or None when none answers at ``path``."""
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.settimeout(timeout)
    try:
        client.connect(str(path))
    except OSError:
        client.close()
        return None
    client.settimeout(None)
    return client


def _ask(message: dict[str, Any], path: Path | None = None) -> dict[str, Any] | None:
    """Send one control message and read its answer; None when no pool answers."""
    client = _connect(path or socket_path())
    if client is None:
        return None
    with client, client.makefile("rwb") as stream:
        stream.write(json.dumps(message).encode() + b"\n")
        stream.flush()
        line = stream.readline()
    return json.loads(line) if line else None


def status(path: Path | None = None) -> dict[str, Any] | None:
    """The running pool's workers, conversions and idle seconds; None when none runs."""
    return _ask({"status": True}, path)


def start(workers: int | None = None, idle: float = IDLE_SECONDS, path: Path | None = None) -> dict[str, Any]:
    """Start the resident pool in the background (if none runs) and wait until its workers
    are ready; return its status. Raises ConversionError when it cannot start."""
    target = path or socket_path()
    running = status(target)
    if running is not None:
        return running
    log = target.with_suffix(".log")
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", __name__, str(target), str(workers or pool_size()), str(idle)],
            stdin=subprocess.DEVNULL, stdout=sink, stderr=sink, start_new_session=True,
        )
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        running = status(target)
        if running is not None and running.get("ready"):
            return running
        if process.poll() is not None:
            details = log.read_text(errors="replace")[-2000:].strip()
            raise ConversionError(f"常驻 LibreOffice 启动失败。\n{details}".rstrip())
        time.sleep(0.1)
    raise ConversionError(f"常驻 LibreOffice 在 {START_TIMEOUT:g} 秒内未就绪")


def stop(path: Path | None = None, timeout: float = 30.0) -> bool:
    """Stop the resident pool; False when none was running."""
    target = path or socket_path()
    if _ask({"stop": True}, target) is None:
        return False
    deadline = time.monotonic() + timeout
    while target.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return True


class ResidentConverter:
    """The resident pool seen from a command: what a :class:`~.converter.PdfConverter`
    offers a :class:`~gongwen.renderer.Renderer` (``start``, ``submit``, ``results``,
    ``convert``, ``close``), over one connection."""

    def __init__(self, connection: socket.socket) -> None:
        self._socket = connection
        self._stream = connection.makefile("rwb")
        self._pending: dict[int, tuple[Path, Path, Future[PdfResult | ConversionError]]] = {}
        self._lock = threading.Lock()
        self._next = 0
        self._reader = threading.Thread(target=self._read, daemon=True, name="gongwen-office")
        self._reader.start()

    @classmethod
    def connect(cls, path: Path | None = None) -> ResidentConverter | None:
        """The running resident pool, or None."""
        connection = _connect(path or socket_path())
        return None if connection is None else cls(connection)

    def __enter__(self) -> ResidentConverter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self, count: int | None = None) -> None:
        """The resident workers are started already."""

    def submit(self, docx: str | os.PathLike[str], pdf: str | os.PathLike[str],
               metadata: PdfMetadata | None = None) -> Future[PdfResult | ConversionError]:
        """Queue one conversion on the resident pool; the future gives its result or error."""
        source, target = Path(docx).resolve(), Path(pdf).resolve()
        future: Future[PdfResult | ConversionError] = Future()
        future.set_running_or_notify_cancel()
        meta = None if metadata is None else vars(metadata)
        with self._lock:
            number, self._next = self._next, self._next + 1
            self._pending[number] = (source, target, future)
            try:
                self._stream.write(json.dumps({"id": number, "src": str(source), "dst": str(target),
                                               "meta": meta}).encode() + b"\n")
                self._stream.flush()
            except (OSError, ValueError):
                self._fail_all("常驻 LibreOffice 已停止")
        return future

    def results(self, futures: Sequence[Future[PdfResult | ConversionError]],
                finished: Callable[[int, int], None] | None = None) -> list[PdfResult | ConversionError]:
        """The outcomes of submitted conversions, in order (see ``PdfConverter.results``)."""
        if finished is not None:
            index = {future: number for number, future in enumerate(futures)}
            for done, future in enumerate(as_completed(futures), 1):
                finished(done, index[future])
        return [future.result() for future in futures]

    def convert(self, docx: str | os.PathLike[str], pdf: str | os.PathLike[str],
                metadata: PdfMetadata | None = None) -> PdfResult:
        """Convert one document; raise ConversionError on failure."""
        outcome = self.submit(docx, pdf, metadata).result()
        if isinstance(outcome, ConversionError):
            raise outcome
        return outcome

    def close(self) -> None:
        """Hang up; conversions not answered yet fail."""
        with contextlib.suppress(OSError):
            self._socket.shutdown(socket.SHUT_RDWR)
        self._socket.close()
        self._reader.join(timeout=5)
        self._fail_all("PDF 转换已中止。")

    kill = close

    def _read(self) -> None:
        for line in self._stream:
            reply = json.loads(line)
            with self._lock:
                source, target, future = self._pending.pop(reply["id"])
            if reply.get("ok"):
                future.set_result(PdfResult(source, target, reply["pages"], reply["seconds"],
                                            reply["attempts"]))
            else:
                future.set_result(ConversionError(reply.get("error") or "PDF 转换失败"))
        self._fail_all("常驻 LibreOffice 已停止，转换未完成；请重新运行（将使用本命令自己的 LibreOffice）")

    def _fail_all(self, message: str) -> None:
        with self._lock:
            pending, self._pending = self._pending, {}
        for _, _, future in pending.values():
            future.set_result(ConversionError(message))


class _Resident:
    """The background process: a pool, a listening socket, a clock for idleness."""

    def __init__(self, path: Path, workers: int, idle: float) -> None:
        self.path, self.idle = path, idle
        self.pool = PdfConverter(workers)
        self.busy = 0
        self.converted = 0
        self.last = time.monotonic()
        self.lock = threading.Lock()
        self.stopping = threading.Event()

    def run(self) -> None:
        self.pool.start()
        for starter in list(self.pool._starters):
            starter.join()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()  # a socket left by a pool that was killed
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old = os.umask(0o077)
        try:
            listener.bind(str(self.path))
        finally:
            os.umask(old)
        listener.listen(16)
        listener.settimeout(1.0)
        self.last = time.monotonic()  # idle from now, not from before the workers started
        try:
            while not self.stopping.is_set() and not self.idle_long_enough():
                try:
                    connection, _ = listener.accept()
                except TimeoutError:
                    continue
                threading.Thread(target=self.serve, args=(connection,), daemon=True).start()
        finally:
            listener.close()
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            self.pool.close()

    def idle_long_enough(self) -> bool:
        """No command converting, and none asked for a conversion for ``idle`` seconds
        (asking for the status does not count)."""
        with self.lock:
            return self.busy == 0 and time.monotonic() - self.last > self.idle

    def serve(self, connection: socket.socket) -> None:
        """Answer one command's requests, converting them as they come; what it asked for
        and is not started yet is dropped when it hangs up (interrupted)."""
        writing = threading.Lock()
        asked: list[Future[PdfResult | ConversionError]] = []
        with connection, connection.makefile("rwb") as stream:

            def send(message: dict[str, Any]) -> None:
                with writing, contextlib.suppress(OSError, ValueError):
                    stream.write(json.dumps(message).encode() + b"\n")
                    stream.flush()

            try:
                for line in stream:
                    request = json.loads(line)
                    if request.get("status"):
                        send(self.status())
                    elif request.get("stop"):
                        self.stopping.set()
                        send({"stopping": True})
                    else:
                        if not asked:
                            with self.lock:
                                self.busy += 1
                        asked.append(self.convert(request, send))
            except (OSError, ValueError):
                pass  # a command gone mid-line: as if it hung up
            finally:
                for future in asked:
                    future.cancel()
                if asked:
                    with self.lock:
                        self.busy -= 1
                        self.last = time.monotonic()

    def convert(self, request: dict[str, Any],
                send: Callable[[dict[str, Any]], None]) -> Future[PdfResult | ConversionError]:
        meta = PdfMetadata(**request["meta"]) if request.get("meta") else None
        future = self.pool.submit(request["src"], request["dst"], meta)

        def answer(done: Future[PdfResult | ConversionError]) -> None:
            outcome = done.result() if not done.cancelled() else ConversionError("PDF 转换已中止。")
            with self.lock:
                self.converted += 1
                self.last = time.monotonic()
            if isinstance(outcome, PdfResult):
                send({"id": request["id"], "ok": True, "pages": outcome.pages,
                      "seconds": outcome.seconds, "attempts": outcome.attempts})
            else:
                send({"id": request["id"], "ok": False, "error": str(outcome)})

        future.add_done_callback(answer)
        return future

    def status(self) -> dict[str, Any]:
        with self.lock:
            return {"ready": True, "pid": os.getpid(), "workers": self.pool.size,
                    "converted": self.converted, "commands": self.busy,
                    "idle": round(time.monotonic() - self.last, 1), "stops_after": self.idle}


if __name__ == "__main__":
    _Resident(Path(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])).run()
