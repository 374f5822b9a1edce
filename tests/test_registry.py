"""Template search path, overrides, listing, export, and broken templates."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

import gongwen
from gongwen.errors import TemplateError
from gongwen.models import Plan
from gongwen.registry import BUILTIN, Registry, Source, builtin_templates_dir

PLAN = Plan(title="测试计划", issuer="长宁区教育督导室", date="2024-02-19")
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def override(root: Path, template_id: str = "plans/annual-plan", marker: str = "区定制") -> Path:
    """Export the built-in template and add a marker paragraph to the body of its Word file."""
    target = Registry([Source(builtin_templates_dir(), BUILTIN)]).export(template_id, root)
    add_marker(target / f"{template_id.rsplit('/', 1)[-1]}.docx", marker)
    return target


def add_marker(docx: Path, marker: str) -> None:
    """Put a paragraph holding ``marker`` at the start of a Word file's body."""
    with zipfile.ZipFile(docx) as package:
        parts = {n: package.read(n) for n in package.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"<w:body>", f"<w:body><w:p><w:r><w:t>{marker}</w:t></w:r></w:p>".encode()
    )
    with zipfile.ZipFile(docx, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)


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
        "id: plans/annual-plan\ntitle: 区定制计划\nkind: annual-plan\nformats:\n  docx: annual-plan.docx\n",
        encoding="utf-8",
    )
    (target / "page.html.j2").unlink()
    registry = Registry.default([target.parents[1]])
    docx = registry.resolve("plans/annual-plan", "docx")
    assert docx.path == target / "annual-plan.docx" and docx.provider.origin != BUILTIN
    for fmt in ("md", "html"):
        resolved = registry.resolve("plans/annual-plan", fmt)
        assert (resolved.template.id, resolved.provider.id) == ("plans/annual-plan", "base/official")
        assert resolved.provider.origin == BUILTIN


def test_format_missing_here_comes_from_the_parent() -> None:
    registry = Registry.default()
    base, reports = builtin_templates_dir() / "base", builtin_templates_dir() / "reports"
    expected = {
        ("plans/annual-plan", "docx"): base / "official" / "official.docx",
        ("plans/annual-plan", "md"): base / "official" / "official.md.j2",
        ("reports/warning-notice", "docx"): reports / "warning-notice/warning-notice.docx",
        ("reports/warning-notice", "html"): base / "official" / "page.html.j2",
        ("forms/leader-check", "docx"): base / "form" / "form.docx",
        ("forms/leader-check", "html"): base / "official" / "page.html.j2",  # form → official
        ("forms/notice-board", "html"): builtin_templates_dir() / "forms/notice-board/page.html.j2",
    }
    for (template_id, fmt), path in expected.items():
        resolved = registry.resolve(template_id, fmt)
        assert resolved.path == path, (template_id, fmt)
        assert resolved.template.id == template_id
    assert registry.lineage("forms/notice-board") == ["forms/notice-board", "base/form", "base/official"]


def base_override(root: Path, marker: str) -> Path:
    """A district's base/official holding only its Word file, with a marker in the body."""
    target = root / "base" / "official"
    target.mkdir(parents=True)
    (target / "template.yaml").write_text(
        "id: base/official\ntitle: 区公文基础模板\nabstract: true\n", encoding="utf-8"
    )
    shutil.copyfile(builtin_templates_dir() / "base/official/official.docx", target / "official.docx")
    add_marker(target / "official.docx", marker)
    return root


def test_district_override_of_a_base_file_changes_every_child(tmp_path: Path) -> None:
    root = base_override(tmp_path / "district", "区红头")
    with gongwen.Renderer([root]) as renderer:
        for name in ("annual-plan.yaml", "notice.yaml", "forms/leader-check.yaml"):
            [out] = renderer.render(gongwen.load(EXAMPLES / name), tmp_path / "out" / name, ["docx"])
            assert ("区红头" in body_of(out)) == (not name.startswith("forms/")), name


