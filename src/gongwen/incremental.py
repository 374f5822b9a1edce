"""Incremental batches: re-running only redoes documents that are missing or changed.

The output directory keeps a small manifest (``.gongwen-manifest.json``): for each
document, a fingerprint of everything its files were made from — its data, files it
refers to (seal, photos, ledgers), the template files used, the gongwen version and the
format options — the data file it came from, and the files written with a digest of each.
A document whose fingerprint is unchanged and whose files all still hold what was
written is skipped: a file rewritten since — from another data file of the same title,
by another program, by hand — is made again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .render.files import write_atomic
from .version import __version__

MANIFEST_NAME = ".gongwen-manifest.json"
MANIFEST_VERSION = 3

TEMPLATE_FORMATS_USED: dict[str, tuple[str, ...]] = {
    "docx": ("docx",),
    "pdf": ("docx",),
    "md": ("md",),
    "html": ("md", "html"),
    "xlsx": (),
}
"""Output format → the template formats whose files it is made from."""


def referenced_files(value: Any) -> Iterator[Path]:
    """Every file path inside a model (seal images, photos, the file an attached form
    was read from …), depth first."""
    if isinstance(value, Path):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from referenced_files(getattr(value, name))
        yield from referenced_files(list((value.__pydantic_private__ or {}).values()))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from referenced_files(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from referenced_files(item)


def fingerprint(document: BaseModel, templates: Iterable[Path], options: dict[str, Any]) -> str:
    """A digest of everything a document's files are made from: its data, the files it
    refers to (seal, photos, ledgers), the template files, the options and gongwen's version."""
    digest = hashlib.sha256()
    digest.update(json.dumps({"gongwen": __version__, **options}, sort_keys=True).encode())
    digest.update(document.model_dump_json().encode("utf-8"))
    for path in (*referenced_files(document), *templates):
        digest.update(str(path).encode("utf-8", "surrogateescape") + b"\0")
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(b"missing")
    return digest.hexdigest()


def _content(path: Path) -> str | None:
    """A digest of a file's bytes; None when it cannot be read (it is made again)."""
    try:
        with path.open("rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


class Manifest:
    """What earlier runs wrote into an output directory, and from which inputs."""

    def __init__(self, outdir: Path) -> None:
        self.path = Path(outdir) / MANIFEST_NAME
        self.entries: dict[str, dict[str, Any]] = {}
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # none yet, or unreadable: everything is redone
        if isinstance(saved, dict) and saved.get("version") == MANIFEST_VERSION:
            self.entries = {k: v for k, v in saved.get("documents", {}).items() if isinstance(v, dict)}

    def up_to_date(self, source: str, digest: str) -> list[Path] | None:
        """The files of document ``source`` when they were made from ``digest`` and still
        hold what was written then."""
        entry = self.entries.get(source)
        if entry is None or entry.get("fingerprint") != digest:
            return None
        outputs = entry.get("outputs")
        if not isinstance(outputs, dict) or not outputs:
            return None
        files = [self.path.parent / name for name in outputs]
        if all(_content(f) == outputs[f.name] for f in files):
            return files
        return None

    def record(self, source: str, digest: str, outputs: Sequence[Path], origin: str | None = None) -> None:
        """Note that ``outputs`` were made for document ``source`` with ``digest`` (from the
        data file ``origin``, when there is one), with a digest of each file's content."""
        self.entries[source] = {"fingerprint": digest, "source": origin,
                                "outputs": {Path(p).name: _content(Path(p)) for p in outputs}}

    def forget(self, source: str) -> None:
        """Drop what is known of ``source`` (its files are being redone)."""
        self.entries.pop(source, None)

    def save(self) -> None:
        """Write the manifest atomically."""
        data = {"version": MANIFEST_VERSION, "documents": dict(sorted(self.entries.items()))}
        write_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
