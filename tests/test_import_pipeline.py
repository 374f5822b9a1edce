"""From an office's own document straight to the national format: ``gongwen import --render``
(the data files rendered, each PDF's pages checked) and ``gongwen check --fix`` (a .docx laid
out by hand rendered beside it as X（规范）.docx, with what changed) — read back from the files."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Mm
from PIL import Image, ImageDraw

from gongwen.check import check_docx
from gongwen.cli import main
from gongwen.render.docx.drawing import floating_picture
from gongwen.render.docx.package import Image as Image_
from gongwen.standard import SEAL_DIAMETER
from test_import_files import official_docx

REGULATION = "第一章 总则\n第一条 为规范督导工作,制定本办法。\n第二章 附则\n第二条 本办法自印发之日起施行。\n"
PLAN = "一、工作目标\n全年完成对辖区学校的经常性督导。\n二、主要任务\n开展挂牌督导。\n"


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


@pytest.mark.usefixtures("office")
def test_import_render_goes_straight_to_the_document_and_checks_its_pages(tmp_path: Path) -> None:
    (tmp_path / "督查办法.txt").write_text(REGULATION, encoding="utf-8")
    (tmp_path / "工作计划.txt").write_text(PLAN, encoding="utf-8")  # a plan needs its issuer and date
    out = tmp_path / "out"
    result = run("import", str(tmp_path / "督查办法.txt"), str(tmp_path / "工作计划.txt"), "-o", str(out),
                 "--render", "-f", "docx,pdf")
    assert result.exit_code == 1, result.output  # the plan could not be rendered yet
    made = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert made == ["工作计划.yaml", "督查办法.docx", "督查办法.pdf", "督查办法.yaml"]
    assert "督查办法.pdf：按PDF版面检查，符合 GB/T 9704-2012（0 项错误，0 项警告）" in result.output
    assert "未排版 工作计划.txt：数据不完整" in result.output and "发文机关 issuer" in result.output
    assert check_docx(out / "督查办法.docx").ok

    result = run("import", str(tmp_path / "督查办法.txt"), "-o", str(tmp_path / "json"), "--render",
                 "-f", "pdf", "--json")
    shown = json.loads(result.stdout)
    assert result.exit_code == 0 and shown["rendered"]["outputs"] == ["督查办法.pdf"]
    assert shown["layout"][0]["ok"] and shown["imports"][0]["report"]["kinds"][0]["kind"] == "regulation"


def test_check_fix_renders_a_hand_made_docx_in_the_national_format_beside_it(tmp_path: Path) -> None:
    source = official_docx(tmp_path / "通知.docx")
    assert not check_docx(source).ok
    result = run("check", str(source), "--fix")
    assert result.exit_code == 0, result.output
    fixed = tmp_path / "通知（规范）.docx"
    assert check_docx(fixed).ok and check_docx(fixed).findings == []
    assert f"规范版：{fixed}" in result.output
    assert "“[2024]”→“〔2024〕”" in result.output
    assert "“江教督〔2024〕07号”→“江教督〔2024〕7号”" in result.output
    assert "原文件的问题 8 项错误" in result.output and "规范版 0 项错误、0 项警告" in result.output

    shown = json.loads(run("check", str(source), "--fix", "--json").stdout)
    [entry] = shown["files"]
    assert shown["ok"] and entry["outputs"] == [str(fixed)]
    assert entry["after"][0]["ok"] and not entry["before"]["ok"]


def test_check_fix_says_what_it_cannot_do(tmp_path: Path) -> None:
    (tmp_path / "计划.txt").write_text(PLAN, encoding="utf-8")
    result = run("check", str(tmp_path / "计划.txt"), "--fix")
    assert result.exit_code == 2 and "--fix 只用于 .docx" in result.output
    plan = tmp_path / "计划.docx"
    doc = Document()
    for line in PLAN.splitlines():
        doc.add_paragraph(line)
    doc.save(plan)
    result = run("check", str(plan), "--fix")
    assert result.exit_code == 1 and "未生成规范版：导入后数据不完整" in result.output
    assert not (tmp_path / "计划（规范）.docx").exists()


def test_import_kind_takes_a_form_kind(tmp_path: Path) -> None:
    doc = Document()
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "督导学校（园）", "城东小学"
    table.cell(1, 0).text, table.cell(1, 1).text = "督导情况及发现的问题", "课程开齐开足。"
    doc.save(tmp_path / "记录.docx")
    result = run("import", str(tmp_path / "记录.docx"), "-o", str(tmp_path / "out"), "--kind", "record-sheet")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out" / "记录.yaml").read_text(encoding="utf-8")
    assert "kind: record-sheet" in text and "school: 城东小学" in text and "findings: 课程开齐开足。" in text


def test_check_fix_keeps_the_seal_pressed_over_a_hand_made_signature(tmp_path: Path) -> None:
    seal = tmp_path / "公章.png"
    image = Image.new("RGBA", (240, 240), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((6, 6, 234, 234), outline=(220, 0, 0, 255), width=10)
    image.save(seal)
    source = official_docx(tmp_path / "通知.docx")
    doc = Document(str(source))
    signature = next(p for p in doc.paragraphs if p.text == "江城区教育督导室")
    inline = signature.add_run().add_picture(str(seal), width=Mm(42))._inline
    rel_id = inline.xpath(".//a:blip/@r:embed")[0]
    floating = floating_picture(Image_(rel_id, 99), Mm(100), Mm(-20), SEAL_DIAMETER, "图片 3", "picture")
    run_ = parse_xml(floating.replace("<w:r>", f"<w:r {nsdecls('w', 'wp', 'r')}>", 1))
    inline.getparent().getparent().addnext(run_)  # the picture floats over the signature
    inline.getparent().getparent().getparent().remove(inline.getparent().getparent())
    doc.save(str(source))

    result = run("check", str(source), "--fix")
    assert result.exit_code == 0, result.output
    fixed = tmp_path / "通知（规范）.docx"
    with zipfile.ZipFile(fixed) as package:
        media = [package.read(name) for name in package.namelist() if name.startswith("word/media/")]
    assert media == [seal.read_bytes()]
    assert check_docx(fixed).findings == []
