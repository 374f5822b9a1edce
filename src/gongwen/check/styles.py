"""Effective formatting of paragraphs and runs, resolved the way Word resolves it.

Run properties: document defaults → table style → paragraph style chain (``basedOn``,
root first) → character style chain → direct run properties. Paragraph properties:
defaults → table style → paragraph style chain → direct paragraph properties. Each
attribute of ``w:rFonts``, ``w:ind`` and ``w:spacing`` is resolved on its own, and a
theme-font attribute (``w:eastAsiaTheme``) outranks a named font at the same level.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from ..render.docx.ns import A, W
from ..standard import Twips

OFF = {"0", "false", "off"}

FONT_SLOTS = ("eastAsia", "ascii", "hAnsi")


def w(tag: str) -> str:
    """Clark name of a WordprocessingML tag or attribute."""
    return f"{{{W}}}{tag}"


def val(element: etree._Element | None, name: str = "val") -> str | None:
    """A ``w:`` attribute of an element that may be missing."""
    return None if element is None else element.get(w(name))


def is_on(element: etree._Element | None) -> bool | None:
    """An on/off property: None when absent, else whether it is switched on."""
    if element is None:
        return None
    return val(element) not in OFF


@dataclass(frozen=True)
class Font:
    """A font slot's value: a named font, or a theme font and the typeface it stands for."""

    name: str
    theme: str | None = None

    def __str__(self) -> str:
        return f"{self.theme}（即“{self.name or '主题未定义'}”）" if self.theme else self.name


@dataclass
class RunFormat:
    """The effective character formatting of a run."""

    fonts: dict[str, Font] = field(default_factory=dict)
    size_pt: float | None = None
    spacing_pt: float = 0.0
    color: str | None = None


@dataclass
class ParaFormat:
    """The effective paragraph formatting of a paragraph."""

    style_name: str = ""
    jc: str | None = None
    ind: dict[str, str] = field(default_factory=dict)
    spacing: dict[str, str] = field(default_factory=dict)
    page_break_before: bool = False
    snap_to_grid: bool = True
    outline_level: int | None = None  # 0 for a first-level heading


