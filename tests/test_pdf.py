"""PDF output through real LibreOffice workers: fonts, text, metadata, booklets, failures.

These tests need LibreOffice (``soffice``), ``python3-uno``, ``pdffonts`` (poppler-utils)
and the free CJK fonts. Outside CI they are skipped when LibreOffice is missing; under
CI (``CI=true``) a missing LibreOffice makes them fail instead.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Pt
from pypdf import PdfReader

import gongwen
from gongwen.errors import ConversionError
from gongwen.render.pdf import PdfConverter, PdfMetadata, PdfResult, publish
from gongwen.render.pdf.booklet import make_booklet
from gongwen.render.pdf.converter import pool_size
from gongwen.render.pdf.fonts import doctor_report, resolve_fonts
from gongwen.render.pdf.office import find_soffice, installation_key, product_version

TITLE = "关于开展二〇二四年春季开学专项督导的通知"
BODY = "各学校要认真落实责任督学挂牌督导制度，每所挂牌学校每月至少督导1天。"
LEVEL1 = "一、督导内容"
LEVEL2 = "（一）校园及周边安全"


def _run(paragraph, text: str, east_asia: str, size: float, bold: bool = False) -> None:
    """Add a run whose Chinese text uses ``east_asia`` and Latin text Times New Roman."""
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = "Times New Roman"
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)


def make_docx(path: Path, pages: int = 3, title: str = TITLE) -> Path:
    """A small 公文-like document in the official font names, ``pages`` pages long."""
    doc = Document()
    _run(doc.add_paragraph(), title, "方正小标宋简体", 22)
    for page in range(pages):
        _run(doc.add_paragraph(), LEVEL1, "黑体", 16)
        _run(doc.add_paragraph(), LEVEL2, "楷体_GB2312", 16)
        _run(doc.add_paragraph(), f"{BODY}（第{page + 1}页）", "仿宋_GB2312", 16)
        if page < pages - 1:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.save(path)
    return path


def make_slow_docx(path: Path) -> Path:
    """A document with a long table, which takes LibreOffice several seconds to lay out."""
    doc = Document()
    table = doc.add_table(rows=1500, cols=6)
    for i, row in enumerate(table.rows):
        for cell in row.cells:
            cell.text = f"督导{i}"
    doc.save(path)
    return path


def office_processes(workdir: Path) -> list[str]:
    """Command lines of processes (helpers and soffice) using the converter's profiles."""
    out = subprocess.run(["pgrep", "-af", str(workdir)], capture_output=True, text=True)
    return [line for line in out.stdout.splitlines() if "pgrep" not in line]


