"""Derived report content → official documents.

视导报告, 整改通知书, 督办/警示/查办通知单 and 工作总结.

Pure functions: each returns a document model that renders through the official layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..filters import cn_date
from ..models.body import Item as Paragraph
from ..models.body import ItemList
from ..models.plan import Section, Table
from ..models.records import InspectionRecords
from ..models.reports import EscalationNotice, RectificationNotice, Summary, VisitReport
from .rectification import EscalationNotice as Escalated
from .rectification import OpenItem, SchoolRectification
from .statistics import Figure, FigureTable, Statistics, figure_tables
from .visit_report import Item, MatterSection, SchoolReport

NOTICE_ACTIONS: dict[str, str] = {
    "white": "现予以督办。请你校接到本通知单后立即组织整改，于10个工作日内整改到位，"
             "并将整改情况书面报送{office}。",
    "yellow": "现予以警示。请你校主要负责人高度重视，于5个工作日内整改到位，"
              "并将整改情况及未按期整改的原因书面报送{office}。逾期仍未整改的，将予以查办。",
    "red": "现予以查办。请你校于3个工作日内将整改情况及相关责任人员的处理意见书面报送{office}，"
           "{office}将会同有关部门核查整改落实情况，并依规依纪追究相关人员责任。",
}
"""What each escalation colour demands of the school; ``{office}`` is the issuer."""


def _join(names: Sequence[str]) -> str:
    return "、".join(names)


def _enumerate(items: Sequence[str], numbering: str | None = None) -> ItemList:
    """Numbered items “1.…。”, each ending with a full stop."""
    return ItemList(items=list(items), numbering=numbering, punctuation="。")


def _suggestions(suggestions: Sequence[str]) -> str:
    """The suggestions in one paragraph “建议：…；…。”, never “建议：建议…” (a suggestion's own
    label, such as “意见：”, is already gone: :func:`~.visit_report.unlabelled`)."""
    texts = [x.strip().removeprefix("建议").lstrip("：:，, ").rstrip("。；;") for x in suggestions]
    return "建议：" + "；".join(t for t in texts if t) + "。"


def _problems_text(section: MatterSection) -> list[str | ItemList]:
    """The problems, numbered, then the suggestions in one paragraph."""
    text: list[str | ItemList] = [_enumerate(section.problems)]
    if section.suggestions:
        text.append(_suggestions(section.suggestions))
    return text


def _deadline(item: Item) -> str:
    return cn_date(item.deadline) if item.deadline else "立即整改"


def visit_report_document(report: SchoolReport, data: InspectionRecords, day: date) -> VisitReport:
    """The 视导报告 for one school, signed by the office on ``day``."""
    dates = _join([cn_date(d) for d in report.visit_dates])
    preamble = (
        f"根据{data.district}{report.period.label}责任督学挂牌督导工作安排，{report.zone}督学"
        f"{_join(report.inspectors)}于{dates}对{report.school}进行了经常性督导"
        + (f"，通过{_join(report.methods)}等方式" if report.methods else "")
        + (f"，重点督导了{_join([s.matter for s in report.sections])}等事项" if report.sections else "")
        + "。现将督导情况报告如下。"
    )
    good = [Section(title=s.matter, text=[_enumerate(s.highlights)])
            for s in report.sections if s.highlights]
    bad = [Section(title=s.matter, text=_problems_text(s)) for s in report.sections if s.problems]
    sections = [
        Section(title="成绩与亮点", sections=good,
                text="" if good else "本期督导未记录突出亮点。"),
        Section(title="问题与建议", sections=bad,
                text="" if bad else "本期督导未发现需整改的问题。"),
    ]
    if report.requirements:
        sections.append(Section(
            title="整改要求",
            text=["请学校对照以下问题认真制定整改方案，明确责任人和完成时限，按期整改到位，"
                  "并将整改情况书面报送责任督学。", _requirements(report.requirements)],
        ))
    return VisitReport(
        title=f"{report.school}视导报告", recipients=[report.school], issuer=data.issuer,
        date=day, school=report.school, zone=report.zone, preamble=preamble, sections=sections,
    )


def _requirements(items: Sequence[Item]) -> ItemList:
    """Each problem to rectify as a numbered paragraph: its matter, the problem, what is
    required and by when."""
    return ItemList(items=[
        Paragraph(title=item.matter, text=f"{item.problem.rstrip('。；;')}。"
                  + (f"整改要求：{item.requirement.rstrip('。；;')}。" if item.requirement else "")
                  + f"整改期限：{_deadline(item)}。")
        for item in items
    ], numbering="1.")


def _open_items(items: Sequence[OpenItem]) -> ItemList:
    """Each open problem as a numbered paragraph led by its matter, as notices list them:
    “1.校园及周边安全。（2026年9月8日督导发现）灭火器过期。整改要求：…。整改期限：…，已逾期52天。”"""
    def paragraph(entry: OpenItem) -> Paragraph:
        item = entry.item
        text = f"（{cn_date(item.found_on)}督导发现）{item.problem.rstrip('。；;')}。"
        if item.requirement:
            text += f"整改要求：{item.requirement.rstrip('。；;')}。"
        text += f"整改期限：{_deadline(item)}"
        text += f"，已逾期{entry.days_overdue}天。" if entry.days_overdue else "。"
        return Paragraph(title=item.matter, text=text)

    return ItemList(items=[paragraph(entry) for entry in items], numbering="1.")


def rectification_notice(school: SchoolRectification, data: InspectionRecords, day: date
                         ) -> RectificationNotice:
    """The 整改通知书 listing one school's open items as of ``day``."""
    overdue = len(school.overdue)
    preamble = (
        f"截至{cn_date(day)}，责任督学在经常性督导中发现你校以下{len(school.items)}个问题尚未整改到位"
        + (f"，其中{overdue}个已超过整改期限" if overdue else "")
        + "。现将有关问题及整改要求通知如下，请认真落实。"
    )
    return RectificationNotice(
        title="整改通知书", recipients=[school.school], issuer=data.issuer, date=day,
        school=school.school, preamble=preamble,
        sections=[Section(title="未整改问题", text=[_open_items(school.items)]),
                  Section(title="整改要求", text=(
                      "请你校对照以上问题逐项制定整改措施，明确责任人和完成时限，在整改期限内整改到位，"
                      "并将整改报告及佐证材料报送责任督学。逾期未整改的，将按规定予以督办、警示直至查办。"))],
    )


