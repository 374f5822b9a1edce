"""gongwen's fontconfig file: free stand-ins only when the official fonts are absent, each
printing its characters as big as the body's.

A "real" official font is simulated by copying a free font into a temporary folder and
renaming its family at scan time (a fontconfig ``scan`` rule), so no font is shipped.
Sizes are ink boxes measured from the installed font files and from rendered PDF pages.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from PIL import Image

import gongwen
from gongwen.cli import main
from gongwen.models import Plan
from gongwen.render.pdf.fonts import FONTCONFIG_FILE, ROLES, STAND_INS, converter_env, resolve_fonts
from gongwen.render.pdf.inkbox import SAMPLE, InkBox, em_to_mm, ink_boxes, size_ratio

NOTO_SANS = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
WENKAI = Path("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf")
KAI = "LXGW WenKai"  # the chosen stand-in for 楷体_GB2312
TOLERANCE = (0.95, 1.05)  # a stand-in's ink size relative to the body stand-in's
CJK_ROLES = [role for role in STAND_INS if role != "latin"]


@pytest.fixture(autouse=True)
def fontconfig() -> None:
    if shutil.which("fc-match") is None or not (NOTO_SANS.exists() and WENKAI.exists()):
        if os.environ.get("CI"):
            pytest.fail("fontconfig, fonts-noto-cjk and fonts-lxgw-wenkai are required in CI")
        pytest.skip("fontconfig or the free CJK fonts are not installed")


def fc_match(pattern: str, config: Path = FONTCONFIG_FILE) -> dict[str, str]:
    out = subprocess.run(
        ["fc-match", "-f", "%{family[0]}|%{file}|%{index}|%{embolden}", pattern],
        capture_output=True,
        text=True,
        check=True,
        env={**converter_env(), "FONTCONFIG_FILE": str(config)},
    )
    family, file, index, embolden = out.stdout.split("|")
    return {"family": family, "file": file, "index": index, "embolden": embolden}


def stand_in_boxes(role: str) -> dict[str, InkBox]:
    """Ink boxes of the role's first stand-in, whether or not the official font is installed."""
    family = STAND_INS[role][0]
    bold = ":bold" if role in ("title", "red_header") else ""
    match = fc_match(f"{family}:lang=zh-cn{bold}")
    assert match["family"] == family, f"{family} is not installed"
    return ink_boxes(Path(match["file"]), int(match["index"]))


def test_substitutes_per_role_when_the_official_fonts_are_absent() -> None:
    choices = {c.role: c for c in resolve_fonts()}
    expected = {"title": "NotoSerifCJK-Bold.ttc", "body": "NotoSerifCJK-Regular.ttc",
                "level1": "NotoSansCJK-Regular.ttc", "level2": WENKAI.name}
    for role, substitute in expected.items():
        choice = choices[role]
        assert choice.file is not None, role
        if choice.substituted:
            assert choice.file.name == substitute, role
            assert choice.family in STAND_INS[role], role
        else:  # the machine has the official font itself, and it is the one used
            assert choice.family == choice.requested, role


def test_every_kaiti_name_is_served_by_the_chosen_face() -> None:
    for name in ("楷体_GB2312", "楷体", "KaiTi"):
        match = fc_match(f"{name}:lang=zh-cn")
        assert match["family"] in (KAI, "楷体_GB2312", "楷体", "KaiTi"), (name, match)
        if match["family"] == KAI:
            assert match["file"] == str(WENKAI), name  # the Regular weight, not Light or Bold


def test_stand_ins_constant_is_what_the_fontconfig_file_accepts() -> None:
    accepts = {
        alias.findtext("family"): [f.text for f in alias.iter("family")][1:]
        for alias in ET.parse(FONTCONFIG_FILE).getroot().iter("alias")
    }
    official = {name: role for role, (_, name) in ROLES.items()}
    for head, accepted in accepts.items():
        role = official.get(head) or next(official[n] for n in accepted if n in official)
        stand_ins = STAND_INS[role]
        assert tuple(accepted[-len(stand_ins):]) == stand_ins, head
        assert not set(accepted[: -len(stand_ins)]) & set().union(*STAND_INS.values()), head
    assert set(STAND_INS) == set(ROLES)


@pytest.mark.parametrize("role", CJK_ROLES)
def test_every_stand_in_prints_as_big_as_the_body_stand_in(role: str) -> None:
    body = stand_in_boxes("body")
    boxes = stand_in_boxes(role)
    assert set(boxes) == set(SAMPLE)
    ratio = size_ratio(boxes, body)
    assert ratio is not None and TOLERANCE[0] <= ratio <= TOLERANCE[1], (role, ratio)


