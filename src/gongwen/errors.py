"""Errors raised by gongwen; their messages are meant for users and written in Chinese.

Every error has a stable ``code`` (``E_DATA``, ``E_TEMPLATE`` …) and ``to_dict()``, the
shape the command line's ``--json`` and the HTTP API print, so other systems can act on
an error without reading its Chinese text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class GongwenError(Exception):
    """Base class of every error gongwen raises on purpose."""

    exit_code = 1
    code = "E_GONGWEN"

    def to_dict(self) -> dict[str, Any]:
        """The error as data: its code and Chinese message (and, for data, each problem)."""
        return {"code": self.code, "message": str(self), "problems": []}


@dataclass
class Problem:
    """One thing wrong with the input: where it is, what is wrong, and how to fix it."""

    message: str
    location: str = ""  # field path ("sections[2].title") or cell ("台账!C7")
    line: int | None = None  # line in a YAML file, when known
    code: str = "E_DATA_INVALID"  # stable, for other systems: E_DATE_INVALID, E_FIELD_UNKNOWN …
    suggestion: str = ""  # the likely fix, when one is known (“title？”)

    def __str__(self) -> str:
        where = self.location
        if self.line is not None:
            where = f"{where}（第 {self.line} 行）" if where else f"第 {self.line} 行"
        return f"{where}：{self.message}" if where else self.message

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "location": self.location, "line": self.line,
                "message": self.message, "suggestion": self.suggestion}


class DataWarning(UserWarning):
    """Something in the input gongwen read around rather than refused (a stray cell far
    from a ledger's data …); the message, in Chinese, names the file and the cell."""


@dataclass
class Caution(Problem):
    """Something produced that needs a look (a record left out, a form over its page): a
    problem that did not stop the output, and the document or file it concerns."""

    code: str = "W_CAUTION"
    source: str = ""

    def __str__(self) -> str:
        return "：".join(part for part in (self.source, super().__str__()) if part)

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "source": self.source}


@dataclass
class DataError(GongwenError):
    """Invalid input data. Carries every problem found, not only the first."""

    source: str
    problems: list[Problem] = field(default_factory=list)
    exit_code = 2
    code = "E_DATA"

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        head = f"数据文件 {self.source} 有 {len(self.problems)} 处错误："
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": str(self), "source": self.source,
                "problems": [p.to_dict() for p in self.problems]}


class TemplateError(GongwenError):
    """A template is missing, malformed or does not fit the data."""

    exit_code = 3
    code = "E_TEMPLATE"


class ConversionError(GongwenError):
    """An external converter (LibreOffice) failed or is missing."""

    exit_code = 4
    code = "E_CONVERTER"


class OutputError(GongwenError):
    """An output file or directory cannot be written (read-only, disk full, in use)."""

    exit_code = 73  # EX_CANTCREAT
    code = "E_OUTPUT"


class InternalError(GongwenError):
    """Something gongwen did not foresee went wrong with one document: reported with the
    document, never as a traceback that stops the others."""

    exit_code = 70  # EX_SOFTWARE
    code = "E_INTERNAL"


def as_gongwen_error(exc: Exception, what: str) -> GongwenError:
    """Any exception met while making ``what`` (a data file, a document) as a GongwenError:
    gongwen's own errors as they are, anything else as an InternalError saying what it was."""
    if isinstance(exc, GongwenError):
        return exc
    if isinstance(exc, MemoryError):
        return InternalError(f"{what}：内存不足，无法生成（数据或模板过大）；请拆分数据后重试")
    if isinstance(exc, RecursionError):
        return InternalError(f"{what}：嵌套过深，无法生成；请减少数据或模板的嵌套层次")
    detail = f"{type(exc).__name__}: {exc}"[:500]
    return InternalError(f"{what}：生成时出现意外错误（{detail}）；请把数据文件、模板和这条信息报告给维护者")


class ClusterError(GongwenError):
    """Documents could not be rendered on a cluster: it cannot be reached, a chunk of jobs
    was lost with its workers, or a job could not be sent."""

    exit_code = 69  # EX_UNAVAILABLE
    code = "E_CLUSTER"


class RelayedError(GongwenError):
    """An error raised on a worker that does not travel as itself: its message, code, exit
    code and problems, as the worker saw them."""

    def __init__(self, message: str, code: str, exit_code: int, problems: list[dict[str, Any]]) -> None:
        super().__init__(message, code, exit_code, problems)
        self.message, self.code, self.exit_code, self.problems = message, code, exit_code, problems

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "problems": list(self.problems)}


class OptionError(DataError):
    """A value given to a library call (on the command line: an option) cannot be used."""

    code = "E_OPTION"

    def __init__(self, option: str, message: str) -> None:
        self.option = option
        """The parameter's name (period, zone, holidays …); the CLI shows it as --period."""
        self.message = message
        super().__init__(option, [Problem(message)])

    def __str__(self) -> str:
        return f"{self.option}：{self.message}"


class HolidaysMissing(DataError):
    """The built-in calendar lacks a year's holidays: a holiday file must be given (in the
    data, or to the call — on the command line with --holidays)."""

    code = "E_HOLIDAYS_MISSING"
