"""``gongwen import`` on files: a Word document built here (red header, number, title,
headings, items, table, signature, date, 版记), Word's automatic numbering, .doc through
LibreOffice, Markdown, text encodings, standard input, ``--json`` and bad input."""

from __future__ import annotations

import json
import threading
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from PIL import Image

from _importing import data_of, printed_lines
from gongwen.cli import main
from gongwen.errors import DataError
from gongwen.importer import import_document
from gongwen.models import Notice
from gongwen.render.pdf import PdfConverter


def run(*args: str, stdin: bytes | None = None):
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)


def add(doc, text: str, size: float = 16, red: bool = False, align: str | None = None):
    paragraph = doc.add_paragraph()
    run_ = paragraph.add_run(text)
    run_.font.size = Pt(size)
    if red:
        run_.font.color.rgb = RGBColor(0xE0, 0x10, 0x10)
    if align:
        paragraph.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    return paragraph


def rule_under(paragraph) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "12"), ("space", "1"), ("color", "E01010")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def official_docx(path: Path) -> Path:
    """A 通知 as an office types it in Word: typed variants of the number, half-width colon."""
    doc = Document()
    add(doc, "江城区教育督导室文件", 36, red=True, align="center")
    rule_under(add(doc, "江教督[2024]07号", align="center"))
    add(doc, "江城区教育督导室关于开展", 22, align="center")
    add(doc, "秋季开学专项督导的通知", 22, align="center")
    add(doc, "各中小学、幼儿园:")
    add(doc, "为确保秋季开学平稳有序，决定开展专项督导。现将有关事项通知如下。")
    add(doc, "一、督导内容")
    add(doc, "（一）校园安全")
    add(doc, "1.消防设施。检查灭火器是否在有效期内。")
    add(doc, "2.食堂卫生。检查食品留样记录。")
    add(doc, "二、督导安排")
    table = doc.add_table(rows=4, cols=3)
    rows = [["责任区", "组长", "学校（园）"], ["第一责任区", "王敏", "实验小学"], ["", "", "城东幼儿园"],
            ["第二责任区", "李强", "第二中学"]]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(1, 1).merge(table.cell(2, 1))
    header = table.rows[0]._tr.get_or_add_trPr()
    header.append(OxmlElement("w:tblHeader"))
    add(doc, "特此通知。")
    add(doc, "江城区教育督导室", align="right")
    add(doc, "2024年8月20日", align="right")
    add(doc, "抄送：区教育局。", 14)
    add(doc, "江城区教育督导室办公室  2024年8月20日印发", 14)
    doc.sections[0].footer.paragraphs[0].text = "— 1 —"
    doc.save(path)
    return path


EXPECTED = {
    "kind": "notice",
    "issuer": {"name": "江城区教育督导室", "header": "江城区教育督导室文件"},
    "number": "江教督〔2024〕7号",
    "title": "江城区教育督导室关于开展\n秋季开学专项督导的通知",
    "recipients": "各中小学、幼儿园",
    "preamble": "为确保秋季开学平稳有序，决定开展专项督导。现将有关事项通知如下。",
    "sections": [
        {"title": "督导内容", "sections": [{"title": "校园安全", "text": [{"items": [
            {"title": "消防设施", "text": "检查灭火器是否在有效期内。"},
            {"title": "食堂卫生", "text": "检查食品留样记录。"},
        ]}]}]},
        {"title": "督导安排", "table": {  # a section that is one table
            "columns": ["责任区", "组长", "学校（园）"],
            "rows": [
                ["第一责任区", "王敏", "实验小学"], ["", "", "城东幼儿园"], ["第二责任区", "李强", "第二中学"]
            ],
            "widths": [50.8, 50.8, 50.8],  # the columns' widths in Word, in mm
        }},
    ],
    "closing": "特此通知。",
    "date": "2024年8月20日",
    "cc": ["区教育局"],
    "printer": "江城区教育督导室办公室",  # 印发日期 is the 成文日期: not written again
}


