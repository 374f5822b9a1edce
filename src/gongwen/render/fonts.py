"""Fonts for PDF conversion: the shipped fontconfig file and the ``gongwen doctor`` report.

gongwen never embeds or ships fonts. Documents name the official fonts; the fontconfig
file below (applied only to the LibreOffice processes gongwen starts) lets a machine
without them fall back to the best free fonts installed, while a machine that has the
real fonts keeps using them.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from gongwen.errors import ConversionError
from gongwen.render.office import clean_env, find_soffice, find_uno_python, soffice_version

FONTCONFIG_FILE = Path(__file__).with_name("fontconfig") / "fonts.conf"

# role → (Chinese label, official font name named by the documents)
ROLES: dict[str, tuple[str, str]] = {
    "red_header": ("发文机关标志", "方正小标宋简体"),
    "title": ("标题", "方正小标宋简体"),
    "body": ("正文", "仿宋_GB2312"),
    "level1": ("一级标题（一、）", "黑体"),
    "level2": ("二级标题（（一））", "楷体_GB2312"),
    "level3": ("三、四级标题（1. （1））", "仿宋_GB2312"),
    "latin": ("西文与数字", "Times New Roman"),
    "songti": ("宋体", "宋体"),
}

# The fonts a 公文 may be printed in: each official font, then the other names it goes by
# (PostScript names included) and the free fonts fontconfig/fonts.conf lets stand in for it.
# `gongwen check` accepts exactly these in a PDF; add a stand-in here when fonts.conf gets one.
ACCEPTED_FONTS: dict[str, tuple[str, ...]] = {
    "方正小标宋简体": (
        "方正小标宋_GBK", "小标宋", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05", "FZXBSJW--GB1-0",
        "FZXBSK--GBK1-0", "Noto Serif CJK SC", "Source Han Serif SC",
    ),
    "仿宋_GB2312": ("FangSong_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC", "Source Han Serif SC"),
    "黑体": ("SimHei", "Noto Sans CJK SC", "Source Han Sans SC"),
    "楷体_GB2312": ("KaiTi_GB2312", "楷体", "KaiTi", "AR PL UKai CN"),
    "宋体": ("SimSun", "Noto Serif CJK SC", "Source Han Serif SC"),
    "Times New Roman": ("Liberation Serif", "Tinos", "Noto Serif CJK SC"),
}


def converter_env() -> dict[str, str]:
    """Environment for converter processes: ours, plus gongwen's fontconfig."""
    return {**clean_env(), "FONTCONFIG_FILE": str(FONTCONFIG_FILE)}


@dataclass(frozen=True)
class FontChoice:
    """Which installed font serves one typographic role in the PDF."""

    role: str
    label: str
    requested: str
    family: str | None
    file: Path | None
    substituted: bool  # a different font stands in for the one requested


def resolve_fonts() -> list[FontChoice]:
    """Ask ``fc-match`` (with gongwen's fontconfig) which font file serves each role."""
    fc_match = shutil.which("fc-match")
    choices = []
    for role, (label, name) in ROLES.items():
        family = file = None
        substituted = False
        if fc_match:
            out = subprocess.run(
                [fc_match, "-f", "%{family}\n%{file}", f"{name}:lang=zh-cn"],
                capture_output=True,
                text=True,
                env=converter_env(),
                timeout=30,
            )
            lines = out.stdout.splitlines()
            if out.returncode == 0 and len(lines) == 2:
                families = lines[0].split(",")
                family, file = families[0], Path(lines[1])
                substituted = name not in families
        choices.append(FontChoice(role, label, name, family, file, substituted))
    return choices


@dataclass(frozen=True)
class DoctorReport:
    """What PDF output needs from this machine, and what it found."""

    soffice: Path | None
    version: str | None
    uno_python: Path | None
    problem: str | None
    fonts: list[FontChoice]

    @property
    def ok(self) -> bool:
        """True when PDF output will work and every role has a font."""
        return self.problem is None and all(f.file for f in self.fonts)

    def lines(self) -> list[str]:
        """The report as lines of Chinese text for the terminal."""
        out = []
        if self.soffice:
            out.append(f"LibreOffice：{self.soffice}（{self.version or '版本未知'}）")
        if self.uno_python:
            out.append(f"UNO Python：{self.uno_python}")
        if self.problem:
            out.append(f"问题：{self.problem}")
        out.append(f"字体配置：{FONTCONFIG_FILE}")
        for f in self.fonts:
            if f.file is None:
                used = "未找到（需要 fontconfig 的 fc-match 与中文字体）"
            else:
                note = "（替代字体）" if f.substituted else ""
                used = f"{f.family}{note} — {f.file}"
            out.append(f"  {f.label}｜{f.requested} → {used}")
        return out


def doctor_report() -> DoctorReport:
    """Check LibreOffice, its UNO bridge and the font used per role; never raises."""
    soffice = version = uno_python = problem = None
    try:
        soffice = find_soffice()
        version = soffice_version(soffice)
        uno_python = find_uno_python(soffice)
    except (ConversionError, OSError, subprocess.SubprocessError) as exc:
        problem = str(exc)
    return DoctorReport(soffice, version, uno_python, problem, resolve_fonts())


__all__ = [
    "ACCEPTED_FONTS",
    "FONTCONFIG_FILE",
    "ROLES",
    "DoctorReport",
    "FontChoice",
    "converter_env",
    "doctor_report",
    "resolve_fonts",
]
