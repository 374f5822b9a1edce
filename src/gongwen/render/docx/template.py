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
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate as _DocxtplTemplate
from lxml import etree
from markupsafe import Markup

from ...errors import TemplateError
from ...models.base import clean_text
from ..environment import make_environment, render_template, template_error
from .package import CoreProperties, Package, core_xml
from .wordml import StyleMap

JINJA_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes)\.xml$")
DRAWING_ID = re.compile(rb"<(?:\w+:)?docPr\b[^>]*?\sid=\"(\d+)\"")

_BR = '</w:t><w:br/><w:t xml:space="preserve">'


def finalize_xml(value: Any) -> Any:
    """Jinja ``finalize`` for WordprocessingML: clean, escape, keep line breaks.

    Values already marked safe (WordprocessingML built by this package) pass through untouched.
    """
    if isinstance(value, Markup) or value is None:
        return "" if value is None else value
    text = Markup.escape(clean_text(str(value)))
    return Markup(str(text).replace("\n", _BR))


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
        self.drawing_ids = frozenset(
            int(found) for name, data in self.parts.items() if name.startswith("word/")
            for found in DRAWING_ID.findall(data)
        )
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
        """A fresh copy of the template's parts, to add pictures and parts to and render into."""
        return Package(dict(self.parts), self.drawing_ids, template=self.parts)

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
