"""A document that is a form — one table with at most a title and a note or two around it —
becomes that form's data (领导干部检查督查情况表, 督导工作记录单, 监督检查执行方案,
责任分工表, 公示牌): printed captions are recognised, what is written beside (or after) them
fills the fields, and any text without a field is listed as left out.

The captions are the models' own (:attr:`gongwen.models.forms.Form.captions`), so what
gongwen prints is what it reads back; a few other names offices print for the same boxes
(检查日期, 学校 …) are accepted too. The order of the signature boxes and of a list form's
columns, when not the real form's, is kept (``signers``, ``columns``); a 责任分工表's
category rows become its ``categories``. Captions the data renamed (``labels``) are found
where gongwen's own layout of the form (:func:`gongwen.derive.forms.form_layout`) prints a
caption and the source prints other words, and read as that caption.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import permutations, product
from typing import Any, get_args

from pydantic import ValidationError

from ..derive.forms import form_layout
from ..models.forms import FORM_KINDS, Form
from .labels import parse_label
from .normalise import date_text, parse_date
from .report import Found, LeftOut
from .source import Line, TableData
from .yamlout import Mapping, Sequence, plain

TITLES = {
    "leader-check": "领导干部检查督查情况表",
    "record-sheet": "督导工作记录单",
    "execution-plan": "执行方案",
    "division-table": "责任分工表",
    "notice-board": "公示牌",
}
"""Form kinds and the words their titles end with."""

_ALIASES: dict[str, dict[str, str]] = {
    "leader-check": {"检查日期": "time", "检查地址": "address", "检查人签字": "follow_up_signature",
                     "跟踪检查人签字": "follow_up_signature"},
    "record-sheet": {"督导学校": "school", "学校": "school", "督导时间": "date",
                     "学校负责人签字": "school_signature"},
    "execution-plan": {"检查内容": "content", "成员": "members"},
    "division-table": {"工作内容": "content", "责任单位": "departments"},
    "notice-board": {"学校": "school"},
}
"""Other names offices print for a form's boxes, besides the models' captions."""

_FIELDS = {
    "leader-check": {"time": "date"},
    "notice-board": {"inspector": "inspector.name", "position": "inspector.position",
                     "phone": "inspector.phone"},
}
"""Caption keys whose text fills another field (检查时间 holds the day and the time)."""
_SIGNERS = {
    "leader-check": ("follow_up_unit_signature", "follow_up_signature"),
    "record-sheet": ("inspector_signature", "school_signature"),
    "execution-plan": ("reviewer", "approver"),
}
"""Signature boxes whose order the form's ``signers`` sets."""
_LIST_FORMS = ("execution-plan", "division-table")
CHECKED, UNCHECKED = "☑", "□"
_DATES = {"date", "deadline"}
_LISTS = {"inspectors"}
_SEPARATORS = re.compile(r"[、，,；;\s]+")
_DATE_IN = re.compile(r"\d{4}\s*[年./\-]\s*\d{1,2}\s*[月./\-]\s*\d{1,2}\s*日?")
_BLANK = re.compile(r"[\s\u3000年月日（）()签字：:]*")
_SIGNED = re.compile(r"签字[：:]\s*")


def _bare(text: str) -> str:
    return re.sub(r"[\s：:]", "", text).replace("(", "（").replace(")", "）")


class Captions:
    """The captions a form kind prints, each with the key (or keys, in printing order: a
    caption printed twice) it stands for."""

    def __init__(self, kind: str, renamed: dict[str, str] | None = None) -> None:
        model: type[Form] = FORM_KINDS[kind]
        self.exact: dict[str, list[str]] = {}
        self.loose: dict[str, list[str]] = {}
        for key, caption in (renamed or {}).items():
            self.exact.setdefault(_bare(caption), []).append(key)
        for key, caption in model.captions.items():
            self.exact.setdefault(_bare(caption), []).append(key)
        for caption, key in _ALIASES.get(kind, {}).items():
            self.exact.setdefault(_bare(caption), []).append(key)
        for caption, keys in list(self.exact.items()):
            for loose in (caption.replace("（", "").replace("）", ""), re.sub(r"（[^）]*）", "", caption)):
                if loose not in self.exact:
                    self.loose.setdefault(loose, keys)

    def keys(self, text: str) -> list[str]:
        """The keys a printed caption may stand for (“对象（地点或单位）” is 对象, “被检查人签字”
        is 被检查人（签字）); none when it is no caption."""
        bare = _bare(text)
        dropped = re.sub(r"（[^）]*）", "", bare)
        return self.exact.get(bare) or self.loose.get(bare) or self.loose.get(dropped) or []


