"""The built-in templates: each file once, every page a small child of one base page,
and exactly what the build tools generate."""

from __future__ import annotations

import hashlib
import importlib
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from gongwen.registry import Registry, builtin_templates_dir

ROOT = Path(__file__).resolve().parents[1]
BASE_PAGE = "base/official/page.html.j2"


def builtin_files() -> dict[str, bytes]:
    root = builtin_templates_dir()
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_no_two_builtin_template_files_are_identical() -> None:
    by_digest: dict[str, list[str]] = defaultdict(list)
    for name, data in builtin_files().items():
        by_digest[hashlib.sha256(data).hexdigest()].append(name)
    assert [names for names in by_digest.values() if len(names) > 1] == []


def test_every_page_is_a_small_child_of_the_base_page() -> None:
    pages = {name: data.decode() for name, data in builtin_files().items() if name.endswith(".html.j2")}
    assert BASE_PAGE in pages and "<!DOCTYPE html>" in pages[BASE_PAGE]
    for name, text in pages.items():
        if name != BASE_PAGE:
            assert text.startswith(f'{{% extends "{BASE_PAGE}" %}}'), name
            assert len(text.encode()) < 300 and "<html" not in text, name


def test_every_template_renders_every_format_from_a_base_or_its_own_file() -> None:
    registry = Registry.default()
    bases = {t.id for t in registry.templates() if t.manifest.abstract}
    assert bases == {"base/official", "base/form"}
    for template in registry.templates():
        if template.id in bases:
            continue
        assert registry.lineage(template.id)[-1] == "base/official", template.id
        for fmt in ("docx", "md", "html"):
            resolved = registry.resolve(template.id, fmt)
            assert resolved.provider.id in {template.id, *bases}, (template.id, fmt)


def test_the_build_tools_generate_exactly_the_builtin_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "tools"))
    for name in ("build_templates", "build_report_templates"):
        sys.modules.pop(name, None)
    build_templates = importlib.import_module("build_templates")
    build_reports = importlib.import_module("build_report_templates")
    monkeypatch.setattr(build_templates, "TEMPLATES", tmp_path)
    monkeypatch.setattr(build_templates, "ROOT", tmp_path)
    monkeypatch.setattr(build_reports, "ROOT", tmp_path)
    (tmp_path / "plans" / "annual-plan").mkdir(parents=True)
    (tmp_path / "plans" / "annual-plan" / "annual-plan.docx").write_bytes(b"stale copy")
    assert build_templates.main() == 0 and build_reports.main() == 0
    generated = {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in sorted(tmp_path.rglob("*"))
                 if p.is_file()}
    assert generated == builtin_files()
