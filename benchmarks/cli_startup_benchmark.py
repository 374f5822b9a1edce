"""Start-up of the ``gongwen`` command, each run in a fresh process.

    python benchmarks/cli_startup_benchmark.py [--runs 9]

Measures wall-clock and CPU (user + system) seconds, interleaved so that a busy machine
weighs on all alike (min and median of ``--runs`` rounds; on a shared machine the CPU
figures are the steadier):

- ``python -c pass``: the interpreter alone;
- ``gongwen --help`` (target < 0.3 s: the command line loads no library to show it);
- ``gongwen render examples/notice.yaml -o DIR --force``: one .docx from data;
- plain docxtpl: a fresh ``python`` that imports docxtpl, renders the same template with
  the same values (as JSON data) and saves it — what the command competes with.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "notice.yaml"

PLAIN = """
import json, sys
from docxtpl import DocxTemplate
document = DocxTemplate(sys.argv[1])
document.render(json.load(open(sys.argv[2], encoding="utf-8")), autoescape=True)
document.save(sys.argv[3])
"""


def template_and_values(folder: Path) -> tuple[Path, Path]:
    """The example's template and its template values, as plain JSON data."""
    from gongwen import Renderer, load
    from gongwen.render.docx.official import docx_context

    renderer = Renderer()
    document = load(EXAMPLE)
    template = renderer.registry.resolve(renderer.registry.default_for(document.kind), "docx").path
    compiled = renderer.docx_template(template)
    values = docx_context(document, renderer.layout(document), compiled.new_package(), compiled.styles)

    def plain(value: object) -> object:
        dump = getattr(value, "model_dump", None)
        return dump(mode="json") if dump else str(value)

    path = folder / "values.json"
    path.write_text(json.dumps(values, default=plain, ensure_ascii=False), encoding="utf-8")
    return template, path


def seconds(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="gongwen-startup-"))
    template, values = template_and_values(folder)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    python = [sys.executable]
    commands = {
        "python -c pass": [*python, "-c", "pass"],
        "gongwen --help": [*python, "-m", "gongwen", "--help"],
        "gongwen render（1 份 .docx）": [*python, "-m", "gongwen", "render", str(EXAMPLE), "-o",
                                        str(folder / "out"), "--force"],
        "python + docxtpl（同一模板）": [*python, "-c", PLAIN, str(template), str(values),
                                       str(folder / "plain.docx")],
    }
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for command in commands.values():  # warm the file cache once
        seconds(command, env)
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(seconds(command, env))
    baseline = "python + docxtpl（同一模板）"
    print("（秒）                          墙钟最短 墙钟中位 CPU最短 CPU中位  "
          "相对 python+docxtpl（墙钟/CPU 中位）")
    for name, measured in times.items():
        walls, cpus = [w for w, _ in measured], [c for _, c in measured]
        ratios = [statistics.median(values) / statistics.median([m[i] for m in times[baseline]])
                  for i, values in enumerate((walls, cpus))]
        print(f"{name:30s} {min(walls):7.3f} {statistics.median(walls):7.3f} {min(cpus):7.3f} "
              f"{statistics.median(cpus):7.3f}  {ratios[0]:.2f}× / {ratios[1]:.2f}×")
    walls = [w for w, _ in times["gongwen --help"]]
    print(f"gongwen --help：墙钟最短 {min(walls):.3f} 秒、中位 {statistics.median(walls):.3f} 秒"
          "（目标 < 0.3 秒）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
