"""The ``gongwen`` command: render, schema, templates; exit codes and atomic output."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from gongwen.cli import main
from test_loader import PLAN
from test_registry import override


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def data_file(tmp_path: Path, date: str = "2024-02-19", name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(PLAN.format(date=date), encoding="utf-8")
    return path


def test_render_names_the_file_after_the_title(tmp_path: Path) -> None:
    result = run("render", str(data_file(tmp_path)), "-o", str(tmp_path / "out"), "-f", "docx")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "长宁区2024年教育督导工作计划.docx").is_file()


def test_invalid_data_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    result = run("render", str(data_file(tmp_path, "2024-13-45")), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "date（第 4 行）" in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_one_bad_file_does_not_lose_the_others(tmp_path: Path) -> None:
    good = data_file(tmp_path)
    bad = data_file(tmp_path, "2024-02-30", "bad.yaml")
    result = run("render", str(bad), str(good), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert (tmp_path / "out" / "长宁区2024年教育督导工作计划.docx").is_file()
    assert "bad.yaml" in result.stderr


def test_failed_rerender_keeps_the_earlier_good_document(tmp_path: Path) -> None:
    data = data_file(tmp_path)
    out = tmp_path / "out"
    assert run("render", str(data), "-o", str(out)).exit_code == 0
    target = out / "长宁区2024年教育督导工作计划.docx"
    before = target.read_bytes()
    broken = override(tmp_path / "district", marker="{{ no_such_field }}").parents[1]
    result = run("render", str(data), "-o", str(out), "--templates", str(broken))
    assert result.exit_code == 3
    assert target.read_bytes() == before
    assert sorted(p.name for p in out.glob("[!.]*")) == [target.name]


def test_same_title_twice_in_a_batch_gets_numbered(tmp_path: Path) -> None:
    a, b = data_file(tmp_path, name="a.yaml"), data_file(tmp_path, name="b.yaml")
    assert run("render", str(a), str(b), "-o", str(tmp_path / "out")).exit_code == 0
    names = sorted(p.name for p in (tmp_path / "out").glob("[!.]*"))
    assert names == ["长宁区2024年教育督导工作计划.docx", "长宁区2024年教育督导工作计划（2）.docx"]


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    result = run("render", str(data_file(tmp_path)), "-o", str(tmp_path / "out"), "-f", "odt")
    assert result.exit_code == 3
    assert "odt" in result.stderr


def test_schema_prints_json_schema() -> None:
    result = run("schema", "work-scheme")
    schema = json.loads(result.output)
    assert {"kind", "title", "date", "zones", "term"} <= set(schema["properties"])
    assert "date" in schema["required"]


def test_templates_list_and_export(tmp_path: Path) -> None:
    listing = run("templates", "list").output
    line = next(x for x in listing.splitlines() if x.startswith("plans/annual-plan\t"))
    _, title, formats, origin = line.split("\t")
    assert (title, origin) == ("年度教育督导工作计划", "内置（继承 base/official）")
    assert "base/official\t公文基础模板\tdocx,html,md\t内置（基础模板）" in listing
    assert "docx" in formats.split(",")
    result = run("templates", "export", "plans/annual-plan", str(tmp_path))
    assert result.exit_code == 0
    assert (tmp_path / "plans" / "annual-plan" / "annual-plan.docx").is_file()
    listing = run("templates", "list", "--templates", str(tmp_path)).output
    assert f"--templates {tmp_path}（覆盖：内置）" in listing
