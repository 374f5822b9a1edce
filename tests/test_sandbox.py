"""A user's template cannot read files, import modules, reach Python internals or hang the run."""

from __future__ import annotations

import time
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from gongwen import Renderer
from gongwen.errors import TemplateError
from gongwen.models import Plan
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
    seal = tmp_path / "seal.png"
    seal.write_bytes(SECRET.encode())
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
    assert plan.issuer.seal.read_text() == SECRET


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
