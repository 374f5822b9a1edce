"""click in Chinese: help, usage and every error click itself raises, options whose help
or choices are computed only when shown (so ``gongwen --help`` loads no library), and the
parameter types of the command line (dates as data files write them, an output directory).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import click
from click.exceptions import BadOptionUsage, BadParameter, MissingParameter, NoSuchCommand, NoSuchOption

HELP_OPTION = "显示本帮助并退出"
METAVARS = {"text": "文本", "path": "路径", "file": "文件", "directory": "目录", "date": "日期",
            "integer": "整数"}
"""Metavars of option values by type name, shown in help (-o 目录)."""


def width(text: str) -> int:
    """Columns ``text`` takes on a terminal: a Chinese character two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_TOKENS = re.compile(r"[!-~]+|\s+|.")
"""What a line may break between: runs of ASCII (an option, a number), spaces, any other
character (Chinese breaks anywhere)."""


def wrap(text: str, columns: int) -> list[str]:
    """Lines of ``text`` (paragraphs kept; a paragraph opening with \\b kept as written)
    none wider than ``columns`` terminal columns."""
    lines: list[str] = []
    for number, paragraph in enumerate(re.split(r"\n\s*\n", text.strip())):
        if number:
            lines.append("")
        if paragraph.startswith("\b"):
            lines += [line.strip() for line in paragraph[1:].strip("\n").splitlines()]
            continue
        line = ""
        joined = re.sub(r"(?<=[^\x00-\x7f])[ \t]*\n\s*(?=[^\x00-\x7f])", "", paragraph)  # 中文 lines
        for token in _TOKENS.findall(" ".join(joined.split())):
            if line and width(line) + width(token) > columns:
                lines.append(line.rstrip())
                line = "" if token.isspace() else token
            else:
                line += token
        lines.append(line.rstrip())
    return lines


class HelpFormatter(click.HelpFormatter):
    """Help laid out by terminal columns (a Chinese character takes two), headings with a
    full-width colon (选项：)."""

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        for line in wrap(text, max(self.width - self.current_indent, 20)):
            self.write(f"{'':>{self.current_indent}}{line}\n" if line else "\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first = min(max((width(term) for term, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        for term, text in rows:
            self.write(f"{indent}{term}")
            if width(term) <= first - col_spacing:
                self.write(" " * (first - width(term)))
            else:
                self.write(f"\n{indent}{' ' * first}")
            lines = wrap(text, max(self.width - first - self.current_indent, 10)) or [""]
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{indent}{' ' * first}{line}\n")


class Context(click.Context):
    formatter_class = HelpFormatter


class _Chinese:
    """Help of a command or group in Chinese; its usage errors know their command."""

    context_class = Context

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc, no-any-return]
        except click.UsageError as error:  # click's parser raises some without the context
            error.ctx = error.ctx or ctx
            raise

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION
        return option

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="用法：")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [row for param in self.get_params(ctx)  # type: ignore[attr-defined]
                if (row := param.get_help_record(ctx)) is not None and isinstance(param, click.Option)]
        if rows:
            with formatter.section("选项"):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)


class Command(_Chinese, click.Command):
    """A command whose help is Chinese; it takes ``--debug`` too (``gongwen X … --debug``
    as well as ``gongwen --debug X …``: the shell reads it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)
        self.params.append(Option(["--debug"], is_flag=True, expose_value=False, hidden=True))


class Group(_Chinese, click.Group):
    """A group whose help is Chinese, as are its commands and subgroups."""

    command_class = Command
    group_class = type

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        commands = [(name, command) for name in self.list_commands(ctx)
                    if (command := self.get_command(ctx, name)) is not None and not command.hidden]
        if commands:  # each command's first clause (to 。 or ；), whole: the formatter wraps it
            with formatter.section("命令"):
                formatter.write_dl([(name, command.short_help or re.split(r"[。；]", command.help or "")[0])
                                    for name, command in commands])


class Option(click.Option):
    """An option with Chinese help extras (默认、必填) and metavars; ``lazy_help`` computes
    its help only when shown."""

    def __init__(self, *args: Any, lazy_help: Callable[[], str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_help = lazy_help

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        if self.lazy_help is not None:
            self.help = self.lazy_help()
        record = super().get_help_record(ctx)
        if record is None:
            return None
        extra = self.get_help_extra(ctx)
        notes = [f"默认：{extra['default']}"] if "default" in extra else []
        notes += ["必填"] if "required" in extra else []
        text = self.help or ""
        return record[0], f"{text}  [{'；'.join(notes)}]" if notes else text

    def make_metavar(self, ctx: click.Context) -> str:
        if self.metavar is None and not isinstance(self.type, click.Choice):
            return METAVARS.get(self.type.name, self.type.name.upper()) + ("..." if self.nargs != 1 else "")
        return super().make_metavar(ctx)


def option(*names: str, **kwargs: Any) -> Callable[[Any], Any]:
    """``click.option`` with :class:`Option`."""
    return click.option(*names, cls=Option, **kwargs)


class Choice(click.Choice):  # type: ignore[type-arg]
    """One of some values, loaded when first needed (``choices`` may be a function)."""

    def __init__(self, choices: Callable[[], Sequence[str]] | Sequence[str]) -> None:
        self._load = choices if callable(choices) else lambda: tuple(choices)
        self._loaded: tuple[str, ...] | None = None
        super().__init__(())

    @property  # type: ignore[override]
    def choices(self) -> tuple[str, ...]:
        if self._loaded is None:
            self._loaded = tuple(self._load())
        return self._loaded

    @choices.setter
    def choices(self, _: Sequence[str]) -> None:
        """Set by click's constructor; the values come from the loader."""

    def get_invalid_choice_message(self, value: Any, ctx: click.Context | None) -> str:
        return f"“{value}”不是可选的值，可选：{'、'.join(self.choices)}"


