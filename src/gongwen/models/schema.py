"""The JSON Schema of what a data file may write — the *input*, not the validated model.

Data is written more loosely than the models hold it: a school, an inspector, an issuer or a
matter as just its name, a list of one as the item alone, ``matters: 九项``, dates the ways
Chinese offices write them, ledgers and holiday files as file names. The schema is pydantic's
own (``model_json_schema(mode="validation")``) with :class:`InputSchema` adding, where a model
or a field accepts more than its type, what else it accepts:

- a :class:`~.base.Shorthand` model → its name (a string) or the object;
- a date → a string of one of the accepted forms (a pattern, no ``format``);
- a :class:`~.dates.DateRange` → also a string such as ``2026-09-01 至 2027-01-22``;
- a field read through :func:`~.base.as_list`, :func:`~.matters.matters_from`,
  :func:`~.calendar.parse_month` or a table's cells → the looser forms those accept;
- a file path → a string (no custom ``format``).

Draft 2020-12, with ``$schema`` and ``$id``; validated against every example in the tests.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from .base import Document, Shorthand, as_list
from .body import Table
from .calendar import parse_month
from .dates import DateRange
from .matters import PRESETS, matters_from

DRAFT = "https://json-schema.org/draft/2020-12/schema"
ID = "urn:gongwen:schema:{kind}"

_DIGIT = "[0-9０-９]"
_SEPARATOR = r"\s*[年./\-．／－]\s*"
DATE_PATTERN = (
    rf"^\s*{_DIGIT}{{4}}{_SEPARATOR}{_DIGIT}{{1,2}}\s*[月./\-．／－]\s*{_DIGIT}{{1,2}}\s*日?\s*$"
)
"""A date as :func:`~.date_text.parse_date` reads it: 2026-02-24, 2026年2月24日, 2026.2.24, 2026/2/24."""

MONTH_PATTERN = r"^\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*月?份?\s*$"
"""A month as :func:`~.calendar.parse_month` reads it: 9, 9月, 九月, 十二月."""

_TEXT = {"type": "string"}


def _one_item(schema: JsonSchemaValue) -> JsonSchemaValue:
    return {"anyOf": [_TEXT, schema]}


def _preset(schema: JsonSchemaValue) -> JsonSchemaValue:
    return {"anyOf": [{"enum": list(PRESETS), "description": "预设的督导事项目录"}, schema]}


def _month(schema: JsonSchemaValue) -> JsonSchemaValue:
    return {"anyOf": [schema, {"type": "string", "pattern": MONTH_PATTERN}]}


def _cells(schema: JsonSchemaValue) -> JsonSchemaValue:
    """Table rows: a cell may be a number or empty (it is printed as text)."""
    return {**schema, "items": {"type": "array", "items": {"type": ["string", "number", "null"]}}}


LOOSER: dict[Callable[..., Any], Callable[[JsonSchemaValue], JsonSchemaValue]] = {
    as_list: _one_item,
    matters_from: _preset,
    parse_month: _month,
    Table.__pydantic_decorators__.field_validators["_cells_as_text"].func: _cells,
}
"""Field validators run before a field's own validation → how they widen its schema."""


def _function(schema: core_schema.BeforeValidatorFunctionSchema) -> Any:
    function = schema["function"]["function"]
    return getattr(function, "__func__", function)


class InputSchema(GenerateJsonSchema):
    """Pydantic's validation schema, widened to the input gongwen's loaders accept."""

    def date_schema(self, schema: core_schema.DateSchema) -> JsonSchemaValue:
        return {"type": "string", "pattern": DATE_PATTERN}

    def function_before_schema(self, schema: core_schema.BeforeValidatorFunctionSchema) -> JsonSchemaValue:
        inner = super().function_before_schema(schema)
        widen = LOOSER.get(_function(schema))
        return widen(inner) if widen else inner

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        json_schema = super().model_schema(schema)
        cls = schema["cls"]
        json_schema.pop("description", None)  # the class's docstring is for programmers
        if issubclass(cls, Shorthand):
            field = cls.model_fields[cls.shorthand]
            text = {"type": "string", "description": f"只写{field.description or cls.shorthand}"}
            return {"title": json_schema.pop("title"), "anyOf": [text, json_schema]}
        if cls is DateRange:
            text = {"type": "string", "description": "如 2026、2026-03、2026-10-01 至 2026-10-07"}
            return {"title": json_schema.pop("title"), "anyOf": [text, json_schema]}
        return json_schema

    def handle_invalid_for_json_schema(self, schema: Any, error_info: str) -> JsonSchemaValue:
        raise TypeError(f"no JSON Schema for {error_info}")  # never silently partial

    def generate(self, schema: core_schema.CoreSchema, mode: Any = "validation") -> JsonSchemaValue:
        return _without_path_formats(super().generate(schema, mode))


def _without_path_formats(value: Any) -> Any:
    """Drop pydantic's custom ``format: path`` (a file name is a plain string)."""
    if isinstance(value, dict):
        return {k: _without_path_formats(v) for k, v in value.items()
                if not (k == "format" and v == "path")}
    if isinstance(value, list):
        return [_without_path_formats(v) for v in value]
    return value


def input_schema(model: type[Document], label: str = "") -> dict[str, Any]:
    """The JSON Schema of a data file of ``model``'s kind (``label``: what users call it)."""
    kind = str(model.model_fields["kind"].default)
    schema = model.model_json_schema(mode="validation", schema_generator=InputSchema)
    schema["properties"]["kind"] = {"const": kind, "description": "文档类型"}
    schema["required"] = ["kind", *(name for name in schema.get("required", []) if name != "kind")]
    return {
        "$schema": DRAFT,
        "$id": ID.format(kind=kind),
        "title": f"gongwen {label or kind}（kind: {kind}）",
        **{key: value for key, value in schema.items() if key != "title"},
    }


SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schemas"
"""Where the schemas ship as files, ``<kind>.schema.json`` (written by tools/write_schemas.py)."""


def schema_text(model: type[Document], label: str = "") -> str:
    """The input schema as the file holds it and ``gongwen schema`` prints it."""
    return json.dumps(input_schema(model, label), ensure_ascii=False, indent=2) + "\n"
