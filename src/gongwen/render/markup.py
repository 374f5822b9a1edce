"""Markdown and HTML for publishing on a website.

A document is rendered to Markdown by its template's ``md`` file (Jinja2), from
the model's fields and the numbered outline (the same numbering as the .docx:
一、（一）1.（1）). HTML is that Markdown converted by the ``markdown`` package and
placed in the template's ``html`` page layout.

Data can never inject markup: every value a template prints is escaped for
Markdown (``* _ # | [ ] \\``, list markers at the start of a line) and for HTML
(``< > &``), and the converted HTML passes an allow-list of tags and attributes
in which anything else is shown as text.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jinja2
import markdown
from markupsafe import Markup

from ..derive.forms import Cell, FormLayout
from ..derive.outline import (
    AttachmentPages,
    Block,
    Heading,
    Item,
    Outline,
    Paragraph,
    Run,
    TableBlock,
)
from ..loaders.images import image_bytes
from ..models.base import Model, clean_text
from ..standard import Twips
from .docx.sections import MARGIN, page_size
from .environment import make_environment, model_context, render_template, template_error
from .loader import RegistryLoader
from .text.columns import CellText, column_widths

MARKDOWN_EXTENSIONS = ("tables", "attr_list")

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|])")
_LIST_START = re.compile(r"^(\d+)([.)])")


def md_escape(text: str) -> str:
    """Text as literal Markdown: nothing in it can open markup, a list, a heading or a tag.

    Line breaks become ``<br>`` so a value always stays inside its paragraph or cell.
    """
    text = clean_text(str(text)).replace("\r\n", "\n").replace("\r", "\n")
    text = html.escape(text, quote=False)
    lines = []
    for line in text.split("\n"):
        line = _MD_SPECIAL.sub(r"\\\1", line.strip(" \t"))
        line = _LIST_START.sub(r"\1\\\2", line)
        if line.startswith(("-", "+")):
            line = "\\" + line
        elif line[:1] == "=":
            line = "&#61;" + line[1:]
        lines.append(line)
    return "<br>".join(lines)


def finalize_markdown(value: Any) -> Any:
    """Jinja ``finalize`` for Markdown templates: escape data, pass generated Markdown."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return Markup(md_escape(value))


def _runs(runs: Iterable[Run]) -> str:
    return "".join(f"**{md_escape(r.text)}**" if r.bold else md_escape(r.text) for r in runs)


def _table(block: TableBlock) -> str:
    def row(cells: Iterable[str]) -> str:
        return "| " + " | ".join(md_escape(c) for c in cells) + " |"

    lines = [f"{md_escape(block.title)}\n{{: .table-title }}\n"] if block.title else []
    lines += [row(block.columns), "| " + " | ".join("---" for _ in block.columns) + " |"]
    lines += [row(r) for r in block.rows]
    return "\n".join(lines)


def _item(block: Item) -> str:
    """An item: a paragraph led by its number; a lead (with its number) set in bold."""
    lead = md_escape(block.number + block.lead)
    if block.lead:
        lead = f"**{lead}**"
    return f"{lead}{_runs(block.runs)}\n{{: .item .level{block.level} }}"


def blocks_markdown(blocks: Iterable[Block]) -> str:
    """Outline blocks as Markdown: level-n headings as h(n+1) under the h1 title."""
    parts = []
    for block in blocks:
        if isinstance(block, Heading) and not block.runs:
            centred = " {: .chapter }" if block.centred else ""
            parts.append(f"{'#' * (block.level + 1)} {md_escape(block.text)}{centred}")
        elif isinstance(block, Item):
            parts.append(_item(block))
        elif isinstance(block, Heading):
            lead = f"**{md_escape(block.text)}**"
            parts.append(f"{lead}{_runs(block.runs)}\n{{: .run-in .level{block.level} }}")
        elif isinstance(block, Paragraph):
            parts.append(_runs(block.runs))
        else:
            parts.append(_table(block))
    return "\n\n".join(parts)


def attachments_markdown(pages: Iterable[AttachmentPages]) -> str:
    """Each attachment after a rule: its label, its title, its blocks or its form."""
    return "".join(
        f"\n\n* * *\n\n{md_escape(page.label)}\n{{: .attachment-label }}\n\n"
        f"## {md_escape(page.title)} {{: .attachment-title }}\n\n"
        + (form_markdown(page.form) if page.form else blocks_markdown(page.blocks))
        for page in pages
    )


