"""GB/T 9704-2012 as declared in gongwen.standard: the numbers agree with each other, lengths
convert as Word and DrawingML count them, and the built-in template sets every role in the
font and size the standard gives it."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from gongwen.check.styles import StyleSheet, w
from gongwen.registry import builtin_templates_dir
from gongwen.render.docx.ns import W
from gongwen.standard import (
    A4,
    ACCEPTED_FONTS,
    CHAR_SPACING,
    CHARS_PER_LINE,
    FOLIO_DROP,
    FOLIO_LINE,
    FOOTER_DISTANCE,
    IMPRINT_RULES,
    LINE_PITCH,
    LINES_PER_PAGE,
    MARGINS,
    ROLES,
    TYPE_HEIGHT,
    TYPE_WIDTH,
    TYPEFACES,
    Length,
    Mm,
    Pt,
    Twips,
    size_name,
)

OFFICIAL = builtin_templates_dir() / "base" / "official" / "official.docx"


def test_margins_leave_the_type_area_on_a4() -> None:
    width, height = A4
    assert (width - MARGINS["left"] - MARGINS["right"]).mm == pytest.approx(TYPE_WIDTH.mm)
    assert (height - MARGINS["top"] - MARGINS["bottom"]).mm == pytest.approx(TYPE_HEIGHT.mm)


def test_the_type_area_holds_22_lines_of_28_characters() -> None:
    assert LINES_PER_PAGE * LINE_PITCH <= TYPE_HEIGHT < (LINES_PER_PAGE + 1) * LINE_PITCH
    assert LINE_PITCH.pt == 28.95 and LINE_PITCH.twips == 579
    pitch = Pt(ROLES["body"].size) + CHAR_SPACING
    assert CHARS_PER_LINE * pitch <= TYPE_WIDTH < (CHARS_PER_LINE + 1) * pitch


def test_the_page_number_line_ends_7_mm_below_the_type_area() -> None:
    assert (FOOTER_DISTANCE + FOLIO_LINE + FOLIO_DROP).mm == pytest.approx(MARGINS["bottom"].mm)


def test_lengths_convert_as_word_and_drawingml_count() -> None:
    assert Mm(25.4).pt == pytest.approx(72) and Twips(1440) == Mm(25.4) == Length(914400)
    assert Mm(156).twips == 8844 and Mm(42).emu == 1512000 and Mm(33).px == 125
    assert Pt(10.5).half_points == 21 and Pt(16).twips == 320
    assert [rule.eighths for rule in IMPRINT_RULES] == [8, 6]  # 1 pt and ¾ pt borders
    assert isinstance(Mm(37) - Mm(7), Length) and (3 * Pt(2)).pt == 6


def test_sizes_are_named_as_the_chinese_sizes() -> None:
    assert size_name(16) == "16 磅（三号）" and size_name(10.5) == "10.5 磅（五号）"
    assert size_name(13) == "13 磅"


def test_every_official_font_is_accepted_with_its_other_names_and_stand_ins() -> None:
    for role in ROLES.values():
        if role.font is not None:
            assert TYPEFACES[role.font.name] is role.font
    assert set(ACCEPTED_FONTS) == set(TYPEFACES)
    for name, accepted in ACCEPTED_FONTS.items():
        face = TYPEFACES[name]
        assert set(accepted) == {*face.aliases, *face.stand_ins}
        assert all(face.matches(alias) for alias in (name, *face.aliases) if not alias.startswith("FZ"))


def template_styles() -> tuple[StyleSheet, dict[str, tuple[str, str]]]:
    """The official template's style sheet and its styles by display name: (id, type)."""
    with zipfile.ZipFile(OFFICIAL) as package:
        root = etree.fromstring(package.read("word/styles.xml"))
    by_name = {
        style.find(w("name")).get(w("val")): (style.get(w("styleId")), style.get(w("type")))
        for style in root.iter(w("style"))
    }
    return StyleSheet(root, None), by_name


@pytest.mark.parametrize("role", [r for r in ROLES if ROLES[r].font and r != "signer"])
def test_the_official_template_sets_each_role_as_the_standard_does(role: str) -> None:
    sheet, styles = template_styles()
    part = ROLES[role]
    style_id, kind = styles[part.style]
    if kind == "character":
        xml = f'<w:p><w:r><w:rPr><w:rStyle w:val="{style_id}"/></w:rPr></w:r></w:p>'
    else:
        xml = f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr><w:r/></w:p>'
    paragraph = etree.fromstring(xml.replace("<w:p>", f'<w:p xmlns:w="{W}">', 1))
    run = sheet.run_format(paragraph, paragraph.find(w("r")))
    assert run.fonts["eastAsia"].name == part.font.name
    if kind != "character":
        assert run.size_pt == part.size
        if part.align:
            assert sheet.paragraph_format(paragraph).jc == part.align
