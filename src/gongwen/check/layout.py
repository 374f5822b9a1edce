"""Layout rules measured on the printed pages of a PDF: what a clerk sees on paper.

Each rule takes the document's :class:`Sheet` list (one per page) and yields findings that
name the page (第N页), say what is wrong and how to put it right. The table rules are in
:mod:`gongwen.check.tables`.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterator

from ..standard import ACCEPTED_FONTS, HEITI, KAITI, Pt
from .document import ATTACHMENT_LABEL, HAS_CJK, HEADING_PREFIXES
from .findings import ERROR, WARNING, Finding
from .pages import LINE_PITCH, Box, Line, is_chinese
from .sheets import LINE_END, NUMBER, Sheet, Signature, excerpt, find_signature, last_content_page
from .tables import cell_orphans, row_split

EMPTY_LINES = "版面：页末空行"
HEADING_AT_FOOT = "版面：标题或序号在页末"
PAGE_NUMBER = "版面：页码"
SIGNATURE_ALONE = "版面：署名和成文日期单独成页"
FONT = "版面：字体"

MAX_EMPTY_LINES = 3
CHAPTER = re.compile(r"^第[一二三四五六七八九十百零〇]+[章节条部分编]")
NUMBERING = (*(pattern for _, pattern in HEADING_PREFIXES), CHAPTER)
FOLIO = re.compile(r"^—\d+—$")  # spaces are not read: `— 1 —`


def _key(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def _name_keys(name: str) -> set[str]:
    """Keys a font family may carry in a PDF: its name, without a region or foundry tag.

    PDFs name fonts by their PostScript name: Noto Serif CJK SC is ``NotoSerifCJKjp-Regular``
    when taken from a collection, AR PL UKai CN is ``UKaiCN``.
    """
    key = _key(name)
    keys = {key}
    for region in ("sc", "tc", "jp", "kr", "hk", "cn"):
        if key.endswith(region) and len(key) > len(region) + 3:
            keys.add(key.removesuffix(region))
    keys |= {k.removeprefix("arpl") for k in keys if k.startswith("arpl")}
    return keys


def _font_keys(names: tuple[str, ...]) -> set[str]:
    return {key for name in names for key in _name_keys(name)}


ALLOWED_KEYS = _font_keys(tuple(ACCEPTED_FONTS) + tuple(n for v in ACCEPTED_FONTS.values() for n in v))
HEI_KEYS = _font_keys((HEITI.name, *ACCEPTED_FONTS[HEITI.name]))
KAI_KEYS = _font_keys((KAITI.name, *ACCEPTED_FONTS[KAITI.name]))


def font_in(font: str, keys: set[str]) -> bool:
    """True when a PDF font name is one of the families behind ``keys``."""
    name = _key(font)
    return any(name.startswith(key) for key in keys)


def _first_free(sheet: Sheet) -> Line | None:
    """The first line of the page, if it is not in a table."""
    if not sheet.body:
        return None
    first = sheet.body[0]
    tables = [t.box.y1 for t in sheet.page.tables]
    if first.cell is not None or any(top > first.y1 for top in tables):
        return None
    return first


def _starts_with_signature_paragraph(sheet: Sheet, signature: Signature | None) -> bool:
    """The page opens with the last body paragraph (and its headings) kept with the 署名."""
    if signature is None or signature.page != sheet.number or sheet.page.tables:
        return False
    top = signature.lines[0]
    before = [line for line in sheet.free if line.y0 > top.y1]
    note = next((i for i, line in enumerate(before) if line.text.startswith("附件")), len(before))
    text = [line for line in before[:note] if not _is_heading(line, sheet.area)]
    starts = [line for line in text if line.x0 > sheet.area.x0 + 1.5 * line.size]
    return bool(text) and len(starts) <= 1


def empty_lines_at_foot(doc: list[Sheet]) -> Iterator[Finding]:
    """More than three empty lines between the last body line and the foot of the type area."""
    last = last_content_page(doc)
    signature = find_signature(doc)
    for sheet, following in itertools.pairwise(doc):
        if sheet.number >= last or not sheet.page.standard:
            continue
        opening = _first_free(following)
        if opening is not None and ATTACHMENT_LABEL.match(opening.text):
            continue
        if _starts_with_signature_paragraph(following, signature):
            continue
        bottom = sheet.content_bottom()
        empty = math.floor((bottom - sheet.area.y0) / LINE_PITCH + 0.25)
        if empty <= MAX_EMPTY_LINES:
            continue
        if not sheet.body and not sheet.page.pictures:
            after = "整页空白"
        elif sheet.body and sheet.body[-1].cell is None and sheet.body[-1].y0 <= bottom + 1:
            after = f"末行“{excerpt(sheet.body[-1].text)}”之后"
        else:
            after = "本页以表格或图片结束"
        yield Finding(
            ERROR,
            EMPTY_LINES,
            f"页末空了 {empty} 行（{after}）；看第{following.number}页开头：标题或段落若能接排在这里，"
            "取消多余的“与下段同页”“段中不分页”“段前分页”；表格或图片若放不下，可缩小它、允许表格跨页，"
            "或调整前文",
            f"第{sheet.number}页",
            page=sheet.number,
        )


def _is_heading(line: Line, area: Box) -> bool:
    if line.text.endswith(tuple(LINE_END)) or line.x1 > area.x1 - 1.5 * line.size:
        return False
    font = line.fonts.most_common(1)[0][0]
    if font_in(font, HEI_KEYS) or font_in(font, KAI_KEYS):
        return True
    return any(p.match(line.text) for p in NUMBERING) and len(line.text) <= 30


def _is_item_start(line: Line, area: Box) -> bool:
    return (
        any(p.match(line.text) for p in NUMBERING)
        and line.x1 > area.x1 - 1.5 * line.size
        and line.x0 > area.x0 + 1.5 * line.size
    )


def heading_at_foot(doc: list[Sheet]) -> Iterator[Finding]:
    """A heading, or only the number and first line of an item, last on a page."""
    last = last_content_page(doc)
    for sheet, following in itertools.pairwise(doc):
        if sheet.number >= last or not sheet.page.standard or not sheet.free:
            continue
        line = sheet.free[-1]
        lowest = min([t.box.y0 for t in sheet.page.tables] + [p.y0 for p in sheet.page.pictures
                                                               if p.y1 > sheet.area.y0], default=line.y0)
        if lowest < line.y0 - 2:
            continue  # the page ends with a table or a picture
        if _is_heading(line, sheet.area):
            yield Finding(
                ERROR,
                HEADING_AT_FOOT,
                f"标题“{excerpt(line.text)}”排在页末，其下的内容在第{following.number}页；"
                "给标题设置“与下段同页”，或调整前文使标题与正文同页",
                f"第{sheet.number}页",
                page=sheet.number,
            )
            continue
        opening = _first_free(following)
        if (
            _is_item_start(line, sheet.area)
            and opening is not None
            and opening.x0 < following.area.x0 + 0.5 * opening.size
        ):
            yield Finding(
                ERROR,
                HEADING_AT_FOOT,
                f"第{sheet.number}页末行只留下“{excerpt(line.text, 8)}”的序号和首行，"
                f"其余在第{following.number}页；给该段设置“段中不分页”或“孤行控制”，使序号与内容同页",
                f"第{sheet.number}页",
                page=sheet.number,
            )


def _needs_number(doc: list[Sheet], sheet: Sheet) -> bool:
    """Blank and 版记 pages carry no number, nor does a one-page form."""
    if sheet.blank:
        return False
    if len(doc) == 1 and sheet.form:
        return False
    if sheet.page.landscape and sheet.form:
        i = sheet.number - 1
        neighbours = [doc[j] for j in (i - 1, i + 1) if 0 <= j < len(doc)]
        return any(n.page.landscape and n.form for n in neighbours)
    return True


FORM_FOLIO = re.compile(r"^第\s*(\d+)\s*页[，,\s]*共\s*(\d+)\s*页$")
"""A form's own page number: 第 N 页，共 M 页 (centred), as loose forms are numbered."""


