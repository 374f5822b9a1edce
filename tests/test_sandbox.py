"""A user's template cannot read files outside the template directories, import modules, reach
Python internals or hang the run; it may extend, include and import the registry's templates."""

from __future__ import annotations

import json
import time
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from PIL import Image, PngImagePlugin

from gongwen import Renderer
from gongwen.errors import TemplateError
from gongwen.models import Plan
from gongwen.registry import Registry
from gongwen.render.environment import make_environment, render_template
from test_registry import override

SECRET = "机密内容-7f3a"

ESCAPES = [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ joiner.__init__.__globals__['os'] }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ self.__dict__ }}",
    "{{ lipsum() }}",
    "{{ lipsum.__globals__ }}",
    "{{ range.__globals__ }}",
    "{{ document.__dict__ }}",
    "{{ document.__class__ }}",
    "{{ document.model_fields }}",
    "{{ document.model_config }}",
    "{{ document.model_dump() }}",
    "{{ document.model_copy() }}",
    "{{ document.model_validate }}",
    "{{ document.model_json_schema() }}",
    "{{ issuer.seal.read_bytes() }}",
    "{{ document.issuer.seal.read_text() }}",
    "{{ issuer.seal.open().read() }}",
    "{{ issuer.seal.parent }}",
    "{{ issuer.seal.unlink() }}",
    "{{ issuer.seal.write_text('x') }}",
    "{{ issuer.seal|attr('read_text') }}",
    "{{ issuer['seal'].read_bytes() }}",
    "{{ issuer.seal.with_name('passwd') }}",
    "{{ title.format }}",
    "{{ '{0.__class__}'.format(title) }}",
    "{{ title.encode }}",
    "{{ date.replace }}",
    "{{ recipients.append('x') }}",
    "{{ range(10**9)|length }}",
    "{% for x in range(10**10) %}{{ x }}{% endfor %}",
    "{{ 'a' * 10**9 }}",
    "{{ [0] * 10**9 }}",
    "{{ 10 ** (10 ** 9) }}",
    "{{ '%999999999d' % 1 }}",
    "{{ '%*d' % (999999999, 1) }}",
    "{{ '%999999999d'|format(1) }}",
    "{{ 'x'|center(10**9) }}",
    "{{ 'x'|indent(10**9) }}",
    "{% set ns = namespace(x='ab') %}{% for i in range(64) %}{% set ns.x = ns.x ~ ns.x %}{% endfor %}",
    "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
    "{% include '/etc/passwd' %}",
    "{% import 'os' as os %}{{ os }}",
    "{% extends '/etc/passwd' %}",
    "{{ 1 / 0 }}",
]
"""Each must fail with a TemplateError naming the template, and leak nothing."""

LOOPS = [
    "{% for x in range(100000) %}{% for y in range(100000) %}{% endfor %}{% endfor %}",
    "{% set r = range(100000) %}{% for x in r %}{% for y in r if y %}{% endfor %}{% endfor %}",
    "{% set r = range(100000) %}{% for x in r %}{% for y in (r) %}{{ '' }}{% endfor %}{% endfor %}",
    "{% set r = range(100000) %}{% for x in r %}{% for y in r %}{{ loop.index }}{% endfor %}{% endfor %}",
]
"""Each runs for hours unless stopped by the time limit."""


@pytest.fixture
def plan(tmp_path: Path) -> Plan:
    seal = tmp_path / "seal.png"  # a real picture carrying the secret in a text chunk
    info = PngImagePlugin.PngInfo()
    info.add_itxt("secret", SECRET)
    Image.new("L", (8, 8)).save(seal, pnginfo=info)
    return Plan(title="测试计划", issuer={"name": "长宁区教育督导室", "seal": seal},
                date="2024-02-19", recipients=["各中小学"])


def docx_template(root: Path, expression: str) -> Path:
    """A district's plans/annual-plan whose Word template carries ``expression``."""
    return override(root, marker=escape(expression)).parents[1]


def markdown_template(root: Path, expression: str) -> Path:
    """A district's plans/annual-plan whose Markdown template is ``expression``."""
    target = root / "plans" / "annual-plan"
    target.mkdir(parents=True)
    (target / "template.yaml").write_text(
        "id: plans/annual-plan\ntitle: 区定制\nkind: annual-plan\nformats:\n  md: plan.md\n",
        encoding="utf-8",
    )
    (target / "plan.md").write_text(f"# {{{{ title }}}}\n\n{expression}\n", encoding="utf-8")
    return root


