"""Word (.docx) sources: paragraphs and tables in order, with the formatting that marks a
公文's parts (red, centred, large, outline level, drawn rules), automatic numbering turned
into text, and everything that is not body text (页眉, 页脚, 脚注, 批注) set aside.

Nothing in the package is run or fetched: a file with macros, or with content linked from
outside (pictures, OLE objects), is refused; a linked template and hyperlinks are reported,
never opened.
"""

from __future__ import annotations

import contextlib
import re
import zipfile
from pathlib import Path

from lxml import etree

from ..check.document import OLE_MAGIC, Document, Paragraph, RunText, UnreadableDocx
from ..check.styles import StyleSheet, is_on, w
from ..filters import cn_number
from ..render.docx.ns import qn
from ..standard import ROLES
from .cells import inner_widths, unwrapped
from .labels import CIRCLED, parse_label
from .report import LeftOut
from .source import Line, Source, TableData, refuse

MAX_UNPACKED = 500 * 1024 * 1024
"""Most bytes a .docx may unpack to (a larger one is refused as a zip bomb)."""
ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
"""The name of the stream that holds an encrypted Office file's key (UTF-16 in the directory)."""
_SIDE_PARTS = (
    (re.compile(r"word/header\d*\.xml"), "页眉"),
    (re.compile(r"word/footer\d*\.xml"), "页脚"),
    (re.compile(r"word/footnotes\.xml"), "脚注"),
    (re.compile(r"word/endnotes\.xml"), "尾注"),
    (re.compile(r"word/comments\.xml"), "批注"),
)
_PAGE_NUMBER = re.compile(r"^[\s\-—–－第页共/\d]*$")
_BLIP = qn("a:blip")
_EMBED = qn("r:embed")
_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True, no_network=True)


def is_encrypted_or_legacy(path: Path) -> str | None:
    """``"encrypted"`` for a password-protected Office file, ``"legacy"`` for an old binary
    Word file (.doc saved as .docx), None for a zip package."""
    with path.open("rb") as handle:
        head = handle.read(8)
        if not head.startswith(OLE_MAGIC):
            return None
        return "encrypted" if ENCRYPTED in head + handle.read() else "legacy"


def read_docx(path: Path, name: str, stem: str = "") -> Source:
    """Read a .docx package into Lines (paragraphs and tables in document order)."""
    with _open_package(path, name) as package:
        notes = _package_notes(package, name)
        styles = _xml(package, "word/styles.xml")
        numbering = _Numbering(_xml(package, "word/numbering.xml"), styles)
        marks_leads = _marks_leads(styles)
        side = _side_text(package)
        pictures = _pictures(package)
    try:
        document = Document(path)
    except UnreadableDocx as exc:
        raise refuse(name, f"Word 文件无法读取：{exc}") from None
    source = Source(name, [], unit="段", notes=notes, stem=stem)
    by_element = {p.element: p for p in document.paragraphs}
    pending_break = False
    images = 0
    for block in document.blocks():
        if isinstance(block, Paragraph):
            lines = _paragraph_lines(block, numbering, by_element, marks_leads)
            images += sum(len(block.element.findall(f".//{w(tag)}")) for tag in ("drawing", "pict"))
            for seal in _seals(block.element, pictures):
                source.seals.append((block.number, *seal))
                images -= 1
            if pending_break and lines:
                lines[0].page_break = True
                pending_break = False
            if _ends_page(block.element):
                pending_break = True
            source.lines.extend(lines)
        else:
            source.lines.append(_table_line(block, by_element, document.styles, pictures))
    source.left_out.extend(side)
    source.paper = _paper(document)
    if images:
        source.notes.append(f"文中有 {images} 处图片或图形，只导入文字（图形中的文字已导入）")
    if document.root is not None and document.root.find(f".//{w('del')}") is not None:
        source.notes.append("文件含修订痕迹：按接受全部修订后的文字导入")
    return source


