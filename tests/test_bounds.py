"""Bounded: hostile templates, data files, ledgers and Word templates are refused (or read
around, with a warning naming the cell) at once and within a few hundred MB — each case in
its own process with a time limit, its peak memory measured (see _bounds_cases.py)."""

from __future__ import annotations

import re
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _bounds_cases import BY_NAME, CASES, MAX_RSS_MB, SECONDS, run
from gongwen import load
from gongwen.errors import DataError, TemplateError
from gongwen.limits import DATA_TEXT, OUTPUT_BYTES, TEMPLATE_OUTPUT, TEMPLATE_TEXT, Limit
from gongwen.render.environment import make_environment, render_template, text_size


@pytest.mark.parametrize("name", [case.name for case in CASES])
def test_hostile_case_is_handled_fast_and_small(name: str) -> None:
    outcome = run(name)
    assert outcome["class"] == "handled", outcome
    assert re.search(BY_NAME[name].expect, str(outcome["message"]), re.S), outcome
    assert float(outcome["seconds"]) <= SECONDS  # type: ignore[arg-type]
    assert int(outcome["rss_mb"]) <= MAX_RSS_MB  # type: ignore[arg-type]
    assert re.search(r"[\u4e00-\u9fff]", str(outcome["message"])), "the message is in Chinese"


def render(source: str, **context: object) -> str:
    return render_template(make_environment().from_string(source), context, Path("区模板.md.j2"))


# Building blocks of template expressions that make text: each takes the text so far (t)
# and a number (n, a width or a count, at most 100,000 as every template number is).
PIECES = [
    "(t * n)", "(t ~ t)", "(t + t)", "([t] * n)|join", "([t] * n)|join(t)", "t|replace('a', t)",
    "t|replace('', t)", "t|indent(n)", "t|indent(t)", "t|center(n)", "t|wordwrap(1, wrapstring=t)",
    "('%s%s' % (t, t))", "('%s' * n)|format(*([t] * n))", "[t] * n", "([t] * n)|string",
    "([t] * n)|tojson", "([t] * n)|pprint", "t|forceescape", "t.replace('a', t)", "t.join([t] * n)",
    "range(n)|map('center', n)|join", "t|urlize(target=t)", "([[t]] * n)|sum(start=[])|join",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.sampled_from(PIECES), min_size=1, max_size=4),
       seed=st.text(alphabet="a<&\n 督", min_size=1, max_size=50), n=st.integers(0, 100_000))
