"""Library entry points for inspection records: visit reports, notices and summaries.

::

    import gongwen.reports as reports

    data = reports.load_records("examples/records.yaml")
    reports.render_visit_reports(data, "out", period="2026-10", zone="第一责任区")
    reports.render_notices(data, "out", today=date(2026, 11, 22))
    reports.render_summary(data, "out", today=date(2026, 11, 22))
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from markupsafe import Markup
from pydantic import ValidationError

from .api import BatchResult, Job, Renderer, using
from .derive.rectification import escalation_notices, rectification_by_school
from .derive.report_documents import (
    escalation_notice,
    rectification_notice,
    summary_document,
    visit_report_document,
)
from .derive.statistics import compute_statistics
from .derive.visit_report import visit_reports
from .errors import DataError, Problem
from .loaders.ledger import load_records
from .loaders.messages import problems_from
from .models.records import InspectionRecords, Period
from .naming import output_stem
from .render.docx_charts import add_charts
from .render.stats_xlsx import chart_parts, write_statistics_xlsx

Source = InspectionRecords | str | Path


def _scope(
    source: Source, period: Period | str | None, zone: str | None
) -> tuple[InspectionRecords, Period]:
    """The records and the period asked for, with bad options reported as data errors."""
    data = source if isinstance(source, InspectionRecords) else load_records(source)
    if isinstance(period, str):
        try:
            period = Period.model_validate(period)
        except ValidationError as exc:
            raise DataError("--period", [Problem(p.message) for p in problems_from(exc)]) from None
    if zone is not None and zone not in {z.name for z in data.zones}:
        known = "、".join(z.name for z in data.zones)
        raise DataError("--zone", [Problem(f"没有名为“{zone}”的责任区，可用：{known}")])
    return data, period or data.period


def render_visit_reports(
    source: Source, outdir: str | Path, *, period: Period | str | None = None,
    zone: str | None = None, today: date | None = None, renderer: Renderer | None = None,
    formats: Sequence[str] = ("docx",), booklet: str | Path | None = None,
) -> BatchResult:
    """One 视导报告 per school visited in the period (and zone), in each format."""
    data, period = _scope(source, period, zone)
    day = today or date.today()
    jobs = [Job(visit_report_document(r, data, day)) for r in visit_reports(data, period, zone)]
    with using(renderer) as active:
        return active.render_many(jobs, outdir, formats, booklet)


def render_notices(
    source: Source, outdir: str | Path, *, period: Period | str | None = None,
    zone: str | None = None, today: date | None = None, renderer: Renderer | None = None,
    formats: Sequence[str] = ("docx",), booklet: str | Path | None = None,
) -> BatchResult:
    """A 整改通知书 per school with open items, and a 督办/警示/查办通知单 per school and
    level reached by its overdue items as of ``today``."""
    data, period = _scope(source, period, zone)
    day = today or date.today()
    schools = rectification_by_school(data, day, period, zone)
    notices = [rectification_notice(school, data, day) for school in schools]
    notices += [escalation_notice(e, data, day) for e in escalation_notices(schools, data.escalation)]
    jobs = [Job(notice, stem=f"{notice.school}{notice.title}") for notice in notices]
    with using(renderer) as active:
        return active.render_many(jobs, outdir, formats, booklet)


def render_summary(
    source: Source, outdir: str | Path, *, period: Period | str | None = None,
    zone: str | None = None, today: date | None = None, renderer: Renderer | None = None,
    formats: Sequence[str] = ("docx",), booklet: str | Path | None = None,
) -> BatchResult:
    """The 工作总结 .docx (tables and native charts) and its .xlsx statistics workbook,
    always; its PDF (charts included), Markdown and HTML when asked for."""
    data, period = _scope(source, period, zone)
    day = today or date.today()
    stats = compute_statistics(data, day, period, zone)
    document = summary_document(stats, data, day, zone)
    charts = chart_parts(stats)
    job = Job(document, extra_context=lambda package: {"charts": Markup(add_charts(package, *charts))})
    with using(renderer) as active:
        result = active.render_many([job], outdir, ["docx", *formats], booklet)
    stem = output_stem(document)
    result.outputs.append(write_statistics_xlsx(stats, Path(outdir) / f"{stem}统计表.xlsx"))
    return result


__all__ = [
    "load_records",
    "render_notices",
    "render_summary",
    "render_visit_reports",
]
