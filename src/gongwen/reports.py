"""Library entry points for inspection records: visit reports, notices and summaries.

Each takes ``executor=`` (a Dask ``distributed.Client``, a process pool) to render its
documents there; see :func:`gongwen.batch.render_many` and :mod:`gongwen.cluster`.

::

    import gongwen.reports as reports

    data = reports.load_records("examples/records.yaml")    # or a 督导数据.xlsx workbook
    reports.render_visit_reports(data, "out", period="2026-10", zone="第一责任区")
    reports.render_notices(data, "out", today=date(2026, 11, 22))
    reports.render_summary(data, "out", today=date(2026, 11, 22))
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from pydantic import ValidationError

from .batch import BatchResult, Job, ProgressCallback, render_many
from .derive.rectification import escalation_notices, rectification_by_school
from .derive.report_documents import (
    escalation_notice,
    rectification_notice,
    summary_document,
    visit_report_document,
)
from .derive.statistics import compute_statistics, figure_tables, overview
from .derive.visit_report import left_out, visit_reports
from .errors import Caution, OptionError
from .kinds import Extra
from .loaders import read_data, validate
from .loaders.messages import problems_from
from .models.dates import DateRange
from .models.records import InspectionRecords
from .naming import output_stem
from .renderer import Renderer

if TYPE_CHECKING:
    from .render.docx.package import Package

Source = InspectionRecords | str | Path


def load_records(
    path: str | Path, *, district: str | None = None, issuer: str | None = None,
    period: DateRange | None = None,
) -> InspectionRecords:
    """A district's records: a data workbook (督导数据.xlsx, see ``gongwen init``) or a
    ``kind: records`` YAML/JSON file with its ledgers merged in. ``district`` and ``issuer``
    (the office's name) replace the file's; ``period`` stands in when the file names none."""
    from .loaders.workbook_records import is_data_workbook, read_data_workbook  # openpyxl

    if is_data_workbook(path):
        return read_data_workbook(path, district=district, issuer=issuer, period=period)
    path = Path(path)
    data, lines = read_data(path)
    if isinstance(data, dict):
        data = dict(data)
        if district:
            data["district"] = district
        if issuer:
            named = data.get("issuer")
            data["issuer"] = {**named, "name": issuer} if isinstance(named, dict) else issuer
        if period is not None and "period" not in data:
            data["period"] = period
    records = validate(data, InspectionRecords, str(path), lines, base_dir=path.parent)
    assert isinstance(records, InspectionRecords)
    return records


@dataclass(frozen=True)
class _Scope:
    """What a call covers: the records, the period, the zone and inspector asked for."""

    data: InspectionRecords
    period: DateRange
    zone: str | None
    inspector: str | None
    own_period: bool  # the data's own period, not one the caller narrowed it to
    name: str  # the source, as warnings name it

    def warnings(self, until: date | None = None) -> list[Caution]:
        """Each record in scope that the documents do not count, with where it is written."""
        return [
            Caution(left.reason, left.record.origin, code=left.code, source=self.name)
            for left in left_out(self.data, self.period, self.zone, self.inspector, until,
                                 outside_period=self.own_period)
        ]


def _period(period: DateRange | str | None) -> DateRange | None:
    if not isinstance(period, str):
        return period
    try:
        return DateRange.model_validate(period)
    except ValidationError as exc:
        raise OptionError("period", "；".join(p.message for p in problems_from(exc))) from None


def _scope(
    source: Source, period: DateRange | str | None, zone: str | None, inspector: str | None = None,
    district: str | None = None, issuer: str | None = None,
) -> _Scope:
    """The records and what is asked of them; an unusable period, zone or inspector is an
    OptionError."""
    period = _period(period)
    if isinstance(source, InspectionRecords):
        data, name = source, ""
    else:
        data = load_records(source, district=district, issuer=issuer, period=period)
        name = str(source)
    if zone is not None and zone not in {z.name for z in data.zones}:
        known = "、".join(z.name for z in data.zones)
        raise OptionError("zone", f"没有名为“{zone}”的责任区，可用：{known}")
    if inspector is not None and inspector not in data.inspector_names():
        from .loaders.ledger import suggest

        names = data.inspector_names()
        raise OptionError("inspector", f"没有名为“{inspector}”的督学（可用：{'、'.join(names)}）"
                                       f"{suggest(inspector, names)}")
    own = period is None or (period.start, period.end) == (data.period.start, data.period.end)
    return _Scope(data, period or data.period, zone, inspector, own, name)


def _prepare(renderer: Renderer | None, formats: Sequence[str], executor: Any,
             documents: int | None = None) -> None:
    """Start the caller's PDF workers while the records load (see ``Renderer.prepare_pdf``),
    unless the documents are made on an executor's workers."""
    if renderer is not None and executor is None:
        renderer.prepare_pdf(formats, documents)


def _warned(result: BatchResult, warnings: list[Caution]) -> BatchResult:
    """The batch's result with the records it left out named first among its warnings."""
    result.warnings[:0] = warnings
    return result


def render_visit_reports(
    source: Source, outdir: str | Path, *, period: DateRange | str | None = None,
    zone: str | None = None, inspector: str | None = None, today: date | None = None,
    renderer: Renderer | None = None, formats: Sequence[str] = ("docx",),
    booklet: str | Path | None = None, force: bool = False, district: str | None = None,
    issuer: str | None = None, progress: ProgressCallback | None = None,
    executor: Any = None,
) -> BatchResult:
    """One 视导报告 per school visited in the period (and zone); with ``inspector``, per
    school that inspector visited, from those visits. Records outside the period are
    warnings of the result, each naming where it is written."""
    _prepare(renderer, formats, executor)
    scope = _scope(source, period, zone, inspector, district, issuer)
    day = today or date.today()
    jobs = [Job(visit_report_document(r, scope.data, day))
            for r in visit_reports(scope.data, scope.period, zone, inspector)]
    result = render_many(jobs, outdir, formats, booklet=booklet, force=force, renderer=renderer,
                         progress=progress, executor=executor)
    return _warned(result, scope.warnings())


def render_notices(
    source: Source, outdir: str | Path, *, period: DateRange | str | None = None,
    zone: str | None = None, today: date | None = None, renderer: Renderer | None = None,
    formats: Sequence[str] = ("docx",), booklet: str | Path | None = None, force: bool = False,
    district: str | None = None, issuer: str | None = None, progress: ProgressCallback | None = None,
    executor: Any = None,
) -> BatchResult:
    """A 整改通知书 per school with open items, and a 督办/警示/查办通知单 per school and
    level reached by its overdue items as of ``today``; records outside the period or after
    ``today`` are warnings of the result."""
    _prepare(renderer, formats, executor)
    scope = _scope(source, period, zone, district=district, issuer=issuer)
    data, day = scope.data, today or date.today()
    schools = rectification_by_school(data, day, scope.period, zone)
    notices = [rectification_notice(school, data, day) for school in schools]
    notices += [escalation_notice(e, data, day) for e in escalation_notices(schools, data.escalation)]
    jobs = [Job(notice, stem=f"{notice.school}{notice.title}") for notice in notices]
    result = render_many(jobs, outdir, formats, booklet=booklet, force=force, renderer=renderer,
                         progress=progress, executor=executor)
    return _warned(result, scope.warnings(day))


def _charts(charts: tuple[Any, ...], package: Package) -> dict[str, Any]:
    """The summary's native charts added to its .docx package (a function, so that a job
    carrying it can be sent to a worker process)."""
    from .render.docx.charts import add_charts

    return {"charts": Markup(add_charts(package, *charts))}


def render_summary(
    source: Source, outdir: str | Path, *, period: DateRange | str | None = None,
    zone: str | None = None, today: date | None = None, renderer: Renderer | None = None,
    formats: Sequence[str] = ("docx",), booklet: str | Path | None = None, force: bool = False,
    district: str | None = None, issuer: str | None = None, progress: ProgressCallback | None = None,
    executor: Any = None,
) -> BatchResult:
    """The 工作总结 .docx (tables and native charts) and its .xlsx statistics workbook,
    always; its PDF (charts included), Markdown and HTML when asked for. Records outside the
    period or after ``today`` are not counted, and are warnings of the result."""
    from .render.xlsx.stats import chart_parts, statistics_workbook
    from .render.xlsx.workbook import workbook_bytes

    _prepare(renderer, formats, executor, 1)
    scope = _scope(source, period, zone, district=district, issuer=issuer)
    data, day = scope.data, today or date.today()
    stats = compute_statistics(data, day, scope.period, zone)
    document = summary_document(stats, data, day, zone)
    book = statistics_workbook(stats, figure_tables(stats), overview(stats))
    charts = chart_parts(book, day)
    workbook = Extra(f"{output_stem(document)}统计表.xlsx", lambda _: workbook_bytes(book, stats.today))
    job = Job(document, extras=(workbook,),
              inputs=hashlib.sha256(repr(stats).encode("utf-8")).hexdigest(),
              extra_context=partial(_charts, charts))
    result = render_many([job], outdir, ["docx", *formats], booklet=booklet, force=force,
                         renderer=renderer, progress=progress, executor=executor)
    return _warned(result, scope.warnings(day))


__all__ = [
    "load_records",
    "render_notices",
    "render_summary",
    "render_visit_reports",
]
