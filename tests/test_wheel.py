"""A wheel built from the repository carries its templates and renders in a fresh venv."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

from conftest import ROOT

PLAN = "kind: annual-plan\ntitle: 轮子安装测试计划\nissuer: 长宁区教育督导室\ndate: 2024-02-19\n"


def test_wheel_installs_and_renders(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        check=True,
    )
    [wheel] = dist.glob("gongwen-*.whl")
    with zipfile.ZipFile(wheel) as package:
        names = set(package.namelist())
    assert "gongwen/templates/plans/annual-plan/template.yaml" in names
    assert "gongwen/templates/plans/annual-plan/annual-plan.docx" in names

    env = tmp_path / "venv"
    venv.create(env, system_site_packages=True, with_pip=True)
    python = env / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True)
    work = tmp_path / "work"
    work.mkdir()
    (work / "plan.yaml").write_text(PLAN, encoding="utf-8")
    where = subprocess.run(
        [python, "-c", "import gongwen; print(gongwen.__file__)"],
        cwd=work, check=True, capture_output=True, text=True,
    ).stdout
    assert str(env) in where
    subprocess.run([env / "bin" / "gongwen", "render", "plan.yaml", "-o", "out"], cwd=work, check=True)
    assert (work / "out" / "轮子安装测试计划.docx").is_file()