def page_numbers(doc: list[Sheet]) -> Iterator[Finding]:
    """`— N —` under the type area, odd pages right and even pages left, one character in;
    a form of several pages may instead carry its own 第 N 页，共 M 页."""
    for sheet in doc:
        where, n = f"第{sheet.number}页", sheet.number
        folio = sheet.folio
        if folio is None:
            if _needs_number(doc, sheet):
                yield Finding(ERROR, PAGE_NUMBER,
                              f"没有页码；在页脚版心下方加“— {n} —”（4号半角宋体阿拉伯数字）", where, page=n)
            continue
        if sheet.form and (own := FORM_FOLIO.match(folio.text.replace(" ", ""))):
            if (int(own[1]), int(own[2])) != (n, len(doc)):
                yield Finding(ERROR, PAGE_NUMBER,
                              f"页码“{folio.text}”应为“第{n}页，共{len(doc)}页”", where, page=n)
            continue
        if not FOLIO.match(folio.text):
            yield Finding(ERROR, PAGE_NUMBER, f"页码“{folio.text}”应写作“— {n} —”：数字两边各一条一字线",
                          where, page=n)
        shown = int(NUMBER.findall(folio.text)[0])
        if shown != n:
            yield Finding(ERROR, PAGE_NUMBER,
                          f"页码是 {shown}，本页是第 {n} 页；页码应从 1 起连续编排，不要重新起编",
                          where, page=n)
        yield from _folio_place(sheet, folio)


