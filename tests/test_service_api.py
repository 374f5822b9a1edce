"""`gongwen serve` over HTTP: a real uvicorn process on a loopback port, driven with httpx;
every file it returns is read back (the .docx XML, the PDF text, the zip's members)."""

from __future__ import annotations

import io
import json
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml
from docx import Document as WordDocument
from pypdf import PdfReader

from _service import Server, soffice_under
from conftest import EXAMPLES, Docx
from gongwen.registry import Registry

TOKEN = "test-token-7f3a"
TOKEN_HEADER = {"Authorization": f"Bearer {TOKEN}"}
PLAN = (EXAMPLES / "annual-plan.yaml").read_bytes()
PLAN_TITLE = "长宁区教育督导室2026年教育督导工作计划"
MARK = "长宁区自定模板标记"
STOPPED = (0, -15)
"""Exit statuses of a clean stop: uvicorn finishes, then re-raises the SIGTERM it caught."""


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A district's template directory whose notice template says so in its Markdown."""
    directory = tmp_path_factory.mktemp("templates") / "长宁区"
    Registry.default().export("plans/notice", directory)
    markdown = directory / "plans" / "notice" / "notice.md.j2"
    markdown.write_text(f"{MARK}\n\n" + markdown.read_text(encoding="utf-8"), encoding="utf-8")
    return directory


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, district: Path) -> Iterator[Server]:
    workdir = tmp_path_factory.mktemp("serve") / "work"
    (workdir / "requests" / "r-stale").mkdir(parents=True)
    (workdir / "requests" / "r-stale" / "left.docx").write_bytes(b"from a killed run")
    running = Server(workdir, "--templates", str(district), "--workers", "1",
                     GONGWEN_TOKEN=TOKEN, GONGWEN_MAX_UPLOAD_MB="1")
    yield running
    running.stop()


@pytest.fixture
def client(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, headers=TOKEN_HEADER, timeout=180) as http:
        yield http


def plan_data() -> dict:
    """The example plan as JSON data (dates as the strings a JSON client sends)."""
    return json.loads(json.dumps(yaml.safe_load(PLAN), default=str))


def members(response: httpx.Response) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def docx_of(content: bytes, tmp_path: Path, name: str = "out.docx") -> Docx:
    path = tmp_path / name
    path.write_bytes(content)
    return Docx(path)


def test_start_up_removes_what_a_previous_run_left(server: Server) -> None:
    assert not (server.workdir / "requests" / "r-stale").exists()


