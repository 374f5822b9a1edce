"""`gongwen render -f pdf`, `--booklet` and `gongwen doctor` on the example data.

Like test_pdf.py these use the real LibreOffice; under CI its absence is a failure.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

import gongwen
from gongwen.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PLAN = EXAMPLES / "annual-plan.yaml"
SCHEME = EXAMPLES / "work-scheme.yaml"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.usefixtures("office")
def test_render_docx_and_pdf_with_booklet(tmp_path: Path) -> None:
    booklet = tmp_path / "汇编.pdf"
    result = run(
        "render", str(PLAN), str(SCHEME), "-o", str(tmp_path), "-f", "docx,pdf", "--booklet", str(booklet)
    )
    assert result.exit_code == 0, result.output
    pdfs = sorted(p for p in tmp_path.glob("*.pdf") if p != booklet)
    assert len(pdfs) == 2 and len(list(tmp_path.glob("*.docx"))) == 2
    plan_pdf = next(p for p in pdfs if "工作计划" in p.name)
    meta = PdfReader(plan_pdf).metadata
    assert meta.title == plan_pdf.stem
    assert meta.author == "长宁区教育督导室"
    assert meta.subject and meta.creator == f"gongwen {gongwen.__version__}"
    text = "".join(page.extract_text() for page in PdfReader(plan_pdf).pages)
    assert "教育督导" in text
    fonts = subprocess.run(["pdffonts", str(plan_pdf)], capture_output=True, text=True).stdout
    assert "DejaVu" not in fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])

    scheme_pdf = next(p for p in pdfs if p != plan_pdf)
    reader = PdfReader(booklet)
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles == [PdfReader(p).metadata.title for p in (plan_pdf, scheme_pdf)]
    assert len(reader.pages) == sum(len(PdfReader(p).pages) for p in pdfs)
    assert reader.page_labels == [str(n) for n in range(1, len(reader.pages) + 1)]


@pytest.mark.usefixtures("office")
def test_pdf_only_leaves_no_docx(tmp_path: Path) -> None:
    result = run("render", str(PLAN), "-o", str(tmp_path), "-f", "pdf")
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("*.pdf"))) == 1
    assert not list(tmp_path.rglob("*.docx"))


@pytest.mark.usefixtures("office")
def test_library_render_pdf(tmp_path: Path) -> None:
    paths = gongwen.render(gongwen.load(PLAN), tmp_path, formats=["pdf", "docx"])
    assert sorted(p.suffix for p in paths) == [".docx", ".pdf"]
    assert len(PdfReader(next(p for p in paths if p.suffix == ".pdf")).pages) >= 1


def test_missing_libreoffice_still_writes_docx_and_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GONGWEN_SOFFICE", str(tmp_path / "no-soffice"))
    result = run("render", str(PLAN), str(SCHEME), "-o", str(tmp_path / "out"), "-f", "docx,pdf")
    assert result.exit_code == 4
    assert len(list((tmp_path / "out").glob("*.docx"))) == 2
    assert not list((tmp_path / "out").glob("*.pdf"))
    assert result.output.count("apt-get install libreoffice-writer-nogui") == 1
    assert "Traceback" not in result.output


def test_booklet_needs_pdf_format(tmp_path: Path) -> None:
    result = run("render", str(PLAN), "-o", str(tmp_path), "-f", "docx", "--booklet", str(tmp_path / "b.pdf"))
    assert result.exit_code == 3
    assert "pdf" in result.output


@pytest.mark.usefixtures("office")
def test_doctor_reports_libreoffice_and_fonts() -> None:
    result = run("doctor")
    assert result.exit_code == 0, result.output
    assert "LibreOffice" in result.output
    for name in ("方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"):
        assert name in result.output
    assert ".ttc" in result.output or ".ttf" in result.output or ".otf" in result.output


@pytest.mark.usefixtures("office")
def test_pdf_of_a_chinese_file_name_under_the_c_locale(tmp_path: Path) -> None:
    """A service or cron job often runs with LANG=C; the PDF must still come out."""
    env = {**os.environ, "LANG": "C", "LC_ALL": "C", "TZ": "Pacific/Kiritimati",
           "PYTHONPATH": str(Path(gongwen.__file__).resolve().parents[1])}
    result = subprocess.run(
        [sys.executable, "-m", "gongwen", "render", str(PLAN), "-o", str(tmp_path / "输出"), "-f", "pdf"],
        env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    [pdf] = (tmp_path / "输出").glob("*.pdf")
    assert "督导" in pdf.name and len(PdfReader(pdf).pages) >= 1


EARLY = """
import sys
from gongwen.render.pdf import converter

started = converter.PdfConverter.start

def start(self, count=None):
    print("loaded:", " ".join(m for m in ("gongwen.batch", "gongwen.models.base", "pydantic", "docx")
                               if m in sys.modules), flush=True)
    started(self, count)

converter.PdfConverter.start = start
from gongwen.cli import main
main()
"""


@pytest.mark.usefixtures("office")
@pytest.mark.parametrize("command", ["render", "report"])
def test_pdf_commands_start_libreoffice_before_loading_the_library(tmp_path: Path, command: str) -> None:
    data = EXAMPLES / ("notice.yaml" if command == "render" else "records.yaml")
    env = {**os.environ, "PYTHONPATH": str(Path(gongwen.__file__).parents[1])}
    done = subprocess.run([sys.executable, "-c", EARLY, command, str(data), "-o", str(tmp_path), "-f", "pdf",
                           "--date", "2026-11-22"][: None if command == "report" else -2],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    starts = [line.split()[1:] for line in done.stdout.splitlines() if line.startswith("loaded:")]
    assert starts[0] == []  # the first start comes before any of the library's heavy modules
    assert list(tmp_path.glob("*.pdf"))
