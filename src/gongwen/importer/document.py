"""One document of a source: its layout, body and kind assembled into a data file."""

from __future__ import annotations

import re

from ..kinds import BUILT_IN
from ..models.calendar import MONTH_NAMES
from ..models.forms import FORM_KINDS
from .forms import FormResult, recognise_form
from .kinds import KIND_NAMES, detect_kind
from .labels import parse_label
from .layout import Layout, recognise_layout
from .normalise import date_text
from .outline import Body, OutlineBuilder, plain_headings
from .report import Found, ImportReport, KindChoice, LeftOut, Uncertain
from .source import Line, refuse
from .yamlout import Mapping, Sequence, plain

REQUIRED = {
    "calendar": ("year",),
    "annual-plan": ("issuer", "date"),
    "work-scheme": ("issuer", "date"),
    "summary": ("issuer", "date"),
    "notice": ("issuer", "date"),
}
"""Fields a kind needs besides the title (the others have issuer and date optional)."""
_TERM = re.compile(r"\d{4}\s*[—\-－–]{1,2}\s*\d{4}\s*学年度?(?:[（(][^）)]{1,8}[）)])?")
"""A 学年学期 (2026—2027学年度（上学期）)."""
_FIELD_HINTS = {
    "title": "标题 title",
    "issuer": "发文机关 issuer（如 issuer: {name: 长宁区教育督导室}）",
    "date": "成文日期 date（如 date: 2024年2月19日）",
    "year": "年度 year（如 year: 2026）",
}


def build_document(
    lines: list[Line], report: ImportReport, index: int, kind: str | None, stem: str = "",
    paper: str | None = None, seals: list[tuple[int, str, bytes]] | None = None,
) -> Mapping:
    """The data of one document; what was found and decided goes into ``report``; a seal
    pressed on one of its paragraphs becomes its issuer's seal, written beside the data file."""
    form = recognise_form(lines, paper, kind) if kind is None or kind in FORM_KINDS else None
    if form is not None:
        return _form(form, report, index, forced=kind is not None)
    if kind in FORM_KINDS:
        tables = sum(line.table is not None for line in lines)
        raise refuse(report.source, f"--kind {kind} 是表格（{KIND_NAMES[kind]}），但文件中不是一张表格"
                                    f"（有 {tables} 张表格）；请去掉 --kind，或只导入这张表格")
    layout = recognise_layout(lines, stem, len(plain_headings(lines)))
    body = _outline(layout.body, report.unit)
    attachments = [_attachment(title, attached, report) for title, attached in layout.attachments]
    title = "\n".join(line.text for line in layout.title) or layout.title_supplied or ""
    choice = KindChoice(kind, [], forced=True) if kind else _kind(title, layout, body)
    data = _assemble(layout, body, attachments, choice.kind, title)
    if choice.kind == "calendar":
        _calendar(data, title, layout)
    _seal(data, lines, seals or [], report, index)
    _comments(data, layout, choice)
    for part in (layout, body, *(b for _, b in attachments if isinstance(b, Body))):
        for found in part.found:
            found.document = index
        for uncertain in part.uncertain:
            uncertain.document = index
        report.found += part.found
        report.uncertain += part.uncertain
        report.left_out += part.left_out
    report.changes += layout.changes
    report.kinds.append(choice)
    if choice.alternative:
        report.uncertain.append(Uncertain(
            None, "文档类型", f"{choice.kind}（{KIND_NAMES[choice.kind]}）", choice.alternative, index
        ))
    report.titles.append(title.replace("\n", ""))
    missing = [field for field in ("title", *REQUIRED.get(choice.kind, ())) if field not in data]
    prefix = f"第 {index} 篇：" if report.documents > 1 else ""
    report.missing += [f"{prefix}{_FIELD_HINTS[field]}" for field in missing]
    data.header = _header(report.source, missing, len(report.uncertain))
    return data


def _seal(data: Mapping, lines: list[Line], seals: list[tuple[int, str, bytes]], report: ImportReport,
          index: int) -> None:
    """The first seal pressed within the document's paragraphs as ``issuer.seal``."""
    places = [line.where for line in lines]
    found = next((seal for seal in seals if places and min(places) <= seal[0] <= max(places)), None)
    if found is None:
        return
    where, suffix, picture = found
    issuer = data.get("issuer")
    if not isinstance(issuer, Mapping):
        why = "有印章，但没有署名或红头可作发文机关；请补上 issuer 后把图片写作 issuer.seal"
        report.left_out.append(LeftOut(where, f"印章图片（{len(picture) // 1024} KB）", why))
        return
    issuer["seal"] = f"印章{suffix}"
    data.files["issuer.seal"] = (f"印章{suffix}", picture)
    report.found.append(Found("印章", where, f"{len(picture) // 1024} KB，存为数据文件旁的图片文件", index))


