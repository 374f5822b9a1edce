"""The package of one .docx being written: its parts, and what rendering adds to them.

The package owns the ids of a document: it adds pictures, parts (footers, charts) and files
(an embedded workbook) with their relationships — read and written with lxml — and their
content types, and hands out the ``wp:docPr`` id of every drawing, so that no two collide
and none is chosen by the code that draws it.
"""

from __future__ import annotations

import itertools
import posixpath
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from lxml import etree

from ...errors import TemplateError
from ...loaders.images import image_bytes
from ..files import write_zip_atomic
from .ns import IMAGE_TYPES, NAMESPACES, RT, nsdecls, qn
from .sections import merge_trailing_section
from .wordml import xml_text

MAIN = "word/document.xml"
TYPES = "[Content_Types].xml"
DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
DRAWING_IDS = {"picture": 9001, "text box": 9500, "chart": 9501}
"""Where the ``wp:docPr`` ids of each kind of drawing rendering adds start."""
_PROLOGUE = re.compile(rb"\s*<\?xml[^>]*\?>\s*")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


@dataclass(frozen=True)
class CoreProperties:
    """Document properties written to docProps/core.xml, all taken from the data."""

    title: str
    author: str
    subject: str
    created: datetime


@dataclass(frozen=True)
class Image:
    """A picture added to the package: its relationship and the id of the drawing showing it."""

    rel_id: str
    docpr_id: int


def relationships_part(part: str) -> str:
    """The name of a part's relationships part: ``word/document.xml`` → ``word/_rels/document.xml.rels``."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


class Package:
    """The parts of one document being written, what rendering adds to them, and what
    rendering noticed that the user should know (``warnings``, in Chinese).

    ``drawing_ids`` are the ``wp:docPr`` ids the template's drawings already use;
    ``template`` the parts it was copied from, so that those left unchanged are known.
    """

    def __init__(self, parts: dict[str, bytes], drawing_ids: Iterable[int] = (),
                 template: Mapping[str, bytes] | None = None) -> None:
        self.parts = parts
        self.template = template or {}
        self.warnings: list[str] = []
        self._edited: dict[str, etree._Element] = {}  # relationships and content types, parsed
        self._drawings = set(drawing_ids)

    def drawing_id(self, kind: str) -> int:
        """The ``wp:docPr`` id of a new drawing (``picture``, ``text box`` or ``chart``): the
        first from where its kind's ids start that no drawing of the document has."""
        found = next(n for n in itertools.count(DRAWING_IDS[kind]) if n not in self._drawings)
        self._drawings.add(found)
        return found

    def _xml(self, name: str, root: str) -> etree._Element:
        """A relationships or content-types part being edited; a new one when it is missing."""
        if name not in self._edited:
            data = self.parts.get(name)
            prefix = root.split(":")[0]
            self._edited[name] = (
                etree.fromstring(data, _PARSER) if data
                else etree.Element(qn(root), nsmap={None: NAMESPACES[prefix]})
            )
        return self._edited[name]

    def _relationships(self, part: str) -> etree._Element:
        return self._xml(relationships_part(part), "rel:Relationships")

    def _free_id(self, part: str, prefix: str) -> str:
        """The first relationship id ``prefix``N that the part's relationships do not use."""
        used = {element.get("Id") for element in self._relationships(part)}
        return next(f"{prefix}{n}" for n in itertools.count(1) if f"{prefix}{n}" not in used)

    def relate(self, source: str, rel_type: str, target: str, *, prefix: str = "rId",
               rel_id: str | None = None) -> str:
        """Relate part ``source`` to ``target`` (relative to it); return the relationship's id:
        ``rel_id`` when the part's XML already names it, else the first free ``prefix``N."""
        rel_id = rel_id or self._free_id(source, prefix)
        etree.SubElement(self._relationships(source), qn("rel:Relationship"),
                         {"Id": rel_id, "Type": rel_type, "Target": target})
        return rel_id

    def add_file(self, name: str, data: bytes, content_type: str) -> None:
        """Add a part whose content type goes by its extension (a picture, a workbook)."""
        self.parts[name] = data
        types = self._xml(TYPES, "ct:Types")
        extension = posixpath.splitext(name)[1].lstrip(".")
        if all(default.get("Extension") != extension for default in types.iter(qn("ct:Default"))):
            etree.SubElement(types, qn("ct:Default"), {"Extension": extension, "ContentType": content_type})

    def add_part(self, name: str, data: bytes, content_type: str, rel_type: str,
                 prefix: str = "rIdGongwenPart") -> str:
        """Add a part of the document (``word/<name>``); return its relationship id."""
        self.parts[f"word/{name}"] = data
        etree.SubElement(self._xml(TYPES, "ct:Types"), qn("ct:Override"),
                         {"PartName": f"/word/{name}", "ContentType": content_type})
        return self.relate(MAIN, rel_type, name, prefix=prefix)

    def add_image(self, path: Path) -> Image:
        """Add a picture file (PNG or JPEG, checked by decoding it; a DataError naming it
        when it cannot be drawn); return what a drawing needs to show it."""
        data = image_bytes(path)
        suffix = path.suffix.lower()
        rel_id = self._free_id(MAIN, "rIdGongwenImage")
        target = f"media/gongwen-{rel_id}{suffix}"
        self.add_file(f"word/{target}", data, IMAGE_TYPES[suffix])
        self.relate(MAIN, RT.IMAGE, target, rel_id=rel_id)
        return Image(rel_id, self.drawing_id("picture"))

    def finish(self) -> None:
        """Write the edited relationships and content types back into their parts; drop an
        empty last section (see :func:`sections.merge_trailing_section`)."""
        document = self.parts[MAIN].decode("utf-8")
        self.parts[MAIN] = merge_trailing_section(document).encode("utf-8")
        for name, root in self._edited.items():
            found = _PROLOGUE.match(self.parts.get(name, DECLARATION))
            self.parts[name] = (found.group() if found else b"") + etree.tostring(
                root, encoding="unicode"
            ).encode("utf-8")
        self._edited.clear()


