"""The ``gongwen`` command: a thin shell over :mod:`gongwen.api`."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

import click

from . import reports, schedules
from .batch import BatchResult, render_files
from .check import PDF_KIND, Report, UnreadableDocx, UnreadablePdf, check_docx, check_docx_pages, check_pdf
from .errors import ConversionError, GongwenError, HolidaysMissing, OptionError
from .importer import KIND_NAMES, import_files
from .importer.pipeline import ImportedAndRendered, fix_docx, import_and_render
from .kinds import BUILT_IN
from .models.schema import schema_text
from .registry import DIRECTORY_ORIGIN, Registry
from .renderer import FORMATS, Renderer
from .starter import guide, init_district
from .version import __version__

FORMATS_HELP = (
    f"输出格式，逗号分隔：{'、'.join(f for f in FORMATS if f != 'xlsx')}，"
    f"{'、'.join(kind.label for kind in BUILT_IN if kind.workbook)}另有 xlsx，如 docx,pdf"
)

OPTION_FLAGS = {"template_dirs": "--templates", "formats": "-f"}
"""Library parameters whose command-line option is not simply --name."""


def _message(error: GongwenError) -> str:
    """The error as the command line says it: an option error names the option."""
    if isinstance(error, OptionError):
        return f"{OPTION_FLAGS.get(error.option, '--' + error.option)}：{error.message}"
    if isinstance(error, HolidaysMissing):
        return f"{error}\n  （命令行上用 --holidays 节假日文件.yaml 指定）"
    return str(error)


def _fail(error: GongwenError) -> None:
    click.echo(f"错误：{_message(error)}", err=True)
    sys.exit(error.exit_code)


def _formats(value: str) -> list[str]:
    return [f.strip().lower() for f in value.split(",") if f.strip()]


templates_option = click.option(
    "--templates",
    "template_dirs",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="模板目录（可重复；优先于 GONGWEN_TEMPLATES、模板包和内置模板）",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gongwen")
def main() -> None:
    """gongwen：把教育督导数据排成规范公文（GB/T 9704-2012）。"""


@main.command()
@click.argument("data", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", required=True, type=click.Path(path_type=Path), help="输出目录")
@click.option("-t", "--template", default=None, help="模板标识，如 plans/annual-plan（默认按数据的 kind 选）")
@click.option("-f", "--format", "formats", default="docx", show_default=True, help=FORMATS_HELP)
@click.option("--blank", is_flag=True, help="生成空白表格（供手写填写），文件名加“（空白）”")
@click.option("--booklet", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="把生成的各份 PDF 合并为一册（每份一个书签，页码连续），需 -f 含 pdf")
@click.option("--force", is_flag=True, help="全部重新生成（默认跳过数据、模板和选项都未变且文件仍在的文档）")
@templates_option
def render(
    data: Sequence[Path],
    outdir: Path,
    template: str | None,
    formats: str,
    blank: bool,
    booklet: Path | None,
    force: bool,
    template_dirs: Sequence[Path],
) -> None:
    """把数据文件（YAML/JSON）排成公文；再次运行时只重新生成缺少或有变化的文档。"""
    try:
        renderer = Renderer(template_dirs)
    except GongwenError as exc:
        _fail(exc)
    with renderer:
        try:
            result = render_files(data, outdir, _formats(formats), template=template, blank=blank,
                                  booklet=booklet, force=force, renderer=renderer)
        except GongwenError as exc:
            _fail(exc)
    _report(result)


def _report(result: BatchResult) -> None:
    """Print what a batch wrote, skipped and failed; exit with the worst failure's code."""
    for path in result.outputs:
        click.echo(str(path))
    if result.skipped:
        click.echo(f"已是最新，跳过 {len(result.skipped)} 个文件（--force 可全部重新生成）", err=True)
    for note in result.notes:
        click.echo(note, err=True)
    for warning in result.warnings:
        click.echo(f"注意：{warning}", err=True)
    for failure in result.failures:
        click.echo(f"未生成 {failure.source}：\n{_message(failure.error)}", err=True)
    if result.failures:
        failed = "、".join(failure.source for failure in result.failures)
        click.echo(f"共 {len(result.failures)} 个未生成：{failed}；其余文件已生成", err=True)
        sys.exit(max(f.error.exit_code for f in result.failures))


