"""The template context of an official document: its fields plus the generated parts."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..derive.outline import Outline
from ..models.base import Model
from . import ooxml
from .docx import Package


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
    parts = outline.parts
    seal = package.add_image(parts.seal) if parts.seal else None
    context["body"] = Markup(ooxml.blocks_xml(styles, outline.body, keep_last=True))
    context["attachment_pages"] = Markup(ooxml.attachments_xml(styles, outline.attachments))
    context["attachment_note"] = Markup(ooxml.attachment_note_xml(styles, outline.attachment_titles))
    context["date_text"] = parts.date
    context["subtitle_lines"] = list(parts.subtitle)
    context["signature_block"] = Markup(
        ooxml.signature_xml(styles, parts.signature, parts.date, seal, keep_next=bool(parts.note))
    )
    context["note_block"] = Markup(ooxml.note_xml(styles, parts.note))
    context["imprint"] = Markup(ooxml.imprint_xml(styles, parts.cc, parts.printer, parts.printed))
    return context
