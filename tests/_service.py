"""A real ``gongwen serve`` process on a free loopback port, for the HTTP, browser and load tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def soffice_under(directory: Path) -> list[str]:
    """Command lines of running soffice processes whose profile is inside ``directory``."""
    found = subprocess.run(["pgrep", "-af", "soffice"], capture_output=True, text=True).stdout
    return [line for line in found.splitlines() if str(directory) in line]


class Server:
    """``gongwen serve`` started with these options and ``GONGWEN_*`` variables; stopped with
    SIGTERM like systemd stops it."""

    def __init__(self, workdir: Path, *args: str, **env: str) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = workdir.parent / f"{workdir.name}.log"
        environment = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **env}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gongwen", "serve", "--port", str(self.port), "--workdir", str(workdir),
             *args], env=environment, stdout=subprocess.DEVNULL, stderr=self.log.open("wb"))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gongwen serve exited: {self.log.read_text(encoding='utf-8')}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gongwen serve did not answer within 60 s")

    def stop(self, timeout: float = 120) -> int:
        """SIGTERM, then wait for the process to finish its work and exit; its exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise

    def log_lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines()
