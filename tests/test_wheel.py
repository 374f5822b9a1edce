"""A wheel built from the repository installs, with its locked dependencies, into a venv of
its own (nothing from the machine's interpreter) and renders there from its own templates."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

PLAN = "kind: annual-plan\ntitle: 轮子安装测试计划\nissuer: 长宁区教育督导室\ndate: 2024-02-19\n"


def wheelhouse() -> Path:
    """The locked wheels ./run.sh downloaded; without it the test cannot run offline."""
    path = Path(os.environ.get("GONGWEN_WHEELHOUSE") or ROOT / ".venv" / "wheelhouse")
    if not path.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"没有找到依赖包目录 {path}：请用 ./run.sh test 运行测试")
        pytest.skip(f"没有找到依赖包目录 {path}（./run.sh test 会准备它）")
    return path


def test_wheel_installs_and_renders(tmp_path: Path) -> None:
    wheels = wheelhouse()
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "-q", "--no-isolation", "--wheel", "-o", str(dist), str(ROOT)],
        check=True, capture_output=True,
    )
    [wheel] = dist.glob("gongwen-*.whl")
    with zipfile.ZipFile(wheel) as package:
        names = set(package.namelist())
    assert "gongwen/templates/plans/annual-plan/template.yaml" in names
    assert "gongwen/templates/plans/annual-plan/annual-plan.docx" in names

    env = tmp_path / "venv"
    venv.create(env, system_site_packages=False, with_pip=True)
    python = env / "bin" / "python"
    offline = ["-m", "pip", "install", "-q", "--no-index", "--find-links", str(wheels)]
    subprocess.run([python, *offline, "--require-hashes", "-r", ROOT / "requirements.lock"], check=True)
    subprocess.run([python, *offline, "--no-deps", str(wheel)], check=True)

    isolated = subprocess.run(
        [python, "-c", "import sys; print(sys.flags.no_site, [p for p in sys.path if 'site-packages' in p])"],
        check=True, capture_output=True, text=True,
    ).stdout
    assert str(env) in isolated and "/usr/lib/python3" not in isolated
    work = tmp_path / "work"
    work.mkdir()
    (work / "plan.yaml").write_text(PLAN, encoding="utf-8")
    where = subprocess.run(
        [python, "-c", "import gongwen, docxtpl; print(gongwen.__file__, docxtpl.__file__)"],
        cwd=work, check=True, capture_output=True, text=True,
    ).stdout
    assert where.count(str(env)) == 2, where
    subprocess.run([env / "bin" / "gongwen", "render", "plan.yaml", "-o", "out"], cwd=work, check=True)
    assert (work / "out" / "轮子安装测试计划.docx").is_file()
