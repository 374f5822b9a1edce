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

import jinja2
import yaml
from pydantic import Field, ValidationError

from .errors import TemplateError
from .kinds import BUILT_IN, Kinds
from .models.base import Model
from .render.files import atomic_directory
from .render.loader import ForbiddenName, RegistryLoader, contained

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


TEMPLATE_ID = r"^[a-z0-9-]+(/[a-z0-9-]+)+$"


class Manifest(Model):
    """What a template declares about itself in ``template.yaml``."""

    id: str = Field(pattern=TEMPLATE_ID, description="模板标识，如 plans/annual-plan")
    title: str = Field(min_length=1, description="模板名称")
    kind: str | None = Field(default=None, description="适用的文档类型（数据文件的 kind）；基础模板没有")
    abstract: bool = Field(default=False, description="基础模板：只供其他模板 extends，不直接用于渲染")
    extends: str | None = Field(
        default=None, pattern=TEMPLATE_ID,
        description="父模板标识：本模板没有列出的格式从它取，如 base/official",
    )
    formats: dict[str, str] = Field(
        default_factory=dict, description="格式 → 文件名，如 docx: plan.docx；没列出的格式从 extends 的模板取"
    )
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
    """One template found in one source, at position ``rank`` of the search path."""

    manifest: Manifest
    directory: Path
    origin: str
    rank: int

    @property
    def id(self) -> str:
        return self.manifest.id

    @property
    def manifest_path(self) -> Path:
        return self.directory / MANIFEST


@dataclass(frozen=True)
class Resolved:
    """A template id resolved for one format: the template asked for and the file used,
    which ``provider`` holds — the template itself, an override of it, or a base it extends."""

    template: Template
    fmt: str
    path: Path
    provider: Template


@dataclass(frozen=True)
class Listing:
    """A line of ``gongwen templates list``."""

    id: str
    title: str
    kind: str | None
    formats: tuple[str, ...]
    origin: str
    overrides: tuple[str, ...]
    extends: str | None = None

    @property
    def abstract(self) -> bool:
        return self.kind is None


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
    """Read and check one ``template.yaml`` (cached while the file is unchanged); one that is
    a link to a file outside its template's directory is refused unread."""
    if not path.resolve().is_relative_to(path.parent.resolve()):
        raise TemplateError(f"模板清单 {path} 是指向模板目录之外的链接，不允许使用")
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
    if manifest.abstract and manifest.kind is not None:
        raise TemplateError(
            f"模板清单 {path} 是基础模板（abstract: true），不应写 kind；请删去 kind 或 abstract"
        )
    if manifest.extends == manifest.id:
        raise TemplateError(f"模板清单 {path} 的 extends 指向自己（{manifest.id}）")
    for fmt, name in manifest.formats.items():
        try:
            contained(path.parent, name)
        except ForbiddenName as exc:
            raise TemplateError(f"模板清单 {path} 的 {fmt}：{exc}") from None
    return manifest


def manifest_yaml(manifest: Manifest, formats: dict[str, str]) -> bytes:
    """``template.yaml`` of an exported template: its manifest listing ``formats``, extending nothing."""
    data = manifest.model_dump(exclude_defaults=True, exclude={"formats", "extends", "match"})
    data["formats"] = formats
    if manifest.match:
        data["match"] = manifest.match
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000).encode("utf-8")


def _renamed(name: str, provider: Template, template_id: str) -> str:
    """An inherited file's name in an export: named after the exporting template when it
    was named after its base (``official.docx`` → ``annual-plan.docx``), else unchanged."""
    stem, dot, rest = name.partition(".")
    if stem == provider.id.rsplit("/", 1)[-1]:
        return template_id.rsplit("/", 1)[-1] + dot + rest
    return name


