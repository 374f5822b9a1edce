"""Every corpus document (real supervision documents as published) imported where it lies:
the kind its README table names, and a text round trip — the paragraphs the data file
prints, numbered as the body model numbers them, equal the source's lines up to the
normalisations the corpus README allows, character by character."""

from __future__ import annotations

import difflib

import pytest
import yaml

from _corpus import CORPUS, EXPECTED_KINDS, differences, source_lines
from _importing import printed_lines
from gongwen.importer import import_source
from gongwen.importer.labels import parse_label
from gongwen.importer.yamlout import plain

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus folder {CORPUS} is absent")


def corpus_files() -> list[str]:
    return sorted(EXPECTED_KINDS)


@pytest.mark.parametrize("name", corpus_files())
def test_corpus_document_kind_and_round_trip(name: str) -> None:
    imported = import_source(CORPUS / f"{name}.txt")
    report = imported.report
    for kinds, choice in zip(EXPECTED_KINDS[name], report.kinds, strict=True):
        assert choice.kind in kinds, f"{name}: {choice.kind}（{choice.reasons}）"

    source = source_lines(name, report)
    output = [text for document in imported.documents for text in printed_lines(plain(document))]
    found = differences(source, output)
    if found:
        diff = "\n".join(difflib.unified_diff(source, output, "原文", "数据文件印出的段落", lineterm="", n=1))
        pytest.fail(f"{name}: {len(found)} 处不同\n{diff}")


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