class StyleSheet:
    """The styles (and theme fonts) of one package, able to resolve effective formatting."""

    def __init__(self, styles: etree._Element | None, theme: etree._Element | None) -> None:
        self._styles: dict[str, etree._Element] = {}
        self._defaults: dict[str, str] = {}
        self._doc_defaults = (None, None)
        if styles is not None:
            for style in styles.iter(w("style")):
                sid = style.get(w("styleId"), "")
                self._styles[sid] = style
                if style.get(w("default")) in ("1", "true", "on"):
                    self._defaults.setdefault(style.get(w("type"), "paragraph"), sid)
            defaults = styles.find(w("docDefaults"))
            if defaults is not None:
                self._doc_defaults = (
                    defaults.find(f"{w('pPrDefault')}/{w('pPr')}"),
                    defaults.find(f"{w('rPrDefault')}/{w('rPr')}"),
                )
        self._theme = _theme_fonts(theme)

    def name(self, style_id: str | None) -> str:
        """The display name of a style (its id when it has none)."""
        style = self._styles.get(style_id or "")
        name = val(style.find(w("name"))) if style is not None else None
        return name or style_id or ""

    def _chain(self, style_id: str | None) -> list[etree._Element]:
        """A style and the styles it is based on, root first."""
        chain: list[etree._Element] = []
        while style_id and style_id in self._styles:
            style = self._styles[style_id]
            if style in chain:
                break
            chain.append(style)
            style_id = val(style.find(w("basedOn")))
        return chain[::-1]

    def paragraph_style(self, paragraph: etree._Element) -> str | None:
        """The paragraph's style id, or the default paragraph style."""
        return val(paragraph.find(f"{w('pPr')}/{w('pStyle')}")) or self._defaults.get("paragraph")

    def _layers(self, paragraph: etree._Element, kind: str) -> Iterator[etree._Element]:
        """``pPr`` or ``rPr`` elements that apply to a paragraph, lowest priority first."""
        default = self._doc_defaults[0 if kind == "pPr" else 1]
        if default is not None:
            yield default
        table = next(paragraph.iterancestors(w("tbl")), None)
        if table is not None:
            yield from _props(self._chain(val(table.find(f"{w('tblPr')}/{w('tblStyle')}"))), kind)
        yield from _props(self._chain(self.paragraph_style(paragraph)), kind)

    def paragraph_format(self, paragraph: etree._Element) -> ParaFormat:
        """Effective paragraph formatting."""
        fmt = ParaFormat(style_name=self.name(self.paragraph_style(paragraph)))
        direct = paragraph.find(w("pPr"))
        for ppr in [*self._layers(paragraph, "pPr"), *([direct] if direct is not None else [])]:
            fmt.jc = val(ppr.find(w("jc"))) or fmt.jc
            outline = val(ppr.find(w("outlineLvl")))
            fmt.outline_level = int(outline) if outline and outline.isdigit() else fmt.outline_level
            fmt.ind.update(_attributes(ppr.find(w("ind"))))
            fmt.spacing.update(_attributes(ppr.find(w("spacing"))))
            for name in ("pageBreakBefore", "snapToGrid"):
                on = is_on(ppr.find(w(name)))
                if on is not None:
                    setattr(fmt, "page_break_before" if name == "pageBreakBefore" else "snap_to_grid", on)
        return fmt

    def run_format(self, paragraph: etree._Element, run: etree._Element) -> RunFormat:
        """Effective formatting of a run in a paragraph."""
        direct = run.find(w("rPr"))
        char_style = val(direct.find(w("rStyle"))) if direct is not None else None
        layers = [
            *self._layers(paragraph, "rPr"),
            *_props(self._chain(char_style or self._defaults.get("character")), "rPr"),
            *([direct] if direct is not None else []),
        ]
        fmt = RunFormat()
        for rpr in layers:
            fonts = rpr.find(w("rFonts"))
            if fonts is not None:
                for slot in FONT_SLOTS:
                    theme, name = fonts.get(w(f"{slot}Theme")), fonts.get(w(slot))
                    if theme:
                        fmt.fonts[slot] = Font(self._theme.get(theme, ""), theme)
                    elif name:
                        fmt.fonts[slot] = Font(name)
            size = val(rpr.find(w("sz")))
            if size and size.replace(".", "", 1).isdigit():
                fmt.size_pt = float(size) / 2
            spacing = val(rpr.find(w("spacing")))
            if spacing and spacing.lstrip("-").isdigit():
                fmt.spacing_pt = Twips(int(spacing)).pt
            fmt.color = val(rpr.find(w("color"))) or fmt.color
        return fmt


def _props(chain: list[etree._Element], kind: str) -> Iterator[etree._Element]:
    for style in chain:
        props = style.find(w(kind))
        if props is not None:
            yield props


def _attributes(element: etree._Element | None) -> dict[str, str]:
    """The ``w:`` attributes of an element by local name."""
    if element is None:
        return {}
    return {etree.QName(k).localname: v for k, v in element.attrib.items() if k.startswith(f"{{{W}}}")}


def _theme_fonts(theme: etree._Element | None) -> dict[str, str]:
    """Theme-font attribute values (``minorEastAsia`` …) → the typeface the theme names."""
    fonts: dict[str, str] = {}
    if theme is None:
        return fonts
    for kind in ("major", "minor"):
        scheme = theme.find(f".//{{{A}}}{kind}Font")
        if scheme is None:
            continue
        latin = scheme.find(f"{{{A}}}latin")
        east_asia = scheme.find(f"{{{A}}}ea")
        hans = scheme.find(f"{{{A}}}font[@script='Hans']")
        ea_name = (east_asia.get("typeface") if east_asia is not None else "") or (
            hans.get("typeface") if hans is not None else ""
        )
        latin_name = latin.get("typeface", "") if latin is not None else ""
        fonts.update({f"{kind}EastAsia": ea_name, f"{kind}Ascii": latin_name, f"{kind}HAnsi": latin_name,
                      f"{kind}Bidi": latin_name})
    return fonts
