"""WordprocessingML's building blocks: text, runs and paragraphs in the template's styles.

Every paragraph names a style of the template (looked up by its display name, the role's
in :data:`gongwen.standard.ROLES`), so a district restyles the output by editing styles in
Word. Text is XML-escaped and stripped of characters XML cannot carry; nothing here knows
the education domain.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from lxml import etree

from ...derive.outline import Run
from ...models.base import clean_text
from ...standard import CHARS_PER_LINE, LINE_PITCH, ROLES, TYPE_WIDTH, Pt, Twips
from ..text.metrics import lines, text_em
from .ns import qn

TYPE_WIDTH_TWIPS = TYPE_WIDTH.twips
"""The type area's width in whole twips, as tables and the 版记 are laid out."""
CHAR_TWIPS = TYPE_WIDTH_TWIPS / CHARS_PER_LINE
"""One character of the body's 28 a line, in twips."""


def xml_text(text: str) -> str:
    """Clean and escape text for a ``w:t`` element (as ``xml.sax.saxutils.escape``, whose
    module would import urllib's HTTP client)."""
    return clean_text(text).replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def text_width(text: str) -> float:
    """Width in em of text set without autospace (署名, 成文日期, 版记 lines)."""
    return text_em(text, autospace=False)


class StyleMap:
    """Style display names → style ids of one template's styles.xml, and the font size
    each style sets."""

    def __init__(self, styles_xml: bytes) -> None:
        root = etree.fromstring(styles_xml)
        self._ids: dict[str, str] = {}
        self._based: dict[str, str] = {}
        self._sizes: dict[str, float] = {}
        val = qn("w:val")
        for style in root.iter(qn("w:style")):
            style_id = style.get(qn("w:styleId"), "")
            name = style.find(qn("w:name"))
            if name is not None:
                self._ids[name.get(val, "")] = style_id
            based = style.find(qn("w:basedOn"))
            if based is not None:
                self._based[style_id] = based.get(val, "")
            size = style.find(f"{qn('w:rPr')}/{qn('w:sz')}")
            if size is not None:
                self._sizes[style_id] = int(size.get(val, "21")) / 2
        default = root.find("/".join(qn(f"w:{tag}") for tag in ("docDefaults", "rPrDefault", "rPr", "sz")))
        self._default_size = int(default.get(val, "21")) / 2 if default is not None else 10.5

    def id_for(self, role: str) -> str | None:
        """The style id for a role, or None when the template lacks that style."""
        return self._ids.get(ROLES[role].style)

    def size(self, role: str) -> float:
        """The font size in points a role's style sets, through the styles it is based on."""
        style_id = self.id_for(role)
        seen: set[str] = set()
        while style_id and style_id not in seen:
            if style_id in self._sizes:
                return self._sizes[style_id]
            seen.add(style_id)
            style_id = self._based.get(style_id)
        return self._default_size


def run(text: str, *, bold: bool = False, style: str | None = None, size: float | None = None) -> str:
    """One ``w:r`` with text; newlines become line breaks; ``size`` in points overrides the style's."""
    props = ""
    if style:
        props += f'<w:rStyle w:val="{style}"/>'
    if bold:
        props += "<w:b/><w:bCs/>"
    if size:
        props += f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    parts = [f'<w:t xml:space="preserve">{xml_text(line)}</w:t>' for line in text.split("\n")]
    return f"<w:r>{rpr}{'<w:br/>'.join(parts)}</w:r>"


def runs(items: Iterable[Run]) -> str:
    """Runs of an outline paragraph, bold where the author wrote ``**bold**``."""
    return "".join(run(item.text, bold=item.bold) for item in items)


def paragraph(
    styles: StyleMap, role: str, content: str, extra_ppr: str = "", keep_next: bool | None = None
) -> str:
    """A ``w:p`` in the style for ``role``; ``extra_ppr`` must follow the schema's order.

    ``keep_next`` True keeps the paragraph on the page of the next one, False overrides a
    style that would, None leaves it to the style.
    """
    style_id = styles.id_for(role)
    pstyle = f'<w:pStyle w:val="{style_id}"/>' if style_id and role != "body" else ""
    if keep_next is not None:
        pstyle += "<w:keepNext/>" if keep_next else '<w:keepNext w:val="0"/>'
    ppr = f"<w:pPr>{pstyle}{extra_ppr}</w:pPr>" if pstyle or extra_ppr else ""
    return f"<w:p>{ppr}{content}</w:p>"


CENTRED = '<w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="center"/>'


def title_height(text: str, width: int, size: float, spacing_lines: int) -> float:
    """Points a title ``width`` twips wide in lines of exactly 28.95 pt takes, with its blank
    lines around it."""
    return (lines(text, Twips(width).pt / size) + spacing_lines) * LINE_PITCH.pt


def twips(widths_pt: Sequence[float], total: int) -> list[int]:
    """Widths in points as whole twips summing exactly to ``total``."""
    result = [Pt(w).twips for w in widths_pt]
    result[-1] += total - sum(result)
    return result


def indent_chars(side: str, chars: float) -> str:
    """An indent on ``side`` of ``chars`` characters of the body."""
    return f'<w:ind w:{side}="{round(chars * CHAR_TWIPS)}" w:{side}Chars="{round(chars * 100)}"/>'