def escalation_notice(notice: Escalated, data: InspectionRecords, day: date) -> EscalationNotice:
    """The 督办/警示/查办通知单 of one school at one level."""
    fewest = min(e.days_overdue for e in notice.items)
    preamble = (
        f"经跟踪核查，截至{cn_date(day)}，你校以下{len(notice.items)}个督导问题已逾期"
        f"{fewest}天以上仍未整改到位。"
        + NOTICE_ACTIONS[notice.level.color].format(office=data.issuer.name)
    )
    return EscalationNotice(
        title=notice.level.name, recipients=[notice.school], issuer=data.issuer, date=day,
        school=notice.school, level=notice.level, preamble=preamble,
        sections=[Section(title="逾期未整改问题", text=[_open_items(notice.items)])],
    )


def _figures(stats: Statistics) -> str:
    return (
        f"本期共开展经常性督导{stats.visits}校次，督学{stats.inspector_visits}人次，"
        f"覆盖学校（园）{stats.schools_covered}所，占{stats.schools_total}所的{stats.coverage}%；"
        f"发现问题{stats.problems}个，已整改{stats.rectified}个，正在整改{stats.in_progress}个，"
        f"整改率{stats.rectification_rate}%；逾期未整改问题{len(stats.overdue)}个。"
    )


TABLE_WIDTHS: dict[str, list[float]] = {"责任区": [1.6, 1.1, 1.3, 1.3, 1.2],
                                       "督导事项": [4.0, 1.2, 1.2, 1.2]}
"""Relative column widths of the summary's tables (the months table is as wide as its zones)."""


def _document_table(table: FigureTable) -> Table:
    def cells(row: tuple[Figure, ...]) -> list[str]:
        return [f"{value}%" if i in table.percent else str(value) for i, value in enumerate(row)]

    widths = TABLE_WIDTHS.get(table.sheet) or [1.8, *(1.0 for _ in table.columns[1:-1]), 0.8]
    return Table(title=table.title, columns=list(table.columns),
                 rows=[cells(row) for row in table.all_rows], widths=widths)


def _statistics_sections(stats: Statistics) -> list[Section]:
    zones, months, matters = (_document_table(t) for t in figure_tables(stats))
    return [Section(title="督导覆盖情况", text=_figures(stats), table=zones),
            Section(title="月度督导情况", table=months),
            Section(title="问题整改情况", table=matters)]


def summary_document(stats: Statistics, data: InspectionRecords, day: date,
                     zone: str | None = None) -> Summary:
    """The 工作总结: narrative from the data file, figures and tables from ``stats``."""
    text = data.summary
    scope = zone or data.district
    # the lists keep the “1.” numbering summaries have always had under their 一、 headings
    lists = [("工作亮点", text.highlights), ("存在不足", text.shortcomings),
             ("下一步工作打算", text.next_steps)]
    sections = [
        Section(title="主要工作", text="\n\n".join(text.work_done),
                sections=_statistics_sections(stats)),
        *(Section(title=title, text=[_enumerate(items, "1.")]) for title, items in lists if items),
    ]
    return Summary(
        title=f"{scope}{stats.period.label}教育督导工作总结", issuer=data.issuer, date=day,
        sections=[s for s in sections if s.text or s.sections],
    )