def _paper(document: Document) -> str | None:
    """A4 or A3 from the first section's page size (twips; either orientation)."""
    for section in document.sections:
        size = section.element.find(w("pgSz"))
        if size is None:
            continue
        longest = max(int(size.get(w("w"), "0") or 0), int(size.get(w("h"), "0") or 0))
        return "A3" if longest > 20000 else "A4" if longest > 15000 else None
    return None


def _open_package(path: Path, name: str) -> zipfile.ZipFile:
    try:
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise refuse(
            name, "文件已损坏，或不是 .docx（Word 2007 及以后版本）文件；请在 Word 中打开后另存为 .docx"
        ) from None
    if sum(info.file_size for info in package.infolist()) > MAX_UNPACKED:
        raise refuse(name, "文件解压后超过 500 MB，不像正常的 Word 文档，已拒绝导入")
    if "word/document.xml" not in package.namelist() and not any(
        n.endswith("document.xml") for n in package.namelist()
    ):
        raise refuse(name, "文件不是 Word 文档（压缩包中没有 document.xml），或已损坏")
    return package


def _xml(package: zipfile.ZipFile, part: str) -> etree._Element | None:
    try:
        return etree.fromstring(package.read(part), _PARSER)
    except KeyError:
        return None
    except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError):
        return None


_LINKED_CONTENT = {
    "image", "oleObject", "package", "subDocument", "frame", "externalLinkPath", "video", "audio"
}
"""External relationships whose target is part of what the document shows (a linked picture,
an OLE object, a sub-document): importing it would mean opening the address."""


def _package_notes(package: zipfile.ZipFile, name: str) -> list[str]:
    """What the package holds besides text. A macro project or content linked from outside
    refuses the file (nothing is run, opened or downloaded); a linked template and
    hyperlinks are named in the notes."""
    notes: list[str] = []
    names = package.namelist()
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise refuse(name, "文件含宏（VBA），为安全起见不导入（宏没有运行）；请在 Word 中“另存为”"
                           "“Word 文档（*.docx）”去掉宏，或把文字另存为 .txt 后再导入")
    hyperlinks: list[str] = []
    linked: list[str] = []
    for part in names:
        if not part.endswith(".rels"):
            continue
        rels = _xml(package, part)
        for rel in [] if rels is None else rels.iter(qn("rel:Relationship")):
            if rel.get("TargetMode") != "External":
                continue
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            target = rel.get("Target", "")
            if kind == "hyperlink":
                hyperlinks.append(target)
            elif kind in _LINKED_CONTENT:
                linked.append(f"{target}（{kind}）")
            else:
                notes.append(f"文件含外部链接（{kind}）：{target} —— 没有打开，也没有下载")
    if linked:
        raise refuse(name, f"文件引用了外部的内容：{'、'.join(linked[:5])}{'等' if len(linked) > 5 else ''}；"
                           "gongwen 不打开也不下载外部地址，因此不导入。请在 Word 中把链接的图片或对象"
                           "嵌入文档（文件→信息→编辑指向文件的链接），或断开链接后再导入")
    if hyperlinks:
        shown = "、".join(hyperlinks[:5]) + ("等" if len(hyperlinks) > 5 else "")
        notes.append(f"文件含 {len(hyperlinks)} 个超链接：只导入了显示的文字，链接地址未导入（{shown}）")
    return notes


def _side_text(package: zipfile.ZipFile) -> list[LeftOut]:
    """Text of headers, footers, notes and comments: not body text, listed as left out."""
    found: list[LeftOut] = []
    seen: set[tuple[str, str]] = set()
    for part in sorted(package.namelist()):
        for pattern, what in _SIDE_PARTS:
            if not pattern.fullmatch(part):
                continue
            root = _xml(package, part)
            if root is None:
                continue
            for paragraph in root.iter(w("p")):
                text = "".join(t.text or "" for t in paragraph.iter(w("t"))).strip()
                if not text or (what, text) in seen:
                    continue
                seen.add((what, text))
                reason = "页码" if what in ("页眉", "页脚") and _PAGE_NUMBER.match(text) else what
                found.append(LeftOut(None, text, reason))
    return found


