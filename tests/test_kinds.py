"""A document kind is one declaration: a toy kind declared in one place renders in every
format its declaration names, through the same renderer and batch as the built-ins."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Literal

import pytest
from openpyxl import Workbook, load_workbook

import gongwen
from conftest import EXAMPLES, ROOT, Docx
from gongwen.derive.official import official_parts
from gongwen.derive.outline import Outline, Paragraph, Run
from gongwen.kinds import BUILT_IN, KINDS, Extra, Kind, Kinds
from gongwen.models.plan import OfficialDocument


class Memo(OfficialDocument):
    """备忘录: a title, an issuer, a date and one line of text."""

    kind: Literal["memo"] = "memo"
    line: str


def memo_outline(memo: Memo) -> Outline:
    return Outline((Paragraph((Run(memo.line),)),), parts=official_parts(memo))


def memo_workbook(memo: Memo, _: Outline) -> Workbook:
    book = Workbook()
    book.active["A1"] = memo.line
    return book


MEMO = Kind(Memo, "备忘录", outline=memo_outline, workbook=memo_workbook,
            extras=lambda memo: [Extra("备忘.txt", lambda _previous: memo.line.encode("utf-8"))])


def memo_templates(root: Path) -> Path:
    """A template for the kind: extends the official base, as a district's would."""
    directory = root / "memos" / "memo"
    directory.mkdir(parents=True)
    (directory / "template.yaml").write_text(
        "id: memos/memo\ntitle: 备忘录\nkind: memo\nextends: base/official\n", encoding="utf-8")
    return root


def test_a_kind_declared_once_renders_in_every_format(tmp_path: Path) -> None:
    kinds = Kinds([*KINDS, MEMO])
    memo = Memo(title="关于督导例会的备忘录", issuer="长宁区教育督导室", date="2026-03-02",
                line="每周一上午召开督导例会。")
    with gongwen.Renderer([memo_templates(tmp_path / "templates")], kinds=kinds) as renderer:
        result = gongwen.render_many([gongwen.Job(memo)], tmp_path / "out",
                                     ["docx", "md", "html", "xlsx"], renderer=renderer)
    assert result.ok, result.failures
    names = sorted(p.name for p in result.outputs)
    stem = "关于督导例会的备忘录"
    assert names == sorted([f"{stem}.docx", f"{stem}.md", f"{stem}.html", f"{stem}.xlsx", "备忘.txt"])
    docx = Docx(tmp_path / "out" / f"{stem}.docx")
    assert "每周一上午召开督导例会。" in docx.body_text()
    assert docx.paragraphs_in("成文日期") == ["2026年3月2日"]
    assert load_workbook(tmp_path / "out" / f"{stem}.xlsx").active["A1"].value == "每周一上午召开督导例会。"
    assert (tmp_path / "out" / "备忘.txt").read_text(encoding="utf-8") == "每周一上午召开督导例会。"
    data = tmp_path / "memo.yaml"
    data.write_text("kind: memo\ntitle: 备忘\nissuer: 督导室\ndate: 2026-03-02\nline: 一行。\n",
                    encoding="utf-8")
    assert isinstance(gongwen.load(data, kinds=kinds), Memo)


def test_the_built_ins_do_not_know_an_undeclared_kind(tmp_path: Path) -> None:
    memo = Memo(title="备忘", issuer="督导室", date="2026-03-02", line="一行。")
    with pytest.raises(gongwen.TemplateError, match="memo"):
        gongwen.render(memo, tmp_path)
    assert "memo" not in BUILT_IN


def test_every_kind_has_a_template_for_its_formats() -> None:
    registry = gongwen.Registry.default()
    for kind in BUILT_IN:
        if not kind.renders:
            continue
        template = registry.default_for(kind.name)
        for fmt in ("docx", "md", "html"):
            assert registry.resolve(template, fmt).path.is_file(), (kind.name, fmt)


def test_each_built_in_is_named_as_its_model() -> None:
    """A built-in names its model by where it is, and the kind its data files write."""
    for kind in BUILT_IN:
        assert kind.model.model_fields["kind"].default == kind.name
        assert BUILT_IN.models()[kind.name] is kind.model


def test_a_kind_named_by_where_its_model_is_needs_its_name() -> None:
    with pytest.raises(ValueError, match="name"):
        Kind("gongwen.models.documents:Notice", "通知")


def test_a_notice_imports_only_what_a_notice_needs(tmp_path: Path) -> None:
    """Loading a notice and writing its .docx in a fresh Python imports the notice's model and
    the Word writer, not the other kinds' models and layouts (nor a form's grid), nor the
    writers of forms, workbooks, calendars, Markdown or PDF."""
    code = ("import json, sys\nimport gongwen\n"
            f"gongwen.render(gongwen.load({str(EXAMPLES / 'notice.yaml')!r}), {str(tmp_path / 'out')!r}, "
            "formats=['docx'])\nprint(json.dumps(sorted(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, check=True)
    loaded = set(json.loads(result.stdout))
    assert "gongwen.models.documents" in loaded and "gongwen.render.docx.official" in loaded
    unneeded = {
        "gongwen.models.calendar", "gongwen.models.schedule", "gongwen.models.records",
        "gongwen.models.reports", "gongwen.derive.calendar", "gongwen.derive.schedule",
        "gongwen.derive.statistics", "gongwen.derive.workdays", "gongwen.derive.forms",
        "gongwen.render.docx.form", "gongwen.render.text.form_fit",
        "gongwen.render.markup", "gongwen.render.ics", "gongwen.render.xlsx", "gongwen.render.pdf",
        "gongwen.loaders.calendar_file", "gongwen.loaders.ledger",
        "openpyxl", "chinese_calendar", "markdown", "icalendar",
    }
    assert sorted(loaded & unneeded) == []


def test_render_is_the_function_and_the_writers_package(tmp_path: Path) -> None:
    """``gongwen.render`` renders a document, also after a writer has been imported under it,
    and the writers are reached through it (``gongwen.render.pdf.PdfConverter``) or imported
    as ``import gongwen.render.pdf.converter as …``."""
    code = ("import gongwen.render.pdf.converter as converter\nimport gongwen\n"
            "assert gongwen.render.pdf.PdfConverter is converter.PdfConverter\n"
            "from gongwen import render\n"
            f"[path] = render(gongwen.load({str(EXAMPLES / 'notice.yaml')!r}), {str(tmp_path / 'out')!r})\n"
            "print(path)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert result.returncode == 0, result.stderr
    written = Path(result.stdout.strip())
    assert written.parent == tmp_path / "out" and written.suffix == ".docx"
    with zipfile.ZipFile(written) as package:
        assert "秋季开学专项督导" in package.read("word/document.xml").decode("utf-8")
