"""The body of a document: numbered lines become headings (sections) or items, the lines
between them paragraphs, in the body model's shape (titles and items without numbers).

Numbered lines are first put in a tree by their style (一、 above （一） above 1. …); then each
run of siblings is either headings — short lines with no sentence after them, or lines that
hold paragraphs and lists of their own — or items, numbered paragraphs (``1.负责组织…；``),
with a run-in title when most of the run starts with a short sentence
(``1.加强组织领导。各校要……``). Numbers that skip or start late are kept (``number:``); item
numbering that runs on across sections is kept (``continue: true``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..derive.numbering import child_style, is_article, number_label
from .labels import parse_label, rank
from .report import Found, LeftOut, Uncertain
from .source import Line, TableData
from .yamlout import Mapping, Sequence

END_MARKS = tuple("。；;，,、：:！？!?….．")
_SENTENCE_END = "。"
_OPENERS, _CLOSERS = "“‘《（(「『〔【", "”’》）)」』〕】"
TITLE_MAX = 40
"""Longest heading or run-in title (characters)."""


@dataclass(frozen=True)
class Shape:
    """How a numbered line reads: a heading, a run-in title with text, or a sentence."""

    kind: str  # "heading", "runin" or "sentence"
    lead: str = ""
    tail: str = ""
    stop_inside: bool = False  # a heading with a 。 inside it (创新模式。架构……)


def _sentence_end(text: str) -> int | None:
    """Index of the first full stop (。) outside quotes and brackets (a question is no title)."""
    depth = 0
    for index, char in enumerate(text):
        if char in _OPENERS:
            depth += 1
        elif char in _CLOSERS:
            depth = max(0, depth - 1)
        elif char in _SENTENCE_END and depth == 0:
            return index
    return None


def shape_of(text: str) -> Shape:
    """Read the text after a numbering label."""
    body = text.strip()
    stop = _sentence_end(body)
    if stop is None or stop == len(body) - 1:
        if body.endswith(END_MARKS) or len(body) > TITLE_MAX:
            return Shape("sentence")
        return Shape("heading")
    lead = body[:stop]
    tail = body[stop + 1:]
    if len(tail) <= 15 and not tail.endswith(END_MARKS) and len(body) <= TITLE_MAX:
        return Shape("heading", stop_inside=True)
    if 0 < len(lead) <= TITLE_MAX:
        return Shape("runin", lead, tail)
    return Shape("sentence")


@dataclass(eq=False)
class Node:
    """A numbered (or unnumbered heading) line and what follows it until the next one."""

    style: str
    rank: float
    number: int
    text: str
    line: Line | None
    content: list[Node | Line] = field(default_factory=list)
    heading: bool = False  # decided: a heading (section) rather than an item

    @property
    def shape(self) -> Shape:
        return shape_of(self.text)

    def runs(self) -> list[list[Node]]:
        """Child nodes grouped into runs: same style, numbers rising (a restart opens a new run)."""
        runs: list[list[Node]] = []
        for child in self.content:
            if not isinstance(child, Node):
                continue
            last = runs[-1][-1] if runs else None
            if last is not None and (last.style, last.rank) == (child.style, child.rank) and (
                child.number > last.number or child.style == ""
            ):
                runs[-1].append(child)
            else:
                runs.append([child])
        return runs

    def lines(self) -> list[Line]:
        """Paragraph and table lines before the first child node."""
        out: list[Line] = []
        for child in self.content:
            if isinstance(child, Node):
                break
            out.append(child)
        return out


@dataclass
class Body:
    """The body in the body model's shape."""

    preamble: list[object]
    sections: list[Mapping]
    numbering: str | None  # style of the top-level sections (None: no sections)
    found: list[Found] = field(default_factory=list)
    uncertain: list[Uncertain] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)


def plain_headings(lines: list[Line]) -> list[Line]:
    """Unnumbered lines that read as headings (short, no punctuation, followed by text), used as
    top-level headings when at least two exist and no line is numbered 一、 or 第一章."""
    if any((lab := parse_label(line.text)) and rank(lab.style) <= 1 for line in lines if line.table is None):
        return [line for line in lines if line.heading and not parse_label(line.text)]
    found = []
    for index, line in enumerate(lines[:-1]):
        following = lines[index + 1]
        if (line.heading and not parse_label(line.text)) or (
            line.table is None and not line.rule and 0 < len(line.text) <= 30
            and not any(c in "，。；：！？,.;:!?" for c in line.text) and not parse_label(line.text)
            and following.table is None
        ):
            found.append(line)
    return found if len(found) >= 2 else [line for line in found if line.heading]


