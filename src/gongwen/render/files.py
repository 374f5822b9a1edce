"""Atomic file output: a document appears whole or not at all.

A file is written into an unnamed temporary file in its target's directory (Linux
``O_TMPFILE``) and given its name only when complete, so a process killed at any moment —
even by SIGKILL — leaves no temporary or half-written file behind and never replaces an
earlier good one. Where the file system has no unnamed files, a hidden ``.gongwen-*.part``
file is used and removed on every error. A file that cannot be written (read-only
directory, disk full) is an :class:`~gongwen.errors.OutputError` naming it, and so is one
larger than GONGWEN_MAX_FILE_MB (it is never given its name).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import tempfile
import threading
import time
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

from ..errors import OutputError
from ..limits import MB, OUTPUT_BYTES

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
"""Fixed entry time of every zip gongwen writes, so the same parts give the same bytes."""

_REASONS = {
    errno.ENOSPC: "磁盘空间不足，请清理磁盘或换一个输出目录",
    errno.EDQUOT: "超出磁盘配额，请清理磁盘或换一个输出目录",
    errno.EROFS: "所在磁盘是只读的，请换一个输出目录",
    errno.EACCES: "没有写入权限，请换一个输出目录或修改目录权限",
    errno.EPERM: "没有写入权限，请换一个输出目录或修改目录权限",
    errno.ENOTDIR: "路径中有同名文件而不是目录，请换一个输出目录",
    errno.EISDIR: "已有同名目录，请换一个文件名",
    errno.ENAMETOOLONG: "文件名过长",
}


def output_error(target: Path, exc: OSError) -> OutputError:
    """An OSError met while writing ``target`` as a user-facing error naming the file."""
    reason = _REASONS.get(exc.errno or 0, exc.strerror or str(exc))
    return OutputError(f"无法写入 {target}：{reason}")


_WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG, errno.EIO})
"""What writing into an open file can fail with, as opposed to reading the data written."""


@contextlib.contextmanager
def writing(target: Path, only: frozenset[int] | None = None) -> Iterator[None]:
    """Turn the OSErrors of writing ``target`` (those in ``only``, when given) into an
    OutputError naming it."""
    try:
        yield
    except OSError as exc:
        if only is not None and exc.errno not in only:
            raise
        raise output_error(target, exc) from None


def check_output_size(target: Path, size: int) -> None:
    """Refuse to write ``target`` with ``size`` bytes beyond GONGWEN_MAX_FILE_MB."""
    if size > OUTPUT_BYTES() * MB:
        raise OutputError(f"未写入 {target}：{OUTPUT_BYTES.exceeded('文件大小', size // MB)}")


def _unnamed(directory: Path) -> int | None:
    """A descriptor of an unnamed file in ``directory``, or None where that is unsupported."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag:
        return None
    try:
        return os.open(directory, flag | os.O_RDWR, 0o644)
    except OSError as exc:
        if exc.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
            return None
        raise


_AT_FDCWD, _AT_EMPTY_PATH = -100, 0x1000


def _link(fd: int, path: Path) -> bool:
    """Give the unnamed file behind ``fd`` the name ``path``; False where the system cannot.

    ``/proc/self/fd`` works for any user on most systems; ``linkat(AT_EMPTY_PATH)`` works
    where /proc links are refused but the process may link any descriptor (root).
    """
    try:
        os.link(f"/proc/self/fd/{fd}", path, follow_symlinks=True)
        return True
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.ENOENT, errno.EPERM, errno.EACCES):
            raise
    import ctypes  # only where /proc links are refused

    linkat = getattr(ctypes.CDLL(None, use_errno=True), "linkat", None)
    if linkat is None:
        return False
    if linkat(fd, b"", _AT_FDCWD, os.fsencode(path), _AT_EMPTY_PATH) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOENT, errno.EPERM, errno.EACCES, errno.EINVAL):
        return False
    raise OSError(error, os.strerror(error), str(path))


def _staged(target: Path) -> Path:
    return target.with_name(f".gongwen-{os.getpid()}-{os.urandom(4).hex()}.part")


