"""One persistent LibreOffice worker, driven over UNO.

This script runs under a Python that has LibreOffice's UNO bridge (``import uno``),
which is usually the system Python, not gongwen's. It starts its own headless
``soffice`` (in the process group the parent created for it), connects to it, then
converts documents to PDF one request at a time:

- stdin: one JSON object per line, ``{"src": "/abs/in.docx", "dst": "/abs/out.pdf"}``, with an
  optional ``"filter"`` naming another export filter (e.g. ``"MS Word 2007 XML"`` for .docx);
- stdout: one JSON object per line: first ``{"ready": true, "office": PGID}`` (the process
  group of its soffice), then per request ``{"ok": true}``, ``{"ok": false, "error": "..."}``
  or ``{"ok": false, "lost": true, ...}`` when the office process died (the worker exits
  after that reply).

soffice is launched before the UNO bridge is imported (the two load side by side) and keeps
its temporary files inside the worker's profile. Closing stdin ends the worker: its soffice
is killed rather than asked to quit (the PDFs are all written and the profile is thrown
away, so there is nothing for it to save; quitting took a third of a second), and the
profile is removed. When the parent is gone — stdin
closed while a conversion is still running a few seconds later, or a reply that cannot be
written — the worker kills its soffice's process group, removes its profile and exits, so
no ``soffice`` outlives a parent killed even by SIGKILL.
It imports nothing from gongwen and must stay compatible with Python 3.7+.
"""

import contextlib
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

GRACE_AFTER_EOF = 5.0
uno = PropertyValue = NoConnectException = None  # LibreOffice's bridge, see load_bridge()


OFFICE = {}
"""The running soffice (``process``) and this worker's ``profile``, for abandon()."""


def adopt_orphans():
    """Make this worker the one that reaps soffice.bin when its launcher (oosplash) is killed
    first: left to init, it would stay a zombie where init does not reap (containers)."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER (Linux)


def kill_office():
    """Kill soffice's whole process group (oosplash and soffice.bin), if it still runs, and
    reap them."""
    office = OFFICE.get("process")
    if office is None:
        return
    with contextlib.suppress(OSError):
        os.killpg(office.pid, signal.SIGKILL)
    deadline = time.monotonic() + GRACE_AFTER_EOF
    while time.monotonic() < deadline:
        try:
            if os.waitpid(-1, os.WNOHANG)[0] == 0:
                time.sleep(0.01)
        except ChildProcessError:  # all reaped
            break
    with contextlib.suppress(Exception):
        office.wait(GRACE_AFTER_EOF)


def abandon():
    """The parent is gone: kill soffice, remove the profile, exit."""
    kill_office()
    if "profile" in OFFICE:
        remove_profile(OFFICE["profile"])
    os._exit(1)


def reply(message):
    """Write one JSON line to the parent; a parent that cannot be written to is gone."""
    try:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()
    except (OSError, ValueError):
        abandon()


def load_bridge():
    """Import LibreOffice's UNO bridge (once soffice is launched: it starts meanwhile)."""
    global uno, PropertyValue, NoConnectException
    import uno
    from com.sun.star.beans import PropertyValue
    from com.sun.star.connection import NoConnectException


def props(**values):
    """Build a tuple of UNO PropertyValues."""
    return tuple(PropertyValue(name, 0, value, 0) for name, value in values.items())


def read_requests(requests):
    """Feed stdin lines to the queue; on EOF (or a bad line) stop the worker, by force if busy."""
    try:
        for line in sys.stdin:
            requests.put(json.loads(line))
    finally:
        requests.put(None)
        time.sleep(GRACE_AFTER_EOF)
        abandon()


