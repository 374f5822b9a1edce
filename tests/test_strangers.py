"""Files from strangers, through the real command line: each case runs a batch of one good
data file and one hostile file (or a hostile district template), and must end with the good
document written, the hostile one listed as not produced with the right exit code and a
Chinese message, no traceback, and nothing read from outside the allowed directories.

Each case is classified as the closing table of the README's Hardening section counts it:
``handled`` (refused as asked), ``crashed`` (a traceback, or the good document lost) or
``escaped`` (exit 0 where a refusal was due, or a secret in the output).
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gongwen
from gongwen.incremental import MANIFEST_NAME

SRC = Path(gongwen.__file__).resolve().parents[1]
ROOT = SRC.parent
SECRET = "绝密口令-7f3a9c"
GOOD = """\
kind: annual-plan
title: 正常的督导计划
issuer: 长宁区教育督导室
date: 2026-03-02
sections:
  - title: 督导内容
    text: 检查校园安全。
"""
EVIL = """\
kind: annual-plan
title: 恶意计划
issuer: {issuer}
date: 2026-03-02
sections:
{sections}
"""
SECTION = "  - title: 督导内容\n    text: 检查校园安全。\n"
BOARD = """\
kind: notice-board
issuer: 长宁区人民政府教育督导室
school: 长宁区实验小学
inspector:
  name: 赵敏
  position: 专职督学
  phone: "13912345678"
photo: {photo}
hotline: 021-62345678
"""
GOOD_BOARD = BOARD.format(photo="good.png").replace("实验小学", "第一中学")
SEALED = "\n  name: 长宁区教育督导室\n  seal: {seal}"


def png(width: int, height: int) -> bytes:
    """A real PNG of one grey colour (a huge one compresses to little)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\0" + b"\x80" * width
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


@dataclass
class Case:
    name: str
    setup: Callable[[Path], list[str]]
    """Writes the hostile input under the case's directory; returns the extra arguments."""
    code: int
    """The exit code the hostile document's failure must have."""
    message: str
    """Chinese words its message must hold."""
    alone: bool = True
    good: str = GOOD
    """The good data file of the batch."""
    """Whether the good document must still be written: a broken ``template.yaml`` refuses
    the run's district templates as a whole, so nothing is made from a half-read set."""


def evil_data(directory: Path, *, issuer: str = "长宁区教育督导室", sections: int = 1,
              extra: str = "", title_value: str = "", kind: str = "") -> Path:
    text = EVIL.format(issuer=issuer, sections=SECTION * sections) + extra
    if kind:
        text = text.replace("kind: annual-plan", f"kind: {kind}", 1)
    if title_value:
        text = text.replace("title: 恶意计划", f"title: {title_value}", 1)
    path = directory / "data" / "evil.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def secret_file(directory: Path, name: str = "secret.txt") -> Path:
    outside = directory / "outside"
    outside.mkdir(exist_ok=True)
    path = outside / name
    path.write_text(SECRET, encoding="utf-8")
    return path


def seal_case(seal: Callable[[Path], str]) -> Callable[[Path], list[str]]:
    def setup(directory: Path) -> list[str]:
        return [str(evil_data(directory, issuer=SEALED.format(seal=seal(directory))))]
    return setup


def photo_case(photo: Callable[[Path], str]) -> Callable[[Path], list[str]]:
    def setup(directory: Path) -> list[str]:
        path = directory / "data" / "board.yaml"
        path.write_text(BOARD.format(photo=photo(directory)), encoding="utf-8")
        return [str(path), "-f", "docx,xlsx"]
    return setup


def symlink(directory: Path, name: str, target: Path) -> str:
    (directory / "data" / name).symlink_to(target)
    return name


def symlink_loop(directory: Path, name: str) -> str:
    symlink(directory, "other.png", Path(name))
    return symlink(directory, name, Path("other.png"))


def outside_png(directory: Path) -> Path:
    path = directory / "outside" / "seal.png"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(png(40, 40))
    return path


