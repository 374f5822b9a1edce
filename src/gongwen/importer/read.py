"""Reading any source gongwen imports: .docx, .doc/.wps/.odt/.rtf (converted to .docx by
LibreOffice first), .txt, .md, or text given directly."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ..errors import ConversionError
from .docx import ENCRYPTED as _ENCRYPTED
from .docx import is_encrypted_or_legacy, read_docx
from .source import Source, check_size, refuse
from .text import read_text

WORD = {".docx", ".docm"}
CONVERTED = {".doc", ".wps", ".odt", ".rtf", ".dot", ".wpt", ".dotx", ".fodt"}
TEXT = {".txt", ".text", ""}
MARKDOWN = {".md", ".markdown"}
SUPPORTED = "、".join(sorted((WORD | CONVERTED | TEXT | MARKDOWN) - {""}))
DOCX_FILTER = "MS Word 2007 XML"
ENCRYPTED_MESSAGE = "文件有密码保护（已加密），无法读取；请在 Word/WPS 中取消密码后另存为 .docx 再导入"
"""LibreOffice's export filter for .docx."""


def read_source(source: str | Path | bytes, name: str | None = None, converter: object = None) -> Source:
    """Read a file (path) or text (``str`` with line breaks, or ``bytes``) into a Source."""
    if isinstance(source, bytes):
        label = name or "<文本>"
        check_size(label, len(source))
        return _not_empty(read_text(source, label), label)
    if isinstance(source, str) and ("\n" in source or (not _looks_like_path(source))):
        label = name or "<文本>"
        return _not_empty(read_text(source.encode("utf-8"), label), label)
    path = Path(source)
    label = name or path.name
    if not path.is_file():
        raise refuse(label, "文件不存在" if not path.exists() else "不是文件")
    check_size(label, path.stat().st_size)
    if path.stat().st_size == 0:
        raise refuse(label, "文件是空的，没有可导入的文字")
    suffix = path.suffix.lower()
    stem = path.stem
    if suffix in WORD:
        state = is_encrypted_or_legacy(path)
        if state == "encrypted":
            raise refuse(label, ENCRYPTED_MESSAGE)
        if state == "legacy":
            return _converted(path, label, stem, converter)
        return _not_empty(read_docx(path, label, stem), label)
    if suffix in CONVERTED:
        _check_convertible(path, label)
        return _converted(path, label, stem, converter)
    if suffix in TEXT | MARKDOWN:
        return _not_empty(read_text(path.read_bytes(), label, stem, markdown=suffix in MARKDOWN), label)
    if suffix == ".pdf":
        raise refuse(label, "不能直接导入 PDF；请用 Word/WPS 打开后另存为 .docx，或复制文字存为 .txt 再导入")
    if suffix in {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif"}:
        raise refuse(label, "这是图片，没有可识别的文字；请先做文字识别（OCR），存为 .docx 或 .txt 再导入")
    raise refuse(label, f"不支持的文件类型“{path.suffix}”，可导入：{SUPPORTED}")


def _looks_like_path(text: str) -> bool:
    if not text.strip() or len(text) > 1000:
        return False
    path = Path(text)
    return path.exists() or path.suffix.lower() in (WORD | CONVERTED | TEXT | MARKDOWN | {".pdf"}) - {""}


def _not_empty(source: Source, label: str) -> Source:
    """Refuse a source with no text: empty, or only images (a scanned document)."""
    if not any(line.text.strip() or line.table is not None for line in source.lines):
        images = bool(source.seals) or any("图片" in note for note in source.notes)
        why = "只有图片（可能是扫描件），请先做文字识别（OCR）" if images else "文件是空的"
        raise refuse(label, f"没有可识别的文字：{why}")
    return source


_OLE = b"\xd0\xcf\x11\xe0"
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_TEXT_HEADS = (b"{\\rtf", b"<", b"\xef\xbb\xbf<", b"MIME-Version", b"PK\x03\x04")


def _check_convertible(path: Path, label: str) -> None:
    """Refuse a file that is no word-processing document before LibreOffice, which opens almost
    anything as plain text, sees it: an old Word/WPS file must hold a WordDocument stream;
    otherwise RTF, HTML/MHT (web systems save those as .doc) and zip packages (.odt) go on."""
    data = path.read_bytes()
    if data.startswith(_OLE):
        if _ENCRYPTED in data and _WORD_STREAM not in data:
            raise refuse(label, ENCRYPTED_MESSAGE)
        if _WORD_STREAM not in data:
            raise refuse(label, "文件已损坏，或不是 Word/WPS 文档（没有 Word 正文数据）")
        return
    if not data.lstrip().startswith(_TEXT_HEADS):
        raise refuse(label, "文件已损坏，或不是 Word/WPS 文档；请在 Word/WPS 中打开后另存为 .docx 再导入")


def _converted(path: Path, label: str, stem: str, converter: object) -> Source:
    """A .doc, .wps or .odt converted to .docx by LibreOffice (no macros run, no links updated)."""
    from ..render.pdf import PdfConverter

    folder = Path(tempfile.mkdtemp(prefix="gongwen-import-"))
    target = folder / f"{stem or 'document'}.docx"
    try:
        office = converter if converter is not None else PdfConverter(workers=1)
        try:
            office.export(path, target, DOCX_FILTER)  # type: ignore[attr-defined]
        except ConversionError as exc:
            raise refuse(
                label, f"LibreOffice 无法打开此文件（已损坏、有密码保护或不是 Word/WPS 文档）：{exc}"
            ) from None
        finally:
            if converter is None:
                office.close()  # type: ignore[attr-defined]
        source = read_docx(target, label, stem)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    source.notes.insert(0, f"{path.suffix.lower()} 文件已由 LibreOffice 转换为 .docx 后导入")
    return _not_empty(source, label)
