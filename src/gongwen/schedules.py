"""Library entry points for visit schedules: generate one, write its outputs, check one.

::

    import gongwen.schedules as schedules

    generated = schedules.generate("examples/schedule.yaml")
    schedules.write_schedule(generated, "out/schedule")
    for problem in schedules.check_file("out/schedule/schedule.yaml"):
        print(problem)

A schedule's outputs are the 视导时间安排表 (.docx and .xlsx, with a month-grid sheet per
inspector), one ``.ics`` calendar per inspector and the schedule itself as YAML
(``schedule.yaml``), which can be edited and checked again. Every file is written
atomically, and only after the whole schedule has been generated.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from .batch import BatchResult, Job, render_many
from .derive.schedule import Violation, check_schedule, generate_schedule
from .errors import DataError, OptionError, Problem
from .loaders import load, validate
from .loaders.data import read_data
from .loaders.schedule_xlsx import read_visits_xlsx
from .models.schedule import HolidayYear, VisitSchedule
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
) -> BatchResult:
    """Write the 视导时间安排表 in ``formats``, one ``.ics`` per inspector and
    ``schedule.yaml`` into ``outdir`` (the schedule kind's further files)."""
    return render_many([Job(schedule)], outdir, formats, force=force, renderer=renderer)


def render_schedule(
    source: Source,
    outdir: str | Path,
    *,
    holidays: Iterable[HolidaySource] = (),
    formats: Sequence[str] = SCHEDULE_FORMATS,
    renderer: Renderer | None = None,
    force: bool = False,
) -> BatchResult:
    """Generate the schedule and write all its outputs; nothing is written if it cannot be
    generated."""
    return write_schedule(generate(source, holidays), outdir, formats, renderer, force)


def _problem(violation: Violation, location: str = "", line: int | None = None) -> Problem:
    return Problem(f"{violation.message}（规则：{violation.rule}）", location, line)


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
        places: list[tuple[str, int | None]] = [(cell, None) for cell in cells]
    else:
        raw, lines = read_data(path)
        written = validate(raw, VisitSchedule, str(path), lines, base_dir=path.parent)
        assert isinstance(written, VisitSchedule)
        base = load_schedule(written if data is None else data, holidays)
        schedule = base.model_copy(update={"visits": written.visits})
        places = [(f"visits[{index}]", lines(("visits", index)) if lines else None)
                  for index in range(len(written.visits))]
    return [
        _problem(v, *places[v.visit]) if v.visit is not None else _problem(v)
        for v in check_schedule(schedule, source=str(path))
    ]


__all__ = [
    "SCHEDULE_FILE",
    "check_file",
    "generate",
    "load_schedule",
    "render_schedule",
    "write_schedule",
]