def not_image(directory: Path, name: str) -> str:
    (directory / "data" / name).write_text("这不是图片", encoding="utf-8")
    return name


def huge_png(directory: Path, name: str) -> str:
    (directory / "data" / name).write_bytes(png(20000, 20000))
    return name


def district(directory: Path, formats: dict[str, str], files: dict[str, bytes] | None = None) -> Path:
    """A district template for the hostile plan only (``match: title``)."""
    root = directory / "district"
    folder = root / "plans" / "evil"
    folder.mkdir(parents=True, exist_ok=True)
    listing = "".join(f"  {fmt}: {name}\n" for fmt, name in formats.items())
    (folder / "template.yaml").write_text(
        "id: plans/evil\ntitle: 区定制\nkind: annual-plan\nextends: base/official\n"
        f"match: {{title: 恶意计划}}\nformats:\n{listing}", encoding="utf-8")
    for name, data in (files or {}).items():
        (folder / name).write_bytes(data)
    return root


def template_case(formats: dict[str, str], files: Callable[[Path], dict[str, bytes]] | None = None,
                  fmt: str = "md") -> Callable[[Path], list[str]]:
    def setup(directory: Path) -> list[str]:
        root = district(directory, formats, files(directory) if files else None)
        return [str(evil_data(directory)), "--templates", str(root), "-f", f"docx,{fmt}"]
    return setup


def official_docx(edit: Callable[[str], str]) -> bytes:
    """The built-in Word template with its document.xml edited."""
    source = ROOT / "templates" / "base" / "official" / "official.docx"
    out = Path(os.environ.get("TMPDIR", "/tmp")) / f"gongwen-strangers-{os.getpid()}.docx"
    with zipfile.ZipFile(source) as package, zipfile.ZipFile(out, "w") as copy:
        for name in package.namelist():
            data = package.read(name)
            if name == "word/document.xml":
                data = edit(data.decode("utf-8")).encode("utf-8")
            copy.writestr(name, data)
    data = out.read_bytes()
    out.unlink()
    return data


def tag_in_cell(tag: str) -> Callable[[Path], dict[str, bytes]]:
    """docxtpl's table tags in the first cell of a table before the body."""
    table = ('<w:tbl><w:tblGrid><w:gridCol w:w="4000"/><w:gridCol w:w="4000"/></w:tblGrid><w:tr><w:tc>'
             '<w:tcPr><w:tcW w:w="4000" w:type="dxa"/></w:tcPr>'
             f'<w:p><w:r><w:t xml:space="preserve">{tag}甲</w:t>'
             '</w:r></w:p></w:tc>'
             '<w:tc><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc></w:tr></w:tbl>')
    return lambda _: evil_docx(table)


def evil_docx(prefix: str) -> dict[str, bytes]:
    """The district's Word file: the built-in one with ``prefix`` at the start of its body."""
    return {"evil.docx": official_docx(lambda xml: xml.replace("<w:body>", "<w:body>" + prefix, 1))}


def docx_case(files: Callable[[Path], dict[str, bytes]]) -> Callable[[Path], list[str]]:
    return template_case({"docx": "evil.docx"}, files, "docx")


def table_boundary_if(_: Path) -> dict[str, bytes]:
    """An ``{% if %}`` opened in a paragraph and closed inside a table cell: with the field
    absent, the table's start is cut away and its end kept."""
    table = ('<w:p><w:r><w:t>{% if number %}</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r>'
             '<w:t>{{ number }}{% endif %}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>')
    return evil_docx(table)


def malformed_docx(_: Path) -> dict[str, bytes]:
    return evil_docx("<w:p>")


def link_out_template(directory: Path) -> list[str]:
    root = district(directory, {"md": "link.md.j2"})
    (root / "plans" / "evil" / "link.md.j2").symlink_to(secret_file(directory))
    return [str(evil_data(directory)), "--templates", str(root), "-f", "docx,md"]


def directory_data(directory: Path) -> list[str]:
    path = directory / "data" / "folder.yaml"
    path.mkdir()
    return [str(path)]


