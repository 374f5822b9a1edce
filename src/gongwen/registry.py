"""The template registry: templates by id and format, from a search path of sources.

Search order, first match wins (like Jinja2's ``ChoiceLoader``):

1. directories given with ``--templates`` (or ``template_dirs=``), in order;
2. the ``GONGWEN_TEMPLATES`` path list (``os.pathsep``-separated);
3. installed template packs: entry points in the group ``gongwen.templates``;
4. the built-ins (``templates/plans``, ``templates/reports``, ``templates/forms``).

A template is a directory holding ``template.yaml`` (its id, title, kind and
formats) and the files it names. Overriding works per format, like an MkDocs
theme's ``custom_dir``: a district's ``plans/annual-plan`` with only a ``docx``
replaces the Word layout and keeps every other format of the built-in.
"""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from types import ModuleType

import yaml
from pydantic import Field, ValidationError

from .errors import TemplateError
from .kinds import BUILT_IN, Kinds
from .models.base import Model
from .render.files import atomic_directory

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MANIFEST = "template.yaml"
ENTRY_POINT_GROUP = "gongwen.templates"
ENV_VAR = "GONGWEN_TEMPLATES"
BUILTIN = "内置"
DIRECTORY_ORIGIN = "模板目录 "


def builtin_templates_dir() -> Path:
    """The built-in templates: inside the installed package, or at the top of a checkout."""
    packaged = Path(__file__).resolve().parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


class Manifest(Model):
    """What a template declares about itself in ``template.yaml``."""

    id: str = Field(pattern=r"^[a-z0-9-]+(/[a-z0-9-]+)+$", description="模板标识，如 plans/annual-plan")
    title: str = Field(min_length=1, description="模板名称")
    kind: str = Field(description="适用的文档类型（数据文件的 kind）")
    formats: dict[str, str] = Field(min_length=1, description="格式 → 文件名，如 docx: plan.docx")
    description: str = ""
    default: bool = Field(default=True, description="是否作为该文档类型的默认模板")
    match: dict[str, str] = Field(
        default_factory=dict,
        description="作为默认模板的条件：数据字段路径 → 取值，如 level.color: red",
    )

    def fits(self, document: object) -> bool:
        """True when ``document`` has every value the ``match`` conditions name."""
        for path, wanted in self.match.items():
            value: object = document
            for name in path.split("."):
                value = getattr(value, name, None)
            if str(value) != wanted:
                return False
        return True


@dataclass(frozen=True)
class Source:
    """A directory of templates and where it came from."""

    root: Path
    origin: str


@dataclass(frozen=True)
class Template:
    """One template found in one source."""

    manifest: Manifest
    directory: Path
    origin: str

    @property
    def id(self) -> str:
        return self.manifest.id

    def file(self, fmt: str) -> Path | None:
        """The file for a format, when this template provides it."""
        name = self.manifest.formats.get(fmt)
        return self.directory / name if name else None


@dataclass(frozen=True)
class Resolved:
    """A template id resolved for one format: the file to use and where it came from."""

    template: Template
    fmt: str
    path: Path


@dataclass(frozen=True)
class Listing:
    """A line of ``gongwen templates list``."""

    id: str
    title: str
    kind: str
    formats: tuple[str, ...]
    origin: str
    overrides: tuple[str, ...]


def _pack_directory(entry: metadata.EntryPoint) -> Path:
    target = entry.load()
    if callable(target):
        target = target()
    if isinstance(target, ModuleType):
        return Path(target.__file__ or "").resolve().parent
    return Path(target)


@functools.lru_cache(maxsize=1)
def _template_packs() -> tuple[metadata.EntryPoint, ...]:
    """Installed template packs; looked up once per process."""
    return tuple(metadata.entry_points(group=ENTRY_POINT_GROUP))


def clear_caches() -> None:
    """Forget the manifests and template packs read so far (after installing a pack)."""
    _template_packs.cache_clear()
    _read_manifest.cache_clear()


def default_sources(template_dirs: Iterable[str | Path] = ()) -> list[Source]:
    """The search path: given directories, $GONGWEN_TEMPLATES, template packs, built-ins."""
    sources = [Source(Path(d), f"{DIRECTORY_ORIGIN}{d}") for d in template_dirs]
    for entry in filter(None, os.environ.get(ENV_VAR, "").split(os.pathsep)):
        sources.append(Source(Path(entry), f"{ENV_VAR} {entry}"))
    for entry in _template_packs():
        try:
            sources.append(Source(_pack_directory(entry), f"模板包 {entry.name}"))
        except Exception as exc:  # name the broken pack rather than fail with its traceback
            raise TemplateError(f"模板包 {entry.name}（{entry.value}）无法加载：{exc}") from exc
    sources.append(Source(builtin_templates_dir(), BUILTIN))
    return sources


def read_manifest(path: Path) -> Manifest:
    """Read and check one ``template.yaml`` (cached while the file is unchanged)."""
    stat = path.stat()
    return _read_manifest(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=512)
