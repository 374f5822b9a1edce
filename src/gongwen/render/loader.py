"""The Jinja loader of registry templates: ``{% extends %}``, ``{% include %}``, ``{% import %}``.

A name is ``<template id>/<file>``, e.g. ``base/official/page.html.j2``: the file ``page.html.j2``
of the template ``base/official``, read from the first directory of that template along the
registry's search path that has it (a district's directory before the built-ins). A name
starting with ``!`` (``{% extends "!base/official/page.html.j2" %}``) is the same file further
down the search path — the one the referring file replaces — so a district can override one
block of a file and keep the rest.

Nothing outside a template's directory can be read: names with ``..``, ``.``, empty parts,
absolute paths, drive letters, backslashes or control characters are refused, and so is a
file whose real path (symlinks followed) leaves its template's directory.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import Generic, Protocol, TypeVar

import jinja2
import jinja2.meta
from jinja2.sandbox import SecurityError

from ..limits import file_too_large, regular_file

_PINNED = re.compile(r"^@(\d+):(.*)$", re.S)
"""Internal names ``@<rank>:<name>``: the file from search-path position ``rank`` on."""
_FORBIDDEN_CHARACTERS = re.compile(r"[\x00-\x1f\x7f\\:]")
NAME_RULE = "模板名应为“模板标识/文件名”，如 base/official/page.html.j2，不能含 ..、绝对路径、反斜杠或冒号"


class ForbiddenName(SecurityError):
    """A template name that would read outside the registry's template directories."""


class TemplateDirectory(Protocol):
    """What the loader needs of a template: its id, its directory and its search-path position."""

    @property
    def id(self) -> str: ...

    @property
    def directory(self) -> Path: ...

    @property
    def rank(self) -> int: ...


T = TypeVar("T", bound=TemplateDirectory)


def file_part(name: str) -> PurePosixPath:
    """A file name inside a template directory, checked: raises ForbiddenName on an escape."""
    if not name or _FORBIDDEN_CHARACTERS.search(name) or name.startswith("/"):
        raise ForbiddenName(f"“{name!r}”不是允许的模板文件名：{NAME_RULE}")
    path = PurePosixPath(name)
    if any(part in ("", ".", "..") for part in name.split("/")):
        raise ForbiddenName(f"“{name}”不是允许的模板文件名：{NAME_RULE}")
    return path


def contained(directory: Path, name: str) -> Path:
    """``directory/name``, refusing a name or a symlink that leads out of ``directory``."""
    path = directory / file_part(name)
    if path.exists() and not path.resolve().is_relative_to(directory.resolve()):
        raise ForbiddenName(f"模板文件 {path} 是指向模板目录之外的链接，不允许使用")
    return path


class RegistryLoader(jinja2.BaseLoader, Generic[T]):
    """Loads ``<template id>/<file>`` names through the registry, never outside its directories.

    ``candidates`` gives a template id's templates along the search path (the winning one
    first), ``templates`` every template.
    """

    def __init__(self, candidates: Callable[[str], Sequence[T]], templates: Callable[[], Sequence[T]]):
        self._candidates = candidates
        self._templates = templates
        self._names: dict[Path, str] = {}

    def split(self, name: str) -> tuple[int, str, str]:
        """(first search-path position, template id, file) of a name; raises on a bad name."""
        pinned = _PINNED.match(name)
        start, name = (int(pinned.group(1)), pinned.group(2)) if pinned else (0, name)
        file_part(name)
        parts = name.split("/")
        for cut in range(len(parts) - 1, 1, -1):
            template_id = "/".join(parts[:cut])
            if self._candidates(template_id):
                return start, template_id, "/".join(parts[cut:])
        raise jinja2.TemplateNotFound(
            name, f"找不到被引用的模板文件“{name}”：开头不是已知的模板标识（{NAME_RULE}）"
        )

    def locate(self, name: str) -> tuple[T, Path]:
        """The template and the file a name stands for."""
        start, template_id, file = self.split(name)
        for template in self._candidates(template_id):
            if template.rank >= start:
                path = contained(template.directory, file)
                if path.is_file():
                    return template, path
        plain = _PINNED.sub(r"\2", name)
        where = "（“!”只找搜索路径中更靠后的目录）" if start else ""
        raise jinja2.TemplateNotFound(
            plain, f"找不到被引用的模板文件“{plain}”：模板 {template_id} 的目录中没有 {file}{where}"
        )

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        _, path = self.locate(template)
        refused = regular_file(path) or file_too_large(path)
        if refused:
            raise jinja2.TemplateNotFound(template, f"模板文件 {path} 无法读取：{refused}")
        stamp = _stamp(path)
        try:
            source = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise jinja2.TemplateError(
                f"模板文件 {path} 不是 UTF-8 编码的文字（第 {exc.start + 1} 字节起），请用 UTF-8 另存"
            ) from None
        except OSError as exc:
            raise jinja2.TemplateError(f"模板文件 {path} 无法读取：{exc.strerror or exc}") from None
        return source, str(path), lambda: _stamp(path) == stamp

    def join_path(self, template: str, parent: str) -> str:
        """A name as referred to from ``parent``: ``!name`` skips to after the parent's source."""
        if not template.startswith("!"):
            return template
        owner, _ = self.locate(parent)
        return f"@{owner.rank + 1}:{template[1:]}"

    def owner_of(self, path: Path) -> T:
        """The template whose directory holds ``path`` (the innermost one)."""
        owners = [t for t in self._templates() if Path(path).is_relative_to(t.directory)]
        if not owners:
            raise jinja2.TemplateNotFound(str(path), f"{path} 不在任何模板目录中")
        return max(owners, key=lambda t: len(t.directory.parts))

    def name_of(self, path: Path) -> str:
        """The name that loads exactly this file of a registry template."""
        name = self._names.get(path)
        if name is None:
            owner = self.owner_of(path)
            relative = Path(path).relative_to(owner.directory).as_posix()
            name = self._names[path] = f"@{owner.rank}:{owner.id}/{relative}"
        return name

    def dependencies(self, path: Path) -> Iterator[Path]:
        """``path`` and every file it refers to (``extends``, ``include``, ``import``), recursively.

        A reference computed from data (not a literal name) could be any template file:
        then every file of every template directory is a dependency.
        """
        seen: set[Path] = set()
        pending = [(path, self.name_of(path))]
        while pending:
            current, name = pending.pop()
            if current in seen:
                continue
            seen.add(current)
            yield current
            for reference in _references(current, *_stamp(current)):
                if reference is None:
                    yield from (f for t in self._templates() for f in sorted(t.directory.rglob("*"))
                                if f.is_file())
                    continue
                try:
                    joined = self.join_path(reference, name)
                    _, found = self.locate(joined)
                except (jinja2.TemplateNotFound, ForbiddenName):
                    continue  # rendering reports it, naming the template
                pending.append((found, self.name_of(found)))


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (0, -1)
    return stat.st_mtime_ns, stat.st_size


@functools.lru_cache(maxsize=512)
def _references(path: Path, mtime_ns: int, size: int) -> tuple[str | None, ...]:
    """Names a text template refers to; none for a binary file or one that does not parse."""
    try:
        source = path.read_text(encoding="utf-8")
        return tuple(jinja2.meta.find_referenced_templates(jinja2.Environment().parse(source)))
    except (OSError, UnicodeDecodeError, jinja2.TemplateSyntaxError):
        return ()
