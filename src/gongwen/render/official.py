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


def model_context(document: Model) -> dict[str, Any]:
    """Every field of the model by name, and the model itself as ``document``."""
    return {**{name: getattr(document, name) for name in type(document).model_fields}, "document": document}


def docx_context(
    document: Model, outline: Outline, package: Package, styles: ooxml.StyleMap
) -> dict[str, Any]:
    """What a .docx template sees: the model's fields and the generated WordprocessingML.

    ``body``, ``attachment_note``, ``signature_block``, ``note_block``,
    ``attachment_pages`` and ``imprint`` are ready-made paragraphs for ``{{p … }}``.
    """
    context = model_context(document)
    context["body"] = Markup(ooxml.blocks_xml(styles, outline.body, keep_last=True))
    context["attachment_pages"] = Markup(ooxml.attachments_xml(styles, outline.attachments))
    context["attachment_note"] = Markup(ooxml.attachment_note_xml(styles, outline.attachment_titles))
    if isinstance(document, OfficialDocument):
        seal = package.add_image(document.issuer.seal) if document.issuer.seal else None
        date_text = cn_date(document.date)
        context["date_text"] = date_text
        context["signature_block"] = Markup(
            ooxml.signature_xml(styles, document.issuer.name, date_text, seal)
        )
        context["note_block"] = Markup(ooxml.note_xml(styles, document.note))
        printed = cn_date(document.print_date or document.date)
        context["imprint"] = Markup(ooxml.imprint_xml(styles, document.cc, document.printer, printed))
    return context