def _is_red(color: str | None) -> bool:
    if not color or len(color) != 6 or not re.fullmatch(r"[0-9A-Fa-f]{6}", color):
        return False
    r, g, b = (int(color[i:i + 2], 16) for i in (0, 2, 4))
    return r >= 0xC0 and g < 0x60 and b < 0x60


def _ends_page(element: etree._Element) -> bool:
    """Whether a paragraph ends with a page break or a section break (next page)."""
    if any(b.get(w("type")) == "page" for b in element.iter(w("br"))):
        return True
    section = element.find(f"{w('pPr')}/{w('sectPr')}")
    kind = section.find(w("type")) if section is not None else None
    return section is not None and (kind is None or kind.get(w("val")) != "continuous")


def _rule(element: etree._Element) -> tuple[bool, bool]:
    """Whether a paragraph draws a line (a border, or a line shape) and whether it is red."""
    colors: list[str | None] = []
    borders = element.find(f"{w('pPr')}/{w('pBdr')}")
    if borders is not None:
        for side in ("top", "bottom"):
            edge = borders.find(w(side))
            if edge is not None and edge.get(w("val")) not in (None, "nil", "none"):
                colors.append(edge.get(w("color")))
    for node in element.iter():
        tag = etree.QName(node).localname if isinstance(node.tag, str) else ""
        if tag == "prstGeom" and node.get("prst") in ("line", "straightConnector1"):
            colors.append(next((c.get("val") for c in node.getparent().iter() if
                                isinstance(c.tag, str) and etree.QName(c).localname == "srgbClr"), None))
        elif tag == "line" and node.tag.startswith("{urn:schemas-microsoft-com:vml}"):
            colors.append((node.get("strokecolor") or "").lstrip("#") or None)
    return bool(colors), any(_is_red(c) for c in colors)


def _marks_leads(styles: etree._Element | None) -> bool:
    """Whether a style sheet has gongwen's character styles for run-in headings (一级标题字符 …):
    documents made from it set every run-in title in one of them."""
    if styles is None:
        return False
    names = {name.get(w("val")) for name in styles.iter(w("name"))}
    return any(ROLES[f"heading{level}-run"].style in names for level in range(1, 5))


def _paragraph_lines(
    paragraph: Paragraph, numbering: _Numbering, by_element: dict[etree._Element, Paragraph],
    marks_leads: bool = False,
) -> list[Line]:
    """A top-level paragraph as Lines: its own text (split at line breaks), a drawn rule,
    and the paragraphs of text boxes anchored in it."""
    text_runs = [r for r in paragraph.runs if r.text.strip()]
    label = numbering.label(paragraph.element)
    lines: list[Line] = []
    text, lead = _marked_text(paragraph)
    if text.strip():
        fmt = paragraph.fmt
        sizes = [r.fmt.size_pt for r in text_runs if r.fmt.size_pt]
        common = {
            "centered": fmt.jc == "center",
            "right": fmt.jc in ("right", "end"),
            "size": max(sizes) if sizes else None,
            "red": any(_is_red(r.fmt.color) for r in text_runs),
            "heading": None if fmt.outline_level is None or fmt.outline_level > 8 else fmt.outline_level + 1,
        }
        for index, piece in enumerate(text.split("\n")):
            if piece.strip():
                lines.append(Line(
                    (label if index == 0 else "") + piece, paragraph.number,
                    label=label if index == 0 else "",
                    lead=(label + lead if index == 0 else "") if lead or marks_leads else None,
                    **common,  # type: ignore[arg-type]
                ))
    drawn, red = _rule(paragraph.element)
    if drawn:
        lines.append(Line("", paragraph.number, rule=True, red=red))
    if paragraph.fmt.page_break_before and lines:
        lines[0].page_break = True
    for box in paragraph.element.iter(w("txbxContent")):
        for inner in box.iter(w("p")):
            found = by_element.get(inner)
            if found is not None and found.text.strip():
                lines.extend(_paragraph_lines(found, numbering, {}, marks_leads))
    return lines