def test_docx_round_trip(tmp_path: Path) -> None:
    path = official_docx(tmp_path / "通知.docx")
    data, report = data_of(path)
    assert data == EXPECTED
    assert report.unit == "段"
    found = {f.what: f for f in report.found}
    assert found["发文机关标志"].line == 1 and found["版头红线"].line == 2
    assert [(x.text, x.reason) for x in report.left_out] == [("— 1 —", "页码")]
    assert {(c.before, c.after) for c in report.changes} >= {("[2024]", "〔2024〕"), (":", "：")}
    merged = [u for u in report.uncertain if "合并" in u.what]
    assert merged and merged[0].what == "表格有 2 个被合并的单元格"
    model, _ = import_document(path)
    assert isinstance(model, Notice) and report.ready == [True]
    assert printed_lines(data) == [  # every paragraph, numbered by gongwen, as the source has it
        "江城区教育督导室文件", "江教督〔2024〕7号", "江城区教育督导室关于开展", "秋季开学专项督导的通知",
        "各中小学、幼儿园：", "为确保秋季开学平稳有序，决定开展专项督导。现将有关事项通知如下。",
        "一、督导内容", "（一）校园安全", "1.消防设施。检查灭火器是否在有效期内。",
        "2.食堂卫生。检查食品留样记录。",
        "二、督导安排", "责任区\t组长\t学校（园）", "第一责任区\t王敏\t实验小学", "\t\t城东幼儿园",
        "第二责任区\t李强\t第二中学", "特此通知。", "江城区教育督导室", "2024年8月20日", "抄送：区教育局。",
        "江城区教育督导室办公室  2024年8月20日印发",
    ]


def test_word_automatic_numbering_becomes_labels(tmp_path: Path) -> None:
    doc = Document()
    add(doc, "一、工作职责")
    for text in ("负责督导计划的制定；", "负责督导结果的通报；", "负责督导档案的管理。"):
        doc.add_paragraph(text, style="List Number")
    doc.save(tmp_path / "职责.docx")
    data, report = data_of(tmp_path / "职责.docx")
    section = data["sections"][0]
    assert section["numbering"] == "1."  # a section of one list: its numbering styles the list
    duties = ["负责督导计划的制定；", "负责督导结果的通报；", "负责督导档案的管理。"]
    assert section["text"] == [{"items": duties}]
    assert report.kinds[0].kind == "regulation"


def test_word_heading_styles_without_numbers_are_unnumbered_headings(tmp_path: Path) -> None:
    doc = Document()
    doc.add_heading("城区督学工作要点", 0)
    doc.add_heading("工作目标", 1)
    doc.add_paragraph("全年督导全覆盖。")
    doc.add_heading("重点任务", 1)
    doc.add_heading("规范办学", 2)
    doc.add_paragraph("检查课程开设。")
    doc.save(tmp_path / "要点.docx")
    data, _ = data_of(tmp_path / "要点.docx")
    assert data["title"] == "城区督学工作要点" and data["numbering"] == ""
    assert data["sections"] == [
        {"title": "工作目标", "text": "全年督导全覆盖。"},
        {"title": "重点任务", "numbering": "", "sections": [{"title": "规范办学", "text": "检查课程开设。"}]},
    ]
    assert printed_lines(data) == ["城区督学工作要点", "工作目标", "全年督导全覆盖。", "重点任务", "规范办学",
                                   "检查课程开设。"]


