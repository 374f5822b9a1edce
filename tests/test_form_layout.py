"""Forms as offices hand them out: the real forms' captions, captions and signers set in
the data, one-sheet forms that stay on one sheet (or say why not), page numbers on forms
of several pages, and forms attached to a plan as 附件1, 附件2 — read back from .docx,
.xlsx, HTML and the PDF.

The PDF tests need LibreOffice; outside CI they are skipped when it is missing.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from docx import Document
from lxml import etree
from openpyxl import load_workbook
from pypdf import PdfReader

import gongwen
from conftest import EXAMPLES, NS, W
from gongwen import Renderer
from gongwen.cli import main
from gongwen.errors import DataError
from gongwen.models.forms import ExecutionPlan, LeaderCheck

FORMS = EXAMPLES / "forms"
LEADER_CHECK_CAPTIONS = [
    "检查时间", "地址", "受检对象", "被检查人", "检查情况", "被检查人（签字）", "处置意见",
    "检查领导（签字）", "责任单位负责人（签字）", "跟踪落实情况",
    "责任单位负责人（签字）", "检查领导（签字）",
]
"""The real 领导干部检查督查情况表, in reading order; the follow-up's signatures last."""


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def renderer() -> Iterator[Renderer]:
    with Renderer() as shared:
        yield shared


def captions(docx: Path) -> list[str]:
    """Texts of the caption cells (表头 style) in reading order, merged cells once."""
    root = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    styles = etree.fromstring(zipfile.ZipFile(docx).read("word/styles.xml"))
    head = next(s.get(f"{{{W}}}styleId") for s in styles.iterfind("w:style", NS)
                if s.find("w:name", NS).get(f"{{{W}}}val") == "表头")
    cells = root.xpath(f".//w:tc[w:p/w:pPr/w:pStyle/@w:val='{head}']", namespaces=NS)
    return [flat("".join(c.itertext())) for c in cells if "".join(c.itertext()).strip()]


def pdf_text(pdf: Path) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(pdf).pages]


def footer_texts(docx: Path) -> list[str]:
    with zipfile.ZipFile(docx) as package:
        return ["".join(etree.fromstring(package.read(n)).itertext())
                for n in package.namelist() if re.fullmatch(r"word/footer[^/]*\.xml", n)]


# -- captions, labels, columns, signers --------------------------------------------------

@pytest.mark.parametrize("blank", [False, True])
def test_leader_check_prints_the_real_captions(renderer: Renderer, tmp_path: Path, blank: bool) -> None:
    [docx] = renderer.render(gongwen.load(FORMS / "leader-check.yaml"), tmp_path, ["docx"], blank=blank)
    assert captions(docx) == LEADER_CHECK_CAPTIONS


def test_labels_and_signer_order_from_the_data(renderer: Renderer, tmp_path: Path) -> None:
    form = LeaderCheck(
        labels={"inspected_signature": "被检查人签名", "follow_up": "整改落实情况"},
        signers=["follow_up_signature", "follow_up_unit_signature"],
        follow_up_signature={"name": "赵敏"},
    )
    docx, xlsx, html = renderer.render(form, tmp_path, ["docx", "xlsx", "html"], blank=True)
    expected = [*LEADER_CHECK_CAPTIONS[:5], "被检查人签名", *LEADER_CHECK_CAPTIONS[6:9], "整改落实情况",
                "检查领导（签字）", "责任单位负责人（签字）"]
    assert captions(docx) == expected  # blank, and still printed as the data says
    sheet = load_workbook(xlsx).active
    labels = [flat(str(c.value)) for row in sheet.iter_rows(min_row=2) for c in row
              if c.value and c.font.name == "黑体"]
    assert labels == expected
    page = html.read_text(encoding="utf-8")
    assert [flat(re.sub(r"<[^>]+>", "", t)) for t in re.findall(r"<th[^>]*>(.*?)</th>", page)] == expected


def test_unknown_label_names_the_captions_it_may_change() -> None:
    with pytest.raises(DataError) as caught:
        gongwen.loaders.validate({"kind": "leader-check", "labels": {"signature": "签名"}},
                                 gongwen.kinds.BUILT_IN.models())
    message = str(caught.value)
    assert "labels 中的 signature" in message and "inspected_signature（被检查人（签字））" in message


def test_execution_plan_columns_headers_and_signers(renderer: Renderer, tmp_path: Path) -> None:
    form = ExecutionPlan(
        items=[{"time": "3月5日上午", "target": "甲校", "content": "开学准备", "members": ["张三"]}],
        columns=["target", "time", "content"], labels={"target": "检查地点"}, signers=["approver"],
    )
    [docx] = renderer.render(form, tmp_path, ["docx"])
    table = Document(str(docx)).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["检查地点", "时间", "内容"]
    assert [c.text for c in table.rows[1].cells] == ["甲校", "3月5日上午", "开学准备"]
    assert [flat(r.cells[0].text) for r in table.rows[2:]] == ["审批人"]


