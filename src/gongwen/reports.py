"""Library entry points for inspection records: visit reports, notices and summaries.

::

    import gongwen.reports as reports

    data = reports.load_records("examples/records.yaml")
    reports.render_visit_reports(data, "out", period="2026-10", zone="第一责任区")
    reports.render_notices(data, "out", today=date(2026, 11, 22))
    reports.render_summary(data, "out", today=date(2026, 11, 22))
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from markupsafe import Markup
from pydantic import ValidationError

from .batch import BatchResult, Job, render_many
from .derive.rectification import escalation_notices, rectification_by_school
from .derive.report_documents import (
    escalation_notice,
    rectification_notice,
    summary_document,
    visit_report_document,
)
from .derive.statistics import compute_statistics, figure_tables, overview
from .derive.visit_report import visit_reports
from .errors import OptionError
from .kinds import Extra
from .loaders import load
from .loaders.messages import problems_from
from .models.dates import DateRange
from .models.records import InspectionRecords
from .naming import output_stem
from .render.docx.charts import add_charts
from .render.xlsx.stats import chart_parts, statistics_workbook
from .render.xlsx.workbook import workbook_bytes
from .renderer import Renderer

Source = InspectionRecords | str | Path


def load_records(path: str | Path) -> InspectionRecords:
    """A ``kind: records`` data file, its ledgers' records merged in."""
    records = load(path, InspectionRecords)
    assert isinstance(records, InspectionRecords)
    return records


def _scope(
    source: Source, period: DateRange | str | None, zone: str | None
) -> tuple[InspectionRecords, DateRange]:
    """The records and the period asked for; an unusable period or zone is an OptionError."""
    data = source if isinstance(source, InspectionRecords) else load_records(source)
    if isinstance(period, str):
        try:
            period = DateRange.model_validate(period)
        except ValidationError as exc:
            raise OptionError("period", "；".join(p.message for p in problems_from(exc))) from None
    if zone is not None and zone not in {z.name for z in data.zones}:
        known = "、".join(z.name for z in data.zones)
        raise OptionError("zone", f"没有名为“{zone}”的责任区，可用：{known}")
    return data, period or data.period


def render_visit_reports(
    source: Source, outdir: str | Path, *, period: DateRange | str | None = None,
    zone: str | None = None, today: date | None = None, renderer: Renderer | None = None,
    formats: Sequence[str] = ("docx",), booklet: str | Path | None = None, force: bool = False,
) -> BatchResult:
    """One 视导报告 per school visited in the period (and zone), in each format."""
    data, period = _scope(source, period, zone)
    day = today or date.today()
    jobs = [Job(visit_report_document(r, data, day)) for r in visit_reports(data, period, zone)]
    return render_many(jobs, outdir, formats, booklet=booklet, force=force, renderer=renderer)


def render_notices(
    source: Source, outdir: str | Path, *, period: DateRange | str | None = None,
    zone: str | None = None, today: date | None = None, renderer: Renderer | None = None,
    formats: Sequence[str] = ("docx",), booklet: str | Path | None = None, force: bool = False,
) -> BatchResult:
    """A 整改通知书 per school with open items, and a 督办/警示/查办通知单 per school and
    level reached by its overdue items as of ``today``."""
    data, period = _scope(source, period, zone)
    day = today or date.today()
    schools = rectification_by_school(data, day, period, zone)
    notices = [rectification_notice(school, data, day) for school in schools]
    notices += [escalation_notice(e, data, day) for e in escalation_notices(schools, data.escalation)]
    jobs = [Job(notice, stem=f"{notice.school}{notice.title}") for notice in notices]
    return render_many(jobs, outdir, formats, booklet=booklet, force=force, renderer=renderer)


def render_summary(
    source: Source, outdir: str | Path, *, period: DateRange | str | None = None,
    zone: str | None = None, today: date | None = None, renderer: Renderer | None = None,
    formats: Sequence[str] = ("docx",), booklet: str | Path | None = None, force: bool = False,
) -> BatchResult:
    """The 工作总结 .docx (tables and native charts) and its .xlsx statistics workbook,
    always; its PDF (charts included), Markdown and HTML when asked for."""
    data, period = _scope(source, period, zone)
    day = today or date.today()
    stats = compute_statistics(data, day, period, zone)
    document = summary_document(stats, data, day, zone)
    book = statistics_workbook(stats, figure_tables(stats), overview(stats))
    charts = chart_parts(book, day)
    workbook = Extra(f"{output_stem(document)}统计表.xlsx", lambda: workbook_bytes(book, stats.today))
    job = Job(document, extras=(workbook,),
              inputs=hashlib.sha256(repr(stats).encode("utf-8")).hexdigest(),
              extra_context=lambda package: {"charts": Markup(add_charts(package, *charts))})
    return render_many([job], outdir, ["docx", *formats], booklet=booklet, force=force,
                       renderer=renderer)


__all__ = [
    "load_records",
    "render_notices",
    "render_summary",
    "render_visit_reports",
]
