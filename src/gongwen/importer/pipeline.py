"""From an office's own document straight to the national format.

- :func:`import_and_render` (``gongwen import X.docx --render -f docx,pdf``): the data files
  written as :func:`~gongwen.importer.import_files` writes them, then rendered; each PDF's
  pages checked (:func:`gongwen.check.check_pdf`).
- :func:`fix_docx` (``gongwen check X.docx --fix``): a .docx someone laid out by hand,
  checked, imported and rendered in the national format beside it as ``X（规范）.docx``, with
  what the import changed and the check of the new file.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..batch import BatchResult, ProgressCallback, render_files, using
from ..check import Report, check_docx, check_pdf
from ..kinds import BUILT_IN
from ..loaders import load
from ..render.files import write_atomic
from ..renderer import Renderer
from . import FileResult, ImportReport, import_files, import_source, write_data

FIXED_SUFFIX = "（规范）"
"""What the name of a document rendered in the national format ends with."""


@dataclass
class ImportedAndRendered:
    """The imports of a run, the batch that rendered the data files ready for it, and the
    layout check of each PDF (by path)."""

    imports: list[FileResult]
    batch: BatchResult
    layout: dict[Path, Report] = field(default_factory=dict)

    @property
    def not_ready(self) -> list[tuple[str, list[str]]]:
        """Sources with a document that cannot be rendered yet, and what it lacks."""
        return [
            (result.source, result.report.missing or result.report.notes)
            for result in self.imports
            if result.report is not None and not all(result.report.ready)
        ]


def import_and_render(
    sources: Iterable[str | Path | tuple[str, bytes]], outdir: str | Path,
    formats: Sequence[str] = ("docx",), kind: str | None = None, keep: bool = False,
    renderer: Renderer | None = None, progress: ProgressCallback | None = None,
) -> ImportedAndRendered:
    """Import each source into ``outdir`` and render every data file that has what its kind
    needs into the same folder, in ``formats``; PDFs are checked page by page."""
    imports = import_files(sources, outdir, kind, keep, progress)
    ready = [
        path
        for result in imports if result.report is not None
        for path, fit in zip(result.outputs, result.report.ready, strict=False) if fit
    ]
    batch = render_files(ready, outdir, formats, force=True, renderer=renderer, progress=progress)
    layout = {path: check_pdf(path) for path in batch.outputs if path.suffix == ".pdf"}
    return ImportedAndRendered(imports, batch, layout)


@dataclass
class Fixed:
    """A hand-made .docx and its version in the national format."""

    source: Path
    before: Report
    report: ImportReport
    outputs: list[Path] = field(default_factory=list)
    after: list[Report] = field(default_factory=list)

    def lines(self) -> list[str]:
        """What was done, as the command line says it (Chinese)."""
        if not self.outputs:
            lacking = "；".join(self.report.missing + self.report.notes) or "见导入报告"
            return [f"  未生成规范版：导入后数据不完整（{lacking}）；可先 gongwen import 导入，补全后再排版"]
        out = [f"  规范版：{path}" for path in self.outputs]
        changes = self.report.changes
        if changes:
            listed = "，".join(f"“{c.before}”→“{c.after}”" for c in changes[:8])
            out.append(f"  改动 {len(changes)} 处（{listed}{'……' if len(changes) > 8 else ''}）")
        out.append(f"  原文件的问题 {len(self.before.errors)} 项错误、{len(self.before.warnings)} 项警告；"
                   f"规范版 {sum(len(r.errors) for r in self.after)} 项错误、"
                   f"{sum(len(r.warnings) for r in self.after)} 项警告")
        for left in self.report.left_out:
            where = self.report.where(left.line) or "（文件中）"
            out.append(f"  未带入规范版：{where}：{left.reason}：{left.text}")
        if self.report.uncertain:
            count = len(self.report.uncertain)
            out.append(f"  不确定之处 {count} 处，请对照原文核对（gongwen import 可看全部）")
        return out

    def to_dict(self) -> dict[str, object]:
        return {
            "file": str(self.source), "outputs": [str(p) for p in self.outputs],
            "before": self.before.to_dict(), "after": [r.to_dict() for r in self.after],
            "report": self.report.to_dict(),
        }


def fix_docx(path: str | Path, renderer: Renderer | None = None) -> Fixed:
    """Check a .docx, import it and render it in the national format beside it as
    ``X（规范）.docx`` (``X（规范）-2.docx`` … for a file holding several documents)."""
    source = Path(path)
    before = check_docx(source)
    imported = import_source(source)
    fixed = Fixed(source, before, imported.report)
    models = imported.models
    if not models or any(model is None for model in models):
        return fixed
    with using(renderer) as active, tempfile.TemporaryDirectory(prefix="gongwen-fix-") as tmp:
        if any(getattr(document, "files", None) for document in imported.documents):
            # the seal or photo it refers to: written beside the data, read back with it
            models = [load(path, BUILT_IN.models()) for path in write_data(imported, Path(tmp), source.stem)]
            imported.report.outputs = []
        for index, model in enumerate(models, start=1):
            made = active.render(model, Path(tmp) / str(index), ["docx"])
            docx = next(p for p in made if p.suffix == ".docx")
            suffix = FIXED_SUFFIX + (f"-{index}" if len(models) > 1 else "")
            target = write_atomic(source.with_name(f"{source.stem}{suffix}.docx"), docx.read_bytes())
            fixed.outputs.append(target)
            fixed.after.append(check_docx(target))
    return fixed