@dataclass
class FormResult:
    """A form's data and what the report needs to know."""

    data: Mapping
    found: list[Found] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)  # caption keys met, in order
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # field → (file name, bytes)


def form_kind(lines: list[Line]) -> tuple[str, Line] | None:
    """The form a document is and its title line, or None when it is not one table under a
    form's title."""
    tables = [line for line in lines if line.table is not None]
    texts = [line for line in lines if line.table is None and line.text]
    if len(tables) != 1 or len(texts) > 4:
        return None
    title = next((t for t in texts if any(t.text.endswith(word) for word in TITLES.values())), None)
    if title is None:
        return None
    return next(k for k, word in TITLES.items() if title.text.endswith(word)), title


def recognise_form(lines: list[Line], paper: str | None = None, kind: str | None = None) -> FormResult | None:
    """The form a document is, or None when it is not one table with a form's title (or,
    with ``kind``, not one table); ``paper`` is the source's page size when it is not A4.
    Captions printed under other names than the real form's are read as ``labels``."""
    found = form_kind(lines)
    tables = [line for line in lines if line.table is not None]
    if found is None and (kind is None or len(tables) != 1):
        return None
    kind = kind or found[0]  # type: ignore[index]
    table = tables[0].table
    assert table is not None
    result = _read_form(lines, kind, found[1] if found else None, paper, {})
    renamed = _renamed(kind, result.data, table)
    if not renamed:
        return result
    result = _read_form(lines, kind, found[1] if found else None, paper, renamed)
    result.data["labels"] = Mapping(renamed)
    result.found.append(Found("改过的栏目名", tables[0].where,
                              "、".join(f"{FORM_KINDS[kind].captions[k]}→{v}" for k, v in renamed.items())))
    return result


def _read_form(
    lines: list[Line], kind: str, title: Line | None, paper: str | None, renamed: dict[str, str]
) -> FormResult:
    """The form's data read with its captions (and those renamed)."""
    tables = [line for line in lines if line.table is not None]
    texts = [line for line in lines if line.table is None and line.text]
    result = FormResult(Mapping(kind=kind))
    if title is not None:
        result.data["title"] = title.text
        result.found.append(Found("表名", title.where, title.text))
    if paper and paper != "A4":
        result.data["paper"] = paper
        result.found.append(Found("纸张", None, paper))
    for line in texts:
        if line is title:
            continue
        if kind == "notice-board" and line.text.endswith("监制"):
            result.data["issuer"] = line.text.removesuffix("监制")
            result.found.append(Found("监制单位", line.where, result.data["issuer"]))
        elif re.match(r"^(?:填报单位|单位)[：:]", line.text) and "organization" not in result.data:
            result.data["organization"] = re.sub(r"^(?:填报单位|单位)[：:]\s*", "", line.text)
            result.found.append(Found("填报单位", line.where, result.data["organization"]))
        else:
            result.left_out.append(LeftOut(line.where, line.text, "表格外无对应字段的文字"))
    table, where = tables[0].table, tables[0].where
    assert table is not None
    captions = Captions(kind, renamed)
    rest = _rows(kind, table, where, result, captions) if kind in _LIST_FORMS else table.rows
    _captions(kind, rest, where, result, captions)
    _signers(kind, result)
    if kind == "notice-board" and table.pictures:
        suffix, picture = next(iter(table.pictures.values()))
        result.files["photo"] = (f"照片{suffix}", picture)
        result.data["photo"] = f"照片{suffix}"
        result.found.append(Found("照片", where, f"{len(picture) // 1024} KB，存为数据文件旁的图片文件"))
    return result


_MARK = "⟦"
_END = "⟧"
"""Brackets round a caption's key in the probe layout (words no caption prints)."""


