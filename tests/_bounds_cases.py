"""Hostile files and templates that once ran without bound, each run in a child process
with a time limit and its peak memory measured.

Each case builds its files in a fresh directory and does what gongwen does with them
through the public API. It either raises a GongwenError (refused) or returns the warnings
gongwen gave (read around). ``run`` classifies the outcome:

- handled: refused, or read with a warning, as the case expects, within SECONDS and MAX_RSS_MB;
- crashed: another exception (a traceback for the user);
- escaped: the case ran through without the expected refusal or warning, ran out of
  memory (only the child's address-space limit stopped it), hung, or took too much time or
  memory.

``python tests/_bounds_cases.py [SRC]`` prints the table and the counts for the gongwen in
SRC (default: this tree's src), e.g. for an older checkout.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SECONDS = 20.0
"""Time a case may take, imports and building its files included."""
MAX_RSS_MB = 450
"""Peak resident memory of the child process (about 70 MB of it is Python and gongwen)."""
ADDRESS_SPACE = 3 << 30
"""The child's address-space limit, so that a case that escapes cannot exhaust the machine."""

A = "{% set a = 'x' * 10000000 %}"
"""A 10-million-character text, the largest a template may build."""

TEMPLATES: dict[str, str] = {
    "join": "{{ range(300)|join('x' * 10000000) }}",
    "join_items": A + "{{ ([a] * 1000)|join }}",
    "indent": "{{ ('x\\n' * 5000000)|indent(100000) }}",
    "indent_text": "{{ ('x\\n' * 1000000)|indent('y' * 1000) }}",
    "replace": "{{ ('x' * 10000000)|replace('x', 'y' * 1000) }}",
    "replace_empty": "{{ ('x' * 1000000)|replace('', 'y' * 1000) }}",
    "center_map": "{{ range(100000)|map('center', 100000)|join }}",
    "center_map_list": "{{ range(100000)|map('center', 100000)|list|length }}",
    "format_filter": "{{ ('%s' * 100000)|format(*(['x' * 10000000] * 100000)) }}",
    "format_widths": "{{ ('%100000s' * 1000)|format(*range(1000)) }}",
    "percent_tuple": A + "{{ ('%s' * 30) % (" + ", ".join(["a"] * 30) + ") }}",
    "percent_dict": A + "{{ ('%(a)s' * 1000) % {'a': a} }}",
    "wordwrap": "{{ ('x' * 1000000)|wordwrap(1, wrapstring='y' * 100000) }}",
    "tilde": A + "{{ " + " ~ ".join(["a"] * 200) + " }}",
    "plus": A + "{% set b = a + a %}{% set c = b + b %}{% set d = c + c %}{% set e = d + d %}{{ e + e }}",
    "plus_deep": A + "{{ " + " + ".join(["a"] * 200) + " }}",
    "print_list": A + "{{ [a] * 1000 }}",
    "str_replace": A + "{{ a.replace('x', 'y' * 1000) }}",
    "str_join": A + "{{ ('y' * 1000).join([a] * 1000) }}",
    "forceescape": "{{ ('&' * 10000000)|forceescape|forceescape|forceescape|forceescape }}",
    "pprint": A + "{{ ([a] * 1000)|pprint }}",
    "tojson": A + "{{ ([a] * 1000)|tojson }}",
    "string": A + "{{ ([a] * 1000)|string }}",
    "urlize": "{{ ('a.com ' * 1000000)|urlize(target='y' * 100000) }}",
    "sum_lists": A + "{{ ([[a]] * 100000)|sum(start=[])|join }}",
    "namespace": A + "{% set ns = namespace(x=a) %}{% for i in range(100) %}{% set ns.x = ns.x ~ ns.x %}"
                     "{% endfor %}",
    "output_loop": A + "{% for i in range(100000) %}{{ a }}{% endfor %}",
    "macro_doubling": A + "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% else %}{{ a }}"
                          "{% endif %}{% endmacro %}{{ f(20) }}",
}
"""Templates building huge text: each must be a TemplateError (SecurityError) at once."""


