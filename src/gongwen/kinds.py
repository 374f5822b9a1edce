"""Document kinds: each declared once, with everything gongwen needs to know about it.

A :class:`Kind` names its model (whose ``kind`` field is the name data files use), how its
body is laid out — an official document's :class:`~gongwen.derive.outline.Outline` or a
form's :class:`~gongwen.derive.forms.FormLayout` —, whether it also draws an .xlsx
workbook in code, and which further files each document brings (a schedule's calendars).
Its templates are found by the registry through their manifests' ``kind``.

To add a kind: write its model (``models/``), declare it in :data:`KINDS`, give it a
template (``templates/``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from typing import Any

from openpyxl import Workbook

from . import models as m
from .derive import forms
from .derive.calendar import calendar_outline, numbered_months
from .derive.forms import FormLayout
from .derive.outline import Outline, build_outline
from .derive.schedule import (
    calendar_events,
    calendar_for,
    inspector_outline,
    inspector_visits,
    month_windows,
    schedule_outline,
    schedule_rows,
)
from .loaders.calendar_file import published_events
from .models import forms as f
from .models.base import Document
from .naming import safe_stem, unique_stems
from .render.data_file import SCHEDULE_FILE, schedule_yaml
from .render.forms_xlsx import form_workbook
from .render.ics import inspector_calendar
from .render.schedule_xlsx import calendar_workbook, inspector_workbook, schedule_workbook

Layout = Outline | FormLayout


@dataclass(frozen=True)
class Extra:
    """A further file a document brings (a calendar, a data file): its name in the output
    directory and the function producing its bytes from those of the file it replaces (None
    when there is none) — a calendar carries on the versions of its events."""

    name: str
    produce: Callable[[bytes | None], bytes]


@dataclass(frozen=True)
class Kind:
    """One document kind."""

    model: type[Document]
    label: str  # what users call it: 年度工作计划, 行事历 …
    outline: Callable[[Any], Outline] | None = None  # an official document's body
    form: Callable[[Any], FormLayout] | None = None  # a form's grid
    workbook: Callable[[Any, Layout], Workbook] | None = None  # an .xlsx drawn in code
    extras: Callable[[Any], Sequence[Extra]] | None = None  # further files per document

    @property
    def name(self) -> str:
        """The ``kind`` data files write."""
        return str(self.model.model_fields["kind"].default)

    @property
    def renders(self) -> bool:
        """False for data that commands read rather than render (督导记录)."""
        return self.outline is not None or self.form is not None

    @property
    def formats(self) -> tuple[str, ...]:
        """The output formats of this kind."""
        if not self.renders:
            return ()
        return ("docx", "pdf", "md", "html", *(("xlsx",) if self.workbook else ()))

    def layout(self, document: Any) -> Layout:
        """The document's body outline or form grid."""
        if self.form is not None:
            return self.form(document)
        if self.outline is not None:
            return self.outline(document)
        raise ValueError(f"“{self.label}”（{self.name}）是数据，不能直接排版")


def _form(model: type[Document], label: str, layout: Callable[[Any], FormLayout]) -> Kind:
    return Kind(model, label, form=layout, workbook=lambda _, grid: form_workbook(grid))


def _calendar_workbook(calendar: m.TaskCalendar, outline: Layout) -> Workbook:
    return calendar_workbook(calendar, numbered_months(calendar), outline.parts)  # type: ignore[union-attr]


def _schedule_workbook(schedule: m.VisitSchedule, _: Layout) -> Workbook:
    windows = month_windows(schedule, calendar_for(schedule))
    return schedule_workbook(schedule, schedule_rows(schedule), windows, inspector_visits(schedule))


def _calendars(schedule: m.VisitSchedule, visits: Sequence[tuple[str, Sequence[m.Visit]]]) -> list[Extra]:
    """One .ics per inspector, carrying on from the calendar it replaces (see
    :func:`~gongwen.derive.schedule.calendar_events`)."""
    stems = unique_stems([safe_stem(name) for name, _ in visits])

    def calendar(name: str, own: Sequence[m.Visit], previous: bytes | None) -> bytes:
        now = datetime.now(timezone.utc).replace(microsecond=0)
        return inspector_calendar(calendar_events(schedule, name, own, published_events(previous), now))

    return [Extra(f"{stem}.ics", partial(calendar, name, own))
            for (name, own), stem in zip(visits, stems, strict=True)]