def test_markdown_headings_lists_and_tables(tmp_path: Path) -> None:
    path = tmp_path / "方案.md"
    path.write_text(
        "# 江城区挂牌督导工作方案\n\n## 一、工作目标\n\n- 每校每月督导一次。\n\n## 二、责任区\n\n"
        "| 责任区 | 组长 |\n|---|---|\n| 第一责任区 | 王敏 |\n\n详见[通知](https://example.org/a)。\n",
        encoding="utf-8",
    )
    data, report = data_of(path)
    assert data["title"] == "江城区挂牌督导工作方案" and data["kind"] == "work-scheme"
    assert data["sections"][0] == {"title": "工作目标", "text": "每校每月督导一次。"}
    assert data["sections"][1]["text"] == [
        {"table": {"columns": ["责任区", "组长"], "rows": [["第一责任区", "王敏"]]}}, "详见通知。"
    ]
    assert [(x.text, x.reason) for x in report.left_out] == [
        ("https://example.org/a", "链接地址（保留了链接文字）")
    ]


TEXT = "江城区督学培训心得\n一、主要收获\n聆听讲座,收获很大。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "gb18030"])
def test_text_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "心得.txt"
    path.write_bytes(TEXT.encode(encoding))
    data, report = data_of(path)
    assert data["title"] == "江城区督学培训心得"
    assert data["sections"] == [{"title": "主要收获", "text": "聆听讲座，收获很大。"}]
    expected = {
        "utf-8": None, "utf-8-sig": None, "utf-16": "UTF-16", "utf-16-le": "UTF-16", "gb18030": "GB18030"
    }
    if expected[encoding]:
        assert f"文字编码为 {expected[encoding]}" in report.notes


def test_standard_input_and_json_report(tmp_path: Path) -> None:
    result = run("import", "-", "-o", str(tmp_path), "--json", stdin=TEXT.encode("gb18030"))
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    reports = shown["imports"]
    assert shown["ok"] and reports[0]["file"] == "标准输入"
    written = tmp_path / reports[0]["outputs"][0]
    assert written.name == "江城区督学培训心得.yaml" and written.is_file()
    report = reports[0]["report"]
    assert report["kinds"][0]["kind"] == "document"
    assert report["changes"] == [{"line": 3, "before": ",", "after": "，", "rule": "半角标点改全角"}]


def test_command_prints_what_it_recognised_and_keep(tmp_path: Path) -> None:
    path = tmp_path / "心得.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = run("import", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "类型 document" in result.output and "识别：标题 1" in result.output
    assert "第 3 行：“,”→“，”" in result.output
    kept = run("import", str(path), "-o", str(tmp_path / "kept"), "--keep", "--kind", "report")
    text = (tmp_path / "kept" / "心得.yaml").read_text(encoding="utf-8")
    assert "聆听讲座,收获很大。" in text and "kind: report" in text and "按 --kind 指定" in kept.output


