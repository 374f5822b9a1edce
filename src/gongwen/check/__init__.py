"""GB/T 9704-2012 conformance check of any .docx, ours or one made in Word or WPS, and a
layout check of the printed pages of a PDF.

::

    from gongwen.check import check_docx, check_pdf

    report = check_docx("通知.docx")
    for finding in report.findings:
        print(finding.severity, finding.clause, finding.message, finding.where)
    for finding in check_pdf("通知.pdf").findings:
        print(finding.page, finding.message)

A document whose body is a table with at most a title, a caption and notes around it
is checked as a form (表格): only the number formats, punctuation and theme fonts apply.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ConversionError
from .document import Document, UnreadableDocx
from .findings import ERROR, WARNING, Finding, Report, merge
from .layout import RULES as LAYOUT_RULES
from .pages import UnreadablePdf, read_pdf
from .rules import CONTENT_RULES, DOCUMENT_RULES
from .sheets import sheets

if TYPE_CHECKING:
    from ..render.pdf import PdfConverter

PDF_KIND = "PDF版面"


def check_docx(path: str | Path) -> Report:
    """Check one .docx; raises :class:`UnreadableDocx` when it is missing, not a .docx or damaged."""
    doc = Document(path)
    rules = CONTENT_RULES if doc.is_form else DOCUMENT_RULES + CONTENT_RULES
    findings = [finding for rule in rules for finding in rule(doc)]
    return Report(Path(path), "表格" if doc.is_form else "公文", merge(findings))


def check_pdf(path: str | Path, *, name: str | Path | None = None) -> Report:
    """Check the printed pages of a PDF; raises :class:`UnreadablePdf` when it cannot be read.

    ``name`` is the file the report names (the .docx a PDF was made from), default ``path``.
    """
    doc = sheets(read_pdf(path))
    findings = [finding for rule in LAYOUT_RULES for finding in rule(doc)]
    findings.sort(key=lambda f: (f.page or 0, f.severity != ERROR))
    return Report(Path(name or path), PDF_KIND, findings)


def check_docx_pages(
    paths: Sequence[str | Path], converter: PdfConverter | None = None,
    finished: Callable[[int, int], None] | None = None,
) -> list[Report | ConversionError | UnreadablePdf]:
    """Convert each .docx to PDF with LibreOffice (into a temporary directory) and check its pages.

    One report, or the error that stopped it, per file; the reports name the .docx. Uses
    ``converter`` when given, else a pool of its own; raises ConversionError when
    LibreOffice is missing. ``finished(done, index)`` is told as each conversion ends.
    """
    from ..render.pdf import PdfConverter

    if not paths:
        return []
    with tempfile.TemporaryDirectory(prefix="gongwen-check-") as tmp:
        jobs = [(Path(path), Path(tmp) / f"{i}.pdf") for i, path in enumerate(paths)]
        if converter is None:
            with PdfConverter() as own:
                results = own.convert_many(jobs, finished)
        else:
            results = converter.convert_many(jobs, finished)
        reports: list[Report | ConversionError | UnreadablePdf] = []
        for (docx, pdf), result in zip(jobs, results, strict=True):
            if isinstance(result, ConversionError):
                reports.append(result)
                continue
            try:
                reports.append(check_pdf(pdf, name=docx))
            except UnreadablePdf as exc:
                reports.append(exc)
        return reports


__all__ = [
    "ERROR",
    "WARNING",
    "Finding",
    "Report",
    "UnreadableDocx",
    "UnreadablePdf",
    "check_docx",
    "check_docx_pages",
    "check_pdf",
]
