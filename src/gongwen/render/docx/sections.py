"""Sections of a document (``w:sectPr``): the page set-up of the body's last section,
sections for pages of other paper or orientation (a form printed as an attachment), and
section breaks."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...standard import A4, FORM_MARGIN, PAPERS

if TYPE_CHECKING:
    from ...derive.forms import FormLayout

MARGIN = FORM_MARGIN.twips
"""Margins of a form's own page, in twips, as in the built-in form templates."""
_PG_SZ = re.compile(r"<w:pgSz\b[^>]*/>")
_PG_MAR = re.compile(r"<w:pgMar\b([^>]*)/>")


def page_size(layout: FormLayout) -> tuple[int, int]:
    """Page width and height in twips for the layout's paper and orientation."""
    width, height = PAPERS[layout.paper]
    if layout.landscape:
        width, height = height, width
    return width.twips, height.twips


def margins(sect_pr: str) -> dict[str, int]:
    """Top, right, bottom and left page margins of a section, in twips."""
    match = _PG_MAR.search(sect_pr)
    found = dict(re.findall(r'w:(top|right|bottom|left)="(-?\d+)"', match.group(1))) if match else {}
    return {side: abs(int(found.get(side, MARGIN))) for side in ("top", "right", "bottom", "left")}


def with_page(sect_pr: str, layout: FormLayout, margin: int | None = None) -> str:
    """A section's properties with the layout's paper and orientation (and, when given,
    ``margin`` twips all round, header and footer half as far from the edge)."""
    width, height = page_size(layout)
    orient = ' w:orient="landscape"' if layout.landscape else ""
    sect_pr = _PG_SZ.sub(f'<w:pgSz w:w="{width}" w:h="{height}"{orient}/>', sect_pr, count=1)
    if margin is None:
        return sect_pr
    distance = {"top": margin, "right": margin, "bottom": margin, "left": margin,
                "header": margin // 2, "footer": margin // 2}

    def set_margins(match: re.Match[str]) -> str:
        attributes = re.sub(r'w:(top|right|bottom|left|header|footer)="-?\d+"',
                            lambda a: f'w:{a.group(1)}="{distance[a.group(1)]}"', match.group(1))
        return f"<w:pgMar{attributes}/>"

    return _PG_MAR.sub(set_margins, sect_pr, count=1)


def section_size(sect_pr: str) -> tuple[int, int]:
    """Page width and height of a section, in twips (A4 portrait when not given)."""
    size = _PG_SZ.search(sect_pr)
    found = dict(re.findall(r'w:(w|h)="(\d+)"', size.group())) if size else {}
    return int(found.get("w", A4[0].twips)), int(found.get("h", A4[1].twips))


def type_area(sect_pr: str) -> tuple[int, int]:
    """Width and height in twips inside a section's margins."""
    width, height = section_size(sect_pr)
    space = margins(sect_pr)
    return width - space["left"] - space["right"], height - space["top"] - space["bottom"]


def _body_section_span(document_xml: str) -> tuple[int, int]:
    end = document_xml.rfind("</w:body>")
    return document_xml.rfind("<w:sectPr", 0, end), end



def body_section(document_xml: str) -> str:
    """The ``w:sectPr`` of a document's last section (the one closing its body)."""
    start, end = _body_section_span(document_xml)
    return document_xml[start:end].strip() if start != -1 else "<w:sectPr/>"



def with_body_section(document_xml: str, sect_pr: str) -> str:
    """The document with its last section's properties replaced by ``sect_pr``."""
    start, end = _body_section_span(document_xml)
    return document_xml[:start] + sect_pr + document_xml[end:] if start != -1 else document_xml



def section_break(sect_pr: str) -> str:
    """A paragraph ending a section with the page set-up ``sect_pr``; what follows starts
    a new page."""
    return f"<w:p><w:pPr>{sect_pr}</w:pPr></w:p>"



def merge_trailing_section(document_xml: str) -> str:
    """A section break with nothing after it would leave an empty last page: the
    document's last section takes the page set-up of the section it ends instead."""
    start, end = _body_section_span(document_xml)
    before = document_xml[:start].rstrip()
    closing = "</w:sectPr></w:pPr></w:p>"
    opening = before.rfind("<w:p><w:pPr><w:sectPr")
    if start == -1 or not before.endswith(closing) or opening == -1:
        return document_xml
    inner = before[opening + len("<w:p><w:pPr>") : -len("</w:pPr></w:p>")]
    if "<w:p>" in inner or "<w:p " in inner:
        return document_xml
    return before[:opening] + inner + document_xml[end:]
