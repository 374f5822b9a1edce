"""The parts of a 公文 around its body: 版头 (发文机关标志, 发文字号, 签发人, red line),
title and subtitles, 主送机关, 附件说明, 署名, 成文日期, 附注, attachment pages and 版记;
and a source that holds several documents, split into them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from .labels import parse_label
from .normalise import DOC_NUMBER, date_text, normalise_number, parse_date
from .report import Change, Found, LeftOut, Uncertain
from .source import Line

GENRES = (
    "计划", "规划", "要点", "安排", "方案", "总结", "办法", "规定", "细则", "制度", "职责", "章程", "守则",
    "规程", "准则", "通知", "通报", "决定", "意见", "报告", "请示", "批复", "函", "纪要", "讲话", "发言",
    "材料", "经验", "做法", "思考", "调研", "心得", "体会", "感想", "反思", "表", "公告", "简报", "汇报",
)
"""Words a 公文 title ends with (its genre)."""
_GENRE_END = re.compile(f"(?:{'|'.join(GENRES)})(?:[（(][^）)]{{1,12}}[）)])?$")
_SENTENCE_MARKS = set("，。；：！？,;:!?")
_END_MARKS = tuple("。；;，,、：:！？!?….．")
_SUBTITLE = re.compile(
    r"^(?:\d{4}\s*[—\-－–]{1,2}\s*\d{4}\s*学年.{0,12}|[（(][^（）()]{2,40}[）)]|(?:——|--).{2,60})$"
)
_SIGNER = re.compile(r"签发人\s*[：:]\s*(?P<name>.+)$")
_ATTACHMENT_LABEL = re.compile(r"^附件\s*(?P<n>\d{0,2})\s*[：:]?$")
_ATTACHMENT_NOTE = re.compile(r"^附件\s*[：:]\s*(?P<first>.+)$")
_NOTE_ENTRY = re.compile(r"^\d{1,2}[.．、]\s*(?P<title>.+)$")
"""An entry of a 附件说明 (1.XXX; the title may start with a year: 2.2026年……)."""
_CC = re.compile(r"^抄送\s*[：:]\s*(?P<cc>.*)$")
_PRINTED = re.compile(r"^(?P<printer>.+?)\s+(?P<date>\S+?)\s*印发$")
_NOTE = re.compile(r"^[（(](?P<note>.+)[）)]$")
_CLOSING = re.compile(
    r"^(?:特此(?:通知|报告|函告|通报|公告|批复)|以上(?:报告|意见|方案)?.{0,10}请.{0,8}|此复)[。！.]?$"
)
_SERIES = re.compile(r"^(?P<stem>.{4,40}?)[（(](?P<n>[一二三四五六七八九十]{1,3}|\d{1,2})[）)]$")


def has_sentence_marks(text: str) -> bool:
    """Whether a line holds sentence punctuation (a title or heading normally does not)."""
    return any(c in _SENTENCE_MARKS for c in text)


def title_like(line: Line) -> bool:
    """A line that could be (part of) a title: short, no sentence punctuation, no number."""
    text = line.text
    return (
        line.table is None and not line.rule and 0 < len(text) <= 50
        and not text.endswith(_END_MARKS) and not has_sentence_marks(text)
        and not parse_label(text) and parse_date(text) is None
        and not _ATTACHMENT_LABEL.match(text) and not _CC.match(text)
    )


@dataclass
class Layout:
    """The parts of one document found around its body."""

    header: str | None = None
    number: str | None = None
    signer: str | None = None
    title: list[Line] = field(default_factory=list)
    title_supplied: str | None = None  # a title taken from outside the text (the file name)
    subtitle: list[str] = field(default_factory=list)
    recipients: str | None = None
    body: list[Line] = field(default_factory=list)
    closing: list[Line] = field(default_factory=list)
    attachment_note: list[str] = field(default_factory=list)
    signature: str | None = None
    date: date | None = None
    note: str | None = None
    attachments: list[tuple[str, list[Line]]] = field(default_factory=list)
    cc: str | None = None
    printer: str | None = None
    print_date: date | None = None
    found: list[Found] = field(default_factory=list)
    uncertain: list[Uncertain] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)


def split_documents(lines: list[Line]) -> tuple[list[Line], list[list[Line]]]:
    """A source holding several documents split into them: a numbered series (…总结（一）,
    …总结（二）…) at its titles, or documents each with its own 版头 (发文机关标志 over a
    发文字号, or a 发文字号 over the red line) at their 版头; returns the lines before the
    first document and the documents."""
    series = _series(lines)
    if series is not None:
        return series
    starts = [index for index in range(len(lines)) if _starts_header(lines, index)]
    if len(starts) >= 2:
        cuts = [*starts, len(lines)]
        return lines[: starts[0]], [lines[a:b] for a, b in pairwise(cuts)]
    return [], [lines]


def _starts_header(lines: list[Line], index: int) -> bool:
    """A 版头 begins here: a 发文机关标志 with a 发文字号 (or the red line) under it, or a
    发文字号 with the red line under it and no 发文机关标志 over it."""
    line = lines[index]
    if line.table is not None or line.rule or not line.text:
        return False
    following = lines[index + 1: index + 3]
    number = [DOC_NUMBER.match(f.text.replace(" ", "").replace("\u3000", "")) is not None for f in following]
    if _is_header(line, following) and not DOC_NUMBER.match(line.text.replace(" ", "")):
        return any(number) or bool(following and following[0].rule and line.red)
    if DOC_NUMBER.match(line.text.replace(" ", "").replace("\u3000", "")) and following and following[0].rule:
        before = lines[index - 1] if index > 0 else None
        return before is None or not _is_header(before, [line])
    return False


def _series(lines: list[Line]) -> tuple[list[Line], list[list[Line]]] | None:
    """A numbered series of documents (…总结（一）, …总结（二）…) split at their titles."""
    starts: dict[str, list[tuple[int, int]]] = {}
    for index, line in enumerate(lines):
        match = _SERIES.match(line.text)
        if match and title_like(line):
            number = match["n"]
            value = int(number) if number.isdigit() else "一二三四五六七八九十".index(number[-1]) + 1
            starts.setdefault(match["stem"], []).append((index, value))
    for places in starts.values():
        values = [value for _, value in places]
        if len(places) >= 2 and values == list(range(1, len(values) + 1)):
            cuts = [index for index, _ in places] + [len(lines)]
            return lines[: cuts[0]], [lines[a:b] for a, b in pairwise(cuts)]
    return None


def recognise_layout(lines: list[Line], stem: str = "", plain_headings: int = 0) -> Layout:
    """Find the parts of a 公文 around the body of ``lines`` (one document)."""
    layout = Layout()
    start = _front(lines, layout)
    start = _title(lines, start, layout, plain_headings)
    if not layout.title and re.search(r"[\u4e00-\u9fff]", stem):
        layout.title_supplied = stem
        layout.found.append(Found("标题（取自文件名）", None, stem))
    start = _recipients(lines, start, layout)
    end = _imprint(lines, start, layout)
    end = _attachment_pages(lines, start, end, layout)
    end = _signature(lines, start, end, layout)
    end = _attachment_note(lines, start, end, layout)
    end = _closing(lines, start, end, layout)
    layout.body = lines[start:end]
    return layout


def _front(lines: list[Line], layout: Layout) -> int:
    """版头: 发文机关标志, 发文字号 (with 签发人), 签发人, and the red line under them."""
    index = 0
    while index < min(len(lines), 6):
        line = lines[index]
        text = line.text
        number = DOC_NUMBER.match(text.replace(" ", "").replace("\u3000", "")) if not line.rule else None
        signer = _SIGNER.search(text) if not line.rule else None
        if line.rule and (layout.header or layout.number):
            layout.found.append(Found("版头红线", line.where, text or "（线）"))
            index += 1
            break
        if number:
            value, changes = normalise_number(number.group(), line.where)
            layout.number = value
            layout.changes += changes
            layout.found.append(Found("发文字号", line.where, value))
            if signer:
                layout.signer = signer["name"].strip()
                layout.found.append(Found("签发人", line.where, layout.signer))
            rest = text.replace(number.group(), "", 1) if number.group() in text else ""
            rest = _SIGNER.sub("", rest).strip() if rest else ""
            if rest and not signer:
                layout.left_out.append(LeftOut(line.where, rest, "发文字号行的其他文字"))
        elif signer and index <= 3:
            layout.signer = signer["name"].strip()
            layout.found.append(Found("签发人", line.where, layout.signer))
        elif not layout.header and not layout.number and _is_header(line, lines[index + 1:index + 3]):
            layout.header = text
            layout.found.append(Found("发文机关标志", line.where, text))
        else:
            break
        index += 1
    return index


def _is_header(line: Line, following: list[Line]) -> bool:
    """发文机关标志: red large text, or a short line ending in 文件, or one right above a 发文字号."""
    text = line.text
    if line.table is not None or line.rule or not text or len(text) > 30 or has_sentence_marks(text):
        return False
    if line.red and (line.centered or (line.size or 0) >= 20):
        return True
    if text.endswith("文件"):
        return True
    above_number = any(DOC_NUMBER.match(f.text.replace(" ", "")) or f.rule for f in following[:1])
    return above_number and not parse_label(text)


def _title(lines: list[Line], index: int, layout: Layout, plain_headings: int) -> int:
    """The title (one or more lines) and the subtitle lines under it."""
    if index >= len(lines) or not title_like(lines[index]):
        return index
    first = lines[index]
    after = lines[index + 1] if index + 1 < len(lines) else None
    official = bool(layout.header or layout.number)
    formatted = first.centered and ((first.size or 0) >= 18 or index == 0 or official)
    genre = bool(_GENRE_END.search(first.text))
    addressed = after is not None and _is_recipients(after)
    if first.heading == 1 and not official:
        formatted = True
    if not (official or formatted or genre or addressed):
        if plain_headings >= 2:
            layout.uncertain.append(Uncertain(
                first.where, "首行像标题", "按正文中的无编号小标题处理（文中还有同样的小标题）",
                "作为文件标题",
            ))
            return index
        if after is None or not (len(after.text) > len(first.text) or parse_label(after.text)):
            return index
        layout.uncertain.append(Uncertain(
            first.where, "首行没有文种词（计划、方案、总结……）", "作为标题", "作为正文第一段或小标题"
        ))
    title = [first]
    index += 1
    while index < len(lines) and len(title) < 3 and title_like(lines[index]):
        line = lines[index]
        same_look = first.size is not None and line.size == first.size and line.centered == first.centered
        completes = (not _GENRE_END.search(title[-1].text) and bool(_GENRE_END.search(line.text))
                     and not line.text.startswith(("——", "--")))  # ——在……上的发言 is a subtitle
        if not (same_look or (first.size is None and completes)):
            break
        title.append(line)
        index += 1
    layout.title = title
    layout.found.append(Found("标题", title[0].where, "".join(t.text for t in title)))
    if len(title) > 1:
        layout.uncertain.append(Uncertain(
            title[-1].where, f"标题占 {len(title)} 行", "合为一个标题，在原处换行", "只取第一行为标题"
        ))
    while index < len(lines) and len(layout.subtitle) < 3:
        line = lines[index]
        centred = first.centered and line.centered and title_like(line) and not line.heading
        if line.table is not None or line.rule or not (_SUBTITLE.match(line.text) or centred):
            break
        if len(line.text) > 60 or (first.centered and not line.centered):
            break
        layout.subtitle.append(line.text)
        layout.found.append(Found("副标题", line.where, line.text))
        index += 1
    return index


def _is_recipients(line: Line) -> bool:
    text = line.text
    return (
        line.table is None and not line.rule and text.endswith(("：", ":")) and len(text) <= 60
        and "。" not in text and "如下" not in text and not parse_label(text) and not line.centered
        and not _ATTACHMENT_NOTE.match(text)
    )


def _recipients(lines: list[Line], index: int, layout: Layout) -> int:
    if index < len(lines) and _is_recipients(lines[index]) and (layout.title or layout.number):
        line = lines[index]
        layout.recipients = line.text[:-1].strip()
        layout.found.append(Found("主送机关", line.where, layout.recipients))
        return index + 1
    return index


def _imprint(lines: list[Line], start: int, layout: Layout) -> int:
    """版记 at the foot: 抄送, 印发机关 and 印发日期, with their rules."""
    end = len(lines)
    first = None
    for index in range(max(start, end - 10), end):
        text = lines[index].text
        if _CC.match(text) or (_PRINTED.match(text) and parse_date(_PRINTED.match(text)["date"])):
            first = index
            break
        if index > start and _printed_alone(text):
            first = index - 1
            break
    if first is None:
        return end
    while first > start and lines[first - 1].rule:
        first -= 1
    for line in _printer_joined(lines[first:end]):
        cc = _CC.match(line.text)
        printed = _PRINTED.match(line.text)
        if line.rule:
            layout.found.append(Found("版记分隔线", line.where, line.text or "（线）"))
        elif cc:
            layout.cc = cc["cc"].strip().rstrip("。")
            layout.found.append(Found("抄送", line.where, layout.cc))
        elif printed and parse_date(printed["date"]):
            layout.printer = printed["printer"].strip()
            layout.print_date = parse_date(printed["date"])
            layout.found.append(Found("印发机关和印发日期", line.where, line.text))
            _date_change(printed["date"], line.where, layout)
        elif layout.cc is not None and layout.printer is None:
            layout.cc = f"{layout.cc}{line.text.rstrip('。')}"
        else:
            layout.left_out.append(LeftOut(line.where, line.text, "版记中无法归类的文字"))
    return first


def _printed_alone(text: str) -> bool:
    """印发日期 on a line of its own (2026年2月26日印发), its 印发机关 in the cell before."""
    return text.endswith("印发") and parse_date(text.removesuffix("印发").strip()) is not None


def _printer_joined(lines: list[Line]) -> list[Line]:
    """The 版记's lines, a 印发机关 and the 印发日期 after it as one line."""
    out: list[Line] = []
    for line in lines:
        previous = out[-1] if out else None
        if _printed_alone(line.text) and previous is not None and not previous.rule and not (
            _CC.match(previous.text) or previous.text.endswith("印发")
        ):
            out[-1] = Line(f"{previous.text}  {line.text}", previous.where)
        else:
            out.append(line)
    return out