def _wrap_sizes(paragraph: Paragraph, styles: StyleSheet) -> list[float]:
    """Font sizes a cell's text may have been wrapped at by gongwen: its style's, and its
    runs' own (a form shrunk to fit its sheet, the large type of a notice board)."""
    sizes = {styles.run_format(paragraph.element, etree.Element(w("r"))).size_pt}
    sizes |= {run.fmt.size_pt for run in paragraph.runs if run.text.strip()}
    return sorted(size for size in sizes if size)


def _marked_text(paragraph: Paragraph) -> tuple[str, str]:
    """A paragraph's text with bold runs marked ``**…**`` (unless all of it is bold), and its
    lead: the leading runs in a character style of their own (a run-in heading's 一、标题。),
    or bold when they hold the paragraph's number (**1.加强组织领导。**各校要……)."""
    runs = [(run.text, *_emphasis(run)) for run in paragraph.runs if run.text]
    lead = ""
    count = 0
    for text, bold, styled in runs:
        if not (styled or bold) or (not styled and count == 0 and not parse_label(text.strip() + "…")):
            break
        lead += text
        count += 1
    if count == len(runs) or not lead.strip().endswith(("。", "：", ".")):
        lead, count = "", 0
    rest = runs[count:]
    unbold = "".join(text for text, bold, _ in rest if not bold).strip()
    label = parse_label(unbold + "…")
    all_bold = not unbold or (label is not None and label.text == "…")  # a bold heading after its number
    body = "".join(
        f"**{text}**" if bold and not all_bold and text.strip() else text for text, bold, _ in rest
    )
    return lead + body.replace("****", ""), lead


def _emphasis(run: RunText) -> tuple[bool, bool]:
    """Whether a run is set bold, and whether it is in a character style of its own."""
    props = run.element.find(w("rPr"))
    if props is None:
        return False, False
    return bool(is_on(props.find(w("b")))), props.find(w("rStyle")) is not None


_ANCHOR = qn("wp:anchor")
_SEAL_NAME = re.compile(r"印章|公章|签章|seal", re.IGNORECASE)
_SEAL_MM = (35.0, 50.0)
"""A round official seal is 42 mm across (GB/T 9704 §7.3.5.1): a floating square picture
this size is one, whatever it is called."""


