"""Benchmark: gongwen's whole PDF path against plain LibreOffice and plain docxtpl.

On the real documents — every example (documents, forms, calendar, schedule) and the
visit reports of ``examples/records.yaml`` — it times, in interleaved rounds so that a
busy machine weighs on both sides alike, and prints min and median of each:

- the command line: ``gongwen render`` of the examples and ``gongwen report`` of the records,
  ``-f pdf``, each a fresh process (data loaded, rendered, converted, written);
- one ``soffice --headless --convert-to pdf`` call over the same .docx files (made once
  beforehand by gongwen), with a warm profile and the same fonts;
- the library with one pool: both batches through one ``Renderer`` in one process (import
  excluded);
- one PDF from a cold command (``gongwen render examples/notice.yaml -f pdf``) against one
  ``soffice`` call converting its .docx;
- one .docx from a fresh process (``import gongwen``, load, render) against a plain docxtpl
  script (import docxtpl, read the YAML, render the same template, save);
- the ceiling: the same .docx converted by two LibreOffice workers already started (no
  Python, no start-up) — what any pipeline converting with LibreOffice can reach here;
- the command line batch and the single PDF again with a resident pool (``gongwen office
  start`` before, ``stop`` after, neither timed), as an office running many commands has it.
- one worker's start and first PDF in a fresh process, from the warm profile as gongwen
  makes it and from the same profile without the LibreOffice version it records (so that
  LibreOffice runs its graphics self-tests, as every start did before);
- what the fresh-process ``.docx`` cannot go below: the plain docxtpl script's imports
  alone, and the same with pydantic's.

gongwen is byte-compiled first, as installing the wheel does (``PYTHONDONTWRITEBYTECODE``
would otherwise have every fresh process compile it). CPU time is the whole machine's busy
time during each action (``/proc/stat``): soffice processes a run kills are nobody's
children to account for; on a machine busy with other work it counts that work too.

    PYTHONPATH=src python3 benchmarks/pdf_path_benchmark.py [--rounds 3] [--single-rounds 5]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
TODAY = "2026-11-22"
DATA = [p for p in [*sorted(EXAMPLES.glob("*.yaml")), *sorted((EXAMPLES / "forms").glob("*.yaml"))]
        if p.name != "records.yaml"]
SINGLE = EXAMPLES / "notice.yaml"

LIBRARY = """
import sys, time
from pathlib import Path
import gongwen
from gongwen import Renderer, reports
out, data = Path(sys.argv[1]), [Path(p) for p in sys.argv[3:]]
started = time.perf_counter()
with Renderer() as renderer:
    a = gongwen.render_files(data, out / "examples", ["pdf"], renderer=renderer)
    b = reports.render_visit_reports(Path(sys.argv[2]), out / "reports", formats=["pdf"],
                                     today=__import__("datetime").date(2026, 11, 22), renderer=renderer)
print(time.perf_counter() - started)
"""

CEILING = """
import sys, time
from pathlib import Path
from gongwen.render.pdf import PdfConverter
out, docx = Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]]
with PdfConverter(workers=2) as pool:
    pool.convert_many([(docx[0], out / "warm.pdf")] * 2)  # both workers started and warm
    started = time.perf_counter()
    pool.convert_many([(d, out / f"{d.stem}.pdf") for d in docx])
    print(time.perf_counter() - started)
"""

FRESH_GONGWEN = """
import sys
import gongwen
gongwen.render(gongwen.load(sys.argv[1]), sys.argv[2], formats=["docx"])
"""

WORKER_START = """
import shutil, sys, tempfile
from pathlib import Path
from gongwen.render.pdf import PdfConverter
docx, pdf, self_tests = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "self-tests"
with PdfConverter(workers=1) as pool, tempfile.TemporaryDirectory() as tmp:
    if self_tests:  # the warm profile without the version it records
        profile = Path(tmp) / "profile"
        shutil.copytree(pool.template(), profile)
        settings = profile / "user" / "registrymodifications.xcu"
        lines = settings.read_text(encoding="utf-8").splitlines(keepends=True)
        settings.write_text("".join(x for x in lines if "ooSetupLastVersion" not in x), encoding="utf-8")
        pool._template[:] = [profile]
    pool.convert(docx, pdf)
