"""What the command line prints and how it exits.

Exit codes (README, "Using the command line"): 0 done; 1 findings (check, schedule
--check, an import not rendered); 2 invalid data; 3 template; 4 converter (LibreOffice);
64 usage; 70 internal error; 73 output cannot be written; 130 interrupted (Ctrl-C).

With ``--json`` a command prints one JSON object on stdout, whatever happens: ``ok``,
``exit_code`` and what the command made — or ``error`` ({code, message, problems}) when
it could not run at all.
"""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..version import __version__

if TYPE_CHECKING:
    from ..batch import BatchResult
    from ..errors import GongwenError

DONE, FINDINGS, USAGE, INTERNAL, INTERRUPTED = 0, 1, 64, 70, 130
"""Exit codes of the command line itself; those of gongwen's errors are on their classes
(DataError 2, TemplateError 3, ConversionError 4, OutputError 73)."""

OPTION_FLAGS = {"template_dirs": "--templates", "formats": "-f"}
"""Library parameters whose command-line option is not simply --name."""


def error_message(error: GongwenError) -> str:
    """The error as the command line says it: an option error names the option."""
    from ..errors import HolidaysMissing, OptionError

    if isinstance(error, OptionError):
        return f"{OPTION_FLAGS.get(error.option, '--' + error.option)}：{error.message}"
    if isinstance(error, HolidaysMissing):
        return f"{error}\n  （命令行上用 --holidays 节假日文件.yaml 指定）"
    return str(error)


def print_json(shown: dict[str, Any]) -> None:
    click.echo(json.dumps(shown, ensure_ascii=False, indent=2))


def failed(code: int, error: dict[str, Any], as_json: bool, message: str) -> int:
    """Say that the command could not run (on stderr, or as JSON on stdout); its exit code."""
    if as_json:
        print_json({"ok": False, "exit_code": code, "error": error})
    else:
        click.echo(f"错误：{message}", err=True)
    return code


def traceback_file(error: BaseException) -> Path:
    """Write an unexpected error's traceback, with what gongwen and Python ran, to a file."""
    import os
    import platform
    import tempfile
    from datetime import datetime

    folder = Path(tempfile.gettempdir()) / "gongwen"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"gongwen-error-{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}.txt"
    details = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    path.write_text(f"gongwen {__version__}, Python {platform.python_version()}, {platform.platform()}\n"
                    f"命令：{' '.join(sys.argv)}\n\n{details}", encoding="utf-8")
    return path


def internal(error: BaseException, as_json: bool, debug: bool) -> int:
    """An error gongwen did not expect: a short Chinese message and where the traceback is
    (with ``--debug``, the traceback itself)."""
    if debug:
        traceback.print_exception(type(error), error, error.__traceback__, file=sys.stderr)
        where = "详情见上"
    else:
        try:
            where = f"详情已写入 {traceback_file(error)}"
        except OSError:
            where = "详情无法写入文件，加 --debug 重新运行可直接显示"
    message = (f"gongwen 内部错误（{type(error).__name__}），不是数据的问题；{where}。"
               "请把它发给维护者")
    return failed(INTERNAL, {"code": "E_INTERNAL", "message": message, "problems": []}, as_json, message)


def _relative(path: Path, outdir: Path | None) -> str:
    if outdir is not None and path.is_relative_to(outdir):
        return path.relative_to(outdir).as_posix()
    return str(path)


def batch_code(result: BatchResult) -> int:
    return max((failure.error.exit_code for failure in result.failures), default=DONE)


def batch_dict(result: BatchResult, outdir: Path | None) -> dict[str, Any]:
    """A batch as JSON: files relative to -o; failures with their errors' data."""
    shown = result.to_dict(outdir)
    for entry, failure in zip(shown["failures"], result.failures, strict=True):
        entry["message"] = error_message(failure.error)
    return shown


def show_batch(result: BatchResult, outdir: Path | None, as_json: bool, **more: Any) -> int:
    """Print what a batch wrote, skipped and failed — as people read it, or as JSON; the
    exit code (the worst failure's)."""
    code = batch_code(result)
    if as_json:
        print_json({"ok": result.ok, "exit_code": code, "outdir": str(outdir) if outdir else None,
                    **batch_dict(result, outdir), **more})
        return code
    for note in result.notes:
        click.echo(note, err=True)
    for warning in result.warnings:
        click.echo(f"注意：{warning}", err=True)
    for failure in result.failures:
        click.echo(f"未生成 {failure.source}：\n{error_message(failure.error)}", err=True)
    if result.outputs:
        where = f"（在 {outdir} 中）" if outdir is not None else ""
        click.echo(f"已生成 {len(result.outputs)} 个文件{where}：", err=True)
        for path in result.outputs:
            click.echo(_relative(path, outdir))
    if result.skipped:
        click.echo(f"已是最新，跳过 {len(result.skipped)} 个文件（--force 可全部重新生成）", err=True)
    if result.failures:
        names = "、".join(failure.source for failure in result.failures)
        rest = f"；已生成的 {len(result.outputs)} 个文件见上" if result.outputs else ""
        click.echo(f"共 {len(result.failures)} 个未生成：{names}{rest}", err=True)
    return code


def relative_all(paths: Sequence[Path], outdir: Path | None) -> list[str]:
    return [_relative(path, outdir) for path in paths]


__all__ = [
    "DONE", "FINDINGS", "INTERNAL", "INTERRUPTED", "USAGE", "batch_code", "batch_dict", "error_message",
    "failed", "internal", "print_json", "relative_all", "show_batch", "traceback_file",
]