def core_xml(props: CoreProperties) -> bytes:
    """docProps/core.xml for the given properties."""
    stamp = props.created.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<cp:coreProperties{nsdecls("cp", "dc", "dcterms", "dcmitype", "xsi")}>'
        f"<dc:title>{xml_text(props.title)}</dc:title><dc:subject>{xml_text(props.subject)}</dc:subject>"
        f"<dc:creator>{xml_text(props.author)}</dc:creator>"
        f"<cp:lastModifiedBy>{xml_text(props.author)}</cp:lastModifiedBy>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def malformed_part(parts: dict[str, bytes], checked: Collection[str] = ()) -> tuple[str, str] | None:
    """The first XML part (``.xml``, ``.rels``) of a package that is not well-formed, and
    lxml's reason; None when every part parses. Parts in ``checked`` (the template's own,
    parsed when it was compiled) are not parsed again."""
    for name in sorted(parts):
        if name.endswith((".xml", ".rels")) and name not in checked:
            try:
                etree.fromstring(parts[name], _XML_PARSER)
            except etree.XMLSyntaxError as exc:
                return name, str(exc)
    return None


def write_package(package: Package, target: Path) -> Path:
    """Write a rendered package as a .docx, atomically and byte-reproducibly; a package
    with a part that is not well-formed XML is refused (a TemplateError) and replaces nothing.
    The template's unchanged parts are compressed once (see :func:`write_zip`)."""
    static = {name for name, data in package.parts.items() if package.template.get(name) is data}
    broken = malformed_part(package.parts, static)
    if broken is not None:
        part, reason = broken
        raise TemplateError(f"生成的 {Path(target).name} 中 {part} 不是合法的 XML（{reason}），未写入")
    return write_zip_atomic(package.parts, target, static)