def test_kaiti_stand_in_ink_height_matches_the_body() -> None:
    body, kai = stand_in_boxes("body"), stand_in_boxes("level2")
    heights = [kai[c].height / body[c].height for c in "国督学"]
    assert TOLERANCE[0] <= sum(heights) / len(heights) <= TOLERANCE[1], heights
    assert TOLERANCE[0] <= kai["一"].width / body["一"].width <= TOLERANCE[1]


def square_font(path: Path, scale: float) -> Path:
    """A TrueType font whose 国 is a 0.6 × 0.8 em box and 一 a 0.9 em stroke, times ``scale``."""
    builder = FontBuilder(1000, isTTF=True)
    glyphs = {".notdef": (0, 0, 0, 0), "guo": (100, -50, 700, 750), "yi": (50, 350, 950, 420)}
    builder.setupGlyphOrder(list(glyphs))
    builder.setupCharacterMap({ord("国"): "guo", ord("一"): "yi"})
    outlines = {}
    for name, (x0, y0, x1, y1) in glyphs.items():
        pen = TTGlyphPen(None)
        if x1 > x0:
            x0, y0, x1, y1 = (round(v * scale) for v in (x0, y0, x1, y1))
            pen.moveTo((x0, y0))
            pen.lineTo((x0, y1))
            pen.lineTo((x1, y1))
            pen.lineTo((x1, y0))
            pen.closePath()
        outlines[name] = pen.glyph()
    builder.setupGlyf(outlines)
    builder.setupHorizontalMetrics({name: (1000, 0) for name in glyphs})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": f"Box {scale}", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.save(path)
    return path


def test_ink_boxes_and_ratio_of_known_glyphs(tmp_path: Path) -> None:
    full = ink_boxes(square_font(tmp_path / "full.ttf", 1.0), 0, "国一督")
    half = ink_boxes(square_font(tmp_path / "half.ttf", 0.5), 0, "国一督")
    assert set(full) == {"国", "一"}  # 督 is not in the font
    assert full["国"].height == pytest.approx(0.8) and full["国"].width == pytest.approx(0.6)
    assert full["一"].extent == pytest.approx(0.9)  # a flat stroke is measured by its width
    assert em_to_mm(full["国"].height) == pytest.approx(4.5156, abs=1e-4)  # 0.8 × 16 pt in mm
    assert size_ratio(half, full) == pytest.approx(0.5)
    assert size_ratio(full, {}) is None


