"""``gongwen init``: a district folder to start from — the data workbook (督导数据.xlsx) and
commented skeletons of the plan, scheme, 行事历 and schedule, each valid and rendering as
it is; or, with ``example``, a copy of the full examples shipped with gongwen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from ..errors import OutputError
from ..loaders.ledger import header_guide
from ..loaders.workbook_records import DATA_WORKBOOK
from ..render.files import write_atomic

SKELETONS = Path(__file__).resolve().parent / "files"
"""The commented YAML skeletons ``init`` copies."""

CREATED = date(2026, 1, 1)
"""The date the starter workbook carries (the same bytes on every run)."""


def examples_dir() -> Path:
    """The examples shipped in the wheel (gongwen/examples), or those of the checkout."""
    packaged = Path(__file__).resolve().parents[1] / "examples"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "examples"


def _files(example: bool) -> Iterator[tuple[str, bytes]]:
    """(relative path, bytes) of what ``init`` writes."""
    if example:
        root = examples_dir()
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            yield path.relative_to(root).as_posix(), path.read_bytes()
        return
    from ..render.xlsx.workbook import workbook_bytes  # openpyxl, for ``gongwen init`` alone
    from .workbook import data_workbook

    yield DATA_WORKBOOK, workbook_bytes(data_workbook(), CREATED)
    for path in sorted(SKELETONS.glob("*.yaml")):
        yield path.name, path.read_bytes()


def init_district(directory: str | Path, *, example: bool = False) -> list[Path]:
    """Write the starter files (or, with ``example``, the examples) into ``directory``;
    refuses to replace a file already there (OutputError naming them)."""
    target = Path(directory)
    files = list(_files(example))
    taken = [name for name, _ in files if (target / name).exists()]
    if taken:
        raise OutputError(f"{target} 中已有 {'、'.join(taken)}：请换一个空文件夹，或先移走这些文件")
    written = []
    for name, content in files:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        written.append(write_atomic(target / name, content))
    return written


def guide(directory: str | Path, example: bool = False) -> list[str]:
    """What to do next, in Chinese, with every header a ledger may use."""
    folder = Path(directory)
    if example:
        return [
            f"已把示例复制到 {folder}，可以直接试：",
            f"  gongwen render {folder / 'annual-plan.yaml'} -o 输出 -f docx,pdf",
            f"  gongwen report {folder / 'records.yaml'} -o 输出/报告 --date 2026-11-22",
            f"  gongwen schedule {folder / 'schedule.yaml'} -o 输出/安排",
        ]
    data = folder / DATA_WORKBOOK
    return [
        f"已在 {folder} 建立：",
        f"  {DATA_WORKBOOK}  区县、学校名册、责任区、督学、督导事项、督导台账、整改跟踪（各表第一张“说明”）",
        "  年度计划.yaml、工作方案.yaml、行事历.yaml、视导安排.yaml  带注释的公文骨架，可直接生成",
        "下一步：",
        f"  1. 打开 {data}，把灰色示例行改成本区的数据（下拉箭头处从列表选择）；",
        f"  2. gongwen report {data} -o 视导报告 --date 2026-07-10     每校一份视导报告",
        f"     gongwen notices {data} -o 整改通知 --date 2026-07-10    整改、督办通知",
        f"     gongwen summary {data} -o 工作总结 --date 2026-07-10    工作总结和统计表",
        f"  3. gongwen render {folder / '年度计划.yaml'} -o 公文 -f docx,pdf   （其余骨架同样）",
        f"     gongwen schedule {folder / '视导安排.yaml'} -o 安排",
        "台账的表头可以这样写（不计空格和括号；督导日期、学校、督学三列必有）：",
        *(f"  {line}" for line in header_guide()),
    ]


__all__ = ["examples_dir", "guide", "init_district"]
