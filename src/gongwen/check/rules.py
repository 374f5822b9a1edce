"""The checks: one small function per rule of GB/T 9704-2012, each yielding findings."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml import etree

from ..render.docx.ns import qn
from ..standard import (
    A4,
    CHARS_PER_LINE,
    CLAUSES,
    INDENT_CHARS,
    LINE_PITCH,
    LINES_PER_PAGE,
    MARGINS,
    PAPERS,
    ROLES,
    TYPE_HEIGHT,
    TYPE_WIDTH,
    Pt,
    Twips,
    Typeface,
    cite,
    size_name,
)
from .document import (
    DATE,
    DOC_NUMBER,
    HAS_CJK,
    Document,
    Paragraph,
    Section,
    heading_span,
)
from .findings import ERROR, WARNING, Finding
from .styles import val, w

A4_MM = tuple(length.mm for length in A4)
PAPERS_MM = {tuple(length.mm for length in size): name for name, size in PAPERS.items() if name != "A4"}
SIDES = {"top": "上", "bottom": "下", "left": "左", "right": "右"}
TOLERANCE_MM = 0.5
LINE_HEIGHT = 1.3  # a single-spaced line of a Chinese font, in multiples of its size


@dataclass(frozen=True)
class Expect:
    """What the text of one role must be set in."""

    what: str
    family: Typeface
    size_pt: float
    clause: str


def _expect(role: str) -> Expect:
    part = ROLES[role]
    return Expect(part.label, part.font, part.size, cite(part.clause))


BODY = cite(ROLES["body"].clause)
TITLE = cite(ROLES["title"].clause)
EXPECT: dict[str, Expect] = {
    role.replace("-", "_"): _expect(role)
    for role in ("title", "recipients", "body", "heading1", "heading2", "heading3", "heading4",
                 "attachment-note", "signature", "date", "attachment-label", "imprint")
}
"""Font family and size by role (GB/T 9704-2012 §5.2.2, §7.3, §7.4), by the checker's role names."""

INDENTED_ROLES = ("body", "heading")


def _mm(twips: str | None) -> float:
    return Twips(abs(float(twips or 0))).mm


def _portrait_a4(section: Section) -> bool:
    size = section.element.find(w("pgSz"))
    width, height = _mm(val(size, "w")), _mm(val(size, "h"))
    return abs(width - A4_MM[0]) <= TOLERANCE_MM and abs(height - A4_MM[1]) <= TOLERANCE_MM


def _section_where(doc: Document, section: Section) -> str:
    return "页面设置" if len(doc.sections) == 1 else f"第{section.number}节页面设置"


def _same_paper(a: tuple[float, ...], b: tuple[float, float]) -> bool:
    return all(abs(x - y) <= TOLERANCE_MM for x, y in zip(a, b, strict=True))


# -- page ------------------------------------------------------------------------
def paper_size(doc: Document) -> Iterator[Finding]:
    """A4 paper, portrait or (for wide tables) landscape (§5.1)."""
    for section in doc.sections:
        size = section.element.find(w("pgSz"))
        dims = tuple(sorted((_mm(val(size, "w")), _mm(val(size, "h")))))
        if _same_paper(dims, A4_MM):
            continue
        known = next((name for mm, name in PAPERS_MM.items() if _same_paper(dims, mm)), "")
        label = f"{known}，" if known else ""
        yield Finding(ERROR, cite(CLAUSES["paper"]),
                      f"纸张为 {dims[0]:.1f}×{dims[1]:.1f} mm（{label}不是 A4），"
                      f"应为 A4（{A4_MM[0]:g}×{A4_MM[1]:g} mm）", _section_where(doc, section))


