"""The catalogue of regular supervision matters (经常性督导事项)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from .base import Shorthand

EIGHT_MATTERS: tuple[str, ...] = (
    "校务管理和制度执行",
    "招生、收费、择校",
    "课程开设和课堂教学",
    "学生学习、体育锻炼和课业负担",
    "教师师德和专业发展",
    "校园及周边安全",
    "食堂、食品、饮水及宿舍卫生",
    "校风、教风、学风建设",
)
"""The eight matters of 《中小学校责任督学挂牌督导办法》(国教督办〔2013〕2号)."""

NINE_MATTERS: tuple[str, ...] = (
    "全面贯彻党的教育方针、落实立德树人根本任务",
    "校务管理和制度执行",
    "招生、收费、择校",
    "课程开设和课堂教学",
    "学生学习、体育锻炼和课业负担",
    "教师师德和专业发展",
    "校园及周边安全和学生交通安全",
    "食堂、食品、饮水及宿舍卫生",
    "校风、教风、学风建设",
)
"""The nine-matter variant: adds 立德树人 and joins 学生交通安全 to campus safety."""

PRESETS: dict[str, tuple[str, ...]] = {
    "八项": EIGHT_MATTERS,
    "eight": EIGHT_MATTERS,
    "九项": NINE_MATTERS,
    "nine": NINE_MATTERS,
}

VISIT_WORKFLOW: tuple[str, ...] = (
    "听取汇报",
    "随机听课",
    "巡视校园",
    "查阅资料",
    "列席会议",
    "座谈走访",
    "问卷调查",
    "小组碰头",
    "集中反馈",
    "形成书面报告",
)
"""The visit workflow (视导流程) of a joint supervision visit."""


class Matter(Shorthand):
    """One supervision matter, optionally with what is checked under it."""

    name: str = Field(min_length=1, description="督导事项名称")
    points: list[str] = Field(default_factory=list, description="督导要点")


def matters_from(value: Any) -> Any:
    """Expand a preset name ("八项"/"九项") into the catalogue; pass lists through."""
    if isinstance(value, str):
        preset = PRESETS.get(value.strip())
        if preset is None:
            raise ValueError(f"未知的督导事项预设“{value}”，可用：八项、九项，或直接列出事项")
        return list(preset)
    return value


Matters = Annotated[list[Matter], BeforeValidator(matters_from)]
"""A catalogue of matters: a list, or the name of a preset (八项、九项)."""


def matters_field(preset: str, description: str) -> Any:
    """A ``Matters`` field defaulting to a preset catalogue."""
    return Field(default=preset, validate_default=True, description=description)