def _form(form: FormResult, report: ImportReport, index: int, forced: bool = False) -> Mapping:
    """A form's data, with the report's entries for it."""
    data = form.data
    data.files = form.files
    for found in form.found:
        found.document = index
    report.found += form.found
    report.left_out += form.left_out
    title = data.get("title") or FORM_KINDS[data["kind"]].model_fields["title"].default
    reasons = ["按 --kind 指定，正文是一张表格"] if forced else [f"表名“{title}”，正文是一张表格"]
    report.kinds.append(KindChoice(data["kind"], reasons, forced=forced))
    report.titles.append(title)
    data.notes["kind"] = f"表格：{title}（{'按 --kind 指定' if forced else '由表名识别'}）"
    data.header = _header(report.source, [], 0)
    return data


def _attachment(title: str, lines: list[Line], report: ImportReport) -> tuple[str, Body | Mapping]:
    """An attachment page: a form (附表, its title the attachment's), or text."""
    form = recognise_form([Line(title, lines[0].where if lines else 0), *lines]) if title else None
    if form is None:
        return title, _outline(lines, report.unit)
    report.found += form.found
    report.left_out += form.left_out
    data = form.data
    del data["title"]  # an attached form prints the attachment's title, not its own
    model = FORM_KINDS[data["kind"]].model_validate(plain(data))
    page = Mapping(title=title, form=data)
    if model == model.blank():
        page["blank"] = True
    return title, page


def _outline(lines: list[Line], unit: str) -> Body:
    return OutlineBuilder(unit=unit).body(lines, plain_headings(lines))


def _kind(title: str, layout: Layout, body: Body) -> KindChoice:
    if len(body.sections) >= 2 and all(section["title"] in MONTH_NAMES for section in body.sections):
        return KindChoice("calendar", ["各节依次是月份（一月……），每月一组编号事项"])
    labels = [parse_label(line.text) for line in layout.body if line.table is None]
    styles = {lab.style.strip() for lab in labels if lab}
    text = "\n".join(line.text for line in layout.body)
    headings = [found.text for found in body.found if found.what.startswith("小标题")]
    items = [lab.text for lab in labels if lab]
    sent = tuple(name for name, part in (("发文机关标志", layout.header), ("发文字号", layout.number),
                                         ("主送机关", layout.recipients)) if part)
    return detect_kind(title, text, headings, items, "第一章" in styles, "第一条" in styles,
                       subtitle=tuple(layout.subtitle), sent=sent)


def _calendar(data: Mapping, title: str, layout: Layout) -> None:
    """A 行事历: each month's items as written (nothing generated), the year from the title
    or the date, and the numbering and the end punctuation the items share."""
    months = Mapping()
    styles: set[str] = set()
    listed: list[list[str]] = []
    for section in data.pop("sections", []):
        style = section.get("numbering")
        blocks = section.get("text", [])
        items: list[str] = []
        for block in blocks if isinstance(blocks, list) else []:
            if isinstance(block, Mapping) and "items" in block:
                style = block.get("numbering", style)
                items += [item if isinstance(item, str) else item.get("text", "") for item in block["items"]]
        styles.add(style or "1.")
        listed.append(items)
        months[section["title"]] = Mapping(items=items)
    data.pop("numbering", None)
    if styles != {"1."}:
        data["numbering"] = styles.pop() if len(styles) == 1 else "1."
    ends = [text[-1:] for items in listed for text in items]
    lasts = [items[-1][-1:] for items in listed if items]
    semicolons = all(
        end == ("。" if index == len(items) - 1 else "；")
        for items in listed for index, end in enumerate(text[-1:] for text in items)
    )
    punctuation = "；" if semicolons and lasts else "。" if ends and set(ends) == {"。"} else ""
    if punctuation:
        for items in listed:
            items[:] = [text[:-1] for text in items]
    if punctuation != "；":
        data["punctuation"] = punctuation
    for name in MONTH_NAMES:
        months.setdefault(name, Mapping(items=[]))  # a month not in the source prints empty
    data["months"] = Mapping((name, months[name]) for name in MONTH_NAMES)
    year = re.search(r"((?:19|20)\d{2})年", title)
    if year or layout.date:
        data["year"] = int(year[1]) if year else layout.date.year  # type: ignore[union-attr]
    data.notes["months"] = "各月事项（照原文逐条写明，不再按固定事项、主题轮换和专项督导生成）"


def _blocks(blocks: list[object]) -> object:
    """A text field: one string when it is only paragraphs, else a list of blocks."""
    if len(blocks) == 1 and isinstance(blocks[0], str):
        return blocks[0]
    return Sequence(blocks)


