"""How wide text is and how many lines it takes, from the fonts' advance widths.

Chinese characters and full-width punctuation are 1 em in every CJK face (仿宋, 黑体, 楷体
and their stand-ins alike), and so are the characters East Asian text sets full-width
(“ ” — … ·). Latin letters, digits and Latin punctuation are set in Times New Roman;
their widths come from :mod:`.font_widths`, read once from the metric-compatible
Liberation Serif by ``tools/font_widths.py``. Word and LibreOffice add a little space
between Chinese and Latin text (autospace); it is counted too, so estimates err wide.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import cache, lru_cache

from .font_widths import LATIN_RANGES, UNITS_PER_EM

AUTOSPACE = 0.25
"""Space added between Chinese and Latin or digits, in em."""
LINE_HEIGHT = 1.45
"""A single-spaced line, in em of the font size: the CJK faces' ascent + descent
(Noto CJK 1.437 em, the widest of the faces gongwen names or stands in)."""
PIECE_EM = 8.0
"""Text up to this wide (8 Chinese characters) is kept on one line when there is room."""
NAME_SLACK_EM = 0.15
"""A name wider than its line by less than this is left whole: the word processor fits it
(the estimates err wide by a border's width)."""

_OPENING = frozenset("（([{〔【《〈「『“‘")
_CLOSING = frozenset("，。、；：！？）)]}〕】》〉」』”’…—,.;:!?%")
_SEPARATORS = "、，；/ 　;,"
_SPACES = " 　"
_CANDIDATES = re.compile("[、，；　 /;,（]")
_LATIN_RUN = re.compile(r"[!-~\u00a0-\u00ff]+")
_UNITS = re.compile(r"[!-~\u00a0-\u00ff]+|.", re.S)
_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_PLACE = re.compile(
    r"^((?:[^\W\d_]{2,4}?[省市])?[^\W\d_]{1,4}?[区县旗]|[^\W\d_]{2,4}?[省市])([^\W\d_]{2,}.*)$"
)
"""A name led by where it is (上海市长宁区 / 法华镇路第三小学, 长宁区 / 天山初级中学)."""


@cache
def advance(ch: str) -> float:
    """Advance width of one character, in em."""
    code = ord(ch)
    for first, widths in LATIN_RANGES:
        if first <= code < first + len(widths) and unicodedata.east_asian_width(ch) != "A":
            return widths[code - first] / UNITS_PER_EM
    return 0.5 if unicodedata.east_asian_width(ch) == "H" else 1.0


def _is_latin(ch: str) -> bool:
    return ch != " " and advance(ch) < 1.0


@lru_cache(maxsize=1 << 16)
def text_em(text: str, autospace: bool = True) -> float:
    """Width of one line of text in em; ``autospace`` adds the space Word and LibreOffice
    put between Chinese and Latin text (styles may turn it off, as 署名 and 成文日期 do)."""
    width = sum(advance(ch) for ch in text)
    if not autospace:
        return width
    switches = sum(
        1 for a, b in itertools.pairwise(text)
        if " " not in (a, b) and _is_latin(a) != _is_latin(b)
    )
    return width + AUTOSPACE * switches


@lru_cache(maxsize=1 << 14)
def _tokens(line: str) -> tuple[str, ...]:
    """Units a line may break between: a Chinese character, a Latin word or a space,
    closing punctuation held to what precedes it and opening punctuation to what follows."""
    tokens: list[str] = []
    pending = ""
    for token in _UNITS.findall(line):
        if token in _OPENING:
            pending += token
            continue
        token, pending = pending + token, ""
        if tokens and token[0] in _CLOSING and tokens[-1] != " ":
            tokens[-1] += token
        else:
            tokens.append(token)
    if pending:
        tokens.append(pending)
    return tuple(tokens)


@lru_cache(maxsize=1 << 16)
def lines(text: str, width_em: float) -> int:
    """Lines the text takes in a box ``width_em`` wide, wrapping as Word and LibreOffice do:
    between Chinese characters, at spaces, never inside a Latin word that fits a line."""
    width_em = max(width_em, 1.0)
    count = 0
    for line in text.split("\n"):
        count += 1
        used = 0.0
        for token in _tokens(line):
            if token == " ":
                used += advance(" ")
                continue
            width = text_em(token)
            if used + width <= width_em + 1e-6:
                used += width
                continue
            if used > 0:
                count += 1
            while width > width_em + 1e-6:  # a word longer than a line is split
                count += 1
                width -= width_em
            used = width
    return max(count, 1)


def pieces(text: str) -> list[str]:
    """The parts of a text that should not be broken across lines.

    A line up to :data:`PIECE_EM` wide is one piece (a label, a name, a department);
    a longer line gives its segments (see :func:`segments`) up to that width, its dates
    (2024年3月12日) and its Latin words (numbers, times) up to that width.
    """
    found: list[str] = []
    for line in text.split("\n"):
        line = line.strip(" ")  # full-width spaces are room to write in: they count
        if not line.strip(_SPACES):
            continue
        if text_em(line) <= PIECE_EM:
            found.append(line)
            continue
        found += _DATE.findall(line)
        for segment in segments(line):
            body = segment.rstrip(_SPACES)
            if text_em(body.rstrip(_SEPARATORS)) <= PIECE_EM:
                found.append(body.rstrip("/;,"))
            else:
                found += [w for w in _LATIN_RUN.findall(body) if text_em(w) <= PIECE_EM]
                found += [part for part in place_and_name(body) if text_em(part) <= PIECE_EM]
    return found


def place_and_name(text: str) -> tuple[str, ...]:
    """A long name cut after the place that leads it (“长宁区” + “天山初级中学”), where a
    name too wide for its column breaks best; () for other text."""
    match = _PLACE.match(text)
    return match.groups() if match and text_em(text) > PIECE_EM else ()


def min_em(text: str) -> float:
    """Width in em of the widest piece of the text that should stay on one line."""
    return max((text_em(piece) for piece in pieces(text)), default=0.0)


def height_pt(text: str, width_pt: float, size: float) -> float:
    """Height in points of the text's lines at ``size`` points in a box ``width_pt`` wide."""
    return lines(text, width_pt / size) * size * LINE_HEIGHT


LEVELS = ("　", "；;", "，,", "、/", " （")
"""Separators from the strongest to the weakest: a checklist's items are set apart by
full-width spaces and may hold 、 themselves; （ stands for a cut before a bracket."""


def _separates(line: str, index: int, kinds: str = "".join(LEVELS)) -> bool:
    """Whether the character at ``index`` ends a list item: one of ``kinds`` among 、，；
    full-width and plain spaces, or / ; , next to Chinese text (not inside a Latin word
    such as “2024/3/5” or “</w:t>”)."""
    ch = line[index]
    if ch not in kinds:
        return False
    if ch not in "/;,":
        return ch in "、，；　 "
    around = line[max(index - 1, 0) : index] + line[index + 1 : index + 2]
    return any(not _is_latin(c) and c != " " for c in around)


@lru_cache(maxsize=1 << 14)
def segments(line: str, kinds: str = "".join(LEVELS)) -> tuple[str, ...]:
    """A line cut where a list's items end: after separators among ``kinds`` (see
    :func:`_separates`, kept with the item they end) and, when ``kinds`` holds “（”,
    before a full-width opening bracket (“责任单位负责人” + “（签字）”). A cut-off bit
    narrower than two characters (“1080 号”, a lone “日”) and a one-character bracket
    (“学校（园）”) stay with the item before them."""
    cut: list[str] = []
    start = 0
    for match in _CANDIDATES.finditer(line):
        index = match.start()
        if line[index] == "（":
            if "（" in kinds and index > start:
                cut.append(line[start:index])
                start = index
        elif _separates(line, index, kinds) and not (
            index + 1 < len(line) and _separates(line, index + 1, kinds)
        ):
            cut.append(line[start : index + 1])
            start = index + 1
    if start < len(line):
        cut.append(line[start:])
    joined: list[str] = []
    for part in cut:
        small = text_em(part.strip(_SPACES)) < 2 or re.match(r"（.?）", part)
        if joined and small:
            joined[-1] += part
        else:
            joined.append(part)
    return tuple(joined)


def _items(line: str, width_em: float, level: int = 0) -> list[str] | None:
    """A line cut at its strongest separators, an item too wide cut again at weaker ones;
    None when some item cannot be made to fit ``width_em``."""
    if text_em(line.rstrip(_SPACES)) <= width_em:
        return [line]
    for position in range(level, len(LEVELS)):
        parts = segments(line, LEVELS[position])
        if len(parts) > 1:
            items: list[str] = []
            for part in parts:
                found = _items(part, width_em, position + 1)
                if found is None:
                    return None
                items += found
            return items
    return None


def wrap_at_separators(text: str, width_em: float, room: int = 0) -> str:
    """The text with line breaks put between the items of lists (names, departments,
    schools, a form's tick boxes), so that no item is broken across lines.

    A list is a line without sentences (no 。！？) that can be cut into items that each
    fit ``width_em`` — at its strongest separators first (see :data:`LEVELS`). Items set
    apart by full-width spaces (tick boxes) are always broken between; other lists when
    that takes at most one line more than filling every line, or than ``room`` (the lines
    its row has anyway). Other text (prose, long lists of long names) is left to the word
    processor.
    """
    wrapped = []
    for line in text.split("\n"):
        fits = text_em(line) <= width_em
        items = None if fits or any(mark in line for mark in "。！？") else _items(line, width_em)
        if items is None and text_em(line) > width_em + NAME_SLACK_EM:
            parts = place_and_name(line)
            items = list(parts) if parts and all(text_em(part) <= width_em for part in parts) else None
        if items is None:
            wrapped.append(line)
            continue
        current = ""
        for item in items:
            if current and text_em((current + item).rstrip(_SPACES)) > width_em:
                wrapped.append(current.rstrip(_SPACES))
                current = ""
            current += item
        wrapped.append(current.rstrip(_SPACES))
    spaced = "　" in text.strip(_SPACES)
    fits = len(wrapped) <= max(room, lines(text, width_em)) + 1
    return "\n".join(wrapped) if spaced or fits else text
