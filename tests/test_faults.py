"""Faults a district will meet, with the real LibreOffice and the real command line:
a run killed mid-batch, a hung converter, a read-only or full disk, two runs at once.

Each ends with nothing half-written in the output directory, no ``soffice`` left running
and a Chinese message saying what happened.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

import gongwen
from gongwen.errors import OutputError
from gongwen.render.pdf import PdfConverter, PdfResult

SRC = Path(gongwen.__file__).resolve().parents[1]
PLAN = """\
kind: annual-plan
title: 第{n}号督导通知
issuer: 长宁区教育督导室
date: 2026-03-{day}
recipients: 区属各中小学
sections:
  - title: 督导内容
    text: 请各校认真落实责任督学挂牌督导制度，第{n}次检查校园安全、食堂卫生与课后服务。
  - title: 工作要求
    text: 各校要明确专人负责，按时报送整改情况。
"""


def data_files(directory: Path, count: int, start: int = 0) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        path = directory / f"n{n:03d}.yaml"
        path.write_text(PLAN.format(n=n, day=n % 28 + 1), encoding="utf-8")
        paths.append(path)
    return paths


def gongwen_command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "gongwen", *map(str, args)]


def environment(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(SRC), **extra}


def offices_of(pid: int) -> list[int]:
    """Processes (workers and soffice) of the PDF pool a gongwen process ``pid`` started:
    their profiles live in ``gongwen-lo-<pid>-…``."""
    marker = f"gongwen-lo-{pid}-".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def assert_only_whole_documents(outdir: Path) -> None:
    """Every file is a finished .docx/.pdf (or the manifest); no temporary file is left."""
    for path in outdir.iterdir():
        assert path.suffix in (".docx", ".pdf", ".json"), path.name
        assert not path.name.startswith(".gongwen-") or path.name == ".gongwen-manifest.json"
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as package:
                assert package.testzip() is None and "word/document.xml" in package.namelist()
        elif path.suffix == ".pdf":
            assert len(PdfReader(path).pages) >= 1


@pytest.mark.usefixtures("office")
def test_sigkill_mid_pdf_batch_leaves_whole_files_and_no_office(tmp_path: Path) -> None:
    out = tmp_path / "out"
    earlier = data_files(tmp_path / "data", 3)
    first = subprocess.run(gongwen_command("render", *earlier, "-o", out, "-f", "docx,pdf"),
                           env=environment(), capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.suffix in (".docx", ".pdf")}
    assert len(before) == 6

    batch = earlier + data_files(tmp_path / "data", 197, start=3)
    run = subprocess.Popen(gongwen_command("render", *batch, "-o", out, "-f", "docx,pdf", "--force"),
                           env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_until(lambda: len(list(out.glob("*.pdf"))) >= 6 + 4 or run.poll() is not None, 240)
        assert run.poll() is None, "the batch ended before it could be killed"
        assert offices_of(run.pid)
        run.send_signal(signal.SIGKILL)
        run.wait()
    finally:
        if run.poll() is None:
            run.kill()
    # the workers notice their parent's death and take their soffice with them
    assert wait_until(lambda: not offices_of(run.pid), 20), offices_of(run.pid)
    assert_only_whole_documents(out)
    for name, data in before.items():  # earlier good files: still there and whole
        assert (out / name).is_file()
        if name.endswith(".docx"):
            assert (out / name).read_bytes() == data
    # and remove their profiles: no temporary directory of the killed run is left
    assert wait_until(lambda: not list(Path(tempfile.gettempdir()).glob(f"gongwen-*{run.pid}-*")), 10)


@pytest.mark.usefixtures("office")
def test_hung_worker_is_replaced_and_the_document_retried(tmp_path: Path) -> None:
    docs = []
    for n in range(3):
        [data] = data_files(tmp_path / "data", 1, start=n)
        docs += gongwen.render(gongwen.load(data), tmp_path / "docx")
    stopped: list[int] = []

    with PdfConverter(workers=1, timeout=8) as pool:

        def stop_office() -> None:
            def office_pid() -> int | None:
                for entry in Path("/proc").iterdir():
                    try:
                        cmdline = (entry / "cmdline").read_bytes()
                    except OSError:
                        continue
                    if b"soffice" in cmdline and str(pool.workdir).encode() in cmdline:
                        return int(entry.name)
                return None

            first = tmp_path / "pdf" / f"{docs[0].stem}.pdf"
            assert wait_until(first.exists, 120)  # hang it in the middle of the batch
            pid = office_pid()
            assert pid is not None
            os.kill(pid, signal.SIGSTOP)  # a hang: alive, but never answers
            stopped.append(pid)

        stopper = threading.Thread(target=stop_office)
        stopper.start()
        started = time.monotonic()
        results = pool.convert_many([(d, tmp_path / "pdf" / f"{d.stem}.pdf") for d in docs])
        elapsed = time.monotonic() - started
        stopper.join()
        workdir = pool.workdir
    assert stopped
    assert all(isinstance(r, PdfResult) for r in results), results
    assert [r.attempts for r in results] == [1, 2, 1]  # killed and retried once
    assert 8 <= elapsed < 8 + 90
    assert all(len(PdfReader(r.target).pages) >= 1 for r in results)
    assert wait_until(lambda: not Path(f"/proc/{stopped[0]}").exists(), 15)
    assert not workdir.exists()


def in_namespace(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``script`` in a private mount namespace (so it may mount a small or read-only
    file system of its own), as the test's user mapped to root."""
    if shutil.which("unshare") is None:
        pytest.fail("unshare (util-linux) is needed for the disk tests")
    return subprocess.run(["unshare", "-rm", "sh", "-ec", script], cwd=cwd, env=environment(),
                          capture_output=True, text=True, timeout=300)