def _assemble(
    layout: Layout, body: Body, attachments: list[tuple[str, Body | Mapping]], kind: str, title: str
) -> Mapping:
    data = Mapping(kind=kind)
    issuer = Mapping()
    if layout.signature:
        issuer["name"] = layout.signature
    elif layout.header:
        issuer["name"] = layout.header.removesuffix("文件")
        layout.uncertain.append(Uncertain(
            None, "没有署名", f"发文机关名称取自红头（“{issuer['name']}”）", "不填发文机关，请自己补上"
        ))
    if layout.header:
        issuer["header"] = layout.header
    if issuer:
        data["issuer"] = issuer
    if layout.number:
        data["number"] = layout.number
    if layout.signer:
        data["signer"] = layout.signer
    if title:
        data["title"] = title
    subtitle = list(layout.subtitle)
    term = next((line for line in subtitle if _TERM.fullmatch(line)), None)
    named = _TERM.search(title.replace("\n", ""))
    if kind == "work-scheme" and (term is not None or named):
        data["term"] = term or named.group()  # type: ignore[union-attr]  # printed once: in the title or under it
        if term is not None:
            subtitle.remove(term)
    if subtitle:
        data["subtitle"] = subtitle[0] if len(subtitle) == 1 else Sequence(subtitle)
    if layout.recipients:
        data["recipients"] = layout.recipients
    if body.preamble:
        data["preamble"] = _blocks(body.preamble)
    if body.sections:
        if body.numbering != getattr(BUILT_IN.get(kind).model, "default_numbering", "一、"):
            data["numbering"] = body.numbering
        data["sections"] = Sequence(body.sections, comments=[s.comment for s in body.sections])
    if layout.closing:
        data["closing"] = "\n\n".join(line.text for line in layout.closing)
    listed = list(layout.attachment_note)
    pages = []
    for position, (attached_title, attached) in enumerate(attachments):
        if isinstance(attached, Mapping):
            pages.append(attached)
            continue
        page = Mapping(title=attached_title or (listed[position] if position < len(listed) else ""))
        only = attached.preamble[0] if len(attached.preamble) == 1 else None
        if isinstance(only, Mapping) and "table" in only:
            page["table"] = only["table"]  # an attachment that is one table
        elif attached.preamble:
            page["text"] = _blocks(attached.preamble)
        if attached.sections:
            if attached.numbering != "一、":
                page["numbering"] = attached.numbering
            page["sections"] = Sequence(attached.sections, comments=[s.comment for s in attached.sections])
        pages.append(page)
    pages += [Mapping(title=name) for name in listed[len(pages):]]
    if pages:
        data["attachments"] = Sequence(pages)
    if layout.date:
        data["date"] = date_text(layout.date)
    if layout.note:
        data["note"] = layout.note
    if layout.cc:
        data["cc"] = Sequence(part.strip() for part in layout.cc.split("，") if part.strip())
    if layout.printer:
        data["printer"] = layout.printer
    if layout.print_date and layout.print_date != layout.date:  # 印发日期 is the 成文日期 unless given
        data["print_date"] = date_text(layout.print_date)
    return data


_NOTES = {
    "issuer": "发文机关：name 是署名，header 是红头（发文机关标志），seal 是印章图片",
    "number": "发文字号",
    "signer": "签发人",
    "title": "标题（不写序号）；\\n 处换行",
    "subtitle": "副标题：标题下居中的行（学年学期、征求意见稿等）",
    "recipients": "主送机关",
    "preamble": "开头段落（标题与第一节之间）",
    "numbering": "一级小标题的编号样式（照原文；不写时为“一、”）",
    "sections": (
        "正文各节：title 是小标题（不写序号）；text 是正文，空一行分段；\n"
        "items 是带编号的条目，numbering 是其编号样式，continue: true 表示接着上一组同样编号往下编，\n"
        "number 是原文跳号或不从 1 开始之处的编号；inline: true 表示标题与正文排在同一段"
    ),
    "closing": "结尾段落",
    "attachments": "附件：列在附件说明中，各自另起一页",
    "date": "成文日期",
    "note": "附注",
    "cc": "版记：抄送机关",
    "printer": "版记：印发机关",
    "print_date": "版记：印发日期",
}


def _comments(data: Mapping, layout: Layout, choice: KindChoice) -> None:
    why = "按 --kind 指定" if choice.forced else "依据：" + "；".join(choice.reasons)
    other = f"\n也可能是：{choice.alternative}" if choice.alternative else ""
    data.notes["kind"] = f"文档类型：{KIND_NAMES.get(choice.kind, choice.kind)}（{why}）{other}"
    for key, note in _NOTES.items():
        if key in data:
            data.notes[key] = note
    if "title" in data and layout.title_supplied and not layout.title:
        data.notes["title"] = "标题：原文没有标题，取自文件名，请核对"


def _header(source: str, missing: list[str], uncertain: int) -> str:
    lines = [
        f"由 gongwen import 从“{source}”导入的数据文件。",
        "排成公文：gongwen render 本文件 -o 输出目录",
    ]
    if uncertain:
        lines.append(f"导入时有 {uncertain} 处不确定之处，已列在导入报告中，请对照原文核对。")
    if missing:
        lines.append("待补充（原文没有，排版前必须填写）：" + "；".join(_FIELD_HINTS[m] for m in missing))
    return "\n".join(lines)
