"""The application: the API, the page and its assets (nothing from a CDN), the middleware
that limits uploads and writes the access log (JSON lines), and start-up and shutdown.

FastAPI (on Starlette, served by uvicorn) because an office's OA engineers get the API
described at ``/docs`` (OpenAPI), requests are validated before any work starts, and
Starlette's ASGI underneath keeps the middleware plain."""

from __future__ import annotations

import json
import logging
import sys
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..version import __version__
from . import errors
from .api import router
from .batches import Batches
from .settings import Settings
from .work import Work

STATIC = Path(__file__).with_name("static")
access = logging.getLogger("gongwen.access")


def _access_log() -> None:
    if not access.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        access.addHandler(handler)
        access.setLevel(logging.INFO)
        access.propagate = False


class Limits:
    """Refuses a body over the upload limit (413) and logs each request as one JSON line."""

    def __init__(self, app: ASGIApp, max_upload: int) -> None:
        self.app = app
        self.max_upload = max_upload

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status, sent, received = time.monotonic(), 0, 0, 0
        request_id = uuid.uuid4().hex[:12]

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_upload:
                raise errors.TooLarge(self.max_upload)
            return message

        async def logging_send(message: Message) -> None:
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
            elif message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
            await send(message)

        try:
            length = dict(scope["headers"]).get(b"content-length")
            if length is not None and length.isdigit() and int(length) > self.max_upload:
                await errors.too_large(self.max_upload)(scope, receive, logging_send)
            else:
                await self.app(scope, counting_receive, logging_send)
        finally:
            client = scope.get("client")
            access.info(json.dumps({
                "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "id": request_id,
                "client": client[0] if client else None, "method": scope["method"],
                "path": scope["path"], "query": scope.get("query_string", b"").decode("latin-1"),
                "status": status, "in": received, "out": sent,
                "ms": round((time.monotonic() - started) * 1000, 1),
            }, ensure_ascii=False))


def create_app(settings: Settings) -> FastAPI:
    """The service for these settings; its work directory is cleaned at start and at shutdown."""
    _access_log()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        work = Work(settings)
        app.state.work, app.state.batches = work, Batches(work)
        try:
            yield
        finally:
            work.close()

    app = FastAPI(title="gongwen", version=__version__, lifespan=lifespan,
                  description="把教育督导数据排成规范公文（GB/T 9704-2012）：生成、批量生成、检查、导入。"
                              "出错时返回 JSON：code、message 和 problems（每处的 code、location、line、"
                              "message、suggestion），与命令行 --json 相同。")
    errors.install(app)
    app.include_router(router)
    app.add_middleware(Limits, max_upload=settings.max_upload)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/healthz")
    async def healthz() -> dict[str, Any]:
        """服务是否可用：版本、LibreOffice 是否就绪、各区县模板。"""
        work: Work = app.state.work
        return {"ok": not work.closing, "version": __version__, "pdf": work.pdf is not None,
                "districts": work.districts()}

    return app
