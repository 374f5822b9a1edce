"""Benchmark (not a test): 200 schools × 12 months of records → 200 visit reports (.docx).

Prints records, reports/second (measured with tracemalloc on, so conservative) and peak
memory. Run:
    PYTHONPATH=src python3 benchmarks/report_benchmark.py [--schools 200] [--months 12]
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
import tracemalloc
from datetime import date

from gongwen import Renderer
from gongwen.models.matters import EIGHT_MATTERS
from gongwen.models.records import InspectionRecords
from gongwen.reports import render_visit_reports

ZONES = 10


def assessment(matter: str, day: date, rng: random.Random) -> dict[str, object]:
    """One matter's assessment; two in five carry a problem with a deadline."""
    finding = {"problem": f"{matter}方面台账不够规范", "suggestion": "建议完善台账",
               "requirement": "限期整改", "deadline": day,
               "status": rng.choice(("未整改", "整改中", "已整改"))}
    return {"matter": matter, "highlights": [f"{matter}工作扎实，记录完整"],
            "findings": [finding] if rng.random() < 0.4 else []}


def district(schools: int, months: int, seed: int = 1) -> InspectionRecords:
    """A district of ``schools`` schools in ten zones, each visited once a month or more."""
    rng = random.Random(seed)
    zones = [
        {"name": f"第{z + 1}责任区", "leader": f"组长{z + 1}",
         "inspectors": [f"督学{z + 1}-{i}" for i in range(1, 4)],
         "schools": [f"第{n + 1}学校" for n in range(z, schools, ZONES)]}
        for z in range(ZONES)
    ]
    records = []
    for zone in zones:
        team = [zone["leader"], *zone["inspectors"]]
        for school in zone["schools"]:
            for month in range(months):
                for _ in range(rng.choice((1, 1, 2))):
                    day = date(2025 + month // 12, month % 12 + 1, rng.randint(1, 28))
                    records.append({
                        "date": day, "school": school, "inspectors": rng.sample(team, 2),
                        "methods": ["听取汇报", "随机听课", "巡视校园"],
                        "assessments": [assessment(m, day, rng)
                                        for m in rng.sample(EIGHT_MATTERS, 3)],
                    })
    return InspectionRecords.model_validate({
        "district": "基准区",
        "issuer": {"name": "基准区教育督导室", "header": "基准区教育督导室文件"},
        "period": {"start": date(2025, 1, 1), "end": date(2025 + (months - 1) // 12, 12, 31)},
        "zones": zones, "records": records,
    })


def main() -> None:
    """Build the data, render every report, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--schools", type=int, default=200)
    parser.add_argument("--months", type=int, default=12)
    args = parser.parse_args()
    tracemalloc.start()
    started = time.perf_counter()
    data = district(args.schools, args.months)
    built = time.perf_counter()
    with tempfile.TemporaryDirectory() as outdir, Renderer() as renderer:
        paths = render_visit_reports(data, outdir, today=date(2026, 1, 5), renderer=renderer).outputs
    done = time.perf_counter()
    _, peak = tracemalloc.get_traced_memory()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"records: {len(data.records)}  (built and validated in {built - started:.2f} s)")
    rate = len(paths) / (done - built)
    print(f"reports: {len(paths)} .docx in {done - built:.2f} s = {rate:.1f} reports/s")
    print(f"peak memory: {peak / 2**20:.1f} MiB traced by Python, {rss:.0f} MiB max RSS")


if __name__ == "__main__":
    main()