class Registry:
    """Finds templates by id and format along a search path of sources."""

    def __init__(self, sources: Sequence[Source], kinds: Kinds = BUILT_IN) -> None:
        self.sources = list(sources)
        self.kinds = kinds
        self._templates: list[Template] | None = None
        self._by_id: dict[str, list[Template]] = {}
        self._loader: RegistryLoader[Template] | None = None
        self._resolved: dict[tuple[str, str], Resolved] = {}

    @classmethod
    def default(cls, template_dirs: Iterable[str | Path] = (), kinds: Kinds = BUILT_IN) -> Registry:
        """The registry for the given directories, the environment and installed packs."""
        for directory in template_dirs:
            if not Path(directory).is_dir():
                raise TemplateError(f"模板目录 {directory} 不存在")
        return cls(default_sources(template_dirs), kinds)

    def templates(self) -> list[Template]:
        """Every template of every source, in search order (overridden ones included).

        Raises a TemplateError naming the manifest when one is broken, an id appears
        twice in one source, or ``extends`` names an unknown template or makes a cycle.
        """
        if self._templates is None:
            found: list[Template] = []
            by_id: dict[str, list[Template]] = {}
            for rank, source in enumerate(self.sources):
                if not source.root.is_dir():
                    continue
                for manifest_path in sorted(source.root.rglob(MANIFEST)):
                    manifest = read_manifest(manifest_path)
                    self._check(manifest, manifest_path)
                    template = Template(manifest, manifest_path.parent, source.origin, rank)
                    same = by_id.setdefault(template.id, [])
                    if same and same[-1].rank == rank:
                        raise TemplateError(
                            f"模板标识“{template.id}”在 {source.root} 中出现两次："
                            f"{same[-1].manifest_path}、{manifest_path}；请删去或改名其中一个"
                        )
                    same.append(template)
                    found.append(template)
            self._by_id = by_id
            for template_id in by_id:
                self._lineage(template_id)
            self._templates = found
        return self._templates

    def _check(self, manifest: Manifest, path: Path) -> None:
        """A template's kind must be one of this registry's kinds (a base has none), and the
        files it lists must exist."""
        known = "、".join(kind.name for kind in self.kinds)
        if not manifest.abstract and manifest.kind is None:
            raise TemplateError(
                f"模板清单 {path} 缺少 kind（适用的文档类型：{known}）；"
                "只供其他模板 extends 的基础模板请写 abstract: true"
            )
        if manifest.kind is not None and manifest.kind not in self.kinds:
            raise TemplateError(f"模板清单 {path} 的 kind“{manifest.kind}”不是已知的文档类型（{known}）")
        for fmt, name in manifest.formats.items():
            if not contained(path.parent, name).is_file():
                raise TemplateError(f"模板清单 {path} 列出的 {fmt} 文件 {name} 不存在")

    def candidates(self, template_id: str) -> list[Template]:
        """All templates with this id, the winning one first."""
        self.templates()
        return self._by_id.get(template_id, [])

    def lineage(self, template_id: str) -> list[str]:
        """The id and the ids it extends, nearest first: ``[plans/annual-plan, base/official]``.

        A template's parent is the ``extends`` of the first of its manifests (in search
        order) that declares one, so a district's override need not repeat it.
        """
        self.templates()
        return self._lineage(template_id)

    def _lineage(self, template_id: str) -> list[str]:
        chain = [template_id]
        while True:
            declaring = next((t for t in self._by_id.get(chain[-1], []) if t.manifest.extends), None)
            if declaring is None:
                return chain
            parent = declaring.manifest.extends or ""
            if parent in chain:
                loop = " → ".join([*chain, parent])
                raise TemplateError(f"模板清单 {declaring.manifest_path} 的 extends 形成循环：{loop}")
            if parent not in self._by_id:
                known = "、".join(sorted(self._by_id))
                raise TemplateError(
                    f"模板清单 {declaring.manifest_path} 的 extends“{parent}”不是已知的模板（可用：{known}）"
                )
            chain.append(parent)

    def formats(self, template_id: str) -> list[str]:
        """Every format a template has, its own and inherited."""
        self.templates()
        return sorted({f for tid in self.lineage(template_id) for t in self.candidates(tid)
                       for f in t.manifest.formats})

    def loader(self) -> RegistryLoader[Template]:
        """The Jinja loader of this registry's template files (for extends/include/import)."""
        if self._loader is None:
            self._loader = RegistryLoader(self.candidates, self.templates)
        return self._loader

    def resolve(self, template_id: str, fmt: str) -> Resolved:
        """The file of a template for a format.

        The file name comes from the first manifest of the id (search order) listing the
        format, else from its parent's, and so on up ``extends``; the file itself is the
        first of that name in the directories of that id, so a district replaces one file
        by putting the same name in its own directory.
        """
        resolved = self._resolved.get((template_id, fmt))
        if resolved is None:
            resolved = self._resolved[(template_id, fmt)] = self._resolve(template_id, fmt)
        return resolved

    def _resolve(self, template_id: str, fmt: str) -> Resolved:
        found = self.candidates(template_id)
        if not found:
            raise TemplateError(f"找不到模板“{template_id}”。可用的模板：{'、'.join(sorted(self._by_id))}")
        for owner_id in self.lineage(template_id):
            listing = next((t for t in self.candidates(owner_id) if fmt in t.manifest.formats), None)
            if listing is not None:
                try:
                    provider, path = self.loader().locate(f"{owner_id}/{listing.manifest.formats[fmt]}")
                except (jinja2.TemplateNotFound, ForbiddenName) as exc:
                    raise TemplateError(f"模板清单 {listing.manifest_path} 的 {fmt}：{exc}") from None
                return Resolved(found[0], fmt, path, provider)
        formats = "、".join(self.formats(template_id))
        raise TemplateError(f"模板“{template_id}”没有 {fmt} 格式（可用：{formats}）")

    def files(self, resolved: Resolved) -> list[Path]:
        """The files a resolved template is made of: its file and those it extends or includes."""
        return list(self.loader().dependencies(resolved.path))

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
        """Refuse a base template, or a template written for another kind of document."""
        manifest = resolved.template.manifest
        if manifest.abstract:
            children = "、".join(
                sorted({t.id for t in self.templates() if t.manifest.extends == manifest.id})
            )
            raise TemplateError(
                f"模板“{manifest.id}”（{resolved.template.manifest_path}）是基础模板，只供其他模板 extends，"
                f"不能直接用于渲染；请改用 {children or '具体的模板'}"
            )
        if manifest.kind != kind:
            raise TemplateError(
                f"模板“{manifest.id}”（{resolved.template.manifest_path}）适用于“{manifest.kind}”，"
                f"不能用于“{kind}”类型的数据"
            )

    def listing(self) -> list[Listing]:
        """One line per template id: the winner, its formats (inherited ones too), what it
        overrides, and the template it extends when it takes a format from there."""
        lines: dict[str, Listing] = {}
        for template in self.templates():
            if template.id in lines:
                continue
            formats = self.formats(template.id)
            inherits = any(self.resolve(template.id, f).provider.id != template.id for f in formats)
            lines[template.id] = Listing(
                id=template.id,
                title=template.manifest.title,
                kind=template.manifest.kind,
                formats=tuple(formats),
                origin=template.origin,
                overrides=tuple(t.origin for t in self.candidates(template.id)[1:]),
                extends=self.lineage(template.id)[1] if inherits else None,
            )
        return sorted(lines.values(), key=lambda line: line.id)

    def export(self, template_id: str, destination: Path) -> Path:
        """Copy a template into ``destination/<id>`` to edit, complete and on its own.

        The copy is flattened: its ``template.yaml`` lists every format and extends
        nothing, and the files it inherits sit beside its own (a base's ``official.docx``
        becomes ``annual-plan.docx``), so editing them changes this template only. A
        template that its Markdown or HTML files name in ``extends``/``include``/``import``
        (``base/official/page.html.j2``) is exported too, unless ``destination`` has it.
        """
        found = self.candidates(template_id)
        if not found:
            self.resolve(template_id, "docx")  # raises the “not found” error with the list
        target = Path(destination) / template_id
        if target.exists():
            raise TemplateError(f"{target} 已存在，未覆盖；请换一个目录或先移走它")
        formats: dict[str, str] = {}
        copies: dict[str, Path] = {}
        for fmt in self.formats(template_id):
            resolved = self.resolve(template_id, fmt)
            name = resolved.path.relative_to(resolved.provider.directory).as_posix()
            if resolved.provider.id != template_id:
                name = _renamed(name, resolved.provider, template_id)
            if copies.setdefault(name, resolved.path) != resolved.path:
                raise TemplateError(f"模板“{template_id}”的两个文件都要导出为 {name}，请在模板清单中改名其一")
            formats[fmt] = name
        referenced = self._references(list(copies.values()))
        with atomic_directory(target) as staging:
            shutil.copytree(found[0].directory, staging, dirs_exist_ok=True)
            for owner, name, source in referenced:  # its own files, from an overridden copy
                if owner.id == template_id and name not in copies:
                    copies[name] = source
            for name, source in copies.items():
                (staging / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, staging / name)
            (staging / MANIFEST).write_bytes(manifest_yaml(found[0].manifest, formats))
        for owner, _, _ in referenced:
            if not (Path(destination) / owner.id).exists():
                self.export(owner.id, destination)
        return target

    def _references(self, paths: list[Path]) -> list[tuple[Template, str, Path]]:
        """Files the given template files refer to by name (not themselves): (template, file name, path)."""
        loader = self.loader()
        found: dict[Path, tuple[Template, str, Path]] = {}
        for path in paths:
            for dependency in loader.dependencies(path):
                if dependency not in paths:
                    owner = loader.owner_of(dependency)
                    name = dependency.relative_to(owner.directory).as_posix()
                    found[dependency] = (owner, name, dependency)
        return list(found.values())
