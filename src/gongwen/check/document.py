"""A .docx opened for checking: its parts, paragraphs with effective formatting, sections,
footers, and the role each top-level paragraph plays in a 公文 (title, body, heading …)."""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import GongwenError
from ..render.docx.ns import RT, qn
from .styles import ParaFormat, RunFormat, StyleSheet, w

OLE_MAGIC = b"\xd0\xcf\x11\xe0"

CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
HAS_CJK = re.compile(f"[{CJK}]")
CN_NUM = "一二三四五六七八九十百"
HEADING_PREFIXES = (
    (1, re.compile(f"^[{CN_NUM}]+、")),
    (2, re.compile(f"^[（(][{CN_NUM}]+[）)]")),
    (3, re.compile(r"^\d+[.．](?!\d)")),
    (4, re.compile(r"^[（(]\d+[）)]")),
)
"""Heading levels of GB/T 9704-2012 §7.3.3, recognised by their numbering."""

DATE = re.compile(
    r"(?P<year>[0-9０-９〇○零一二三四五六七八九]{2,4})年"
    r"(?P<month>[0-9０-９一二三四五六七八九十]{1,3})月"
    r"(?P<day>[0-9０-９一二三四五六七八九十廿卅]{1,3})日"
)
DOC_NUMBER = re.compile(
    r"[〔\[［(（【]\s*(?P<year>[0-9０-９]{2,4})\s*[〕\]］)）】]\s*(?P<di>第?)\s*(?P<seq>[0-9０-９]+)\s*号"
)
NUMBERED = re.compile(r"^[0-9０-９]+[.．]")
ATTACHMENT_LABEL = re.compile(r"^附件\s*[0-9０-９]*\s*[:：]?$")
IMPRINT_START = ("抄送", "印发")


def is_imprint_line(text: str) -> bool:
    """A line of the 版记: 抄送…, or 印发机关 and 印发日期 ending in 印发."""
    text = text.strip()
    return text.startswith(IMPRINT_START) or text.endswith("印发")


class UnreadableDocx(GongwenError):
    """The file is missing, not a .docx, or damaged."""

    exit_code = 2
    code = "E_DOCX_UNREADABLE"


@dataclass
class RunText:
    """A run's text and effective formatting."""

    element: etree._Element
    text: str
    fmt: RunFormat


@dataclass
class Paragraph:
    """A paragraph in document order (numbered from 1), with its runs and role."""

    number: int
    element: etree._Element
    place: str  # "body", "table" or "textbox"
    fmt: ParaFormat
    runs: list[RunText]
    role: str = ""
    level: int | None = None  # heading level, from the numbering or else the outline level

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def where(self) -> str:
        excerpt = self.text.strip()
        excerpt = excerpt if len(excerpt) <= 12 else excerpt[:12] + "…"
        return f"第{self.number}段“{excerpt}”"


@dataclass
class Section:
    """A section: its ``w:sectPr`` and the footers that apply to it (by type)."""

    number: int
    element: etree._Element
    footers: dict[str, etree._Element | None] = field(default_factory=dict)