def _read_manifest(path: Path, mtime_ns: int, size: int) -> Manifest:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)
        manifest = Manifest.model_validate(data)
    except (OSError, yaml.YAMLError) as exc:
        raise TemplateError(f"模板清单 {path} 无法读取：{exc}") from None
    except ValidationError as exc:
        fields = "；".join(f"{'.'.join(map(str, e['loc']))}：{e['msg']}" for e in exc.errors())
        raise TemplateError(f"模板清单 {path} 有误：{fields}") from None
    return manifest


class Registry:
    """Finds templates by id and format along a search path of sources."""

    def __init__(self, sources: Sequence[Source], kinds: Kinds = BUILT_IN) -> None:
        self.sources = list(sources)
        self.kinds = kinds
        self._templates: list[Template] | None = None

    @classmethod
    def default(cls, template_dirs: Iterable[str | Path] = (), kinds: Kinds = BUILT_IN) -> Registry:
        """The registry for the given directories, the environment and installed packs."""
        for directory in template_dirs:
            if not Path(directory).is_dir():
                raise TemplateError(f"模板目录 {directory} 不存在")
        return cls(default_sources(template_dirs), kinds)

    def templates(self) -> list[Template]:
        """Every template of every source, in search order (overridden ones included)."""
        if self._templates is None:
            found = []
            for source in self.sources:
                if not source.root.is_dir():
                    continue
                for manifest_path in sorted(source.root.rglob(MANIFEST)):
                    manifest = read_manifest(manifest_path)
                    if manifest.kind not in self.kinds:
                        known = "、".join(kind.name for kind in self.kinds)
                        raise TemplateError(
                            f"模板清单 {manifest_path} 的 kind“{manifest.kind}”不是已知的文档类型（{known}）"
                        )
                    for fmt, name in manifest.formats.items():
                        if not (manifest_path.parent / name).is_file():
                            raise TemplateError(
                                f"模板清单 {manifest_path} 列出的 {fmt} 文件 {name} 不存在"
                            )
                    found.append(Template(manifest, manifest_path.parent, source.origin))
            self._templates = found
        return self._templates

    def candidates(self, template_id: str) -> list[Template]:
        """All templates with this id, the winning one first."""
        return [t for t in self.templates() if t.id == template_id]

    def resolve(self, template_id: str, fmt: str) -> Resolved:
        """The first template with this id that provides this format."""
        found = self.candidates(template_id)
        if not found:
            known = "、".join(sorted({t.id for t in self.templates()}))
            raise TemplateError(f"找不到模板“{template_id}”。可用的模板：{known}")
        for template in found:
            path = template.file(fmt)
            if path is not None:
                return Resolved(template, fmt, path)
        formats = "、".join(sorted({f for t in found for f in t.manifest.formats}))
        raise TemplateError(f"模板“{template_id}”没有 {fmt} 格式（可用：{formats}）")

    def default_for(self, kind: str, document: object = None) -> str:
        """The template id used for a document of ``kind`` when none is named.

        Among the kind's default templates, one whose ``match`` conditions the document
        meets wins over one without conditions (a 查办通知单 gets the red template).
        """
        fitting = [
            t.manifest for t in self.templates()
            if t.manifest.kind == kind and t.manifest.default
            and (document is None or t.manifest.fits(document))
        ]
        if document is None:  # no document to match: the unconditional default, if any
            fitting = [m for m in fitting if not m.match] or fitting
        if not fitting:
            raise TemplateError(f"没有适用于文档类型“{kind}”的模板，请指定模板")
        return max(fitting, key=lambda manifest: len(manifest.match)).id

    def check_kind(self, resolved: Resolved, kind: str) -> None:
        """Refuse a template written for another kind of document."""
        declared = resolved.template.manifest.kind
        if declared != kind:
            raise TemplateError(
                f"模板 {resolved.path} 适用于“{declared}”，不能用于“{kind}”类型的数据"
            )

    def listing(self) -> list[Listing]:
        """One line per template id: the winner, its formats, and what it overrides."""
        lines: dict[str, Listing] = {}
        for template in self.templates():
            if template.id in lines:
                continue
            others = self.candidates(template.id)[1:]
            formats = sorted({f for t in self.candidates(template.id) for f in t.manifest.formats})
            lines[template.id] = Listing(
                id=template.id,
                title=template.manifest.title,
                kind=template.manifest.kind,
                formats=tuple(formats),
                origin=template.origin,
                overrides=tuple(t.origin for t in others),
            )
        return sorted(lines.values(), key=lambda line: line.id)

    def export(self, template_id: str, destination: Path) -> Path:
        """Copy a template (the one that currently wins) into ``destination/<id>`` to edit."""
        found = self.candidates(template_id)
        if not found:
            self.resolve(template_id, "docx")  # raises the “not found” error with the list
        target = Path(destination) / template_id
        if target.exists():
            raise TemplateError(f"{target} 已存在，未覆盖；请换一个目录或先移走它")
        with atomic_directory(target) as staging:
            shutil.copytree(found[0].directory, staging, dirs_exist_ok=True)
        return target
