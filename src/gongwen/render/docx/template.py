"""DOCX rendering: a docxtpl template compiled once, rendered many times.

docxtpl's own ``DocxTemplate`` reopens the package with python-docx and re-parses
the template on every render. Here the template's XML parts are pre-processed
with docxtpl's tag syntax (``{%p %}``, ``{{r }}``, ``{%tr %}`` …) and compiled by
a sandboxed, autoescaped Jinja2 environment once; each render only runs the
compiled templates and writes a new zip around them.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate as _DocxtplTemplate
from lxml import etree
from markupsafe import Markup

from ...errors import TemplateError
from ...limits import package_problem, regular_file
from ...models.base import clean_text
from ..environment import make_environment, render_template, template_error
from .package import CoreProperties, Package, core_xml, malformed_part
from .wordml import StyleMap

JINJA_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes)\.xml$")
DRAWING_ID = re.compile(rb"<(?:\w+:)?docPr\b[^>]*?\sid=\"(\d+)\"")

_BR = '</w:t><w:br/><w:t xml:space="preserve">'


def finalize_xml(value: Any) -> Any:
    """Jinja ``finalize`` for WordprocessingML: clean, escape, keep line breaks.

    Values already marked safe (WordprocessingML built by this package) pass through untouched.
    """
    if isinstance(value, Markup) or value is None:
        return "" if value is None else value
    text = Markup.escape(clean_text(str(value)))
    return Markup(str(text).replace("\n", _BR))


class CompiledDocx:
    """A .docx template read and compiled once; ``render`` can be called many times."""

    def __init__(
        self, path: Path, environment: jinja2.Environment | None = None, time_limit: float | None = None
    ) -> None:
        self.path = Path(path)
        self.environment = environment or make_environment(finalize_xml, time_limit=time_limit)
        refused = regular_file(self.path)
        if refused:
            raise TemplateError(f"模板文件 {self.path} 无法读取：{refused}")
        try:
            with zipfile.ZipFile(self.path) as package:
                refused = package_problem(package)
                if refused:
                    raise TemplateError(f"模板文件 {self.path} 不能使用：{refused}")
                self.parts = {name: package.read(name) for name in package.namelist()}
        except (OSError, zipfile.BadZipFile) as exc:
            raise TemplateError(f"模板文件 {self.path} 不是有效的 .docx：{exc}") from None
        if "word/document.xml" not in self.parts:
            raise TemplateError(f"模板文件 {self.path} 缺少 word/document.xml，不是 Word 文档")
        broken = malformed_part(self.parts)
        if broken is not None:
            raise TemplateError(f"模板文件 {self.path} 的 {broken[0]} 不是合法的 XML（{broken[1]}）；"
                                "请在 Word 中打开并另存一次")
        self.styles = StyleMap(self.parts.get("word/styles.xml", b"<w:styles/>"))
        self.drawing_ids = frozenset(
            int(found) for name, data in self.parts.items() if name.startswith("word/")
            for found in DRAWING_ID.findall(data)
        )
        patcher = _DocxtplTemplate(self.path)
        self._templates: dict[str, jinja2.Template] = {}
        self._sources: dict[str, str] = {}
        self._needs_table_fix: set[str] = set()
        for name, data in self.parts.items():
            if not JINJA_PARTS.match(name):
                continue
            try:
                xml = data.decode("utf-8")
            except UnicodeDecodeError:
                raise TemplateError(
                    f"模板文件 {self.path} 的 {name} 不是 UTF-8 编码；请在 Word 中另存一次"
                ) from None
            if "{{" not in xml and "{%" not in xml:
                continue
            source = re.sub(r"<w:p([ >])", r"\n<w:p\1", patcher.patch_xml(xml))
            if re.search(r"{%\s*(tc|colspan|hm)\b", xml):
                self._needs_table_fix.add(name)
            try:
                self._templates[name] = self.environment.from_string(source)
            except jinja2.TemplateSyntaxError as exc:
                raise template_error(self.path, exc, source) from None
            self._sources[name] = source
        self._patcher = patcher

    def new_package(self) -> Package:
        """A fresh copy of the template's parts, to add pictures and parts to and render into."""
        return Package(dict(self.parts), self.drawing_ids, template=self.parts)

    def render_into(
        self, package: Package, context: Mapping[str, Any], properties: CoreProperties
    ) -> Package:
        """Render the template's XML parts with ``context`` into ``package``."""
        for name, template in self._templates.items():
            xml = render_template(template, context, self.path)
            xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
            xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
            data = xml.encode("utf-8")
            try:
                etree.fromstring(data, _PARSER)
            except etree.XMLSyntaxError as exc:
                raise self._broken(name, exc) from None
            if name in self._needs_table_fix:
                data = self._fix_tables(name, data)
            package.parts[name] = data
        package.parts["docProps/core.xml"] = core_xml(properties)
        package.finish()
        return package

    def _fix_tables(self, name: str, data: bytes) -> bytes:
        """docxtpl's table tags ({% colspan %}, {% hm %} …) applied to a rendered part."""
        spans = [s for s in _GRID_SPAN.findall(data)
                 if not s.isdigit() or not 1 <= int(s) <= MAX_COLUMNS]
        if spans:
            raise TemplateError(f"模板 {self.path} 中 {{% colspan %}} 的值应为 1 到 {MAX_COLUMNS} 的整数"
                                f"（Word 表格最多 {MAX_COLUMNS} 列），而不是“{spans[0].decode()[:40]}”")
        try:
            tree = self._patcher.fix_tables(data)
        except (AttributeError, TypeError, ValueError) as exc:  # docxtpl on a table it cannot read
            raise TemplateError(f"模板 {self.path} 的 {name} 中有表格无法按 colspan/hm 等标签调整（{exc}）；"
                                "请在 Word 中重新插入该表格") from None
        return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _broken(self, name: str, exc: Exception) -> TemplateError:
        """The template's fault when a part it rendered is not well-formed XML (or docxtpl's
        table tags cannot be applied): the tag whose two ends sit in different places of the
        XML, when one does."""
        tag = straddling_tag(self._sources[name])
        if tag is None:
            return TemplateError(f"模板 {self.path} 生成的 {name} 不是合法的 XML（{exc}）；"
                                 "请检查模板中的标签")
        opening, closing, where = tag
        return TemplateError(
            f"模板 {self.path} 中的 {opening} … {closing} 跨越了 Word 文档结构的边界（{where}），"
            f"条件不成立时会生成损坏的 {name}；请把它们放在同一段落或单元格内，"
            "或用 {%p if %}（整段）、{%tr if %}（整行）、{%tc if %}（整格）的写法"
        )