CASES = [
    # confinement: a district template reads only its own directory
    Case("template-absolute", template_case({"md": "/etc/passwd"}), 3, "模板清单", alone=False),
    Case("template-dotdot", template_case({"md": "../../outside/secret.txt"}), 3, "模板清单", alone=False),
    Case("template-symlink-out", link_out_template, 3, "模板目录之外", alone=False),
    # confinement: a data file reads only its own directory (and those allowed)
    Case("seal-absolute", seal_case(lambda d: str(outside_png(d))), 2, "issuer.seal"),
    Case("seal-dotdot", seal_case(lambda d: (outside_png(d), "../outside/seal.png")[1]), 2, "issuer.seal"),
    Case("seal-symlink-secret", seal_case(lambda d: symlink(d, "seal.png", secret_file(d))), 2,
         "issuer.seal"),
    Case("photo-symlink-secret", photo_case(lambda d: symlink(d, "photo.png", secret_file(d))), 2, "photo",
         good=GOOD_BOARD),
    Case("seal-symlink-loop", seal_case(lambda d: symlink_loop(d, "seal.png")), 2, "issuer.seal"),
    # images are images, of a bounded size
    Case("seal-not-image", seal_case(lambda d: not_image(d, "seal.png")), 2, "issuer.seal"),
    Case("photo-not-image", photo_case(lambda d: not_image(d, "photo.png")), 2, "photo", good=GOOD_BOARD),
    Case("photo-20000x20000", photo_case(lambda d: huge_png(d, "photo.png")), 2, "像素过多", good=GOOD_BOARD),
    # district templates that raise other than TemplateError
    Case("template-gbk", template_case({"md": "evil.md.j2"},
                                       lambda _: {"evil.md.j2": "{{ title }} 区定制".encode("gbk")}),
         3, "UTF-8"),
    Case("template-binary", template_case({"md": "evil.md.j2"},
                                          lambda _: {"evil.md.j2": bytes(range(256)) * 4}), 3, "UTF-8"),
    Case("template-colspan", docx_case(tag_in_cell("{% colspan title %}")), 3, "colspan"),
    Case("template-colspan-huge", docx_case(tag_in_cell("{% colspan 10000000 %}")),
         3, "colspan"),
    Case("template-tc", docx_case(tag_in_cell("{% tc 2 %}")), 3, "tc"),
    Case("template-hm", docx_case(tag_in_cell("{% hm %}")), 3, "evil.docx"),
    Case("template-if-across-table", docx_case(table_boundary_if), 3, "evil.docx"),
    Case("template-malformed-xml", docx_case(malformed_docx), 3, "evil.docx"),
    # data that raises other than DataError
    Case("kind-list", lambda d: [str(evil_data(d, extra="", kind="[annual-plan]"))], 2, "kind"),
    Case("int-5000-digits", lambda d: [str(evil_data(d, title_value="1" * 5000))], 2, "位，过长"),
    Case("width-infinity", lambda d: [str(evil_data(d, extra=(
        "attachments:\n  - title: 表\n    table:\n      columns: [甲, 乙]\n      rows: [[1, 2]]\n"
        "      widths: [.inf, 1]\n")))], 2, "widths"),
    Case("sections-10000", lambda d: [str(evil_data(d, sections=10000))], 2, "sections"),
    Case("data-is-directory", directory_data, 2, "folder.yaml"),
    Case("data-is-dev-zero", lambda d: [str(d / "data" / symlink(d, "zero.yaml", Path("/dev/zero")))],
         2, "zero.yaml"),
]


def run(directory: Path, case: Case) -> subprocess.CompletedProcess[str]:
    (directory / "data").mkdir()
    (directory / "data" / "good.png").write_bytes(png(60, 80))
    good = directory / "data" / "good.yaml"
    good.write_text(case.good, encoding="utf-8")
    args = case.setup(directory)
    command = [sys.executable, "-m", "gongwen", "render", str(good), *args, "-o", str(directory / "out")]
    if "-f" not in args:
        command += ["-f", "docx"]
    return subprocess.run(command, env={**os.environ, "PYTHONPATH": str(SRC)}, capture_output=True,
                          text=True, timeout=120, cwd=directory)


