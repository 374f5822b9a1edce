"""Model base class and the small value types shared by every document kind."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationInfo,
    field_validator,
    model_validator,
)

_ILLEGAL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Remove characters that XML 1.0 cannot carry (control characters, lone surrogates)."""
    return _ILLEGAL_CHARACTERS.sub("", text)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, (list, tuple)):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    return value


class Model(BaseModel):
    """Base of all gongwen models: unknown keys are errors, text is trimmed and holds no
    character a document file cannot carry (control characters, lone surrogates)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False)

    @field_validator("*", mode="before")
    @classmethod
    def _clean_text(cls, value: Any) -> Any:
        return _clean(value)


class Shorthand(Model):
    """A model that data may write as one string: the value of its ``shorthand`` field.

    ``inspectors: [王敏, 李强]`` then means ``[{name: 王敏}, {name: 李强}]``.
    """

    shorthand: ClassVar[str] = "name"

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {cls.shorthand: value} if isinstance(value, str) else value


_CN_DATE = re.compile(r"^(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?$")


def parse_date(value: Any) -> Any:
    """Accept ISO dates plus the ways Chinese offices write them (2024年3月5日, 2024.3.5, 2024/3/5)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        match = _CN_DATE.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return date(year, month, day)
            except ValueError as exc:
                raise ValueError(f"日期 {value!r} 不存在（{year}年{month}月{day}日）") from exc
        return text
    return value


CnDate = Annotated[date, BeforeValidator(parse_date)]
"""A calendar date; accepts 2024-02-19, 2024年2月19日, 2024.2.19 and 2024/2/19."""


def _as_list(value: Any) -> Any:
    """Let a single string stand for a one-item list."""
    if isinstance(value, str):
        return [value]
    return value


StrList = Annotated[list[str], BeforeValidator(_as_list)]
"""A list of names; a single string is accepted as a list of one."""


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


def image_file(what: str) -> AfterValidator:
    """A validator for an image path, relative to the data file, that must exist."""

    def check(path: Path | None, info: ValidationInfo) -> Path | None:
        if path is None:
            return None
        base = (info.context or {}).get("base_dir")
        if base is not None and not path.is_absolute():
            path = Path(base) / path
        if not path.is_file():
            raise ValueError(f"{what} {path} 不存在")
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            raise ValueError(f"{what}应为 PNG 或 JPEG 文件")
        return path

    return AfterValidator(check)