def margins(doc: Document) -> Iterator[Finding]:
    """Margins 37/35/28/26 mm, i.e. a 156 × 225 mm type area (§5.2.1)."""
    for section in filter(_portrait_a4, doc.sections):
        mar = section.element.find(w("pgMar"))
        gutter = _mm(val(mar, "gutter"))
        actual = {side: _mm(val(mar, side)) + (gutter if side == "left" else 0) for side in SIDES}
        wrong = [side for side in SIDES if abs(actual[side] - MARGINS[side].mm) > TOLERANCE_MM]
        if wrong:
            got = "、".join(f"{SIDES[s]} {actual[s]:.1f} mm" for s in wrong)
            want = "、".join(f"{SIDES[s]} {MARGINS[s].mm:g} mm" for s in wrong)
            yield Finding(ERROR, cite(CLAUSES["margins"]),
                          f"页边距为 {got}，应为 {want}（版心 {TYPE_WIDTH.mm:g}×{TYPE_HEIGHT.mm:g} mm）",
                          _section_where(doc, section))


def _body_sample(doc: Document) -> Paragraph | None:
    """The first body paragraph with text: its formatting decides lines and characters."""
    return next((p for p in doc.paragraphs if p.role == "body" and p.runs), None)


def _type_area(section: Section) -> tuple[float, float]:
    """Width and height of the type area in twips."""
    size, mar = section.element.find(w("pgSz")), section.element.find(w("pgMar"))

    def minus(length: str, sides: tuple[str, ...]) -> float:
        return float(val(size, length) or 0) - sum(abs(float(val(mar, s) or 0)) for s in sides)

    return minus("w", ("left", "right", "gutter")), minus("h", ("top", "bottom"))


def _grid(section: Section) -> tuple[str, etree._Element | None]:
    grid = section.element.find(w("docGrid"))
    return val(grid, "type") or "default", grid


def lines_per_page(doc: Document) -> Iterator[Finding]:
    """22 lines a page: a line grid or exact line spacing of 225 mm / 22 (§5.2.3)."""
    sample = _body_sample(doc)
    if sample is None:
        return
    size = sample.runs[0].fmt.size_pt or 10
    spacing = sample.fmt.spacing
    rule, line = spacing.get("lineRule", "auto"), float(spacing.get("line", 240))
    for section in filter(_portrait_a4, doc.sections):
        kind, grid = _grid(section)
        pitch = float(val(grid, "linePitch") or 0)
        natural = Pt(size).twips * LINE_HEIGHT
        if rule == "exact":
            height = line
        elif kind != "default" and pitch and sample.fmt.snap_to_grid:
            cells = math.ceil(max(natural, line if rule == "atLeast" else 0) / pitch - 0.01)
            height = cells * pitch * (line / 240 if rule == "auto" else 1)
        else:
            height = max(natural, line) if rule == "atLeast" else natural * line / 240
        lines = math.floor(_type_area(section)[1] / height + 0.05)
        if lines != LINES_PER_PAGE:
            yield Finding(ERROR, cite(CLAUSES["grid"]),
                          f"每面约排 {lines} 行（正文行距 {Twips(height).pt:.2f} 磅），"
                          f"应为 {LINES_PER_PAGE} 行（文档网格或固定行距 {LINE_PITCH.pt:g} 磅）",
                          _section_where(doc, section))


def chars_per_line(doc: Document) -> Iterator[Finding]:
    """28 characters a line: a character grid, or 3号 condensed to a 15.75 pt pitch (§5.2.3)."""
    sample = _body_sample(doc)
    if sample is None:
        return
    fmt = sample.runs[0].fmt
    size = fmt.size_pt or 10
    for section in filter(_portrait_a4, doc.sections):
        kind, grid = _grid(section)
        if kind in ("linesAndChars", "snapToChars"):
            pitch = size + float(val(grid, "charSpace") or 0) / 4096
            how = f"文档网格字符跨度 {pitch:.2f} 磅"
        else:
            pitch = size + fmt.spacing_pt
            how = f"正文字号 {size:g} 磅、字符间距 {fmt.spacing_pt:+g} 磅"
        chars = math.floor(Twips(_type_area(section)[0]).pt / pitch + 0.05)
        if chars != CHARS_PER_LINE:
            yield Finding(ERROR, cite(CLAUSES["grid"]),
                          f"每行约排 {chars} 字（{how}），应为 {CHARS_PER_LINE} 字",
                          _section_where(doc, section))


