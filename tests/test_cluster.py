"""Batches on other processes and machines: a process pool and a real Dask LocalCluster
(2 worker processes) give the files one machine gives; a killed worker, a failing job and
an interrupted client; no soffice outlives a worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import zipfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

import gongwen
from gongwen.batch import Job, Shipped, TemplateBundle, close_worker, render_chunk, render_many
from gongwen.derive.report_documents import visit_report_document
from gongwen.derive.visit_report import visit_reports
from gongwen.incremental import MANIFEST_NAME
from gongwen.models.matters import EIGHT_MATTERS
from gongwen.models.records import InspectionRecords
from test_docx_layout import plan, png
from test_faults import SRC, environment, offices_of, wait_until

distributed = pytest.importorskip("distributed")
from gongwen.cluster import connect  # noqa: E402

TODAY = date(2026, 1, 20)


def district(schools: int) -> InspectionRecords:
    """A district of ``schools`` schools in four zones, each visited twice, some with problems."""
    zones = [{"name": f"第{z + 1}责任区", "leader": f"组长{z + 1}", "inspectors": [f"督学{z + 1}-1"],
              "schools": [f"第{n + 1}学校" for n in range(z, schools, 4)]} for z in range(4)]
    records = []
    for n in range(schools):
        for visit in range(2):
            day = date(2025, 9, 1) + timedelta(days=(n * 3 + visit * 40) % 120)
            matter = EIGHT_MATTERS[(n + visit) % len(EIGHT_MATTERS)]
            findings = [{"problem": f"{matter}台账不全（第{n + 1}校）", "deadline": day + timedelta(days=30),
                         "status": "整改中", "requirement": "限期补齐"}] if (n + visit) % 3 == 0 else []
            records.append({"date": day, "school": f"第{n + 1}学校", "inspectors": f"督学{n % 4 + 1}-1",
                            "methods": ["听取汇报", "巡视校园"],
                            "assessments": [{"matter": matter, "highlights": [f"{matter}工作扎实"],
                                             "findings": findings}]})
    return InspectionRecords.model_validate({
        "district": "集群区", "issuer": {"name": "集群区教育督导室", "header": "集群区教育督导室文件"},
        "period": {"start": "2025-09-01", "end": "2026-01-16"}, "zones": zones, "records": records,
    })


def report_jobs(schools: int) -> list[Job]:
    data = district(schools)
    return [Job(visit_report_document(r, data, TODAY)) for r in visit_reports(data, data.period)]


def pdf_text(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def client():
    with connect("local:2") as dask_client:
        yield dask_client


def workers(dask_client) -> dict[str, int]:
    """Each worker's address and process id."""
    return dask_client.run(os.getpid)


# --- any executor; no shared file system ---


def test_a_process_pool_gives_the_same_files_as_one_process(tmp_path: Path) -> None:
    jobs = report_jobs(12)
    here = render_many(jobs, tmp_path / "here", ["docx", "md"])
    with ProcessPoolExecutor(2) as pool:
        there = render_many(jobs, tmp_path / "there", ["docx", "md"], executor=pool)
    assert here.ok and there.ok and len(there.outputs) == 24
    assert [p.name for p in there.outputs] == [p.name for p in here.outputs]
    for path in here.outputs:
        assert (tmp_path / "there" / path.name).read_bytes() == path.read_bytes()