@main.command()
def doctor() -> None:
    """检查生成 PDF 所需的 LibreOffice 及各角色（标题、正文、各级标题）实际使用的字体。"""
    from .render.pdf.fonts import doctor_report

    report = doctor_report()
    for line in report.lines():
        click.echo(line)
    if not report.ok:
        sys.exit(ConversionError.exit_code)
    click.echo("可以生成 PDF。")


@main.command()
@click.argument("kind", type=click.Choice(sorted(kind.name for kind in BUILT_IN)))
def schema(kind: str) -> None:
    """打印某类数据文件的 JSON Schema（draft 2020-12，数据文件可写的形式，供编辑器和其他系统使用）。"""
    declared = BUILT_IN.get(kind)
    click.echo(schema_text(declared.model, declared.label), nl=False)


@main.group()
def templates() -> None:
    """查看、导出模板。"""


@templates.command("list")
@templates_option
def list_templates(template_dirs: Sequence[Path]) -> None:
    """列出可用模板：标识、名称、格式、来源，及其覆盖、继承的模板；基础模板只供其他模板继承。"""
    try:
        lines = Registry.default(template_dirs).listing()
    except GongwenError as exc:
        _fail(exc)
    def origin(text: str) -> str:  # a template directory is what --templates named
        return text.replace(DIRECTORY_ORIGIN, "--templates ", 1)

    for line in lines:
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
    try:
        target = Registry.default(template_dirs).export(template_id, directory)
    except GongwenError as exc:
        _fail(exc)
    click.echo(str(target))


def _records_command(name: str, help_text: str, produce: Callable[..., BatchResult]) -> None:
    """Register a command that renders documents from a records file (督导记录)."""

    @main.command(name, help=help_text)
    @click.argument("records", type=click.Path(path_type=Path))
    @click.option("-o", "--output", "outdir", required=True, type=click.Path(path_type=Path),
                  help="输出目录")
    @click.option("--period", default=None,
                  help="期间：2026、2026-10 或 2026-09-01..2026-12-31（默认数据中的统计期间；"
                       "数据未写统计期间时即以此为准）")
    @click.option("--zone", default=None, help="只处理这一个责任区")
    @click.option("--date", "day", default=None, type=click.DateTime(["%Y-%m-%d"]),
                  help="成文日期，也是计算逾期的基准日（默认今天），如 2026-11-22")
    @click.option("-f", "--format", "formats", default="docx", show_default=True,
                  help="输出格式，逗号分隔：docx、pdf、md、html")
    @click.option("--booklet", type=click.Path(dir_okay=False, path_type=Path), default=None,
                  help="把本次生成的 PDF 合成一本（需 -f 含 pdf）")
    @click.option("--district", default=None, help="区县名称（代替数据中的区县，如工作簿“基本信息”未填）")
    @click.option("--issuer", default=None, help="发文机关署名（代替数据中的发文机关）")
    @templates_option
    def command(records: Path, outdir: Path, period: str | None, zone: str | None,
                day: datetime | None, formats: str, booklet: Path | None, district: str | None,
                issuer: str | None, template_dirs: Sequence[Path], **more: str | None) -> None:
        try:
            with Renderer(template_dirs) as renderer:
                result = produce(records, outdir, period=period, zone=zone,
                                 today=day.date() if day else None, renderer=renderer,
                                 formats=_formats(formats), booklet=booklet, district=district,
                                 issuer=issuer, **more)
        except GongwenError as exc:
            _fail(exc)
        _report(result)


