"""GB/T 9704-2012《党政机关公文格式》 as gongwen lays it out, declared once.

The page and its type area (版心), the grid of 22 lines × 28 characters, the rules and the
page number; the typographic **roles** — each part of a 公文 (title, body, headings,
signature, 版记 …) with the Word style that carries it, its font, its size and the clause
of the standard; the official fonts with their other names and the free fonts that may
stand in for them; and :class:`Length`, the one value type for millimetres, points,
twips and EMU. Where the standard leaves a choice open (the line pitch, the size of the
red header, tables, the seal …) gongwen's choice is declared here too, and says so.

The .docx writer (:mod:`gongwen.render.docx`), the PDF fonts
(:mod:`gongwen.render.pdf.fonts`), the checker (:mod:`gongwen.check`) and the built-in
templates (``tools/build_templates.py``) all read their numbers, style names, fonts and
clauses from here.
"""

from __future__ import annotations

from dataclasses import dataclass

STANDARD = "GB/T 9704-2012"


# -- lengths -----------------------------------------------------------------------------
class Length(float):
    """A length in EMU (English Metric Units: 36 000 a millimetre, 12 700 a point, 635 a
    twip), as python-docx's ``Length`` — but a float, so that a computed length stays exact
    until it is written: the whole units (``twips``, ``emu``, ``px``, ``half_points``,
    ``eighths``) are rounded, ``mm`` and ``pt`` are not. Build one with :class:`Mm`,
    :class:`Pt` or :class:`Twips` (``Length(n)`` is n EMU); sums, differences and multiples of lengths
    are lengths."""

    def __new__(cls, emu: float) -> Length:
        return float.__new__(cls, emu)

    @property
    def mm(self) -> float:
        return self / 36000

    @property
    def pt(self) -> float:
        return self / 12700

    @property
    def twips(self) -> int:
        """Whole twips (a twentieth of a point): WordprocessingML's page and paragraph unit."""
        return round(self / 635)

    @property
    def emu(self) -> int:
        """Whole EMU: DrawingML's unit (pictures, text boxes, charts)."""
        return round(self)

    @property
    def half_points(self) -> int:
        """Whole half-points: WordprocessingML's font sizes (``w:sz``)."""
        return round(self / 6350)

    @property
    def eighths(self) -> int:
        """Whole eighths of a point: WordprocessingML's border widths (``w:sz`` of a border)."""
        return round(self / 1587.5)

    @property
    def px(self) -> int:
        """Whole pixels at 96 to the inch, as spreadsheets place pictures."""
        return round(self / 9525)

    def __add__(self, other: float) -> Length:
        return Length(float(self) + other)

    __radd__ = __add__

    def __sub__(self, other: float) -> Length:
        return Length(float(self) - other)

    def __mul__(self, factor: float) -> Length:
        return Length(float(self) * factor)

    __rmul__ = __mul__

    def __repr__(self) -> str:
        return f"Length({self.mm:g} mm = {self.pt:g} pt)"


class Mm(Length):
    """A length given in millimetres."""

    def __new__(cls, mm: float) -> Mm:
        return float.__new__(cls, mm * 36000)


class Pt(Length):
    """A length given in points (72 an inch)."""

    def __new__(cls, pt: float) -> Pt:
        return float.__new__(cls, pt * 12700)


class Twips(Length):
    """A length given in twips (1440 an inch)."""

    def __new__(cls, twips: float) -> Twips:
        return float.__new__(cls, twips * 635)


# -- sizes (字号) --------------------------------------------------------------------------
SIZES: dict[str, float] = {
    "初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18, "三号": 16,
    "小三": 15, "四号": 14, "小四": 12, "五号": 10.5, "小五": 9,
}
"""The Chinese type sizes in points (3号 = 16 pt)."""


def size_name(points: float) -> str:
    """A size in points as a message says it: “16 磅（三号）”, or “13 磅” when it has no name."""
    name = next((name for name, pt in SIZES.items() if pt == points), None)
    return f"{points:g} 磅（{name}）" if name else f"{points:g} 磅"


# -- the page (§5) -------------------------------------------------------------------------
PAPERS: dict[str, tuple[Length, Length]] = {
    "A4": (Mm(210), Mm(297)),
    "A3": (Mm(297), Mm(420)),
    "B5": (Mm(182), Mm(257)),
    "Letter": (Mm(215.9), Mm(279.4)),
    "Legal": (Mm(215.9), Mm(355.6)),
}
"""Paper sizes (width, height, portrait) by name. A 公文 is printed on A4 (§5.1); forms may
take A3; the others are named when a document is set on the wrong paper."""
A4 = PAPERS["A4"]
MARGINS: dict[str, Length] = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
"""Page margins (§5.2.1: 天头 37 mm, 订口 28 mm; the others follow from the type area)."""
TYPE_WIDTH, TYPE_HEIGHT = Mm(156), Mm(225)
"""The type area (版心), 156 × 225 mm (§5.2.1)."""
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
"""22 lines a page, 28 characters a line (§5.2.3)."""
INDENT_CHARS = 2
"""Each paragraph of the body starts two characters in (§7.3.3 每个自然段左空二字)."""
LINE_PITCH = Twips(579)
"""The line pitch, 28.95 pt: 225 mm / 22 in whole twips, rounded down so that 22 lines fit
(gongwen's choice, through exact line spacing; the section's grid records it)."""
CHAR_SPACING = Pt(-0.25)
"""3号 characters condensed by ¼ pt, a 15.75 pt pitch: 28 characters fill the 156 mm line
(gongwen's choice; a character grid does the same in Word but not in LibreOffice)."""