def _date_change(text: str, where: int, layout: Layout) -> None:
    value = parse_date(text)
    if value is not None and date_text(value) != text.strip():
        layout.changes.append(Change(where, text.strip(), date_text(value), "日期规范写法"))


def _attachment_pages(lines: list[Line], start: int, end: int, layout: Layout) -> int:
    """Attachment pages: each starts with a 附件/附件N line, then its title, then its text."""
    labels = [i for i in range(start, end) if _ATTACHMENT_LABEL.match(lines[i].text)]
    dated = [i for i in range(start, end) if parse_date(lines[i].text)]
    labels = [i for i in labels if (dated and i > dated[0]) or lines[i].page_break]
    if not labels:
        return end
    cuts = [*labels, end]
    for label_index, stop in pairwise(cuts):
        label = lines[label_index]
        title_line = lines[label_index + 1] if label_index + 1 < stop else None
        title = title_line.text if title_line is not None and title_like(title_line) else ""
        body = lines[label_index + (2 if title else 1): stop]
        layout.attachments.append((title, body))
        layout.found.append(Found("附件", label.where, f"{label.text} {title}".strip()))
    return labels[0]


def _signature(lines: list[Line], start: int, end: int, layout: Layout) -> int:
    """成文日期 (a date alone on its line near the end), the 署名 above it, the 附注 below."""
    for index in range(end - 1, max(start, end - 4) - 1, -1):
        line = lines[index]
        value = parse_date(line.text) if line.table is None else None
        if value is None:
            continue
        for after in lines[index + 1:end]:
            note = _NOTE.match(after.text)
            if note and layout.note is None:
                layout.note = note["note"]
                layout.found.append(Found("附注", after.where, after.text))
            else:
                layout.left_out.append(LeftOut(after.where, after.text, "成文日期后无法归类的文字"))
        layout.date = value
        layout.found.append(Found("成文日期", line.where, date_text(value)))
        _date_change(line.text, line.where, layout)
        signature = lines[index - 1] if index - 1 >= start else None
        if signature is not None and title_like(signature) and len(signature.text) <= 30:
            layout.signature = signature.text
            layout.found.append(Found("署名", signature.where, signature.text))
            return index - 1
        return index
    return end