def connect(office, pipe_name, deadline):
    """Wait until the office accepts UNO connections; return its Desktop service."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    url = f"uno:pipe,name={pipe_name};urp;StarOffice.ComponentContext"
    while True:
        if office.poll() is not None:
            raise RuntimeError(f"soffice exited with status {office.returncode} at start-up")
        try:
            ctx = resolver.resolve(url)
            break
        except NoConnectException:
            if time.monotonic() > deadline:
                raise RuntimeError("soffice did not accept connections in time") from None
            time.sleep(0.02)
    return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)


def convert(desktop, src, dst, filter_name="writer_pdf_Export"):
    """Load ``src`` hidden and read-only (no macros, no link updates), export it through
    ``filter_name`` (PDF by default) to ``dst``, close it."""
    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(src),
        "_blank",
        0,
        props(Hidden=True, ReadOnly=True, MacroExecutionMode=0, UpdateDocMode=0),
    )
    if doc is None:
        raise RuntimeError("LibreOffice could not open the document")
    try:
        if filter_name == "writer_pdf_Export":
            hang_no_punctuation(doc)
        doc.storeToURL(uno.systemPathToFileUrl(dst), props(FilterName=filter_name))
    finally:
        doc.close(True)


HANGING = "ParaIsHangingPunctuation"


def hang_no_punctuation(doc):
    """Keep punctuation inside the type area: LibreOffice drops some of the punctuation it
    hangs into the margin at the end of a justified line (a full line's 。、，), so none is
    hung — a line that would end in one takes the character before it to the next line, as
    避头尾 typesetting does.

    One call sets it on every paragraph of the body, through a cursor spanning the whole
    text: changing it style by style or paragraph by paragraph made LibreOffice lay the
    document out again after each change (three times the CPU of the conversion itself)."""
    text = doc.getText() if hasattr(doc, "getText") else None
    if text is None:
        return
    cursor = text.createTextCursor()
    cursor.gotoStart(False)
    cursor.gotoEnd(True)
    with contextlib.suppress(Exception):
        cursor.setPropertyValue(HANGING, False)


def office_alive(office, desktop):
    """Whether the office process still runs and answers over the bridge."""
    if office.poll() is not None:
        return False
    try:
        desktop.getComponents()
    except Exception:
        return False
    return True


def launch(soffice, profile, pipe_name):
    """Start soffice accepting UNO connections on ``pipe_name``, its temporary files in the
    profile (removed with it, also when soffice is killed)."""
    scratch = Path(profile) / "tmp"
    scratch.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [
            soffice,
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "--nolockcheck",
            "-env:UserInstallation=" + Path(profile).as_uri(),
            f"--accept=pipe,name={pipe_name};urp;StarOffice.ComponentContext",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=dict(os.environ, TMPDIR=str(scratch)),
        start_new_session=True,  # a group of its own, which abandon() and the parent can kill
    )


def main():
    soffice, profile, pipe_name, start_timeout = sys.argv[1:5]
    adopt_orphans()
    office = launch(soffice, profile, pipe_name)
    OFFICE.update(process=office, profile=Path(profile))
    load_bridge()
    requests = queue.Queue()
    threading.Thread(target=read_requests, args=(requests,), daemon=True).start()
    try:
        desktop = connect(office, pipe_name, time.monotonic() + float(start_timeout))
    except Exception as exc:
        reply({"ready": False, "error": str(exc)})
        return
    reply({"ready": True, "office": office.pid})
    while True:
        request = requests.get()
        if request is None:
            break
        try:
            convert(desktop, request["src"], request["dst"], request.get("filter") or "writer_pdf_Export")
        except Exception as exc:
            lost = not office_alive(office, desktop)
            reply({"ok": False, "lost": lost, "error": str(exc) or type(exc).__name__})
            if lost:
                return
        else:
            reply({"ok": True})
    kill_office()
    remove_profile(Path(profile))


def remove_profile(profile):
    """Remove this worker's profile, and the pool's folder once it is empty.

    The parent does the same when it stops a worker; this covers a parent that died.
    """
    shutil.rmtree(str(profile), ignore_errors=True)
    with contextlib.suppress(OSError):
        profile.parent.rmdir()


if __name__ == "__main__":
    try:
        main()
    finally:
        kill_office()