def form_markdown(layout: FormLayout) -> str:
    """A form inside a document: the line above it, its grid (HTML) and its notes."""
    caption = f"{md_escape(layout.caption)}\n{{: .form-caption }}\n\n" if layout.caption else ""
    notes = "".join(f"\n\n{md_escape(note)}\n{{: .form-notes }}" for note in layout.notes)
    return f"{caption}{form_html(layout)}{notes}"


def attachment_note_markdown(titles: Iterable[str]) -> str:
    """附件：1.XXX as lines of one paragraph."""
    titles = list(titles)
    if not titles:
        return ""
    if len(titles) == 1:
        lines = [f"附件：{md_escape(titles[0])}"]
    else:
        lines = [f"{i}\\.{md_escape(t)}" for i, t in enumerate(titles, start=1)]
        lines[0] = f"附件：{lines[0]}"
    return "  \n".join(lines) + "\n{: .attachment-note }"


def _image_src(path: Path) -> str:
    kind = "png" if path.suffix.lower() == ".png" else "jpeg"
    return f"data:image/{kind};base64,{base64.b64encode(image_bytes(path)).decode('ascii')}"


def _cell_html(tag: str, cell: Cell, starts: bool, height: float) -> str:
    if not starts:
        return ""
    attrs = f' class="{cell.alignment} v-{cell.vertical(height)}"'
    attrs += f' colspan="{cell.span}"' if cell.span > 1 else ""
    attrs += f' rowspan="{cell.rows}"' if cell.rows > 1 else ""
    image = f'<img src="{_image_src(cell.image)}" alt="照片"><br>' if cell.image else ""
    text = "<br>".join(html.escape(clean_text(line)) for line in cell.text.split("\n"))
    return f"<{tag}{attrs}>{image}{text}</{tag}>"


HTML_TEXT_PT = 14.0
"""Type size of tables on the HTML page (its stylesheet's ``font-size``)."""


def _column_shares(layout: FormLayout) -> list[float]:
    """Column widths in percent, from the text as on the printed form (see :mod:`.columns`)."""
    width = Twips(page_size(layout)[0]).pt - 2 * Twips(MARGIN).pt
    cells = [CellText(p.column, p.cell.text, p.cell.size or HTML_TEXT_PT, p.cell.span)
             for p in layout.placements()]
    widths = column_widths(cells, len(layout.widths), width, layout.widths)
    return [100 * w / width for w in widths]


def form_html(layout: FormLayout) -> str:
    """The form's grid as an HTML table (spans and row heights kept), data escaped."""
    cols = "".join(f'<col style="width: {share:.1f}%">' for share in _column_shares(layout))
    head, body = [], []
    for index, row in enumerate(layout.rows):
        cells = "".join(
            _cell_html("th" if p.cell.label else "td", p.cell, starts, row.height)
            for _, p, starts in layout.slots(index)
        )
        (head if row.header else body).append(f'<tr style="height: {row.height:g}mm">{cells}</tr>')
    thead = "<thead>\n" + "\n".join(head) + "\n</thead>\n" if head else ""
    body_rows = "\n".join(body)
    return (
        f'<table class="form">\n<colgroup>{cols}</colgroup>\n{thead}'
        f"<tbody>\n{body_rows}\n</tbody>\n</table>"
    )


def markdown_context(document: Model, layout: Outline | FormLayout) -> dict[str, Any]:
    """What a Markdown template sees: the model's fields and ready-made Markdown parts.

    Official documents get ``body``, ``attachment_note``, ``signature``, ``attachments``,
    ``recipients_text``, ``subtitle_lines``, ``note_text`` and ``imprint``; forms get ``form_caption``,
    ``form_table`` (an HTML table, as Markdown allows) and ``form_notes``.
    """
    context = model_context(document)
    if isinstance(layout, FormLayout):
        context["form_caption"] = layout.caption
        context["form_table"] = Markup(form_html(layout))
        context["form_notes"] = "\n".join(layout.notes)
        return context
    parts = layout.parts
    context["body"] = Markup(blocks_markdown(layout.body))
    context["attachments"] = Markup(attachments_markdown(layout.attachments))
    context["attachment_note"] = Markup(attachment_note_markdown(layout.attachment_titles))
    context["date_text"] = parts.date
    context["subtitle_lines"] = list(parts.subtitle)
    context["recipients_text"] = parts.recipients
    lines = [line for line in (md_escape(parts.signature), parts.date) if line]
    context["signature"] = Markup("  \n".join(lines) + "\n{: .signature }" if lines else "")
    context["note_text"] = parts.note
    imprint = [md_escape(parts.cc)] if parts.cc else []
    if parts.printer:
        printer = md_escape(parts.printer)
        imprint.append(f"{printer}　　{parts.printed}" if parts.printed else printer)
    context["imprint"] = Markup(
        "\n\n* * *\n\n" + "  \n".join(imprint) + "\n{: .imprint }" if imprint else ""
    )
    return context


