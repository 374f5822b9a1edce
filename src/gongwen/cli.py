"""The ``gongwen`` command: a thin shell over the library.

Commands import the library when they run, so ``gongwen --help`` starts at once; click
speaks Chinese (:mod:`.terminal.zh`), results are printed for people or as JSON with
distinct exit codes (:mod:`.terminal.output`), long batches show a progress bar
(:mod:`.terminal.progress`).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .terminal import zh
from .terminal.output import FINDINGS, print_json, relative_all, show_batch
from .terminal.shell import Shell
from .version import __version__

if TYPE_CHECKING:
    from .importer.pipeline import ImportedAndRendered

STDIN = "标准输入"


def _formats_help() -> str:
    from .kinds import BUILT_IN
    from .renderer import FORMATS

    return (f"输出格式，逗号分隔：{'、'.join(f for f in FORMATS if f != 'xlsx')}，"
            f"{'、'.join(kind.label for kind in BUILT_IN if kind.workbook)}另有 xlsx，如 docx,pdf")


def _schedule_formats_help() -> str:
    from .schedules import SCHEDULE_FORMATS

    return f"视导时间安排表的格式：docx、xlsx、pdf、md、html（默认 {','.join(SCHEDULE_FORMATS)}）"


def _kinds() -> list[str]:
    from .kinds import BUILT_IN

    return sorted(kind.name for kind in BUILT_IN)


def _import_kinds() -> list[str]:
    from .importer import KIND_NAMES

    return sorted(KIND_NAMES)


def _formats(value: str) -> list[str]:
    return [f.strip().lower() for f in value.split(",") if f.strip()]


def _stdin() -> tuple[str, bytes]:
    with click.open_file("-", "rb") as stream:
        return STDIN, stream.read()


def _done(code: int) -> None:
    if code:
        sys.exit(code)


cluster_option = zh.option(
    "--cluster", default=None, envvar="GONGWEN_CLUSTER",
    help="在 Dask 集群上生成：调度器地址如 tcp://10.0.0.5:8786，或 local:4（本机 4 个工作进程）；"
         "默认取环境变量 GONGWEN_CLUSTER，都没有时在本机生成",
)


def _cluster(spec: str | None) -> contextlib.AbstractContextManager[Any]:
    """The Dask client of ``--cluster`` (None without one)."""
    if not spec:
        return contextlib.nullcontext()
    try:
        from .cluster import connect
    except ImportError:
        from .errors import ClusterError

        raise ClusterError("--cluster 需要 Dask：请安装 pip install 'gongwen[cluster]'") from None
    return connect(spec)


@contextlib.contextmanager
def _office(formats: str, cluster: str | None, documents: int | None = None) -> Iterator[Any]:
    """The LibreOffice pool of a command that makes PDFs on this machine: the resident one
    when ``gongwen office start`` runs one, else its own, started at once — before the
    library is imported, so that its start-up (about half a second) overlaps loading
    and rendering — sized for ``documents`` PDFs and stopped when the block ends. None when
    no PDF is asked for, the batch runs on a cluster, or LibreOffice cannot be found (the
    batch then reports that, once)."""
    if cluster or "pdf" not in _formats(formats):
        yield None
        return
    from .errors import GongwenError
    from .render.pdf.converter import PdfConverter, pool_size
    from .render.pdf.resident import ResidentConverter

    resident = ResidentConverter.connect()
    if resident is not None:
        with resident:
            yield resident
        return
    try:
        converter = PdfConverter(pool_size(documents))
    except GongwenError:
        yield None
        return
    with converter:
        converter.start()
        yield converter


templates_option = zh.option(
    "--templates", "template_dirs", multiple=True, type=click.Path(file_okay=False, path_type=Path),
    help="模板目录（可重复；优先于 GONGWEN_TEMPLATES、模板包和内置模板）")
output_option = zh.option("-o", "--output", "outdir", required=True, type=zh.OutputDirectory(),
                          help="输出目录（不存在时新建）")
json_option = zh.option("--json", "as_json", is_flag=True,
                        help="在标准输出打印一个 JSON 对象（供其他系统读取），含生成的文件、警告和错误")
quiet_option = zh.option("-q", "--quiet", is_flag=True, help="不显示进度条")


@click.group(cls=Shell, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="gongwen", message="%(prog)s %(version)s",
                      help="显示版本并退出")
@zh.option("--debug", is_flag=True, expose_value=False,
           help="出错时显示完整的错误追踪（traceback），而不是写入文件")
def main() -> None:
    """gongwen：把教育督导数据排成规范公文（GB/T 9704-2012）。

    \b
    退出码：0 完成，1 检查发现问题，2 数据有误，3 模板问题，4 转换 PDF 失败，
    64 命令用法有误，70 内部错误，73 输出无法写入，130 已中止。
    """


@main.command()
@click.argument("data", nargs=-1, required=True)
@output_option
@zh.option("-t", "--template", default=None, help="模板标识，如 plans/annual-plan（默认按数据的 kind 选）")
@zh.option("-f", "--format", "formats", default="docx", show_default=True, lazy_help=_formats_help)
@zh.option("--blank", is_flag=True, help="生成空白表格（供手写填写），文件名加“（空白）”")
@zh.option("--booklet", type=click.Path(dir_okay=False, path_type=Path), default=None,
           help="把生成的各份 PDF 合并为一册（每份一个书签，页码连续），需 -f 含 pdf")
@zh.option("--force", is_flag=True, help="全部重新生成（默认跳过数据、模板和选项都未变且文件仍在的文档）")
@zh.option("--allow-dir", "allowed_dirs", multiple=True,
           type=click.Path(file_okay=False, exists=True, path_type=Path),
           help="数据文件可读取其中文件（印章、照片、台账）的目录（可重复；默认只读数据文件所在目录）")
@templates_option
@cluster_option
@json_option
@quiet_option
def render(data: Sequence[str], outdir: Path, template: str | None, formats: str, blank: bool,
           booklet: Path | None, force: bool, allowed_dirs: Sequence[Path], template_dirs: Sequence[Path],
           cluster: str | None, as_json: bool, quiet: bool) -> None:
    """把数据文件（YAML/JSON，- 表示从标准输入读取）排成公文；再次运行时只重新生成缺少或有变化的文档。"""
    with _office(formats, cluster, len(data)) as pdf:
        from .batch import render_files
        from .renderer import Renderer
        from .terminal.progress import Bar

        sources = [_stdin() if name == "-" else Path(name) for name in data]
        with Renderer(template_dirs, allowed_dirs=allowed_dirs, pdf=pdf) as renderer, \
                _cluster(cluster) as executor, Bar(quiet) as bar:
            result = render_files(sources, outdir, _formats(formats), template=template, blank=blank,
                                  booklet=booklet, force=force, renderer=renderer, progress=bar,
                                  executor=executor)
    _done(show_batch(result, outdir, as_json))


@main.group()
def office() -> None:
    """常驻 LibreOffice：一天里要运行多条生成 PDF 的命令时，先启动一次，之后各命令不再各自启动。"""


@office.command("start")
@zh.option("--workers", type=click.IntRange(1, 64), default=None,
           help="LibreOffice 工作进程数（默认每个 CPU 核一个）")
@zh.option("--idle", "idle_minutes", type=click.FloatRange(min=0.01), default=10.0, show_default=True,
           help="无转换任务多少分钟后自动退出")
def office_start(workers: int | None, idle_minutes: float) -> None:
    """在后台启动常驻的 LibreOffice（已在运行时只显示其状态）；生成 PDF 的命令会自动使用它。"""
    from .render.pdf import resident

    running = resident.start(workers, idle_minutes * 60)
    click.echo(f"常驻 LibreOffice 已就绪：{running['workers']} 个工作进程，进程号 {running['pid']}；"
               f"空闲 {running['stops_after'] / 60:g} 分钟后自动退出，或用 gongwen office stop 停止")


@office.command("stop")
def office_stop() -> None:
    """停止常驻的 LibreOffice（正在进行的转换先完成）。"""
    from .render.pdf import resident

    click.echo("常驻 LibreOffice 已停止" if resident.stop() else "没有正在运行的常驻 LibreOffice")


@office.command("status")
def office_status() -> None:
    """显示常驻 LibreOffice 是否在运行、已转换多少份、空闲多久。"""
    from .render.pdf import resident

    running = resident.status()
    if running is None:
        click.echo("没有正在运行的常驻 LibreOffice（gongwen office start 可启动）")
        sys.exit(FINDINGS)
    click.echo(f"常驻 LibreOffice 正在运行：{running['workers']} 个工作进程，进程号 {running['pid']}，"
               f"已转换 {running['converted']} 份，空闲 {running['idle']:g} 秒"
               f"（{running['stops_after'] / 60:g} 分钟无任务后退出）")


@main.command()
def doctor() -> None:
    """检查生成 PDF 所需的 LibreOffice 及各角色（标题、正文、各级标题）实际使用的字体。"""
    from .errors import ConversionError
    from .render.pdf.fonts import doctor_report

    report = doctor_report()
    for line in report.lines():
        click.echo(line)
    if not report.ok:
        sys.exit(ConversionError.exit_code)
    click.echo("可以生成 PDF。")


@main.command()
@click.argument("kind", type=zh.Choice(_kinds), metavar="KIND")
def schema(kind: str) -> None:
    """打印某类数据文件（KIND，如 annual-plan）的 JSON Schema（draft 2020-12，数据文件可写的形式，
    供编辑器和其他系统使用）。"""
    from .kinds import BUILT_IN
    from .models.schema import schema_text

    declared = BUILT_IN.get(kind)
    click.echo(schema_text(declared.model, declared.label), nl=False)


@main.group()
def templates() -> None:
    """查看、导出模板。"""


@templates.command("list")
@templates_option
def list_templates(template_dirs: Sequence[Path]) -> None:
    """列出可用模板：标识、名称、格式、来源，及其覆盖、继承的模板；基础模板只供其他模板继承。"""
    from .registry import DIRECTORY_ORIGIN, Registry

    def origin(text: str) -> str:  # a template directory is what --templates named
        return text.replace(DIRECTORY_ORIGIN, "--templates ", 1)

    for line in Registry.default(template_dirs).listing():
        notes = f"（覆盖：{'、'.join(map(origin, line.overrides))}）" if line.overrides else ""
        notes += "（基础模板）" if line.abstract else ""
        notes += f"（继承 {line.extends}）" if line.extends else ""
        click.echo(f"{line.id}\t{line.title}\t{','.join(line.formats)}\t{origin(line.origin)}{notes}")


@templates.command("export")
@click.argument("template_id")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@templates_option
def export_template(template_id: str, directory: Path, template_dirs: Sequence[Path]) -> None:
    """把模板复制到 DIRECTORY 供修改；之后用 --templates DIRECTORY 使用修改后的模板。"""
    from .registry import Registry

    click.echo(str(Registry.default(template_dirs).export(template_id, directory)))


RECORDS_HELP = "RECORDS 是督导数据工作簿（督导数据.xlsx，gongwen init 生成）或 kind: records 的数据文件。"


def _records_command(name: str, help_text: str, produce: str, *more: click.Option) -> None:
    """Register a command that renders documents from a records file (督导记录) through
    ``gongwen.reports.<produce>``."""

    @main.command(name, help=help_text)
    @click.argument("records", type=click.Path(path_type=Path))
    @output_option
    @zh.option("--period", default=None,
               help="期间：2026、2026-10 或 2026-09-01..2026-12-31（默认数据中的统计期间；"
                    "数据未写统计期间时即以此为准）")
    @zh.option("--zone", default=None, help="只处理这一个责任区")
    @zh.option("--date", "day", default=None, type=zh.Date(),
               help="成文日期，也是计算逾期的基准日（默认今天），如 2026-11-22 或 2026年11月22日")
    @zh.option("-f", "--format", "formats", default="docx", show_default=True,
               help="输出格式，逗号分隔：docx、pdf、md、html")
    @zh.option("--booklet", type=click.Path(dir_okay=False, path_type=Path), default=None,
               help="把本次生成的 PDF 合成一本（需 -f 含 pdf）")
    @zh.option("--district", default=None, help="区县名称（代替数据中的区县，如工作簿“基本信息”未填）")
    @zh.option("--issuer", default=None, help="发文机关署名（代替数据中的发文机关）")
    @templates_option
    @cluster_option
    @json_option
    @quiet_option
    def command(records: Path, outdir: Path, day: date | None, formats: str,
                template_dirs: Sequence[Path], cluster: str | None, as_json: bool, quiet: bool,
                **options: Any) -> None:
        with _office(formats, cluster) as pdf:
            from . import reports
            from .renderer import Renderer
            from .terminal.progress import Bar

            with Renderer(template_dirs, pdf=pdf) as renderer, _cluster(cluster) as executor, \
                    Bar(quiet) as bar:
                result = getattr(reports, produce)(records, outdir, today=day, renderer=renderer,
                                                   formats=_formats(formats), progress=bar,
                                                   executor=executor, **options)
        _done(show_batch(result, outdir, as_json))

    main.commands[name].params.extend(more)


_records_command("report", f"由督导记录为每所学校生成视导报告。{RECORDS_HELP}", "render_visit_reports",
                 zh.Option(["--inspector"], default=None,
                           help="只生成这名督学参加的视导：他去过的学校各一份报告，只据他的记录"))
_records_command("notices", f"生成整改通知书，以及逾期问题的督办、警示、查办通知单。{RECORDS_HELP}",
                 "render_notices")
_records_command("summary", f"生成督导工作总结（含统计表、统计图）及统计工作簿（.xlsx）。{RECORDS_HELP}",
                 "render_summary")


@main.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@zh.option("--example", is_flag=True, help="复制 gongwen 自带的完整示例，而不是空白的起步文件")
def init_command(directory: Path, example: bool) -> None:
    """在 DIRECTORY 建立一个区县的起步文件夹：督导数据.xlsx（基本信息、学校名册、责任区、督学、
    督导台账、整改跟踪）和带注释的年度计划、工作方案、行事历、视导安排骨架。"""
    from .starter import guide, init_district

    init_district(directory, example=example)
    for line in guide(directory, example):
        click.echo(line)


@main.command()
@click.argument("data", required=False, type=click.Path(path_type=Path))
@zh.option("-o", "--output", "outdir", type=zh.OutputDirectory(), help="输出目录（不存在时新建）")
@zh.option("-f", "--format", "formats", default=None, lazy_help=_schedule_formats_help)
@zh.option("--holidays", multiple=True, type=click.Path(path_type=Path),
           help="节假日文件（YAML，可重复），用于内置日历未覆盖的年份")
@zh.option("--check", "check_path", type=click.Path(path_type=Path),
           help="检查已有的视导安排（.xlsx 或 YAML），列出不符合排期规则之处（有则退出码为 1）")
@zh.option("--data", "data_path", type=click.Path(path_type=Path),
           help="与 --check 同用：排期所依据的数据文件（检查 .xlsx 时必填）")
@zh.option("--regenerate", is_flag=True,
           help="数据中已有视导安排（如改过的 schedule.yaml）时也按规则重新生成（默认沿用已有安排）")
@zh.option("--inspector", "inspectors", multiple=True,
           help="只生成这名督学的视导月历（每月一张，按 -f 的格式，如 pdf）和 .ics（可重复）")
@zh.option("--time", default=None, help="日历中视导的时段（北京时间），如 08:30-11:30；不写为全天")
@zh.option("--remind", default=None, help="日历提前提醒：1d（1天）、2h（2小时）、30m（30分钟）")
@templates_option
@json_option
@quiet_option
def schedule(data: Path | None, outdir: Path | None, formats: str | None, holidays: Sequence[Path],
             check_path: Path | None, data_path: Path | None, regenerate: bool,
             inspectors: Sequence[str], time: str | None, remind: str | None,
             template_dirs: Sequence[Path], as_json: bool, quiet: bool) -> None:
    """生成视导时间安排：安排表（.docx、.xlsx，每名督学一张月历）、每名督学的 .ics 日历和
    可修改后再检查的 schedule.yaml；数据中已有视导安排（改过的 schedule.yaml）时沿用并按规则检查
    后发布；或用 --check 只检查已有安排。"""
    from . import schedules

    if check_path is not None:
        if data is not None or outdir is not None:
            raise click.UsageError("--check 不与 DATA、-o 同用；依据的数据文件请用 --data 指定")
        problems = schedules.check_file(check_path, data_path, holidays)
        if as_json:
            print_json({"ok": not problems, "exit_code": FINDINGS if problems else 0,
                        "checked": str(check_path), "problems": [problem.to_dict() for problem in problems]})
        elif not problems:
            click.echo(f"{check_path}：符合全部排期规则")
        else:
            click.echo(f"{check_path}：共 {len(problems)} 处不符合排期规则：")
            for problem in problems:
                click.echo(f"  - {problem}")
        _done(FINDINGS if problems else 0)
        return
    if data is None or outdir is None:
        raise click.UsageError("请给出数据文件和 -o 输出目录，或用 --check 检查已有安排")
    from .renderer import Renderer
    from .terminal.progress import Bar

    chosen = {"formats": _formats(formats)} if formats is not None else {}
    with Renderer(template_dirs) as renderer, Bar(quiet) as bar:
        result = schedules.render_schedule(data, outdir, holidays=holidays, renderer=renderer,
                                           regenerate=regenerate, inspectors=inspectors, time=time,
                                           remind=remind, progress=bar, **chosen)
    _done(show_batch(result, outdir, as_json))


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@zh.option("--pdf", "pages", is_flag=True,
           help="另把 .docx 经 LibreOffice 转成 PDF，检查打印出来的版面（分页、页码、表格、字体）")
@zh.option("--fix", is_flag=True,
           help="另把 .docx 导入后按国家标准重新排版，存在原文件旁（X（规范）.docx），并列出改动")
@json_option
@quiet_option
def check(files: Sequence[Path], pages: bool, fix: bool, as_json: bool, quiet: bool) -> None:
    """按 GB/T 9704-2012 检查 .docx 公文的格式、.pdf 的版面；--fix 另生成规范版。

    有错误时退出码为 1，文件无法读取时为 2，LibreOffice 无法转换时为 4。
    """
    if fix:
        _fix(files, as_json)
        return
    from .check import (
        PDF_KIND,
        Report,
        UnreadableDocx,
        UnreadablePdf,
        check_docx,
        check_docx_pages,
        check_pdf,
    )
    from .errors import GongwenError

    results: list[tuple[Path, Report | GongwenError]] = []
    for path in files:
        try:
            results.append((path, check_pdf(path) if path.suffix.lower() == ".pdf" else check_docx(path)))
        except (UnreadableDocx, UnreadablePdf) as exc:
            results.append((path, exc))
    docx = [path for path, result in results if isinstance(result, Report) and result.kind != PDF_KIND]
    if pages and docx:
        from .batch import Progress
        from .terminal.progress import Bar

        with Bar(quiet) as bar:
            def finished(done: int, index: int) -> None:
                bar(Progress("pdf", done, len(docx), docx[index].name))

            converted = dict(zip(docx, check_docx_pages(docx, finished=finished), strict=True))
        results = [
            pair
            for path, result in results
            for pair in [(path, result), *([(path, converted[path])] if path in converted else [])]
        ]
    out: list[dict[str, object]] = []
    status = 0
    for path, result in results:
        if isinstance(result, GongwenError):
            out.append({"file": str(path), "error": result.to_dict()})
            status = max(status, result.exit_code)
            if not as_json:
                click.echo(f"错误：{result}", err=True)
            continue
        out.append(result.to_dict())
        status = max(status, 0 if result.ok else FINDINGS)
        if not as_json:
            click.echo(result.summary())
            for finding in result.findings:
                click.echo(f"  {finding}")
    if as_json:
        print_json({"ok": status == 0, "exit_code": status, "files": out})
    _done(status)


def _fix(files: Sequence[Path], as_json: bool) -> None:
    """check --fix: each .docx checked, imported and rendered in the national format beside it."""
    from .check import UnreadableDocx
    from .errors import DataError, GongwenError, Problem
    from .importer.pipeline import fix_docx
    from .renderer import Renderer

    out: list[dict[str, object]] = []
    status = 0
    with Renderer() as renderer:
        for path in files:
            try:
                if path.suffix.lower() != ".docx":
                    raise DataError(str(path), [Problem("--fix 只用于 .docx（.doc、.wps 请先另存为 .docx，"
                                                        "或用 gongwen import）")])
                fixed = fix_docx(path, renderer)
            except (UnreadableDocx, GongwenError) as exc:
                out.append({"file": str(path), "error": exc.to_dict()})
                status = max(status, exc.exit_code)
                if not as_json:
                    click.echo(f"错误：{exc}", err=True)
                continue
            out.append(fixed.to_dict())
            status = max(status, 0 if fixed.outputs and all(r.ok for r in fixed.after) else FINDINGS)
            if not as_json:
                click.echo(fixed.before.summary())
                for finding in fixed.before.findings:
                    click.echo(f"  {finding}")
                for line in fixed.lines():
                    click.echo(line)
    if as_json:
        print_json({"ok": status == 0, "exit_code": status, "files": out})
    _done(status)


@main.command("import")
@click.argument("files", nargs=-1, required=True)
@output_option
@zh.option("--kind", type=zh.Choice(_import_kinds), default=None, help="指定文档类型（默认自动识别）")
@zh.option("--keep", is_flag=True, help="保留原文字符：不把半角标点改为全角、“--”改为“——”等")
@json_option
@zh.option("--render", "then_render", is_flag=True,
           help="导入后直接排成公文（数据完整的文档），PDF 另检查版面")
@zh.option("-f", "--format", "formats", default="docx", show_default=True,
           help="与 --render 同用：输出格式，如 docx,pdf")
@quiet_option
def import_command(files: Sequence[str], outdir: Path, kind: str | None, keep: bool, as_json: bool,
                   then_render: bool, formats: str, quiet: bool) -> None:
    """把已有的公文（.docx、.doc、.wps、.odt、.txt、.md，或 - 表示标准输入）导入为数据文件（YAML），
    并报告识别了什么、未导入什么、哪里不确定、做了哪些规范化；--render 接着排成规范公文。"""
    from .importer import import_files
    from .importer.pipeline import import_and_render
    from .renderer import Renderer
    from .terminal.progress import Bar

    sources: list[str | tuple[str, bytes]] = [_stdin() if name == "-" else name for name in files]
    made = None
    with Bar(quiet) as bar:
        if then_render:
            with Renderer() as renderer:
                made = import_and_render(sources, outdir, _formats(formats), kind, keep, renderer, bar)
            results = made.imports
        else:
            results = import_files(sources, outdir, kind, keep, bar)
    failed = [r for r in results if r.error is not None]
    status = max((r.error.exit_code for r in failed), default=0)  # type: ignore[union-attr]
    if made is not None:
        status = max(status, _render_status(made))
    if as_json:
        print_json({
            "ok": status == 0, "exit_code": status, "outdir": str(outdir),
            "imports": [
                {"file": r.source, "error": r.error.to_dict()} if r.error else
                {"file": r.source, "outputs": relative_all(r.outputs, outdir),
                 "report": r.report.to_dict()}  # type: ignore[union-attr]
                for r in results
            ],
            **(_rendered_dict(made, outdir) if made is not None else {}),
        })
        _done(status)
        return
    for result in results:
        if result.error is not None:
            click.echo(f"未导入 {result.source}：\n{result.error}", err=True)
            continue
        click.echo(f"{result.source} → {'、'.join(relative_all(result.outputs, outdir))}")
        for line in result.report.lines():  # type: ignore[union-attr]
            click.echo(line)
    if failed:
        click.echo(f"共 {len(failed)} 个未导入：{'、'.join(r.source for r in failed)}", err=True)
    if made is not None:
        _show_rendered(made, outdir)
    _done(status)


def _render_status(made: ImportedAndRendered) -> int:
    """import --render: the worst failure, or 1 when a document was not rendered or its PDF
    does not pass the layout check."""
    codes = [failure.error.exit_code for failure in made.batch.failures]
    codes += [FINDINGS for report in made.layout.values() if not report.ok]
    codes += [FINDINGS for _ in made.not_ready]
    return max(codes, default=0)


def _rendered_dict(made: ImportedAndRendered, outdir: Path) -> dict[str, Any]:
    from .terminal.output import batch_dict

    return {"rendered": batch_dict(made.batch, outdir),
            "not_rendered": [{"file": source, "lacking": lacking} for source, lacking in made.not_ready],
            "layout": [report.to_dict() for report in made.layout.values()]}


def _show_rendered(made: ImportedAndRendered, outdir: Path) -> None:
    """import --render for people: what was rendered, what could not be, each PDF's layout check."""
    for source, lacking in made.not_ready:
        click.echo(f"未排版 {source}：数据不完整，补全后用 gongwen render 排版（{'；'.join(lacking)}）",
                   err=True)
    show_batch(made.batch, outdir, as_json=False)
    for report in made.layout.values():
        click.echo(report.summary())
        for finding in report.findings:
            click.echo(f"  {finding}")


from .service.command import serve  # noqa: E402  (the command lives with the service)

main.add_command(serve)

if __name__ == "__main__":
    main()
