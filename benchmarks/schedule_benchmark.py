"""Benchmark: generate (and check) a visit schedule for 300 schools, 60 inspectors, 10 months.

Target: generation under 1 s on a 2-core machine. Run: python benchmarks/schedule_benchmark.py
"""

from __future__ import annotations

import time

from gongwen.derive.schedule import calendar_for, check_schedule, generate_schedule
from gongwen.models.schedule import VisitSchedule

ZONES, MEMBERS, SCHOOLS = 12, 5, 25  # 12 × 5 = 60 inspectors, 12 × 25 = 300 schools


def district() -> VisitSchedule:
    """A district of 12 zones over the ten months March–December 2026."""
    return VisitSchedule.model_validate({
        "issuer": "长宁区教育督导室",
        "date": "2026-02-20",
        "term": {"name": "2026年3月至12月", "start": "2026-03-01", "end": "2026-12-31"},
        "zones": [
            {
                "name": f"第{z + 1}责任区",
                "leader": f"组长{z + 1}",
                "inspectors": [f"督学{z + 1}-{i + 1}" for i in range(MEMBERS - 1)],
                "schools": [f"第{z + 1}责任区第{s + 1}校" for s in range(SCHOOLS)],
            }
            for z in range(ZONES)
        ],
    })


def main() -> None:
    data = district()
    calendar = calendar_for(data)
    generate_schedule(data, calendar)  # warm the holiday tables
    runs = 5
    start = time.perf_counter()
    for _ in range(runs):
        schedule = generate_schedule(data, calendar)
    generate = (time.perf_counter() - start) / runs
    start = time.perf_counter()
    violations = check_schedule(schedule, calendar)
    check = time.perf_counter() - start
    months = len({(v.date.year, v.date.month) for v in schedule.visits})
    print(f"300 所学校、60 名督学、{months} 个月：{len(schedule.visits)} 次视导")
    print(f"生成 {generate * 1000:.0f} ms（目标 < 1000 ms），检查 {check * 1000:.0f} ms，"
          f"违反规则 {len(violations)} 处")


if __name__ == "__main__":
    main()
