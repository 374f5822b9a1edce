"""The paragraphs a data file prints, in order, numbered as the body model numbers them.

This is what a round trip compares with the source: titles and items are written without
their numbers in the data, so the labels here are the ones the renderer will print —
styles by depth or as set by ``numbering``, ``number`` where the source skips,
``continue`` (and 第一条-like styles) running on across lists.
"""

from __future__ import annotations

import re
from typing import Any

from .labels import STANDARD, child_default, label
from .outline import is_article

END_PUNCTUATION = "。！？：；…"
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u3000]*\n")


def paragraphs(text: str) -> list[str]:
    """Paragraphs of a text: blank lines separate them, single line breaks are joined."""
    out = []
    for chunk in _PARAGRAPH_BREAK.split(text.strip()):
        joined = ""
        for piece in (p.strip(" \t\u3000") for p in chunk.split("\n")):
            if piece:
                joined += (" " if joined and joined[-1].isascii() and piece[0].isascii() else "") + piece
        if joined:
            out.append(joined)
    return out


def _style(value: str | None, default: str) -> str:
    """A numbering field's style ("" means unnumbered), or the default when not set."""
    return default if value is None else value


def _run_in(title: str, text: str) -> str:
    return title + ("" if title.endswith(tuple(END_PUNCTUATION)) else "。") + text


class Printer:
    """Walks a data file (plain dicts and lists) and lists the paragraphs it prints."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.regulation = data.get("kind") == "regulation"
        self.last: dict[str, int] = {}
        self.out: list[str] = []

    def lines(self) -> list[str]:
        data = self.data
        header = (data.get("issuer") or {}).get("header") if isinstance(data.get("issuer"), dict) else None
        if header:
            self.out.append(header)
        if data.get("number"):
            self.out.append(data["number"])
        if data.get("signer"):
            self.out.append(f"签发人：{data['signer']}")
        if data.get("title"):
            self.out.extend(data["title"].split("\n"))
        subtitle = data.get("subtitle") or []
        self.out.extend([subtitle] if isinstance(subtitle, str) else subtitle)
        recipients = data.get("recipients")
        if recipients:
            self.out.append(("、".join(recipients) if isinstance(recipients, list) else recipients) + "：")
        top = _style(data.get("numbering"), "第一章" if self.regulation else STANDARD[0])
        self.blocks(data.get("preamble"), top)
        self.sections(data.get("sections") or [], top)
        self.blocks(data.get("closing"), top)
        attachments = data.get("attachments") or []
        titles = [a.get("title", "") for a in attachments]
        if titles:
            if len(titles) == 1:
                self.out.append(f"附件：{titles[0]}")
            else:
                self.out.append(f"附件：1.{titles[0]}")
                self.out.extend(f"{i}.{t}" for i, t in enumerate(titles[1:], start=2))
        issuer = data.get("issuer")
        name = issuer.get("name") if isinstance(issuer, dict) else issuer
        if name:
            self.out.append(name)
        if data.get("date"):
            self.out.append(str(data["date"]))
        if data.get("note"):
            self.out.append(f"（{data['note']}）")
        for index, attachment in enumerate(attachments, start=1):
            self.out.append("附件" if len(attachments) == 1 else f"附件{index}")
            self.out.append(attachment.get("title", ""))
            self.blocks(attachment.get("text"), STANDARD[0])
            self.sections(attachment.get("sections") or [], _style(attachment.get("numbering"), STANDARD[0]))
        if data.get("cc"):
            cc = data["cc"]
            self.out.append(f"抄送：{'，'.join(cc) if isinstance(cc, list) else cc}。")
        if data.get("printer"):
            self.out.append(f"{data['printer']}  {data.get('print_date') or data.get('date')}印发")
        return self.out

    def sections(self, sections: list[dict[str, Any]], style: str) -> None:
        number = 0
        for section in sections:
            number = section.get("number", number + 1)
            shown = label(style, number)
            text = section.get("text")
            blocks = [text] if isinstance(text, str) else list(text or [])
            children_style = _style(section.get("numbering"), child_default(style) or STANDARD[-1])
            if section.get("inline") and blocks and isinstance(blocks[0], str):
                first, *rest = paragraphs(blocks[0])
                self.out.append(shown + _run_in(section["title"], first))
                blocks = ["\n\n".join(rest), *blocks[1:]] if rest else blocks[1:]
            else:
                self.out.append(shown + section["title"])
            self.blocks(blocks, children_style)
            if section.get("table"):
                self.table(section["table"])
            self.sections(section.get("sections") or [], children_style)

    def blocks(self, blocks: Any, items_style: str) -> None:
        """Paragraphs, item lists and tables; ``items_style`` numbers lists that do not say."""
        for block in [blocks] if isinstance(blocks, str) else list(blocks or []):
            if isinstance(block, str):
                self.out.extend(paragraphs(block))
            elif "items" in block:
                self.items(block, items_style)
            elif "table" in block:
                self.table(block["table"])

    def items(self, block: dict[str, Any], default: str) -> None:
        style = _style(block.get("numbering"), default)
        number = self.last.get(style, 0) if block.get("continue") or is_article(style) else 0
        for item in block["items"]:
            item = {"text": item} if isinstance(item, str) else item
            number = item.get("number", number + 1)
            first, *rest = paragraphs(item.get("text", "")) or [""]
            if item.get("title"):
                first = _run_in(item["title"], first)
            self.out.append(label(style, number) + first)
            self.out.extend(rest)
            if item.get("items"):
                sub = {key: item.get(key) for key in ("items", "numbering", "continue")}
                self.items(sub, child_default(style) or STANDARD[-1])
            self.last[style] = number

    def table(self, table: dict[str, Any]) -> None:
        for row in [table.get("columns", []), *table.get("rows", [])]:
            self.out.append("\t".join(row))


def printed(data: dict[str, Any]) -> list[str]:
    """The paragraphs a data file prints, in order."""
    return Printer(data).lines()