class Document:
    """A .docx package read for checking."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._zip = _open(self.path)
        main = self._main_part()
        self.root = self._xml(main)
        if self.root is None or self.root.find(w("body")) is None:
            raise UnreadableDocx(f"{self.path.name} 不是 Word 文档（没有正文部件）")
        self._rels = self._relationships(main)
        self.styles = StyleSheet(self._related("styles"), self._related("theme"))
        self.settings = self._related("settings")
        self.body = self.root.find(w("body"))
        self.paragraphs = list(self._paragraphs())
        self._by_element = {p.element: p for p in self.paragraphs}
        self.sections = self._sections()
        self.is_form = _is_form(self)
        if not self.is_form:
            assign_roles(self.top_paragraphs())
            for p in self.paragraphs:  # a 版记 is often in a table or text box at the foot
                if not p.role and is_imprint_line(p.text):
                    p.role = "imprint"

    # -- package ---------------------------------------------------------------
    def _xml(self, name: str) -> etree._Element | None:
        try:
            data = self._zip.read(name)
        except KeyError:
            return None
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise UnreadableDocx(f"{self.path.name} 已损坏，无法读取 {name}（{exc}）") from None
        try:
            return etree.fromstring(data, etree.XMLParser(resolve_entities=False, huge_tree=True))
        except etree.XMLSyntaxError:
            raise UnreadableDocx(f"{self.path.name} 已损坏：{name} 不是有效的 XML") from None

    def _main_part(self) -> str:
        rels = self._xml("_rels/.rels")
        if rels is not None:
            for rel in rels.iter(qn("rel:Relationship")):
                if rel.get("Type") == RT.OFFICE_DOCUMENT:
                    return rel.get("Target", "").lstrip("/")
        return "word/document.xml"

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        folder, name = posixpath.split(part)
        rels = self._xml(posixpath.join(folder, "_rels", f"{name}.rels"))
        found: dict[str, tuple[str, str]] = {}
        for rel in [] if rels is None else rels.iter(qn("rel:Relationship")):
            target = rel.get("Target", "")
            path = posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
            found[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], path)
        return found

    def _related(self, kind: str) -> etree._Element | None:
        for rel_type, path in self._rels.values():
            if rel_type == kind:
                return self._xml(path)
        return None

    def part_for(self, rel_id: str | None) -> etree._Element | None:
        """The XML part a relationship id of the main document points to."""
        target = self._rels.get(rel_id or "")
        return self._xml(target[1]) if target else None

    # -- content ---------------------------------------------------------------
    def _paragraphs(self) -> Iterator[Paragraph]:
        number = 0
        for element in self.body.iter(w("p")):
            if _in_fallback(element):
                continue
            number += 1
            yield self.read_paragraph(element, number)

    def read_paragraph(self, element: etree._Element, number: int = 0) -> Paragraph:
        """A paragraph (of the document or a footer) with its runs' effective formatting."""
        place = "body"
        for ancestor in element.iterancestors():
            if ancestor.tag == w("txbxContent"):
                place = "textbox"
                break
            if ancestor.tag == w("tbl"):
                place = "table"
                break
        runs = [
            RunText(run, run_text(run), self.styles.run_format(element, run))
            for run in element.iter(w("r"))
            if _owner(run) is element
        ]
        return Paragraph(number, element, place, self.styles.paragraph_format(element), runs)

    def blocks(self) -> Iterator[Paragraph | etree._Element]:
        """Top-level paragraphs and tables in order (content controls looked through)."""
        def walk(parent: etree._Element) -> Iterator[Paragraph | etree._Element]:
            for child in parent:
                if child.tag == w("p"):
                    yield self._by_element[child]
                elif child.tag == w("tbl"):
                    yield child
                elif child.tag in (w("sdt"), w("sdtContent"), w("customXml")):
                    yield from walk(child)

        return walk(self.body)

    def top_paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks() if isinstance(b, Paragraph)]

    def _sections(self) -> list[Section]:
        elements = [s for s in self.body.iter(w("sectPr")) if not _in_fallback(s)]
        sections = []
        inherited: dict[str, str] = {}
        for number, sect in enumerate(elements, start=1):
            for ref in sect.findall(w("footerReference")):
                inherited[ref.get(w("type"), "default")] = ref.get(qn("r:id"), "")
            footers = {kind: self.part_for(rid) for kind, rid in inherited.items()}
            sections.append(Section(number, sect, footers))
        return sections


def run_text(run: etree._Element) -> str:
    """The visible text of a run: text, tabs and line breaks (no field codes, no deletions)."""
    parts = []
    for child in run:
        tag = etree.QName(child).localname
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "tab":
            parts.append("\t")
        elif tag in ("br", "cr") and child.get(w("type")) != "page":
            parts.append("\n")
        elif tag == "noBreakHyphen":
            parts.append("-")
    return "".join(parts)


def _owner(run: etree._Element) -> etree._Element | None:
    """The nearest paragraph around a run, or None for a deleted or fallback run."""
    for ancestor in run.iterancestors():
        if ancestor.tag in (w("del"), qn("mc:Fallback")):
            return None
        if ancestor.tag == w("p"):
            return ancestor
    return None


def _in_fallback(element: etree._Element) -> bool:
    return any(a.tag == qn("mc:Fallback") for a in element.iterancestors())


def _open(path: Path) -> zipfile.ZipFile:
    if not path.is_file():
        raise UnreadableDocx(f"找不到文件：{path}")
    with path.open("rb") as handle:
        head = handle.read(4)
    if head == OLE_MAGIC:
        raise UnreadableDocx(
            f"{path.name} 是旧版 Word（.doc）或 WPS 格式，不是 .docx；请另存为 .docx 后再检查"
        )
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise UnreadableDocx(
            f"{path.name} 不是 .docx 文件（不是 Word 2007 及以后版本的文档），或已损坏"
        ) from None


def _is_form(doc: Document) -> bool:
    """A form: a table with at most a title, a caption and notes around it (表格类文件)."""
    blocks = list(doc.blocks())
    texts = [b for b in blocks if isinstance(b, Paragraph) and b.text.strip()]
    return any(not isinstance(b, Paragraph) for b in blocks) and len(texts) <= 4


def heading_level(text: str) -> tuple[int, int] | None:
    """The heading level of a paragraph from its numbering, and where the numbering ends."""
    for level, pattern in HEADING_PREFIXES:
        match = pattern.match(text)
        if match:
            return level, match.end()
    return None