def _renamed(kind: str, data: Mapping, table: TableData) -> dict[str, str]:
    """Captions the source prints under other words: gongwen's layout of the blank form (its
    paper, and each order of signature boxes and of columns: a caption not recognised may
    hide one) put beside the table; where the layout prints a caption and the table other
    words, those words are the caption renamed. The layout that places most captions on
    written cells, none on another caption nor across cells the table has apart, is taken.
    A list form's rows of records vary: the rows after them are matched from the table's
    end; another form must have the layout's rows."""
    model_type = FORM_KINDS[kind]
    captions = Captions(kind)
    marks = {key: f"{_MARK}{key}{_END}" for key in model_type.captions}
    best: tuple[int, dict[str, str]] = (0, {})
    for variant in _variants(kind, data, table, captions):
        try:
            probe = model_type.model_validate({**variant, "labels": marks})
        except ValidationError:
            continue
        layout = form_layout(probe)
        if len(layout.rows) != len(table.rows) and kind not in _LIST_FORMS:
            continue  # not the form as gongwen prints it: its captions are read by name only
        placed, renamed = 0, {}
        for placement in layout.placements():
            row = placement.row
            if kind in _LIST_FORMS and row > 0:
                row = len(table.rows) - (len(layout.rows) - row)
            cells = table.rows[row] if 0 <= row < len(table.rows) else []
            if any(cells[placement.column + 1: placement.column + placement.cell.span]):
                placed = -1  # the layout merges cells the table has apart
                break
            source = cells[placement.column] if placement.column < len(cells) else ""
            if table.printed and source:
                source = _own_breaks(table.printed[row][placement.column], source)
            for key, printed in _printed_captions(placement.cell.text, source):
                if not printed:  # a caption where the source has a picture (the photo)
                    continue
                known = captions.keys(printed)
                if known and key not in known:
                    placed = -1
                    break
                placed += 1
                if printed != model_type.captions[key]:
                    renamed[key] = printed
            if placed < 0:
                break
        if placed > best[0]:
            best = (placed, renamed)
    return best[1]


def _own_breaks(printed: str, joined: str) -> str:
    """A cell's text with the writer's line breaks kept: ``joined`` is ``printed`` with each
    break the reader took for gongwen's replaced by a space or nothing. One it joined with a
    space stays a break (in a caption a writer's break is likelier than a wrap at a space),
    one it joined with nothing (before a bracket, after 、) was gongwen's and goes."""
    out: list[str] = []
    index = 0
    for char in printed:
        if char != "\n":
            out.append(char)
            index += 1
        elif index < len(joined) and joined[index] in " \u3000\n":
            out.append("\n")
            index += 1
    return "".join(out)


def _printed_captions(probe: str, source: str) -> list[tuple[str, str]]:
    """The captions (by key) a cell of the probe layout prints, with the words the source's
    cell prints in their place: the whole cell, or the line that starts with the caption and
    a colon (整改期限：……, first or last line of its cell)."""
    if _MARK not in probe:
        return []
    whole = re.fullmatch(f"{_MARK}(\\w+){_END}", probe)
    if whole:
        return [(whole[1], source)]
    lines, written = probe.split("\n"), source.split("\n")
    found = []
    for index, line in enumerate(lines):
        match = re.match(f"{_MARK}(\\w+){_END}[：:]", line)
        if match is None or not written:
            continue
        text = written[-1] if index == len(lines) - 1 else written[0] if index == 0 else ""
        found.append((match[1], re.split("[：:]", text, maxsplit=1)[0] if re.search("[：:]", text) else ""))
    return found


def _variants(kind: str, data: Mapping, table: TableData, captions: Captions) -> list[dict[str, Any]]:
    """The blank form with its signature boxes and columns as read, and in each order that
    fits the table (a caption not recognised leaves its box or column out of what was read)."""
    base = {key: value for key, value in plain(data).items() if key in ("kind", "paper")}
    model_type = FORM_KINDS[kind]
    signers: list[object] = [None]
    if kind in _SIGNERS:
        keys = _SIGNERS[kind]
        signers += [list(order) for size in range(1, len(keys) + 1) for order in permutations(keys, size)]
    columns: list[object] = [None]
    if kind in _LIST_FORMS and table.rows:
        header = [(captions.keys(cell) or [None])[0] for cell in table.rows[0]]
        known = [key for key in header if key]
        allowed = get_args(get_args(model_type.model_fields["columns"].annotation)[0])
        missing = [key for key in allowed if key not in known]
        unknown = [index for index, key in enumerate(header) if key is None and table.rows[0][index]]
        for chosen in permutations(missing, len(unknown)):
            filled = list(header)
            for index, key in zip(unknown, chosen, strict=True):
                filled[index] = key
            columns.append([key for key in filled if key])
    variants = []
    for signed, listed in product(signers, columns):
        variant = dict(base)
        if signed is not None:
            variant["signers"] = signed
        if listed is not None:
            variant["columns"] = listed
        variants.append(variant)
    return variants