def test_several_documents_in_one_source_give_several_files(tmp_path: Path) -> None:
    path = tmp_path / "总结.txt"
    path.write_text(
        "督导总结（一）\n一年来完成了督导。\n督导总结（二）\n本学期开展了检查。\n", encoding="utf-8"
    )
    documents, _ = data_of(path)
    assert isinstance(documents, list) and len(documents) == 2
    result = run("import", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["总结-1.yaml", "总结-2.yaml"]


# -- bad input ------------------------------------------------------------------------------


def image_only_docx(path: Path) -> Path:
    picture = path.with_suffix(".png")
    Image.new("RGB", (40, 20), "white").save(picture)
    doc = Document()
    doc.add_picture(str(picture))
    doc.save(path)
    return path


def bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    encrypted = tmp_path / "加密.docx"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    encrypted.write_bytes(ole + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le"))
    damaged = tmp_path / "损坏.docx"
    official_docx(damaged)
    damaged.write_bytes(damaged.read_bytes()[:2000])
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "空白.txt"
    blank.write_text(" \n\u3000\n", encoding="utf-8")
    huge = tmp_path / "过大.txt"
    with huge.open("wb") as handle:
        handle.truncate(51 * 1024 * 1024)
    pdf = tmp_path / "扫描.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    return {
        "encrypted": (encrypted, "密码保护"),
        "damaged": (damaged, "已损坏"),
        "empty": (empty, "文件是空的"),
        "blank": (blank, "没有可识别的文字"),
        "image": (image_only_docx(tmp_path / "扫描件.docx"), "没有可识别的文字"),
        "huge": (huge, "超过导入上限 50 MB"),
        "pdf": (pdf, "不能直接导入 PDF"),
        "missing": (tmp_path / "没有这个文件.docx", "文件不存在"),
    }


def test_bad_input_is_a_clear_data_error(tmp_path: Path) -> None:
    for case, (path, message) in bad_inputs(tmp_path).items():
        with pytest.raises(DataError) as caught:
            import_document(path)
        assert message in str(caught.value), case
        assert path.name in str(caught.value), case


def test_bad_input_exits_2_and_the_good_files_are_still_imported(tmp_path: Path) -> None:
    cases = bad_inputs(tmp_path)
    good = tmp_path / "心得.txt"
    good.write_text(TEXT, encoding="utf-8")
    damaged, image = str(cases["damaged"][0]), str(cases["image"][0])
    result = run("import", damaged, str(good), image, "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "未导入 损坏.docx" in result.stderr and "没有可识别的文字" in result.stderr
    assert "共 2 个未导入" in result.stderr
    assert (tmp_path / "out" / "心得.yaml").is_file()
    for case, (path, message) in cases.items():  # each alone: exit 2, its message, nothing written
        alone = run("import", str(path), "-o", str(tmp_path / case))
        assert alone.exit_code == 2, case
        assert f"未导入 {path.name}" in alone.stderr and message in alone.stderr, case
        assert not (tmp_path / case).exists() or not any((tmp_path / case).iterdir()), case


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A real HTTP server on localhost, and the paths it was asked for."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", asked
    finally:
        httpd.shutdown()
        httpd.server_close()


def repacked(path: Path, target: Path, extra: dict[str, bytes], rels: dict[str, str]) -> Path:
    """``path`` with parts added and relationships appended to the given .rels parts."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as out:
        names = source.namelist()
        for item in source.infolist():
            data = source.read(item)
            if item.filename in rels:
                data = data.replace(b"</Relationships>", rels[item.filename].encode() + b"</Relationships>")
            out.writestr(item, data)
        for name, data in extra.items():
            if name not in names:
                out.writestr(name, data)
        for name, added in rels.items():
            if name not in names:
                out.writestr(name, '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
                                   f'openxmlformats.org/package/2006/relationships">{added}</Relationships>')
    return target


def _rel(kind: str, target: str) -> str:
    return (f'<Relationship Id="rIdX{kind}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships/{kind}" Target="{target}" TargetMode="External"/>')


def test_macros_and_linked_content_are_refused_and_never_run_or_fetched(
    tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    url, asked = server
    official = official_docx(tmp_path / "通知.docx")
    rels = "word/_rels/document.xml.rels"
    macros = repacked(official, tmp_path / "带宏.docx", {"word/vbaProject.bin": b"\0" * 64}, {})
    linked = repacked(official, tmp_path / "链接图片.docx", {}, {rels: _rel("image", f"{url}/logo.png")})
    ole = repacked(official, tmp_path / "链接对象.docx", {}, {rels: _rel("oleObject", f"{url}/data.xlsx")})
    cases = {macros: "文件含宏（VBA）", linked: f"{url}/logo.png（image）",
             ole: f"{url}/data.xlsx（oleObject）"}
    for path, message in cases.items():
        with pytest.raises(DataError) as caught:
            import_document(path)
        assert message in str(caught.value) and path.name in str(caught.value)
    result = run("import", *map(str, cases), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and "共 3 个未导入" in result.stderr
    assert "不打开也不下载" in result.stderr and "去掉宏" in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())

    # a template and hyperlinks linked from outside: the text imports, the addresses are named
    settings = "word/_rels/settings.xml.rels"
    templated = repacked(official, tmp_path / "模板.docx", {}, {
        settings: _rel("attachedTemplate", f"{url}/公文.dotm"), rels: _rel("hyperlink", f"{url}/page"),
    })
    data, report = data_of(templated)
    assert data == EXPECTED
    assert any(f"{url}/公文.dotm" in note and "没有打开" in note for note in report.notes)
    assert any(f"{url}/page" in note and "超链接" in note for note in report.notes)
    assert asked == []  # the server was never asked for anything


# -- .doc through LibreOffice -----------------------------------------------------------------


def test_doc_and_odt_are_converted_by_the_libreoffice_pool(tmp_path: Path, office: None) -> None:
    docx = official_docx(tmp_path / "通知.docx")
    with PdfConverter(workers=1) as pool:
        pool.export(docx, tmp_path / "通知.doc", "MS Word 97")
        pool.export(docx, tmp_path / "通知.odt", "writer8")
    assert (tmp_path / "通知.doc").read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    (tmp_path / "办法.wps").write_bytes((tmp_path / "通知.doc").read_bytes())  # WPS writes Word 97's format
    doc, odt, wps = str(tmp_path / "通知.doc"), str(tmp_path / "通知.odt"), str(tmp_path / "办法.wps")
    result = run("import", doc, odt, wps, "-o", str(tmp_path / "out"), "--json")
    assert result.exit_code == 0, result.output
    entries = json.loads(result.stdout)["imports"]
    assert len(entries) == 3
    for entry in entries:
        assert "文件已由 LibreOffice 转换为 .docx 后导入" in entry["report"]["notes"][0]
    for name in ("通知.doc", "通知.odt", "办法.wps"):
        data, _ = data_of(tmp_path / name)
        assert data == EXPECTED, name


def test_damaged_doc_files_are_data_errors(tmp_path: Path, office: None) -> None:
    docx = official_docx(tmp_path / "通知.docx")
    with PdfConverter(workers=1) as pool:
        pool.export(docx, tmp_path / "通知.doc", "MS Word 97")
    damaged = bytearray((tmp_path / "通知.doc").read_bytes())
    damaged[512:8192] = bytes(8192 - 512)  # the data sectors wiped, the directory kept
    truncated = tmp_path / "损坏.doc"
    truncated.write_bytes(bytes(damaged))
    garbage = tmp_path / "乱码.doc"
    garbage.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 16)
    renamed = tmp_path / "改名.wps"
    renamed.write_bytes(bytes(range(256)) * 16)
    cases = {
        truncated: "LibreOffice 无法打开此文件", garbage: "没有 Word 正文数据", renamed: "不是 Word/WPS 文档"
    }
    for path, message in cases.items():
        with pytest.raises(DataError) as caught:
            import_document(path)
        assert message in str(caught.value), path.name


def test_bold_in_a_word_file_is_emphasis_or_a_run_in_title(tmp_path: Path) -> None:
    doc = Document()
    paragraph = doc.add_paragraph()
    paragraph.add_run("一、")
    paragraph.add_run("总体要求").bold = True  # a bold heading after its number: no emphasis
    paragraph = doc.add_paragraph()
    paragraph.add_run("重点：").bold = True
    paragraph.add_run("各校要落实。")
    leads = (("1.加强组织领导。", "各校要成立领导小组。"), ("2.严守工作纪律。", "督学不得接受宴请。"))
    for lead, text in leads:
        paragraph = doc.add_paragraph()
        paragraph.add_run(lead).bold = True
        paragraph.add_run(text)
    doc.save(tmp_path / "要点.docx")
    data, _ = data_of(tmp_path / "要点.docx")
    [section] = data["sections"]
    assert section["title"] == "总体要求"
    assert section["text"] == ["**重点：**各校要落实。", {"numbering": "1.", "items": [
        {"title": "加强组织领导", "text": "各校要成立领导小组。"},
        {"title": "严守工作纪律", "text": "督学不得接受宴请。"},
    ]}]
