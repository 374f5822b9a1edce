"""Builds small visit schedules for the schedule tests."""

from __future__ import annotations

from typing import Any

from gongwen.models.schedule import VisitSchedule

SPRING_2026 = {"name": "2026年春季学期", "start": "2026-03-02", "end": "2026-06-30"}


def make_schedule(
    zones: int = 2, inspectors: int = 2, schools: int = 6, **fields: Any
) -> VisitSchedule:
    """A schedule of ``zones`` zones, each with a leader, ``inspectors`` more and ``schools``."""
    data: dict[str, Any] = {
        "issuer": "长宁区教育督导室",
        "date": "2026年2月20日",
        "term": SPRING_2026,
        "zones": [
            {
                "name": f"第{z + 1}责任区",
                "leader": f"组长{z + 1}",
                "inspectors": [f"督学{z + 1}-{i + 1}" for i in range(inspectors)],
                "schools": [f"长宁区第{z + 1}-{s + 1}小学" for s in range(schools)],
            }
            for z in range(zones)
        ],
    }
    data.update(fields)
    return VisitSchedule.model_validate(data)
