"""Document kinds: each declared once, with everything gongwen needs to know about it.

A :class:`Kind` names its model (whose ``kind`` field is the name data files use), how its
body is laid out — an official document's :class:`~gongwen.derive.outline.Outline` or a
form's :class:`~gongwen.derive.forms.FormLayout` —, whether it also draws an .xlsx
workbook in code, and which further files each document brings (a schedule's calendars).
Its templates are found by the registry through their manifests' ``kind``.

The built-ins name their models and functions as ``"module:name"``, imported when a
document of the kind is first met, so that loading a notice imports the notice model alone.

To add a kind: write its model (``models/``), declare it in :data:`KINDS`, give it a
template (``templates/``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from typing import TYPE_CHECKING, Any

from .naming import safe_stem, unique_stems

if TYPE_CHECKING:  # imported when a kind uses them, so that each kind loads only its own
    from openpyxl import Workbook

    from .derive.forms import FormLayout
    from .derive.outline import Outline
    from .models.base import Document
    from .models.calendar import TaskCalendar
    from .models.plan import Plan
    from .models.schedule import InspectorSchedule, Visit, VisitSchedule

    Layout = Outline | FormLayout


def imported(where: str) -> Any:
    """What ``"package.module:name"`` names, imported."""
    module, _, name = where.partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass(frozen=True)
class Imported:
    """A function named ``"package.module:name"``, imported when first called."""

    where: str

    def __call__(self, *args: Any) -> Any:
        return imported(self.where)(*args)


@dataclass(frozen=True)
class Extra:
    """A further file a document brings (a calendar, a data file): its name in the output
    directory and the function producing its bytes from those of the file it replaces (None
    when there is none) — a calendar carries on the versions of its events."""

    name: str
    produce: Callable[[bytes | None], bytes]


class Kind:
    """One document kind.

    ``model`` is the model class or where it is (``"gongwen.models.documents:Notice"``,
    then with the ``kind`` its data files write as ``name``); ``outline``, ``form``,
    ``workbook`` and ``extras`` are functions or where they are, imported when first used.
    """

    __slots__ = ("_model", "_name", "extras", "form", "label", "outline", "workbook")

    def __init__(
        self,
        model: type[Document] | str,
        label: str,  # what users call it: 年度工作计划, 行事历 …
        outline: Callable[[Any], Outline] | str | None = None,  # an official document's body
        form: Callable[[Any], FormLayout] | str | None = None,  # a form's grid
        workbook: Callable[[Any, Layout], Workbook] | str | None = None,  # an .xlsx drawn in code
        extras: Callable[[Any], Sequence[Extra]] | str | None = None,  # further files per document
        *,
        name: str | None = None,
    ) -> None:
        if isinstance(model, str) and name is None:
            raise ValueError(f"Kind({model!r}, …) names its model by module: give name= too")
        self._model = model
        self._name = name
        self.label = label
        self.outline = _function(outline)
        self.form = _function(form)
        self.workbook = _function(workbook)
        self.extras = _function(extras)

    def __repr__(self) -> str:
        return f"Kind({self.name!r}, {self.label!r})"

    @property
    def model(self) -> type[Document]:
        """The model class (imported on first use)."""
        if isinstance(self._model, str):
            self._model = imported(self._model)
        return self._model  # type: ignore[return-value]

    @property
    def name(self) -> str:
        """The ``kind`` data files write."""
        if self._name is None:
            self._name = str(self.model.model_fields["kind"].default)
        return self._name

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


def _function(function: Callable[..., Any] | str | None) -> Callable[..., Any] | None:
    return Imported(function) if isinstance(function, str) else function


def _form_workbook(_: Any, grid: Layout) -> Workbook:
    from .render.xlsx.forms import form_workbook

    return form_workbook(grid)  # type: ignore[arg-type]


def _form(name: str, model: str, label: str, layout: str) -> Kind:
    return Kind(f"gongwen.models.forms:{model}", label, form=f"gongwen.derive.forms:{layout}",
                workbook=_form_workbook, name=name)


def _calendar_workbook(calendar: TaskCalendar, outline: Layout) -> Workbook:
    from .derive.calendar import numbered_months
    from .render.xlsx.schedule import calendar_workbook

    return calendar_workbook(calendar, numbered_months(calendar), outline.parts)  # type: ignore[union-attr]


def _visits(schedule: VisitSchedule) -> VisitSchedule:
    """The schedule with its visits: those it has, else generated by its rules."""
    from .derive.schedule import generate_schedule

    return schedule if schedule.visits else generate_schedule(schedule)


def _schedule_outline(schedule: VisitSchedule) -> Outline:
    from .derive.schedule import schedule_outline

    return schedule_outline(_visits(schedule))


def _schedule_workbook(schedule: VisitSchedule, _: Layout) -> Workbook:
    from .derive.schedule import calendar_for, inspector_visits, month_windows, schedule_rows
    from .render.xlsx.schedule import schedule_workbook

    schedule = _visits(schedule)
    windows = month_windows(schedule, calendar_for(schedule))
    return schedule_workbook(schedule, schedule_rows(schedule), windows, inspector_visits(schedule))


def _calendars(schedule: VisitSchedule, visits: Sequence[tuple[str, Sequence[Visit]]]) -> list[Extra]:
    """One .ics per inspector, carrying on from the calendar it replaces (see
    :func:`~gongwen.derive.schedule.calendar_events`)."""
    stems = unique_stems([safe_stem(name) for name, _ in visits])

    def calendar(name: str, own: Sequence[Visit], previous: bytes | None) -> bytes:
        from .derive.schedule import calendar_events
        from .loaders.calendar_file import published_events
        from .render.ics import inspector_calendar

        now = datetime.now(timezone.utc).replace(microsecond=0)
        return inspector_calendar(calendar_events(schedule, name, own, published_events(previous), now))

    return [Extra(f"{stem}.ics", partial(calendar, name, own))
            for (name, own), stem in zip(visits, stems, strict=True)]


def _schedule_extras(schedule: VisitSchedule) -> list[Extra]:
    """One .ics per inspector with visits, and the schedule itself to edit and check again."""
    from .derive.schedule import inspector_visits
    from .render.data_file import SCHEDULE_FILE, schedule_yaml

    schedule = _visits(schedule)
    yaml_file = Extra(SCHEDULE_FILE, lambda _: schedule_yaml(schedule).encode("utf-8"))
    return [*_calendars(schedule, inspector_visits(schedule)), yaml_file]


def _inspector_extras(document: InspectorSchedule) -> list[Extra]:
    """The inspector's .ics."""
    from .derive.schedule import inspector_visits

    own = dict(inspector_visits(document.schedule)).get(document.inspector, [])
    return _calendars(document.schedule, [(document.inspector, own)])


