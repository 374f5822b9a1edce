"""Nothing lost: one failing document of a batch leaves the others, and re-runs redo only
what is missing or changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from gongwen import Renderer, render_files
from gongwen.cli import main
from gongwen.incremental import MANIFEST_NAME
from test_registry import override

PLAN = """\
kind: annual-plan
title: 第{n}号督导计划
issuer:
  name: 长宁区教育督导室
{header}date: 2024-02-19
"""


def write_plans(directory: Path, count: int, headless: int | None = None) -> list[Path]:
    """``count`` plans; plan number ``headless`` has no red-header text."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(1, count + 1):
        header = "" if n == headless else "  header: 长宁区教育督导室文件\n"
        path = directory / f"plan{n:03}.yaml"
        path.write_text(PLAN.format(n=n, header=header), encoding="utf-8")
        paths.append(path)
    return paths


def outputs(outdir: Path) -> dict[str, int]:
    """Output file name → modification time (ns)."""
    return {p.name: p.stat().st_mtime_ns for p in outdir.glob("[!.]*")}


def test_failure_in_document_37_of_200_leaves_the_other_199(tmp_path: Path) -> None:
    paths = write_plans(tmp_path / "data", 200, headless=37)
    templates = override(tmp_path / "district", marker="{{ issuer.header.upper() }}").parents[1]
    with Renderer([templates]) as renderer:
        result = render_files(paths, tmp_path / "out", renderer=renderer)
    assert [f.source for f in result.failures] == [str(paths[36])]
    assert "annual-plan.docx" in str(result.failures[0].error)
    assert len(result.outputs) == 199
    assert len(outputs(tmp_path / "out")) == 199
    assert "第37号督导计划.docx" not in outputs(tmp_path / "out")
    assert not list((tmp_path / "out").glob("*.part"))


def test_cli_lists_what_failed_after_writing_the_rest(tmp_path: Path) -> None:
    paths = write_plans(tmp_path / "data", 5, headless=3)
    templates = override(tmp_path / "district", marker="{{ issuer.header.upper() }}").parents[1]
    result = CliRunner().invoke(
        main, ["render", *map(str, paths), "-o", str(tmp_path / "out"), "--templates", str(templates)]
    )
    assert result.exit_code == 3
    assert len(outputs(tmp_path / "out")) == 4
    assert f"共 1 个未生成：{paths[2]}" in result.stderr


@pytest.fixture
def batch(tmp_path: Path) -> tuple[list[Path], Path]:
    paths = write_plans(tmp_path / "data", 3)
    with Renderer() as renderer:
        first = render_files(paths, tmp_path / "out", ["docx", "html"], renderer=renderer)
    assert len(first.outputs) == 6 and not first.skipped
    return paths, tmp_path / "out"


def render_again(paths: list[Path], outdir: Path, **options):
    with Renderer(options.pop("template_dirs", ())) as renderer:
        return render_files(paths, outdir, ["docx", "html"], **options, renderer=renderer)


def test_rerun_skips_what_is_up_to_date(batch) -> None:
    paths, outdir = batch
    before = outputs(outdir)
    result = render_again(paths, outdir)
    assert result.outputs == [] and len(result.skipped) == 6 and result.ok
    assert outputs(outdir) == before


def test_rerun_redoes_a_changed_data_file(batch) -> None:
    paths, outdir = batch
    paths[1].write_text(paths[1].read_text(encoding="utf-8").replace("2024-02-19", "2024-03-01"),
                        encoding="utf-8")
    result = render_again(paths, outdir)
    assert sorted(p.name for p in result.outputs) == ["第2号督导计划.docx", "第2号督导计划.html"]
    assert len(result.skipped) == 4


def test_rerun_redoes_a_missing_output(batch) -> None:
    paths, outdir = batch
    (outdir / "第3号督导计划.html").unlink()
    result = render_again(paths, outdir)
    assert sorted(p.name for p in result.outputs) == ["第3号督导计划.docx", "第3号督导计划.html"]


def test_rerun_redoes_everything_when_a_template_or_option_changes(batch, tmp_path: Path) -> None:
    paths, outdir = batch
    templates = override(tmp_path / "district").parents[1]
    assert len(render_again(paths, outdir, template_dirs=[templates]).outputs) == 6
    assert len(render_again(paths, outdir, template_dirs=[templates]).skipped) == 6
    with Renderer() as renderer:
        assert len(render_files(paths, outdir, ["docx"], renderer=renderer).outputs) == 3


def test_force_and_an_unreadable_manifest_redo_everything(batch) -> None:
    paths, outdir = batch
    assert len(render_again(paths, outdir, force=True).outputs) == 6
    (outdir / MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    assert len(render_again(paths, outdir).outputs) == 6
    assert len(render_again(paths, outdir).skipped) == 6


def test_failed_document_is_retried_on_the_next_run(tmp_path: Path) -> None:
    paths = write_plans(tmp_path / "data", 3, headless=2)
    templates = override(tmp_path / "district", marker="{{ issuer.header.upper() }}").parents[1]
    render_again(paths, tmp_path / "out", template_dirs=[templates])
    again = render_again(paths, tmp_path / "out", template_dirs=[templates])
    assert [f.source for f in again.failures] == [str(paths[1])]
    assert len(again.skipped) == 4


def test_cli_reports_skipped_files(tmp_path: Path) -> None:
    paths = write_plans(tmp_path / "data", 2)
    args = ["render", *map(str, paths), "-o", str(tmp_path / "out")]
    assert CliRunner().invoke(main, args).exit_code == 0
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0 and "已是最新，跳过 2 个文件" in again.stderr
    forced = CliRunner().invoke(main, [*args, "--force"])
    assert "跳过" not in forced.stderr and len(forced.stdout.split()) == 2
