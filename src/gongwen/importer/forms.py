"""A document that is a form — one table with at most a title and a note or two around it —
becomes that form's data (领导干部检查督查情况表, 督导工作记录单, 监督检查执行方案,
责任分工表, 公示牌): printed captions are recognised, what is written beside (or after) them
fills the fields, and any text without a field is listed as left out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .labels import parse_label
from .normalise import date_text, parse_date
from .report import Found, LeftOut
from .source import Line, TableData
from .yamlout import Mapping, Sequence

TITLES = {
    "leader-check": "领导干部检查督查情况表",
    "record-sheet": "督导工作记录单",
    "execution-plan": "执行方案",
    "division-table": "责任分工表",
    "notice-board": "公示牌",
}
"""Form kinds and the words their titles end with."""

_CAPTIONS: dict[str, dict[str, str]] = {
    "leader-check": {
        "检查时间": "date", "检查日期": "date", "地址": "address", "检查地址": "address",
        "受检对象": "target",
        "被检查人": "inspected", "检查情况": "situation", "处置意见": "disposal", "跟踪落实情况": "follow_up",
        "被检查人签字": "inspected_signature", "检查领导签字": "leader_signature",
        "责任单位负责人签字": "unit_head_signature", "检查人签字": "follow_up_signature",
        "跟踪检查人签字": "follow_up_signature",
    },
    "record-sheet": {
        "督导学校": "school", "学校": "school", "督导日期": "date", "督导时间": "date", "督学": "inspectors",
        "督导情况及发现的问题": "findings", "整改意见及要求": "rectification", "整改期限": "deadline",
        "督学签字": "inspector_signature", "学校负责人签字": "school_signature", "督导事项": "matters",
        "督导方式": "methods",
    },
    "execution-plan": {"审核人": "reviewer", "审批人": "approver"},
    "notice-board": {
        "监督电话": "hotline", "学校": "school", "责任督学": "inspector.name", "职务": "inspector.position",
        "联系电话": "inspector.phone", "督导事项": "matters", "照片": "photo",
    },
    "division-table": {},
}
_SECOND = {"unit_head_signature": "follow_up_unit_signature"}
"""A caption printed twice on a form: its second box is this field."""
_COLUMNS = {
    "execution-plan": {"序号": "", "时间": "time", "对象": "target", "内容": "content", "检查内容": "content",
                       "检查组成员": "members", "成员": "members"},
    "division-table": {"序号": "", "内容": "content", "工作内容": "content", "工作要求": "requirement",
                       "责任部门": "departments", "责任单位": "departments"},
}
CHECKED, UNCHECKED = "☑", "□"
_DATES = {"date", "deadline"}
_LISTS = {"inspectors"}
_SEPARATORS = re.compile(r"[、，,；;\s]+")
_DATE_IN = re.compile(r"\d{4}\s*[年./\-]\s*\d{1,2}\s*[月./\-]\s*\d{1,2}\s*日?")
_BLANK = re.compile(r"[\s\u3000年月日（）()签字：:]*")
_SIGNED = re.compile(r"签字[：:]\s*")


def _bare(text: str) -> str:
    return re.sub(r"[\s：:]", "", text)


def _caption(text: str, captions: dict[str, str]) -> str | None:
    """The field a printed caption stands for (“对象（地点或单位）” is 对象,
    “审核人（签字及意见）” is 审核人)."""
    bare = _bare(text)
    for candidate in (bare, re.sub(r"[（(][^）)]*[）)]", "", bare)):
        if candidate in captions:
            return captions[candidate]
    return None


@dataclass
class FormResult:
    """A form's data and what the report needs to know."""

    data: Mapping
    found: list[Found] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)


def recognise_form(lines: list[Line], paper: str | None = None) -> FormResult | None:
    """The form a document is, or None when it is not one table with a form's title;
    ``paper`` is the source's page size when it is not A4."""
    tables = [line for line in lines if line.table is not None]
    texts = [line for line in lines if line.table is None and line.text]
    if len(tables) != 1 or len(texts) > 4:
        return None
    title = next((t for t in texts if any(t.text.endswith(word) for word in TITLES.values())), None)
    if title is None:
        return None
    kind = next(k for k, word in TITLES.items() if title.text.endswith(word))
    result = FormResult(Mapping(kind=kind, title=title.text))
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
    rest = _rows(kind, table, where, result) if kind in _COLUMNS else table.rows
    _captions(kind, rest, where, result)
    return result


