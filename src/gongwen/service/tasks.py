"""The work of each request, run on a job thread: library calls in a request directory whose
files are gone when the call returns. Paths of the work directory never reach a reply."""

from __future__ import annotations

import base64
import io
import json
import re
import subprocess
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..check import UnreadableDocx, UnreadablePdf, check_docx, check_docx_pages, check_pdf
from ..errors import ConversionError, DataError, GongwenError, Problem
from ..importer import import_source
from ..importer.yamlout import plain
from ..loaders import load
from ..loaders import read_data as read_file
from .work import Work

MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "zip": "application/zip",
}
PREVIEW_DPI = 60
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


class Failed(Exception):
    """A GongwenError as the reply shows it: its data, the request directory's path removed."""

    def __init__(self, error: GongwenError, directory: Path) -> None:
        super().__init__(str(error))
        self.status = 422 if isinstance(error, DataError) else 500
        text = json.dumps(error.to_dict(), ensure_ascii=False)
        self.data: dict[str, Any] = json.loads(hide(text, directory))


def hide(text: str, directory: Path) -> str:
    """``text`` without the request directory's path: files named as the user named them."""
    for prefix in (f"{directory}/input/", f"{directory}/", str(directory)):
        text = text.replace(prefix, "")
    return text


@dataclass
class Made:
    """A file to send back."""

    name: str
    content: bytes
    warnings: list[str]

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES.get(self.name.rsplit(".", 1)[-1], "application/octet-stream")


def safe_name(name: str, default: str) -> str:
    """An uploaded file's name, usable as one path component inside a request directory."""
    cleaned = _UNSAFE.sub("_", Path(name or "").name).strip(". ")
    return cleaned[:120] or default


def zipped(root: Path, paths: Sequence[Path]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in paths:
            archive.write(path, path.relative_to(root).as_posix())
    return buffer.getvalue()


def _document(work: Work, directory: Path, body: bytes, suffix: str, district: str | None) -> Any:
    renderer = work.renderer(district)
    source = directory / f"数据{suffix}"
    source.write_bytes(body)
    try:
        return renderer, load(source, renderer.kinds.models())
    except DataError as exc:
        exc.source = "请求数据"
        raise


def read_data(work: Work, body: bytes, suffix: str) -> dict[str, Any]:
    """A YAML or JSON data file → its data as JSON (the page's form fills from it) and the
    problems validation finds, each with its line."""
    with work.directory() as directory:
        source = directory / f"数据{suffix}"
        source.write_bytes(body)
        try:
            data, _ = read_file(source)
        except DataError as exc:
            exc.source = "上传的数据"
            raise Failed(exc, directory) from None
        problems: list[dict[str, Any]] = []
        try:
            load(source, work.renderer(None).kinds.models())
        except DataError as exc:
            problems = Failed(exc, directory).data["problems"]
        return {"data": json.loads(json.dumps(data, ensure_ascii=False, default=str)), "problems": problems}


def render_document(
    work: Work, body: bytes, suffix: str, formats: Sequence[str], district: str | None,
    template: str | None, blank: bool,
) -> Made:
    """Data → the file in one format, or a zip of several."""
    with work.directory() as directory:
        try:
            renderer, document = _document(work, directory, body, suffix, district)
            renderer.warnings.clear()
            out = directory / "out"
            paths = renderer.render(document, out, formats, template, blank=blank)
        except GongwenError as exc:
            raise Failed(exc, directory) from None
        warnings = list(renderer.warnings)
        if len(paths) == 1:
            return Made(paths[0].name, paths[0].read_bytes(), warnings)
        return Made(f"{paths[0].stem}.zip", zipped(out, paths), warnings)


def preview(
    work: Work, body: bytes, suffix: str, district: str | None, template: str | None,
) -> dict[str, Any]:
    """Data → its PDF's pages as PNG images and the format and layout findings."""
    with work.directory() as directory:
        try:
            renderer, document = _document(work, directory, body, suffix, district)
            renderer.warnings.clear()
            docx, pdf = renderer.render(document, directory / "out", ["docx", "pdf"], template)
        except GongwenError as exc:
            raise Failed(exc, directory) from None
        try:
            subprocess.run(["pdftoppm", "-r", str(PREVIEW_DPI), "-png", str(pdf), str(directory / "page")],
                           check=True, timeout=work.settings.time_limit, capture_output=True)
        except (OSError, subprocess.SubprocessError) as exc:
            problem = ConversionError(f"无法把 PDF 画成预览图片（需要 poppler-utils 的 pdftoppm）：{exc}")
            raise Failed(problem, directory) from None
        pages = sorted(directory.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        return {
            "title": document.title,
            "pages": ["data:image/png;base64," + base64.b64encode(p.read_bytes()).decode() for p in pages],
            "reports": [_report(check_docx(docx)), _report(check_pdf(pdf, name=docx))],
            "warnings": list(renderer.warnings),
        }


def _report(report: Any) -> dict[str, Any]:
    data = report.to_dict()
    data["file"] = Path(data["file"]).name
    return data


def check(work: Work, name: str, content: bytes, pages: bool) -> list[dict[str, Any]]:
    """An uploaded .docx (or .pdf) → gongwen check's reports (with pages: its printed layout too)."""
    with work.directory() as directory:
        path = directory / safe_name(name, "文件.docx")
        path.write_bytes(content)
        try:
            if path.suffix.lower() == ".pdf":
                return [_report(check_pdf(path))]
            reports = [_report(check_docx(path))]
        except (UnreadableDocx, UnreadablePdf) as exc:
            raise Failed(DataError(path.name, [Problem(str(exc).replace(f"{directory}/", ""), "file")]),
                         directory) from None
        if pages:
            try:
                [layout] = check_docx_pages([path], converter=work.pdf)
            except GongwenError as exc:
                raise Failed(exc, directory) from None
            if isinstance(layout, Exception):
                raise Failed(layout if isinstance(layout, GongwenError) else
                             DataError(path.name, [Problem(str(layout))]), directory)
            reports.append(_report(layout))
        return reports


def import_document(work: Work, name: str, content: bytes, kind: str | None, keep: bool) -> dict[str, Any]:
    """An uploaded Word (or text) document → its data, as mappings and as commented YAML."""
    with work.directory() as directory:
        path = directory / safe_name(name, "文件.docx")
        path.write_bytes(content)
        try:
            imported = import_source(path, kind, keep, converter=work.pdf)
        except GongwenError as exc:
            raise Failed(exc, directory) from None
        files = [set(getattr(document, "files", {})) for document in imported.documents]
        return {
            "documents": [
                {key: value for key, value in json.loads(json.dumps(plain(document), default=str)).items()
                 if key not in left}
                for document, left in zip(imported.documents, files, strict=True)
            ],
            "yaml": [imported.yaml(index) for index in range(len(imported.documents))],
            "complete": [model is not None for model in imported.models],
            "report": imported.report.to_dict(),
            "lines": [line.strip() for line in imported.report.lines()],
        }
