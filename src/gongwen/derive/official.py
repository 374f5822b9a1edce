"""The parts of an official document around its body, decided once for every format:
the lines under the title, the 主送机关, 署名 and 成文日期, 附注 and the 版记."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..filters import cn_date
from ..models.plan import OfficialDocument


@dataclass(frozen=True)
class OfficialParts:
    """What an official document prints besides its body and attachments."""

    subtitle: tuple[str, ...] = ()
    recipients: str = ""  # 主送机关, joined with 、 (the colon is the layout's)
    signature: str = ""  # 署名: the issuing office, or "" when there is none
    date: str = ""  # 成文日期, 2024年2月19日, or ""
    seal: Path | None = None
    note: str = ""  # 附注, in its parentheses
    cc: str = ""  # 抄送：A，B。
    printer: str = ""  # 印发机关
    printed: str = ""  # 印发日期: 2024年2月19日印发, or ""


def note_text(note: str | None) -> str:
    """附注 in parentheses (unless the data wrote them)."""
    if not note:
        return ""
    return note if note.startswith(("（", "(")) else f"（{note}）"


def official_parts(document: OfficialDocument) -> OfficialParts:
    """The parts of ``document`` around its body."""
    issuer = document.issuer
    printed = document.print_date or document.date
    return OfficialParts(
        subtitle=tuple(document.subtitle_lines),
        recipients="、".join(document.recipients),
        signature=issuer.name if issuer else "",
        date=cn_date(document.date) if document.date else "",
        seal=issuer.seal if issuer else None,
        note=note_text(document.note),
        cc=f"抄送：{'，'.join(document.cc)}。" if document.cc else "",
        printer=document.printer or "",
        printed=f"{cn_date(printed)}印发" if printed and document.printer else "",
    )
