"""Documents written back as gongwen data files (YAML) that load into the same model."""

from __future__ import annotations

import yaml

from ..models.common import guess_school_kind
from ..models.schedule import VisitSchedule

SCHEDULE_FILE = "schedule.yaml"
"""File name of the generated schedule in the output directory."""

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's emitter where PyYAML has it (the same text, ten times faster)."""

SCHEDULE_HEADER = (
    "# 由 gongwen schedule 生成的视导安排。可直接修改 visits，"
    "再用 gongwen schedule --check 检查是否符合排期规则。\n"
)


def schedule_yaml(schedule: VisitSchedule) -> str:
    """The schedule as a data file that loads back into the same schedule."""
    data = schedule.model_dump(mode="json", exclude_none=True)
    if not data["calendar"]:
        del data["calendar"]  # no time or reminder: nothing to say
    if schedule.issuer is not None and schedule.issuer.seal is not None:
        data["issuer"]["seal"] = str(schedule.issuer.seal.resolve())
    for zone in data["zones"]:
        zone["schools"] = [
            school["name"] if school == {"name": school["name"],
                                         "kind": guess_school_kind(school["name"]).value}
            else school
            for school in zone["schools"]
        ]
    text = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1000)
    return SCHEDULE_HEADER + text