# -- fonts -----------------------------------------------------------------------
def _expectations(p: Paragraph) -> Iterator[tuple[int, Expect]]:
    """For each run of a paragraph: its index and what it must be set in."""
    if p.role == "heading":
        span, heading = heading_span(p.text), EXPECT[f"heading{p.level}"]
    elif p.role in EXPECT:
        span, heading = 0, EXPECT[p.role]
    else:
        return
    start = 0
    for index, run in enumerate(p.runs):
        yield index, heading if start < span or not span else EXPECT["body"]
        start += len(run.text)


def fonts_and_sizes(doc: Document) -> Iterator[Finding]:
    """Title 2号小标宋, body 3号仿宋, headings 黑体/楷体/仿宋 by level, 版记 4号 (§7.3, §7.4)."""
    for p in doc.paragraphs:
        for index, expect in _expectations(p):
            run = p.runs[index]
            if not run.text.strip():
                continue
            font = run.fmt.fonts.get("eastAsia")
            if HAS_CJK.search(run.text) and font and not font.theme and not expect.family.matches(font.name):
                message = f"{expect.what}字体为“{font.name}”，应为{expect.family.label}"
                yield Finding(ERROR, expect.clause, message, p.where, p.number)
            size = run.fmt.size_pt or 10
            if abs(size - expect.size_pt) > 0.25:
                yield Finding(ERROR, expect.clause,
                              f"{expect.what}字号为 {size_name(size)}，应为 {size_name(expect.size_pt)}",
                              p.where, p.number)


def title_alignment(doc: Document) -> Iterator[Finding]:
    """The title is centred (§7.3.1)."""
    for p in doc.top_paragraphs():
        if p.role == "title" and p.fmt.jc != "center":
            yield Finding(ERROR, TITLE, f"标题未居中（对齐方式为 {p.fmt.jc or 'left'}）", p.where, p.number)


def theme_fonts(doc: Document) -> Iterator[Finding]:
    """Fonts are named, not taken from the theme (which follows the reader's language settings)."""
    slots = (
        ("eastAsia", HAS_CJK, ERROR, "中文"),
        ("ascii", re.compile("[A-Za-z0-9]"), WARNING, "西文和数字"),
    )
    for p in doc.paragraphs:
        for run in p.runs:
            for slot, chars, severity, what in slots:
                font = run.fmt.fonts.get(slot)
                if font and font.theme and chars.search(run.text):
                    message = f"{what}使用主题字体 {font}，实际字体随主题和系统语言而变，应直接指定字体名"
                    yield Finding(severity, cite(CLAUSES["fonts"]), message, p.where, p.number)


# -- paragraphs ------------------------------------------------------------------
LEADING_SPACE = {"\u3000": 1.0, " ": 0.5, "\u00a0": 0.5, "\t": 2.0}


def _first_line_chars(p: Paragraph) -> float:
    """Where a paragraph's first line starts, in characters of its text."""
    fmt = p.runs[0].fmt
    unit = Pt((fmt.size_pt or 10) + fmt.spacing_pt).twips

    def chars(name: str) -> float:
        if f"{name}Chars" in p.fmt.ind:
            return float(p.fmt.ind[f"{name}Chars"]) / 100
        return float(p.fmt.ind.get(name, 0)) / unit

    left = chars("left") or chars("start")
    first = -chars("hanging") if chars("hanging") else chars("firstLine")
    text = p.text
    lead = sum(LEADING_SPACE[c] for c in text[: len(text) - len(text.lstrip("".join(LEADING_SPACE)))])
    return left + first + lead


def first_line_indent(doc: Document) -> Iterator[Finding]:
    """Each paragraph of the body starts two characters in (§7.3.3)."""
    for p in doc.top_paragraphs():
        if p.role in INDENTED_ROLES and p.runs and p.fmt.jc not in ("center", "right", "end"):
            indent = _first_line_chars(p)
            if abs(indent - INDENT_CHARS) > 0.5:
                yield Finding(ERROR, BODY, f"段落首行缩进 {indent:.1f} 字，应左空二字", p.where, p.number)