def _template(source: str, finalize: bool = False) -> Callable[[Path], str]:
    def case(tmp: Path) -> str:
        """Compile and render as gongwen does a district's template."""
        import jinja2

        from gongwen.render.environment import make_environment, render_template, template_error

        environment = make_environment()
        if finalize:
            from gongwen.render.docx.template import finalize_xml

            environment = make_environment(finalize_xml)
        path = tmp / "district.md.j2"
        try:
            template = environment.from_string(source)
        except jinja2.TemplateSyntaxError as exc:
            raise template_error(path, exc, source) from None
        render_template(template, {}, path)
        return ""

    return case


def _ledger_rows(tmp: Path, merges: tuple[str, ...] = ()) -> Path:
    sys.path.insert(0, str(TESTS))
    from test_ledger import row, workbook

    return workbook(tmp, [row(), row(day="2026.9.9")], merges=merges)


def _rewrite(path: Path, part: str, change: Callable[[bytes], bytes]) -> None:
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    parts[part] = change(parts[part])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)


def _bomb(path: Path, part: str, head: bytes, tail: bytes, size: int = 300 << 20) -> None:
    """Replace ``part`` of the package at ``path`` by ``head``, ``size`` bytes of “x”, ``tail``,
    compressed (a 300 MB part takes about 300 KB)."""
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist() if name != part}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
        info = zipfile.ZipInfo(part)
        info.compress_type = zipfile.ZIP_DEFLATED
        with package.open(info, "w", force_zip64=True) as out:
            out.write(head)
            chunk = b"x" * (1 << 20)
            for _ in range(size >> 20):
                out.write(chunk)
            out.write(tail)


def _read_ledger(path: Path) -> str:
    sys.path.insert(0, str(TESTS))
    from _records import district
    from gongwen.loaders.ledger import read_ledger

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        records = read_ledger(path, district())
    return f"{len(records)} 条记录；" + "；".join(str(w.message) for w in caught)


def ledger_far_cell(tmp: Path) -> str:
    from openpyxl import load_workbook

    path = _ledger_rows(tmp)
    book = load_workbook(path)
    book.active["XFD1048576"] = " "
    book.save(path)
    return _read_ledger(path)


def ledger_blank_sheet_far_cell(tmp: Path) -> str:
    """A second sheet (说明) holding nothing but a space in XFD1048576."""
    from openpyxl import load_workbook

    path = _ledger_rows(tmp)
    book = load_workbook(path)
    book.create_sheet("说明")["XFD1048576"] = " "
    book.save(path)
    return _read_ledger(path)


