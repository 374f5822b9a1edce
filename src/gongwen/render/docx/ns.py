"""The namespaces of Office Open XML (ECMA-376) that gongwen writes and reads, and the
relationship and content types of the parts it adds: the one place their URIs are spelt.

``qn("w:p")`` is the Clark name lxml uses (``{…/main}p``); ``nsdecls("w", "r")`` declares
prefixes in an XML fragment.
"""

from __future__ import annotations

NAMESPACES: dict[str, str] = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "dcmitype": "http://purl.org/dc/dcmitype/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
"""Prefix → namespace URI. ``rel`` and ``ct`` are the default namespaces of a package's
relationship parts and of ``[Content_Types].xml``."""

W = NAMESPACES["w"]
R = NAMESPACES["r"]
WP = NAMESPACES["wp"]
A = NAMESPACES["a"]
PIC = NAMESPACES["pic"]
C = NAMESPACES["c"]
WPS = NAMESPACES["wps"]
MC = NAMESPACES["mc"]
REL = NAMESPACES["rel"]
WORD = "http://schemas.microsoft.com/office/word"
"""The URI Word's compatibility settings name themselves by (not a namespace)."""


def qn(tag: str) -> str:
    """The Clark name of a prefixed tag or attribute: ``qn("w:p")`` → ``{…/main}p``."""
    prefix, local = tag.split(":")
    return f"{{{NAMESPACES[prefix]}}}{local}"


def nsdecls(*prefixes: str) -> str:
    """Namespace declarations for an XML fragment: `` xmlns:w="…"`` for each prefix."""
    return "".join(f' xmlns:{prefix}="{NAMESPACES[prefix]}"' for prefix in prefixes)


class RT:
    """Relationship types."""

    OFFICE_DOCUMENT = f"{R}/officeDocument"
    CORE_PROPERTIES = f"{REL}/metadata/core-properties"
    EXTENDED_PROPERTIES = f"{R}/extended-properties"
    STYLES = f"{R}/styles"
    SETTINGS = f"{R}/settings"
    FONT_TABLE = f"{R}/fontTable"
    FOOTER = f"{R}/footer"
    IMAGE = f"{R}/image"
    CHART = f"{R}/chart"
    PACKAGE = f"{R}/package"


class CT:
    """Content types."""

    _OFFICE = "application/vnd.openxmlformats-officedocument"
    _WORD = f"{_OFFICE}.wordprocessingml"
    DOCUMENT = f"{_WORD}.document.main+xml"
    STYLES = f"{_WORD}.styles+xml"
    SETTINGS = f"{_WORD}.settings+xml"
    FONT_TABLE = f"{_WORD}.fontTable+xml"
    FOOTER = f"{_WORD}.footer+xml"
    CHART = f"{_OFFICE}.drawingml.chart+xml"
    XLSX = f"{_OFFICE}.spreadsheetml.sheet"
    EXTENDED_PROPERTIES = f"{_OFFICE}.extended-properties+xml"
    CORE_PROPERTIES = "application/vnd.openxmlformats-package.core-properties+xml"
    RELATIONSHIPS = "application/vnd.openxmlformats-package.relationships+xml"
    XML = "application/xml"


IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
"""Content types of the pictures gongwen places (seals, photos), by file suffix."""