FORMATS = {"docx": docx_template, "md": markdown_template}


def render_with(root: Path, fmt: str, plan: Plan, out: Path, time_limit: float | None = None) -> None:
    with Renderer([root], time_limit=time_limit) as renderer:
        renderer.render(plan, out, [fmt])


def leaked(out: Path) -> list[str]:
    signs = (SECRET, "<class", "module", "function", "builtin", "__", "model_config", "Path(")
    texts = [p.read_bytes().decode("utf-8", "replace") for p in out.rglob("*") if p.is_file()]
    return [sign for sign in signs for text in texts if sign in text]


@pytest.mark.filterwarnings("ignore:Accessing the 'model_fields'")
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("expression", ESCAPES)
def test_escape_is_refused(expression: str, fmt: str, plan: Plan, tmp_path: Path) -> None:
    root = FORMATS[fmt](tmp_path / "district", expression)
    with pytest.raises(TemplateError, match=r"模板 .*district") as caught:
        render_with(root, fmt, plan, tmp_path / "out")
    assert SECRET not in str(caught.value)
    assert not leaked(tmp_path / "out")
    assert SECRET.encode() in plan.issuer.seal.read_bytes()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("loop", LOOPS)
def test_endless_loop_stops_at_the_time_limit(loop: str, fmt: str, plan: Plan, tmp_path: Path) -> None:
    root = FORMATS[fmt](tmp_path / "district", loop)
    started = time.monotonic()
    with pytest.raises(TemplateError, match=r"district.*渲染超过 0\.3 秒"):
        render_with(root, fmt, plan, tmp_path / "out", time_limit=0.3)
    assert time.monotonic() - started < 5
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_time_limit_from_the_environment(plan: Plan, tmp_path: Path, monkeypatch) -> None:
    root = markdown_template(tmp_path / "district", LOOPS[0])
    monkeypatch.setenv("GONGWEN_RENDER_TIMEOUT", "0.2")
    with pytest.raises(TemplateError, match=r"渲染超过 0\.2 秒"):
        render_with(root, "md", plan, tmp_path / "out")
    monkeypatch.setenv("GONGWEN_RENDER_TIMEOUT", "很久")
    with pytest.raises(TemplateError, match="GONGWEN_RENDER_TIMEOUT"):
        render_with(root, "md", plan, tmp_path / "out")


ALLOWED = {
    "{{ issuer.seal.name }}": "seal.png",
    "{{ date.year }}年{{ date.month }}月": "2024年2月",
    "{{ title|length }}": "4",
    "{{ title.replace('测试', '督导') }}": "督导计划",
    "{% for r in recipients %}{{ loop.index }}.{{ r }}{% endfor %}": "1.各中小学",
    "{{ recipients|join('、') }}": "各中小学",
    "{{ range(3)|list }}": "0, 1, 2",
    "{% set ns = namespace(n=0) %}{% for i in range(5) %}{% set ns.n = ns.n + i %}{% endfor %}"
    "{{ ns.n }}": "10",
    "{{ '第%03d号' % 7 }}": "第007号",
    "{{ 7|cn_number }}": "七",
    "{% for x in [1, 2] if x > 1 %}{{ x }}{% endfor %}": "2",
}
"""What templates legitimately do keeps working."""


@pytest.mark.parametrize("expression", ALLOWED)
def test_ordinary_template_features_still_work(expression: str, plan: Plan, tmp_path: Path) -> None:
    root = markdown_template(tmp_path / "district", expression)
    render_with(root, "md", plan, tmp_path / "out")
    [out] = (tmp_path / "out").iterdir()
    assert ALLOWED[expression] in out.read_text(encoding="utf-8")


def test_every_error_inside_a_template_is_a_template_error(tmp_path: Path) -> None:
    environment = make_environment(time_limit=5)
    template = environment.from_string("{{ 12345|cn_number }}")
    with pytest.raises(TemplateError, match=r"custom\.md.*超出可转换范围"):
        render_template(template, {}, tmp_path / "custom.md")


def district_files(root: Path, files: dict[str, str], fmt: str = "md", name: str = "plan.md") -> Path:
    """A district's plans/annual-plan whose ``fmt`` is ``name``, with the given files beside it."""
    target = root / "plans" / "annual-plan"
    target.mkdir(parents=True)
    (target / "template.yaml").write_text(
        f"id: plans/annual-plan\ntitle: 区定制\nkind: annual-plan\nformats:\n  {fmt}: {name}\n", "utf-8"
    )
    for file, text in files.items():
        (target / file).write_text(text, encoding="utf-8")
    return root