"""

PLAIN_IMPORTS = "import docxtpl, yaml"
PYDANTIC_IMPORTS = "import docxtpl, yaml\nfrom pydantic import BaseModel, Field"

PLAIN_DOCXTPL = """
import sys
import yaml
from docxtpl import DocxTemplate
data = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
document = DocxTemplate(sys.argv[2])
document.render(data, autoescape=True)
document.save(sys.argv[3])
"""


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, check=True, capture_output=True, text=True, env=env(), **kwargs)


CPU: dict[int, list[float]] = {}
"""CPU seconds the machine was busy during each action, by the id of the list its wall
times go to: a busy machine stretches wall time, far less CPU time."""


def busy() -> float:
    """Seconds of CPU time the whole machine has been busy (every process, all cores)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def timed(action: Callable[[], object], times: list[float]) -> None:
    """Run ``action``; append its wall time to ``times`` and its CPU time to ``CPU``."""
    before = busy()
    started = time.perf_counter()
    action()
    times.append(time.perf_counter() - started)
    CPU.setdefault(id(times), []).append(busy() - before)


def gongwen_cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "gongwen", *args]


@contextlib.contextmanager
def resident_pool() -> Iterator[None]:
    """A resident pool up for the block (``gongwen office start`` … ``stop``)."""
    run(gongwen_cli("office", "start"))
    try:
        yield
    finally:
        run(gongwen_cli("office", "stop"))


def timed_with_resident(action: Callable[[], object], times: list[float]) -> None:
    """``timed``, with a resident pool started before and stopped after, neither timed."""
    with resident_pool():
        timed(action, times)


