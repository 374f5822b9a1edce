"""The service's limits and options: command-line values over ``GONGWEN_*`` variables over
defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import OptionError

DEFAULT_WORKDIR = Path("/var/tmp/gongwen-serve")


def _number(name: str, default: float) -> float:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        raise OptionError(name, f"应为数字，不是“{value}”") from None
    if number <= 0:
        raise OptionError(name, f"应大于 0，不是“{value}”")
    return number


@dataclass(frozen=True)
class Settings:
    """What a running service is allowed to do; every limit has a ``GONGWEN_*`` variable."""

    workdir: Path = DEFAULT_WORKDIR
    """Uploads, outputs and batch results live here, nowhere else (GONGWEN_WORKDIR)."""
    templates: dict[str, Path] = field(default_factory=dict)
    """A district's name (its directory's name) → its template directory."""
    workers: int = 2
    """LibreOffice workers of the one pool all requests share (GONGWEN_WORKERS)."""
    jobs: int = 2
    """Requests rendered at the same time (GONGWEN_JOBS)."""
    queue: int = 16
    """Requests waiting beyond those; more get 503 with Retry-After (GONGWEN_QUEUE)."""
    max_upload: int = 20 * 1024 * 1024
    """Largest request body in bytes (GONGWEN_MAX_UPLOAD_MB, default 20)."""
    time_limit: float = 120.0
    """Seconds a document, check or import request may take (GONGWEN_REQUEST_TIMEOUT)."""
    keep_results: float = 3600.0
    """Seconds a finished batch's result is kept for download (GONGWEN_RESULT_TTL)."""
    token: str = ""
    """Bearer token the API requires, when set (GONGWEN_TOKEN)."""

    @classmethod
    def from_env(cls, workdir: Path | None = None, templates: list[Path] | tuple[Path, ...] = (),
                 workers: int | None = None) -> Settings:
        """Settings from the arguments given, the environment and the defaults."""
        dirs: dict[str, Path] = {}
        for directory in templates:
            path = Path(directory).resolve()
            if not path.is_dir():
                raise OptionError("templates", f"模板目录 {directory} 不存在")
            if path.name in dirs:
                raise OptionError("templates", f"{dirs[path.name]} 和 {path} 同名：目录名即区县名，请改名")
            dirs[path.name] = path
        return cls(
            workdir=Path(workdir or os.environ.get("GONGWEN_WORKDIR") or DEFAULT_WORKDIR).resolve(),
            templates=dirs,
            workers=int(workers or _number("GONGWEN_WORKERS", min(2, os.cpu_count() or 1))),
            jobs=int(_number("GONGWEN_JOBS", 2)),
            queue=int(_number("GONGWEN_QUEUE", 16)),
            max_upload=int(_number("GONGWEN_MAX_UPLOAD_MB", 20) * 1024 * 1024),
            time_limit=_number("GONGWEN_REQUEST_TIMEOUT", 120),
            keep_results=_number("GONGWEN_RESULT_TTL", 3600),
            token=os.environ.get("GONGWEN_TOKEN", ""),
        )