def heading_span(text: str) -> int:
    """How many leading characters are the heading: up to the first 。 of a run-in heading."""
    stop = text.find("。")
    return stop + 1 if 0 <= stop < len(text.rstrip()) - 1 else len(text)


def is_list_item(text: str) -> bool:
    """A numbered paragraph that is one item of a list, not a heading: it is a single
    sentence ending in ；or 。 (a heading has no end mark; a run-in heading goes on after
    its 。)."""
    return text.rstrip().endswith(("；", ";", "。")) and heading_span(text) == len(text)


def _is_red(color: str | None) -> bool:
    if not color or len(color) != 6 or color.lower() == "auto":
        return False
    r, g, b = (int(color[i:i + 2], 16) for i in (0, 2, 4))
    return r >= 0xC0 and g < 0x60 and b < 0x60


def _is_header_line(p: Paragraph) -> bool:
    """A line of the 版头: 发文机关标志 (red), 发文字号, 份号, 密级, 紧急程度 or 签发人."""
    text = p.text.strip()
    return (
        any(_is_red(r.fmt.color) for r in p.runs if r.text.strip())
        or "发文机关标志" in p.fmt.style_name
        or bool(DOC_NUMBER.search(text))
        or "签发人" in text
        or bool(re.fullmatch(r"[0-9]{6}|特急|加急|特提|平急|.{0,2}密.{0,8}", text))
    )


TABLE_NOTE_CHARS = 40
"""Longest line next to a table read as its caption or note rather than body text."""


def assign_roles(paragraphs: list[Paragraph]) -> None:
    """Give each top-level paragraph its role in a 公文 (empty paragraphs keep no role)."""
    texts = [p for p in paragraphs if p.text.strip()]
    index = 0
    while index < len(texts) and _is_header_line(texts[index]):
        texts[index].role = "header"
        index += 1
    if index < len(texts) and not texts[index].text.rstrip().endswith(("：", ":")) and not heading_level(
        texts[index].text
    ):
        title = texts[index]
        title.role = "title"
        index += 1
        size = title.runs[0].fmt.size_pt if title.runs else None
        while index < len(texts) and index < 4 and _continues_title(texts[index], title, size):
            texts[index].role = "title"
            index += 1
        while index < len(texts) and _is_subtitle(texts[index]):
            texts[index].role = "subtitle"
            index += 1
    if index < len(texts) and texts[index].text.rstrip().endswith(("：", ":")):
        texts[index].role = "recipients"
        index += 1
    previous = ""
    for position in range(index, len(texts)):
        p = texts[position]
        text = p.text.strip()
        level = heading_level(text)
        if previous == "attachment_label":
            p.role = "attachment_title"
        elif ATTACHMENT_LABEL.match(text):
            p.role = "attachment_label"
        elif is_imprint_line(text):
            p.role = "imprint"
        elif DATE.fullmatch(text):
            p.role = "date"
            if position > index and texts[position - 1].role == "body":
                texts[position - 1].role = "signature"
        elif text.startswith("附件") or (previous == "attachment_note" and NUMBERED.match(text)):
            p.role = "attachment_note"
        elif p.fmt.jc == "center" and _before_table(p):
            p.role = "table_title"
        elif len(text) <= TABLE_NOTE_CHARS and (_before_table(p) or _after_table(p)):
            p.role = "table_note"  # 填报单位：…, 注：…, …监制: set in the table's type
        elif (level and not is_list_item(text)) or (
            p.fmt.outline_level is not None and p.fmt.outline_level < len(HEADING_PREFIXES)
        ):
            p.role, p.level = "heading", level[0] if level else p.fmt.outline_level + 1
        else:
            p.role = "body"
        previous = p.role


def _is_subtitle(p: Paragraph) -> bool:
    """A line centred under the title (a term, “（征求意见稿）”, “——在…上的讲话”)."""
    text = p.text.strip()
    return p.fmt.jc == "center" and not heading_level(text) and not text.endswith(("：", ":"))


def _continues_title(p: Paragraph, title: Paragraph, size: float | None) -> bool:
    """A further line of a title set as its own paragraph: same style and size, at least 18 pt."""
    first = p.runs[0].fmt.size_pt if p.runs else None
    return p.fmt.style_name == title.fmt.style_name and first == size and (size or 0) >= 18


def _before_table(p: Paragraph) -> bool:
    following = p.element.getnext()
    while following is not None and following.tag == w("p") and not "".join(following.itertext()).strip():
        following = following.getnext()
    return following is not None and following.tag == w("tbl")


def _after_table(p: Paragraph) -> bool:
    preceding = p.element.getprevious()
    while preceding is not None and preceding.tag == w("p") and not "".join(preceding.itertext()).strip():
        preceding = preceding.getprevious()
    return preceding is not None and preceding.tag == w("tbl")