def soffice(profile: Path, outdir: Path, files: list[Path]) -> list[str]:
    from gongwen.render.pdf.office import find_soffice

    return [str(find_soffice()), "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)]


def pages(folder: Path) -> int:
    from pypdf import PdfReader

    return sum(len(PdfReader(p).pages) for p in folder.rglob("*.pdf"))


def line(label: str, times: list[float]) -> str:
    cpu = CPU.get(id(times))
    used = f"  CPU min {min(cpu):6.2f} s  median {statistics.median(cpu):6.2f} s" if cpu else ""
    return f"{label:<52} min {min(times):6.2f} s  median {statistics.median(times):6.2f} s{used}"


def ratio(label: str, ours: list[float], theirs: list[float]) -> str:
    return (f"{label:<52} {min(theirs) / min(ours):5.2f}× (min)  "
            f"{statistics.median(theirs) / statistics.median(ours):5.2f}× (median)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the batch comparison")
    parser.add_argument("--single-rounds", type=int, default=5, help="rounds of the one-document ones")
    args = parser.parse_args()
    from gongwen.render.pdf.fonts import converter_env

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "gongwen")], check=True)
    with tempfile.TemporaryDirectory(prefix="gongwen-pdfpath-") as tmp:
        root = Path(tmp)
        # the .docx files soffice converts: the same documents, rendered once by gongwen
        run(gongwen_cli("render", *map(str, DATA), "-o", str(root / "docx"), "-f", "docx"))
        run(gongwen_cli("report", str(EXAMPLES / "records.yaml"), "-o", str(root / "docx"), "-f", "docx",
                        "--date", TODAY))
        docx = sorted((root / "docx").glob("*.docx"))
        single_docx = root / "single" / "notice.docx"
        run(gongwen_cli("render", str(SINGLE), "-o", str(root / "single"), "-f", "docx"))
        shutil.move(next((root / "single").glob("*.docx")), single_docx)
        profile = root / "profile"
        subprocess.run(soffice(profile, root / "warm", docx[:1]), check=True, capture_output=True,
                       env=converter_env())

        cli, office, library, ceiling, resident = [], [], [], [], []
        run(gongwen_cli("office", "stop"))  # none of the other rows may use a resident pool
        for n in range(args.rounds):
            out = root / f"round{n}"

            def by_cli(out: Path = out) -> None:
                run(gongwen_cli("render", *map(str, DATA), "-o", str(out / "cli"), "-f", "pdf"))
                run(gongwen_cli("report", str(EXAMPLES / "records.yaml"), "-o", str(out / "cli"), "-f", "pdf",
                                "--date", TODAY))

            def by_soffice(out: Path = out) -> None:
                subprocess.run(soffice(profile, out / "soffice", docx), check=True, capture_output=True,
                               env=converter_env())

            def by_resident(out: Path = out) -> None:
                run(gongwen_cli("render", *map(str, DATA), "-o", str(out / "resident"), "-f", "pdf"))
                run(gongwen_cli("report", str(EXAMPLES / "records.yaml"), "-o", str(out / "resident"),
                                "-f", "pdf", "--date", TODAY))

            order = [(timed, cli, by_cli), (timed, office, by_soffice),
                     (timed_with_resident, resident, by_resident)]
            for measure, times, action in order if n % 2 == 0 else reversed(order):
                measure(action, times)
            done = run([sys.executable, "-c", LIBRARY, str(out / "library"), str(EXAMPLES / "records.yaml"),
                        *map(str, DATA)])
            library.append(float(done.stdout.strip().splitlines()[-1]))
            (out / "ceiling").mkdir()
            done = run([sys.executable, "-c", CEILING, str(out / "ceiling"), *map(str, docx)])
            ceiling.append(float(done.stdout.strip().splitlines()[-1]))
        documents = len(list((root / "round0" / "cli").glob("*.pdf")))
        total_pages = pages(root / "round0" / "cli")
        if pages(root / "round0" / "soffice") != total_pages:
            raise SystemExit("soffice and gongwen did not produce the same number of pages")

        cold, cold_office, fresh, plain, warm = [], [], [], [], []
        worker, worker_tests, plain_imports, pydantic_imports = [], [], [], []
        template = ROOT / "templates" / "base" / "official" / "official.docx"
        for n in range(args.single_rounds):
            out = root / f"single{n}"
            out.mkdir()
            pair: list[tuple[list[float], Callable[[], object]]] = [
                (cold, lambda out=out: run(gongwen_cli("render", str(SINGLE), "-o", str(out / "cold"),
                                                       "-f", "pdf"))),
                (cold_office, lambda out=out: subprocess.run(
                    soffice(profile, out / "soffice", [single_docx]), check=True, capture_output=True,
                    env=converter_env())),
            ]
            docx_pair: list[tuple[list[float], Callable[[], object]]] = [
                (fresh, lambda out=out: run([sys.executable, "-c", FRESH_GONGWEN, str(SINGLE),
                                             str(out / "fresh")])),
                (plain, lambda out=out: run([sys.executable, "-c", PLAIN_DOCXTPL, str(SINGLE), str(template),
                                             str(out / "plain.docx")])),
            ]
            start_pair: list[tuple[list[float], Callable[[], object]]] = [
                (worker, lambda out=out: run([sys.executable, "-c", WORKER_START, str(single_docx),
                                              str(out / "worker.pdf"), "recorded"])),
                (worker_tests, lambda out=out: run([sys.executable, "-c", WORKER_START, str(single_docx),
                                                    str(out / "worker-tests.pdf"), "self-tests"])),
                (plain_imports, lambda: run([sys.executable, "-c", PLAIN_IMPORTS])),
                (pydantic_imports, lambda: run([sys.executable, "-c", PYDANTIC_IMPORTS])),
            ]
            every = pair + docx_pair + start_pair
            for times, action in every if n % 2 == 0 else every[::-1]:
                timed(action, times)
            single = gongwen_cli("render", str(SINGLE), "-o", str(out / "warm"), "-f", "pdf")
            timed_with_resident(lambda single=single: run(single), warm)

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{documents} documents, {total_pages} pages; {os.cpu_count()} CPUs, load average after: {load}")
    print(line("gongwen command line (render + report, -f pdf)", cli))
    print(line("one soffice --convert-to pdf call, same .docx", office))
    print(line("library, one Renderer for both batches", library))
    print(ratio("command line against one soffice call", cli, office))
    print(ratio("library against one soffice call", library, office))
    print(line("ceiling: two warm workers, conversions only", ceiling))
    print(ratio("ceiling against one soffice call", ceiling, office))
    print(line("one PDF, cold gongwen render -f pdf", cold))
    print(line("one PDF, one soffice call", cold_office))
    print(ratio("cold command against one soffice call", cold, cold_office))
    print(line("command line, resident pool (gongwen office start)", resident))
    print(ratio("resident command line against one soffice call", resident, office))
    print(line("one PDF, resident pool", warm))
    print(ratio("one PDF, resident pool, against one soffice call", warm, cold_office))
    print(line("one .docx, fresh process: import gongwen, render", fresh))
    print(line("one .docx, fresh process: plain docxtpl script", plain))
    print(f"{'gongwen against plain docxtpl':<52} {min(fresh) / min(plain):5.2f}× its time (min)  "
          f"{statistics.median(fresh) / statistics.median(plain):5.2f}× (median)")
    print(line("imports of the plain docxtpl script, fresh process", plain_imports))
    print(line("the same imports and pydantic's", pydantic_imports))
    print(line("a worker's start + first PDF, fresh process", worker))
    print(line("the same, LibreOffice running its self-tests", worker_tests))


if __name__ == "__main__":
    main()
