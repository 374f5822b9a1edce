"""Every corpus document (real supervision documents as published) imported where it lies:
the kind its README table names, and a text round trip — the paragraphs the data file
prints, numbered as the body model numbers them, equal the source's lines up to the
normalisations the corpus README allows, character by character."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
import yaml

from _importing import printed_lines
from gongwen.importer import import_source
from gongwen.importer.labels import parse_label
from gongwen.importer.yamlout import plain

CORPUS = Path(os.environ.get("GONGWEN_CORPUS") or Path(__file__).resolve().parents[2] / "shared" / "corpus")
"""The corpus beside the checkout (``../shared/corpus``); GONGWEN_CORPUS may point elsewhere."""

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

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus folder {CORPUS} is absent")


def corpus_files() -> list[str]:
    return sorted(EXPECTED_KINDS)


def allowed(source: str, output: str) -> bool:
    """Whether ``output`` is ``source`` up to the allowed normalisations."""
    if len(source) != len(output):
        return False
    return all(a == b or (a, b) in ALLOWED for a, b in zip(source, output, strict=True))


@pytest.mark.parametrize("name", corpus_files())
def test_corpus_document_kind_and_round_trip(name: str) -> None:
    path = CORPUS / f"{name}.txt"
    imported = import_source(path)
    report = imported.report
    for kinds, choice in zip(EXPECTED_KINDS[name], report.kinds, strict=True):
        assert choice.kind in kinds, f"{name}: {choice.kind}（{choice.reasons}）"

    raw = path.read_text(encoding="utf-8").split("\n")
    left = {item.line: item for item in report.left_out if item.line}
    for number, item in left.items():
        assert item.text == raw[number - 1].strip(), f"{name} 第 {number} 行的未导入文字与原文不同"
    source = [line.rstrip() for n, line in enumerate(raw, start=1) if line.strip() and n not in left]
    output = [text for document in imported.documents for text in printed_lines(plain(document))]
    differences = [
        (a, b) for a, b in zip(source, output, strict=False) if not allowed(a, b)
    ] + [(a, "") for a in source[len(output):]] + [("", b) for b in output[len(source):]]
    if differences:
        diff = "\n".join(difflib.unified_diff(source, output, "原文", "数据文件印出的段落", lineterm="", n=1))
        pytest.fail(f"{name}: {len(differences)} 处不同\n{diff}")


@pytest.mark.parametrize("name", corpus_files())
def test_corpus_data_files_read_back_and_keep_numbering_styles(name: str) -> None:
    imported = import_source(CORPUS / f"{name}.txt")
    text = (CORPUS / f"{name}.txt").read_text(encoding="utf-8")
    source_styles = {lab.style for line in text.split("\n") if (lab := parse_label(line.strip()))}
    folded = {s.replace("(", "（").replace(")", "）") for s in source_styles}

    def styles(value: object) -> set[str]:
        if isinstance(value, dict):
            found = {value["numbering"]} if isinstance(value.get("numbering"), str) else set()
            return found.union(*(styles(v) for v in value.values()))
        if isinstance(value, list):
            return set().union(*(styles(v) for v in value))
        return set()

    for index, document in enumerate(imported.documents):
        assert yaml.safe_load(imported.yaml(index)) == plain(document)
        assert styles(plain(document)) - {""} <= folded, f"{name}: 数据中的编号样式原文中没有"
    for item in imported.report.uncertain:
        assert item.what and item.chosen and item.alternative
