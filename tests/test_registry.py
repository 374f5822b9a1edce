"""Template search path, overrides, listing, export, and broken templates."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

import gongwen
from gongwen.errors import TemplateError
from gongwen.models import Plan
from gongwen.registry import BUILTIN, Registry, builtin_templates_dir

PLAN = Plan(title="测试计划", issuer="长宁区教育督导室", date="2024-02-19")


def override(root: Path, template_id: str = "plans/annual-plan", marker: str = "区定制") -> Path:
    """Copy the built-in template and add a marker paragraph to its body."""
    target = root / template_id
    shutil.copytree(builtin_templates_dir() / template_id, target)
    docx = target / "annual-plan.docx"
    with zipfile.ZipFile(docx) as package:
        parts = {n: package.read(n) for n in package.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"<w:body>", f"<w:body><w:p><w:r><w:t>{marker}</w:t></w:r></w:p>".encode()
    )
    with zipfile.ZipFile(docx, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return target


def body_of(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read("word/document.xml").decode()


def test_builtins_are_found() -> None:
    ids = {line.id: line for line in Registry.default().listing()}
    assert {"plans/annual-plan", "plans/work-scheme"} <= set(ids)
    assert ids["plans/annual-plan"].origin == BUILTIN
    assert "docx" in ids["plans/annual-plan"].formats


def test_search_order_templates_dir_then_env_then_builtin(tmp_path: Path, monkeypatch) -> None:
    first = override(tmp_path / "first", marker="命令行目录")
    second = override(tmp_path / "second", marker="环境变量目录")
    monkeypatch.setenv("GONGWEN_TEMPLATES", str(second.parents[1]))
    [out] = gongwen.render(PLAN, tmp_path / "out", template_dirs=[first.parents[1]])
    assert "命令行目录" in body_of(out)
    [out] = gongwen.render(PLAN, tmp_path / "out2")
    assert "环境变量目录" in body_of(out)
    monkeypatch.delenv("GONGWEN_TEMPLATES")
    [out] = gongwen.render(PLAN, tmp_path / "out3")
    assert "环境变量目录" not in body_of(out)


def test_listing_shows_what_an_override_replaces(tmp_path: Path) -> None:
    root = override(tmp_path / "district").parents[1]
    lines = {line.id: line for line in Registry.default([root]).listing()}
    line = lines["plans/annual-plan"]
    assert line.origin == f"模板目录 {root}"  # the command line shows it as --templates
    assert line.overrides == (BUILTIN,)


def test_override_per_format_keeps_other_formats(tmp_path: Path) -> None:
    target = override(tmp_path / "district")
    (target / "template.yaml").write_text(
        "id: plans/annual-plan\ntitle: 区定制计划\nkind: annual-plan\nformats:\n  pdfa: annual-plan.docx\n",
        encoding="utf-8",
    )
    registry = Registry.default([target.parents[1]])
    resolved = registry.resolve("plans/annual-plan", "docx")
    assert resolved.template.origin == BUILTIN


def test_export_copies_a_template_to_edit(tmp_path: Path) -> None:
    target = Registry.default().export("plans/annual-plan", tmp_path)
    assert (target / "template.yaml").is_file() and (target / "annual-plan.docx").is_file()
    with pytest.raises(TemplateError, match="已存在"):
        Registry.default().export("plans/annual-plan", tmp_path)
    with pytest.raises(TemplateError, match=r"找不到模板“plans/nope”"):
        Registry.default().export("plans/nope", tmp_path)


def test_broken_jinja_names_the_template_file(tmp_path: Path) -> None:
    target = override(tmp_path / "district", marker="{% if %}")
    with pytest.raises(TemplateError) as info:
        gongwen.render(PLAN, tmp_path / "out", template_dirs=[target.parents[1]])
    assert str(target / "annual-plan.docx") in str(info.value)
    assert "语法错误" in str(info.value)


def test_unknown_field_in_template_names_the_file(tmp_path: Path) -> None:
    target = override(tmp_path / "district", marker="{{ titel }}")
    with pytest.raises(TemplateError, match="没有的字段") as info:
        gongwen.render(PLAN, tmp_path / "out", template_dirs=[target.parents[1]])
    assert "annual-plan.docx" in str(info.value)


def test_template_for_another_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="适用于“work-scheme”"):
        gongwen.render(PLAN, tmp_path / "out", template="plans/work-scheme")


def test_bad_manifest_is_named(tmp_path: Path) -> None:
    target = tmp_path / "district" / "plans" / "broken"
    target.mkdir(parents=True)
    manifest = "id: plans/broken\ntitle: 坏\nkind: memo\nformats: {docx: x.docx}\n"
    (target / "template.yaml").write_text(manifest, encoding="utf-8")
    with pytest.raises(TemplateError, match=r"template\.yaml") as info:
        Registry.default([tmp_path / "district"]).listing()
    assert "memo" in str(info.value)


def test_sandbox_keeps_templates_from_python_internals(tmp_path: Path) -> None:
    target = override(tmp_path / "district", marker="{{ title.__class__.__mro__ }}")
    with pytest.raises(TemplateError):
        gongwen.render(PLAN, tmp_path / "out", template_dirs=[target.parents[1]])


def test_missing_templates_dir_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match=r"模板目录 .* 不存在"):
        Registry.default([tmp_path / "nope"])