class OutlineBuilder:
    """Builds the body of one document."""

    def __init__(self, unit: str = "行") -> None:
        self.unit = unit
        self.levels = False  # the source marks its headings with outline levels (Word)
        self.leads = False  # the source sets run-in titles apart by their formatting (Word)
        self.last_numbers: dict[str, int] = {}
        self.found: list[Found] = []
        self.uncertain: list[Uncertain] = []
        self.left_out: list[LeftOut] = []

    def where(self, line: int | None) -> str:
        """“第 12 行” for a comment."""
        return f"第 {line} {self.unit}" if line else ""

    # -- tree ------------------------------------------------------------------------
    def tree(self, lines: list[Line], headings: list[Line]) -> Node:
        root = Node("", -10.0, 0, "", None)
        stack: list[Node] = []
        heading_ids = {id(line) for line in headings}
        for line in lines:
            if line.rule:
                self.left_out.append(LeftOut(line.where, line.text or "（线）", "正文中的分隔线"))
                continue
            lab = parse_label(line.text) if line.table is None else None
            if lab is not None and self._inline_list(lab, line):
                lab = None
            if lab is None and id(line) not in heading_ids:
                (stack[-1] if stack else root).content.append(line)
                continue
            if lab is not None:
                node = Node(lab.style, rank(lab.style), lab.number, lab.text, line)
            else:
                level = line.heading or 1
                # a first-level one above 一、; deeper ones between the numbered levels around them
                node = Node("", level - (1.1 if level == 1 else 0.9), 0, line.text, line, heading=True)
            same = [n for n in stack if (n.style, n.rank) == (node.style, node.rank)]
            if same:
                while stack[-1] is not same[-1]:
                    stack.pop()
                stack.pop()
            else:
                while stack and stack[-1].rank > node.rank:
                    stack.pop()
            (stack[-1] if stack else root).content.append(node)
            stack.append(node)
        return root

    def _inline_list(self, lab: object, line: Line) -> bool:
        """A line like 一是……；二是…… holds a whole list in one paragraph: it stays a paragraph."""
        following = number_label(lab.style.strip(), lab.number + 1)  # type: ignore[attr-defined]
        if len(following) >= 2 and following in lab.text:  # type: ignore[attr-defined]
            self.uncertain.append(Uncertain(
                line.where, f"一行中含多项（{lab.source.strip()}……{following}……）",  # type: ignore[attr-defined]
                "作为一段正文", "拆成编号条目",
            ))
            return True
        return False

    # -- decisions -------------------------------------------------------------------
    def decide(self, node: Node, items_only: bool = False) -> None:
        """Mark each run under ``node`` (and below) as headings or items; below an item
        everything is items (an item holds no headings)."""
        headings_seen = False
        for run in node.runs():
            if not items_only:
                for member in run:
                    self.decide(member)
            heading = not items_only and (headings_seen or self._heading_run(run))
            if not heading:
                for member in run:
                    self.decide(member, items_only=True)
            headings_seen = headings_seen or heading
            for member in run:
                member.heading = heading

    def _heading_run(self, run: list[Node]) -> bool:
        style, run_rank = run[0].style, run[0].rank
        if is_article(style):
            return False
        if style == "" or run_rank <= 1 or any(m.line is not None and m.line.heading for m in run):
            return True
        if self.levels and self.leads and all(m.shape.kind == "heading" for m in run):
            return False  # in a file that marks headings and leads: short numbered lines without either
        for member in run:
            runs = member.runs()
            if any(m.heading for r in runs for m in r) or len(runs) > 1:
                return True
            if any(isinstance(c, Line) and c.table is not None for c in member.content):
                return True
        shaped = sum(member.shape.kind == "heading" for member in run)
        return shaped * 2 >= len(run)

    # -- emission --------------------------------------------------------------------
    def body(self, lines: list[Line], headings: list[Line]) -> Body:
        self.levels = any(line.heading for line in lines)
        self.leads = any(line.lead is not None for line in lines)
        root = self.tree(lines, headings)
        self.decide(root)
        blocks, sections, headings_style = self.content(root, 0)
        return Body(blocks, sections, headings_style, self.found, self.uncertain, self.left_out)

    def content(self, node: Node, depth: int) -> tuple[list[object], list[Mapping], str | None]:
        """Text blocks and child sections of ``node``; the style of its child headings."""
        blocks: list[object] = []
        paragraphs: list[str] = []

        def flush() -> None:
            if paragraphs:
                blocks.append("\n\n".join(paragraphs))
                paragraphs.clear()

        for line in node.lines():
            if line.table is not None:
                flush()
                blocks.append(table_block(line.table, line, self.uncertain))
            else:
                paragraphs.append(line.text)
        sections: list[Mapping] = []
        headings_style: str | None = None
        for run in node.runs():
            if run[0].heading:
                headings_style = headings_style if headings_style is not None else run[0].style
                if run[0].style != headings_style:
                    self.uncertain.append(Uncertain(
                        run[0].line.where if run[0].line else None, "同一层小标题用了两种编号",
                        f"按“{headings_style}”排", f"保留“{run[0].style}”",
                    ))
                sections += self.sections(run, depth + 1)
                continue
            flush()
            listed, trailing = self.items(run, depth)
            blocks.append(listed)
            paragraphs.extend(trailing)
        flush()
        return blocks, sections, headings_style

    def _numbers(self, run: list[Node], kind: str) -> list[int | None]:
        """Explicit numbers for a run of headings: where the source skips or starts late."""
        explicit: list[int | None] = []
        expected = 1
        for member in run:
            if member.style == "" or member.number == expected:
                explicit.append(None)
            else:
                explicit.append(member.number)
                where = member.line.where if member.line else None
                shown = number_label(member.style.strip(), member.number)
                before = number_label(member.style.strip(), expected - 1) if expected > 1 else ""
                missing = f"接在{before}之后" if before else "前面缺编号"
                self.uncertain.append(Uncertain(
                    where, f"{kind}编号从“{shown}”起（{missing}）", f"照原文编号（number: {member.number}）",
                    "按顺序重新编号",
                ))
            expected = member.number + 1
        return explicit

    def sections(self, run: list[Node], depth: int) -> list[Mapping]:
        return [
            self.section(member, number, depth)
            for member, number in zip(run, self._numbers(run, "小标题"), strict=True)
        ]

    def section(self, node: Node, number: int | None, depth: int) -> Mapping:
        """A heading at ``depth`` (1 = top) with its text and subsections; numbering styles
        the renderer would choose anyway (the body model's defaults) are left out."""
        where = node.line.where if node.line else None
        shape = node.shape
        section = Mapping()
        shown = number_label(node.style, node.number) if node.style else "（无编号）"
        section.comment = f"{shown}　{self.where(where)}"
        extra: list[str] = []
        if shape.kind == "runin":
            section["title"] = shape.lead
            section["inline"] = True
            extra = [shape.tail]
        else:
            section["title"] = node.text
            if shape.kind == "sentence":
                self.uncertain.append(Uncertain(
                    where, "编号行是完整的句子，但同组多为小标题", "作为小标题", "作为编号条目（段落）"
                ))
            elif shape.stop_inside:
                self.uncertain.append(Uncertain(
                    where, "小标题中间有句号", "整行作为标题",
                    "句号前作为标题、句号后作为正文（标题与正文同段）",
                ))
        if number is not None:
            section["number"] = number
        own = node.style
        blocks, children, headings_style = self.content(node, depth)
        if extra:
            blocks = [extra[0] + ("\n\n" + blocks[0] if blocks and isinstance(blocks[0], str) else ""),
                      *(blocks[1:] if blocks and isinstance(blocks[0], str) else blocks)]
        if children and (not own or headings_style != child_style(own, depth, items=False)):
            section["numbering"] = headings_style
        lists = [block for block in blocks if isinstance(block, Mapping) and "items" in block]
        listed = {block["numbering"] for block in lists}
        if not children and lists and len(lists) == len(blocks) and len(listed) == 1 and (
            not own or listed != {child_style(own, depth, items=True)}
        ):
            section["numbering"] = listed.pop()  # a section of lists only: its numbering styles them
        items_default = section.get("numbering", child_style(own, depth, items=True) if own else None)
        for block in blocks:
            if isinstance(block, Mapping) and "items" in block and block["numbering"] == items_default:
                del block["numbering"]
        if len(blocks) == 1 and isinstance(blocks[0], Mapping) and "table" in blocks[0]:
            section["table"] = blocks[0]["table"]  # a section that is one table
        elif blocks:
            single = len(blocks) == 1 and isinstance(blocks[0], str)
            section["text"] = blocks[0] if single else Sequence(blocks)
        if children:
            section["sections"] = Sequence(children, comments=[c.comment for c in children])
        self.found.append(Found(f"小标题 {node.style or '（无编号）'}".rstrip(), where, section["title"]))
        return section

    def items(self, run: list[Node], depth: int) -> tuple[Mapping, list[str]]:
        """An items list (and the paragraphs after its last item that belong to the parent)."""
        style = run[0].style
        first = run[0].number
        previous = self.last_numbers.get(style, 0)
        listed = Mapping()
        continued = False
        explicit: list[int | None] = [None] * len(run)
        if is_article(style) or (previous and first == previous + 1):
            if first == previous + 1:
                continued = previous > 0 and not is_article(style)  # articles always go on
            else:
                explicit[0] = first
        elif first != 1:
            explicit[0] = first
        expected = first + 1
        for index, member in enumerate(run[1:], start=1):
            if member.number != expected:
                explicit[index] = member.number
            expected = member.number + 1
        for index, number in enumerate(explicit):
            if number is not None:
                member = run[index]
                self.uncertain.append(Uncertain(
                    member.line.where if member.line else None,
                    f"条目编号“{number_label(style.strip(), number)}”不接上一项",
                    f"照原文编号（number: {number}）",
                    "按顺序重新编号",
                ))
        titled = self._titled(run)
        trailing: list[str] = []
        items: list[object] = []
        comments: list[str] = []
        for index, member in enumerate(run):
            last = index == len(run) - 1
            item, rest = self.item(member, titled, explicit[index], last, depth + 1)
            items.append(item)
            place = self.where(member.line.where if member.line else None)
            comments.append(f"{number_label(style, member.number)}　{place}")
            trailing = rest
        self.last_numbers[style] = run[-1].number
        listed["numbering"] = style
        if continued:
            listed["continue"] = True
        listed["items"] = Sequence(items, comments=comments)
        where = run[0].line.where if run[0].line else None
        self.found.append(Found(f"条目组 {style.strip()}", where, f"{len(run)} 项"))
        return listed, trailing

    def _titled(self, run: list[Node]) -> bool:
        """Whether this run's short first sentences are run-in titles (most members have one);
        in a Word file each item's own formatting decides (a lead in a style of its own)."""
        runin = [m for m in run if m.shape.kind == "runin"]
        if not runin or self.leads:
            return False
        whole = [
            m for m in run
            if m.shape.kind != "runin" and _sentence_end(m.text.strip()) == len(m.text.strip()) - 1
        ]
        if len(runin) * 5 >= (len(run) - len(whole)) * 3:  # one-sentence items count for neither
            return True
        first = runin[0]
        self.uncertain.append(Uncertain(
            first.line.where if first.line else None, "条目开头的短句可能是小标题",
            "不作小标题（本组多数条目没有）", "句号前作为条目标题",
        ))
        return False

    def item(
        self, node: Node, titled: bool, number: int | None, hoist: bool, depth: int
    ) -> tuple[object, list[str]]:
        """One item: its number, run-in title and text; paragraphs, tables and lists under it
        become its further paragraphs and sub-items, in order."""
        shape = node.shape
        item = Mapping()
        if number is not None:
            item["number"] = number
        formatted = self.leads and node.line is not None and node.line.lead is not None
        if shape.kind == "runin" and (node.line.lead.endswith(shape.lead + "。") if formatted  # type: ignore[union-attr]
                                      else titled):
            item["title"] = shape.lead
            first = shape.tail
        else:
            first = node.text
        own = node.lines()
        trailing: list[str] = []
        blocks: list[object] = []
        if own and hoist and len(own) == len(node.content) and all(line.table is None for line in own):
            trailing = [line.text for line in own]
            self.uncertain.append(Uncertain(
                own[0].where, "列表最后一项之后的段落", "作为列表之后的独立段落", "作为最后一项的后续段落",
            ))
        else:
            if own:
                self.uncertain.append(Uncertain(
                    own[0].where, "编号条目之后、下一项之前的段落",
                    f"作为上一项（{number_label(node.style.strip(), node.number)}）的后续段落",
                    "作为两组条目之间的独立段落",
                ))
            blocks, _, _ = self.content(node, depth)
        if blocks and isinstance(blocks[0], str):
            first = f"{first}\n\n{blocks.pop(0)}"
        if not blocks:
            item["text"] = first
        elif len(blocks) == 1 and "items" in blocks[0] and "continue" not in blocks[0]:  # type: ignore[operator]
            item["text"] = first
            if blocks[0]["numbering"] != child_style(node.style, depth, items=True):  # type: ignore[index]
                item["numbering"] = blocks[0]["numbering"]  # type: ignore[index]
            item["items"] = blocks[0]["items"]  # type: ignore[index]
        else:
            item["text"] = Sequence([first, *blocks])
        if list(item) == ["text"] and isinstance(item["text"], str):
            return item["text"], trailing
        return item, trailing


def table_block(table: TableData, line: Line, uncertain: list[Uncertain]) -> Mapping:
    """A table as a ``{table: …}`` block: the first header row as columns."""
    rows = [list(row) for row in table.rows]
    header = rows[0] if rows else [""]
    block = Mapping()
    block["table"] = Mapping(columns=header, rows=rows[1:])
    if table.widths:
        block["table"]["widths"] = table.widths  # the columns' widths in the source, in mm
    if table.header_rows > 1:
        uncertain.append(Uncertain(line.where, f"表格有 {table.header_rows} 行表头",
                                   "第一行作为表头，其余作为表格行",
                                   "合并为一行表头"))
    if table.merged:
        uncertain.append(Uncertain(line.where, f"表格有 {table.merged} 个被合并的单元格",
                                   "留空（文字只写在合并区的第一格）",
                                   "每格重复合并区的文字"))
    return block


