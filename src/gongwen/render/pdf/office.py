"""Locating LibreOffice and a Python that can drive it over UNO."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from ...errors import ConversionError

_SETUP_VERSION = re.compile(r'<prop oor:name="ooSetupVersion">\s*<value>([0-9.]+)</value>')
INSTALL_HINT = (
    "请安装 LibreOffice 与中文字体：\n"
    "  sudo apt-get install libreoffice-writer-nogui python3-uno fonts-noto-cjk fonts-lxgw-wenkai\n"
    "或用环境变量 GONGWEN_SOFFICE 指定 soffice 程序的路径。"
)


def find_soffice(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return the ``soffice`` executable: ``explicit``, then ``$GONGWEN_SOFFICE``, then PATH.

    Raises ConversionError with installation advice when none is found.
    """
    wanted = explicit or os.environ.get("GONGWEN_SOFFICE")
    if wanted:
        found = shutil.which(str(wanted))
        if found is None:
            raise ConversionError(f"找不到指定的 LibreOffice 程序 {wanted}，无法生成 PDF。\n{INSTALL_HINT}")
        return Path(found)
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    raise ConversionError(f"未找到 LibreOffice（soffice），无法生成 PDF。\n{INSTALL_HINT}")


def clean_env() -> dict[str, str]:
    """The current environment without variables that would confuse another Python, in a
    UTF-8 locale: under ``LANG=C`` (a service, a cron job) LibreOffice cannot open a file
    whose name is Chinese."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONHOME", "PYTHONPATH")}
    return {**env, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}


def cache_root() -> Path:
    """gongwen's folder in the user's cache directory."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "gongwen"


def program_directory(soffice: Path) -> Path:
    """LibreOffice's ``program`` directory, where ``soffice`` really lives (links resolved)."""
    return Path(os.path.realpath(soffice)).parent


def installation_key(soffice: Path) -> str:
    """A short digest naming the LibreOffice installation behind ``soffice``."""
    program = program_directory(soffice)
    digest = hashlib.sha256(str(program).encode())
    for name in ("versionrc", "version.ini", "soffice.bin"):
        with contextlib.suppress(OSError):
            info = (program / name).stat()
            digest.update(f"{name}:{info.st_size}:{info.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


@functools.lru_cache(maxsize=8)
def find_uno_python(soffice: Path) -> Path:
    """Return a Python interpreter that can ``import uno`` for this LibreOffice.

    Tried in order: ``$GONGWEN_UNO_PYTHON``, the ``python`` shipped inside LibreOffice's
    program directory (upstream builds), the system ``/usr/bin/python3`` (Debian's
    ``python3-uno``), and the running interpreter. The one found is remembered in the user's
    cache directory for this installation (see :func:`installation_key`).
    """
    explicit = os.environ.get("GONGWEN_UNO_PYTHON")
    found = None if explicit else _remembered(soffice)
    if found is not None:
        return found
    candidates = [
        explicit,
        str(program_directory(soffice) / "python"),
        "/usr/bin/python3",
        sys.executable,
    ]
    for candidate in candidates:
        if not candidate or shutil.which(candidate) is None:
            continue
        probe = subprocess.run(
            [candidate, "-c", "import uno"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env=clean_env(),
            timeout=60,
        )
        if probe.returncode == 0:
            if not explicit:
                _remember(soffice, Path(candidate))
            return Path(candidate)
    raise ConversionError(
        f"找到了 LibreOffice（{soffice}），但没有能驱动它的 Python UNO 接口，无法生成 PDF。\n"
        "请安装：sudo apt-get install python3-uno\n"
        "或用环境变量 GONGWEN_UNO_PYTHON 指定能 import uno 的 Python。"
    )


def _remembered_file(soffice: Path) -> Path:
    return cache_root() / f"uno-python-{installation_key(soffice)}"


def _remembered(soffice: Path) -> Path | None:
    """The Python found by an earlier run for this LibreOffice, if it is still there: the
    probe (starting a Python to ``import uno``) is paid once per installation, not per run."""
    with contextlib.suppress(OSError, ValueError):
        found = Path(_remembered_file(soffice).read_text(encoding="utf-8").strip())
        if found.is_absolute() and shutil.which(str(found)) is not None:
            return found
    return None


def _remember(soffice: Path, python: Path) -> None:
    target = _remembered_file(soffice)
    with contextlib.suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = target.with_name(f".{target.name}-{os.getpid()}")
        staged.write_text(str(Path(shutil.which(str(python)) or python).absolute()), encoding="utf-8")
        os.replace(staged, target)


def product_version(soffice: Path) -> str | None:
    """The installation's product version as its registry states it (``7.4``), or None."""
    registry = program_directory(soffice).parent / "share" / "registry" / "main.xcd"
    with contextlib.suppress(OSError, UnicodeDecodeError):
        found = _SETUP_VERSION.search(registry.read_text(encoding="utf-8"))
        return found.group(1) if found else None
    return None


def soffice_version(soffice: Path) -> str:
    """Return LibreOffice's version line, e.g. ``LibreOffice 7.4.7.2 40(Build:2)``."""
    out = subprocess.run(
        [str(soffice), "--headless", "--version"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return out.stdout.strip() or out.stderr.strip()