def contents(path: Path) -> list[bytes]:
    """A file's bytes and, for a zip (.docx, .xlsx), each of its parts."""
    data = path.read_bytes()
    if not zipfile.is_zipfile(path):
        return [data]
    with zipfile.ZipFile(path) as package:
        return [data, *(package.read(name) for name in package.namelist())]


def outcome(case: Case, directory: Path, result: subprocess.CompletedProcess[str]) -> str:
    """handled, crashed or escaped (see the module's description), with why."""
    out = directory / "out"
    leaked = [p.name for p in out.rglob("*") if p.is_file() and any(
        secret in content for content in contents(p) for secret in (SECRET.encode(), b"root:x:0:0"))]
    if leaked:
        return f"escaped: the secret is in {leaked}"
    written = [p for p in out.glob("*.docx") if "恶意" not in p.name]
    if "Traceback" in result.stderr or (case.alone and len(written) != 1):
        return f"crashed: {result.returncode}\n{result.stderr[-3000:]}"
    if result.returncode == 0:
        return "escaped: exit 0"
    if result.returncode != case.code or case.message not in result.stderr or "未生成" not in result.stderr:
        wanted = f"wanted {case.code} and “{case.message}”"
        return f"crashed: exit {result.returncode}, {wanted}\n{result.stderr[-3000:]}"
    return "handled"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_stranger_file_fails_alone(case: Case, tmp_path: Path) -> None:
    result = run(tmp_path, case)
    assert outcome(case, tmp_path, result) == "handled"


def render_cli(*args: str | Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gongwen", "render", *map(str, args)],
                          env={**os.environ, "PYTHONPATH": str(SRC), **env}, capture_output=True,
                          text=True, timeout=300)