def test_any_chain_of_text_builders_stays_within_the_caps(
    steps: list[str], seed: str, n: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever a template chains, what it builds stays within GONGWEN_MAX_TEXT (here set to
    100,000) and the output within GONGWEN_MAX_OUTPUT (here 1,000,000), or it is a
    TemplateError; memory traced while rendering stays a few times the caps."""
    monkeypatch.setenv(TEMPLATE_TEXT.variable, "100000")
    monkeypatch.setenv(TEMPLATE_OUTPUT.variable, "1000000")
    source = "{% set t = seed %}"
    for step in steps:
        source += "{% set t = " + step + " %}"
    source += "{{ t }}"
    tracemalloc.start()
    try:
        out = render(source, seed=seed, n=n)
    except TemplateError:  # beyond a cap, or a list where text is wanted
        out = ""
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert len(out) <= 1_000_000
    assert peak < 40 * 1_000_000, f"{peak:,} bytes traced for {source}"


@pytest.mark.parametrize(("source", "expected"), [
    ("{{ ['甲', '乙']|join('、') }}", "甲、乙"),
    ("{{ 'a\nb'|indent(2) }}", "a\n  b"),
    ("{{ 'ab'|replace('a', 'c') }}{{ 'ab'.replace('b', 'd') }}", "cbad"),
    ("{{ '%s-%03d'|format('第', 7) }}{{ '%(x)s' % {'x': 1} }}", "第-0071"),
    ("{{ 'a' ~ 1 ~ '督' }}{{ [1] + [2] }}{{ 'x' + 'y' }}", "a1督[1, 2]xy"),
    ("{{ [[1], [2]]|sum(start=[]) }}{{ [1, 2]|sum }}", "[1, 2]3"),
    ("{{ 'abc def'|wordwrap(3) }}", "abc\ndef"),
    ("{{ range(3)|map('string')|join }}", "012"),
])
def test_ordinary_text_building_still_works(source: str, expected: str) -> None:
    assert render(source) == expected


def test_limits_are_raised_by_their_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "{{ ('x' * 900)|indent(100)|length }}"
    monkeypatch.setenv(TEMPLATE_TEXT.variable, "1000")
    with pytest.raises(TemplateError, match="GONGWEN_MAX_TEXT"):
        render("{{ 'ab'|replace('a', 'x' * 2000) }}")
    assert render(text) == "900"
    monkeypatch.setenv(TEMPLATE_TEXT.variable, "3000")
    assert render("{{ 'ab'|replace('a', 'x' * 2000)|length }}") == "2001"
    monkeypatch.setenv(TEMPLATE_TEXT.variable, "many")
    with pytest.raises(ValueError, match="GONGWEN_MAX_TEXT 应为正整数"):
        TEMPLATE_TEXT()


def test_every_limit_is_documented_with_its_number_and_variable() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    hardening = readme.split("## Hardening", 1)[1].split("\n## ", 1)[0]
    import gongwen.limits as limits

    for limit in (v for v in vars(limits).values() if isinstance(v, Limit)):
        assert limit.variable in hardening, limit.variable
        assert f"{limit.default:,}" in hardening, (limit.variable, limit.default)


def test_printing_a_huge_list_is_refused_before_it_is_built() -> None:
    assert text_size(["x" * 10] * 3) < 50
    assert text_size(["x" * 10_000_000] * 1000, budget=20_000_000) <= 40_000_000
    with pytest.raises(TemplateError, match="GONGWEN_MAX_TEXT"):
        render("{{ [t] * 1000 }}", t="x" * 1_000_000)


def test_yaml_aliases_are_counted_in_characters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATA_TEXT.variable, "1000")
    path = tmp_path / "计划.yaml"
    aliases = ", ".join(["*t"] * 11)
    path.write_text(f"kind: annual-plan\nt: &t \"{'长' * 100}\"\nrecipients: [{aliases}]\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"GONGWEN_MAX_DATA_TEXT") as caught:
        load(path)
    assert "计划.yaml" in str(caught.value) and "第 3 行" in str(caught.value)


def test_output_limit_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from gongwen.errors import OutputError
    from gongwen.render.files import write_atomic

    monkeypatch.setenv(OUTPUT_BYTES.variable, "1")
    write_atomic(tmp_path / "小.md", b"x" * 1000)
    with pytest.raises(OutputError, match=r"未写入 .*大\.md.*GONGWEN_MAX_FILE_MB"):
        write_atomic(tmp_path / "大.md", b"x" * (2 << 20))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["小.md"]


def test_cli_names_a_stray_far_cell_of_a_ledger(tmp_path: Path) -> None:
    """`gongwen summary` on the example records, whose ledger has a space typed in XFD1048576:
    the summary is written, and the note names the ledger and the cell."""
    import shutil

    from click.testing import CliRunner
    from openpyxl import load_workbook

    from gongwen.cli import main

    examples = Path(__file__).parents[1] / "examples"
    for name in ("records.yaml", "records.xlsx"):
        shutil.copy(examples / name, tmp_path / name)
    book = load_workbook(tmp_path / "records.xlsx")
    book.worksheets[0]["XFD1048576"] = " "
    book.save(tmp_path / "records.xlsx")
    result = CliRunner().invoke(main, ["summary", str(tmp_path / "records.yaml"), "-o",
                                       str(tmp_path / "out"), "-f", "md"])
    assert result.exit_code == 0, result.output
    assert re.search(r"注意：records\.xlsx：.*!XFD1048576 远在表格数据之外", result.output), result.output
    assert list((tmp_path / "out").glob("*.md"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fan_out=st.integers(1, 12), depth=st.integers(1, 8), length=st.integers(1, 50_000))
def test_any_alias_amplifier_is_counted_before_it_is_built(
    fan_out: int, depth: int, length: int, tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A text of ``length`` characters, aliased ``fan_out`` times at each of ``depth`` levels:
    beyond the limits (here 100,000 values, 1,000,000 characters) it is a DataError naming
    the limit, before anything is expanded; within them it loads or fails validation."""
    monkeypatch.setenv("GONGWEN_MAX_DATA_VALUES", "100000")
    monkeypatch.setenv(DATA_TEXT.variable, "1000000")
    lines = ["kind: annual-plan", "issuer: 督导室", "date: 2024-02-19", "title: 计划",
             f"t0: &t0 \"{'长' * length}\""]
    lines += [f"t{i}: &t{i} [" + ", ".join([f"*t{i - 1}"] * fan_out) + "]" for i in range(1, depth + 1)]
    lines.append(f"recipients: *t{depth}")
    path = tmp_path_factory.mktemp("yaml") / "计划.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expanded_text = 2 * fan_out ** depth * length  # the anchors' own lines and recipients
    tracemalloc.start()
    try:
        load(path)
        loaded = True
    except DataError as exc:
        loaded = False
        if fan_out ** depth > 100_000 or expanded_text > 1_000_000:
            assert re.search(r"GONGWEN_MAX_DATA_(VALUES|TEXT)", str(exc)), str(exc)
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert not (loaded and expanded_text > 2_000_000)
    assert peak < 60_000_000, f"{peak:,} bytes traced"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(row=st.integers(1_010, 1_048_576), col=st.integers(1, 16_384),
       blank=st.sampled_from([" ", "\u3000", ""]), merge_to=st.integers(7, 1_048_576))
def test_stray_cells_and_merges_beyond_the_data_change_nothing(
    row: int, col: int, blank: str, merge_to: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A blank far cell and a merged range running on below the data: the ledger reads the
    same two records as without them, at once, and a far cell is named in a DataWarning."""
    from openpyxl import load_workbook

    from _bounds_cases import _ledger_rows, _read_ledger, _rewrite

    path = _ledger_rows(tmp_path_factory.mktemp("ledger"))
    book = load_workbook(path)
    book.active.cell(row, col, blank or None)
    book.save(path)
    _rewrite(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(
        b"</sheetData>", f'</sheetData><mergeCells count="1"><mergeCell ref="O6:O{merge_to}"/></mergeCells>'
        .encode()))
    tracemalloc.start()
    try:
        said = _read_ledger(path)
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert said.startswith("2 条记录")
    if blank:
        assert "远在表格数据之外" in said
    assert peak < 30_000_000, f"{peak:,} bytes traced"
