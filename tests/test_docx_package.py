"""The package of a .docx being written owns its ids: pictures, parts and files come with
their relationships and content types, and every drawing gets a ``wp:docPr`` id of its own,
none taken from the template's drawings."""

from __future__ import annotations

import io
import posixpath
import re
import shutil
import zipfile
from pathlib import Path

from lxml import etree

import gongwen
from gongwen.render.docx.ns import CT, NAMESPACES, RT, qn
from gongwen.render.docx.package import Package
from test_docx_layout import png

ROOT = Path(__file__).resolve().parents[1]
RELS = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{}"/>'
TYPES = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="{}"></Types>'


def minimal_parts() -> dict[str, bytes]:
    return {
        "word/document.xml": b"<w:document/>",
        "word/_rels/document.xml.rels": RELS.format(NAMESPACES["rel"]).encode(),
        "[Content_Types].xml": TYPES.format(NAMESPACES["ct"]).encode(),
    }


def test_pictures_and_parts_are_related_and_typed(tmp_path: Path) -> None:
    package = Package(minimal_parts(), drawing_ids={9001, 9500})
    first = package.add_image(png(tmp_path / "a.png"))
    second = package.add_image(png(tmp_path / "b.png"))
    footer = package.add_part("footer-x.xml", b"<w:ftr/>", CT.FOOTER, RT.FOOTER)
    chart = package.add_part("charts/c1.xml", b"<c:chartSpace/>", CT.CHART, RT.CHART, prefix="rIdChart")
    data = package.relate("word/charts/c1.xml", RT.PACKAGE, "../embeddings/data.xlsx")
    package.add_file("word/embeddings/data.xlsx", b"PK", CT.XLSX)
    package.finish()

    assert (first.docpr_id, second.docpr_id) == (9002, 9003)  # the template's 9001 is left alone
    assert package.drawing_id("text box") == 9501 and package.drawing_id("chart") == 9502
    assert (first.rel_id, second.rel_id, footer, chart, data) == (
        "rIdGongwenImage1", "rIdGongwenImage2", "rIdGongwenPart1", "rIdChart1", "rId1")
    rels = etree.fromstring(package.parts["word/_rels/document.xml.rels"])
    assert [(r.get("Id"), r.get("Target")) for r in rels] == [
        ("rIdGongwenImage1", "media/gongwen-rIdGongwenImage1.png"),
        ("rIdGongwenImage2", "media/gongwen-rIdGongwenImage2.png"),
        ("rIdGongwenPart1", "footer-x.xml"), ("rIdChart1", "charts/c1.xml"),
    ]
    chart_rels = package.parts["word/charts/_rels/c1.xml.rels"]
    assert chart_rels.startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships ')
    assert etree.fromstring(chart_rels)[0].get("Type") == RT.PACKAGE
    types = etree.fromstring(package.parts["[Content_Types].xml"])
    assert [d.get("Extension") for d in types.iter(qn("ct:Default"))] == ["png", "xlsx"]
    assert [o.get("PartName") for o in types.iter(qn("ct:Override"))] == [
        "/word/footer-x.xml", "/word/charts/c1.xml"]
    assert package.parts["word/media/gongwen-rIdGongwenImage2.png"] == (tmp_path / "b.png").read_bytes()


def test_a_document_with_seal_imprint_and_photo_has_one_id_per_drawing(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples" / "forms", tmp_path / "forms")
    png(tmp_path / "seal.png")
    data = tmp_path / "plan.yaml"
    data.write_text(
        "kind: annual-plan\ntitle: 长宁区2026年教育督导工作计划\n"
        "issuer: {name: 长宁区教育督导室, seal: seal.png}\ndate: 2026-02-26\n"
        "cc: 区教育局办公室。\nprinter: 长宁区教育督导室\n"
        "sections: [{title: 督导内容, text: 开学准备。}]\n"
        "attachments: [{form: forms/notice-board.yaml}, {form: forms/record-sheet.yaml}]\n",
        encoding="utf-8",
    )
    (docx,) = gongwen.render(gongwen.load(data), tmp_path / "out", ["docx"])
    with zipfile.ZipFile(docx) as package:
        names = set(package.namelist())
        document = package.read("word/document.xml").decode()
        ids = re.findall(r'<wp:docPr id="(\d+)" name="([^"]+)"', document)
        assert sorted(ids) == [("9001", "印章"), ("9002", "照片"), ("9500", "版记")]
        rels = etree.fromstring(package.read("word/_rels/document.xml.rels"))
        for rel in rels:
            assert posixpath.join("word", rel.get("Target")) in names, rel.get("Target")
        for rel_id in re.findall(r'r:(?:embed|id)="([^"]+)"', document):
            assert rels.find(f"*[@Id='{rel_id}']") is not None, rel_id


def _zipfile_bytes(parts: dict[str, bytes]) -> bytes:
    """The package written by zipfile alone, entry by entry, as gongwen wrote it before it
    kept compressed template parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name in sorted(parts, key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            out.writestr(info, parts[name])
    return buffer.getvalue()


def test_template_parts_compressed_once_give_the_same_bytes(tmp_path: Path) -> None:
    from gongwen.renderer import Renderer

    plan = gongwen.load(ROOT / "examples" / "annual-plan.yaml")
    with Renderer() as renderer:
        first = renderer.render_docx(plan, tmp_path / "first.docx")
        second = renderer.render_docx(plan, tmp_path / "second.docx")  # template parts from the cache
    with zipfile.ZipFile(first) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    assert len(parts) > 5 and "word/styles.xml" in parts
    expected = _zipfile_bytes(parts)
    assert first.read_bytes() == expected
    assert second.read_bytes() == expected
    with zipfile.ZipFile(second) as package:
        assert package.testzip() is None
