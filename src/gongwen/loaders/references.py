"""Files a data file refers to: resolved in one step, so the models do no I/O.

- Before validation, a holiday file named in a schedule's ``holidays`` list, and a form
  file named as an attachment's ``form``, are read and their content put in their place.
- After validation, every path in the model (a seal, a photo, a ledger) is made absolute
  against the data file's directory and must exist; a picture must be a PNG or JPEG that
  decodes (see :mod:`.images`).

A data file reads only files inside its own directory or a directory the caller allows
(``allowed_dirs``; on the command line ``--allow-dir``): a path is resolved, symlinks
followed, before it is checked, so neither an absolute path, nor ``..``, nor a link leads
out. Inside :func:`confined` (the HTTP service) only the given directory is allowed, and the
message names no path of the server. Problems name the field (``issuer.seal``,
``holidays[1]``) and, for YAML, the line.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..errors import DataError, Problem
from ..models.base import IMAGE_SUFFIXES
from .images import image_problem
from .messages import Location, format_path

LineOf = Callable[[Location], int | None] | None

Read = Callable[[Path, str], Any]
"""Reads an included file of one sort (holidays, form) into the value that stands in for it."""

INCLUDED_FILES: dict[str, tuple[str, str | None]] = {
    "holidays": ("节假日文件", None),
    "attachments": ("附表文件", "form"),
}
"""Top-level lists whose items (or whose items' ``key``) may be the name of a data file whose
content stands in their place: the list, then what the file is and the key."""


ALLOW_HINT = "请把文件放到数据文件所在目录，或指定允许读取的目录（命令行 --allow-dir，程序中 allowed_dirs）"


def _inside(path: Path, roots: Sequence[Path]) -> tuple[Path, str | None]:
    """``path`` with its symlinks resolved, and why it may not be read (None when it lies
    inside one of ``roots``, themselves resolved — or, within :func:`confined`, inside
    its directory alone)."""
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return path, f"{path} 是循环的链接，无法读取；请换成实际文件"
    service = _ROOT.get()
    if service is not None:
        if real.is_relative_to(service):
            return real, None
        return real, f"{path.name} 不在服务的工作目录内：只能引用随数据一起上传的文件"
    if any(real.is_relative_to(root) for root in roots):
        return real, None
    shown = str(path) if real == path else f"{path}（实际指向 {real}）"
    allowed = "、".join(map(str, roots))
    return real, f"{shown} 不在允许读取的目录（{allowed}）中；{ALLOW_HINT}"


_ROOT: ContextVar[Path | None] = ContextVar("gongwen_root", default=None)


@contextlib.contextmanager
def confined(root: Path) -> Iterator[None]:
    """Within the block (this thread or task), data may name only files inside ``root``."""
    token = _ROOT.set(Path(root).resolve())
    try:
        yield
    finally:
        _ROOT.reset(token)


def include_files(
    data: Any, base_dir: Path, read: Read, line_of: LineOf = None, roots: Sequence[Path] = ()
) -> tuple[Any, list[Problem]]:
    """``data`` with the files named in the INCLUDED_FILES lists read in (by ``read``, given
    the path and the list's name); each must lie inside ``roots`` (default: ``base_dir``)."""
    roots = roots or (base_dir.resolve(),)
    if not isinstance(data, dict):
        return data, []
    problems: list[Problem] = []
    data = dict(data)
    for field, (what, key) in INCLUDED_FILES.items():
        items = data.get(field)
        if not isinstance(items, list):
            continue
        included = []
        for index, item in enumerate(items):
            holder = item if key is None else (item.get(key) if isinstance(item, dict) else None)
            if not isinstance(holder, str):
                included.append(item)
                continue
            where: Location = (field, index) if key is None else (field, index, key)
            path, refused = _inside(base_dir / holder, roots)
            if refused is not None:
                problems.append(Problem(f"{what} {refused}", format_path(where),
                                        line_of(where) if line_of else None, "E_PATH_REFUSED"))
                included.append(item)
                continue
            try:
                value = read(path, field)
            except DataError as exc:
                details = "；".join(str(p) for p in exc.problems)
                problems.append(Problem(f"{what} {exc.source} 有误：{details}", format_path(where),
                                        line_of(where) if line_of else None))
                value = holder
            included.append(value if key is None else {**item, key: value})
        data[field] = included
    return data, problems


def _what(model: BaseModel, name: str) -> str:
    """What a file field holds, from its description: “印章图片（PNG）…” → 印章图片."""
    description = type(model).model_fields[name].description or "文件"
    return description.split("（")[0].split("，")[0].split(" ")[0] or "文件"


def _paths(
    value: Any, where: Location, what: str = "文件"
) -> Iterator[tuple[Location, BaseModel | list[Any], str | int, str]]:
    """Every Path inside a model: its field path, its container and key, what it is."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            child = getattr(value, name)
            if isinstance(child, Path):
                yield (*where, name), value, name, _what(value, name)
            else:
                yield from _paths(child, (*where, name), _what(value, name))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            if isinstance(child, Path):
                yield (*where, index), value, index, what
            else:
                yield from _paths(child, (*where, index), what)


def resolve_paths(
    model: BaseModel, base_dir: Path, line_of: LineOf = None, roots: Sequence[Path] = ()
) -> list[Problem]:
    """Make every file path in ``model`` absolute against ``base_dir``, symlinks resolved (in
    place); return a problem for each file that lies outside ``roots`` (default:
    ``base_dir``), does not exist or, for a picture, cannot be drawn."""
    roots = roots or (base_dir.resolve(),)
    problems = []
    for where, container, key, what in _paths(model, ()):
        path = container[key] if isinstance(container, list) else getattr(container, key)  # type: ignore[index]
        resolved, refused = _inside(path if path.is_absolute() else base_dir / path, roots)
        if isinstance(container, list):
            container[key] = resolved  # type: ignore[index]
        else:
            object.__setattr__(container, str(key), resolved)
        line = line_of(where) if line_of else None
        if refused is not None:
            problems.append(Problem(f"{what} {refused}", format_path(where), line, "E_PATH_REFUSED"))
        elif not resolved.is_file():
            message = f"{what} {resolved} 不存在或不是普通文件（相对路径以数据文件所在目录为准）"
            problems.append(Problem(message, format_path(where), line))
        elif resolved.suffix.lower() in IMAGE_SUFFIXES and (problem := image_problem(resolved)):
            problems.append(Problem(f"{what}：{problem}", format_path(where), line, "E_IMAGE_INVALID"))
    return problems