_ALLOWED: dict[str, frozenset[str]] = {
    **{tag: frozenset({"class", "id"}) for tag in ("h1", "h2", "h3", "h4", "h5", "h6")},
    **{tag: frozenset({"class"}) for tag in ("p", "div", "section", "table", "ol", "ul", "li")},
    **{tag: frozenset() for tag in ("br", "hr", "strong", "em", "b", "i", "thead", "tbody",
                                    "colgroup", "blockquote", "code", "pre")},
    "tr": frozenset({"style"}),
    "col": frozenset({"style"}),
    "th": frozenset({"class", "colspan", "rowspan", "scope", "style"}),
    "td": frozenset({"class", "colspan", "rowspan", "style"}),
    "img": frozenset({"src", "alt"}),
}
"""Tags and attributes allowed in published HTML; anything else is shown as text."""

_VOID = frozenset({"br", "hr", "col", "img"})
_ATTR_VALUES = {
    "class": re.compile(r"^[a-z0-9 -]*$"),
    "id": re.compile(r"^[\w-]*$"),
    "colspan": re.compile(r"^\d{1,3}$"),
    "rowspan": re.compile(r"^\d{1,3}$"),
    "scope": re.compile(r"^(row|col)$"),
    "style": re.compile(r"^(width|height): [\d.]+(%|mm)$"),
    "src": re.compile(r"^data:image/(png|jpeg);base64,[A-Za-z0-9+/=]+$"),
    "alt": re.compile(r"^[^<>]*$"),
}


class _Sanitizer(HTMLParser):
    """Re-serializes HTML keeping allowed tags and attributes; the rest becomes text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> str | None:
        allowed = _ALLOWED.get(tag)
        if allowed is None:
            return None
        kept = []
        for name, value in attrs:
            value = value or ""
            if name not in allowed or not _ATTR_VALUES[name].match(value):
                return None
            kept.append(f' {name}="{html.escape(value)}"')
        return f"<{tag}{''.join(kept)}>"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        clean = self._tag(tag, attrs)
        self.out.append(clean if clean else html.escape(self.get_starttag_text() or ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _ALLOWED and tag not in _VOID:
            self.out.append(f"</{tag}>")
        elif tag not in _VOID:
            self.out.append(html.escape(f"</{tag}>"))

    def handle_data(self, data: str) -> None:
        self.out.append(html.escape(data, quote=False))

    def handle_comment(self, data: str) -> None:
        """Comments are dropped."""

    def unknown_decl(self, data: str) -> None:
        """Declarations are dropped."""


def sanitize_html(fragment: str) -> str:
    """Keep allowed tags and attributes; show every other tag as text."""
    parser = _Sanitizer()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out)


def markdown_to_html(text: str) -> str:
    """Convert Markdown to a safe HTML fragment."""
    converted = markdown.markdown(text, extensions=list(MARKDOWN_EXTENSIONS), output_format="html")
    return sanitize_html(converted)


class MarkupTemplates:
    """Markdown and HTML page templates of a registry, compiled once per file.

    They are loaded through the registry's loader, so they may ``extends``, ``include``
    and ``import`` other template files of the registry (and nothing else).
    """

    def __init__(self, loader: RegistryLoader[Any], time_limit: float | None = None) -> None:
        self._loader = loader
        self._markdown = make_environment(finalize_markdown, loader=loader, time_limit=time_limit)
        self._html = make_environment(loader=loader, time_limit=time_limit)

    def _template(self, environment: jinja2.Environment, path: Path) -> jinja2.Template:
        """The compiled template at ``path`` (each environment keeps what it compiled)."""
        try:
            return environment.get_template(self._loader.name_of(path))
        except jinja2.TemplateError as exc:
            raise template_error(path, exc) from None

    def markdown(self, path: Path, document: Model, outline: Outline) -> str:
        """The document as Markdown through the template at ``path``."""
        template = self._template(self._markdown, path)
        text = render_template(template, markdown_context(document, outline), path)
        return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"

    def html(self, path: Path, document: Model, markdown_text: str) -> str:
        """The Markdown converted to HTML and placed in the page layout at ``path``."""
        template = self._template(self._html, path)
        context = {**model_context(document), "content": Markup(markdown_to_html(markdown_text))}
        return render_template(template, context, path)
