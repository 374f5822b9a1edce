"""Errors raised by gongwen; their messages are meant for users and written in Chinese."""

from __future__ import annotations

from dataclasses import dataclass, field


class GongwenError(Exception):
    """Base class of every error gongwen raises on purpose."""

    exit_code = 1


@dataclass
class Problem:
    """One thing wrong with the input: where it is and what is wrong."""

    message: str
    location: str = ""  # field path ("sections[2].title") or cell ("台账!C7")
    line: int | None = None  # line in a YAML file, when known

    def __str__(self) -> str:
        where = self.location
        if self.line is not None:
            where = f"{where}（第 {self.line} 行）" if where else f"第 {self.line} 行"
        return f"{where}：{self.message}" if where else self.message


@dataclass
class DataError(GongwenError):
    """Invalid input data. Carries every problem found, not only the first."""

    source: str
    problems: list[Problem] = field(default_factory=list)
    exit_code = 2

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        head = f"数据文件 {self.source} 有 {len(self.problems)} 处错误："
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


class TemplateError(GongwenError):
    """A template is missing, malformed or does not fit the data."""

    exit_code = 3


class ConversionError(GongwenError):
    """An external converter (LibreOffice) failed or is missing."""

    exit_code = 4


class OutputError(GongwenError):
    """An output file or directory cannot be written (read-only, disk full, in use)."""

    exit_code = 73  # EX_CANTCREAT
