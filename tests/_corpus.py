"""The corpus of real supervision documents (``../shared/corpus`` beside the checkout, or
``GONGWEN_CORPUS``), what its README's table says of each, and the changes a reproduction
may make to their text."""

from __future__ import annotations

import os
from pathlib import Path

from gongwen.importer.report import ImportReport


def _corpus() -> Path:
    """GONGWEN_CORPUS, else the first ``shared/corpus`` in a folder above the tests."""
    if os.environ.get("GONGWEN_CORPUS"):
        return Path(os.environ["GONGWEN_CORPUS"])
    here = Path(__file__).resolve()
    found = (folder / "shared" / "corpus" for folder in here.parents)
    return next((path for path in found if path.is_dir()), here.parents[2] / "shared" / "corpus")


CORPUS = _corpus()

EXPECTED_KINDS: dict[str, tuple[set[str], ...]] = {
    "002-02": ({"annual-plan"},),
    "002-03": ({"annual-plan"},),
    "002-04": ({"report", "summary"},),
    "002-05": ({"regulation"},),
    "002-06": ({"document", "summary"},),
    "002-08": ({"report"},),
    "002-09": ({"report"},),
    "002-10": ({"regulation"},),
    "003-01": ({"annual-plan"},),
    "003-02": ({"annual-plan", "work-scheme"},),
    "003-03": ({"report"},),
    "003-04": ({"work-scheme"},),
    "003-05": ({"annual-plan"},),
    "003-06": ({"annual-plan"},),
    "003-07": ({"summary"}, {"summary"}, {"summary"}),
    "003-08": ({"annual-plan"},),
    "003-10": ({"annual-plan"},),
}
"""The corpus README's table: the kind (or kinds) each document should get."""

ALLOWED = {
    (",", "，"), (":", "："), (";", "；"), ("?", "？"), ("!", "！"), ("(", "（"), (")", "）"),
    ("-", "—"), ("【", "〔"), ("】", "〕"), ("[", "〔"), ("]", "〕"),
}
"""The only character changes the corpus README allows (half-width → full-width, -- → ——,
【2013】 → 〔2013〕); trailing spaces may go too."""


def allowed(source: str, output: str) -> bool:
    """Whether ``output`` is ``source`` up to the allowed normalisations."""
    if len(source) != len(output):
        return False
    return all(a == b or (a, b) in ALLOWED for a, b in zip(source, output, strict=True))


def source_lines(name: str, report: ImportReport) -> list[str]:
    """The source's non-empty lines without what the import left out (page junk), each
    checked to be the left-out text of its line."""
    raw = (CORPUS / f"{name}.txt").read_text(encoding="utf-8").split("\n")
    left = {item.line: item for item in report.left_out if item.line}
    for number, item in left.items():
        assert item.text == raw[number - 1].strip(), f"{name} 第 {number} 行的未导入文字与原文不同"
    return [line.rstrip() for n, line in enumerate(raw, start=1) if line.strip() and n not in left]


def differences(source: list[str], output: list[str]) -> list[tuple[str, str]]:
    """Paragraph pairs that differ beyond the allowed normalisations (a missing one as "")."""
    pairs = [(a, b) for a, b in zip(source, output, strict=False) if not allowed(a, b)]
    return pairs + [(a, "") for a in source[len(output):]] + [("", b) for b in output[len(source):]]
