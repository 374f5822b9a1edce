"""Errors as JSON: the shape of the command line's ``--json`` (GongwenError.to_dict): code,
Chinese message, and each problem's code, location, line, message and suggestion."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ..errors import DataError, GongwenError, Problem
from .tasks import Failed
from .work import Busy, TimedOut

log = logging.getLogger("gongwen.service")

RETRY_AFTER = 10
"""Seconds a client is told to wait when the queue is full."""

HTTP_CODES = {401: "E_UNAUTHORIZED", 404: "E_NOT_FOUND", 405: "E_METHOD", 409: "E_NOT_READY",
              413: "E_TOO_LARGE", 415: "E_MEDIA_TYPE"}


class TooLarge(Exception):
    """The request body is over the upload limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


def error(status: int, code: str, message: str, problems: list[Problem] | None = None,
          headers: dict[str, str] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"code": code, "message": message,
                            "problems": [p.to_dict() for p in problems or []]}
    return JSONResponse(body, status_code=status, headers=headers)


def too_large(limit: int) -> JSONResponse:
    return error(413, "E_TOO_LARGE", f"上传的内容超过 {limit // (1024 * 1024)} MB 的上限，"
                 "请拆分后分批上传，或请管理员调大 GONGWEN_MAX_UPLOAD_MB")


def install(app: FastAPI) -> None:
    """Register the handlers that turn every failure into the JSON error shape."""

    @app.exception_handler(Exception)
    async def internal(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return error(500, "E_INTERNAL", "服务内部错误，已记入日志；请把请求时间告诉管理员")

    @app.exception_handler(Failed)
    async def failed(_: Request, exc: Failed) -> JSONResponse:
        return JSONResponse(exc.data, status_code=exc.status)

    @app.exception_handler(GongwenError)
    async def gongwen(_: Request, exc: GongwenError) -> JSONResponse:
        return JSONResponse(exc.to_dict(), status_code=422 if isinstance(exc, DataError) else 500)

    @app.exception_handler(Busy)
    async def busy(_: Request, __: Busy) -> JSONResponse:
        return error(503, "E_BUSY", f"服务正忙，排队已满，请 {RETRY_AFTER} 秒后重试",
                     headers={"Retry-After": str(RETRY_AFTER)})

    @app.exception_handler(TimedOut)
    async def timed_out(_: Request, exc: TimedOut) -> JSONResponse:
        return error(504, "E_TIMEOUT", f"处理超过 {exc.seconds:g} 秒仍未完成，请减少一次提交的内容，"
                     "或请管理员调大 GONGWEN_REQUEST_TIMEOUT")

    @app.exception_handler(TooLarge)
    async def large(_: Request, exc: TooLarge) -> JSONResponse:
        return too_large(exc.limit)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [Problem(str(e.get("msg", "")), ".".join(str(p) for p in e.get("loc", ())),
                            code="E_REQUEST_INVALID") for e in exc.errors()]
        return error(422, "E_REQUEST", f"请求有 {len(problems)} 处错误", problems)

    @app.exception_handler(HTTPException)
    async def http(_: Request, exc: HTTPException) -> JSONResponse:
        if isinstance(exc.__cause__, TooLarge):  # FastAPI wraps what stops reading a form
            return too_large(exc.__cause__.limit)
        return error(exc.status_code, HTTP_CODES.get(exc.status_code, f"E_HTTP_{exc.status_code}"),
                     str(exc.detail), headers=dict(exc.headers or {}))