def test_templates_extend_include_and_import_registry_templates(plan: Plan, tmp_path: Path) -> None:
    root = district_files(tmp_path / "district", {
        "plan.md": '{% extends "base/official/official.md.j2" %}'
                   '{% import "plans/annual-plan/macros.j2" as m %}'
                   '{% block title %}# {{ m.mark(title) }}\n\n{% include "plans/annual-plan/alias.j2" %}'
                   "{% endblock %}",
        "macros.j2": "{% macro mark(text) %}区版：{{ text }}{% endmacro %}",
        "part.j2": "主送：{{ recipients|join('、') }}\n\n",
    })
    (root / "plans" / "annual-plan" / "alias.j2").symlink_to("part.j2")  # a link inside is fine
    with Renderer([root]) as renderer:
        text = renderer.markdown(plan)
    assert text.startswith("# 区版：测试计划\n\n主送：各中小学\n\n")
    assert "各中小学：\n{: .recipients }" in text  # the rest of the base template
    assert "长宁区教育督导室  \n2024年2月19日\n{: .signature }" in text


def test_a_page_overrides_one_block_of_the_base_page(plan: Plan, tmp_path: Path) -> None:
    root = district_files(tmp_path / "district", {
        "page.html.j2": '{% extends "base/official/page.html.j2" %}'
                        "{% block style %}{{ super() }}h1 { color: navy; }\n{% endblock %}",
    }, fmt="html", name="page.html.j2")
    with Renderer([root]) as renderer:
        page = renderer.html(plan)
    assert "@media print { body { max-width: none; padding: 0; } }\nh1 { color: navy; }\n</style>" in page
    assert page.count("<style>") == 1 and "<h1>测试计划</h1>" in page


REFERENCES = [
    "../../../secret.txt",
    "plans/annual-plan/../../../secret.txt",
    "base/official/../../../../../secret.txt",
    "/etc/passwd",
    "{secret}",
    "plans/annual-plan/link.txt",
    "plans/annual-plan/linked/secret.txt",
    "plans\\annual-plan\\..\\..\\..\\secret.txt",
    "plans/annual-plan/part.j2\x00",
    "C:/secret.txt",
    "!../secret.txt",
    "plans//annual-plan/part.j2",
    "./plans/annual-plan/part.j2",
]
"""Names leading out of the template directories: .., absolute, symlinks, backslashes, NUL, drives."""


@pytest.mark.parametrize("tag", ["include {}", "extends {}", "import {} as m", "from {} import x"])
@pytest.mark.parametrize("name", REFERENCES)
def test_reference_out_of_the_template_directories_is_refused(
    name: str, tag: str, plan: Plan, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text(SECRET, encoding="utf-8")
    name = name.format(secret=secret)
    literal = json.dumps(name)  # a Jinja string literal decodes the same escapes
    root = district_files(tmp_path / "district", {"plan.md": f"{{% {tag.format(literal)} %}}", "part.j2": ""})
    (root / "plans" / "annual-plan" / "link.txt").symlink_to(secret)
    (root / "plans" / "annual-plan" / "linked").symlink_to(tmp_path / "outside")
    with pytest.raises(TemplateError, match=r"模板 .*district.*plan\.md.*不允许") as caught:
        render_with(root, "md", plan, tmp_path / "out")
    assert SECRET not in str(caught.value)
    assert not leaked(tmp_path / "out")


def test_a_format_file_linked_out_of_its_directory_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    root = district_files(tmp_path / "district", {}, name="plan.md")
    (root / "plans" / "annual-plan" / "plan.md").symlink_to(secret)
    with pytest.raises(TemplateError, match=r"template\.yaml.*md.*模板目录之外") as caught:
        Registry.default([root]).listing()
    assert SECRET not in str(caught.value)


def test_an_included_file_keeps_the_time_limit(plan: Plan, tmp_path: Path) -> None:
    root = district_files(tmp_path / "district", {
        "plan.md": '{% include "plans/annual-plan/part.j2" %}', "part.j2": LOOPS[0],
    })
    with pytest.raises(TemplateError, match=r"district.*渲染超过 0\.3 秒"):
        render_with(root, "md", plan, tmp_path / "out", time_limit=0.3)