# -- dates and numbers -------------------------------------------------------------
FULL_WIDTH_DIGITS = re.compile("[０-９]")
CHINESE_NUMERALS = re.compile("[〇○零一二三四五六七八九十廿卅]")
NUMBER_RULES: tuple[tuple[str, Callable[[re.Match[str]], bool], str], ...] = (
    ("date", lambda m: bool(CHINESE_NUMERALS.search(m.group())), "应使用阿拉伯数字（如 2024年2月19日）"),
    ("date", lambda m: bool(FULL_WIDTH_DIGITS.search(m.group())), "应使用半角阿拉伯数字"),
    ("date", lambda m: len(m["year"]) != 4, "年份应标全称（4 位）"),
    ("date", lambda m: m["month"].startswith("0") or m["day"].startswith("0"),
     "月、日不编虚位（1 不编为 01）"),
    ("number", lambda m: m.group()[0] != "〔" or "〕" not in m.group(), "年份应用六角括号“〔〕”括入"),
    ("number", lambda m: len(m["year"]) != 4, "年份应标全称（4 位）"),
    ("number", lambda m: bool(m["di"]), "发文顺序号不加“第”字"),
    ("number", lambda m: m["seq"].startswith(("0", "０")), "发文顺序号不编虚位（1 不编为 01）"),
    ("number", lambda m: bool(FULL_WIDTH_DIGITS.search(m.group())), "应使用半角阿拉伯数字"),
)
"""(what, test on the match, message): the number formats of §7.2.5, §7.3.5 and §7.4.3."""


def _numbers(doc: Document) -> Iterator[tuple[Paragraph, str, str, re.Match[str]]]:
    """Dates of writing and printing, and document numbers in the 版头: (paragraph, what, clause, match)."""
    for p in doc.paragraphs:
        text = p.text.strip()
        date = DATE.fullmatch(text)
        printed = DATE.search(text) if text.endswith("印发") else None
        if date:
            yield p, "date", cite(ROLES["date"].clause), date
        elif printed and printed.end() == len(text) - 2:
            yield p, "date", cite(CLAUSES["printed"]), printed
        number = DOC_NUMBER.search(text) if p.role == "header" else None
        if number:
            yield p, "number", cite(ROLES["doc-number"].clause), number


def number_formats(doc: Document) -> Iterator[Finding]:
    """成文日期 and 印发日期 like 2024年2月19日; 发文字号 like 〔2024〕3号 (§7.2.5, §7.3.5, §7.4.3)."""
    for p, what, clause, match in _numbers(doc):
        label = "日期" if what == "date" else "发文字号"
        for kind, test, message in NUMBER_RULES:
            if kind == what and test(match):
                yield Finding(ERROR, clause, f"{label}“{match.group()}”{message}", p.where, p.number)


HALF_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
PUNCTUATION = re.compile(r"[,:;?!()]")


def punctuation(doc: Document) -> Iterator[Finding]:
    """Chinese text takes full-width punctuation: “中文，中文” not “中文,中文”."""
    for p in doc.paragraphs:
        text = p.text
        for match in PUNCTUATION.finditer(text):
            before = text[: match.start()].rstrip()[-1:]
            after = text[match.end():].lstrip()[:1]
            mark = match.group()
            # an opening bracket belongs to what follows it, a closing one to what precedes it
            neighbours = {"(": after, ")": before}.get(mark, before + after)
            if HAS_CJK.search(neighbours):
                message = f"中文中使用了半角标点“{mark}”，应为全角“{HALF_WIDTH[mark]}”"
                yield Finding(ERROR, "GB/T 15834-2011 标点符号用法", message, p.where, p.number)


# -- placement ---------------------------------------------------------------------
def _page_break_before(doc: Document, p: Paragraph) -> bool:
    """Whether a paragraph starts a page: its own setting, or a break or section end before it."""
    if p.fmt.page_break_before:
        return True
    first_text = next((r for r in p.runs if r.text.strip()), None)
    for br in p.element.iter(w("br")):
        if br.get(w("type")) == "page" and (first_text is None or _precedes(br, first_text.element)):
            return True
    previous = p.element.getprevious()
    while previous is not None:
        if previous.tag == w("tbl"):
            return False
        if previous.tag == w("p"):
            sect = previous.find(f"{w('pPr')}/{w('sectPr')}")
            if sect is not None and val(sect.find(w("type"))) != "continuous":
                return True
            texts = [t for t in previous.iter(w("t")) if (t.text or "").strip()]
            breaks = [b for b in previous.iter(w("br")) if b.get(w("type")) == "page"]
            if any(not texts or _precedes(texts[-1], b) for b in breaks):
                return True
            if texts:
                return False
        previous = previous.getprevious()
    return False


