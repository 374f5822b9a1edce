"""File names for rendered documents: from titles, safe on every file system."""

from __future__ import annotations

import re
import unicodedata

from .models.base import Model

BLANK_SUFFIX = "（空白）"
"""Added to the file name of a blank form, so it never replaces the filled one."""

STEM_BYTES = 200
"""Longest file name stem (UTF-8 bytes): room for a suffix under the usual 255-byte limit."""


def _clip(text: str, limit: int = STEM_BYTES) -> str:
    """``text`` cut at a character boundary to at most ``limit`` UTF-8 bytes."""
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore")


def safe_stem(text: str) -> str:
    """A file name stem from any text: no path separators or control characters, not too long."""
    text = unicodedata.normalize("NFC", text).replace("\n", "")
    text = re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f]', "_", text)
    text = re.sub(r"\s+", " ", text).strip(" ._")
    return _clip(text).strip(" ._") or "document"


def output_stem(document: Model) -> str:
    """A file name from the document's title (see :func:`safe_stem`)."""
    return safe_stem(str(getattr(document, "title", "") or getattr(document, "kind", "document")))


def unique_stems(stems: list[str]) -> list[str]:
    """Number repeated titles in a batch: 通知, 通知（2）, 通知（3）."""
    seen: dict[str, int] = {}
    unique = []
    for stem in stems:
        seen[stem] = seen.get(stem, 0) + 1
        number = f"（{seen[stem]}）"
        unique.append(stem if seen[stem] == 1 else _clip(stem, STEM_BYTES - len(number.encode())) + number)
    return unique