RED = "FF0000"
"""The red of the red header and its rule (§5.2.4, §7.2.4, §7.2.7)."""
RED_HEADER_TOP = Mm(35)
"""The red header's top edge lies 35 mm below the top of the type area (§7.2.4)."""
RED_RULE = Pt(1.5)
"""Thickness of the red rule under the 发文字号 (gongwen's choice)."""
RED_RULE_GAP = Mm(4)
"""The red rule lies 4 mm below the 发文字号, as wide as the type area (§7.2.7)."""
IMPRINT_RULES = (Mm(0.35), Mm(0.25))
"""The 版记's rules: first and last 0.35 mm, those between 0.25 mm, type-area wide (§7.4.1)."""
FOLIO_DROP = Mm(7)
"""The page number's em dashes lie 7 mm below the type area (§7.5)."""
FOLIO_LINE = Pt(16)
"""Height of the page number's line (exactly 16 pt, gongwen's choice): with
:data:`FOLIO_DROP` it places the footer."""
FOOTER_DISTANCE = MARGINS["bottom"] - FOLIO_DROP - FOLIO_LINE
"""From the bottom edge of the page to the bottom of the footer's line."""
SEAL_DIAMETER = Mm(42)
"""The seal pressed over the signature and date: a 42 mm round official seal."""

TABLE_RULE = Pt(0.5)
"""Rules of a table in the body (gongwen's choice)."""
FORM_RULE = Pt(1)
"""Rules of a form (表格类文书), drawn heavier for handwriting (gongwen's choice)."""
TABLE_CELL_MARGINS = (Twips(57), Twips(85))
"""Top and bottom, left and right margins of a table's cells: 1 mm and 1.5 mm, in whole
twips (gongwen's choice)."""
FORM_MARGIN = Mm(20)
"""Margins of a form's own page, all round (gongwen's choice)."""


# -- fonts -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Typeface:
    """A font a 公文 is set in: the name documents give, the other names it goes by
    (PostScript and Windows names), the free fonts accepted in its place on a machine
    without it (best first; each prints its characters within 5 % of the body stand-in's
    size), and how to recognise its family in any font name."""

    name: str
    label: str  # how a message names the family
    aliases: tuple[str, ...] = ()
    stand_ins: tuple[str, ...] = ()
    tokens: tuple[str, ...] = ()  # a font of the family has one of these in its name (casefolded)

    def matches(self, font: str) -> bool:
        """Whether a font name belongs to this family (仿宋 matches 仿宋_GB2312 and FangSong)."""
        return any(token in font.casefold() for token in self.tokens)


XIAOBIAOSONG = Typeface(
    "方正小标宋简体", "小标宋体（方正小标宋简体等）",
    ("方正小标宋_GBK", "小标宋", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05", "FZXBSJW--GB1-0",
     "FZXBSK--GBK1-0"),
    ("Noto Serif CJK SC", "Source Han Serif SC"),  # in their Bold weight
    ("小标宋", "xiaobiaosong", "中宋", "zhongsong"),
)
FANGSONG = Typeface(
    "仿宋_GB2312", "仿宋（仿宋_GB2312、仿宋、FangSong）", ("FangSong_GB2312", "仿宋", "FangSong"),
    ("Noto Serif CJK SC", "Source Han Serif SC"), ("仿宋", "fangsong"),
)
HEITI = Typeface(
    "黑体", "黑体（黑体、SimHei）", ("SimHei",), ("Noto Sans CJK SC", "Source Han Sans SC"),
    ("黑体", "simhei", "heiti"),
)
KAITI = Typeface(
    "楷体_GB2312", "楷体（楷体_GB2312、楷体、KaiTi）", ("KaiTi_GB2312", "楷体", "KaiTi"),
    ("LXGW WenKai",), ("楷体", "kaiti"),
)
SONGTI = Typeface(
    "宋体", "宋体（宋体、SimSun）", ("SimSun",), ("Noto Serif CJK SC", "Source Han Serif SC"),
    ("宋体", "simsun", "songti"),
)
TIMES = Typeface(
    "Times New Roman", "Times New Roman", (), ("Liberation Serif", "Tinos", "Noto Serif CJK SC"),
    ("times",),
)
"""Latin letters and digits in every role; Liberation Serif and Tinos have its metrics."""