def _publish(fd: int, target: Path) -> None:
    """Name the unnamed file behind ``fd`` ``target``, replacing an older file; where it
    cannot be linked, its bytes are copied into a hidden file renamed into place."""
    staged = _staged(target)
    try:
        if not _link(fd, staged):
            os.lseek(fd, 0, os.SEEK_SET)
            with staged.open("wb") as out, os.fdopen(os.dup(fd), "rb") as src:
                shutil.copyfileobj(src, out)
        os.replace(staged, target)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_file(target: Path) -> Iterator[BinaryIO]:
    """Yield a binary file that becomes ``target`` only when the block ends without error."""
    target = Path(target)
    with writing(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = _unnamed(target.parent)
    if fd is None:
        with writing(target, _WRITE_ERRORS), atomic_path(target) as tmp, tmp.open("wb") as fh:
            yield fh
            check_output_size(target, fh.tell())
        return
    # ``writing`` outermost: closing the file flushes it, which may also find the disk full
    with writing(target, _WRITE_ERRORS), os.fdopen(fd, "w+b") as fh:
        yield fh
        check_output_size(target, fh.tell())
        with writing(target):
            fh.flush()
            os.fchmod(fh.fileno(), 0o644)
            _publish(fh.fileno(), target)


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it over ``target`` only on success.

    For writers that need a path rather than a file object. An exception (or Ctrl-C)
    removes the temporary file; prefer :func:`atomic_file`, which leaves nothing even when
    the process is killed.
    """
    target = Path(target)
    with writing(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp_path = _staged(target)
        tmp_path.touch(0o600, exist_ok=False)
        try:
            yield tmp_path
            check_output_size(target, tmp_path.stat().st_size)
            os.chmod(tmp_path, 0o644)
            os.replace(tmp_path, target)
        except BaseException:
            tmp_path.unlink(missing_ok=True)
            raise


def write_atomic(target: Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically and return ``target``."""
    check_output_size(target, len(data))
    with atomic_file(target) as fh:
        fh.write(data)
    return Path(target)


def copy_atomic(source: Path, target: Path) -> Path:
    """Copy the file ``source`` to ``target`` atomically and return ``target``."""
    with atomic_file(target) as fh, Path(source).open("rb") as src:
        shutil.copyfileobj(src, fh)
    return Path(target)


@contextlib.contextmanager
def atomic_directory(target: Path) -> Iterator[Path]:
    """Yield a temporary directory beside ``target``; rename it to ``target`` only on success."""
    target = Path(target)
    with writing(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp_path = Path(tempfile.mkdtemp(prefix=".gongwen-", suffix=".part", dir=target.parent))
        try:
            yield tmp_path
            os.chmod(tmp_path, 0o755)
            os.rename(tmp_path, target)
        except BaseException:
            shutil.rmtree(tmp_path, ignore_errors=True)
            raise


_DEFLATED: OrderedDict[tuple[str, bytes], tuple[bytes, int]] = OrderedDict()
"""Compressed static parts (a template's styles, fonts table, theme …) and their CRC, by
name and content, most recently used last; bytes objects keep their hash, so finding a
template's own part again costs no hashing."""
_DEFLATED_KEPT = 512
_DEFLATED_LOCK = threading.Lock()


def _deflated(name: str, data: bytes) -> tuple[bytes, int]:
    """``data`` deflated exactly as :mod:`zipfile` deflates it, and its CRC; from the cache
    when the same part was written before."""
    key = (name, data)
    with _DEFLATED_LOCK:
        found = _DEFLATED.get(key)
        if found is not None:
            _DEFLATED.move_to_end(key)
            return found
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    found = (compressor.compress(data) + compressor.flush(), zlib.crc32(data))
    with _DEFLATED_LOCK:
        _DEFLATED[key] = found
        while len(_DEFLATED) > _DEFLATED_KEPT:
            _DEFLATED.popitem(last=False)
    return found


def _write_deflated(out: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes) -> None:
    """Add an entry from its cached compressed bytes: the same header, data and directory
    entry as ``ZipFile.writestr`` writes into a seekable file."""
    compressed, crc = _deflated(info.filename, data)
    info.file_size, info.compress_size, info.CRC, info.flag_bits = len(data), len(compressed), crc, 0
    out.fp.seek(out.start_dir)  # type: ignore[union-attr]
    info.header_offset = out.fp.tell()  # type: ignore[union-attr]
    out.fp.write(info.FileHeader(False) + compressed)  # type: ignore[union-attr]
    out.start_dir = out.fp.tell()  # type: ignore[union-attr]
    out.filelist.append(info)
    out.NameToInfo[info.filename] = info


def write_zip(parts: Mapping[str, bytes], file: Path | BinaryIO, static: Collection[str] = ()) -> None:
    """Write package parts as a zip with fixed entry times and order: same parts, same bytes.

    The ``static`` parts — those copied unchanged from a template — are compressed once per
    process and reused (most of a .docx is its template's parts); the bytes written are the
    same as when they are compressed anew.
    """
    with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as out:
        cached = bool(static) and out.fp is not None and out.fp.seekable()
        for name in sorted(parts, key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            if cached and name in static:
                _write_deflated(out, info, parts[name])
            else:
                out.writestr(info, parts[name])


def write_zip_atomic(parts: Mapping[str, bytes], target: Path, static: Collection[str] = ()) -> Path:
    """Write package parts (a .docx or .xlsx) to ``target`` atomically and reproducibly
    (``static``: see :func:`write_zip`)."""
    with atomic_file(target) as fh:
        write_zip(parts, fh, static)
    return Path(target)


LOCK_WAIT_VAR = "GONGWEN_LOCK_WAIT"
DEFAULT_LOCK_WAIT = 600.0
"""Seconds a run waits for another run into the same output directory to end."""


def lock_wait() -> float:
    """Seconds to wait for an output directory held by another run ($GONGWEN_LOCK_WAIT)."""
    value = os.environ.get(LOCK_WAIT_VAR, "")
    try:
        return max(0.0, float(value)) if value else DEFAULT_LOCK_WAIT
    except ValueError:
        raise OutputError(f"环境变量 {LOCK_WAIT_VAR} 应为秒数（如 600），而不是“{value}”") from None


_LOCKS: set[int] = set()
"""Descriptors of the directories this process holds (see :func:`directory_lock`)."""


def _release_inherited_locks() -> None:
    """In a child forked during a run (a process pool's worker), close the inherited
    descriptors, so that the run's directory is free again when the run ends."""
    for fd in _LOCKS:
        with contextlib.suppress(OSError):
            os.close(fd)
    _LOCKS.clear()


os.register_at_fork(after_in_child=_release_inherited_locks)


@contextlib.contextmanager
def directory_lock(directory: Path) -> Iterator[None]:
    """Hold ``directory`` for one run: a second run into it at the same time waits for the
    first to end (up to :func:`lock_wait` seconds, then it is refused), so neither loses
    what the other wrote into the directory's manifest.

    The lock is the kernel's (``flock`` on the directory itself), so no lock file is left
    behind and a killed run releases it at once.
    """
    directory = Path(directory)
    with writing(directory):
        directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    _LOCKS.add(fd)
    try:
        wait = lock_wait()
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise OutputError(
                        f"输出目录 {directory} 正被另一次 gongwen 运行使用（已等待 {wait:g} 秒）；"
                        f"请等它结束后再运行，或换一个输出目录（等待时间可用 {LOCK_WAIT_VAR} 调整）"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        _LOCKS.discard(fd)
        os.close(fd)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def scratch_directory(prefix: str) -> Path:
    """A new private temporary directory ``<prefix><pid>-…``.

    Directories of the same prefix left by processes that no longer run (a run killed
    with SIGKILL cannot clean up after itself) are removed first.
    """
    root = Path(tempfile.gettempdir())
    for stale in root.glob(f"{prefix}*-*"):
        pid = stale.name[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=root))