def _folio_place(sheet: Sheet, folio: Line) -> Iterator[Finding]:
    n, area, page = sheet.number, sheet.area, sheet.page
    side = "右" if n % 2 else "左"
    centre = (folio.x0 + folio.x1) / 2
    on_right = centre > page.width / 2
    centred = abs(centre - page.width / 2) < 0.05 * page.width
    if centred or on_right != (n % 2 == 1):
        where = "居中" if centred else f"在{'右' if on_right else '左'}侧"
        yield Finding(ERROR, PAGE_NUMBER, f"{'单' if n % 2 else '双'}页码应在{side}侧，本页页码{where}",
                      f"第{n}页", page=n)
        return
    if not page.standard:
        return
    char = folio.size
    inset = area.x1 - folio.x1 if n % 2 else folio.x0 - area.x0
    if abs(inset - char) > 0.6 * char:
        yield Finding(
            ERROR,
            PAGE_NUMBER,
            f"页码应距版心{side}边缘一字（约 {Pt(char).mm:.0f} mm），现为 {Pt(inset).mm:.0f} mm",
            f"第{n}页",
            page=n,
        )


def signature_alone(doc: list[Sheet]) -> Iterator[Finding]:
    """The 署名 and 成文日期 on a page without body text (GB/T 9704-2012 §7.3.5)."""
    signature = find_signature(doc)
    if signature is None:
        return
    sheet = doc[signature.page - 1]
    top = signature.lines[0]
    if any(line.y0 > top.y1 for line in sheet.body) or any(t.box.y0 > top.y1 for t in sheet.page.tables):
        return
    yield Finding(
        ERROR,
        SIGNATURE_ALONE,
        f"本页只有署名和成文日期（“{'”“'.join(line.text for line in signature.lines)}”），没有正文；"
        "应调整行距、字距或前文，使正文至少一行与署名同页，不能用“此页无正文”解决",
        f"第{sheet.number}页",
        page=sheet.number,
    )


def fonts(doc: list[Sheet]) -> Iterator[Finding]:
    """Every font is an official one or its documented stand-in."""
    for sheet in doc:
        for font, chars in sheet.page.fonts.items():
            if font_in(font, ALLOWED_KEYS):
                continue
            chinese = is_chinese(chars) or bool(HAS_CJK.search(chars))
            yield Finding(
                ERROR if is_chinese(chars) else WARNING,
                FONT,
                f"字体“{font}”（用于“{excerpt(chars)}”）既不是公文用字体，也不是其规定的替代字体；"
                + ("把这些文字改用仿宋_GB2312、黑体、楷体_GB2312、方正小标宋简体等公文字体"
                   if chinese else "把这些字符改用 Times New Roman 或公文字体（图表、符号的字体也要设置）"),
                f"第{sheet.number}页",
                page=sheet.number,
            )


RULES: tuple[Callable[[list[Sheet]], Iterator[Finding]], ...] = (
    empty_lines_at_foot,
    heading_at_foot,
    row_split,
    cell_orphans,
    page_numbers,
    signature_alone,
    fonts,
)