def test_a_job_carries_its_templates_and_files_not_their_paths(tmp_path: Path) -> None:
    """The worker renders from what the job carries: the seal and the district's own
    template are gone from disk before it runs, and the document still has both."""
    seal = png(tmp_path / "seal.png")
    templates = tmp_path / "templates"
    markdown = gongwen.Registry.default().export("plans/annual-plan", templates) / "annual-plan.md.j2"
    markdown.write_text("本区自定模板\n" + markdown.read_text(encoding="utf-8"), encoding="utf-8")
    document = plan(issuer={"name": "长宁区教育督导室", "seal": str(seal)})
    with gongwen.Renderer([templates]) as renderer:
        bundle = TemplateBundle.of(renderer)
        local = renderer.render(document, tmp_path / "local", ["docx", "md"], stem="计划")
    shipped = Shipped.of(0, Job(document, stem="计划"))
    seal.unlink()
    for path in sorted(templates.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    try:
        [made] = render_chunk(bundle, [shipped], ("docx", "md"))
    finally:
        close_worker()
    assert made.error is None
    files = dict(made.files)
    assert sorted(files) == ["计划.docx", "计划.md"]
    assert files["计划.docx"] == local[0].read_bytes()  # the seal inside, the same bytes
    assert "word/media/" in str(zipfile.ZipFile(local[0]).namelist())
    assert files["计划.md"].decode().startswith("本区自定模板")


# --- a real Dask LocalCluster ---


@pytest.mark.usefixtures("office")
def test_the_cluster_gives_the_files_one_machine_gives(client, tmp_path: Path) -> None:
    jobs = report_jobs(40)
    assert len(jobs) == 40
    here = render_many(jobs, tmp_path / "here", ["docx", "pdf"])
    there = render_many(jobs, tmp_path / "there", ["docx", "pdf"], executor=client)
    assert here.ok and there.ok, there.failures
    assert sorted(p.name for p in there.outputs) == sorted(p.name for p in here.outputs)
    assert len(there.outputs) == 80
    for path in here.outputs:
        twin = tmp_path / "there" / path.name
        if path.suffix == ".docx":
            assert twin.read_bytes() == path.read_bytes(), path.name
        else:
            assert pdf_text(twin) == pdf_text(path), path.name
    # the manifest is kept as on one machine: a re-run through the cluster skips everything
    again = render_many(jobs, tmp_path / "there", ["docx", "pdf"], executor=client)
    assert again.outputs == [] and len(again.skipped) == 80


def test_a_failing_job_is_listed_with_its_source_and_the_rest_delivered(client, tmp_path: Path) -> None:
    jobs = report_jobs(10)
    bad = Job(plan(issuer={"name": "长宁区教育督导室", "seal": str(tmp_path / "无此印章.png")}),
              stem="缺印章的计划", source="计划.yaml")
    result = render_many([*jobs[:5], bad, *jobs[5:]], tmp_path / "out", executor=client, chunk_size=3)
    assert [f.source for f in result.failures] == ["计划.yaml"]
    assert "无此印章.png" in str(result.failures[0].error)
    assert sorted(p.name for p in result.outputs) == sorted(f"{j.document.title}.docx" for j in jobs)
    assert not (tmp_path / "out" / "缺印章的计划.docx").exists()


@pytest.mark.usefixtures("office")
def test_a_worker_killed_mid_batch_loses_and_repeats_nothing(client, tmp_path: Path) -> None:
    jobs = report_jobs(16)
    outdir = tmp_path / "out"
    pids = workers(client)
    done: dict[str, gongwen.BatchResult] = {}
    run = threading.Thread(target=lambda: done.setdefault("result", render_many(
        jobs, outdir, ["docx", "pdf"], executor=client, chunk_size=2)))
    run.start()
    assert wait_until(lambda: any(outdir.glob("*.pdf")), 180)
    victim = max(pids.values())
    assert offices_of_worker(victim), "the worker converts through its own LibreOffice"
    os.kill(victim, signal.SIGKILL)
    run.join(300)
    result = done["result"]
    assert result.ok, result.failures
    names = [p.name for p in result.outputs]
    assert Counter(names).most_common(1)[0][1] == 1 and len(names) == 32
    assert sorted(p.name for p in outdir.iterdir() if p.name != MANIFEST_NAME) == sorted(names)
    for path in outdir.glob("*.pdf"):
        assert len(PdfReader(path).pages) >= 1
    assert wait_until(lambda: not offices_of_worker(victim), 30), "soffice outlived its worker"
    client.wait_for_workers(2, timeout=120)


def offices_of_worker(pid: int) -> list[int]:
    """The LibreOffice processes (helpers and soffice) a worker process started."""
    return offices_of(pid)


INTERRUPTED = """
import sys
from pathlib import Path
from distributed import Client
from gongwen.batch import render_many
sys.path.insert(0, {tests!r})
from test_cluster import report_jobs

def running(dask_scheduler):
    return sum(1 for key in dask_scheduler.tasks if "render_chunk" in str(key))

if __name__ == "__main__":
    import time
    client = Client({address!r})
    try:
        render_many(report_jobs(24), Path({outdir!r}), ["docx", "pdf"], executor=client, chunk_size=1)
    except KeyboardInterrupt:
        pass
    # the interruption handled, the client still connected: what does the cluster still hold?
    left = client.run_on_scheduler(running)
    for _ in range(50):
        if not left:
            break
        time.sleep(0.1)
        left = client.run_on_scheduler(running)
    print("left", left, flush=True)
"""


@pytest.mark.usefixtures("office")
def test_an_interrupted_client_cancels_its_tasks(client, tmp_path: Path) -> None:
    outdir = tmp_path / "out"
    script = INTERRUPTED.format(tests=str(Path(__file__).parent), address=client.scheduler.address,
                                outdir=str(outdir))
    proc = subprocess.Popen([sys.executable, "-c", script], env=environment(), cwd=SRC.parent,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_until(lambda: any(outdir.glob("*.pdf")), 180)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert "left 0" in out, err[-3000:]
    # what was written is whole and in the manifest: a re-run does only the rest
    written = {p.name for p in outdir.iterdir() if p.name != MANIFEST_NAME}
    assert 0 < len(written) < 48
    again = render_many(report_jobs(24), outdir, ["docx", "pdf"], executor=client)
    assert again.ok and {p.name for p in again.skipped} >= {n for n in written if n.endswith(".pdf")}
    assert len(again.outputs) + len(again.skipped) == 48


@pytest.mark.usefixtures("office")
def test_no_soffice_outlives_a_worker_of_a_closed_cluster(tmp_path: Path) -> None:
    with connect("local:1") as one:
        [pid] = workers(one).values()
        result = render_many(report_jobs(4)[:2], tmp_path, ["pdf"], executor=one)
        assert result.ok and len(result.outputs) == 2
        assert offices_of(pid)
    assert wait_until(lambda: not offices_of(pid), 20)


# --- the command line ---


def test_cli_cluster_option_gives_the_notices_one_machine_gives(tmp_path: Path) -> None:
    records = SRC.parent / "examples" / "records.yaml"
    common = ["notices", str(records), "--date", "2026-11-22"]
    here = subprocess.run([sys.executable, "-m", "gongwen", *common, "-o", str(tmp_path / "here")],
                          env=environment(), capture_output=True, text=True, timeout=300)
    there = subprocess.run([sys.executable, "-m", "gongwen", *common, "-o", str(tmp_path / "there")],
                           env=environment(GONGWEN_CLUSTER="local:2"), capture_output=True, text=True,
                           timeout=300)
    assert here.returncode == 0 and there.returncode == 0, there.stderr[-3000:]
    made = sorted(p.name for p in (tmp_path / "here").glob("*.docx"))
    assert len(made) >= 3 and made == sorted(p.name for p in (tmp_path / "there").glob("*.docx"))
    for name in made:
        assert (tmp_path / "there" / name).read_bytes() == (tmp_path / "here" / name).read_bytes()


def test_cli_names_a_cluster_it_cannot_use(tmp_path: Path) -> None:
    records = SRC.parent / "examples" / "records.yaml"
    run = subprocess.run([sys.executable, "-m", "gongwen", "report", str(records), "-o", str(tmp_path),
                          "--cluster", "scheduler:8786"], env=environment(), capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 2
    assert "--cluster：“scheduler:8786”不是集群地址" in run.stderr and "tcp://" in run.stderr
    assert not any(tmp_path.iterdir())