def body_text(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read("word/document.xml").decode("utf-8")


def test_a_file_last_written_from_another_data_file_is_made_again(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(GOOD.replace("检查校园安全", "来自甲的内容"), encoding="utf-8")
    b.write_text(GOOD.replace("检查校园安全", "来自乙的内容"), encoding="utf-8")
    out = tmp_path / "out"
    target = out / "正常的督导计划.docx"
    for source, text in ((a, "来自甲"), (b, "来自乙"), (a, "来自甲")):
        result = render_cli(source, "-o", out)
        assert result.returncode == 0, result.stderr
        assert "已是最新" not in result.stderr and text in body_text(target)
    assert "已是最新" in render_cli(a, "-o", out).stderr  # unchanged now: skipped
    gongwen.render(gongwen.load(b), out)  # written past the manifest (no batch)
    result = render_cli(a, "-o", out)
    assert "已是最新" not in result.stderr and "来自甲" in body_text(target)
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    entry = manifest["documents"]["正常的督导计划"]
    assert entry["source"] == str(a)
    assert entry["outputs"] == {target.name: hashlib.sha256(target.read_bytes()).hexdigest()}


def test_two_runs_into_one_directory_at_once_keep_both_in_the_manifest(tmp_path: Path) -> None:
    runs = []
    for name in ("甲", "乙"):
        folder = tmp_path / name
        folder.mkdir()
        for n in range(15):
            (folder / f"{n}.yaml").write_text(GOOD.replace("正常的督导计划", f"{name}区第{n}号计划"),
                                              encoding="utf-8")
        runs.append(subprocess.Popen(
            [sys.executable, "-m", "gongwen", "render", *sorted(map(str, folder.glob("*.yaml"))),
             "-o", str(tmp_path / "out")],
            env={**os.environ, "PYTHONPATH": str(SRC)}, stderr=subprocess.PIPE, text=True))
    for run_ in runs:
        assert run_.wait(timeout=300) == 0, run_.stderr.read() if run_.stderr else ""
    manifest = json.loads((tmp_path / "out" / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert len(manifest["documents"]) == 30
    assert len(list((tmp_path / "out").glob("*.docx"))) == 30
    again = render_cli(*sorted((tmp_path / "甲").glob("*.yaml")), *sorted((tmp_path / "乙").glob("*.yaml")),
                       "-o", tmp_path / "out")
    assert "已是最新，跳过 30 个文件" in again.stderr


def test_a_second_run_waits_no_longer_than_told(tmp_path: Path) -> None:
    from gongwen.render.files import directory_lock

    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    with directory_lock(tmp_path / "out"):
        result = render_cli(tmp_path / "a.yaml", "-o", tmp_path / "out", GONGWEN_LOCK_WAIT="0.3")
    assert result.returncode == 73 and "已等待 0.3 秒" in result.stderr
    assert not list((tmp_path / "out").iterdir())


def test_data_may_read_from_a_directory_the_caller_allows(tmp_path: Path) -> None:
    shared = tmp_path / "公章"
    shared.mkdir()
    (shared / "seal.png").write_bytes(png(40, 40))
    data = tmp_path / "data"
    data.mkdir()
    path = data / "sealed.yaml"
    path.write_text(EVIL.format(issuer=SEALED.format(seal="../公章/seal.png"), sections=SECTION),
                    encoding="utf-8")
    refused = render_cli(path, "-o", tmp_path / "out")
    assert refused.returncode == 2 and "issuer.seal" in refused.stderr and "--allow-dir" in refused.stderr
    allowed = render_cli(path, "-o", tmp_path / "out", "--allow-dir", shared)
    assert allowed.returncode == 0, allowed.stderr
    with zipfile.ZipFile(tmp_path / "out" / "恶意计划.docx") as package:
        assert package.read("word/media/gongwen-rIdGongwenImage1.png") == (shared / "seal.png").read_bytes()
    with gongwen.Renderer(allowed_dirs=[shared]) as renderer:
        result = gongwen.render_files([path], tmp_path / "lib", renderer=renderer)
    assert result.ok and (tmp_path / "lib" / "恶意计划.docx").is_file()
    result = gongwen.render_files([path], tmp_path / "lib2")
    assert [p.location for p in result.failures[0].error.problems] == ["issuer.seal"]
    assert result.failures[0].error.problems[0].code == "E_PATH_REFUSED"


def test_a_holiday_file_or_attached_form_outside_is_refused(tmp_path: Path) -> None:
    secret_file(tmp_path, "holidays.yaml")
    data = tmp_path / "data"
    data.mkdir()
    attached = "attachments:\n  - title: 附表\n    form: ../outside/holidays.yaml\n"
    (data / "evil.yaml").write_text(GOOD + attached, encoding="utf-8")
    with pytest.raises(gongwen.DataError) as caught:
        gongwen.load(data / "evil.yaml")
    [problem] = caught.value.problems
    assert problem.location == "attachments[0].form" and problem.code == "E_PATH_REFUSED"
    assert SECRET not in str(caught.value)


def test_colspan_in_a_district_table_spans_the_cells(tmp_path: Path) -> None:
    root = district(tmp_path, {"docx": "evil.docx"}, tag_in_cell("{% colspan 2 %}")(tmp_path))
    (tmp_path / "data").mkdir()
    result = render_cli(evil_data(tmp_path), "-o", tmp_path / "out", "--templates", root)
    assert result.returncode == 0, result.stderr
    body = body_text(tmp_path / "out" / "恶意计划.docx")
    assert '<w:gridSpan w:val="2"/>' in body and "{%" not in body


def test_a_broken_document_replaces_nothing(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    path = evil_data(tmp_path)
    out = tmp_path / "out"
    assert render_cli(path, "-o", out).returncode == 0
    before = (out / "恶意计划.docx").read_bytes()
    root = district(tmp_path, {"docx": "evil.docx"}, table_boundary_if(tmp_path))
    result = render_cli(path, "-o", out, "--templates", root, "--force")
    assert result.returncode == 3 and "{% if number %} … {% endif %}" in result.stderr
    assert "开始于段落，结束于表格→行→单元格→段落" in result.stderr
    assert (out / "恶意计划.docx").read_bytes() == before


PARTS = st.sampled_from(["..", ".", "sub", "link-out", "link-in", "seal.png", "secret.png", "/", "//"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(PARTS, min_size=1, max_size=6), absolute=st.booleans())
def test_any_seal_path_reads_inside_the_data_directory_or_is_refused(
    parts: list[str], absolute: bool, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    if not data.exists():
        (data / "sub").mkdir(parents=True)
        for folder in (data, data / "sub"):
            (folder / "seal.png").write_bytes(png(8, 8))
        (tmp_path / "secret.png").write_bytes(png(8, 8))
        (data / "link-out").symlink_to(tmp_path)
        (data / "link-in").symlink_to(data / "sub")
    name = "/".join(parts)
    seal = str(data) + "/" + name if absolute else name
    path = data / "plan.yaml"
    path.write_text(EVIL.format(issuer=SEALED.format(seal=json.dumps(seal)), sections=SECTION),
                    encoding="utf-8")
    try:
        plan = gongwen.load(path)
    except gongwen.DataError as exc:
        assert [p.location for p in exc.problems] == ["issuer.seal"]
        return
    assert plan.issuer.seal.is_relative_to(data.resolve())
    assert plan.issuer.seal == plan.issuer.seal.resolve()


def test_an_unforeseen_error_in_any_command_is_one_chinese_line(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "gongwen", "init", "/proc/gongwen-no-such-place"]
    result = subprocess.run(command, env={**os.environ, "PYTHONPATH": str(SRC)}, capture_output=True,
                            text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 70 and "Traceback" not in result.stderr
    assert result.stderr.startswith("错误：gongwen 内部错误（FileNotFoundError）")
    debug = subprocess.run(command, env={**os.environ, "PYTHONPATH": str(SRC), "GONGWEN_DEBUG": "1"},
                           capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert "Traceback" in debug.stderr


VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-10**60, max_value=10**60)
    | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=30)
    | st.sampled_from(["annual-plan", "2026-02-30", "一、", "①", "../x.png", "/etc/passwd", "{{ 1 }}"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["title", "text", "items", "table", "columns", "rows", "widths", "name", "seal",
                         "number", "style", "kind"]), children, max_size=4),
    max_leaves=12,
)
FIELDS = ["kind", "title", "date", "issuer", "sections", "attachments", "recipients", "number", "signer",
          "copy_to", "note", "subtitle"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.dictionaries(st.sampled_from(FIELDS), VALUES, min_size=1, max_size=3))
def test_any_data_fails_alone_with_a_data_or_template_error(changes: dict, tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(GOOD, encoding="utf-8")
    evil = tmp_path / "evil.json"
    data = {**yaml.load(GOOD, Loader=yaml.BaseLoader), **changes}  # every scalar a string
    data["title"] = data["title"] if data.get("title") != "正常的督导计划" else "恶意计划"
    evil.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / f"out-{os.urandom(4).hex()}"
    result = gongwen.render_files([good, evil], out, ["docx", "md"])
    assert (out / "正常的督导计划.docx").is_file() and (out / "正常的督导计划.md").is_file()
    for failure in result.failures:
        assert failure.source == str(evil)
        assert failure.error.exit_code in (2, 3), failure.error


def test_a_template_manifest_linked_from_outside_is_refused_unread(tmp_path: Path) -> None:
    folder = tmp_path / "district" / "plans" / "evil"
    folder.mkdir(parents=True)
    outside = tmp_path / "outside.yaml"
    outside.write_text(f"id: plans/evil\ntitle: {SECRET}\nkind: 不存在的类型\n", encoding="utf-8")
    (folder / "template.yaml").symlink_to(outside)
    (tmp_path / "data").mkdir()
    result = render_cli(evil_data(tmp_path), "-o", tmp_path / "out", "--templates", tmp_path / "district")
    assert result.returncode == 3 and "模板目录之外" in result.stderr and "不存在的类型" not in result.stderr