def _captions(kind: str, rows: list[list[str]], where: int, result: FormResult) -> None:
    """Caption cells and the values written beside them (a merge's empty cells skipped), or
    in the same cell after a colon (检查人签字：赵敏)."""
    captions = _CAPTIONS[kind]
    for row in rows:
        index = 0
        while index < len(row):
            text = row[index]
            name = _caption(text, captions)
            inline = None
            if name is None and re.match(r"^[^：:\n]{2,12}[：:]", text):
                head, _, tail = re.split(r"([：:])", text, maxsplit=1)
                name, inline = _caption(head, captions), tail.strip()
            if name is None:
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
                value = beside if beside and _caption(beside, captions) is None else ""
                follow = follow if value else index
            if name in _SECOND and name in result.data:
                name = _SECOND[name]
            value = _trailing_captions(value, captions, kind, where, result)
            result.found.append(Found(f"栏目“{_bare(text.split('：')[0])}”", where, value or "（空）"))
            if value:
                _put(result, kind, name, value, where)
            index = follow + 1


def _trailing_captions(
    value: str, captions: dict[str, str], kind: str, where: int, result: FormResult
) -> str:
    """A box whose last lines hold captions of their own (整改期限：2024年4月30日 under the
    整改意见): those lines fill their fields; the rest is the box's value."""
    lines = value.split("\n")
    while lines:
        match = re.match(r"^([^：:]{2,12})[：:](.*)$", lines[-1].strip())
        name = _caption(match[1], captions) if match else None
        if name is None or name in result.data:
            break
        result.found.append(Found(f"栏目“{_bare(match[1])}”", where, match[2].strip() or "（空）"))  # type: ignore[index]
        if match[2].strip():  # type: ignore[index]
            _put(result, kind, name, match[2].strip(), where)  # type: ignore[index]
        lines.pop()
    return "\n".join(lines).strip()


def _put(result: FormResult, kind: str, name: str, value: str, where: int) -> None:
    """Fill one field from the text written for its caption."""
    data = result.data
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
        owner, key = name.split(".")
        data.setdefault(owner, Mapping())[key] = value
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


def _rows(kind: str, table: TableData, where: int, result: FormResult) -> list[list[str]]:
    """A table of records under a header (执行方案, 责任分工表); returns the rows after them
    (审核人, 审批人 …) for their captions."""
    columns = _COLUMNS[kind]
    header = [_caption(cell, columns) for cell in table.rows[0]]
    if not any(header):
        return table.rows
    result.found.append(Found("表头", where, "、".join(cell.replace("\n", "") for cell in table.rows[0])))
    records: list[dict[str, str]] = []
    end = len(table.rows)
    for position, row in enumerate(table.rows[1:], start=1):
        if _caption(row[0], _CAPTIONS[kind]) is not None:
            end = position
            break
        record = {name: cell for name, cell in zip(header, row, strict=False) if name}
        for name, cell in zip(header, row, strict=False):
            if name is None and cell:
                result.left_out.append(LeftOut(where, cell, "表格中无对应字段的文字"))
        if any(record.values()):
            records.append(record)
    if kind == "execution-plan":
        result.data["items"] = Sequence([
            Mapping({k: ([p for p in _SEPARATORS.split(v) if p] if k == "members" else v)
                     for k, v in record.items() if v})
            for record in records
        ])
    else:
        groups: list[Mapping] = []
        for record in records:
            item = Mapping(requirement=record.get("requirement", ""))
            departments = [p for p in _SEPARATORS.split(record.get("departments", "")) if p]
            if departments:
                item["departments"] = departments
            if record.get("content") or not groups:
                groups.append(Mapping(content=record.get("content", ""), items=Sequence()))
            groups[-1]["items"].append(item)
        result.data["groups"] = Sequence(groups)
    return table.rows[end:]
