"""The proof of the body model and the importer on real documents: every corpus document
imported, completed as a clerk completes it (a title where the source has none, the 署名
and 成文日期 its kind needs), rendered by gongwen's real renderer as .docx and PDF, and read
back — the .docx's paragraphs, and the PDF's paragraphs joined across line and page breaks,
equal the source line by line up to the normalisations the corpus README allows. The PDF's
pages pass the layout check.

Run with ``-s`` for the table of each document: kind, paragraphs, uncertain decisions,
pages, layout findings and the largest gap at the foot of a page."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from _corpus import CORPUS, EXPECTED_KINDS, differences, source_lines
from _roundtrip import docx_paragraphs, foot_gaps, pdf_paragraphs, same_text
from conftest import require_office
from gongwen.check import ERROR, check_pdf
from gongwen.filters import cn_date
from gongwen.importer import import_source
from gongwen.importer.document import REQUIRED
from gongwen.importer.yamlout import plain
from gongwen.kinds import BUILT_IN
from gongwen.loaders import validate
from gongwen.renderer import Renderer

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus folder {CORPUS} is absent")

TITLES = {
    "002-02": "学校安全工作计划",
    "002-03": "教育督查工作计划",
    "002-04": "责任督学挂牌督导工作经验材料",
    "002-05": "教学督导室职责",
    "002-06": "学习心得",
    "002-08": "教育督导工作经验交流材料",
    "002-09": "县委督查工作经验材料",
    "002-10": "督查工作办法",
    "003-01": "教育局年度工作计划",
    "003-02": "“十四五”教育改革发展规划",
    "003-03": "关于教育发展的思考",
    "003-04": "创建教育强区工作方案",
    "003-05": "区教育局年度工作计划",
    "003-06": "区教育局年度工作计划",
    "003-08": "基础教育年度工作计划",
    "003-10": "教育五大工程年度工作计划",
}
"""Titles a clerk gives the sources that have none, from the corpus README's descriptions."""
ISSUER = "某某区教育局"
DATE = "2024-01-10"


@pytest.fixture(scope="module")
def renderer() -> Iterator[Renderer]:
    """One renderer (and LibreOffice pool) for the corpus; LibreOffice must be there under CI."""
    require_office()
    with Renderer() as shared:
        yield shared


def completed(name: str, data: dict[str, Any]) -> tuple[dict[str, Any], list[str], list[str]]:
    """The data with what a clerk adds, and the paragraphs that adds before and after the body."""
    data = dict(data)
    front: list[str] = []
    end: list[str] = []
    if "title" not in data:
        data["title"] = TITLES[name]
        front = data["title"].split("\n")
    needed = REQUIRED.get(data["kind"], ())
    if "issuer" in needed and "issuer" not in data:
        data["issuer"] = {"name": ISSUER}
        end.append(ISSUER)
    if "date" in needed and "date" not in data:
        data["date"] = DATE
        end.append(cn_date(date.fromisoformat(DATE)))
    return data, front, end


@pytest.mark.parametrize("name", sorted(EXPECTED_KINDS))
def test_corpus_document_comes_back_through_the_real_renderer(
    name: str, renderer: Renderer, tmp_path: Path
) -> None:
    imported = import_source(CORPUS / f"{name}.txt")
    report = imported.report
    for kinds, choice in zip(EXPECTED_KINDS[name], report.kinds, strict=True):
        assert choice.kind in kinds, f"{name}: {choice.kind}（{choice.reasons}）"
    docx_text: list[str] = []
    rows = []
    for index, document in enumerate(imported.documents):
        data, front, end = completed(name, plain(document))
        model = validate(data, BUILT_IN.models())
        docx, pdf = renderer.render(model, tmp_path / str(index), ["docx", "pdf"])
        paragraphs = docx_paragraphs(docx)
        assert paragraphs[: len(front)] == front and paragraphs[len(paragraphs) - len(end):] == end
        docx_text += paragraphs[len(front): len(paragraphs) - len(end)]

        printed = pdf_paragraphs(pdf)
        unlike = [(a, b) for a, b in zip(paragraphs, printed, strict=False) if not same_text(a, b)]
        assert len(printed) == len(paragraphs) and not unlike, (
            f"{name}：PDF 与 .docx 的段落不同\n" + "\n".join(f"- {a}\n+ {b}" for a, b in unlike[:5])
        )
        layout = check_pdf(pdf)
        errors = [str(f) for f in layout.findings if f.severity == ERROR]
        assert not errors, f"{name}：版面检查有错误\n" + "\n".join(errors)
        gaps = foot_gaps(pdf)
        rows.append((index, data["kind"], len(paragraphs), len(gaps) + 1, len(layout.findings),
                     max(gaps, default=0)))

    source = source_lines(name, report)
    found = differences(source, docx_text)
    if found:
        diff = "\n".join(difflib.unified_diff(source, docx_text, "原文", ".docx", lineterm="", n=1))
        pytest.fail(f"{name}: {len(found)} 处不同\n{diff}")
    for index, kind, paragraphs, pages, findings, gap in rows:
        print(f"\n{name}{'-' + str(index + 1) if len(rows) > 1 else ''}\t{kind}\t{paragraphs} 段\t"
              f"不同 0\t不确定 {sum(u.document == index + 1 for u in report.uncertain)}\t{pages} 页\t"
              f"版面 {findings}\t页末最多空 {gap} 行", end="")
