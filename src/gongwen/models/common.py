"""People, schools, responsibility zones and the issuing office."""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import Enum
from typing import Annotated

from pydantic import AfterValidator, Field, field_validator, model_validator

from .base import ImageFile, Model, Shorthand


class Issuer(Shorthand):
    """The issuing office: its signature (署名), red-header text and seal."""

    name: str = Field(description="发文机关署名，如“长宁区教育督导室”", min_length=1)
    header: str | None = Field(
        default=None, description="发文机关标志（红头），如“长宁区教育督导室文件”；不填则不排红头"
    )
    seal: ImageFile = Field(
        default=None, description="印章图片（PNG），相对数据文件所在目录"
    )


class Person(Shorthand):
    """An inspector, leader or other named person."""

    name: str = Field(min_length=1, description="姓名")
    position: str | None = Field(default=None, description="职务，如“专职督学”“副校长”")
    full_time: bool | None = Field(default=None, description="专职（true）或兼职（false）督学")
    phone: str | None = Field(default=None, description="联系电话")


class SchoolKind(str, Enum):
    """School types (学段/类别) as district offices list them."""

    KINDERGARTEN = "幼儿园"
    PRIMARY = "小学"
    JUNIOR = "初中"
    NINE_YEAR = "九年一贯制"
    TWELVE_YEAR = "十二年一贯制"
    COMPLETE = "完全中学"
    SENIOR = "高中"
    SPECIAL = "特殊教育"
    VOCATIONAL = "职业学校"
    OTHER = "其他"


_KIND_HINTS: list[tuple[str, SchoolKind]] = [
    (r"幼儿园|幼稚园", SchoolKind.KINDERGARTEN),
    (r"特殊教育|特教|培智|启智|聋|盲校", SchoolKind.SPECIAL),
    (r"职业|职校|职高|技工|中专", SchoolKind.VOCATIONAL),
    (r"九年一贯制|九年制", SchoolKind.NINE_YEAR),
    (r"十二年一贯制", SchoolKind.TWELVE_YEAR),
    (r"完全中学", SchoolKind.COMPLETE),
    (r"高级中学|高中", SchoolKind.SENIOR),
    (r"初级中学|初中|中学", SchoolKind.JUNIOR),
    (r"小学|小", SchoolKind.PRIMARY),
]


def guess_school_kind(name: str) -> SchoolKind:
    """Infer the school type from its name (…幼儿园 → 幼儿园, …初级中学 → 初中)."""
    for pattern, kind in _KIND_HINTS:
        if re.search(pattern, name):
            return kind
    return SchoolKind.OTHER


class School(Shorthand):
    """A school or kindergarten (学校(园))."""

    name: str = Field(min_length=1, description="学校（园）全称")
    kind: SchoolKind | None = Field(default=None, description="类别；不填时按校名推断")
    address: str | None = Field(default=None, description="地址")
    principal: str | None = Field(default=None, description="校（园）长")

    @model_validator(mode="after")
    def _infer_kind(self) -> School:
        if self.kind is None:
            self.kind = guess_school_kind(self.name)
        return self


class Zone(Model):
    """A responsibility zone (督学责任区): its leader, inspectors and schools."""

    name: str = Field(min_length=1, description="责任区名称，如“第一责任区”")
    leader: Person = Field(description="组长")
    inspectors: list[Person] = Field(default_factory=list, description="责任督学")
    schools: list[School] = Field(min_length=1, description="责任区内的学校（园）")

    @field_validator("schools")
    @classmethod
    def _unique_schools(cls, schools: list[School]) -> list[School]:
        seen: set[str] = set()
        for school in schools:
            if school.name in seen:
                raise ValueError(f"学校“{school.name}”在本责任区中重复列出")
            seen.add(school.name)
        return schools

    @property
    def members(self) -> list[Person]:
        """Leader first, then the inspectors, without repeating the leader."""
        return [self.leader, *(p for p in self.inspectors if p.name != self.leader.name)]


def one_zone_each(
    zones: list[Zone], what: str = "学校", names: Callable[[Zone], list[str]] | None = None
) -> list[Zone]:
    """Check that no school (or, with ``names``, no other member) is listed in two zones."""
    names = names or (lambda zone: [school.name for school in zone.schools])
    owner: dict[str, str] = {}
    for zone in zones:
        for name in names(zone):
            if name in owner:
                raise ValueError(f"{what}“{name}”同时列在“{owner[name]}”和“{zone.name}”")
            owner[name] = zone.name
    return zones


Zones = Annotated[
    list[Zone], AfterValidator(one_zone_each), Field(min_length=1, description="督学责任区")
]
"""The zones of a district: at least one, and each school in only one of them."""
