"""`gongwen office start|status|stop`: a LibreOffice pool kept between commands.

Real LibreOffice, real commands in their own processes, each test with a cache directory
(and so a socket) of its own.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

import gongwen
from gongwen.render.pdf import resident

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NOTICE = EXAMPLES / "notice.yaml"

pytestmark = pytest.mark.usefixtures("office")


@pytest.fixture
def cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("c")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    yield folder
    resident.stop()


def gongwen_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(gongwen.__file__).parents[1])}
    return subprocess.run([sys.executable, "-m", "gongwen", *args], capture_output=True, text=True,
                          env=env, timeout=timeout)


def processes_of(pid: int) -> list[str]:
    """Command lines of the processes the resident pool ``pid`` started (by its profiles)."""
    out = subprocess.run(["pgrep", "-af", f"gongwen-lo-{pid}-"], capture_output=True, text=True)
    return [line for line in out.stdout.splitlines() if "pgrep" not in line]


def wait_until(condition, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.1)
    return condition()


def test_commands_convert_on_the_resident_pool_which_stops_cleanly(cache: Path, tmp_path: Path) -> None:
    started = gongwen_cli("office", "start", "--workers", "2")
    assert started.returncode == 0, started.stderr
    assert "已就绪：2 个工作进程" in started.stdout
    running = resident.status()
    assert running is not None and running["converted"] == 0
    assert len(processes_of(running["pid"])) >= 2  # its workers' soffice, ready

    for n in range(2):  # two commands, one pool
        done = gongwen_cli("render", str(NOTICE), "-o", str(tmp_path / f"out{n}"), "-f", "docx,pdf")
        assert done.returncode == 0, done.stderr
    assert resident.status()["converted"] == 2
    pdf = next((tmp_path / "out1").glob("*.pdf"))
    reader = PdfReader(pdf)
    assert "专项督导" in "".join(page.extract_text() for page in reader.pages)
    assert reader.metadata.creator == f"gongwen {gongwen.__version__}"

    status = gongwen_cli("office", "status")
    assert status.returncode == 0 and "已转换 2 份" in status.stdout
    stopped = gongwen_cli("office", "stop")
    assert stopped.returncode == 0 and "已停止" in stopped.stdout
    assert resident.status() is None and not resident.socket_path().exists()
    assert wait_until(lambda: not processes_of(running["pid"]))
    absent = gongwen_cli("office", "status")
    assert absent.returncode == 1 and "没有正在运行" in absent.stdout


def test_the_resident_pool_stops_itself_when_idle(cache: Path) -> None:
    started = gongwen_cli("office", "start", "--workers", "1", "--idle", "0.05")
    assert started.returncode == 0, started.stderr
    pid = resident.status()["pid"]
    assert wait_until(lambda: resident.status() is None, seconds=30)
    assert wait_until(lambda: not processes_of(pid))
    assert not resident.socket_path().exists()


def test_a_killed_resident_pool_leaves_no_office_and_commands_start_their_own(
    cache: Path, tmp_path: Path
) -> None:
    assert gongwen_cli("office", "start", "--workers", "1").returncode == 0
    pid = resident.status()["pid"]
    os.kill(pid, signal.SIGKILL)
    assert wait_until(lambda: not processes_of(pid))  # its workers saw it go, and killed soffice
    assert resident.socket_path().exists()  # left behind: nothing answers it

    done = gongwen_cli("render", str(NOTICE), "-o", str(tmp_path), "-f", "pdf")
    assert done.returncode == 0, done.stderr
    assert len(PdfReader(next(tmp_path.glob("*.pdf"))).pages) >= 1

    again = gongwen_cli("office", "start", "--workers", "1")  # the stale socket is replaced
    assert again.returncode == 0, again.stderr
    assert resident.status()["pid"] != pid


def test_the_socket_is_the_users_alone(cache: Path) -> None:
    assert gongwen_cli("office", "start", "--workers", "1").returncode == 0
    assert resident.socket_path().stat().st_mode & 0o077 == 0
