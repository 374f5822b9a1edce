"""``gongwen serve``: run the page and the API with uvicorn, in one process, so that every
request shares one LibreOffice pool and the batches' state."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from ..errors import GongwenError


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="监听地址；对局域网开放用 0.0.0.0（建议放在反向代理之后并设 GONGWEN_TOKEN）")
@click.option("--port", default=8000, show_default=True, type=int, help="端口")
@click.option("--workers", type=click.IntRange(1, 32), default=None,
              help="LibreOffice 转换进程数，所有请求共用（默认 GONGWEN_WORKERS 或 2）")
@click.option("--templates", "template_dirs", multiple=True,
              type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="一个区县的模板目录（可重复；目录名即区县名，网页上可选）")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="工作目录：上传、生成的文件只在这里（默认 GONGWEN_WORKDIR 或 /var/tmp/gongwen-serve）")
def serve(host: str, port: int, workers: int | None, template_dirs: Sequence[Path],
          workdir: Path | None) -> None:
    """启动网页和 HTTP 接口（网页 http://HOST:PORT/，接口说明 /docs）。"""
    try:
        import uvicorn

        from .app import create_app
    except ImportError as exc:
        click.echo(f"错误：缺少 {exc.name}，请先安装：pip install 'gongwen[serve]'", err=True)
        sys.exit(1)
    from .settings import Settings

    try:
        settings = Settings.from_env(workdir, template_dirs, workers)
    except GongwenError as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(exc.exit_code)
    click.echo(f"gongwen：网页 http://{host}:{port}/ ，接口说明 http://{host}:{port}/docs ，"
               f"工作目录 {settings.workdir}", err=True)
    uvicorn.run(create_app(settings), host=host, port=port, access_log=False,
                timeout_graceful_shutdown=int(settings.time_limit))
