"""gongwen's fontconfig file: free substitutes only when the official fonts are absent.

A "real" official font is simulated by copying a free font into a temporary folder and
renaming its family at scan time (a fontconfig ``scan`` rule), so no font is shipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from gongwen.render.fonts import FONTCONFIG_FILE, converter_env, resolve_fonts

NOTO_SANS = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
UKAI = Path("/usr/share/fonts/truetype/arphic/ukai.ttc")


@pytest.fixture(autouse=True)
def fontconfig() -> None:
    if shutil.which("fc-match") is None or not (NOTO_SANS.exists() and UKAI.exists()):
        if os.environ.get("CI"):
            pytest.fail("fontconfig, fonts-noto-cjk and fonts-arphic-ukai are required in CI")
        pytest.skip("fontconfig or the free CJK fonts are not installed")


def fc_match(name: str, config: Path) -> dict[str, str]:
    out = subprocess.run(
        ["fc-match", "-f", "%{family[0]}|%{file}|%{embolden}", f"{name}:lang=zh-cn"],
        capture_output=True,
        text=True,
        check=True,
        env={**converter_env(), "FONTCONFIG_FILE": str(config)},
    )
    family, file, embolden = out.stdout.split("|")
    return {"family": family, "file": file, "embolden": embolden}


def test_substitutes_per_role_when_the_official_fonts_are_absent() -> None:
    choices = {c.role: c for c in resolve_fonts()}
    expected = {"title": "NotoSerifCJK-Bold.ttc", "body": "NotoSerifCJK-Regular.ttc",
                "level1": "NotoSansCJK-Regular.ttc", "level2": "ukai.ttc"}
    for role, substitute in expected.items():
        choice = choices[role]
        assert choice.file is not None, role
        if choice.substituted:
            assert choice.file.name == substitute, role
        else:  # the machine has the official font itself, and it is the one used
            assert choice.family == choice.requested, role


def test_substitutes_are_accepted_never_preferred() -> None:
    text = FONTCONFIG_FILE.read_text(encoding="utf-8")
    assert "<prefer>" not in text and "<accept>" in text
    assert "<dir" not in text  # never adds fonts of its own


def test_installed_official_fonts_win_over_the_substitutes(tmp_path: Path) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    shutil.copy(NOTO_SANS, fonts / "kaiti.ttc")
    shutil.copy(UKAI, fonts / "xiaobiaosong.ttc")
    config = tmp_path / "fonts.conf"
    config.write_text(
        f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>{fonts}</dir>
  <cachedir>{tmp_path / "cache"}</cachedir>
  <match target="scan">
    <test name="family"><string>Noto Sans CJK SC</string></test>
    <edit name="family" mode="assign_replace"><string>楷体</string></edit>
  </match>
  <match target="scan">
    <test name="family"><string>AR PL UKai CN</string></test>
    <edit name="family" mode="assign_replace"><string>方正小标宋简体</string></edit>
  </match>
  <include>{FONTCONFIG_FILE}</include>
</fontconfig>
""",
        encoding="utf-8",
    )
    for name in ("楷体_GB2312", "楷体", "KaiTi"):
        assert fc_match(name, config)["file"] == str(fonts / "kaiti.ttc"), name
    title = fc_match("方正小标宋简体", config)
    assert title["file"] == str(fonts / "xiaobiaosong.ttc")
    assert title["embolden"] != "True"  # the real single-weight face is not made bold
    assert "Noto" in fc_match("仿宋_GB2312", config)["family"]  # still absent: substitute
