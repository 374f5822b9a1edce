"""``gongwen import``: an office's own Word and text documents become gongwen data files.

    from gongwen.importer import import_document

    data, report = import_document("去年的计划.docx")   # a list when the source holds several
    print(report.kinds[0].kind, report.uncertain)

Reading (:mod:`.read`, :mod:`.text`, :mod:`.docx`), setting aside what is not the document
(:mod:`.clean`), normalising (:mod:`.normalise`), recognising (:mod:`.layout` for the parts
around the body, :mod:`.outline` for the body, :mod:`.kinds`), assembling and writing the data
file (:mod:`.document`, :mod:`.yamlout`) and the report (:mod:`.report`) are separate steps;
:mod:`.printout` lists the paragraphs a data file prints, for round trips.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..batch import Progress, ProgressCallback
from ..errors import DataError
from ..kinds import BUILT_IN
from ..loaders import validate
from ..models import Model
from ..render.files import write_atomic
from .clean import clean, garbled
from .document import build_document
from .kinds import KIND_NAMES
from .layout import split_documents
from .normalise import normalise_text
from .printout import body_lines, printed
from .read import read_source
from .report import ImportReport, LeftOut, Uncertain
from .source import Line
from .yamlout import Mapping, dump, plain

__all__ = [
    "KIND_NAMES",
    "ImportReport",
    "Imported",
    "body_lines",
    "import_document",
    "import_files",
    "import_source",
    "printed",
    "write_data",
]


@dataclass
class Imported:
    """The data files made from one source (one per document it holds), each validated into
    its model when it has every required field (else None), and the report."""

    documents: list[Mapping]
    models: list[Model | None]
    report: ImportReport

    def yaml(self, index: int = 0) -> str:
        """The commented YAML of one document."""
        document = self.documents[index]
        return dump(document, getattr(document, "header", ""))


def import_source(
    source: str | Path | bytes, kind: str | None = None, keep: bool = False, *,
    name: str | None = None, converter: object = None,
) -> Imported:
    """Read and recognise a source; every document it holds becomes a data mapping."""
    if kind is not None and kind not in KIND_NAMES:
        raise ValueError(f"kind 应为 {'、'.join(KIND_NAMES)} 之一，不是“{kind}”")
    read = read_source(source, name, converter)
    report = ImportReport(read.name, unit=read.unit, left_out=list(read.left_out), notes=list(read.notes))
    lines = clean(read.lines, report.left_out, report.notes)
    report.uncertain += garbled(lines)
    if not keep:
        for line in lines:
            _normalise_line(line, report)
    before, documents = split_documents(lines)
    report.documents = len(documents)
    for line in before:
        report.left_out.append(LeftOut(line.where, line.text, "多篇文档之前的导语，不属于任何一篇"))
        report.uncertain.append(Uncertain(line.where, "多篇文档之前的文字", "不导入（列入未导入）",
                                          "作为第一篇的开头段落"))
    built = [
        build_document(part, report, index, kind, read.stem if len(documents) == 1 else "", read.paper,
                       seals=read.seals)
        for index, part in enumerate(documents, start=1)
    ]
    report.left_out.sort(key=lambda item: (item.line is None, item.line or 0))
    models = [_validate(document, report, index) for index, document in enumerate(built, start=1)]
    return Imported(built, models, report)


def _validate(document: Mapping, report: ImportReport, index: int) -> Model | None:
    """The document's model, or None; problems other than a missing field go into the report.
    Files a data file refers to (a photo) exist only once written beside it: left out here."""
    data = plain(document)
    for key in getattr(document, "files", {}):
        owner, _, part = key.rpartition(".")
        (data[owner] if owner else data).pop(part, None)
    try:
        model = validate(data, BUILT_IN.models(), report.source)
    except DataError as exc:
        missing = {problem.location for problem in exc.problems if problem.message.startswith("缺少")}
        others = [str(problem) for problem in exc.problems if problem.location not in missing]
        if others:
            where = f"第 {index} 篇" if report.documents > 1 else "数据"
            report.notes.append(f"{where}排版前还需修改：" + "；".join(others))
        report.ready.append(False)
        return None
    report.ready.append(True)
    return model


def _normalise_line(line: Line, report: ImportReport) -> None:
    if line.table is not None:
        for row in line.table.rows:
            for index, cell in enumerate(row):
                row[index], changes = normalise_text(cell, line.where)
                report.changes += changes
    elif line.text:
        line.text, changes = normalise_text(line.text, line.where)
        report.changes += changes


def import_document(
    path_or_text: str | Path | bytes, kind: str | None = None, keep: bool = False
) -> tuple[Any, ImportReport]:
    """Import a Word or text document (a path, or the text itself).

    Returns the document's model (``Plan``, ``Regulation``, ``LeaderCheck`` …) and the import
    report — or, when the source lacks a field the kind requires (a plan's issuer and date,
    a title), the data as plain dicts in the body model's shape, with ``report.missing``
    naming what to add. A source holding several documents gives a list. ``kind`` forces
    the kind; ``keep`` keeps the source's characters (no normalisation of punctuation).
    Bad input raises ``DataError``.
    """
    imported = import_source(path_or_text, kind, keep)
    documents = [
        model if model is not None else plain(document)
        for document, model in zip(imported.documents, imported.models, strict=True)
    ]
    return (documents[0] if len(documents) == 1 else documents), imported.report


def write_data(imported: Imported, outdir: Path, stem: str, taken: set[str] | None = None) -> list[Path]:
    """Write each document of an import as ``stem.yaml`` (``stem-1.yaml`` … for several),
    with the files it refers to beside it (a notice board's photo as ``stem-照片.png``, a
    seal as ``stem-印章.png``); a
    name already in ``taken`` (written earlier in the same run) gets a number."""
    taken = set() if taken is None else taken
    paths: list[Path] = []
    beside: list[Path] = []  # files the data files refer to
    for index in range(len(imported.documents)):
        base = stem if len(imported.documents) == 1 else f"{stem}-{index + 1}"
        name, count = base, 1
        while name in taken:
            count += 1
            name = f"{base}（{count}）"
        taken.add(name)
        document = imported.documents[index]
        for key, (filename, payload) in getattr(document, "files", {}).items():
            owner, _, part = key.rpartition(".")  # issuer.seal: the field of a part
            target = document[owner] if owner else document
            target[part] = f"{name}-{filename}"
            beside.append(write_atomic(Path(outdir) / target[part], payload))
        paths.append(write_atomic(Path(outdir) / f"{name}.yaml", imported.yaml(index).encode("utf-8")))
    imported.report.outputs = [str(path) for path in [*paths, *beside]]
    return paths


@dataclass
class FileResult:
    """What importing one source gave: the report and files written, or the error."""

    source: str
    report: ImportReport | None = None
    outputs: list[Path] = field(default_factory=list)
    error: DataError | None = None


class _Office:
    """A LibreOffice worker started only when a source needs converting, shared by a batch."""

    def __init__(self) -> None:
        self._converter: Any = None

    def export(self, source: Path, target: Path, filter_name: str) -> Path:
        if self._converter is None:
            from ..render.pdf import PdfConverter

            self._converter = PdfConverter(workers=1)
        return self._converter.export(source, target, filter_name)

    def close(self) -> None:
        if self._converter is not None:
            self._converter.close()


_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\s]+')


def import_files(
    sources: Iterable[str | Path | tuple[str, bytes]], outdir: str | Path,
    kind: str | None = None, keep: bool = False, progress: ProgressCallback | None = None,
) -> list[FileResult]:
    """Import each source (a path, or ``(name, bytes)`` for text read elsewhere, e.g. standard
    input) into ``outdir``; a source that cannot be imported is reported, the others go on.
    ``progress`` is told of each source as it is taken up (stage "import")."""
    results: list[FileResult] = []
    taken: set[str] = set()
    office = _Office()
    sources = list(sources)
    try:
        for number, source in enumerate(sources):
            if isinstance(source, tuple):
                name, payload = source
                label: str | Path | bytes = payload
            else:
                name, label = Path(source).name, source
            if progress is not None:
                progress(Progress("import", number, len(sources), name))
            try:
                imported = import_source(label, kind, keep, name=name, converter=office)
            except DataError as exc:
                results.append(FileResult(name, error=exc))
                continue
            stem = Path(name).stem if not isinstance(source, tuple) else ""
            if not stem:
                title = imported.report.titles[0] if imported.report.titles else ""
                stem = _UNSAFE_NAME.sub("_", title)[:40] or "导入"
            paths = write_data(imported, Path(outdir), stem, taken)
            results.append(FileResult(name, imported.report, paths))
    finally:
        office.close()
    if progress is not None:
        progress(Progress("import", len(sources), len(sources), ""))
    return results