def test_record_sheet_signers_in_the_real_order() -> None:
    form = gongwen.load(FORMS / "record-sheet.yaml")
    layout = gongwen.kinds.BUILT_IN.of(form).layout(form)
    assert [c.text for c in layout.rows[-1].cells if c.label] == ["督学（签字）", "学校（园）负责人（签字）"]


def test_category_rows_in_html(renderer: Renderer) -> None:
    form = gongwen.load(FORMS / "division-table.yaml")
    page = renderer.html(form)
    rows = re.findall(r'<th class="left v-center" colspan="4">(.*?)</th>', page)
    assert rows == [c.name for c in form.categories]


# -- one sheet, page numbers ---------------------------------------------------------------

@pytest.mark.usefixtures("office")
def test_one_sheet_forms_fit_one_page_and_have_no_page_number(renderer: Renderer, tmp_path: Path) -> None:
    paths = [FORMS / f"{kind}.yaml" for kind in ("leader-check", "record-sheet", "notice-board")]
    result = gongwen.render_files(paths, tmp_path, ["docx", "pdf"], renderer=renderer)
    assert result.ok and not result.warnings, (result.failures, result.warnings)
    for pdf in (p for p in result.outputs if p.suffix == ".pdf"):
        assert len(PdfReader(pdf).pages) == 1, pdf.name
        root = etree.fromstring(zipfile.ZipFile(pdf.with_suffix(".docx")).read("word/document.xml"))
        assert root.find(".//w:body/w:sectPr/w:footerReference", NS) is None  # no page number
    leader = next(p for p in result.outputs if p.name == "领导干部检查督查情况表.pdf")
    [text] = pdf_text(leader)
    for caption in LEADER_CHECK_CAPTIONS:
        assert caption in text
    assert "第1页" not in text


def overfull(tmp_path: Path) -> Path:
    data = yaml.safe_load((FORMS / "leader-check.yaml").read_text(encoding="utf-8"))
    data["situation"] = data["situation"] * 8
    path = tmp_path / "overfull.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_an_overfull_one_sheet_form_is_rendered_with_a_warning(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["render", str(overfull(tmp_path)), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "注意：" in result.output and "overfull.yaml" in result.output
    assert "“领导干部检查督查情况表”一页放不下" in result.output
    assert "10.5 磅" in result.output and "“检查情况”栏" in result.output
    assert (tmp_path / "out" / "领导干部检查督查情况表.docx").is_file()


@pytest.mark.usefixtures("office")
def test_forms_of_several_pages_are_numbered(renderer: Renderer, tmp_path: Path) -> None:
    items = [{"time": f"2024年3月{d}日上午", "target": f"长宁区第{d}中学", "content": "开学准备、校园安全",
              "members": ["李建国", "赵敏"]} for d in range(1, 26)]
    long_plan = ExecutionPlan(title="执行方案", items=items)
    jobs = [gongwen.Job(long_plan),
            gongwen.Job(LeaderCheck(situation=LeaderCheck().situation + "发现的问题。" * 600))]
    result = gongwen.render_many(jobs, tmp_path, ["docx", "pdf"], renderer=renderer)
    assert result.ok, result.failures
    assert result.warnings and "一页放不下" in str(result.warnings[0])
    for pdf in (p for p in result.outputs if p.suffix == ".pdf"):
        pages = pdf_text(pdf)
        assert len(pages) >= 2, pdf.name
        for number, text in enumerate(pages, start=1):
            assert f"第{number}页，共{len(pages)}页" in text, (pdf.name, number)
        assert any("PAGE" in t or "页" in t for t in footer_texts(pdf.with_suffix(".docx")))


# -- forms as attachments --------------------------------------------------------------------

def attachment_plan(tmp_path: Path) -> Path:
    for name in ("leader-check.yaml", "notice-board.yaml", "inspector.png"):
        shutil.copy(FORMS / name, tmp_path / name)
    (tmp_path / "plan.yaml").write_text(
        """\
kind: annual-plan
title: 关于开展春季开学专项督导的通知
number: 长教督〔2026〕5号
recipients: [区属各中小学、幼儿园]
issuer: {name: 长宁区教育督导室}
date: 2026年2月20日
sections:
  - title: 督导安排
    text: 检查情况填写附件1，每次督导填写附件2。
attachments:
  - form: leader-check.yaml
  - title: 督导工作记录单
    form: {kind: record-sheet, organization: 长宁区教育督导室, school: 不应印出}
    blank: true
  - form: notice-board.yaml
cc: [区人民政府教育督导委员会各成员单位]
printer: 长宁区教育督导室
""",
        encoding="utf-8",
    )
    return tmp_path / "plan.yaml"