def _seals(paragraph: etree._Element, pictures: dict[str, tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """The seal pictures floating over a paragraph: named 印章 (公章, seal), or square and of
    a seal's size."""
    found = []
    for anchor in paragraph.iter(_ANCHOR):
        properties = anchor.find(qn("wp:docPr"))
        named = properties is not None and any(
            _SEAL_NAME.search(properties.get(attribute, "")) for attribute in ("name", "descr", "title")
        )
        extent = anchor.find(qn("wp:extent"))
        size = [int(extent.get(a, "0") or 0) / 36000 for a in ("cx", "cy")] if extent is not None else [0, 0]
        sized = abs(size[0] - size[1]) < 2 and _SEAL_MM[0] <= size[0] <= _SEAL_MM[1]
        blip = anchor.find(f".//{_BLIP}")
        picture = pictures.get(blip.get(_EMBED, "")) if blip is not None else None
        if picture is not None and (named or sized):
            found.append(picture)
    return found


def _pictures(package: zipfile.ZipFile) -> dict[str, tuple[str, bytes]]:
    """The PNG and JPEG pictures the main document embeds, by relationship id: (suffix, bytes)."""
    rels = _xml(package, "word/_rels/document.xml.rels")
    found: dict[str, tuple[str, bytes]] = {}
    for rel in [] if rels is None else rels.iter(qn("rel:Relationship")):
        target = rel.get("Target", "")
        suffix = Path(target).suffix.lower()
        if rel.get("TargetMode") == "External" or not rel.get("Type", "").endswith("/image"):
            continue
        if suffix in (".png", ".jpg", ".jpeg"):
            part = target.lstrip("/") if target.startswith("/") else f"word/{target}"
            with contextlib.suppress(KeyError, zipfile.BadZipFile, OSError):
                found[rel.get("Id", "")] = (suffix, package.read(part))
    return found


def _table_line(
    table: etree._Element, by_element: dict[etree._Element, Paragraph], styles: StyleSheet,
    pictures: dict[str, tuple[str, bytes]] | None = None,
) -> Line:
    """A table as a Line carrying its rows; merged cells are left empty and counted, and the
    line breaks gongwen put into a cell to keep a list's items whole are joined again."""
    rows: list[list[str]] = []
    printed: list[list[str]] = []
    found_pictures: dict[tuple[int, int], tuple[str, bytes]] = {}
    merged = 0
    header_rows = 0
    first = None
    for row_index, row in enumerate(table.findall(w("tr"))):
        header = row.find(f"{w('trPr')}/{w('tblHeader')}")
        if header is not None and header.get(w("val")) not in ("0", "false") and row_index == header_rows:
            header_rows += 1
        cells: list[str] = []
        shown: list[str] = []
        for cell in row.findall(w("tc")):
            texts = []
            lines = []
            props = cell.find(w("tcPr"))
            width = props.find(w("tcW")) if props is not None else None
            dxa = width is not None and width.get(w("type")) == "dxa"
            twips = int(width.get(w("w"), "0") or 0) if dxa else 0  # type: ignore[union-attr]
            for inner in cell.iter(w("p")):
                found = by_element.get(inner)
                if found is not None:
                    first = first or found.number
                    if found.text.strip():
                        widths = inner_widths(twips / 20, _wrap_sizes(found, styles)) if twips else []
                        texts.append(unwrapped(found.text.strip(), widths))
                        lines.append(found.text.strip())
            span = props.find(w("gridSpan")) if props is not None else None
            vmerge = props.find(w("vMerge")) if props is not None else None
            continued = vmerge is not None and vmerge.get(w("val")) in (None, "continue")
            if continued:
                merged += 1
            cells.append("" if continued else "\n".join(texts))
            shown.append("" if continued else "\n".join(lines))
            for blip in cell.iter(_BLIP):
                picture = (pictures or {}).get(blip.get(_EMBED, ""))
                if picture is not None and not continued:
                    found_pictures.setdefault((len(rows), len(cells) - 1), picture)
            width = int(span.get(w("val"), "1")) if span is not None else 1
            cells.extend([""] * (width - 1))
            shown.extend([""] * (width - 1))
            merged += width - 1
        rows.append(cells)
        printed.append(shown)
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    printed = [r + [""] * (width - len(r)) for r in printed]
    grid = [int(col.get(w("w"), "0") or 0) for col in table.findall(f"{w('tblGrid')}/{w('gridCol')}")]
    widths = [round(twips / 56.7, 1) for twips in grid] if len(grid) == width and all(grid) else []
    data = TableData(rows, max(header_rows, 1), merged, widths, found_pictures, printed)
    return Line("", first or 0, table=data)


class _Numbering:
    """Word's automatic numbering (numbering.xml) turned into the labels it displays."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        self._levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self._nums: dict[str, str] = {}
        self._starts: dict[tuple[str, int], int] = {}
        self._style_num: dict[str, tuple[str | None, str | None, str | None]] = {}
        self._counters: dict[str, list[int]] = {}
        if numbering is not None:
            for abstract in numbering.iter(w("abstractNum")):
                levels = {}
                for lvl in abstract.iter(w("lvl")):
                    fmt = lvl.find(w("numFmt"))
                    text = lvl.find(w("lvlText"))
                    start = lvl.find(w("start"))
                    levels[int(lvl.get(w("ilvl"), "0"))] = (
                        fmt.get(w("val"), "decimal") if fmt is not None else "decimal",
                        text.get(w("val"), "") if text is not None else "",
                        int(start.get(w("val"), "1")) if start is not None else 1,
                    )
                self._levels[abstract.get(w("abstractNumId"), "")] = levels
            for num in numbering.iter(w("num")):
                num_id = num.get(w("numId"), "")
                ref = num.find(w("abstractNumId"))
                self._nums[num_id] = ref.get(w("val"), "") if ref is not None else ""
                for override in num.iter(w("lvlOverride")):
                    start = override.find(w("startOverride"))
                    if start is not None:
                        level = int(override.get(w("ilvl"), "0"))
                        self._starts[(num_id, level)] = int(start.get(w("val"), "1"))
        if styles is not None:
            for style in styles.iter(w("style")):
                num_pr = style.find(f"{w('pPr')}/{w('numPr')}")
                based = style.find(w("basedOn"))
                num_id = num_pr.find(w("numId")) if num_pr is not None else None
                ilvl = num_pr.find(w("ilvl")) if num_pr is not None else None
                self._style_num[style.get(w("styleId"), "")] = (
                    num_id.get(w("val")) if num_id is not None else None,
                    ilvl.get(w("val")) if ilvl is not None else None,
                    based.get(w("val")) if based is not None else None,
                )

    def _from_style(self, style_id: str | None) -> tuple[str | None, str | None]:
        seen: set[str] = set()
        while style_id and style_id in self._style_num and style_id not in seen:
            seen.add(style_id)
            num_id, ilvl, based = self._style_num[style_id]
            if num_id is not None:
                return num_id, ilvl
            style_id = based
        return None, None

    def label(self, paragraph: etree._Element) -> str:
        """The label Word shows before this paragraph ("一、", "（2）"), counting as it goes."""
        props = paragraph.find(w("pPr"))
        num_pr = props.find(w("numPr")) if props is not None else None
        style = props.find(w("pStyle")) if props is not None else None
        num_id, ilvl = self._from_style(style.get(w("val")) if style is not None else None)
        if num_pr is not None:
            direct_id, direct_lvl = num_pr.find(w("numId")), num_pr.find(w("ilvl"))
            num_id = direct_id.get(w("val")) if direct_id is not None else num_id
            ilvl = direct_lvl.get(w("val")) if direct_lvl is not None else ilvl
        levels = self._levels.get(self._nums.get(num_id or "", ""), {})
        if not num_id or num_id == "0" or not levels:
            return ""
        level = int(ilvl or 0)
        if level not in levels:
            return ""
        counters = self._counters.setdefault(num_id, [0] * 10)
        starts = [self._starts.get((num_id, i), levels.get(i, ("", "", 1))[2]) for i in range(10)]
        counters[level] = counters[level] + 1 if counters[level] else starts[level]
        for deeper in range(level + 1, 10):
            counters[deeper] = 0
        fmt, text, _ = levels[level]
        if fmt in ("bullet", "none"):
            return ""

        def shown(match: re.Match[str]) -> str:
            index = int(match[1]) - 1
            value = counters[index] or starts[index]
            return _format(levels.get(index, ("decimal", "", 1))[0], value)

        return re.sub(r"%([1-9])", shown, text)


def _format(fmt: str, value: int) -> str:
    """A counter in a Word number format."""
    if fmt.startswith(("chinese", "ideograph", "taiwanese", "japanese")):
        return cn_number(value)
    if fmt.startswith("decimalEnclosedCircle") and 1 <= value <= len(CIRCLED):
        return CIRCLED[value - 1]
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (value - 1) % 26)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(value)


def _roman(value: int) -> str:
    out = ""
    for number, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                            (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= number:
            out += letters
            value -= number
    return out