def _signers(kind: str, result: FormResult) -> None:
    """``signers`` when the signature boxes are not the real form's, in its order."""
    if kind not in _SIGNERS:
        return
    order = [key for key in dict.fromkeys(result.seen) if key in _SIGNERS[kind]]
    if order and tuple(order) != _SIGNERS[kind]:
        result.data["signers"] = Sequence(order)


def _caption_key(text: str, captions: Captions, result: FormResult) -> str | None:
    """The key a caption cell stands for: of a caption printed twice, the one not met yet."""
    keys = captions.keys(text)
    return next((key for key in keys if key not in result.seen), keys[-1] if keys else None)


def _captions(kind: str, rows: list[list[str]], where: int, result: FormResult, captions: Captions) -> None:
    """Caption cells and the values written beside them (a merge's empty cells skipped), or
    in the same cell after a colon (检查人签字：赵敏)."""
    for row in rows:
        index = 0
        while index < len(row):
            text = row[index]
            key = _caption_key(text, captions, result)
            inline = None
            if key is None and re.match(r"^[^：:\n]{2,12}[：:]", text):
                head, _, tail = re.split(r"([：:])", text, maxsplit=1)
                key, inline = _caption_key(head, captions, result), tail.strip()
            if key is None:
                if text:
                    result.left_out.append(LeftOut(where, text, "表格中无对应字段的文字"))
                index += 1
                continue
            if inline is not None:
                value, follow = inline, index
            else:
                follow = index + 1
                while follow < len(row) and not row[follow]:
                    follow += 1
                beside = row[follow] if follow < len(row) else ""
                value = beside if beside and not captions.keys(beside) else ""
                follow = follow if value else index
            result.seen.append(key)
            value = _trailing_captions(value, captions, kind, where, result)
            result.found.append(Found(f"栏目“{_bare(text.split('：')[0])}”", where, value or "（空）"))
            if value:
                _put(result, kind, key, value, where)
            index = follow + 1


def _trailing_captions(value: str, captions: Captions, kind: str, where: int, result: FormResult) -> str:
    """A box whose last lines hold captions of their own (整改期限：2024年4月30日 under the
    整改意见): those lines fill their fields; the rest is the box's value."""
    lines = value.split("\n")
    while lines:
        match = re.match(r"^([^：:]{2,12})[：:](.*)$", lines[-1].strip())
        key = _caption_key(match[1], captions, result) if match else None
        if match is None or key is None or key in result.seen:
            break
        result.seen.append(key)
        result.found.append(Found(f"栏目“{_bare(match[1])}”", where, match[2].strip() or "（空）"))
        if match[2].strip():
            _put(result, kind, key, match[2].strip(), where)
        lines.pop()
    return "\n".join(lines).strip()


def _put(result: FormResult, kind: str, key: str, value: str, where: int) -> None:
    """Fill the field of a caption from the text written for it."""
    data = result.data
    name = _FIELDS.get(kind, {}).get(key, key)
    if _BLANK.fullmatch(value):
        return
    if name in _DATES:
        match = _DATE_IN.search(value)
        day = parse_date(match.group()) if match else None
        rest = (value[: match.start()] + value[match.end():]).strip() if match else value
        if day is not None:
            data[name] = date_text(day)
        if rest and kind == "leader-check":
            data["time"] = rest
        elif rest or day is None:
            result.left_out.append(LeftOut(where, rest or value, "日期栏中无法识别的文字"))
    elif name.endswith("_signature") or name in ("reviewer", "approver"):
        data[name] = _signature(value, opinion=name in ("reviewer", "approver"))
    elif name in _LISTS:
        data[name] = [part for part in _SEPARATORS.split(value) if part]
    elif name in ("matters", "methods"):
        if CHECKED in value or UNCHECKED in value:
            chosen = [part.split(UNCHECKED)[0].strip() for part in value.split(CHECKED)[1:]]
            data[name] = [part for part in chosen if part]
        else:
            parts = [part.strip() for part in value.split("\n") if part.strip()]
            data[name] = [label.text if (label := parse_label(part)) else part for part in parts]
    elif name == "photo":
        result.left_out.append(LeftOut(where, value, "照片栏的文字（照片本身未导入）"))
    elif "." in name:
        owner, part = name.split(".")
        data.setdefault(owner, Mapping())[part] = value
    else:
        data[name] = value