MAX_COLUMNS = 63
"""Most columns a Word table has, so the most cells a {% colspan %} may span."""
_GRID_SPAN = re.compile(rb'<w:gridSpan w:val="([^"]*)"')
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_TOKENS = re.compile(r"\{%-?\s*(\w+)[^%]*?-?%\}|<(/?)([\w:]+)(?:\s[^>]*?)?(/?)>")
_BLOCKS = frozenset({"if", "for", "with", "macro", "call", "filter", "block", "raw"})


def straddling_tag(source: str) -> tuple[str, str, str] | None:
    """The first Jinja block of a compiled template part whose start and end (or ``else``)
    sit inside different XML elements: (its opening tag, the tag closing it, where each is)."""
    elements: list[str] = []
    blocks: list[tuple[str, tuple[str, ...]]] = []
    for token in _TOKENS.finditer(source):
        word, closing, element, empty = token.groups()
        if element:
            if closing:
                if elements and elements[-1] == element:
                    elements.pop()
            elif not empty and not element.startswith("?"):
                elements.append(element)
            continue
        if word in _BLOCKS:
            blocks.append((token.group(), tuple(elements)))
        elif blocks and (word.startswith("end") or word in ("else", "elif")):
            opening, inside = blocks[-1]
            if word.startswith("end"):
                blocks.pop()
            if tuple(elements) != inside:
                return opening, token.group(), f"开始于{_place(inside)}，结束于{_place(tuple(elements))}"
    return None


_PLACES = {"w:tbl": "表格", "w:tr": "行", "w:tc": "单元格", "w:p": "段落", "w:sdt": "内容控件"}


def _place(elements: tuple[str, ...]) -> str:
    """Where in a document a stack of open elements is, in words: 表格→行→单元格→段落."""
    return "→".join(_PLACES[e] for e in elements if e in _PLACES) or "正文"
