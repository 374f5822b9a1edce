"""A data file a clerk can read: YAML with Chinese comments saying what each part is.

The data is built from :class:`Mapping` and :class:`Sequence` — a dict and a list that
carry comments — and written by :func:`dump`; paragraphs of several lines are written as
literal blocks (``|-``), so each paragraph is one line of the file.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

_LITERAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\ufeff]")


class Mapping(dict):  # type: ignore[type-arg]
    """A dict with comments: ``notes[key]`` above a key, ``comment`` above the mapping
    when it is an item of a list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notes: dict[str, str] = {}
        self.comment = ""
        self.files: dict[str, tuple[str, bytes]] = {}  # field → (file name, bytes) written beside


class Sequence(list):  # type: ignore[type-arg]
    """A list with a comment above each item."""

    def __init__(self, items: Any = (), comments: list[str] | None = None) -> None:
        super().__init__(items)
        self.comments = list(comments or [])


def plain(value: Any) -> Any:
    """The same data as plain dicts and lists (for JSON, models and comparison)."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if value is None:
        return "null"
    text = yaml.safe_dump(value, allow_unicode=True, width=1 << 30, default_flow_style=True)
    text = text.removesuffix("\n...\n").removesuffix("\n")
    if "\n" in text:
        return json.dumps(value, ensure_ascii=False)
    return text


def _flow(value: list[Any]) -> str:
    """A short list of one-line texts written on one line (a table row: ``[a, b, c]``)."""
    if not value or not all(isinstance(item, str) and "\n" not in item for item in value):
        return ""
    if getattr(value, "comments", None):
        return ""
    text = yaml.safe_dump(list(value), allow_unicode=True, width=1 << 30, default_flow_style=True).strip()
    return text if len(text) <= 100 and "\n" not in text else ""


def _literal(value: Any) -> bool:
    return (
        isinstance(value, str) and "\n" in value and not value[:1].isspace()
        and not _LITERAL_UNSAFE.search(value) and "\r" not in value
        and all(line == line.rstrip() for line in value.split("\n"))
        and not value.endswith("\n")
    )


def _comment(out: list[str], pad: str, text: str) -> None:
    for line in text.splitlines():
        out.append(f"{pad}# {line}" if line else f"{pad}#")


def _value(value: Any, pad: str, head: str, out: list[str]) -> None:
    """Write ``head`` (``key:`` or ``-``) and the value after it."""
    if isinstance(value, dict) and value:
        if head.endswith("-"):
            _mapping(value, pad, out, first=f"{head} ")
        else:
            out.append(head)
            _mapping(value, pad + "  ", out)
    elif isinstance(value, list) and _flow(value):
        out.append(f"{head} {_flow(value)}")
    elif isinstance(value, list) and value:
        out.append(head)
        _sequence(value, pad + "  ", out)
    elif isinstance(value, dict):
        out.append(f"{head} {{}}")
    elif isinstance(value, list):
        out.append(f"{head} []")
    elif _literal(value):
        out.append(f"{head} |-")
        indent = pad if head.endswith("-") else pad + "  "
        out.extend(f"{indent}{line}" if line else "" for line in value.split("\n"))
    else:
        out.append(f"{head} {_scalar(value)}")


def _mapping(mapping: dict[str, Any], pad: str, out: list[str], first: str | None = None) -> None:
    notes = getattr(mapping, "notes", {})
    for index, (key, value) in enumerate(mapping.items()):
        prefix = first if index == 0 and first is not None else pad
        if key in notes:
            if index == 0 and first is not None:
                _comment(out, first[:-2], notes[key])
            else:
                _comment(out, pad, notes[key])
        _value(value, pad, f"{prefix}{_scalar(key)}:", out)


def _sequence(sequence: list[Any], pad: str, out: list[str]) -> None:
    comments = getattr(sequence, "comments", [])
    for index, item in enumerate(sequence):
        comment = comments[index] if index < len(comments) else getattr(item, "comment", "")
        if comment:
            _comment(out, pad, comment)
        _value(item, pad + "  ", f"{pad}-", out)


def dump(data: dict[str, Any], header: str = "") -> str:
    """The data as commented YAML, ``header`` as comment lines at the top."""
    out: list[str] = []
    if header:
        _comment(out, "", header)
        out.append("")
    notes = getattr(data, "notes", {})
    for key, value in data.items():
        if key in notes:
            if out and out[-1] != "":
                out.append("")
            _comment(out, "", notes[key])
        _value(value, "", f"{_scalar(key)}:", out)
    return "\n".join(out) + "\n"