RECORDS_HELP = "RECORDS 是督导数据工作簿（督导数据.xlsx，gongwen init 生成）或 kind: records 的数据文件。"

_records_command("report", f"由督导记录为每所学校生成视导报告。{RECORDS_HELP}", reports.render_visit_reports)
main.commands["report"].params.append(click.Option(
    ["--inspector"], default=None, help="只生成这名督学参加的视导：他去过的学校各一份报告，只据他的记录"))
_records_command("notices", f"生成整改通知书，以及逾期问题的督办、警示、查办通知单。{RECORDS_HELP}",
                 reports.render_notices)
_records_command("summary", f"生成督导工作总结（含统计表、统计图）及统计工作簿（.xlsx）。{RECORDS_HELP}",
                 reports.render_summary)


@main.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--example", is_flag=True, help="复制 gongwen 自带的完整示例，而不是空白的起步文件")
def init_command(directory: Path, example: bool) -> None:
    """在 DIRECTORY 建立一个区县的起步文件夹：督导数据.xlsx（基本信息、学校名册、责任区、督学、
    督导台账、整改跟踪）和带注释的年度计划、工作方案、行事历、视导安排骨架。"""
    try:
        init_district(directory, example=example)
    except GongwenError as exc:
        _fail(exc)
    for line in guide(directory, example):
        click.echo(line)


@main.command()
@click.argument("data", required=False, type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(path_type=Path), help="输出目录")
@click.option("-f", "--format", "formats", default=",".join(schedules.SCHEDULE_FORMATS),
              show_default=True, help="视导时间安排表的格式：docx、xlsx、pdf、md、html")
@click.option("--holidays", multiple=True, type=click.Path(path_type=Path),
              help="节假日文件（YAML，可重复），用于内置日历未覆盖的年份")
@click.option("--check", "check_path", type=click.Path(path_type=Path),
              help="检查已有的视导安排（.xlsx 或 YAML），列出不符合排期规则之处")
@click.option("--data", "data_path", type=click.Path(path_type=Path),
              help="与 --check 同用：排期所依据的数据文件（检查 .xlsx 时必填）")
@click.option("--regenerate", is_flag=True,
              help="数据中已有视导安排（如改过的 schedule.yaml）时也按规则重新生成（默认沿用已有安排）")
@click.option("--inspector", "inspectors", multiple=True,
              help="只生成这名督学的视导月历（每月一张，按 -f 的格式，如 pdf）和 .ics（可重复）")
@click.option("--time", default=None, help="日历中视导的时段（北京时间），如 08:30-11:30；不写为全天")
@click.option("--remind", default=None, help="日历提前提醒：1d（1天）、2h（2小时）、30m（30分钟）")
@templates_option
def schedule(data: Path | None, outdir: Path | None, formats: str, holidays: Sequence[Path],
             check_path: Path | None, data_path: Path | None, regenerate: bool,
             inspectors: Sequence[str], time: str | None, remind: str | None,
             template_dirs: Sequence[Path]) -> None:
    """生成视导时间安排：安排表（.docx、.xlsx，每名督学一张月历）、每名督学的 .ics 日历和
    可修改后再检查的 schedule.yaml；数据中已有视导安排（改过的 schedule.yaml）时沿用并按规则检查
    后发布；或用 --check 只检查已有安排。"""
    if check_path is not None:
        if data is not None or outdir is not None:
            raise click.UsageError("--check 不与 DATA、-o 同用；依据的数据文件请用 --data 指定")
        try:
            problems = schedules.check_file(check_path, data_path, holidays)
        except GongwenError as exc:
            _fail(exc)
        if not problems:
            click.echo(f"{check_path}：符合全部排期规则")
            return
        click.echo(f"{check_path}：共 {len(problems)} 处不符合排期规则：")
        for problem in problems:
            click.echo(f"  - {problem}")
        sys.exit(1)
    if data is None or outdir is None:
        raise click.UsageError("请给出数据文件和 -o 输出目录，或用 --check 检查已有安排")
    try:
        with Renderer(template_dirs) as renderer:
            result = schedules.render_schedule(data, outdir, holidays=holidays,
                                               formats=_formats(formats), renderer=renderer,
                                               regenerate=regenerate, inspectors=inspectors,
                                               time=time, remind=remind)
    except GongwenError as exc:
        _fail(exc)
    _report(result)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--pdf", "pages", is_flag=True,
              help="另把 .docx 经 LibreOffice 转成 PDF，检查打印出来的版面（分页、页码、表格、字体）")
