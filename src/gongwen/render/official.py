"""The template context of an official document: its fields plus the generated parts."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..derive.outline import Outline
from ..filters import cn_date
from ..models.base import Model
from ..models.plan import OfficialDocument
from . import ooxml
from .docx import Package


def print_date_text(document: OfficialDocument) -> str:
    """印发日期: the print date, else the date of the document, else nothing."""
    day = document.print_date or document.date
    return cn_date(day) if day else ""


def model_context(document: Model) -> dict[str, Any]:
    """Every field of the model by name, and the model itself as ``document``."""
    return {**{name: getattr(document, name) for name in type(document).model_fields}, "document": document}


def docx_context(
    document: Model, outline: Outline, package: Package, styles: ooxml.StyleMap
) -> dict[str, Any]:
    """What a .docx template sees: the model's fields and the generated WordprocessingML.

    ``body``, ``attachment_note``, ``signature_block``, ``note_block``,
    ``attachment_pages`` and ``imprint`` are ready-made paragraphs for ``{{p … }}``;
    ``subtitle_lines`` are the lines under the title.
    """
    context = model_context(document)
    context["body"] = Markup(ooxml.blocks_xml(styles, outline.body, keep_last=True))
    context["attachment_pages"] = Markup(ooxml.attachments_xml(styles, outline.attachments))
    context["attachment_note"] = Markup(ooxml.attachment_note_xml(styles, outline.attachment_titles))
    if isinstance(document, OfficialDocument):
        issuer = document.issuer
        seal = package.add_image(issuer.seal) if issuer and issuer.seal else None
        date_text = cn_date(document.date) if document.date else ""
        context["date_text"] = date_text
        context["subtitle_lines"] = document.subtitle_lines
        context["signature_block"] = Markup(
            ooxml.signature_xml(styles, issuer.name if issuer else "", date_text, seal,
                                keep_next=bool(document.note))
        )
        context["note_block"] = Markup(ooxml.note_xml(styles, document.note))
        context["imprint"] = Markup(
            ooxml.imprint_xml(styles, document.cc, document.printer, print_date_text(document))
        )
    return context