def _attachment_note(lines: list[Line], start: int, end: int, layout: Layout) -> int:
    """附件说明: 附件：1.XXX and the numbered lines under it, just before the 署名."""
    for index in range(end - 1, max(start, end - 12) - 1, -1):
        match = _ATTACHMENT_NOTE.match(lines[index].text)
        if not match:
            continue
        rest = lines[index + 1:end]
        entries = [_NOTE_ENTRY.match(line.text) for line in rest]
        if not all(entry and title_like_text(entry["title"]) for entry in entries):
            return end
        entries = [match["first"], *(line.text for line in rest)]
        layout.attachment_note = [
            (entry["title"] if (entry := _NOTE_ENTRY.match(text)) else text).strip() for text in entries
        ]
        layout.found.append(Found("附件说明", lines[index].where, "；".join(layout.attachment_note)))
        return index
    return end


def title_like_text(text: str) -> bool:
    """Whether a text could be a title (no sentence punctuation, not too long)."""
    return 0 < len(text) <= 60 and not text.endswith(_END_MARKS[:2])


def _closing(lines: list[Line], start: int, end: int, layout: Layout) -> int:
    """A closing formula as the last line (特此通知。) is the 结尾, not part of the last section."""
    if end > start and _CLOSING.match(lines[end - 1].text):
        layout.closing = [lines[end - 1]]
        layout.found.append(Found("结尾", lines[end - 1].where, lines[end - 1].text))
        return end - 1
    return end