class Date(click.ParamType):
    """A date as data files write it: 2026-11-22, 2026年11月22日, 2026.11.22, 2026/11/22."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        from ..models.date_text import parse_date

        try:
            parsed = parse_date(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)
        if not isinstance(parsed, date):
            self.fail(f"“{value}”不是日期，请写成 2026-11-22、2026年11月22日 或 2026.11.22", param, ctx)
        return parsed


class OutputDirectory(click.ParamType):
    """The directory outputs are written into: an existing file is refused; a new name
    with a file suffix (计划.docx) is made a directory, with a warning."""

    name = "directory"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        path = Path(value)
        if path.exists() and not path.is_dir():
            self.fail(f"{path} 是已有的文件：-o 给的是输出目录（不存在时新建），文件名由文档标题而来",
                      param, ctx)
        if not path.exists() and re.fullmatch(r"\.[A-Za-z][A-Za-z0-9]{0,4}", path.suffix):
            click.echo(f"注意：-o {path} 像是文件名，将新建名为“{path.name}”的目录，文件写在其中；"
                       "-o 给的是输出目录，文件名由文档标题而来", err=True)
        return path


def _hint(param: click.Parameter | None, ctx: click.Context | None) -> str:
    """How the command line names a parameter: -o / --output, or DATA."""
    if param is None:
        return "参数"
    if isinstance(param, click.Option):
        return " / ".join(param.opts)
    return (param.name or "").upper()


_CLICK_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Got unexpected extra arguments? \((.*)\)"), r"多余的参数：\1"),
    (re.compile(r"Option '(.*)' requires (?:an argument|(\d+) arguments)\."), r"选项 \1 后面要给出值"),
    (re.compile(r"Option '(.*)' does not take a value\."), r"选项 \1 不带值"),
    (re.compile(r"Missing command\."), "缺少命令"),
    (re.compile(r"(?:File|Directory|Path) '(.*)' is a file\."), r"\1 是文件，这里要给出目录"),
    (re.compile(r"(?:File|Directory|Path) '(.*)' is a directory\."), r"\1 是目录，这里要给出文件"),
    (re.compile(r"(?:File|Directory|Path) '(.*)' does not exist\."), r"\1 不存在"),
    (re.compile(r"Could not open file '(.*)': (.*)"), r"无法打开文件 \1：\2"),
    (re.compile(r"(.*) is not in the range (.*)\."), r"\1 超出允许的范围（\2）"),
    (re.compile(r"'(.*)' is not a valid (?:integer|float)(?: range)?\."), r"“\1”不是数字"),
)
"""click's English messages that carry no parameter to rebuild them from, in Chinese."""


def _translated(message: str) -> str:
    for pattern, chinese in _CLICK_MESSAGES:
        if pattern.search(message):
            return pattern.sub(chinese, message)
    return message


def message_of(error: click.ClickException) -> str:
    """The error click raised, in Chinese."""
    ctx = getattr(error, "ctx", None)
    if isinstance(error, MissingParameter):
        what = "选项" if isinstance(error.param, click.Option) else "参数"
        return f"缺少{what} {_hint(error.param, ctx)}"
    if isinstance(error, NoSuchOption):
        guess = f"；是否想用 {'、'.join(error.possibilities)}？" if error.possibilities else ""
        return f"没有选项 {error.option_name}{guess}"
    if isinstance(error, NoSuchCommand):
        guess = f"；是否想用 {'、'.join(error.possibilities)}？" if error.possibilities else ""
        return f"没有命令“{error.command_name}”{guess}"
    if isinstance(error, BadParameter):
        return f"{_hint(error.param, ctx)} 的值不对：{_translated(error.message)}"
    if isinstance(error, BadOptionUsage):
        return _translated(error.message)
    return _translated(error.format_message())


__all__ = ["Choice", "Command", "Date", "Group", "Option", "OutputDirectory", "message_of", "option"]