def test_district_page_overrides_one_block_of_the_base_page(tmp_path: Path) -> None:
    target = tmp_path / "district" / "base" / "official"
    target.mkdir(parents=True)
    (target / "template.yaml").write_text("id: base/official\ntitle: 区网页\nabstract: true\n", "utf-8")
    (target / "page.html.j2").write_text(
        '{% extends "!base/official/page.html.j2" %}'
        "{% block header %}<nav>长宁教育督导网</nav>{% endblock %}",
        encoding="utf-8",
    )
    with gongwen.Renderer([tmp_path / "district"]) as renderer:
        plan_page = renderer.html(gongwen.load(EXAMPLES / "annual-plan.yaml"))
        board_page = renderer.html(gongwen.load(EXAMPLES / "forms/notice-board.yaml"))
    for page in (plan_page, board_page):
        assert "<nav>长宁教育督导网</nav><main" in page
        assert page.count("<style>") == 1 and "</html>" in page
    assert "size: A4 portrait" in plan_page and "size: A4 landscape" in board_page


def write_manifest(root: Path, template_id: str, text: str) -> Path:
    target = root / template_id
    target.mkdir(parents=True, exist_ok=True)
    (target / "template.yaml").write_text(f"id: {template_id}\ntitle: 区模板\n{text}", encoding="utf-8")
    return target / "template.yaml"


def test_extends_cycle_is_named(tmp_path: Path) -> None:
    write_manifest(tmp_path, "district/a", "kind: notice\nextends: district/b\n")
    write_manifest(tmp_path, "district/b", "abstract: true\nextends: district/a\n")
    with pytest.raises(TemplateError, match="循环") as info:
        Registry.default([tmp_path]).listing()
    assert "district/a → district/b → district/a" in str(info.value)
    assert "template.yaml" in str(info.value)


def test_unknown_parent_is_named(tmp_path: Path) -> None:
    manifest = write_manifest(tmp_path, "district/a", "kind: notice\nextends: base/nope\n")
    with pytest.raises(TemplateError, match=r"extends“base/nope”不是已知的模板") as info:
        gongwen.render(gongwen.load(EXAMPLES / "notice.yaml"), tmp_path / "out", template_dirs=[tmp_path])
    assert str(manifest) in str(info.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abstract: true\nkind: notice\n", "不应写 kind"),
        ("extends: base/official\n", "缺少 kind"),
        ("kind: notice\nextends: district/a\n", "指向自己"),
        ("kind: notice\nformats: {md: ../../../etc/passwd}\n", "不是允许的模板文件名"),
        ("kind: notice\nformats: {md: /etc/passwd}\n", "不是允许的模板文件名"),
    ],
)
def test_bad_base_or_extends_is_named(tmp_path: Path, text: str, message: str) -> None:
    manifest = write_manifest(tmp_path, "district/a", text)
    with pytest.raises(TemplateError, match=message) as info:
        Registry.default([tmp_path]).listing()
    assert str(manifest) in str(info.value)


def test_same_id_twice_in_one_directory_is_named(tmp_path: Path) -> None:
    write_manifest(tmp_path, "district/a", "kind: notice\nextends: base/official\n")
    (tmp_path / "copy").mkdir()
    shutil.copytree(tmp_path / "district", tmp_path / "copy" / "district")
    with pytest.raises(TemplateError, match="出现两次"):
        Registry.default([tmp_path]).listing()


def test_a_base_is_not_rendered_directly() -> None:
    with pytest.raises(TemplateError, match="基础模板") as info:
        gongwen.Renderer().markdown(PLAN, template="base/official")
    assert "plans/annual-plan" in str(info.value)


def test_listing_shows_bases_and_inherited_formats() -> None:
    lines = {line.id: line for line in Registry.default().listing()}
    assert lines["base/official"].abstract and lines["base/form"].extends == "base/official"
    assert lines["plans/annual-plan"].extends == "base/official"
    assert not lines["plans/annual-plan"].abstract
    assert lines["forms/notice-board"].formats == ("docx", "html", "md")


def test_export_copies_a_template_to_edit(tmp_path: Path) -> None:
    target = Registry.default().export("plans/annual-plan", tmp_path)
    assert (target / "template.yaml").is_file() and (target / "annual-plan.docx").is_file()
    with pytest.raises(TemplateError, match="已存在"):
        Registry.default().export("plans/annual-plan", tmp_path)
    with pytest.raises(TemplateError, match=r"找不到模板“plans/nope”"):
        Registry.default().export("plans/nope", tmp_path)