def _precedes(a: etree._Element, b: etree._Element) -> bool:
    order = {id(e): i for i, e in enumerate(a.getroottree().iter())}
    return order[id(a)] < order[id(b)]


def attachments(doc: Document) -> Iterator[Finding]:
    """Each attachment starts a new page (§7.3.7)."""
    for p in doc.top_paragraphs():
        if p.role == "attachment_label" and not _page_break_before(doc, p):
            yield Finding(ERROR, cite(ROLES["attachment-label"].clause),
                          "附件应另面编排：附件标识前没有分页（段前分页或分页符）", p.where, p.number)



def _outermost(doc: Document, element: etree._Element) -> etree._Element:
    """The top-level paragraph or table holding an element."""
    top = element
    for ancestor in element.iterancestors():
        if ancestor is doc.body:
            break
        if ancestor.tag in (w("p"), w("tbl")):
            top = ancestor
    return top


def _at_foot(doc: Document, element: etree._Element, block: etree._Element) -> bool:
    """Held to the foot of the page: bottom-anchored text box, floating table or section."""
    anchor = next(element.iterancestors(qn("wp:anchor")), None)
    if anchor is not None:
        return anchor.findtext(f"{qn('wp:positionV')}/{qn('wp:align')}") == "bottom"
    table = next(element.iterancestors(w("tbl")), None)
    if table is not None and table.find(f"{w('tblPr')}/{w('tblpPr')}") is not None:
        return table.find(f"{w('tblPr')}/{w('tblpPr')}").get(w("tblpYSpec")) == "bottom"
    section = next((s for s in doc.sections if _precedes(block, s.element)), None)
    return section is not None and val(section.element.find(w("vAlign"))) == "bottom"


def imprint(doc: Document) -> Iterator[Finding]:
    """版记 (抄送, 印发机关和印发日期) last in the document, at the foot of the page (§7.4)."""
    lines = [p for p in doc.paragraphs if p.role == "imprint"]
    if not lines:
        return
    clause = cite(ROLES["imprint"].clause)
    last = lines[-1]
    block = _outermost(doc, last.element)
    after = False
    for item in doc.blocks():
        element = item.element if isinstance(item, Paragraph) else item
        if after and "".join(element.itertext()).strip():
            yield Finding(ERROR, clause, "版记应是公文的最后一项：其后还有内容", last.where, last.number)
            break
        after = after or element is block
    if not _at_foot(doc, last.element, block):
        yield Finding(WARNING, clause, "版记未固定在页面底部（文本框或浮动表格底端对齐），"
                      "无法保证最后一个要素位于最后一行", last.where, last.number)
    if not any(p.text.strip().endswith("印发") and DATE.search(p.text) for p in lines):
        yield Finding(WARNING, cite(CLAUSES["printed"]), "版记缺少印发机关和印发日期",
                      last.where, last.number)
    for p in lines:
        if p.text.strip().startswith("抄送") and not p.text.strip().endswith("。"):
            yield Finding(WARNING, cite(CLAUSES["cc"]), "最后一个抄送机关名称后应标句号",
                          p.where, p.number)


# -- page numbers ------------------------------------------------------------------
PAGE_FIELD = re.compile(r"^\s*PAGE\b")
DASHES = "—―"
PAGE_NUMBER = cite(ROLES["footer"].clause)
PAGE_NUMBER_SIZE = ROLES["footer"].size


