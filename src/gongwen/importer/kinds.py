"""Which kind of document a source is (annual-plan, work-scheme, summary, report, regulation,
notice, document) — from its title's genre word, its structure and its wording — and why."""

from __future__ import annotations

import re
from collections import defaultdict

from .report import KindChoice

KIND_NAMES = {
    "annual-plan": "年度工作计划",
    "work-scheme": "工作方案",
    "summary": "工作总结",
    "report": "报告（经验材料、调研报告、讲话）",
    "regulation": "办法、制度、职责",
    "notice": "通知",
    "document": "通用公文（心得、意见等）",
    "calendar": "督导工作行事历",
    "leader-check": "领导干部检查督查情况表",
    "execution-plan": "监督检查执行方案",
    "record-sheet": "督导工作记录单",
    "division-table": "责任分工表",
    "notice-board": "督学公示牌",
}
"""Kinds ``gongwen import`` writes, with their Chinese names: documents, then forms."""

_TITLE_GENRES = (
    ("notice", "通知|通报|决定|公告"),
    ("work-scheme", "方案"),
    ("annual-plan", "计划|要点|工作安排|规划|打算"),
    ("summary", "总结"),
    ("regulation", "办法|规定|细则|制度|章程|守则|规程|准则|职责"),
    ("report", "报告|经验|材料|做法|调研|思考|讲话|发言|汇报|纪实"),
    ("document", "心得|体会|感想|反思|意见|请示|批复|纪要|函|安排表|时间表|日程表|一览表|名单|名册"),
)
_CUES: tuple[tuple[str, str, float, float], ...] = (
    # kind, words in the text (outside 《》), weight of one word, most they add
    ("regulation", r"本(?:办法|规定|细则|制度|章程)", 4, 4),
    ("summary", r"一年来|本学年|本学期|今年以来|过去的一年|工作总结|总结如下", 2, 6),
    ("document", r"聆听|讲座|心得|体会|感悟|反思|受益匪浅", 2, 8),
    ("report", r"经验|做法|成效|启示|探索出|思考|调研", 1.5, 6),
    ("work-scheme", r"方案|工作步骤|实施步骤|工作措施|保障措施|组织实施|(?:动员|自评|核查|实施|验收)阶段",
     1.5, 6),
    ("annual-plan", r"本年度|工作要点|主要工作|重点工作|工作重点|主要任务|工作目标|指导思想|举措", 1.5, 6),
)
_HEADING_CUES: tuple[tuple[str, str], ...] = (
    # kind, words in a heading (worth 4 once)
    ("report", r"思考|做法|经验|启示|成效"),
    ("work-scheme", r"工作步骤|实施步骤|工作措施|保障措施|组织实施|实施范围|工作任务"),
    ("annual-plan", r"主要工作|工作重点|重点工作|工作目标|主要任务|工作要点"),
    ("summary", r"不足|存在的?问题|今后|下一步"),
    ("document", r"反思|心得|体会|感悟|观点"),
)
_PAST = re.compile("了")
_CITED = re.compile(r"《[^》]*》")


_FORMAL_GENRES = "报告|请示|意见|批复|函|纪要"
"""Genre words that are 公文 文种 when the document is sent under a 版头 (a report to a
superior office), and an experience material or a 心得 when it is not."""
_SPEECH = re.compile(r"在.{2,40}(?:会|会议|仪式|典礼|活动|论坛)上的(?:讲话|发言|汇报|交流|致辞|报告)")
"""A speech's subtitle: ——在全区督学工作交流会上的发言."""


def detect_kind(title: str, text: str, headings: list[str], items: list[str], chapters: bool,
                articles: bool, *, subtitle: tuple[str, ...] = (), sent: tuple[str, ...] = ()) -> KindChoice:
    """The most likely kind of a document, the cues that decided it and the runner-up;
    ``sent`` names the parts of a 版头 found (发文字号, 主送机关 …)."""
    scores: dict[str, float] = defaultdict(float)
    reasons: dict[str, list[str]] = defaultdict(list)

    def add(kind: str, points: float, why: str) -> None:
        scores[kind] += points
        reasons[kind].append(why)

    if title:
        core = re.sub(r"[（(][^）)]*[）)]$", "", title)
        best = None
        for kind, words in _TITLE_GENRES:
            for match in re.finditer(words, core):
                if best is None or match.end() > best[1]:
                    best = (kind, match.end(), match.group())
        if best:
            add(best[0], 10, f"标题的文种词“{best[2]}”")
            if sent and re.fullmatch(_FORMAL_GENRES, best[2]):
                add("document", 12, f"有{'、'.join(sent)}，“{best[2]}”是正式行文的公文文种")
    speech = next((line for line in subtitle if _SPEECH.search(line)), None)
    if speech:
        add("report", 12, f"副标题“{speech}”是讲话、发言")
    if chapters and articles:
        add("regulation", 8, "按“第一章”“第一条”分章分条")
    elif articles:
        add("regulation", 5, "按“第一条”分条")
    duty = sum(item.startswith("负责") for item in items)
    if items and duty * 10 >= len(items) * 3 and any("职责" in h for h in [*headings, text[:200]]):
        add("regulation", 6, f"职责清单（{duty} 项以“负责”开头）")
    sample = _CITED.sub("", text[:6000])
    for kind, pattern, weight, most in _CUES:
        found = sorted(set(re.findall(pattern, sample)))
        if found:
            add(kind, min(most, weight * len(found)), "文中有“" + "”“".join(found[:4]) + "”")
    for kind, pattern in _HEADING_CUES:
        heading = next((h for h in headings if re.search(pattern, h)), None)
        if heading:
            add(kind, 4, f"小标题“{heading}”")
    past = len(_PAST.findall(sample)) * 100 / max(len(sample), 1)
    if past >= 0.6:
        add("report", 3, f"叙述已做的事（“了”每百字 {past:.1f} 个）")
        add("summary", 2, f"叙述已做的事（“了”每百字 {past:.1f} 个）")
    elif past < 0.3:
        add("annual-plan", 3, f"安排要做的事（“了”每百字 {past:.1f} 个）")
        add("work-scheme", 2, f"安排要做的事（“了”每百字 {past:.1f} 个）")
    if not scores:
        return KindChoice("document", ["没有文种词和明显特征，作为通用公文"])
    ranked = sorted(scores.items(), key=lambda pair: -pair[1])
    kind, score = ranked[0]
    alternative = None
    if len(ranked) > 1 and ranked[1][1] >= score * 0.6:
        other = ranked[1][0]
        alternative = f"{other}（{KIND_NAMES[other]}，{'；'.join(reasons[other])}）"
    return KindChoice(kind, reasons[kind], alternative)