def test_form_files_are_read_relative_to_the_plan(tmp_path: Path) -> None:
    plan = gongwen.load(attachment_plan(tmp_path))
    first, second, third = plan.attachments
    assert first.title == "领导干部检查督查情况表" and first.form.target == "长宁区实验小学"
    assert second.blank and second.form.school == "不应印出"
    assert third.form.photo == tmp_path / "inspector.png"  # the form file's own directory


def test_form_file_problems_name_the_attachment(tmp_path: Path) -> None:
    path = attachment_plan(tmp_path)
    (tmp_path / "leader-check.yaml").unlink()
    with pytest.raises(DataError) as caught:
        gongwen.load(path)
    assert "attachments[0].form（第 11 行）" in str(caught.value) and "文件不存在" in str(caught.value)
    (tmp_path / "leader-check.yaml").write_text("kind: annual-plan\n", encoding="utf-8")
    with pytest.raises(DataError, match="不是表格"):
        gongwen.load(path)


def test_an_edited_form_file_makes_the_plan_render_again(renderer: Renderer, tmp_path: Path) -> None:
    path = attachment_plan(tmp_path)
    first = gongwen.render_files([path], tmp_path / "out", ["docx"], renderer=renderer)
    assert first.outputs
    again = gongwen.render_files([path], tmp_path / "out", ["docx"], renderer=renderer)
    assert again.skipped and not again.outputs
    form = tmp_path / "leader-check.yaml"
    form.write_text(form.read_text(encoding="utf-8").replace("长宁区实验小学", "长宁区天山小学"),
                    encoding="utf-8")
    third = gongwen.render_files([path], tmp_path / "out", ["docx"], renderer=renderer)
    assert third.outputs and not third.skipped


def test_plan_with_forms_as_attachments_docx(renderer: Renderer, tmp_path: Path) -> None:
    [docx] = renderer.render(gongwen.load(attachment_plan(tmp_path)), tmp_path / "out", ["docx"])
    document = Document(str(docx))
    texts = [p.text for p in document.paragraphs if p.text]
    assert "附件：1.领导干部检查督查情况表" in texts and "2.督导工作记录单" in texts
    assert "3.责任督学挂牌督导公示牌" in texts
    for label in ("附件1", "附件2", "附件3"):
        assert label in texts
    leader, record, _ = document.tables
    assert flat(leader.cell(0, 1).text) == "2024年3月12日9:00—11:30"
    assert [flat(c.text) for c in leader.rows[-1].cells][::2] == LEADER_CHECK_CAPTIONS[-2:]
    assert record.cell(0, 1).text == ""  # blank: the school is not printed
    assert flat(record.cell(0, 0).text) == "督导学校（园）"
    root = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    sizes = [(s.get(f"{{{W}}}w"), s.get(f"{{{W}}}orient")) for s in root.iterfind(".//w:sectPr/w:pgSz", NS)]
    # the plan and its A4 forms, the A3 landscape 公示牌 in a section of its own, back to A4
    assert sizes == [("11906", None), ("23811", "landscape"), ("11906", None)]
    assert all(s.find("w:footerReference", NS) is not None for s in root.iterfind(".//w:sectPr", NS))


@pytest.mark.usefixtures("office")
def test_plan_with_forms_as_attachments_pdf(renderer: Renderer, tmp_path: Path) -> None:
    result = gongwen.render_files([attachment_plan(tmp_path)], tmp_path / "out", ["docx", "pdf"],
                                  renderer=renderer)
    assert result.ok and not result.warnings, (result.failures, result.warnings)
    [pdf] = [p for p in result.outputs if p.suffix == ".pdf"]
    pages = pdf_text(pdf)
    starts = {label: next(i for i, t in enumerate(pages) if t.startswith(label))
              for label in ("附件1", "附件2", "附件3")}
    assert starts["附件2"] == starts["附件1"] + 1 and starts["附件3"] == starts["附件2"] + 1  # one page each
    assert "领导干部检查督查情况表" in pages[starts["附件1"]] and "被检查人（签字）" in pages[starts["附件1"]]
    assert "督导学校（园）" in pages[starts["附件2"]] and "不应印出" not in "".join(pages)
    reader = PdfReader(pdf)
    board = reader.pages[starts["附件3"]].mediabox
    assert float(board.width) > float(board.height)  # landscape
    for number, text in enumerate(pages, start=1):
        assert f"—{number}—" in text  # the plan's page numbers run on through its forms
    assert "抄送" in pages[-1]
