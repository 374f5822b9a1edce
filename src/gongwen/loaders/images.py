"""Pictures a data file names (a seal, a photo): PNG or JPEG, checked by decoding them whole,
of bounded size, so what cannot be drawn is refused before anything is written."""

from __future__ import annotations

import warnings
from pathlib import Path

from ..errors import DataError, Problem

MAX_IMAGE_BYTES = 20 * 1024 * 1024
"""Largest picture file read, in bytes (20 MiB)."""
MAX_IMAGE_PIXELS = 16_000_000
"""Most pixels a picture may have (4000 × 4000); a seal or a photo needs far fewer."""
FORMATS = {"PNG": (".png",), "JPEG": (".jpg", ".jpeg")}
"""Picture formats gongwen places, and the file suffixes each is written with."""


def image_problem(path: Path) -> str | None:
    """Why the file at ``path`` cannot be placed as a picture, in Chinese; None when it can."""
    from PIL import Image, UnidentifiedImageError

    try:
        size = path.stat().st_size
        if size > MAX_IMAGE_BYTES:
            limit = MAX_IMAGE_BYTES // 1048576
            return f"图片 {path.name} 过大（{size / 1048576:.1f} MB，最多 {limit} MB），请压缩后再用"
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=list(FORMATS)) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    return (f"图片 {path.name} 像素过多（{width}×{height}，最多 {MAX_IMAGE_PIXELS:,} 像素），"
                            "请缩小后再用")
                found = image.format or ""
                image.load()  # decode it whole: a truncated or corrupt picture fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"图片 {path.name} 像素过多（最多 {MAX_IMAGE_PIXELS:,} 像素），请缩小后再用"
    except UnidentifiedImageError:
        return f"{path.name} 不是可读的 PNG 或 JPEG 图片，请换一个图片文件"
    except (OSError, SyntaxError, ValueError) as exc:
        return f"图片 {path.name} 已损坏，无法读取（{exc}），请换一个图片文件"
    if path.suffix.lower() not in FORMATS.get(found, ()):
        return f"{path.name} 的内容是 {found} 图片，扩展名却是 {path.suffix}；请改为 {FORMATS[found][0]}"
    return None


def image_bytes(path: Path) -> bytes:
    """The bytes of a picture to place, checked as :func:`image_problem` says; raises a
    DataError naming the file when it cannot be drawn."""
    problem = image_problem(path)
    if problem is not None:
        raise DataError(str(path), [Problem(problem)])
    return path.read_bytes()