def _page_number(doc: Document, footer: etree._Element | None) -> tuple[Paragraph, str] | None:
    """The paragraph of a footer holding the PAGE field, and its text with the number as “#”."""
    for element in [] if footer is None else footer.iter(w("p")):
        texts: list[str] = []
        instr, state = "", ""  # state: "" outside a field, "code" or "result" inside one
        for node in element.iter(w("r"), w("fldSimple")):
            if node.tag == w("fldSimple"):
                texts.append("#" if PAGE_FIELD.match(node.get(w("instr"), "")) else "")
                continue
            if any(a.tag == w("fldSimple") for a in node.iterancestors()):
                continue
            char = val(node.find(w("fldChar")), "fldCharType")
            if char == "begin":
                instr, state = "", "code"
            elif char == "separate":
                state = "result"
                texts.append("#" if PAGE_FIELD.match(instr) else "")
            elif char == "end":
                state = ""
            elif state == "code":
                instr += "".join(t.text or "" for t in node.iter(w("instrText")))
            elif state == "" or not PAGE_FIELD.match(instr):
                texts.append("".join(t.text or "" for t in node.iter(w("t"))))
        if "#" in texts:
            return doc.read_paragraph(element), "".join(texts)
    return None


def _edge_chars(p: Paragraph, side: str, text: str) -> float:
    """How far, in 4号 characters, the page number stands in from its edge."""
    indent = p.fmt.ind
    if f"{side}Chars" in indent:
        chars = float(indent[f"{side}Chars"]) / 100
    else:
        chars = float(indent.get(side, 0)) / Pt(PAGE_NUMBER_SIZE).twips
    padding = text[len(text.rstrip()):] if side == "right" else text[: len(text) - len(text.lstrip())]
    return chars + sum(LEADING_SPACE.get(c, 0) for c in padding)


PAGE_SIDES = (("default", "right", "单页", "居右"), ("even", "left", "双页", "居左"))


def page_numbers(doc: Document) -> Iterator[Finding]:
    """“— 1 —” in 4号, odd pages right and even pages left, one character in (§7.5)."""
    odd_even = doc.settings is not None and doc.settings.find(w("evenAndOddHeaders")) is not None
    for section in doc.sections:
        where = _section_where(doc, section).replace("页面设置", "页脚")
        if not odd_even:
            yield Finding(ERROR, PAGE_NUMBER, "未设置“奇偶页不同”，页码无法单页居右、双页居左", where)
        for kind, side, label, place in PAGE_SIDES[: 2 if odd_even else 1]:
            found = _page_number(doc, section.footers.get(kind))
            if found is None:
                yield Finding(ERROR, PAGE_NUMBER, f"{label}页脚中没有页码", where)
                continue
            p, text = found
            for severity, message in _page_number_problems(p, text, side, place):
                yield Finding(severity, PAGE_NUMBER, f"{label}{message}", where)


def _page_number_problems(p: Paragraph, text: str, side: str, place: str) -> Iterator[tuple[str, str]]:
    """What is wrong with one page-number paragraph: dashes, size, side, distance from the edge."""
    if not re.fullmatch(f"\\s*[{DASHES}]\\s*#\\s*[{DASHES}]\\s*", text):
        shown = text.strip().replace("#", "1")
        yield ERROR, f"页码为“{shown}”，应在数字左右各放一条一字线：“— 1 —”"
    wrong = {r.fmt.size_pt or 10 for r in p.runs if r.text.strip()} - {PAGE_NUMBER_SIZE}
    if wrong:
        yield ERROR, f"页码字号为 {size_name(max(wrong))}，应为 4号（{PAGE_NUMBER_SIZE:g} 磅）"
    if (p.fmt.jc or "left") not in (side, "end" if side == "right" else "start"):
        yield ERROR, f"页码应{place}（现为 {p.fmt.jc or 'left'}）"
    elif not 0.5 <= _edge_chars(p, side, text) <= 1.5:
        yield WARNING, f"页码应{place}空一字"


Rule = Callable[[Document], Iterator[Finding]]

DOCUMENT_RULES: tuple[Rule, ...] = (
    paper_size, margins, lines_per_page, chars_per_line, fonts_and_sizes, title_alignment,
    first_line_indent, page_numbers, attachments, imprint,
)
"""Rules of the page and the text of a 公文; a form (表格类文件) is exempt from them."""

CONTENT_RULES: tuple[Rule, ...] = (number_formats, punctuation, theme_fonts)
"""Rules every document passes, forms included."""
