"""Model base class and the small value types shared by every document kind."""

from __future__ import annotations

import re
from contextvars import ContextVar
from datetime import date
from pathlib import Path
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ModelWrapValidatorHandler,
    model_validator,
)

_ILLEGAL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Remove characters that XML 1.0 cannot carry (control characters, lone surrogates)."""
    return _ILLEGAL_CHARACTERS.sub("", text)


def _clean(value: Any) -> Any:
    """``value`` with every string in it cleaned (see :func:`clean_text`), at any depth."""
    kind = type(value)  # the plain types first: most of a data file's values
    if kind is str:
        return _ILLEGAL_CHARACTERS.sub("", value)
    if kind is dict:
        return {key: _clean(item) for key, item in value.items()}
    if kind is list or kind is tuple:
        return [_clean(item) for item in value]
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, (list, tuple)):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    return value


_CLEANED: ContextVar[bool] = ContextVar("gongwen_cleaned", default=False)
"""True while a model's input, cleaned whole, is being validated: the models nested in it
leave their (already clean) text alone."""


class Model(BaseModel):
    """Base of all gongwen models: unknown keys are errors, text is trimmed and holds no
    character a document file cannot carry (control characters, lone surrogates).

    The outermost model being validated cleans its whole input once; the models nested in
    it do not clean it again at every level.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False, defer_build=True)

    @model_validator(mode="wrap")
    @classmethod
    def _clean_text(cls, value: Any, handler: ModelWrapValidatorHandler[Any]) -> Any:
        if _CLEANED.get():
            return handler(value)
        token = _CLEANED.set(True)
        try:
            return handler(_clean(value))
        finally:
            _CLEANED.reset(token)


class Document(Model):
    """What every document kind shares, so code needs no ``getattr``: its ``kind``, a
    ``title``, the office that issues it (``author``) and the day it is dated (``dated``)."""

    kind: str
    title: str = ""

    @property
    def author(self) -> str:
        """The issuing office's name, or "" when the document names none."""
        return ""

    @property
    def dated(self) -> date | None:
        """The document's date (成文日期), when it has one."""
        return None


class Shorthand(Model):
    """A model that data may write as one string: the value of its ``shorthand`` field.

    ``inspectors: [王敏, 李强]`` then means ``[{name: 王敏}, {name: 李强}]``.
    """

    shorthand: ClassVar[str] = "name"

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {cls.shorthand: value} if isinstance(value, str) else value


def as_list(value: Any) -> Any:
    """Let a single string stand for a one-item list."""
    if isinstance(value, str):
        return [value]
    return value


StrList = Annotated[list[str], BeforeValidator(as_list)]
"""A list of names; a single string is accepted as a list of one."""


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


def _image_suffix(path: Path | None) -> Path | None:
    if path is not None and path.suffix.lower() not in IMAGE_SUFFIXES:
        raise ValueError("应为 PNG 或 JPEG 图片文件（.png、.jpg）")
    return path


ImageFile = Annotated[Path | None, AfterValidator(_image_suffix)]
"""An image file (PNG or JPEG). A relative path is relative to the data file; the loader
resolves it and checks that it exists (models do no I/O)."""
