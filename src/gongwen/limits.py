"""How much gongwen reads, builds and writes: each limit has a default and an environment
variable to raise it, and the checks that files given to gongwen are what they claim.

A file from a stranger is read only when it is a regular file (not a FIFO, a device or a
directory, which would hang or never end); a zip package (.xlsx, .docx) only when no part
would unpack beyond its limit or at a ratio only a zip bomb has.
"""

from __future__ import annotations

import os
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Limit:
    """A limit: its environment variable, default and unit (Chinese, for messages)."""

    variable: str
    default: int
    unit: str

    def __call__(self) -> int:
        """The limit in force: the environment variable's value, or the default."""
        value = os.environ.get(self.variable, "").strip().replace("_", "")
        if not value:
            return self.default
        try:
            number = int(value)
        except ValueError:
            number = 0
        if number <= 0:
            raise ValueError(f"环境变量 {self.variable} 应为正整数（{self.unit}），而不是“{value}”")
        return number

    def exceeded(self, what: str, value: int | None = None) -> str:
        """“<what>超过 N <unit>（可用环境变量 X 调高）” for a message."""
        found = f"（{value:,} {self.unit}）" if value is not None else ""
        return f"{what}{found}超过上限 {self():,} {self.unit}（可设置环境变量 {self.variable} 调高）"


TEMPLATE_TEXT = Limit("GONGWEN_MAX_TEXT", 10_000_000, "个字符")
"""Longest text or list one template expression may build (join, replace, ~, *, format …)."""
TEMPLATE_OUTPUT = Limit("GONGWEN_MAX_OUTPUT", 100_000_000, "个字符")
"""Most characters one template render may produce."""
DATA_VALUES = Limit("GONGWEN_MAX_DATA_VALUES", 2_000_000, "个值")
"""Most values a YAML data file may expand to through its aliases (&anchor / *alias)."""
DATA_TEXT = Limit("GONGWEN_MAX_DATA_TEXT", 50_000_000, "个字符")
"""Most characters of text a YAML data file may expand to through its aliases."""
INPUT_BYTES = Limit("GONGWEN_MAX_INPUT_MB", 100, "MB")
"""Largest data file, and largest part of an .xlsx/.docx once unpacked (sheet, shared strings,
document.xml), in MB."""
ZIP_RATIO = Limit("GONGWEN_MAX_ZIP_RATIO", 200, "倍")
"""Largest unpacked/packed size ratio of a part over 1 MB in an .xlsx/.docx (a zip bomb's is
in the thousands; real sheets and documents stay under 100)."""
LEDGER_CELLS = Limit("GONGWEN_MAX_LEDGER_CELLS", 2_000_000, "个单元格")
"""Most cells of one ledger sheet read (its used range: rows × columns holding real data)."""
OUTPUT_BYTES = Limit("GONGWEN_MAX_FILE_MB", 512, "MB")
"""Largest file gongwen writes, in MB."""

MB = 1 << 20


def regular_file(path: Path) -> str | None:
    """Why ``path`` cannot be read as a file (in Chinese), or None for a regular file.

    Symlinks are followed: a link to a regular file is one; a FIFO, a device, a socket or a
    directory is refused before it is opened (reading a FIFO would wait forever)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "文件不存在"
    except OSError as exc:
        return f"无法读取：{exc.strerror or exc}"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "这是一个目录，不是文件"
    if stat.S_ISFIFO(mode):
        return "这是一个管道（FIFO），不是普通文件"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "这是一个设备，不是普通文件"
    return "不是普通文件"


def file_too_large(path: Path) -> str | None:
    """Why a regular file is too large to read whole (in Chinese), or None."""
    size = path.stat().st_size
    if size > INPUT_BYTES() * MB:
        return INPUT_BYTES.exceeded("文件大小", size // MB)
    return None


def package_problem(package: zipfile.ZipFile, parts: tuple[str, ...] = ()) -> str | None:
    """Why a zip package must not be unpacked (in Chinese), or None: a part (every one, or
    those whose names start with one of ``parts``) unpacks beyond INPUT_BYTES, or at a ratio
    beyond ZIP_RATIO. Read from the zip's directory, nothing unpacked."""
    most, ratio = INPUT_BYTES() * MB, ZIP_RATIO()
    for info in package.infolist():
        if parts and not info.filename.startswith(parts):
            continue
        if info.file_size > most:
            return INPUT_BYTES.exceeded(f"其中的 {info.filename} 解压后", info.file_size // MB)
        if info.file_size > MB and info.file_size > ratio * max(info.compress_size, 1):
            found = info.file_size // max(info.compress_size, 1)
            return (f"其中的 {info.filename} 压缩比异常（{found:,} 倍，上限 {ratio} 倍），"
                    f"疑似压缩炸弹（可设置环境变量 {ZIP_RATIO.variable} 调高）")
    return None


ENCRYPTED = "文件已加密，请在 Excel 中另存为不加密的文件"
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def office_container(path: Path) -> str | None:
    """For an OLE compound file (what Office writes for a password-protected file, and the
    old .xls/.doc formats): why it cannot be read, in Chinese; None for any other file."""
    marker = "EncryptedPackage".encode("utf-16-le")
    with open(path, "rb") as fh:
        if fh.read(8) != _CFB_MAGIC:
            return None
        tail = b""
        while chunk := fh.read(1 << 20):
            if marker in tail + chunk:
                return ENCRYPTED
            tail = chunk[-len(marker):]
    return "这是旧版 Office 文件（.xls/.doc），请在 Office 中另存为 .xlsx/.docx"
