"""The package of one .docx being written: its parts, what rendering adds to them (images,
parts), the document properties, and writing it out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..files import write_zip_atomic
from .ooxml import Image, merge_trailing_section, xml_text

_IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


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


def write_package(package: Package, target: Path) -> Path:
    """Write a rendered package as a .docx, atomically and byte-reproducibly."""
    return write_zip_atomic(package.parts, target)
