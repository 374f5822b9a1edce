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
from typing import Any

import yaml

from .api import Renderer, using
from .derive.schedule import Violation, check_schedule, generate_schedule
from .errors import DataError, Problem
from .loaders.data import read_data, validate_document
from .loaders.schedule_xlsx import read_visits_xlsx
from .models.common import guess_school_kind
from .models.schedule import HolidayYear, VisitSchedule, read_holiday_file
from .render.files import write_atomic
from .render.ics import write_inspector_calendars

SCHEDULE_FILE = "schedule.yaml"
"""File name of the generated schedule in the output directory."""

SCHEDULE_FORMATS = ("docx", "xlsx")
"""Formats of the 视导时间安排表 written by default."""

YAML_HEADER = (
    "# 由 gongwen schedule 生成的视导安排。可直接修改 visits，"
    "再用 gongwen schedule --check 检查是否符合排期规则。\n"
)

Source = VisitSchedule | str | Path
HolidaySource = HolidayYear | str | Path


def _read(path: Path) -> tuple[VisitSchedule, Any]:
    """A schedule data file and its field-path → line map."""
    data, lines = read_data(path)
    document = validate_document(data, str(path), lines, base_dir=path.parent)
    if not isinstance(document, VisitSchedule):
        raise DataError(str(path), [Problem("不是视导安排数据，kind 应为 schedule", "kind")])
    return document, lines


def load_schedule(source: Source, holidays: Iterable[HolidaySource] = ()) -> VisitSchedule:
    """The schedule data, with more holiday years (files or models) added to its own."""
    schedule = source if isinstance(source, VisitSchedule) else _read(Path(source))[0]
    extra = [h if isinstance(h, HolidayYear) else read_holiday_file(Path(h)) for h in holidays]
    if not extra:
        return schedule
    return schedule.model_copy(update={"holidays": [*schedule.holidays, *extra]})


def generate(source: Source, holidays: Iterable[HolidaySource] = ()) -> VisitSchedule:
    """The schedule with its visits generated; raises DataError, explaining in Chinese which
    zone, month and rule cannot be met, when the data admits no schedule."""
    name = "<数据>" if isinstance(source, VisitSchedule) else str(source)
    return generate_schedule(load_schedule(source, holidays), source=name)


def schedule_yaml(schedule: VisitSchedule) -> str:
    """The schedule as a data file that loads back into the same schedule."""
    data = schedule.model_dump(mode="json", exclude_none=True)
    if schedule.issuer.seal is not None:
        data["issuer"]["seal"] = str(schedule.issuer.seal.resolve())
    for zone in data["zones"]:
        zone["schools"] = [
            school["name"] if school == {"name": school["name"],
                                         "kind": guess_school_kind(school["name"]).value}
            else school
            for school in zone["schools"]
        ]
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    return YAML_HEADER + text


def write_schedule(
    schedule: VisitSchedule,
    outdir: str | Path,
    formats: Sequence[str] = SCHEDULE_FORMATS,
    renderer: Renderer | None = None,
) -> list[Path]:
    """Write the 视导时间安排表 in ``formats``, one ``.ics`` per inspector and
    ``schedule.yaml`` into ``outdir``; return the files written."""
    outdir = Path(outdir)
    with using(renderer) as active:
        paths = active.render(schedule, outdir, formats)
    paths += write_inspector_calendars(schedule, outdir)
    paths.append(write_atomic(outdir / SCHEDULE_FILE, schedule_yaml(schedule).encode("utf-8")))
    return paths


def render_schedule(
    source: Source,
    outdir: str | Path,
    *,
    holidays: Iterable[HolidaySource] = (),
    formats: Sequence[str] = SCHEDULE_FORMATS,
    renderer: Renderer | None = None,
) -> list[Path]:
    """Generate the schedule and write all its outputs; nothing is written if it cannot be
    generated."""
    return write_schedule(generate(source, holidays), outdir, formats, renderer)


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
            raise DataError(str(path), [Problem(
                "检查 .xlsx 需要原数据文件（责任区、学期和规则），请用 --data 指定"
            )])
        visits, cells = read_visits_xlsx(path)
        schedule = load_schedule(data, holidays).model_copy(update={"visits": visits})
        places: list[tuple[str, int | None]] = [(cell, None) for cell in cells]
    else:
        written, lines = _read(path)
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
    "schedule_yaml",
    "write_schedule",
]