def test_yaml_in_docx_out(client: httpx.Client, tmp_path: Path) -> None:
    response = client.post("/api/v1/documents", content=PLAN, headers={"Content-Type": "application/yaml"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in response.headers["content-disposition"]
    docx = docx_of(response.content, tmp_path)
    assert PLAN_TITLE in docx.body_text()
    assert "做好区人民政府履行教育职责评价工作" in docx.body_text()


def test_json_in_docx_and_pdf_out_as_a_zip(client: httpx.Client, tmp_path: Path) -> None:
    response = client.post("/api/v1/documents", params={"formats": "docx,pdf"}, json=plan_data())
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    files = members(response)
    assert sorted(files) == [f"{PLAN_TITLE}.docx", f"{PLAN_TITLE}.pdf"]
    assert PLAN_TITLE in docx_of(files[f"{PLAN_TITLE}.docx"], tmp_path).body_text()
    pdf = PdfReader(io.BytesIO(files[f"{PLAN_TITLE}.pdf"]))
    assert len(pdf.pages) >= 3
    assert "指导思想" in "".join(page.extract_text() for page in pdf.pages).replace(" ", "")
    assert pdf.metadata.title == PLAN_TITLE


def test_invalid_data_is_422_with_the_command_lines_problems(client: httpx.Client) -> None:
    data = plan_data()
    del data["title"]
    data["date"] = "2026-02-30"
    response = client.post("/api/v1/documents", json=data)
    assert response.status_code == 422
    error = response.json()
    assert error["code"] == "E_DATA"
    located = {p["location"]: p for p in error["problems"]}
    assert located["title"]["message"] == "缺少必填项"
    assert "date" in located and located["date"]["code"]
    assert set(located["title"]) == {"code", "location", "line", "message", "suggestion"}
    assert "/requests/" not in response.text  # no path of the server's work directory


def test_yaml_problems_name_the_line(client: httpx.Client) -> None:
    text = PLAN.decode("utf-8").replace("kind: annual-plan", "kind: annual-plan\ntitel: 笔误", 1)
    line = text.splitlines().index("titel: 笔误") + 1
    response = client.post("/api/v1/documents", content=text.encode(),
                           headers={"Content-Type": "application/yaml"})
    assert response.status_code == 422
    [problem] = [p for p in response.json()["problems"] if p["location"] == "titel"]
    assert problem["line"] == line
    assert problem["message"] == "不认识的字段（是否为“title”？）" and problem["suggestion"]


def test_a_file_outside_the_work_directory_is_never_read(client: httpx.Client) -> None:
    data = json.loads(json.dumps(yaml.safe_load((EXAMPLES / "notice.yaml").read_bytes()), default=str))
    data["issuer"]["seal"] = "/etc/seal.png"
    response = client.post("/api/v1/documents", json=data)
    assert response.status_code == 422
    [problem] = response.json()["problems"]
    assert problem["location"] == "issuer.seal"
    assert "不在服务的工作目录内" in problem["message"]
    data["issuer"]["seal"] = "../../../../../../etc/seal.png"
    assert "不在服务的工作目录内" in client.post("/api/v1/documents", json=data).text


def test_unknown_format_and_media_type(client: httpx.Client) -> None:
    response = client.post("/api/v1/documents", params={"formats": "docx,odt"}, json={})
    assert response.status_code == 422
    assert "odt" in response.json()["message"]
    response = client.post("/api/v1/documents", content=b"x", headers={"Content-Type": "image/png"})
    assert response.status_code == 415
    assert response.json()["code"] == "E_MEDIA_TYPE"


def test_the_token_is_required(server: Server) -> None:
    response = httpx.post(f"{server.url}/api/v1/documents", content=PLAN,
                          headers={"Content-Type": "application/yaml"})
    assert response.status_code == 401
    assert response.json()["code"] == "E_UNAUTHORIZED"
    wrong = httpx.get(f"{server.url}/api/v1/templates", headers={"Authorization": "Bearer x"})
    assert wrong.status_code == 401
    assert httpx.get(f"{server.url}/healthz").status_code == 200  # monitoring needs no token


def test_too_large_is_413(client: httpx.Client) -> None:
    big = b"# " + b"x" * (1024 * 1024) + b"\n"
    response = client.post("/api/v1/documents", content=big, headers={"Content-Type": "application/yaml"})
    assert response.status_code == 413
    assert response.json()["code"] == "E_TOO_LARGE"
    upload = client.post("/api/v1/check", files={"file": ("大.docx", big)})
    assert upload.status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(20):
            yield b"#" * 100_000 + b"\n"

    streamed = client.post("/api/v1/documents", content=chunks(),
                           headers={"Content-Type": "application/yaml"})
    assert streamed.status_code == 413
    assert streamed.json()["code"] == "E_TOO_LARGE"


def test_the_districts_templates(client: httpx.Client) -> None:
    listing = {entry["district"]: entry["templates"] for entry in client.get("/api/v1/templates").json()}
    assert set(listing) == {"内置", "长宁区"}
    notice = (EXAMPLES / "notice.yaml").read_bytes()
    own = client.post("/api/v1/documents", params={"formats": "md", "district": "长宁区"}, content=notice,
                      headers={"Content-Type": "application/yaml"})
    assert own.status_code == 200
    assert own.text.startswith(MARK)
    built_in = client.post("/api/v1/documents", params={"formats": "md"}, content=notice,
                           headers={"Content-Type": "application/yaml"})
    assert MARK not in built_in.text
    unknown = client.post("/api/v1/documents", params={"district": "无此区"}, content=notice,
                          headers={"Content-Type": "application/yaml"})
    assert unknown.status_code == 422
    assert "长宁区" in unknown.json()["message"]


def test_schemas_and_kinds(client: httpx.Client) -> None:
    schema = client.get("/api/v1/schemas/annual-plan").json()
    assert schema["$schema"].endswith("2020-12/schema")
    assert "sections" in schema["properties"]
    assert client.get("/api/v1/schemas/nothing").status_code == 404
    kinds = {k["name"]: k for k in client.get("/api/v1/kinds").json()}
    assert kinds["annual-plan"]["label"] == "年度工作计划"
    assert "records" not in kinds  # data, not a document


def test_openapi_describes_the_api(server: Server) -> None:
    paths = httpx.get(f"{server.url}/openapi.json").json()["paths"]
    for path in ("/api/v1/documents", "/api/v1/batches", "/api/v1/batches/{ident}",
                 "/api/v1/batches/{ident}/result", "/api/v1/check", "/api/v1/import",
                 "/api/v1/schemas/{kind}", "/api/v1/templates", "/healthz"):
        assert path in paths
    assert httpx.get(f"{server.url}/docs").status_code == 200


def test_check_a_word_document(client: httpx.Client, tmp_path: Path) -> None:
    word = WordDocument()
    word.add_paragraph("关于开展专项督导的通知")
    word.add_paragraph("各学校：")
    word.add_paragraph("现将有关事项通知如下。")
    path = tmp_path / "来文.docx"
    word.save(path)
    response = client.post("/api/v1/check", files={"file": ("来文.docx", path.read_bytes())})
    assert response.status_code == 200
    [report] = response.json()
    assert report["file"] == "来文.docx"
    assert not report["ok"] and report["errors"] > 0
    assert all({"severity", "message"} <= set(f) for f in report["findings"])
    damaged = client.post("/api/v1/check", files={"file": ("坏.docx", b"not a zip")})
    assert damaged.status_code == 422
    assert "坏.docx" in damaged.json()["message"]


def test_check_with_pages(client: httpx.Client) -> None:
    made = client.post("/api/v1/documents", content=PLAN, headers={"Content-Type": "application/yaml"})
    response = client.post("/api/v1/check", files={"file": ("计划.docx", made.content)},
                           data={"pages": "true"})
    assert response.status_code == 200, response.text
    docx, pages = response.json()
    assert docx["ok"] and pages["kind"] == "PDF版面" and pages["ok"], pages


def test_import_a_word_document(client: httpx.Client, tmp_path: Path) -> None:
    made = client.post("/api/v1/documents", content=(EXAMPLES / "notice.yaml").read_bytes(),
                       headers={"Content-Type": "application/yaml"})
    response = client.post("/api/v1/import", files={"file": ("通知.docx", made.content)})
    assert response.status_code == 200, response.text
    result = response.json()
    [document] = result["documents"]
    assert document["title"] == "关于开展2026年秋季开学专项督导的通知"
    assert result["complete"] == [True]
    assert "title: 关于开展2026年秋季开学专项督导的通知" in result["yaml"][0]
    again = client.post("/api/v1/documents", json=document)  # the imported data renders again
    assert again.status_code == 200
    assert document["title"] in docx_of(again.content, tmp_path).body_text()


def test_a_workbook_batch(client: httpx.Client, tmp_path: Path) -> None:
    workbook = (EXAMPLES / "督导数据.xlsx").read_bytes()
    started = client.post("/api/v1/batches", files={"file": ("督导数据.xlsx", workbook)},
                          data={"date": "2026-11-22"})
    assert started.status_code == 202
    ident = started.json()["id"]
    assert client.get(f"/api/v1/batches/{ident}/result").status_code in (200, 409)
    seen = []
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        status = client.get(f"/api/v1/batches/{ident}").json()
        seen.append(status["progress"]["done"])
        if status["state"] in ("done", "failed"):
            break
        time.sleep(0.3)
    assert status["state"] == "done", status
    assert seen == sorted(seen) and seen[-1] == status["progress"]["total"] == 3
    assert status["failures"] == []
    result = client.get(status["result"])
    assert result.status_code == 200
    files = members(result)
    assert set(files) == set(status["outputs"])
    reports = [name for name in files if name.startswith("视导报告/")]
    assert len(reports) >= 10
    assert any(name.startswith("整改通知/") for name in files)
    assert any(name.startswith("工作总结/") and name.endswith("统计表.xlsx") for name in files)
    school = Path(reports[0]).stem.removesuffix("视导报告")
    assert school in docx_of(files[reports[0]], tmp_path).body_text()
    assert client.get("/api/v1/batches/nothing").status_code == 404


def test_a_broken_workbook_batch_fails_with_its_problems(client: httpx.Client) -> None:
    started = client.post("/api/v1/batches", files={"file": ("records.yaml", b"kind: records\n")})
    ident = started.json()["id"]
    deadline = time.monotonic() + 60
    while (status := client.get(f"/api/v1/batches/{ident}").json())["state"] not in ("done", "failed"):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert status["state"] == "failed"
    assert status["error"]["code"] == "E_DATA" and status["error"]["problems"]
    assert status["error"]["source"] == "records.yaml"
    assert client.get(f"/api/v1/batches/{ident}/result").status_code == 409


def test_access_log_is_json_lines(server: Server, client: httpx.Client) -> None:
    kinds = client.get("/api/v1/kinds", params={"from": "log-test"})
    httpx.get(f"{server.url}/api/v1/kinds")  # 401
    client.post("/api/v1/documents", json={"kind": "notice"})  # 422
    entries = [json.loads(line) for line in server.log_lines() if line.startswith("{")]
    entry = next(e for e in entries if e["id"] == kinds.headers["x-request-id"])
    assert entry["path"] == "/api/v1/kinds" and entry["query"] == "from=log-test"
    assert entry["status"] == 200 and entry["method"] == "GET" and entry["ms"] >= 0
    assert entry["out"] == len(kinds.content) and entry["client"] == "127.0.0.1"
    assert {e["status"] for e in entries} >= {200, 401, 422}


def test_a_full_queue_is_503_with_retry_after(tmp_path: Path) -> None:
    server = Server(tmp_path / "busy", GONGWEN_JOBS="1", GONGWEN_QUEUE="1")
    statuses: list[httpx.Response] = []
    try:
        def post() -> None:
            statuses.append(httpx.post(f"{server.url}/api/v1/documents", params={"formats": "pdf"},
                                       content=PLAN, headers={"Content-Type": "application/yaml"},
                                       timeout=300))

        threads = [threading.Thread(target=post) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        assert server.stop() in STOPPED
    busy = [r for r in statuses if r.status_code == 503]
    done = [r for r in statuses if r.status_code == 200]
    assert len(busy) + len(done) == 6 and busy and done
    assert all(r.headers["retry-after"] == "10" and r.json()["code"] == "E_BUSY" for r in busy)
    assert all(PdfReader(io.BytesIO(r.content)).pages for r in done)
    assert soffice_under(tmp_path / "busy") == []


def test_shutdown_finishes_the_work_and_leaves_no_soffice(tmp_path: Path) -> None:
    workdir = tmp_path / "stopping"
    server = Server(workdir)
    answers: list[httpx.Response] = []
    request = threading.Thread(target=lambda: answers.append(httpx.post(
        f"{server.url}/api/v1/documents", params={"formats": "pdf"}, content=PLAN,
        headers={"Content-Type": "application/yaml"}, timeout=300)))
    request.start()
    time.sleep(1.0)  # the conversion is under way
    assert server.stop() in STOPPED
    request.join()
    assert answers[0].status_code == 200
    assert PdfReader(io.BytesIO(answers[0].content)).metadata.title == PLAN_TITLE
    assert soffice_under(workdir) == []
    assert sorted(p.name for p in workdir.iterdir()) == []


def test_the_serve_command(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from gongwen.cli import main

    shown = CliRunner().invoke(main, ["serve", "--help"])
    assert shown.exit_code == 0
    for option in ("--host", "--port", "--workers", "--templates", "--workdir"):
        assert option in shown.output
    missing = CliRunner().invoke(main, ["serve", "--templates", str(tmp_path / "无此目录")])
    assert missing.exit_code == 64 and "无此目录" in missing.output  # a usage error


def test_past_the_time_limit_is_504_and_the_files_go_when_the_work_ends(tmp_path: Path) -> None:
    workdir = tmp_path / "slow"
    server = Server(workdir, GONGWEN_REQUEST_TIMEOUT="0.5")
    try:  # the first PDF also starts LibreOffice: seconds, not half of one
        response = httpx.post(f"{server.url}/api/v1/documents", params={"formats": "pdf"}, content=PLAN,
                              headers={"Content-Type": "application/yaml"}, timeout=120)
        assert response.status_code == 504
        assert response.json()["code"] == "E_TIMEOUT"
        assert "GONGWEN_REQUEST_TIMEOUT" in response.json()["message"]
        deadline = time.monotonic() + 120
        while list((workdir / "requests").iterdir()):
            assert time.monotonic() < deadline
            time.sleep(0.2)
    finally:
        assert server.stop() in STOPPED
    assert soffice_under(workdir) == []