def _schedule_extras(schedule: m.VisitSchedule) -> list[Extra]:
    """One .ics per inspector with visits, and the schedule itself to edit and check again."""
    yaml_file = Extra(SCHEDULE_FILE, lambda _: schedule_yaml(schedule).encode("utf-8"))
    return [*_calendars(schedule, inspector_visits(schedule)), yaml_file]


def _inspector_extras(document: m.InspectorSchedule) -> list[Extra]:
    """The inspector's .ics."""
    own = dict(inspector_visits(document.schedule)).get(document.inspector, [])
    return _calendars(document.schedule, [(document.inspector, own)])


def _inspector_workbook(document: m.InspectorSchedule, _: Layout) -> Workbook:
    schedule = document.schedule
    own = dict(inspector_visits(schedule)).get(document.inspector, [])
    windows = month_windows(schedule, calendar_for(schedule))
    return inspector_workbook(schedule, document.inspector, own, windows)


def _official(plan: m.Plan) -> Outline:
    """A plan-like document's outline, its attached forms laid out as their kinds lay them out."""
    return build_outline(plan, lambda form: BUILT_IN.of(form).layout(form))  # type: ignore[return-value]


KINDS: tuple[Kind, ...] = (
    Kind(m.Plan, "年度工作计划", outline=_official),
    Kind(m.WorkScheme, "工作方案", outline=_official),
    Kind(m.GeneralDocument, "公文", outline=_official),
    Kind(m.Regulation, "办法（制度）", outline=_official),
    Kind(m.Report, "经验材料（报告）", outline=_official),
    Kind(m.Notice, "通知", outline=_official),
    Kind(m.VisitReport, "视导报告", outline=_official),
    Kind(m.RectificationNotice, "整改通知书", outline=_official),
    Kind(m.EscalationNotice, "督办（警示、查办）通知单", outline=_official),
    Kind(m.Summary, "工作总结", outline=_official),
    Kind(m.TaskCalendar, "行事历", outline=calendar_outline, workbook=_calendar_workbook),
    Kind(m.VisitSchedule, "视导时间安排表", outline=schedule_outline, workbook=_schedule_workbook,
         extras=_schedule_extras),
    Kind(m.InspectorSchedule, "督学视导月历", outline=inspector_outline, workbook=_inspector_workbook,
         extras=_inspector_extras),
    _form(f.LeaderCheck, "领导干部检查督查情况表", forms.leader_check_layout),
    _form(f.ExecutionPlan, "监督检查执行方案", forms.execution_plan_layout),
    _form(f.RecordSheet, "督导工作记录单", forms.record_sheet_layout),
    _form(f.DivisionTable, "责任分工表", forms.division_table_layout),
    _form(f.NoticeBoard, "督学挂牌督导公示牌", forms.notice_board_layout),
    Kind(m.InspectionRecords, "督导记录"),
)
"""Every built-in document kind."""


class Kinds:
    """A set of kinds by name: the built-ins, or those a caller declares."""

    def __init__(self, kinds: Iterable[Kind] = KINDS) -> None:
        self._by_name = {kind.name: kind for kind in kinds}

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._by_name.values())

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def get(self, name: str) -> Kind:
        """The kind called ``name``; KeyError naming the known ones."""
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(f"未知的文档类型“{name}”，可用：{'、'.join(self._by_name)}") from None

    def of(self, document: Document) -> Kind:
        """The kind of a document."""
        return self.get(document.kind)

    def models(self) -> Mapping[str, type[Document]]:
        """Name → model: what data files may name in ``kind`` (for the loaders)."""
        return {name: kind.model for name, kind in self._by_name.items()}


BUILT_IN = Kinds()
"""The built-in kinds."""
