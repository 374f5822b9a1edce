"""The command line as other systems and people meet it: the real ``gongwen`` run in a fresh
process — Chinese messages only, distinct exit codes, one JSON object with ``--json``,
data from stdin, no traceback, a progress bar only on a terminal — and the library's
progress events."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import EXAMPLES, ROOT, Docx
from gongwen.api import load as gongwen_load
from gongwen.batch import Job, Progress, render_many
from gongwen.cli import main
from gongwen.errors import DataError
from gongwen.importer import import_files
from gongwen.kinds import BUILT_IN
from gongwen.loaders import load_text
from gongwen.models.base import Document
from gongwen.terminal.zh import width

NOTICE = EXAMPLES / "notice.yaml"
RECORDS = EXAMPLES / "records.yaml"
ENGLISH = re.compile(r"\b(Usage|Error|Missing|Invalid|Try|Aborted|Options|Commands|option|argument|"
                     r"Traceback|default|required|Show this)\b")
"""Words of click's and Python's own messages: none may reach a user."""


def environment(tmp_path: Path, **more: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src"), "TMPDIR": str(tmp_path), **more}


def gongwen(tmp_path: Path, *args: str | Path, stdin: bytes | None = None, code: str = "",
            **env: str) -> subprocess.CompletedProcess[str]:
    """``gongwen ARGS`` in a fresh Python; ``code`` runs first in it (a fault to inject)."""
    start = f"{code}\nfrom gongwen.cli import main\nmain({[str(a) for a in args]!r}, 'gongwen')"
    return subprocess.run([sys.executable, "-c", start], input=stdin, capture_output=True,
                          env=environment(tmp_path, **env), timeout=300, check=False,
                          text=stdin is None, encoding="utf-8" if stdin is None else None)


def chinese_only(text: str) -> None:
    assert not ENGLISH.search(text), text


# -- usage: Chinese, exit 64 -------------------------------------------------------------------

@pytest.mark.parametrize(("args", "message"), [
    (["render", str(NOTICE)], "缺少选项 -o / --output"),
    (["render", str(NOTICE), "-o", "out", "--nope"], "没有选项 --nope"),
    (["render", str(NOTICE), "-o"], "选项 -o 后面要给出值"),
    (["rendr"], "没有命令“rendr”；是否想用 render？"),
    (["summary", str(RECORDS), "-o", "out", "--date", "22/11/2026"],
     "--date 的值不对：“22/11/2026”不是日期，请写成 2026-11-22、2026年11月22日 或 2026.11.22"),
    (["schema", "plan"], "KIND 的值不对：“plan”不是可选的值，可选：annual-plan、"),
    (["import", "x.txt", "-o", "out", "--kind", "memo"], "--kind 的值不对：“memo”不是可选的值"),
    (["schedule"], "请给出数据文件和 -o 输出目录，或用 --check 检查已有安排"),
])
def test_usage_errors_are_chinese_with_exit_64(tmp_path: Path, args: list[str], message: str) -> None:
    result = gongwen(tmp_path, *args)
    assert result.returncode == 64, result.stderr
    assert result.stderr.startswith(f"错误：{message}"), result.stderr
    assert "用法：gongwen " in result.stderr and " -h 查看帮助" in result.stderr
    chinese_only(result.stderr)
    assert result.stdout == ""


def test_usage_error_as_json(tmp_path: Path) -> None:
    result = gongwen(tmp_path, "render", NOTICE, "--json")
    assert result.returncode == 64 and result.stderr == ""
    assert json.loads(result.stdout) == {"ok": False, "exit_code": 64, "error": {
        "code": "E_USAGE", "message": "缺少选项 -o / --output", "problems": []}}


def test_help_is_chinese(tmp_path: Path) -> None:
    top = gongwen(tmp_path, "--help")
    assert top.returncode == 0
    assert top.stdout.startswith("用法：gongwen [选项] 命令 [参数]...")
    assert "显示本帮助并退出" in top.stdout and "显示版本并退出" in top.stdout
    assert "\n选项：\n" in top.stdout and "\n命令：\n" in top.stdout
    assert "64 命令用法有误，70 内部错误" in top.stdout
    render = gongwen(tmp_path, "render", "-h")
    assert "-o, --output 目录" in render.stdout and "[必填]" in render.stdout
    assert "[默认：docx]" in render.stdout
    assert "html、pdf，" in render.stdout  # the formats, read from the library when shown
    for shown in (top.stdout, render.stdout):
        chinese_only(shown)
        assert max(width(line) for line in shown.splitlines()) <= 80  # a Chinese character is 2 columns
    options = [line for line in render.stdout.splitlines() if line.startswith("  -")]
    starts = {width(re.match(r"\s*\S.*?\s{2,}(?=\S)", line)[0]) for line in options}
    assert len(options) >= 10 and len(starts) == 1, options  # the help text in one column
    assert gongwen(tmp_path, "--version").stdout.startswith("gongwen ")


def test_output_naming_a_file(tmp_path: Path) -> None:
    existing = tmp_path / "计划.docx"
    existing.write_bytes(b"")
    refused = gongwen(tmp_path, "render", NOTICE, "-o", existing)
    assert refused.returncode == 64
    assert f"-o / --output 的值不对：{existing} 是已有的文件：-o 给的是输出目录" in refused.stderr
    warned = gongwen(tmp_path, "render", NOTICE, "-o", tmp_path / "通知.docx")
    assert warned.returncode == 0, warned.stderr
    assert f"注意：-o {tmp_path / '通知.docx'} 像是文件名，将新建名为“通知.docx”的目录" in warned.stderr
    assert warned.stdout == "关于开展2026年秋季开学专项督导的通知.docx\n"  # relative to -o
    assert (tmp_path / "通知.docx" / "关于开展2026年秋季开学专项督导的通知.docx").is_file()


# -- errors: their own codes, never a traceback --------------------------------------------------

def test_invalid_data_is_exit_2_with_each_problem_coded(tmp_path: Path) -> None:
    bad = tmp_path / "通知.yaml"
    bad.write_text("kind: notice\nissuer: 长宁区教育督导室\ntitle: 关于督导的通知\n"
                   "date: 2026年2月30日\ntitel: 督导\n", encoding="utf-8")
    result = gongwen(tmp_path, "render", bad, "-o", tmp_path / "out", "--json")
    assert result.returncode == 2
    shown = json.loads(result.stdout)
    assert shown["ok"] is False and shown["exit_code"] == 2 and shown["outputs"] == []
    [failure] = shown["failures"]
    assert failure["source"] == str(bad) and failure["code"] == "E_DATA"
    assert [(p["code"], p["location"], p["line"]) for p in failure["problems"]] == [
        ("E_DATE_INVALID", "date", 4), ("E_FIELD_UNKNOWN", "titel", 5)]
    assert failure["problems"][0]["message"] == "日期 '2026年2月30日' 不存在（2026年2月30日）"
    unknown = failure["problems"][1]
    assert unknown["message"] == "不认识的字段（是否为“title”？）" and unknown["suggestion"] == "title"
    people = gongwen(tmp_path, "render", bad, "-o", tmp_path / "out")
    assert people.returncode == 2 and "date（第 4 行）：日期 '2026年2月30日' 不存在" in people.stderr
    chinese_only(people.stderr)


def test_old_excel_ledger_is_a_chinese_data_error(tmp_path: Path) -> None:
    ledger = tmp_path / "台账.xls"
    ledger.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))  # an OLE2 (.xls) header
    records = tmp_path / "records.yaml"
    text = RECORDS.read_text(encoding="utf-8").replace("ledger: records.xlsx", "ledger: 台账.xls")
    records.write_text(text, encoding="utf-8")
    for source in (records, ledger):
        result = gongwen(tmp_path, "summary", source, "-o", tmp_path / "out")
        assert result.returncode == 2, result.stderr
        assert "旧版 Excel 文件（.xls）" in result.stderr and "另存为" in result.stderr
        chinese_only(result.stderr)


FAULT = ("import gongwen.batch\ndef broken(*args, **kwargs):\n    raise {error}\n"
         "gongwen.batch.render_files = broken")


def test_internal_error_writes_the_traceback_to_a_file(tmp_path: Path) -> None:
    result = gongwen(tmp_path, "render", NOTICE, "-o", tmp_path / "out",
                     code=FAULT.format(error="RuntimeError('坏了')"))
    assert result.returncode == 70
    assert "gongwen 内部错误（RuntimeError），不是数据的问题；详情已写入 " in result.stderr
    chinese_only(result.stderr)
    written = Path(re.search(r"详情已写入 (\S+\.txt)", result.stderr)[1])
    assert written.parent == tmp_path / "gongwen"
    details = written.read_text(encoding="utf-8")
    assert "Traceback" in details and "RuntimeError: 坏了" in details and "render" in details

    for before, after in ((["--debug"], []), ([], ["--debug"])):
        debug = gongwen(tmp_path, *before, "render", NOTICE, "-o", tmp_path / "out", *after,
                        code=FAULT.format(error="RuntimeError('坏了')"))
        assert debug.returncode == 70 and "Traceback" in debug.stderr and "RuntimeError: 坏了" in debug.stderr

    as_json = gongwen(tmp_path, "render", NOTICE, "-o", tmp_path / "out", "--json",
                      code=FAULT.format(error="RuntimeError('坏了')"))
    shown = json.loads(as_json.stdout)
    assert shown["exit_code"] == 70 and shown["error"]["code"] == "E_INTERNAL"


def test_ctrl_c_is_exit_130(tmp_path: Path) -> None:
    result = gongwen(tmp_path, "render", NOTICE, "-o", tmp_path / "out",
                     code=FAULT.format(error="KeyboardInterrupt"))
    assert result.returncode == 130
    assert "已中止（Ctrl-C）" in result.stderr
    chinese_only(result.stderr)


def test_output_that_cannot_be_written_is_exit_73(tmp_path: Path) -> None:
    (tmp_path / "文件").write_bytes(b"")
    result = gongwen(tmp_path, "render", NOTICE, "-o", tmp_path / "文件" / "输出")
    assert result.returncode == 73, result.stderr
    assert "路径中有同名文件而不是目录" in result.stderr
    chinese_only(result.stderr)


# -- --json on every command, - for stdin ----------------------------------------------------

def invoke(*args: str | Path, stdin: bytes | None = None) -> tuple[int, dict[str, object]]:
    result = CliRunner().invoke(main, [str(a) for a in args], input=stdin)
    return result.exit_code, json.loads(result.stdout)


def test_every_command_prints_one_json_object(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, shown = invoke("render", "-", "-o", out, "--json", stdin=NOTICE.read_bytes())
    assert code == 0 and shown["ok"] and shown["outputs"] == ["关于开展2026年秋季开学专项督导的通知.docx"]
    notice = out / "关于开展2026年秋季开学专项督导的通知.docx"
    assert "督导时间" in Docx(notice).body_text()

    as_json = json.dumps(yaml.safe_load(NOTICE.read_text(encoding="utf-8")), default=str, ensure_ascii=False)
    code, shown = invoke("render", "-", "-o", tmp_path / "from-json", "--json", stdin=as_json.encode())
    assert code == 0 and shown["outputs"] == ["关于开展2026年秋季开学专项督导的通知.docx"]

    code, shown = invoke("check", notice, "--json")
    assert code == 0 and shown["ok"] and shown["files"][0]["file"] == str(notice)

    code, shown = invoke("report", RECORDS, "-o", tmp_path / "reports", "--zone", "第一责任区",
                         "--date", "2026年11月22日", "--json")
    assert code == 0 and shown["outputs"] and all(n.endswith("视导报告.docx") for n in shown["outputs"])
    report = Docx(tmp_path / "reports" / shown["outputs"][0]).body_text()
    assert "2026年11月22日" in report  # the date as data files write it

    code, shown = invoke("notices", RECORDS, "-o", tmp_path / "notices", "--date", "2026.11.22", "--json")
    assert code == 0 and any(n.endswith("整改通知书.docx") for n in shown["outputs"])

    code, shown = invoke("summary", RECORDS, "-o", tmp_path / "summary", "--date", "2026-11-22", "--json")
    [book] = [n for n in shown["outputs"] if n.endswith(".xlsx")]
    assert code == 0 and load_workbook(tmp_path / "summary" / book).worksheets

    code, shown = invoke("schedule", EXAMPLES / "schedule.yaml", "-o", tmp_path / "schedule", "--json")
    assert code == 0 and "schedule.yaml" in shown["outputs"] and shown["notes"]

    code, shown = invoke("schedule", "--check", tmp_path / "schedule" / "schedule.yaml", "--json")
    assert code == 0 and shown == {"ok": True, "exit_code": 0,
                                   "checked": str(tmp_path / "schedule" / "schedule.yaml"), "problems": []}

    text = ("关于开展春季督导的通知\n\n各学校：\n\n现将春季督导有关事项通知如下。\n\n"
            "长宁区教育督导室\n2026年3月1日\n")
    code, shown = invoke("import", "-", "-o", tmp_path / "imported", "--json", stdin=text.encode())
    [entry] = shown["imports"]
    assert code == 0 and entry["file"] == "标准输入"
    assert (tmp_path / "imported" / entry["outputs"][0]).is_file()

    code, shown = invoke("summary", RECORDS, "-o", tmp_path / "summary", "--zone", "第九责任区", "--json")
    assert code == 2 and shown["ok"] is False and shown["error"]["code"] == "E_OPTION"
    assert shown["error"]["message"].startswith("--zone：没有名为“第九责任区”的责任区")


def test_json_warnings_carry_code_and_location(tmp_path: Path) -> None:
    text = RECORDS.read_text(encoding="utf-8").replace("ledger: records.xlsx\n", "")
    text += "records:\n  - date: 2026-08-31\n    school: 清河区实验小学\n    inspectors: 王建国\n"
    records = tmp_path / "records.yaml"
    records.write_text(text, encoding="utf-8")
    code, shown = invoke("summary", records, "-o", tmp_path / "out", "--json")
    [warning] = shown["warnings"]
    assert code == 0 and warning["code"] == "W_OUT_OF_PERIOD" and warning["source"] == str(records)
    assert warning["location"].startswith("records[0]") and "不在统计期间" in warning["message"]


# -- progress --------------------------------------------------------------------------------

def documents() -> list[Document]:
    return [gongwen_load(EXAMPLES / name) for name in ("notice.yaml", "report.yaml", "regulation.yaml")]


def test_the_library_reports_progress(tmp_path: Path) -> None:
    events: list[Progress] = []
    jobs = [Job(document, source=f"第{n}份") for n, document in enumerate(documents(), 1)]
    result = render_many(jobs, tmp_path, ["docx", "md"], progress=events.append)
    assert result.ok and len(result.outputs) == 6
    assert events == [Progress("document", 0, 3, "第1份"), Progress("document", 1, 3, "第2份"),
                      Progress("document", 2, 3, "第3份"), Progress("document", 3, 3, "")]
    again: list[Progress] = []
    render_many(jobs, tmp_path, ["docx", "md"], progress=again.append)  # all up to date, still told
    assert again[-1] == Progress("document", 3, 3, "")


def test_import_reports_progress(tmp_path: Path) -> None:
    events: list[Progress] = []
    sources = [("甲", "关于甲的通知\n\n各学校：\n\n正文。\n".encode()),
               ("乙", "关于乙的通知\n\n正文。\n".encode())]
    results = import_files(sources, tmp_path, progress=events.append)
    assert [r.error for r in results] == [None, None]
    assert events == [Progress("import", 0, 2, "甲"), Progress("import", 1, 2, "乙"),
                      Progress("import", 2, 2, "")]


def test_no_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    result = gongwen(tmp_path, "render", *(EXAMPLES / n for n in ("notice.yaml", "report.yaml")),
                     "-o", tmp_path / "out", GONGWEN_PROGRESS_AFTER="0")
    assert result.returncode == 0, result.stderr
    assert "排版" not in result.stderr and "━" not in result.stderr
    assert result.stderr.startswith("已生成 2 个文件（在 ")


def read_terminal(fd: int, process: subprocess.Popen[bytes]) -> bytes:
    shown = b""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the other side closed
                break
            shown += chunk
        elif process.poll() is not None:
            break
    return shown


@pytest.mark.parametrize("quiet", [False, True])
def test_bar_on_a_terminal(tmp_path: Path, quiet: bool) -> None:
    main_fd, terminal = pty.openpty()
    names = ("notice.yaml", "report.yaml", "regulation.yaml", "annual-plan.yaml")
    args = [*(str(EXAMPLES / n) for n in names), "-o", str(tmp_path / "out"), *(["-q"] if quiet else [])]
    start = f"from gongwen.cli import main\nmain(['render', *{args!r}], 'gongwen')"
    process = subprocess.Popen([sys.executable, "-c", start], stdout=subprocess.PIPE, stderr=terminal,
                               env=environment(tmp_path, GONGWEN_PROGRESS_AFTER="0", TERM="xterm",
                                               COLUMNS="120"))
    os.close(terminal)
    shown = read_terminal(main_fd, process).decode("utf-8", "replace")
    os.close(main_fd)
    assert process.wait(timeout=60) == 0
    assert len(process.stdout.read().decode().splitlines()) == 4  # type: ignore[union-attr]
    if quiet:
        assert "排版" not in shown and "━" not in shown
    else:
        assert "排版" in shown and "━" in shown and re.search(r"\d/4", shown), shown


def test_a_misspelt_field_suggests_the_closest_one_where_it_is() -> None:
    text = "kind: notce\n"
    with pytest.raises(DataError) as wrong_kind:
        load_text(text.encode(), BUILT_IN.models())
    [problem] = wrong_kind.value.problems
    assert (problem.code, problem.suggestion) == ("E_KIND_UNKNOWN", "notice")
    text = ("kind: notice\nissuer: 长宁区教育督导室\ntitle: 关于督导的通知\ndate: 2026-03-01\n"
            "sections:\n  - title: 督导内容\n    txt: 开学准备。\n")
    with pytest.raises(DataError) as misspelt:
        load_text(text, BUILT_IN.models(), "通知.yaml")
    [problem] = misspelt.value.problems
    assert (problem.location, problem.line, problem.code, problem.suggestion) == (
        "sections[0].txt", 7, "E_FIELD_UNKNOWN", "text")
    assert str(misspelt.value).startswith("数据文件 通知.yaml 有 1 处错误")


def test_help_loads_no_library(tmp_path: Path) -> None:
    """What keeps ``gongwen --help`` fast (see benchmarks/cli_startup_benchmark.py): only the
    command line's own modules and click are imported to show it."""
    code = ("import json, sys\nfrom gongwen.cli import main\ntry:\n    main(['--help'], 'gongwen')\n"
            "except SystemExit:\n    pass\n"
            "heavy = ('gongwen', 'pydantic', 'docxtpl', 'openpyxl', 'rich', 'yaml')\n"
            "print(json.dumps([m for m in sys.modules if m.split('.')[0] in heavy]), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            env=environment(tmp_path), check=True)
    loaded = json.loads(result.stderr)
    assert set(loaded) == {"gongwen", "gongwen.lazy", "gongwen.cli", "gongwen.errors", "gongwen.version",
                           "gongwen.render",  # the writers' package itself: a docstring
                           "gongwen.terminal", "gongwen.terminal.output", "gongwen.terminal.shell",
                           "gongwen.terminal.zh",
                           "gongwen.service", "gongwen.service.command"}  # serve's options, no FastAPI


def test_only_the_terminal_draws_progress() -> None:
    users = [path.relative_to(ROOT / "src").as_posix() for path in (ROOT / "src" / "gongwen").rglob("*.py")
             if re.search(r"^\s*(from|import) rich\b", path.read_text(encoding="utf-8"), re.MULTILINE)]
    assert users == ["gongwen/terminal/progress.py"]