@click.option("--fix", is_flag=True,
              help="另把 .docx 导入后按国家标准重新排版，存在原文件旁（X（规范）.docx），并列出改动")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（供其他系统读取）")
def check(files: Sequence[Path], pages: bool, fix: bool, as_json: bool) -> None:
    """按 GB/T 9704-2012 检查 .docx 公文的格式、.pdf 的版面；--fix 另生成规范版。

    有错误时退出码为 1，文件无法读取时为 2，LibreOffice 无法转换时为 4。
    """
    if fix:
        _fix(files, as_json)
        return
    results: list[tuple[Path, Report | GongwenError]] = []
    for path in files:
        try:
            results.append((path, check_pdf(path) if path.suffix.lower() == ".pdf" else check_docx(path)))
        except (UnreadableDocx, UnreadablePdf) as exc:
            results.append((path, exc))
    docx = [path for path, result in results if isinstance(result, Report) and result.kind != PDF_KIND]
    if pages and docx:
        try:
            converted = dict(zip(docx, check_docx_pages(docx), strict=True))
        except ConversionError as exc:
            _fail(exc)
        results = [
            pair
            for path, result in results
            for pair in [(path, result), *([(path, converted[path])] if path in converted else [])]
        ]
    out: list[dict[str, object]] = []
    status = 0
    for path, result in results:
        if isinstance(result, GongwenError):
            out.append({"file": str(path), "error": str(result)})
            status = max(status, result.exit_code)
            if not as_json:
                click.echo(f"错误：{result}", err=True)
            continue
        out.append(result.to_dict())
        status = max(status, 0 if result.ok else 1)
        if not as_json:
            click.echo(result.summary())
            for finding in result.findings:
                click.echo(f"  {finding}")
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    sys.exit(status)


def _fix(files: Sequence[Path], as_json: bool) -> None:
    """check --fix: each .docx checked, imported and rendered in the national format beside it."""
    out: list[dict[str, object]] = []
    status = 0
    with Renderer() as renderer:
        for path in files:
            if path.suffix.lower() != ".docx":
                message = f"{path}：--fix 只用于 .docx（.doc、.wps 请先另存为 .docx，或用 gongwen import）"
                out.append({"file": str(path), "error": message})
                status = max(status, 2)
                if not as_json:
                    click.echo(f"错误：{message}", err=True)
                continue
            try:
                fixed = fix_docx(path, renderer)
            except (UnreadableDocx, GongwenError) as exc:
                out.append({"file": str(path), "error": str(exc)})
                status = max(status, exc.exit_code)
                if not as_json:
                    click.echo(f"错误：{exc}", err=True)
                continue
            out.append(fixed.to_dict())
            status = max(status, 0 if fixed.outputs and all(r.ok for r in fixed.after) else 1)
            if not as_json:
                click.echo(fixed.before.summary())
                for finding in fixed.before.findings:
                    click.echo(f"  {finding}")
                for line in fixed.lines():
                    click.echo(line)
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    sys.exit(status)


@main.command("import")
@click.argument("files", nargs=-1, required=True)
@click.option("-o", "--output", "outdir", required=True, type=click.Path(path_type=Path), help="输出目录")
@click.option("--kind", type=click.Choice(sorted(KIND_NAMES)), default=None,
              help="指定文档类型（默认自动识别）")
