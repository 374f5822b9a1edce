"""Library entry points for visit schedules: generate one, write its outputs, check one.

::

    import gongwen.schedules as schedules

    generated = schedules.generate("examples/schedule.yaml")
    schedules.write_schedule(generated, "out/schedule")
    for problem in schedules.check_file("out/schedule/schedule.yaml"):
        print(problem)

A schedule's outputs are the 视导时间安排表 (.docx and .xlsx, with a month-grid sheet per
inspector), one ``.ics`` calendar per inspector and the schedule itself as YAML
(``schedule.yaml``), which can be edited, checked and published again — its visits kept.
Each inspector's month grids are a document of their own (``inspectors=``, a .docx/PDF).
Every file is written atomically, and only after the whole schedule has been generated.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from pydantic import ValidationError

from .batch import BatchResult, Job, ProgressCallback, render_many
from .derive.schedule import (
    Violation,
    check_schedule,
    generate_schedule,
    inspector_schedule,
    inspector_visits,
)
from .errors import Caution, DataError, OptionError, Problem
from .loaders import load, validate
from .loaders.data import read_data
from .loaders.ledger import suggest
from .loaders.messages import problems_from
from .loaders.schedule_xlsx import read_visits_xlsx
from .models.schedule import CalendarOptions, HolidayYear, VisitSchedule
from .render.data_file import SCHEDULE_FILE
from .renderer import Renderer

SCHEDULE_FORMATS = ("docx", "xlsx")
"""Formats of the 视导时间安排表 written by default."""

Source = VisitSchedule | str | Path
HolidaySource = HolidayYear | str | Path


def _holiday_year(source: HolidaySource) -> HolidayYear:
    if isinstance(source, HolidayYear):
        return source
    try:
        year = load(source, HolidayYear)
    except DataError as exc:
        raise OptionError("holidays", str(exc)) from None
    assert isinstance(year, HolidayYear)
    return year


def load_schedule(source: Source, holidays: Iterable[HolidaySource] = ()) -> VisitSchedule:
    """The schedule data, with more holiday years (files or models) added to its own."""
    schedule = source if isinstance(source, VisitSchedule) else load(source, VisitSchedule)
    assert isinstance(schedule, VisitSchedule)
    extra = [_holiday_year(h) for h in holidays]
    if not extra:
        return schedule
    return schedule.model_copy(update={"holidays": [*schedule.holidays, *extra]})


def generate(source: Source, holidays: Iterable[HolidaySource] = ()) -> VisitSchedule:
    """The schedule with its visits generated; raises DataError, explaining in Chinese which
    zone, month and rule cannot be met, when the data admits no schedule."""
    name = "<数据>" if isinstance(source, VisitSchedule) else str(source)
    return generate_schedule(load_schedule(source, holidays), source=name)


def write_schedule(
    schedule: VisitSchedule,
    outdir: str | Path,
    formats: Sequence[str] = SCHEDULE_FORMATS,
    renderer: Renderer | None = None,
    force: bool = False,
    inspectors: Sequence[str] = (),
    progress: ProgressCallback | None = None,
) -> BatchResult:
    """Write the 视导时间安排表 in ``formats``, one ``.ics`` per inspector and
    ``schedule.yaml`` into ``outdir`` (the schedule kind's further files); with
    ``inspectors``, only each one's month grids (督学视导月历, in ``formats``) and .ics."""
    if inspectors:
        jobs = [Job(inspector_schedule(schedule, _inspector(schedule, name))) for name in inspectors]
    else:
        jobs = [Job(schedule)]
    return render_many(jobs, outdir, formats, force=force, renderer=renderer, progress=progress)


def _inspector(schedule: VisitSchedule, name: str) -> str:
    names = [name for name, _ in inspector_visits(schedule)]
    if name not in names:
        raise OptionError("inspector", f"没有名为“{name}”的督学的视导安排（可用：{'、'.join(names)}）"
                                       f"{suggest(name, names)}")
    return name


def _calendar(schedule: VisitSchedule, time: str | None, remind: str | None) -> VisitSchedule:
    """The schedule with the calendars' time and reminder given by the call."""
    given = {key: value for key, value in (("time", time), ("remind", remind)) if value is not None}
    if not given:
        return schedule
    try:
        options = CalendarOptions.model_validate({**schedule.calendar.model_dump(), **given})
    except ValidationError as exc:
        (problem, *_) = problems_from(exc)
        raise OptionError(problem.location, problem.message) from None
    return schedule.model_copy(update={"calendar": options})


def render_schedule(
    source: Source,
    outdir: str | Path,
    *,
    holidays: Iterable[HolidaySource] = (),
    formats: Sequence[str] = SCHEDULE_FORMATS,
    renderer: Renderer | None = None,
    force: bool = False,
    regenerate: bool = False,
    inspectors: Sequence[str] = (),
    time: str | None = None,
    remind: str | None = None,
    progress: ProgressCallback | None = None,
) -> BatchResult:
    """Write a schedule's outputs (see :func:`write_schedule`). A schedule whose data already
    holds visits (an edited ``schedule.yaml``) is published as it is — its visits checked
    against the rules, each broken rule a warning naming the visit —; one without visits, or
    with ``regenerate``, is generated first, and nothing is written if it cannot be. The
    result's notes say which was done. ``time`` (08:30-11:30) and ``remind`` (1d) set the
    calendars' events."""
    name = "<数据>" if isinstance(source, VisitSchedule) else str(source)
    schedule, places = _located(source, holidays)
    schedule = _calendar(schedule, time, remind)
    if schedule.visits and not regenerate:
        problems = [_placed(v, places) for v in check_schedule(schedule, source=name)]
        checked = f"{len(problems)} 处不符合排期规则" if problems else "全部符合排期规则"
        note = (f"沿用 {name} 中已有的 {len(schedule.visits)} 条视导安排（{checked}），没有重新生成；"
                "要按规则重新生成请用 --regenerate")
    else:
        schedule, problems = generate_schedule(schedule, source=name), []
        note = f"已按排期规则生成 {len(schedule.visits)} 条视导安排"
    # starting over rewrites every file, also one edited by hand since the last run
    result = write_schedule(schedule, outdir, formats, renderer, force or regenerate, inspectors,
                            progress)
    result.warnings[:0] = [Caution(p.message, p.location, p.line, "W_SCHEDULE_RULE", source=name)
                           for p in problems]
    result.notes.append(note)
    return result


def _problem(violation: Violation, location: str = "", line: int | None = None) -> Problem:
    return Problem(f"{violation.message}（规则：{violation.rule}）", location, line)


Places = list[tuple[str, int | None]]
"""Where each visit of a schedule is written: a field (visits[12]) or a cell, and its line."""


def _placed(violation: Violation, places: Places) -> Problem:
    if violation.visit is None:
        return _problem(violation)
    return _problem(violation, *places[violation.visit])


def _located(source: Source, holidays: Iterable[HolidaySource] = ()) -> tuple[VisitSchedule, Places]:
    """The schedule data, with where each of its visits is written."""
    if isinstance(source, VisitSchedule):
        schedule = load_schedule(source, holidays)
        return schedule, [(f"visits[{i}]", None) for i in range(len(schedule.visits))]
    path = Path(source)
    raw, lines = read_data(path)
    written = validate(raw, VisitSchedule, str(path), lines, base_dir=path.parent)
    assert isinstance(written, VisitSchedule)
    places: Places = [(f"visits[{i}]", lines(("visits", i)) if lines else None)
                      for i in range(len(written.visits))]
    return load_schedule(written, holidays), places


def check_file(
    path: str | Path, data: Source | None = None, holidays: Iterable[HolidaySource] = ()
) -> list[Problem]:
    """Every rule the visits in ``path`` break, each with where the visit is written.

    ``path`` is a schedule in YAML (as written by :func:`write_schedule`) or a
    视导时间安排表 .xlsx; ``data`` gives the zones, term and rules to check against and is
    required for an .xlsx. Problems point at the row's date cell (视导时间安排表!B7) or the
    YAML entry (visits[12], with its line); monthly totals have no location.
    """
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        if data is None:
            raise OptionError("data", "检查 .xlsx 需要排期所依据的数据文件（责任区、学期和规则）")
        visits, cells = read_visits_xlsx(path)
        schedule = load_schedule(data, holidays).model_copy(update={"visits": visits})
        places: Places = [(cell, None) for cell in cells]
    else:
        written, places = _located(path)
        base = load_schedule(written if data is None else data, holidays)
        schedule = base.model_copy(update={"visits": written.visits})
    return [_placed(v, places) for v in check_schedule(schedule, source=str(path))]


__all__ = [
    "SCHEDULE_FILE",
    "check_file",
    "generate",
    "load_schedule",
    "render_schedule",
    "write_schedule",
]