def ledger_giant_merge(tmp: Path) -> str:
    path = _ledger_rows(tmp)
    _rewrite(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(
        b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A6:A1000000"/></mergeCells>'))
    return _read_ledger(path)


def ledger_shared_string_bomb(tmp: Path) -> str:
    path = _ledger_rows(tmp)
    _bomb(path, "xl/sharedStrings.xml",
          b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
          b"<si><t>", b"</t></si></sst>")
    assert path.stat().st_size < 1 << 20
    return _read_ledger(path)


def ledger_encrypted(tmp: Path) -> str:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = _ledger_rows(tmp)
    path = tmp / "加密台账.xlsx"
    with plain.open("rb") as source, path.open("wb") as target:
        OOXMLFile(source).encrypt("密码123", target)
    return _read_ledger(path)


def ledger_formula(tmp: Path) -> str:
    from openpyxl import load_workbook

    path = _ledger_rows(tmp)
    book = load_workbook(path)
    book.active["B6"] = "=DATE(2026,9,9)"  # saved by a program: no result cached
    book.save(path)
    return _read_ledger(path)


def ledger_fifo(tmp: Path) -> str:
    path = tmp / "台账.xlsx"
    os.mkfifo(path)
    return _read_ledger(path)


def ledger_directory(tmp: Path) -> str:
    path = tmp / "台账.xlsx"
    path.mkdir()
    return _read_ledger(path)


def _load(path: Path) -> str:
    from gongwen import load

    load(path)
    return ""


def yaml_text_amplifier(tmp: Path) -> str:
    """About 3 MB: a 1 MB text, then lists of ten aliases of the one before: 111,112 values
    (well within the values' limit) but 10^11 characters."""
    lines = ["kind: annual-plan", "issuer: 督导室", "date: 2024-02-19", f"t0: &t0 \"{'长' * 1_000_000}\""]
    lines += [f"t{i}: &t{i} [" + ", ".join([f"*t{i - 1}"] * 10) + "]" for i in range(1, 6)]
    lines.append("title: 计划")
    lines.append("recipients: *t5")
    path = tmp / "amplify.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return _load(path)


def yaml_value_amplifier(tmp: Path) -> str:
    lines = ["kind: annual-plan", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 14)]
    path = tmp / "bomb.yaml"
    path.write_text("\n".join(lines) + "\ntitle: *a13\n", encoding="utf-8")
    return _load(path)


def data_fifo(tmp: Path) -> str:
    path = tmp / "plan.yaml"
    os.mkfifo(path)
    return _load(path)


def data_directory(tmp: Path) -> str:
    path = tmp / "plan.yaml"
    path.mkdir()
    return _load(path)


def data_device(tmp: Path) -> str:
    path = tmp / "plan.yaml"
    path.symlink_to("/dev/zero")
    return _load(path)


def _word_template(tmp: Path) -> Path:
    sys.path.insert(0, str(TESTS))
    from gongwen.registry import BUILTIN, Registry, Source, builtin_templates_dir

    return Registry([Source(builtin_templates_dir(), BUILTIN)]).export("plans/annual-plan", tmp)


def docx_template_bomb(tmp: Path) -> str:
    from gongwen.render.docx.template import CompiledDocx

    path = _word_template(tmp) / "annual-plan.docx"
    _bomb(path, "word/document.xml",
          b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
          b"<w:body><w:p><w:r><w:t>", b"</w:t></w:r></w:p></w:body></w:document>")
    CompiledDocx(path)
    return ""


def docx_template_fifo(tmp: Path) -> str:
    from gongwen.render.docx.template import CompiledDocx

    path = tmp / "模板.docx"
    os.mkfifo(path)
    CompiledDocx(path)
    return ""


def markdown_huge(tmp: Path) -> str:
    """A district's Markdown template writing 1.5 billion characters into the .md."""
    from gongwen import Renderer, load

    directory = _word_template(tmp / "district")
    (directory / "annual-plan.md.j2").write_text(
        "{% for i in range(100000) %}{{ '督导' * 7500 }}{% endfor %}", encoding="utf-8")
    with Renderer([tmp / "district"]) as renderer:
        renderer.render(load(ROOT / "examples" / "annual-plan.yaml"), tmp / "out", ["md"])
    return ""


def output_over_limit(tmp: Path) -> str:
    """A 3 MB .md with the file limit set to 2 MB."""
    import yaml

    from gongwen import Renderer, load

    os.environ["GONGWEN_MAX_FILE_MB"] = "2"
    data = yaml.safe_load((ROOT / "examples" / "annual-plan.yaml").read_text(encoding="utf-8"))
    data["sections"] = [{"title": f"第{i}部分", "text": "督导工作要点。" * 1000} for i in range(100)]
    path = tmp / "plan.json"
    path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    document = load(path)
    with Renderer() as renderer:
        renderer.render(document, tmp / "out", ["md"])
    return ""


@dataclass(frozen=True)
class Case:
    name: str
    run: Callable[[Path], str]
    expect: str
    """What the message (or warning) must say."""


_TEXT_LIMIT = r"GONGWEN_MAX_(TEXT|OUTPUT)|嵌套过深|渲染超过"

CASES: list[Case] = [
    *(Case(f"template_{name}", _template(source), _TEXT_LIMIT) for name, source in TEMPLATES.items()),
    Case("template_docx_output", _template(TEMPLATES["output_loop"], finalize=True), _TEXT_LIMIT),
    Case("ledger_far_cell", ledger_far_cell, r"XFD1048576.*已忽略"),
    Case("ledger_blank_sheet_far_cell", ledger_blank_sheet_far_cell, r"2 条记录.*说明!XFD1048576.*已忽略"),
    Case("ledger_giant_merge", ledger_giant_merge, r"A6:A1000000.*已忽略"),
    Case("ledger_shared_string_bomb", ledger_shared_string_bomb, r"sharedStrings\.xml.*(超过上限|压缩比)"),
    Case("ledger_encrypted", ledger_encrypted, r"文件已加密，请在 Excel 中另存为不加密的文件"),
    Case("ledger_formula", ledger_formula, r"台账!B6：公式没有计算结果，请在 Excel 中打开并保存一次"),
    Case("ledger_fifo", ledger_fifo, r"台账\.xlsx.*管道"),
    Case("ledger_directory", ledger_directory, r"台账\.xlsx.*目录"),
    Case("data_yaml_text_amplifier", yaml_text_amplifier, r"amplify\.yaml.*GONGWEN_MAX_DATA_TEXT"),
    Case("data_yaml_value_amplifier", yaml_value_amplifier, r"bomb\.yaml.*GONGWEN_MAX_DATA_VALUES"),
    Case("data_fifo", data_fifo, r"plan\.yaml.*管道"),
    Case("data_directory", data_directory, r"plan\.yaml.*目录"),
    Case("data_device", data_device, r"plan\.yaml.*设备"),
    Case("template_docx_bomb", docx_template_bomb, r"annual-plan\.docx.*document\.xml.*(超过上限|压缩比)"),
    Case("template_docx_fifo", docx_template_fifo, r"模板\.docx.*管道"),
    Case("output_markdown_huge", markdown_huge, r"annual-plan\.md\.j2.*GONGWEN_MAX_(OUTPUT|TEXT)"),
    Case("output_over_file_limit", output_over_limit, r"未写入 .*\.md.*GONGWEN_MAX_FILE_MB"),
]
BY_NAME = {case.name: case for case in CASES}


def child(name: str) -> None:
    """Run one case in this process and print its outcome as one JSON line."""
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
    import gongwen.cli  # noqa: F401  (imports are not the case's time)
    from gongwen.errors import GongwenError

    start = time.monotonic()
    outcome = {"name": name}
    with tempfile.TemporaryDirectory() as directory:
        try:
            message = BY_NAME[name].run(Path(directory))
            outcome.update(outcome="returned", message=message)
        except MemoryError:
            outcome.update(outcome="memory", message="MemoryError")
        except GongwenError as exc:
            outcome.update(outcome="refused", message=str(exc), type=type(exc).__name__)
        except BaseException as exc:
            outcome.update(outcome="crashed", message=f"{type(exc).__name__}: {exc}"[:500],
                           type=type(exc).__name__)
    outcome.update(seconds=round(time.monotonic() - start, 2),
                   rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
    print(json.dumps(outcome, ensure_ascii=False), flush=True)


def run(name: str, src: Path = ROOT / "src") -> dict[str, object]:
    """Run a case in a child process; the outcome with its class: handled, crashed or escaped."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(src), str(TESTS)])}
    env.pop("GONGWEN_MAX_FILE_MB", None)
    code = f"import _bounds_cases; _bounds_cases.child({name!r})"
    start = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              timeout=SECONDS + 10, env=env, cwd=TESTS)
    except subprocess.TimeoutExpired:
        return {"name": name, "outcome": "hung", "class": "escaped",
                "seconds": round(time.monotonic() - start, 1)}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return {"name": name, "outcome": "died", "class": "crashed", "message": done.stderr[-500:]}
    result: dict[str, object] = json.loads(lines[-1])
    result["class"] = classify(BY_NAME[name], result)
    return result


def classify(case: Case, result: dict[str, object]) -> str:
    """handled, crashed or escaped (see the module's docstring). A refusal counts whatever
    its words (``expect`` is for the tests); a run that returned counts only with the
    expected warning."""
    if result["outcome"] == "crashed":
        return "crashed"
    within = float(result["seconds"]) <= SECONDS and int(result["rss_mb"]) <= MAX_RSS_MB  # type: ignore[arg-type]
    message = str(result.get("message", ""))
    if result["outcome"] == "refused" and "MemoryError" not in message and within:
        return "handled"
    if result["outcome"] == "returned" and re.search(case.expect, message, re.S) and within:
        return "handled"
    return "escaped"


if __name__ == "__main__":
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "src"
    chosen = set(sys.argv[2:])
    counts: dict[str, int] = {}
    for case in (c for c in CASES if not chosen or c.name in chosen):
        outcome = run(case.name, source)
        counts[str(outcome["class"])] = counts.get(str(outcome["class"]), 0) + 1
        message = str(outcome.get("message", ""))[:110].replace("\n", " ")
        print(f"{case.name:34} {outcome['class']:8} {outcome['outcome']:9} "
              f"{outcome.get('seconds', '')!s:>6}s {outcome.get('rss_mb', '')!s:>5}MB  {message}", flush=True)
    print(f"tried {sum(counts.values())}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
