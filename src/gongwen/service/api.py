"""The ``/api/v1`` routes: JSON or YAML in, files or JSON out (OpenAPI at ``/docs``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import FileResponse, Response

from ..importer import KIND_NAMES
from ..kinds import BUILT_IN
from ..models.schema import input_schema
from ..renderer import FORMATS
from . import tasks
from .batches import Batches
from .work import Work

DATA_TYPES = {"application/json": ".json", "application/yaml": ".yaml", "application/x-yaml": ".yaml",
              "text/yaml": ".yaml", "text/x-yaml": ".yaml", "text/plain": ".yaml"}
"""Request content types of data, and the data file they make."""

DATA_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"type": "object"}, "example": {"kind": "notice", "title": "…"}},
    "application/yaml": {"schema": {"type": "string"}},
}}}


def work_of(request: Request) -> Work:
    return request.app.state.work


def batches_of(request: Request) -> Batches:
    return request.app.state.batches


def authorised(request: Request) -> None:
    """With GONGWEN_TOKEN set, every API call needs ``Authorization: Bearer <token>``."""
    token = work_of(request).settings.token
    if token and request.headers.get("authorization", "") != f"Bearer {token}":
        raise HTTPException(401, "需要访问令牌：请求头 Authorization: Bearer <令牌>（由管理员提供）",
                            headers={"WWW-Authenticate": "Bearer"})


router = APIRouter(prefix="/api/v1", dependencies=[Depends(authorised)])
WorkDep = Annotated[Work, Depends(work_of)]
BatchesDep = Annotated[Batches, Depends(batches_of)]


def _formats(value: str) -> list[str]:
    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if not formats or unknown:
        raise HTTPException(422, f"formats：不支持“{'、'.join(unknown)}”，可用：{'、'.join(FORMATS)}，"
                                 "逗号分隔，如 docx,pdf")
    return formats


async def _data(request: Request) -> tuple[bytes, str]:
    media = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if media not in DATA_TYPES:
        raise HTTPException(415, "数据的 Content-Type 应为 application/json 或 application/yaml，"
                                 f"不是“{media}”")
    return await request.body(), DATA_TYPES[media]


def _download(made: tasks.Made) -> Response:
    headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(made.name)}"}
    if made.warnings:
        headers["X-Gongwen-Warnings"] = quote("；".join(made.warnings))
    return Response(made.content, media_type=made.media_type, headers=headers)


@router.post("/documents", openapi_extra=DATA_BODY, response_class=Response, responses={
    200: {"description": "一种格式时为该文件，多种格式时为 zip"}})
async def documents(
    request: Request, work: WorkDep,
    formats: Annotated[str, Query(description="输出格式，逗号分隔：docx、pdf、xlsx、md、html")] = "docx",
    district: Annotated[str | None, Query(description="使用哪个区县的模板（见 /api/v1/templates）")] = None,
    template: Annotated[str | None, Query(description="模板标识，默认按 kind 选")] = None,
    blank: Annotated[bool, Query(description="表格印成空白表")] = False,
) -> Response:
    """数据（JSON 或 YAML，与数据文件相同）→ 公文文件；多种格式时为 zip。"""
    body, suffix = await _data(request)
    made = await work.run(tasks.render_document, work, body, suffix, _formats(formats), district,
                          template, blank)
    return _download(made)


@router.post("/data", openapi_extra=DATA_BODY)
async def data(request: Request, work: WorkDep) -> dict[str, Any]:
    """数据文件（YAML 或 JSON）→ JSON 数据及校验发现的问题（网页表单用）。"""
    body, suffix = await _data(request)
    return await work.run(tasks.read_data, work, body, suffix)


@router.post("/previews", openapi_extra=DATA_BODY)
async def previews(
    request: Request, work: WorkDep, district: str | None = None, template: str | None = None,
) -> dict[str, Any]:
    """数据 → PDF 各页的图片（PNG，data: 地址）及格式、版面检查结果（网页预览用）。"""
    body, suffix = await _data(request)
    return await work.run(tasks.preview, work, body, suffix, district, template)


@router.post("/batches", status_code=202)
async def start_batch(
    batches: BatchesDep,
    file: Annotated[UploadFile, File(description="督导数据工作簿（.xlsx）或 kind: records 的数据文件")],
    formats: Annotated[str, Form(description="输出格式，如 docx 或 docx,pdf")] = "docx",
    district: Annotated[str | None, Form()] = None,
    day: Annotated[date | None, Form(alias="date", description="成文日期，也是计算逾期的基准日")] = None,
    period: Annotated[str | None, Form(description="期间：2026、2026-10 或 2026-09-01..2026-12-31")] = None,
) -> dict[str, Any]:
    """上传督导数据 → 任务编号；生成全部视导报告、整改通知和工作总结。"""
    content = await file.read()
    batch = batches.start(file.filename or "", content, _formats(formats), district, day, period)
    return batch.to_dict()


@router.get("/batches/{ident}")
async def batch_status(ident: str, batches: BatchesDep) -> dict[str, Any]:
    """任务的进度、未生成的文件及原因。"""
    batch = batches.get(ident)
    if batch is None:
        raise HTTPException(404, f"没有编号为 {ident} 的任务（结果保留一段时间后删除）")
    return batch.to_dict()


@router.get("/batches/{ident}/result", response_class=FileResponse)
async def batch_result(ident: str, batches: BatchesDep) -> FileResponse:
    """任务生成的全部文件（zip）。"""
    batch = batches.get(ident)
    if batch is None:
        raise HTTPException(404, f"没有编号为 {ident} 的任务（结果保留一段时间后删除）")
    if batch.state != "done":
        raise HTTPException(409, f"任务尚未完成（{batch.state}），请稍后再取")
    disposition = f"attachment; filename*=UTF-8''{quote('督导文件.zip')}"
    return FileResponse(batch.result, media_type="application/zip",
                        headers={"Content-Disposition": disposition})


@router.post("/check")
async def check(
    work: WorkDep, file: Annotated[UploadFile, File(description=".docx 公文或 .pdf")],
    pages: Annotated[bool, Form(description="另转成 PDF 检查打印版面")] = False,
) -> list[dict[str, Any]]:
    """检查上传的 .docx（或 .pdf）是否符合 GB/T 9704-2012，同 gongwen check --json。"""
    content = await file.read()
    return await work.run(tasks.check, work, file.filename or "", content, pages)


@router.post("/import")
async def import_document(
    work: WorkDep, file: Annotated[UploadFile, File(description=".docx、.doc、.wps、.odt、.txt 或 .md")],
    kind: Annotated[str | None, Form(description=f"文档类型：{'、'.join(KIND_NAMES)}（默认自动识别）")]
    = None,
    keep: Annotated[bool, Form(description="保留原文字符")] = False,
) -> dict[str, Any]:
    """已有公文 → 数据（JSON 和带注释的 YAML）及导入报告。"""
    if kind is not None and kind not in KIND_NAMES:
        raise HTTPException(422, f"kind 应为 {'、'.join(KIND_NAMES)} 之一，不是“{kind}”")
    content = await file.read()
    return await work.run(tasks.import_document, work, file.filename or "", content, kind, keep)


@router.get("/kinds")
async def kinds() -> list[dict[str, Any]]:
    """可生成的文档类型：名称、中文名、可用格式。"""
    return [{"name": kind.name, "label": kind.label, "formats": list(kind.formats)}
            for kind in BUILT_IN if kind.renders]


@router.get("/schemas/{kind}")
async def schema(kind: str) -> dict[str, Any]:
    """某类数据的 JSON Schema（draft 2020-12），同 gongwen schema KIND。"""
    if kind not in BUILT_IN:
        raise HTTPException(404, f"没有“{kind}”这类数据，可用：{'、'.join(k.name for k in BUILT_IN)}")
    declared = BUILT_IN.get(kind)
    return input_schema(declared.model, declared.label)


@router.get("/templates")
async def templates(work: WorkDep) -> list[dict[str, Any]]:
    """服务启动时给出的各区县模板，及每个区县可用的模板。"""
    return [{"district": district, "templates": [
                {"id": line.id, "title": line.title, "kind": line.kind, "formats": list(line.formats),
                 "abstract": line.abstract} for line in work.listing(district)]}
            for district in work.districts()]