def test_read_only_output_is_a_clear_error(tmp_path: Path) -> None:
    data = data_files(tmp_path / "data", 2)
    out = tmp_path / "ro"
    out.mkdir()
    command = " ".join(gongwen_command("render", *data, "-o", out / "计划"))
    result = in_namespace(f"mount -t tmpfs -o size=1m,ro tmpfs {out}\n{command}", tmp_path)
    assert result.returncode == OutputError.exit_code, result.stderr
    assert "Traceback" not in result.stderr
    assert "无法写入" in result.stderr and "只读" in result.stderr
    assert not list(out.rglob("*"))


def test_full_disk_writes_what_fits_and_reports_the_rest(tmp_path: Path) -> None:
    data = data_files(tmp_path / "data", 40)
    out = tmp_path / "small"
    out.mkdir()
    probe = tmp_path / "probe"
    shutil.copytree(tmp_path / "data", probe)
    listing = tmp_path / "listing.txt"
    command = " ".join(gongwen_command("render", *data, "-o", out))
    script = f"mount -t tmpfs -o size=160k tmpfs {out}\n{command} || echo $? > {tmp_path}/status\n" \
             f"ls -a {out} > {listing}\nfor f in {out}/*.docx; do cat \"$f\" > /dev/null; done\n" \
             f"cp -r {out} {tmp_path}/copy"
    result = in_namespace(script, tmp_path)
    assert result.returncode == 0, result.stderr
    status = int((tmp_path / "status").read_text())
    assert status == OutputError.exit_code, result.stderr
    assert "Traceback" not in result.stderr
    assert "磁盘空间不足" in result.stderr
    written = [n for n in listing.read_text().split() if n.endswith(".docx")]
    assert 0 < len(written) < 40  # some fitted, the rest are listed as not written
    assert f"共 {40 - len(written)} 个未生成" in result.stderr or "个未生成" in result.stderr
    assert not [n for n in listing.read_text().split() if n.endswith(".part")]
    assert_only_whole_documents(tmp_path / "copy")


@pytest.mark.usefixtures("office")
def test_two_runs_into_one_directory(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = subprocess.Popen(
        gongwen_command("render", *data_files(tmp_path / "a", 30), "-o", out, "-f", "docx,pdf"),
        env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_until(lambda: any(out.glob("*.docx")), 120)
        second = subprocess.run(  # waits for the first no longer than GONGWEN_LOCK_WAIT
            gongwen_command("render", *data_files(tmp_path / "b", 2, start=50), "-o", out),
            env=environment(GONGWEN_LOCK_WAIT="0.5"), capture_output=True, text=True, timeout=120)
        assert second.returncode == OutputError.exit_code
        assert "正被另一次 gongwen 运行使用" in second.stderr
        assert first.wait(timeout=300) == 0, first.stderr.read()
    finally:
        if first.poll() is None:
            first.kill()
    manifest = json.loads((out / ".gongwen-manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["documents"]) == 30
    assert len(list(out.glob("*.pdf"))) == 30 and not list(out.glob("第5[01]号*"))
    assert_only_whole_documents(out)
    third = subprocess.run(
        gongwen_command("render", *sorted((tmp_path / "b").glob("*.yaml")), "-o", out),
        env=environment(), capture_output=True, text=True, timeout=120)
    assert third.returncode == 0, third.stderr  # free again once the first run ended
