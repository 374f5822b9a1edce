"""Fonts for PDF conversion: the shipped fontconfig file and the ``gongwen doctor`` report.

gongwen never embeds or ships fonts. Documents name the official fonts; the fontconfig
file below (applied only to the LibreOffice processes gongwen starts) lets a machine
without them fall back to the best free fonts installed, while a machine that has the
real fonts keeps using them. Each stand-in is chosen so that its characters print as big
as the body's: ``gongwen doctor`` shows the measured ink boxes (see ``inkbox``).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ... import standard
from ...errors import ConversionError
from .inkbox import SAMPLE, InkBox, em_to_mm, ink_boxes, size_ratio
from .office import clean_env, find_soffice, find_uno_python, soffice_version

FONTCONFIG_FILE = Path(__file__).with_name("fontconfig") / "fonts.conf"

ROLES: dict[str, tuple[str, str]] = {
    "red_header": ("发文机关标志", standard.ROLES["red-header"].font.name),
    "title": ("标题", standard.ROLES["title"].font.name),
    "body": ("正文", standard.ROLES["body"].font.name),
    "level1": ("一级标题（一、）", standard.ROLES["heading1"].font.name),
    "level2": ("二级标题（（一））", standard.ROLES["heading2"].font.name),
    "level3": ("三、四级标题（1. （1））", standard.ROLES["heading3"].font.name),
    "latin": ("西文与数字", standard.TIMES.name),
    "songti": ("宋体", standard.SONGTI.name),
}
"""The lines of the doctor's report: (Chinese label, the official font of the standard)."""
STAND_INS: dict[str, tuple[str, ...]] = {
    role: standard.TYPEFACES[font].stand_ins for role, (_, font) in ROLES.items()
}
"""The free families fonts.conf accepts in place of each line's official font, best first."""
LATIN_SAMPLE = "H0"  # the Latin role is measured on a capital and a digit
SAMPLE_SIZE_PT = standard.ROLES["body"].size  # 3号, the body size: sizes in the report are at this size


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
    index: int  # face within a collection (.ttc)
    substituted: bool  # a different font stands in for the one requested


def resolve_fonts() -> list[FontChoice]:
    """Ask ``fc-match`` (with gongwen's fontconfig) which font file serves each role."""
    fc_match = shutil.which("fc-match")
    choices = []
    for role, (label, name) in ROLES.items():
        family = file = None
        index = 0
        substituted = False
        if fc_match:
            out = subprocess.run(
                [fc_match, "-f", "%{family}\n%{file}\n%{index}", f"{name}:lang=zh-cn"],
                capture_output=True,
                text=True,
                env=converter_env(),
                timeout=30,
            )
            lines = out.stdout.splitlines()
            if out.returncode == 0 and len(lines) == 3:
                families = lines[0].split(",")
                family, file, index = families[0], Path(lines[1]), int(lines[2])
                substituted = name not in families
        choices.append(FontChoice(role, label, name, family, file, index, substituted))
    return choices


def measure(choice: FontChoice) -> dict[str, InkBox]:
    """Ink boxes of the role's sample characters in its font; empty when it cannot be read."""
    if choice.file is None:
        return {}
    try:
        return ink_boxes(choice.file, choice.index, LATIN_SAMPLE if choice.role == "latin" else SAMPLE)
    except Exception:  # any font file on the machine: the report must still be printed
        return {}


def describe_size(role: str, boxes: dict[str, InkBox], body: dict[str, InkBox]) -> str:
    """One line of measured sizes: the first sample character's ink box and the ratio to the body."""
    if not boxes:
        return "字面大小：无法读取字体文件，未测量"
    first = next(iter(boxes.values()))
    text = (
        f"字面（{SAMPLE_SIZE_PT:g} 磅）：“{first.char}”高 {em_to_mm(first.height, SAMPLE_SIZE_PT):.2f} mm、"
        f"宽 {em_to_mm(first.width, SAMPLE_SIZE_PT):.2f} mm"
    )
    if role == "body":
        return f"{text}；各字体与它比较"
    if role == "latin":
        return f"{text}；西文字母与数字，按 Times New Roman 的度量，不与中文字体比较"
    ratio = size_ratio(boxes, body)
    if ratio is None:
        return text
    return f"{text}；{''.join(boxes)}平均为正文字体的 {ratio:.2f} 倍"


@dataclass(frozen=True)
class DoctorReport:
    """What PDF output needs from this machine, and what it found."""

    soffice: Path | None
    version: str | None
    uno_python: Path | None
    problem: str | None
    fonts: list[FontChoice]
    ink: dict[str, dict[str, InkBox]]  # role → measured ink boxes of its font

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
            if f.file is not None:
                out.append(f"    {describe_size(f.role, self.ink[f.role], self.ink['body'])}")
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
    fonts = resolve_fonts()
    return DoctorReport(soffice, version, uno_python, problem, fonts, {f.role: measure(f) for f in fonts})


__all__ = [
    "FONTCONFIG_FILE",
    "ROLES",
    "STAND_INS",
    "DoctorReport",
    "FontChoice",
    "converter_env",
    "doctor_report",
    "measure",
    "resolve_fonts",
]