def test_installed_official_fonts_win_over_the_substitutes(tmp_path: Path) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    shutil.copy(NOTO_SANS, fonts / "kaiti.ttc")
    shutil.copy(WENKAI, fonts / "xiaobiaosong.ttf")
    config = tmp_path / "fonts.conf"
    config.write_text(
        f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>{fonts}</dir>
  <cachedir>{tmp_path / "cache"}</cachedir>
  <match target="scan">
    <test name="file"><string>{fonts / "kaiti.ttc"}</string></test>
    <edit name="family" mode="assign_replace"><string>楷体</string></edit>
  </match>
  <match target="scan">
    <test name="file"><string>{fonts / "xiaobiaosong.ttf"}</string></test>
    <edit name="family" mode="assign_replace"><string>方正小标宋简体</string></edit>
  </match>
  <include>{FONTCONFIG_FILE}</include>
</fontconfig>
""",
        encoding="utf-8",
    )
    for name in ("楷体_GB2312", "楷体", "KaiTi"):
        assert fc_match(f"{name}:lang=zh-cn", config)["file"] == str(fonts / "kaiti.ttc"), name
    title = fc_match("方正小标宋简体:lang=zh-cn", config)
    assert title["file"] == str(fonts / "xiaobiaosong.ttf")
    assert title["embolden"] != "True"  # the real single-weight face is not made bold
    assert "Noto" in fc_match("仿宋_GB2312:lang=zh-cn", config)["family"]  # still absent: substitute


def doctor_lines() -> list[str]:
    """``gongwen doctor``'s output (its fonts part does not need LibreOffice)."""
    return CliRunner().invoke(main, ["doctor"], catch_exceptions=False).output.splitlines()


def test_doctor_names_each_face_and_its_measured_size() -> None:
    lines = doctor_lines()
    kai = next(i for i, line in enumerate(lines) if "｜楷体_GB2312 →" in line)
    if {c.role: c for c in resolve_fonts()}["level2"].substituted:
        assert f"→ {KAI}（替代字体）" in lines[kai] and str(WENKAI) in lines[kai]
        font = TTFont(WENKAI)  # the glyph's stored bounding box, read without gongwen's measuring
        glyph = font["glyf"][font.getBestCmap()[ord("国")]]
        height = (glyph.yMax - glyph.yMin) / font["head"].unitsPerEm * 16 * 25.4 / 72
        assert f"“国”高 {height:.2f} mm" in lines[kai + 1], lines[kai + 1]
    ratio = re.search(r"国督学一平均为正文字体的 (\d\.\d\d) 倍", lines[kai + 1])
    assert ratio and TOLERANCE[0] <= float(ratio.group(1)) <= TOLERANCE[1], lines[kai + 1]
    body = next(i for i, line in enumerate(lines) if line.startswith("  正文｜"))
    assert "各字体与它比较" in lines[body + 1] and "mm" in lines[body + 1]
    sized = [line for line in lines if line.startswith("    字面（16 磅）：")]
    assert len(sized) == len(ROLES), lines


@pytest.fixture(scope="module")
def heading_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A gongwen document with a level-2 heading （一）国督学一 above a body paragraph 国督学一."""
    if shutil.which(os.environ.get("GONGWEN_SOFFICE", "soffice")) is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice not installed")
    plan = Plan(
        title="字号对照",
        issuer={"name": "某区教育督导室"},
        date="2026-02-19",
        sections=[{"title": "督导目标", "sections": [{"title": SAMPLE, "text": SAMPLE}]}],
    )
    (pdf,) = gongwen.render(plan, tmp_path_factory.mktemp("heading"), formats=["pdf"])
    return pdf


def printed_ink(pdf: Path, line: str, dpi: int = 600) -> dict[str, tuple[float, float]]:
    """Ink height and width in mm of each of ``SAMPLE``'s characters at the end of a printed line."""
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True)
    number = r'"([\d.]+)"'
    words = re.findall(rf"xMin={number} yMin={number} xMax={number} yMax={number}>([^<]+)<", bbox.stdout)
    x0, y0, x1, y1 = next(map(float, w[:4]) for w in words if w[4] == line)
    pitch = (x1 - x0) / len(line)
    left, top = x1 - pitch * len(SAMPLE), y0 - 4  # the sample ends the line; lines are 29 pt apart
    scale = dpi / 72
    png = pdf.with_name(f"{len(line)}")
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", "-f", "1", "-l", "1",
         "-x", str(int(left * scale)), "-y", str(int(top * scale)),
         "-W", str(int((x1 - left) * scale)), "-H", str(int((y1 - y0 + 8) * scale)), str(pdf), str(png)],
        check=True,
    )
    with Image.open(png.with_suffix(".png")) as image:
        ink = image.point(lambda v: 255 if v < 128 else 0)
        out = {}
        for i, char in enumerate(SAMPLE):
            cell = (round(i * pitch * scale), 0, round((i + 1) * pitch * scale), ink.height)
            box = ink.crop(cell).getbbox()
            assert box, char
            out[char] = ((box[3] - box[1]) / scale * 25.4 / 72, (box[2] - box[0]) / scale * 25.4 / 72)
    return out


def test_pdf_heading_embeds_the_chosen_kai_face_printed_as_big_as_the_body(heading_pdf: Path) -> None:
    fonts = subprocess.run(["pdffonts", str(heading_pdf)], capture_output=True, text=True, check=True)
    roles = {c.role: c for c in resolve_fonts()}
    if not (roles["level2"].substituted and roles["body"].substituted):
        pytest.skip("the official 楷体_GB2312 or 仿宋_GB2312 is installed and used")
    assert "LXGWWenKai-Regular" in fonts.stdout, fonts.stdout
    heading, body = printed_ink(heading_pdf, f"（一）{SAMPLE}"), printed_ink(heading_pdf, SAMPLE)
    printed = sum(max(heading[c]) / max(body[c]) for c in SAMPLE) / len(SAMPLE)
    assert TOLERANCE[0] <= printed <= TOLERANCE[1], (heading, body)
    expected = size_ratio(stand_in_boxes("level2"), stand_in_boxes("body"))
    assert printed == pytest.approx(expected, abs=0.02)  # printed at the nominal size, unscaled
    kai = stand_in_boxes("level2")["国"]
    assert heading["国"][0] == pytest.approx(em_to_mm(kai.height), abs=0.05)