def files_under(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("name", ["annual-plan.yaml", "forms/notice-board.yaml"])
def test_export_is_complete_flat_and_renders_the_same(name: str, tmp_path: Path) -> None:
    document = gongwen.load(EXAMPLES / name)
    template_id = Registry.default().default_for(document.kind, document)
    stem = template_id.rsplit("/", 1)[-1]
    Registry.default().export(template_id, tmp_path / "district")
    exported = Registry.default([tmp_path / "district"])
    manifest = exported.candidates(template_id)[0].manifest
    assert manifest.extends is None
    assert manifest.formats == {"docx": f"{stem}.docx", "html": "page.html.j2", "md": f"{stem}.md.j2"}
    for fmt in ("docx", "md", "html"):  # every file used is in the export, bytes as built in
        resolved = exported.resolve(template_id, fmt)
        for used in exported.files(resolved):
            assert used.is_relative_to(tmp_path / "district"), used
        assert resolved.path.read_bytes() == Registry.default().resolve(template_id, fmt).path.read_bytes()
    with gongwen.Renderer() as builtin, gongwen.Renderer([tmp_path / "district"]) as district:
        builtin.render(document, tmp_path / "a", ["docx", "md", "html"])
        district.render(document, tmp_path / "b", ["docx", "md", "html"])
    ours, theirs = files_under(tmp_path / "a"), files_under(tmp_path / "b")
    assert len(ours) == 3 and ours == theirs


def test_export_of_a_page_extending_the_base_brings_the_base(tmp_path: Path) -> None:
    root = tmp_path / "district"
    Registry.default().export("forms/notice-board", root)
    builtin_base = files_under(builtin_templates_dir() / "base" / "official")
    exported_base = files_under(root / "base" / "official")
    assert exported_base.keys() == builtin_base.keys()
    assert all(exported_base[n] == builtin_base[n] for n in builtin_base if n != "template.yaml")
    page = root / "forms" / "notice-board" / "page.html.j2"
    page.write_text(page.read_text(encoding="utf-8").replace("297mm", "420mm"), encoding="utf-8")
    base_page = root / "base" / "official" / "page.html.j2"
    base_page.write_text(
        base_page.read_text(encoding="utf-8").replace(
            "{% block header %}{% endblock %}", "{% block header %}<nav>长宁教育督导网</nav>{% endblock %}"
        ),
        encoding="utf-8",
    )
    with gongwen.Renderer([root]) as renderer:
        board = renderer.html(gongwen.load(EXAMPLES / "forms/notice-board.yaml"))
        plan = renderer.html(gongwen.load(EXAMPLES / "annual-plan.yaml"))
    assert "max-width: 420mm" in board and "size: A4 landscape" in board
    assert "<nav>长宁教育督导网</nav>" in board and "<nav>长宁教育督导网</nav>" in plan  # base/ is shared
    with pytest.raises(TemplateError, match="已存在"):
        Registry.default().export("base/official", root)


def test_editing_one_block_of_an_exported_page_changes_that_template_only(tmp_path: Path) -> None:
    root = tmp_path / "district"
    page = Registry.default().export("plans/annual-plan", root) / "page.html.j2"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "{% block footer %}{% endblock %}",
            "{% block footer %}<footer>长宁区教育督导室</footer>{% endblock %}",
        ),
        encoding="utf-8",
    )
    with gongwen.Renderer([root]) as renderer:
        plan = renderer.html(gongwen.load(EXAMPLES / "annual-plan.yaml"))
        notice = renderer.html(gongwen.load(EXAMPLES / "notice.yaml"))
    assert "</main>\n<footer>长宁区教育督导室</footer></body>" in plan
    assert "<footer>" not in notice


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


def test_a_change_to_an_extended_file_redoes_the_document(tmp_path: Path) -> None:
    root = tmp_path / "district"
    Registry.default().export("forms/notice-board", root)
    board = EXAMPLES / "forms" / "notice-board.yaml"
    registry = Registry.default([root])
    files = registry.files(registry.resolve("forms/notice-board", "html"))
    assert files == [root / "forms/notice-board/page.html.j2", root / "base/official/page.html.j2"]

    def render() -> gongwen.BatchResult:
        with gongwen.Renderer([root]) as renderer:
            return gongwen.render_files([board], tmp_path / "out", ["html"], renderer=renderer)

    assert len(render().outputs) == 1 and len(render().skipped) == 1
    base_page = root / "base" / "official" / "page.html.j2"
    base_page.write_text(base_page.read_text(encoding="utf-8").replace("210mm", "200mm"), encoding="utf-8")
    assert len(render().outputs) == 1