TYPEFACES: dict[str, Typeface] = {
    face.name: face for face in (XIAOBIAOSONG, FANGSONG, HEITI, KAITI, SONGTI, TIMES)
}
"""The official fonts by the name documents give them."""

ACCEPTED_FONTS: dict[str, tuple[str, ...]] = {
    face.name: tuple(dict.fromkeys([*face.aliases, *face.stand_ins])) for face in TYPEFACES.values()
}
"""The fonts a 公文 may be printed in: each official font, the other names it goes by, and the
free fonts gongwen's fontconfig lets stand in for it. ``gongwen check`` accepts exactly these
in a PDF."""


# -- roles ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Role:
    """One typographic part of a 公文: the Word style (display name) that carries it, its
    name in Chinese, its font and size, how it is aligned, and the clause that sets it
    (None where the standard leaves it open and the part is gongwen's choice). No role is
    bold: bold is the author's, for words of the text."""

    style: str
    label: str
    font: Typeface | None = None
    size: float | None = None  # points
    clause: str | None = None
    align: str | None = None  # WordprocessingML's w:jc: both, center, left, right


_BODY = "§7.3.3 正文"
_ATTACHMENT = "§7.3.7 附件"
ROLES: dict[str, Role] = {
    "body": Role("Normal", "正文", FANGSONG, 16, _BODY, "both"),
    "red-header": Role("发文机关标志", "发文机关标志", XIAOBIAOSONG, 36, "§7.2.4 发文机关标志", "center"),
    "doc-number": Role("发文字号", "发文字号", FANGSONG, 16, "§7.2.5 发文字号", "center"),
    "signer": Role("发文字号", "签发人姓名", KAITI, 16, "§7.2.6 签发人"),
    "title": Role("Title", "标题", XIAOBIAOSONG, 22, "§7.3.1 标题", "center"),
    "subtitle": Role("副标题", "副标题", KAITI, 16, None, "center"),
    "recipients": Role("主送机关", "主送机关", FANGSONG, 16, "§7.3.2 主送机关"),
    "heading1": Role("一级标题", "一级标题（一、）", HEITI, 16, _BODY),
    "heading2": Role("二级标题", "二级标题（（一））", KAITI, 16, _BODY),
    "heading3": Role("三级标题", "三级标题（1.）", FANGSONG, 16, _BODY),
    "heading4": Role("四级标题", "四级标题（（1））", FANGSONG, 16, _BODY),
    "heading1-run": Role("一级标题字符", "一级标题（一、）", HEITI, 16, _BODY),
    "heading2-run": Role("二级标题字符", "二级标题（（一））", KAITI, 16, _BODY),
    "heading3-run": Role("三级标题字符", "三级标题（1.）", FANGSONG, 16, _BODY),
    "heading4-run": Role("四级标题字符", "四级标题（（1））", FANGSONG, 16, _BODY),
    "table-title": Role("表题", "表题", HEITI, 16, None, "center"),
    "table-head": Role("表头", "表头", HEITI, 14, None, "center"),
    "table-text": Role("表格文字", "表格文字", FANGSONG, 14, None, "left"),
    "table": Role("公文表格", "公文表格"),
    "attachment-note": Role("附件说明", "附件说明", FANGSONG, 16, "§7.3.4 附件说明"),
    "signature": Role("署名", "发文机关署名", FANGSONG, 16, "§7.3.5 发文机关署名", "right"),
    "date": Role("成文日期", "成文日期", FANGSONG, 16, "§7.3.5 成文日期", "right"),
    "note": Role("附注", "附注", FANGSONG, 16, "§7.3.6 附注"),
    "attachment-label": Role("附件标识", "附件标识", HEITI, 16, _ATTACHMENT, "left"),
    "attachment-title": Role("附件标题", "附件标题", XIAOBIAOSONG, 22, _ATTACHMENT, "center"),
    "imprint": Role("版记", "版记", FANGSONG, 14, "§7.4 版记", "left"),
    "imprint-table": Role("版记表格", "版记表格", clause="§7.4.1 版记中的分隔线"),
    "footer": Role("footer", "页码", SONGTI, 14, "§7.5 页码"),
}
"""Every part of a 公文 gongwen writes, by role. Headings 1–4 number 一、（一）1.（1）; a
``-run`` role is a heading's character style where it leads a body paragraph. The 三级标题
is not bold (gongwen's choice), nor is any other role; tables and the subtitle are gongwen's
choices too."""

CLAUSES: dict[str, str] = {
    "paper": "§5.1 幅面尺寸",
    "margins": "§5.2.1 页边与版心尺寸",
    "fonts": "§5.2.2 字体和字号",
    "grid": "§5.2.3 行数和字数",
    "cc": "§7.4.2 抄送机关",
    "printed": "§7.4.3 印发机关和印发日期",
}
"""The clauses of the page and the 版记's lines, which no single role carries."""


def cite(clause: str) -> str:
    """A clause as findings cite it: “GB/T 9704-2012 §7.3.1 标题”."""
    return f"{STANDARD} {clause}"
