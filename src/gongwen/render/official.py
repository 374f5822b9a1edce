"""The template context of an official document: its fields plus the generated parts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from ..derive.outline import AttachmentPages, Outline
from ..models.base import Model
from . import form_docx, ooxml
from .docx import Package
from .environment import model_context


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
    # the last paragraph keeps with the 署名 and 成文日期 — when there are any to keep with
    signed = bool(parts.signature or parts.date)
    context["body"] = Markup(ooxml.blocks_xml(styles, outline.body, keep_last=signed))
    context["attachment_pages"] = Markup(attachments_xml(styles, package, outline.attachments))
    context["attachment_note"] = Markup(ooxml.attachment_note_xml(styles, outline.attachment_titles))
    context["date_text"] = parts.date
    context["subtitle_lines"] = list(parts.subtitle)
    context["signature_block"] = Markup(
        ooxml.signature_xml(styles, parts.signature, parts.date, seal, keep_next=bool(parts.note))
    )
    context["note_block"] = Markup(ooxml.note_xml(styles, parts.note))
    context["imprint"] = Markup(ooxml.imprint_xml(styles, parts.cc, parts.printer, parts.printed))
    return context


def attachments_xml(styles: ooxml.StyleMap, package: Package, pages: Sequence[AttachmentPages]) -> str:
    """Each attachment from a new page: its label, its title, then its text or its form.

    A form on paper or in an orientation other than the document's (a landscape 公示牌)
    gets a section of its own with that page and the forms' margins; the page numbers
    run on. One-sheet forms are fitted below the label and title; what does not fit is
    reported in the package's warnings.
    """
    document = ooxml.body_section(package.parts["word/document.xml"].decode("utf-8"))
    current = document
    parts = []
    for page in pages:
        section = document
        if page.form is not None and form_docx.page_size(page.form) != form_docx.section_size(document):
            section = form_docx.with_page(document, page.form, form_docx.FORM_MARGIN)
        starts = section != current
        if starts:
            parts.append(ooxml.section_break(current))
            current = section
        parts.append(ooxml.attachment_head_xml(styles, page, break_before=not starts))
        if page.form is None:
            parts.append(ooxml.blocks_xml(styles, page.blocks))
            continue
        width = form_docx.type_area(section)[0]
        above = form_docx.TITLE_PITCH_PT + form_docx.title_height(
            page.title, width, styles.size("attachment-title"), 2
        )
        parts.append(form_docx.attachment_form_xml(styles, package, page.form, section, above))
    if current != document:
        parts.append(ooxml.section_break(current))
    return "".join(parts)
