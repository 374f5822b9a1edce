"""Benchmark (not a test): a whole district at 250, 500 and 1,000 schools.

For each size, in a fresh process: the annual plan and 行事历 (.docx), the visit schedule
generated for the term (.docx + .xlsx), one 视导报告 per school from a year of records
(.docx) and the summary (.docx with charts + statistics .xlsx). Prints time and peak
memory per size and their ratios to the smallest size: linear growth keeps both ratios
near the size ratio. The growth exponent k (time ∝ schools^k) is fitted by least squares
over the sizes, on wall time and on the process's CPU time (which a busy machine disturbs
less); linear is k = 1. Run:
    PYTHONPATH=src python3 benchmarks/scale_benchmark.py [--sizes 250 500 1000]
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

from report_benchmark import district as records_district

import gongwen
from gongwen import Renderer
from gongwen.derive.schedule import calendar_for, generate_schedule
from gongwen.models.schedule import VisitSchedule
from gongwen.reports import render_summary, render_visit_reports

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SCHOOLS_PER_ZONE = 25
TODAY = date(2026, 1, 5)


def schedule_district(schools: int) -> VisitSchedule:
    """Zones of 25 schools with a leader and four inspectors, visited March–June 2026."""
    zones = -(-schools // SCHOOLS_PER_ZONE)
    return VisitSchedule.model_validate({
        "issuer": "基准区教育督导室", "date": "2026-02-20",
        "term": {"name": "2026年春季学期", "start": "2026-03-02", "end": "2026-06-30"},
        "zones": [
            {"name": f"第{z + 1}责任区", "leader": f"组长{z + 1}",
             "inspectors": [f"督学{z + 1}-{i + 1}" for i in range(4)],
             "schools": [f"第{z + 1}责任区第{s + 1}校"
                         for s in range(min(SCHOOLS_PER_ZONE, schools - z * SCHOOLS_PER_ZONE))]}
            for z in range(zones)
        ],
    })


def run_district(schools: int) -> dict[str, float]:
    """Produce every document of a district of ``schools`` schools; return the figures."""
    tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    files = 0
    with tempfile.TemporaryDirectory() as out, Renderer() as renderer:
        for name in ("annual-plan.yaml", "calendar.yaml"):
            files += len(renderer.render(gongwen.load(EXAMPLES / name), out, ["docx"]))
        plan = schedule_district(schools)
        schedule = generate_schedule(plan, calendar_for(plan))
        files += len(renderer.render(schedule, out, ["docx", "xlsx"]))
        records = records_district(schools, 12)
        files += len(render_visit_reports(records, out, today=TODAY, renderer=renderer).outputs)
        files += len(render_summary(records, out, today=TODAY, renderer=renderer).outputs)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    _, peak = tracemalloc.get_traced_memory()
    return {"schools": schools, "files": files, "visits": len(schedule.visits),
            "records": len(records.records), "seconds": seconds, "cpu": cpu, "peak_mib": peak / 2**20,
            "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def exponent(rows: list[dict[str, float]], key: str) -> float:
    """The least-squares slope of log(``key``) against log(schools)."""
    xs = [math.log(row["schools"]) for row in rows]
    ys = [math.log(row[key]) for row in rows]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def main() -> None:
    """Run each size in its own process and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_district(args.one)))
        return
    rows = []
    for size in args.sizes:
        done = subprocess.run([sys.executable, __file__, "--one", str(size)], check=True,
                              capture_output=True, text=True)
        rows.append(json.loads(done.stdout.splitlines()[-1]))
    base = rows[0]
    print(f"{'学校':>6} {'文件':>6} {'视导安排':>8} {'督导记录':>8} {'耗时 s':>8} {'×':>5} "
          f"{'峰值 MiB':>9} {'×':>5} {'RSS MiB':>8}")
    for row in rows:
        print(f"{row['schools']:>6} {row['files']:>6} {row['visits']:>8} {row['records']:>8} "
              f"{row['seconds']:>8.1f} {row['seconds'] / base['seconds']:>5.2f} "
              f"{row['peak_mib']:>9.1f} {row['peak_mib'] / base['peak_mib']:>5.2f} "
              f"{row['rss_mib']:>8.0f}")
    last = rows[-1]
    print(f"规模 ×{last['schools'] / base['schools']:g}：耗时 ×{last['seconds'] / base['seconds']:.2f}，"
          f"峰值内存 ×{last['peak_mib'] / base['peak_mib']:.2f}"
          f"（每校 {last['seconds'] / last['schools'] * 1000:.0f} ms）")
    if len(rows) > 1:
        cpu = "、".join(f"{row['cpu']:.1f}" for row in rows)
        print(f"增长指数 k（耗时 ∝ 学校数^k）：墙钟 {exponent(rows, 'seconds'):.3f}，"
              f"CPU {exponent(rows, 'cpu'):.3f}（CPU 秒：{cpu}）")


if __name__ == "__main__":
    main()