def _inspector_workbook(document: InspectorSchedule, _: Layout) -> Workbook:
    from .derive.schedule import calendar_for, inspector_visits, month_windows
    from .render.xlsx.schedule import inspector_workbook

    schedule = document.schedule
    own = dict(inspector_visits(schedule)).get(document.inspector, [])
    windows = month_windows(schedule, calendar_for(schedule))
    return inspector_workbook(schedule, document.inspector, own, windows)


def _official(plan: Plan) -> Outline:
    """A plan-like document's outline, its attached forms laid out as their kinds lay them out."""
    from .derive.outline import build_outline

    return build_outline(plan, lambda form: BUILT_IN.of(form).layout(form))  # type: ignore[return-value]


def _document(name: str, model: str, label: str) -> Kind:
    """An official document (公文) whose model is ``model`` in ``gongwen.models``."""
    return Kind(f"gongwen.models.{model}", label, outline=_official, name=name)


KINDS: tuple[Kind, ...] = (
    _document("annual-plan", "plan:Plan", "年度工作计划"),
    _document("work-scheme", "plan:WorkScheme", "工作方案"),
    _document("document", "documents:GeneralDocument", "公文"),
    _document("regulation", "documents:Regulation", "办法（制度）"),
    _document("report", "documents:Report", "经验材料（报告）"),
    _document("notice", "documents:Notice", "通知"),
    _document("visit-report", "reports:VisitReport", "视导报告"),
    _document("rectification-notice", "reports:RectificationNotice", "整改通知书"),
    _document("escalation-notice", "reports:EscalationNotice", "督办（警示、查办）通知单"),
    _document("summary", "reports:Summary", "工作总结"),
    Kind("gongwen.models.calendar:TaskCalendar", "行事历", name="calendar",
         outline="gongwen.derive.calendar:calendar_outline", workbook=_calendar_workbook),
    Kind("gongwen.models.schedule:VisitSchedule", "视导时间安排表", name="schedule",
         outline=_schedule_outline, workbook=_schedule_workbook, extras=_schedule_extras),
    Kind("gongwen.models.schedule:InspectorSchedule", "督学视导月历", name="inspector-schedule",
         outline="gongwen.derive.schedule:inspector_outline", workbook=_inspector_workbook,
         extras=_inspector_extras),
    _form("leader-check", "LeaderCheck", "领导干部检查督查情况表", "leader_check_layout"),
    _form("execution-plan", "ExecutionPlan", "监督检查执行方案", "execution_plan_layout"),
    _form("record-sheet", "RecordSheet", "督导工作记录单", "record_sheet_layout"),
    _form("division-table", "DivisionTable", "责任分工表", "division_table_layout"),
    _form("notice-board", "NoticeBoard", "督学挂牌督导公示牌", "notice_board_layout"),
    Kind("gongwen.models.records:InspectionRecords", "督导记录", name="records"),
)
"""Every built-in document kind."""


class _Models(Mapping[str, "type[Document]"]):
    """Kind name → model, each model imported when looked up."""

    def __init__(self, kinds: Mapping[str, Kind]) -> None:
        self._kinds = kinds

    def __getitem__(self, name: str) -> type[Document]:
        return self._kinds[name].model

    def __iter__(self) -> Iterator[str]:
        return iter(self._kinds)

    def __len__(self) -> int:
        return len(self._kinds)


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
        """Name → model: what data files may name in ``kind`` (for the loaders); a model is
        imported when a file of its kind is read."""
        return _Models(self._by_name)


BUILT_IN = Kinds()
"""The built-in kinds."""
