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
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate as _DocxtplTemplate
from lxml import etree
from markupsafe import Markup

from ..errors import TemplateError
from .environment import make_environment, render_template, template_error
from .files import write_zip_atomic
from .ooxml import Image, StyleMap, clean_text, merge_trailing_section, xml_text

JINJA_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes)\.xml$")

_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
_BR = '</w:t><w:br/><w:t xml:space="preserve">'


def finalize_xml(value: Any) -> Any:
    """Jinja ``finalize`` for WordprocessingML: clean, escape, keep line breaks.

    Values already marked safe (XML built by :mod:`ooxml`) pass through untouched.
    """
    if isinstance(value, Markup) or value is None:
        return "" if value is None else value
    text = Markup.escape(clean_text(str(value)))
    return Markup(str(text).replace("\n", _BR))


@dataclass(frozen=True)
class CoreProperties:
    """Document properties written to docProps/core.xml, all taken from the data."""

    title: str
    author: str
    subject: str
    created: datetime


@dataclass(frozen=True)
class _Part:
    """A part added to a package while rendering (a footer …)."""

    rel_id: str
    name: str
    content_type: str
    rel_type: str
    data: bytes


@dataclass
class Package:
    """The parts of one document being written, what rendering adds to them, and what
    rendering noticed that the user should know (``warnings``, in Chinese)."""

    parts: dict[str, bytes]
    images: list[tuple[str, Path]] = field(default_factory=list)
    added: list[_Part] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add_image(self, path: Path) -> Image:
        """Register an image file; return what a drawing needs to show it."""
        index = len(self.images) + 1
        self.images.append((f"rIdGongwenImage{index}", path))
        return Image(rel_id=f"rIdGongwenImage{index}", docpr_id=9000 + index)

    def add_part(self, name: str, data: bytes, content_type: str, rel_type: str) -> str:
        """Register a part of the document (``word/<name>``); return its relationship id."""
        rel_id = f"rIdGongwenPart{len(self.added) + 1}"
        self.added.append(_Part(rel_id, name, content_type, rel_type, data))
        return rel_id

    def finish(self) -> None:
        """Add registered images and parts to relationships and content types; drop an
        empty last section (see :func:`ooxml.merge_trailing_section`)."""
        document = self.parts["word/document.xml"].decode("utf-8")
        self.parts["word/document.xml"] = merge_trailing_section(document).encode("utf-8")
        if not self.images and not self.added:
            return
        rels_name = "word/_rels/document.xml.rels"
        rels = self.parts[rels_name].decode("utf-8")
        types = self.parts["[Content_Types].xml"].decode("utf-8")

        def relate(rel_id: str, rel_type: str, target: str) -> None:
            nonlocal rels
            rels = rels.replace(
                "</Relationships>",
                f'<Relationship Id="{rel_id}" Type="{rel_type}" Target="{target}"/></Relationships>',
            )

        for rel_id, path in self.images:
            suffix = path.suffix.lower()
            target = f"media/gongwen-{rel_id}{suffix}"
            self.parts[f"word/{target}"] = path.read_bytes()
            relate(rel_id, _IMAGE_REL, target)
            extension = suffix.lstrip(".")
            if f'Extension="{extension}"' not in types:
                types = types.replace(
                    "</Types>",
                    f'<Default Extension="{extension}" ContentType="{_IMAGE_TYPES[suffix]}"/></Types>',
                )
        for part in self.added:
            self.parts[f"word/{part.name}"] = part.data
            relate(part.rel_id, part.rel_type, part.name)
            types = types.replace(
                "</Types>",
                f'<Override PartName="/word/{part.name}" ContentType="{part.content_type}"/></Types>',
            )
        self.parts[rels_name] = rels.encode("utf-8")
        self.parts["[Content_Types].xml"] = types.encode("utf-8")


def core_xml(props: CoreProperties) -> bytes:
    """docProps/core.xml for the given properties."""
    stamp = props.created.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        "<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{xml_text(props.title)}</dc:title><dc:subject>{xml_text(props.subject)}</dc:subject>"
        f"<dc:creator>{xml_text(props.author)}</dc:creator>"
        f"<cp:lastModifiedBy>{xml_text(props.author)}</cp:lastModifiedBy>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


class CompiledDocx:
    """A .docx template read and compiled once; ``render`` can be called many times."""

    def __init__(
        self, path: Path, environment: jinja2.Environment | None = None, time_limit: float | None = None
    ) -> None:
        self.path = Path(path)
        self.environment = environment or make_environment(finalize_xml, time_limit=time_limit)
        try:
            with zipfile.ZipFile(self.path) as package:
                self.parts = {name: package.read(name) for name in package.namelist()}
        except (OSError, zipfile.BadZipFile) as exc:
            raise TemplateError(f"模板文件 {self.path} 不是有效的 .docx：{exc}") from None
        if "word/document.xml" not in self.parts:
            raise TemplateError(f"模板文件 {self.path} 缺少 word/document.xml，不是 Word 文档")
        self.styles = StyleMap(self.parts.get("word/styles.xml", b"<w:styles/>"))
        patcher = _DocxtplTemplate(self.path)
        self._templates: dict[str, jinja2.Template] = {}
        self._needs_table_fix: set[str] = set()
        for name, data in self.parts.items():
            if not JINJA_PARTS.match(name):
                continue
            xml = data.decode("utf-8")
            if "{{" not in xml and "{%" not in xml:
                continue
            source = re.sub(r"<w:p([ >])", r"\n<w:p\1", patcher.patch_xml(xml))
            if re.search(r"{%\s*(tc|colspan|hm)\b", xml):
                self._needs_table_fix.add(name)
            try:
                self._templates[name] = self.environment.from_string(source)
            except jinja2.TemplateSyntaxError as exc:
                raise template_error(self.path, exc, source) from None
        self._patcher = patcher

    def new_package(self) -> Package:
        """A fresh copy of the template's parts, to register images in and render into."""
        return Package(dict(self.parts))

    def render_into(
        self, package: Package, context: Mapping[str, Any], properties: CoreProperties
    ) -> Package:
        """Render the template's XML parts with ``context`` into ``package``."""
        for name, template in self._templates.items():
            xml = render_template(template, context, self.path)
            xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
            xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
            if name in self._needs_table_fix:
                xml = etree.tostring(self._patcher.fix_tables(xml), encoding="unicode")
            package.parts[name] = xml.encode("utf-8")
        package.parts["docProps/core.xml"] = core_xml(properties)
        package.finish()
        return package


def write_package(package: Package, target: Path) -> Path:
    """Write a rendered package as a .docx, atomically and byte-reproducibly."""
    return write_zip_atomic(package.parts, target)
