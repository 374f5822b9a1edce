"""Data loaded inside ``confined(root)`` (how `gongwen serve` loads what it is sent) may name
only files inside root; outside it nothing is read. A renderer given a shared PDF pool
leaves it open for the others."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from gongwen import Renderer
from gongwen.errors import DataError
from gongwen.loaders import confined, load
from gongwen.models import Notice
from gongwen.models.schedule import VisitSchedule
from gongwen.render.pdf import PdfConverter

NOTICE = ("kind: notice\ntitle: 通知\ndate: 2026-03-01\n"
          "issuer: {{name: 长宁区教育督导室, seal: {seal}}}\nsections: [{{title: 一, text: 正文}}]\n")


def write(directory: Path, seal: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "notice.yaml"
    path.write_text(NOTICE.format(seal=seal), encoding="utf-8")
    return path


def test_a_file_inside_is_read(tmp_path: Path) -> None:
    (tmp_path / "req").mkdir()
    Image.new("RGB", (8, 8), "red").save(tmp_path / "req" / "seal.png")
    with confined(tmp_path / "req"):
        notice = load(write(tmp_path / "req", "seal.png"), Notice)
    assert notice.issuer.seal == tmp_path / "req" / "seal.png"


@pytest.mark.parametrize("seal", ["../outside/seal.png", "/etc/seal.png"])
def test_a_file_outside_is_a_problem_of_the_data(tmp_path: Path, seal: str) -> None:
    (tmp_path / "outside").mkdir()
    Image.new("RGB", (8, 8), "red").save(tmp_path / "outside" / "seal.png")
    path = write(tmp_path / "req", seal)
    if not seal.startswith("/"):  # the command line may, with --allow-dir; the service never
        assert load(path, Notice, [tmp_path / "outside"]).issuer.seal.parent.name == "outside"
        with confined(tmp_path / "req"), pytest.raises(DataError):
            load(path, Notice, [tmp_path / "outside"])
    with confined(tmp_path / "req"), pytest.raises(DataError) as caught:
        load(path, Notice)
    [problem] = caught.value.problems
    assert problem.location == "issuer.seal"
    assert "不在服务的工作目录内" in problem.message and problem.line == 4


def test_an_included_holiday_file_outside_is_never_read(tmp_path: Path) -> None:
    (tmp_path / "secret.yaml").write_text("year: 2026\n", encoding="utf-8")
    schedule = tmp_path / "req" / "schedule.yaml"
    schedule.parent.mkdir()
    schedule.write_text("kind: schedule\nholidays: [../secret.yaml]\n", encoding="utf-8")
    with confined(tmp_path / "req"), pytest.raises(DataError) as caught:
        load(schedule, VisitSchedule)
    located = {p.location: p.message for p in caught.value.problems}
    assert "不在服务的工作目录内" in located["holidays[0]"]


def test_a_shared_pool_outlives_the_renderer() -> None:
    with PdfConverter(1) as pool:
        renderer = Renderer(pdf=pool)
        renderer.close()
        assert renderer.pdf_converter() is pool
