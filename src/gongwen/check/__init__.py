"""GB/T 9704-2012 conformance check of any .docx, ours or one made in Word or WPS.

::

    from gongwen.check import check_docx

    report = check_docx("通知.docx")
    for finding in report.findings:
        print(finding.severity, finding.clause, finding.message, finding.where)

A document whose body is a table with at most a title, a caption and notes around it
is checked as a form (表格): only the number formats, punctuation and theme fonts apply.
"""

from __future__ import annotations

from pathlib import Path

from .document import Document, UnreadableDocx
from .findings import ERROR, WARNING, Finding, Report, merge
from .rules import CONTENT_RULES, DOCUMENT_RULES


def check_docx(path: str | Path) -> Report:
    """Check one .docx; raises :class:`UnreadableDocx` when it is missing, not a .docx or damaged."""
    doc = Document(path)
    rules = CONTENT_RULES if doc.is_form else DOCUMENT_RULES + CONTENT_RULES
    findings = [finding for rule in rules for finding in rule(doc)]
    return Report(Path(path), "表格" if doc.is_form else "公文", merge(findings))


__all__ = ["ERROR", "WARNING", "Finding", "Report", "UnreadableDocx", "check_docx"]