@click.option("--keep", is_flag=True, help="保留原文字符：不把半角标点改为全角、“--”改为“——”等")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出导入报告（供其他系统读取）")
@click.option("--render", "then_render", is_flag=True,
              help="导入后直接排成公文（数据完整的文档），PDF 另检查版面")
@click.option("-f", "--format", "formats", default="docx", show_default=True,
              help="与 --render 同用：输出格式，如 docx,pdf")
def import_command(files: Sequence[str], outdir: Path, kind: str | None, keep: bool, as_json: bool,
                   then_render: bool, formats: str) -> None:
    """把已有的公文（.docx、.doc、.wps、.odt、.txt、.md，或 - 表示标准输入）导入为数据文件（YAML），
    并报告识别了什么、未导入什么、哪里不确定、做了哪些规范化；--render 接着排成规范公文。"""
    sources: list[str | tuple[str, bytes]] = [
        ("标准输入", click.open_file("-", "rb").read()) if name == "-" else name for name in files
    ]
    made = None
    if then_render:
        try:
            with Renderer() as renderer:
                made = import_and_render(sources, outdir, _formats(formats), kind, keep, renderer)
        except GongwenError as exc:
            _fail(exc)
        results = made.imports  # type: ignore[union-attr]
    else:
        results = import_files(sources, outdir, kind, keep)
    if as_json:
        entries = [
            {"file": r.source, "error": str(r.error)} if r.error else
            {"file": r.source, "outputs": [str(p) for p in r.outputs], "report": r.report.to_dict()}  # type: ignore[union-attr]
            for r in results
        ]
        shown: object = entries if made is None else {
            "imports": entries, "rendered": [str(p) for p in made.batch.outputs],
            "failures": [{"file": f.source, "error": str(f.error)} for f in made.batch.failures],
            "layout": [report.to_dict() for report in made.layout.values()],
        }
        click.echo(json.dumps(shown, ensure_ascii=False, indent=2))
    for result in results:
        if result.error is not None:
            if not as_json:
                click.echo(f"未导入 {result.source}：\n{result.error}", err=True)
            continue
        if not as_json:
            click.echo(f"{result.source} → {'、'.join(str(p) for p in result.outputs)}")
            for line in result.report.lines():  # type: ignore[union-attr]
                click.echo(line)
    failed = [r for r in results if r.error is not None]
    status = max((r.error.exit_code for r in failed), default=0)  # type: ignore[union-attr]
    if failed and not as_json:
        click.echo(f"共 {len(failed)} 个未导入：{'、'.join(r.source for r in failed)}", err=True)
    if made is not None:
        status = max(status, _rendered(made, as_json))
    if status:
        sys.exit(status)


def _rendered(made: ImportedAndRendered, as_json: bool) -> int:
    """import --render: what was rendered, what could not be, each PDF's layout check."""
    if as_json:
        return 1 if made.not_ready or any(not report.ok for report in made.layout.values()) else 0
    for source, lacking in made.not_ready:
        click.echo(f"未排版 {source}：数据不完整，补全后用 gongwen render 排版（{'；'.join(lacking)}）",
                   err=True)
    for path in made.batch.outputs:
        click.echo(str(path))
    for warning in made.batch.warnings:
        click.echo(f"注意：{warning}", err=True)
    for failure in made.batch.failures:
        click.echo(f"未生成 {failure.source}：\n{_message(failure.error)}", err=True)
    for report in made.layout.values():
        click.echo(report.summary())
        for finding in report.findings:
            click.echo(f"  {finding}")
    codes = [failure.error.exit_code for failure in made.batch.failures]
    codes += [1 for report in made.layout.values() if not report.ok] + [1 for _ in made.not_ready]
    return max(codes, default=0)


from .service.command import serve  # noqa: E402  (the command lives with the service)

main.add_command(serve)

if __name__ == "__main__":
    main()