def wait_gone(workdir: Path, seconds: float = 15.0) -> list[str]:
    """Wait until no process uses ``workdir``; return what is left after ``seconds``."""
    deadline = time.monotonic() + seconds
    while (left := office_processes(workdir)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def pdffonts(pdf: Path) -> list[dict[str, str]]:
    """Rows of ``pdffonts``: name, type and the emb/sub/uni flags."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    rows = []
    for line in out.stdout.splitlines()[2:]:
        cols = line.split()
        rows.append({"name": cols[0], "emb": cols[-5], "sub": cols[-4], "uni": cols[-3]})
    return rows


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def converter(office: None) -> Iterator[PdfConverter]:
    with PdfConverter(workers=2) as pool:
        yield pool


@pytest.fixture(scope="module")
def converted(converter: PdfConverter, tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("converted")
    meta = PdfMetadata(title=TITLE, author="某区教育督导室", subject="通知")
    result = converter.convert(make_docx(tmp / "notice.docx"), tmp / "notice.pdf", meta)
    assert isinstance(result, PdfResult)
    return result.target


def test_every_font_embedded_and_chinese_served_by_cjk_fonts(converted: Path) -> None:
    fonts = pdffonts(converted)
    assert fonts
    assert all(f["emb"] == "yes" for f in fonts), fonts
    names = " ".join(f["name"] for f in fonts)
    assert "DejaVu" not in names
    roles = {c.role: c for c in resolve_fonts()}
    if "Liberation" in names:  # only ever as Times New Roman's stand-in, for Latin and digits
        assert "Liberation" in (roles["latin"].family or ""), names
    expected = {
        "title": "NotoSerifCJK",
        "body": "NotoSerifCJK",
        "level1": "NotoSansCJK",
        "level2": "LXGWWenKai",
    }
    for role, fragment in expected.items():
        if roles[role].substituted:
            assert fragment.lower() in names.lower(), (role, names)
    if roles["title"].substituted:  # 小标宋 stands in as the Bold weight of the serif
        assert re.search(r"NotoSerifCJK\w*-Bold", names), names


def test_page_count_and_chinese_text_extractable(converted: Path) -> None:
    reader = PdfReader(converted)
    assert len(reader.pages) == 3
    text = flat("".join(page.extract_text() for page in reader.pages))
    for expected in (TITLE, flat(BODY), LEVEL1, LEVEL2, "（第3页）"):
        assert expected in text


def test_metadata(converted: Path) -> None:
    meta = PdfReader(converted).metadata
    assert meta.title == TITLE
    assert meta.author == "某区教育督导室"
    assert meta.subject == "通知"
    assert meta.creator == f"gongwen {gongwen.__version__}"


def test_publish_writes_metadata_into_place(converted: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.pdf"
    pages = publish(converted, copy, PdfMetadata(title="工作方案", author="督导室", subject="工作方案"))
    meta = PdfReader(copy).metadata
    assert (meta.title, meta.author, meta.subject) == ("工作方案", "督导室", "工作方案")
    assert pages == len(PdfReader(copy).pages) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.pdf"]  # nothing else left


def test_metadata_appended_without_rewriting_the_pdf(converter: PdfConverter, tmp_path: Path) -> None:
    # without metadata, the PDF is published as LibreOffice wrote it
    raw = converter.convert(make_docx(tmp_path / "raw.docx"), tmp_path / "raw.pdf").target
    copy = tmp_path / "copy.pdf"
    assert publish(raw, copy, PdfMetadata(title="工作方案（修订）", author="督导室", subject="工作方案")) == 3
    original, updated = raw.read_bytes(), copy.read_bytes()
    assert updated.startswith(original)  # LibreOffice's PDF untouched, the update after it
    assert len(updated) - len(original) < 2000
    reader = PdfReader(copy, strict=True)
    assert reader.metadata.title == "工作方案（修订）"
    assert reader.metadata.creator == f"gongwen {gongwen.__version__}"
    assert reader.metadata.producer.startswith("LibreOffice")  # LibreOffice's own entries kept
    info = subprocess.run(["pdfinfo", str(copy)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Title:\s+工作方案（修订）", info) and re.search(r"Pages:\s+3", info)


def test_pool_size_from_cores_and_batch() -> None:
    assert pool_size(1, cores=2) == 1  # one document: one worker to start, not two
    assert pool_size(8, cores=2) == 1
    assert pool_size(48, cores=2) == 2
    assert pool_size(48, cores=16) == 6
    assert pool_size(None, cores=4) == 4


@pytest.mark.usefixtures("office")
def test_waiting_documents_converted_longest_first(tmp_path: Path) -> None:
    docs = {pages: make_docx(tmp_path / f"l{pages}.docx", pages=pages) for pages in (1, 2, 12, 5)}
    finished: list[int] = []
    with PdfConverter(workers=1) as pool:
        pool.convert(docs[1], tmp_path / "warm.pdf")  # the worker is ready
        futures = [pool.submit(docs[1], docs[1].with_suffix(".pdf"))]
        while not futures[0].running():  # taken by the worker: the others wait
            time.sleep(0.005)
        futures += [pool.submit(doc, doc.with_suffix(".pdf")) for pages, doc in docs.items() if pages > 1]
        for future in futures:
            future.add_done_callback(lambda done: finished.append(done.result().pages))
        pool.results(futures)
    # the first was taken at once; of those that waited, the longest went first
    assert finished == [1, 12, 5, 2]


@pytest.mark.usefixtures("office")
def test_on_two_cores_the_second_worker_starts_once_the_first_is_ready(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    doc = make_docx(tmp_path / "s.docx", pages=1)
    with PdfConverter(workers=2) as pool:
        pool.start()
        assert len(pool._starters) == 1  # one LibreOffice starting beside the caller's work
        pool._starters[0].join()
        assert pool._workers[0].running
        while len(pool._starters) < 2:
            time.sleep(0.01)
        pool._starters[1].join()
        assert all(worker.running for worker in pool._workers)
        assert isinstance(pool.convert(doc, tmp_path / "s.pdf"), PdfResult)


@pytest.mark.usefixtures("office")
def test_conversions_still_waiting_are_cancelled_when_the_pool_is_killed(tmp_path: Path) -> None:
    docs = [make_docx(tmp_path / f"k{i}.docx", pages=2) for i in range(6)]
    with PdfConverter(workers=1) as pool:
        futures = [pool.submit(doc, doc.with_suffix(".pdf")) for doc in docs]
        pool.kill()
        for future in futures:  # every one ends: none is left for a caller to wait on forever
            assert future.cancelled() or isinstance(future.result(timeout=60), (PdfResult, ConversionError))
        assert any(future.cancelled() for future in futures)


@pytest.mark.usefixtures("office")
def test_warm_profile_made_once_started_ahead_and_documents_submitted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    docs = [make_docx(tmp_path / f"w{i}.docx", pages=i + 1) for i in range(3)]
    soffice = find_soffice()
    older = tmp_path / "cache" / "gongwen" / f"lo-profile-{installation_key(soffice)}"  # a format before
    (older / "user").mkdir(parents=True)
    with PdfConverter(workers=2) as pool:
        pool.start()  # returns at once; the workers start in the background
        futures = [pool.submit(doc, doc.with_suffix(".pdf")) for doc in docs]
        results = pool.results(futures)
        workdir = pool.workdir
        for starter in pool._starters:
            starter.join()
        profiles = sorted(workdir.glob("worker*"))
        assert len(profiles) == 2
        assert all((p / "user" / "registrymodifications.xcu").is_file() for p in profiles)
    assert [r.pages for r in results] == [1, 2, 3]
    made = list((tmp_path / "cache" / "gongwen").glob("lo-profile-*"))  # the older one replaced
    assert len(made) == 1 and (made[0] / "user" / "registrymodifications.xcu").is_file()
    assert not list(made[0].parent.glob(".lo-profile-*"))  # no half-made profile left
    assert wait_gone(workdir) == []
    (older / "user").mkdir(parents=True)  # one left by an earlier gongwen once the new one is there
    with PdfConverter(workers=1) as pool:
        pool.convert(docs[0], docs[0].with_suffix(".again.pdf"))
    assert list((tmp_path / "cache" / "gongwen").glob("lo-profile-*")) == made


@pytest.mark.usefixtures("office")
def test_workers_skip_libreoffice_graphics_self_tests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The warm profile records the installation's version as the last one run, so a worker's
    LibreOffice does not take its start for the first after an upgrade and run its graphics
    self-tests (which rewrite GraphicsRenderTests.log in the profile)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    doc = make_docx(tmp_path / "v.docx")
    with PdfConverter(workers=1) as pool:
        pool.convert(doc, doc.with_suffix(".pdf"))
        worker = pool._workers[0].profile
        template = pool.template()
        assert worker is not None and template is not None
        settings = (worker / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")
        version = product_version(pool.soffice)
        assert version and re.fullmatch(r"\d+\.\d+", version)
        assert f'ooSetupLastVersion" oor:op="fuse"><value>{version}</value>' in settings
        log = "user/GraphicsRenderTests.log"
        if (template / log).exists():  # copied with its time, and not written again
            assert (worker / log).stat().st_mtime_ns == (template / log).stat().st_mtime_ns
        else:
            assert not (worker / log).exists()
    assert doc.with_suffix(".pdf").is_file()


def test_booklet_outline_page_labels_and_metadata(converter: PdfConverter, tmp_path: Path) -> None:
    jobs = [
        (make_docx(tmp_path / f"d{i}.docx", pages=i + 1, title=f"文件{i}"), tmp_path / f"d{i}.pdf")
        for i in range(3)
    ]
    results = converter.convert_many(jobs)
    assert [r.pages for r in results] == [1, 2, 3]
    booklet = make_booklet(
        [(r.target, f"第{i + 1}号文件") for i, r in enumerate(results)],
        tmp_path / "out" / "booklet.pdf",
        PdfMetadata(title="督导文件汇编", author="某区教育督导室", subject="汇编"),
    )
    assert booklet.pages == 6 and booklet.starts == [0, 1, 3]
    reader = PdfReader(booklet.target)
    top = [item for item in reader.outline if not isinstance(item, list)]
    assert [item.title for item in top] == ["第1号文件", "第2号文件", "第3号文件"]
    assert [reader.get_destination_page_number(item) for item in top] == [0, 1, 3]
    assert reader.page_labels == ["1", "2", "3", "4", "5", "6"]
    assert reader.metadata.title == "督导文件汇编"
    assert "文件2" in flat(reader.pages[3].extract_text())


def test_booklet_without_parts_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConversionError, match="汇编"):
        make_booklet([], tmp_path / "empty.pdf")


def test_missing_source_is_reported(converter: PdfConverter, tmp_path: Path) -> None:
    results = converter.convert_many([(tmp_path / "nope.docx", tmp_path / "nope.pdf")])
    assert isinstance(results[0], ConversionError)
    assert not (tmp_path / "nope.pdf").exists()


def test_unreadable_document_fails_without_partial_output(converter: PdfConverter, tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 this is not a zip")
    good = make_docx(tmp_path / "good.docx", pages=1)
    bad_result, good_result = converter.convert_many(
        [(bad, tmp_path / "bad.pdf"), (good, tmp_path / "good.pdf")]
    )
    assert isinstance(bad_result, ConversionError)
    assert isinstance(good_result, PdfResult)
    assert not (tmp_path / "bad.pdf").exists()
    assert not list(tmp_path.glob(".*.part"))


def test_missing_libreoffice_gives_install_advice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GONGWEN_SOFFICE", "/nonexistent/soffice")
    with pytest.raises(ConversionError) as info:
        PdfConverter()
    assert "apt-get install libreoffice-writer-nogui" in str(info.value)
    assert "fonts-noto-cjk" in str(info.value)


def test_doctor_report_names_a_font_file_per_role(converter: PdfConverter) -> None:
    report = doctor_report()
    assert report.ok, report.lines()
    assert report.version and "LibreOffice" in report.version
    assert all(choice.file and choice.file.exists() for choice in report.fonts)
    text = "\n".join(report.lines())
    assert "仿宋_GB2312" in text and str(report.soffice) in text


@pytest.mark.usefixtures("office")
def test_worker_killed_mid_batch_the_batch_still_completes(tmp_path: Path) -> None:
    docs = [make_docx(tmp_path / f"k{i}.docx", pages=20) for i in range(8)]
    jobs = [(doc, doc.with_suffix(".pdf")) for doc in docs]
    with PdfConverter(workers=2) as pool:

        def kill_one_office() -> None:
            while not (tmp_path / "k0.pdf").exists() and not (tmp_path / "k1.pdf").exists():
                time.sleep(0.05)
            out = subprocess.run(
                ["pgrep", "-f", f"soffice.bin.*{pool.workdir}/worker0"],
                capture_output=True,
                text=True,
            )
            for pid in out.stdout.split():
                os.kill(int(pid), signal.SIGKILL)

        killer = threading.Thread(target=kill_one_office)
        killer.start()
        results = pool.convert_many(jobs)
        killer.join()
        workdir = pool.workdir
    assert all(isinstance(r, PdfResult) for r in results), results
    assert any(r.attempts == 2 for r in results), [r.attempts for r in results]
    assert all(len(PdfReader(p).pages) == 20 for _, p in jobs)
    assert wait_gone(workdir) == []


@pytest.mark.usefixtures("office")
def test_timeout_reports_the_document_and_converts_the_others(tmp_path: Path) -> None:
    slow = make_slow_docx(tmp_path / "slow.docx")
    small = [make_docx(tmp_path / f"s{i}.docx", pages=1) for i in range(3)]
    jobs = [(small[0], tmp_path / "s0.pdf"), (slow, tmp_path / "slow.pdf")]
    jobs += [(small[1], tmp_path / "s1.pdf"), (small[2], tmp_path / "s2.pdf")]
    with PdfConverter(workers=2, timeout=2.0) as pool:
        results = pool.convert_many(jobs)
        workdir = pool.workdir
    assert isinstance(results[1], ConversionError)
    assert "slow.docx" in str(results[1]) and "超过 2 秒" in str(results[1])
    assert [isinstance(r, PdfResult) for r in results] == [True, False, True, True]
    assert not (tmp_path / "slow.pdf").exists()
    assert wait_gone(workdir) == []


@pytest.mark.usefixtures("office")
def test_workers_recycled_after_n_conversions(tmp_path: Path) -> None:
    doc = make_docx(tmp_path / "r.docx", pages=1)
    with PdfConverter(workers=1, recycle_after=2) as pool:
        results = pool.convert_many([(doc, tmp_path / f"r{i}.pdf") for i in range(5)])
        assert all(isinstance(r, PdfResult) for r in results)
        assert pool._workers[0].generation == 3
        workdir = pool.workdir
    assert wait_gone(workdir) == []


@pytest.mark.usefixtures("office")
def test_office_temporary_files_go_with_the_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))  # where LibreOffice would leave its lu*.tmp folders
    doc = make_docx(tmp_path / "t.docx", pages=1)
    with PdfConverter(workers=2) as pool:
        assert all(isinstance(r, PdfResult) for r in pool.convert_many([(doc, tmp_path / f"t{i}.pdf")
                                                                          for i in range(3)]))
        pool._workers[0].kill()  # killed as on a timeout: soffice gets no chance to clean up
        pool._workers[1].kill()
        assert isinstance(pool.convert(doc, tmp_path / "t3.pdf"), PdfResult)
        workdir = pool.workdir
    assert wait_gone(workdir) == []
    assert list(scratch.iterdir()) == []


@pytest.mark.usefixtures("office")
def test_exception_inside_the_context_leaves_no_office_running(tmp_path: Path) -> None:
    doc = make_docx(tmp_path / "e.docx", pages=1)
    with pytest.raises(RuntimeError), PdfConverter(workers=2) as pool:
        pool.convert(doc, tmp_path / "e.pdf")
        workdir = pool.workdir
        assert office_processes(workdir)
        raise RuntimeError("boom")
    assert wait_gone(workdir, seconds=1) == []
    assert not workdir.exists()


SCRIPT = textwrap.dedent(
    """
    import sys, time
    from gongwen.render.pdf import PdfConverter
    pool = PdfConverter(workers=1)
    pool.convert(sys.argv[1], sys.argv[2])
    print(pool.workdir, flush=True)
    time.sleep(60)
    """
)


@pytest.mark.usefixtures("office")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_no_office_outlives_a_killed_run(tmp_path: Path, signum: int) -> None:
    doc = make_docx(tmp_path / "p.docx", pages=1)
    env = {**os.environ, "PYTHONPATH": str(Path(gongwen.__file__).parents[1])}
    child = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(doc), str(tmp_path / "p.pdf")],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    workdir = Path(child.stdout.readline().strip())
    assert office_processes(workdir)
    child.send_signal(signum)
    child.wait(timeout=30)
    child.stdout.close()
    assert wait_gone(workdir) == []
    deadline = time.monotonic() + 15
    while workdir.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not workdir.exists(), list(workdir.rglob("*"))[:5]
