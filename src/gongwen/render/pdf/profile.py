"""A warm LibreOffice user profile, made once per LibreOffice installation and copied per worker.

A fresh profile costs every worker's first start a second or more (LibreOffice fills it:
registry, extensions, module configuration). The first time gongwen needs a worker on a
machine it has LibreOffice convert a line of text with a new profile, once, and keeps that
profile under the user's cache directory (``$XDG_CACHE_HOME/gongwen`` or
``~/.cache/gongwen``), named after the LibreOffice installation (its program directory and
version file), so an upgraded LibreOffice makes a new one. Each worker starts from a copy:
instances sharing one profile fail silently. Where the profile cannot be made or kept (no
writable cache directory), workers start from empty profiles as before.

The profile also records the installation's version as the last one run
(``ooSetupLastVersion``). LibreOffice records it only from its window, never headless, and
takes a profile without it for the first start after an upgrade, for which it runs its
graphics self-tests (about a hundred drawings on 4096-pixel canvases): in every worker, at
every start, more than half of the start-up's time. A profile of an earlier format (see
``FORMAT``) is not used, and removed once the new one is there.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

from .fonts import converter_env
from .office import cache_root, installation_key, product_version

MAKE_TIMEOUT = 120.0
FORMAT = 2
"""Bumped when gongwen changes what it puts in a warm profile, so older ones are not used."""
_LOCK = threading.Lock()


def warm_profile(soffice: Path) -> Path | None:
    """The cached warm profile for ``soffice``, made now if missing; None if it cannot be."""
    key = installation_key(soffice)
    folder = cache_root() / f"lo-profile-{FORMAT}-{key}"
    if not (folder / "user").is_dir():
        with _LOCK:
            if not (folder / "user").is_dir():
                with contextlib.suppress(OSError):
                    _make(soffice, folder)
        if not (folder / "user").is_dir():
            return None
    for older in folder.parent.glob(f"lo-profile-*{key}"):  # this installation's earlier formats
        if older != folder:
            shutil.rmtree(older, ignore_errors=True)
    return folder


def _make(soffice: Path, folder: Path) -> None:
    """Have LibreOffice start with a new profile and convert a line of text, then keep the
    profile as ``folder`` (renamed into place whole: concurrent makers do not collide)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".lo-profile-", dir=folder.parent))
    try:
        sample = staging / "warm.txt"
        sample.write_text("gongwen\n", encoding="utf-8")
        profile = staging / "profile"
        office = subprocess.Popen(
            [str(soffice), "--headless", "--invisible", "--nologo", "--norestore", "--nolockcheck",
             f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf",
             "--outdir", str(staging / "out"), str(sample)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=converter_env(), start_new_session=True,
        )
        try:
            office.wait(MAKE_TIMEOUT)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(OSError):
                os.killpg(office.pid, signal.SIGKILL)
            office.wait()
            return
        made = (staging / "out" / "warm.pdf").is_file() and (profile / "user").is_dir()
        if office.returncode == 0 and made:
            record_version(profile, product_version(soffice))
            with contextlib.suppress(OSError):  # another process kept one first: use that
                os.rename(profile, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def record_version(profile: Path, version: str | None) -> None:
    """Record ``version`` in ``profile`` as the last one run (see the module's docstring)."""
    settings = profile / "user" / "registrymodifications.xcu"
    with contextlib.suppress(OSError, UnicodeDecodeError):
        text = settings.read_text(encoding="utf-8")
        if version is None or "ooSetupLastVersion" in text or "</oor:items>" not in text:
            return
        item = ('<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" '
                f'oor:op="fuse"><value>{version}</value></prop></item>\n')
        settings.write_text(text.replace("</oor:items>", item + "</oor:items>", 1), encoding="utf-8")


def copy_profile(template: Path | None, target: Path) -> None:
    """A worker's own profile at ``target``: a copy of ``template``, or empty without one."""
    if template is not None:
        with contextlib.suppress(OSError):
            shutil.copytree(template, target, symlinks=True)
            return
        shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
