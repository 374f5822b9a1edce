"""The import report: what was recognised, what was left out, what was uncertain, what changed."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Found:
    """A part of the document recognised in the source (标题, 发文字号, 一级标题 …)."""

    what: str
    line: int | None
    text: str
    document: int = 1


@dataclass
class LeftOut:
    """Source text that is not in the data file, and why (页码, 网页杂项, 页眉 …)."""

    line: int | None
    text: str
    reason: str


@dataclass
class Uncertain:
    """A decision that could have gone the other way."""

    line: int | None
    what: str
    chosen: str
    alternative: str
    document: int = 1


@dataclass
class Change:
    """One normalisation: the text before and after, on its line."""

    line: int | None
    before: str
    after: str
    rule: str


@dataclass
class KindChoice:
    """The kind chosen for one document, why, and the runner-up."""

    kind: str
    reasons: list[str]
    alternative: str | None = None
    forced: bool = False


@dataclass
class ImportReport:
    """Everything ``gongwen import`` decided about one source file."""

    source: str
    unit: str = "行"  # what ``line`` counts: 行 (text) or 段 (Word paragraphs)
    documents: int = 1
    kinds: list[KindChoice] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    found: list[Found] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    uncertain: list[Uncertain] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # required fields the source lacks
    ready: list[bool] = field(default_factory=list)  # per document: valid, can be rendered as it is
    notes: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)

    def where(self, line: int | None) -> str:
        """“第 12 行” (or 段) for a line number, empty when unknown."""
        return f"第 {line} {self.unit}" if line else ""

    def to_dict(self) -> dict[str, Any]:
        """The report as plain data (for ``--json``)."""
        return asdict(self)

    def lines(self) -> list[str]:
        """The report as the command line prints it (Chinese)."""
        out: list[str] = []
        for index, choice in enumerate(self.kinds):
            head = f"第 {index + 1} 篇：" if self.documents > 1 else ""
            title = self.titles[index] if index < len(self.titles) else ""
            why = "按 --kind 指定" if choice.forced else "依据：" + "；".join(choice.reasons)
            other = f"；也可能是 {choice.alternative}" if choice.alternative else ""
            out.append(f"  {head}{title or '（无标题）'} —— 类型 {choice.kind}（{why}{other}）")
            if index < len(self.ready):
                ready = "数据完整，可直接排版" if self.ready[index] else "排版前需补充或修改（见下）"
                out.append(f"    {ready}")
        counts = Counter(item.what for item in self.found)
        if counts:
            out.append("  识别：" + "，".join(f"{what} {n}" for what, n in counts.items()))
        for name in self.missing:
            out.append(f"  待补充：{name}")
        for note in self.notes:
            out.append(f"  注意：{note}")
        if self.uncertain:
            out.append(f"  不确定之处 {len(self.uncertain)} 处（已按“选择”处理，请核对）：")
            for item in self.uncertain:
                where = self.where(item.line) or "全文"
                out.append(f"    {where}：{item.what}；选择：{item.chosen}；另一种：{item.alternative}")
        if self.left_out:
            out.append(f"  未导入 {len(self.left_out)} 处：")
            for left in self.left_out:
                out.append(f"    {self.where(left.line) or '（文件中）'}：{left.reason}：{left.text}")
        else:
            out.append("  未导入：无（原文全部文字都在数据文件中）")
        if self.changes:
            rules = Counter(change.rule for change in self.changes)
            summary = "，".join(f"{rule} {n} 处" for rule, n in rules.items())
            out.append(f"  规范化 {len(self.changes)} 处（{summary}）；--keep 可保留原文字符：")
            by_line: dict[int | None, Counter[tuple[str, str]]] = defaultdict(Counter)
            for change in self.changes:
                by_line[change.line][(change.before, change.after)] += 1
            for line, pairs in by_line.items():
                listed = "，".join(
                    f"“{before}”→“{after}”" + (f" ×{n}" if n > 1 else "")
                    for (before, after), n in pairs.items()
                )
                out.append(f"    {self.where(line) or '（字段）'}：{listed}")
        return out