def _signature(value: str, opinion: bool) -> Mapping:
    """A signature box: the name, the date under it and (for 审核人/审批人) the opinion above."""
    lines = [line.strip() for line in value.split("\n") if line.strip()]
    signature = Mapping()
    day = None
    if lines and (match := _DATE_IN.search(lines[-1])) and (day := parse_date(match.group())):
        lines = lines[:-1]
    signed = next((i for i, line in enumerate(lines) if _SIGNED.match(line)), None)
    if opinion:
        names = [_SIGNED.sub("", lines[signed])] if signed is not None else []
        text = lines[:signed] if signed is not None else lines
        if names and names[0]:
            signature["name"] = names[0]
        if text:
            signature["opinion"] = "\n\n".join(text)
    elif lines:
        signature["name"] = _SIGNED.sub("", "".join(lines))
    if day:
        signature["date"] = date_text(day)
    return signature


def _rows(kind: str, table: TableData, where: int, result: FormResult, captions: Captions) -> list[list[str]]:
    """A table of records under a header (执行方案, 责任分工表); returns the rows after them
    (审核人, 审批人 …) for their captions."""
    header = [_caption_key(cell, captions, result) for cell in table.rows[0]]
    if not any(header):
        return table.rows
    result.found.append(Found("表头", where, "、".join(cell.replace("\n", "") for cell in table.rows[0])))
    columns = [key for key in header if key]
    default = FORM_KINDS[kind].model_fields["columns"].get_default(call_default_factory=True)
    if columns != default:
        result.data["columns"] = Sequence(columns)
    records: list[dict[str, str] | str] = []
    end = len(table.rows)
    for position, row in enumerate(table.rows[1:], start=1):
        head = re.split(r"[：:]", row[0], maxsplit=1)[0]
        if head and set(captions.keys(head)) & set(_SIGNERS.get(kind, ())):
            end = position
            break
        filled = [cell for cell in row if cell]
        if kind == "division-table" and len(filled) == 1 and row[0] and not row[0].isdigit():
            records.append(row[0])  # a category: one cell across the table
            continue
        record = {name: cell for name, cell in zip(header, row, strict=False) if name and name != "number"}
        for name, cell in zip(header, row, strict=False):
            if name is None and cell:
                result.left_out.append(LeftOut(where, cell, "表格中无对应字段的文字"))
        if any(record.values()):
            records.append(record)
    if kind == "execution-plan":
        result.data["items"] = Sequence([
            Mapping({k: ([p for p in _SEPARATORS.split(v) if p] if k == "members" else v)
                     for k, v in record.items() if v})
            for record in records if isinstance(record, dict)
        ])
    else:
        _division(records, result)
    return table.rows[end:]


def _division(records: list[dict[str, str] | str], result: FormResult) -> None:
    """A 责任分工表's tasks (a task's 内容 merged down the rows of its requirements), under
    their categories when the table has category rows."""
    categories: list[Mapping] = []
    loose: list[Mapping] = Sequence()  # tasks before any category
    groups = loose
    for record in records:
        if isinstance(record, str):
            groups = Sequence()
            categories.append(Mapping(name=record, groups=groups))
            continue
        item = Mapping(requirement=record.get("requirement", ""))
        departments = [p for p in _SEPARATORS.split(record.get("departments", "")) if p]
        if departments:
            item["departments"] = departments
        if record.get("content") or not groups:
            groups.append(Mapping(content=record.get("content", ""), items=Sequence()))
        groups[-1]["items"].append(item)
    if loose or not categories:
        result.data["groups"] = loose  # with categories too: validation asks for one of them
    if categories:
        result.data["categories"] = Sequence(categories)
