"""Helpers for the import tests: imported data as plain dicts, and the paragraphs it prints
through gongwen's own outline (the renderer's numbering)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gongwen.importer import import_source
from gongwen.importer.document import REQUIRED
from gongwen.importer.printout import body_lines, end_lines, front_lines
from gongwen.importer.yamlout import plain
from gongwen.kinds import BUILT_IN
from gongwen.loaders import validate

PLACEHOLDERS = {"title": "（标题）", "issuer": {"name": "（发文机关）"}, "date": "2024-01-01"}
"""Stand-ins for required fields a source lacks; they are not compared."""


def data_of(source: str | Path | bytes, **options: Any) -> Any:
    """The imported data (a dict, or a list of dicts for several documents) and the report."""
    imported = import_source(source, **options)
    documents = [plain(document) for document in imported.documents]
    return (documents[0] if len(documents) == 1 else documents), imported.report


def printed_lines(data: dict[str, Any]) -> list[str]:
    """The paragraphs ``data`` prints, in order, as far as the data has them: the body always,
    the title and what is around it only when the data has a title, the 署名 and dates only
    when no stand-in was needed for them."""
    needed = [name for name in ("title", *REQUIRED.get(data["kind"], ())) if name not in data]
    model = validate({**{name: PLACEHOLDERS[name] for name in needed}, **data}, BUILT_IN.models())
    lines = body_lines(model)
    if "title" not in needed:
        lines = front_lines(model) + lines
    if not set(needed) - {"title"}:
        lines += end_lines(model)
    return lines
