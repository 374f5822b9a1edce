"""Plain text and Markdown sources: the encoding found, then one Line per line."""

from __future__ import annotations

import codecs
import re

from .report import LeftOut
from .source import Line, Source, TableData, refuse

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes, source: str) -> tuple[str, str]:
    """The text of ``data`` and the name of its encoding: UTF-8 (with or without BOM),
    UTF-16 (with BOM, or detected by its zero bytes) or GB18030 (GBK, GB2312)."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), name
            except UnicodeDecodeError:
                message = f"文件以 {name} 标记开头，但内容不是有效的 {name}，文件可能已损坏"
                raise refuse(source, message) from None
    if b"\x00" in data and len(data) % 2 == 0:  # text never holds NUL: UTF-16 without BOM
        even, odd = data[0::2].count(0), data[1::2].count(0)
        codec = "utf-16-le" if odd > even else "utf-16-be"
        try:
            return data.decode(codec), "UTF-16"
        except UnicodeDecodeError:
            pass
    for codec, name in (("utf-8", "UTF-8"), ("gb18030", "GB18030")):
        try:
            return data.decode(codec), name
        except UnicodeDecodeError:
            continue
    raise refuse(
        source, "无法识别文字编码（不是 UTF-8、UTF-16 或 GB18030），请在记事本中另存为 UTF-8 后再导入"
    )


def read_text(data: bytes, name: str, stem: str = "", markdown: bool = False) -> Source:
    """A text (or Markdown) source: one Line per line, form feeds starting new pages."""
    text, encoding = decode(data, name)
    source = Source(name, [], stem=stem)
    if encoding != "UTF-8":
        source.notes.append(f"文字编码为 {encoding}")
    page_break = False
    for number, raw in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        for piece_index, piece in enumerate(raw.split("\f")):
            if piece_index:
                page_break = True
            controls = _CONTROL.findall(piece)
            if controls:
                piece = _CONTROL.sub("", piece)
                codes = "、".join(sorted({f"U+{ord(c):04X}" for c in controls}))
                source.left_out.append(LeftOut(number, codes, "控制字符（无法排版）"))
            if piece.strip():
                source.lines.append(Line(piece, number, page_break=page_break))
                page_break = False
    if markdown:
        source.lines = _markdown(source)
    return source


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_BULLET = re.compile(r"^\s{0,3}[-*+]\s+")
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_MD_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_LINK = re.compile(r"(?<!!)\[([^\]]*)\]\(([^)\s]*)[^)]*\)")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]*)[^)]*\)")


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _markdown(source: Source) -> list[Line]:
    """Markdown structure into Lines: headings, bullets, rules, tables; links keep their text."""
    out: list[Line] = []
    lines = source.lines
    index = 0
    while index < len(lines):
        line = lines[index]
        text = line.text
        if text.lstrip().startswith("|") and index + 1 < len(lines) and _MD_TABLE_SEPARATOR.match(
            lines[index + 1].text
        ):
            rows = [_cells(text)]
            index += 2
            while index < len(lines) and lines[index].text.lstrip().startswith("|"):
                rows.append(_cells(lines[index].text))
                index += 1
            width = max(len(row) for row in rows)
            rows = [row + [""] * (width - len(row)) for row in rows]
            out.append(Line("", line.where, table=TableData(rows, header_rows=1)))
            continue
        index += 1
        if _MD_RULE.match(text):
            out.append(Line(text, line.where, rule=True))
            continue
        heading = _MD_HEADING.match(text)
        if heading:
            line.text, line.heading = heading[2], len(heading[1])
        else:
            line.text = _MD_BULLET.sub("", text).removeprefix("> ")
        for match in _MD_IMAGE.finditer(line.text):
            source.left_out.append(LeftOut(line.where, match[0], "图片（只导入文字）"))
        line.text = _MD_IMAGE.sub("", line.text)
        for match in _MD_LINK.finditer(line.text):
            if match[2]:
                source.left_out.append(LeftOut(line.where, match[2], "链接地址（保留了链接文字）"))
        line.text = _MD_LINK.sub(r"\1", line.text)
        if line.text.strip():
            out.append(line)
    return out
