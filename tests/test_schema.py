"""The input JSON Schema: what data files may write, checked with jsonschema against every
example, every test fixture and every file gongwen init writes; bad files fail it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from conftest import EXAMPLES, ROOT
from gongwen.cli import main
from gongwen.errors import DataError
from gongwen.kinds import BUILT_IN
from gongwen.loaders import load
from gongwen.loaders.data import read_data
from gongwen.models.schema import DATE_PATTERN, SCHEMA_DIR, input_schema, schema_text
from gongwen.starter import init_district

FIXTURES = ROOT / "tests" / "fixtures"


def data_files(tmp: Path) -> list[Path]:
    init_district(tmp / "init")
    return [
        *sorted(EXAMPLES.rglob("*.yaml")),
        *sorted(FIXTURES.rglob("*.yaml")),
        *sorted((tmp / "init").glob("*.yaml")),
    ]


def validator(kind: str) -> Draft202012Validator:
    """A validator of the schema file shipped for ``kind``."""
    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def errors(data: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator(data["kind"]).iter_errors(data)]


def test_every_example_fixture_and_init_file_is_valid(tmp_path: Path) -> None:
    files = data_files(tmp_path)
    assert len(files) >= 24
    for path in files:
        data, _ = read_data(path)
        assert errors(data) == [], path


def test_schema_is_draft_2020_12_without_custom_formats() -> None:
    for kind in BUILT_IN:
        schema = input_schema(kind.model, kind.label)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == f"urn:gongwen:schema:{kind.name}"
        assert schema["required"][0] == "kind"
        assert '"format"' not in json.dumps(schema)


def test_shipped_files_are_what_the_models_give() -> None:
    shipped = {path.name for path in SCHEMA_DIR.glob("*.schema.json")}
    assert shipped == {f"{kind.name}.schema.json" for kind in BUILT_IN}
    for kind in BUILT_IN:
        assert (SCHEMA_DIR / f"{kind.name}.schema.json").read_text(encoding="utf-8") == schema_text(
            kind.model, kind.label), f"{kind.name}: run tools/write_schemas.py"


def test_command_prints_the_shipped_schema() -> None:
    result = CliRunner().invoke(main, ["schema", "records"])
    assert result.exit_code == 0
    assert result.output == (SCHEMA_DIR / "records.schema.json").read_text(encoding="utf-8")


SCHEME = {
    "kind": "work-scheme", "title": "方案", "issuer": "长宁区教育督导室", "date": "2026年2月24日",
    "matters": "九项", "recipients": "各中小学校",
    "zones": [{"name": "第一责任区", "leader": "周建华", "inspectors": ["沈丽萍"],
               "schools": ["长宁区实验小学", {"name": "天山幼儿园", "kind": "幼儿园"}]}],
}


def test_the_loose_forms_data_writes_are_valid() -> None:
    assert errors(SCHEME) == []
    records = {"kind": "records", "district": "长宁区", "issuer": "长宁区教育督导室",
               "period": "2026-09-01 至 2027-01-22", "ledger": "records.xlsx",
               "zones": SCHEME["zones"],
               "records": [{"date": "2026.9.8", "school": "长宁区实验小学", "inspectors": "周建华",
                            "assessments": [{"matter": "校园及周边安全", "findings": ["护栏松动"]}]}]}
    assert errors(records) == []
    calendar = {"kind": "calendar", "title": "行事历", "year": 2026, "issuer": "督导室",
                "date": "2026/1/5", "terms": [{"name": "春季学期", "months": ["三月", 4, "5月"]}]}
    assert errors(calendar) == []


@pytest.mark.parametrize(("change", "where"), [
    ({"matters": "十项"}, "['matters']"),
    ({"date": "2月24日"}, "['date']"),
    ({"titel": "方案"}, "[]"),
    ({"zones": [{"name": "第一责任区", "leader": "周建华", "schools": [3]}]}, "['zones', 0, 'schools', 0]"),
    ({"issuer": {"name": "督导室", "seal": 1}}, "['issuer']"),
])
def test_a_bad_file_fails_the_schema_and_gongwen(tmp_path: Path, change: dict[str, Any], where: str) -> None:
    data = {**SCHEME, **change}
    found = errors(data)
    assert found and found[0].startswith(where), found
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DataError):
        load(path, BUILT_IN.models())


@pytest.mark.parametrize("text", ["2026-02-24", "2026年2月24日", "2026.2.24", "2026/2/24",
                                  "２０２６年２月２４日"])
def test_date_pattern_takes_the_forms_gongwen_reads(text: str) -> None:
    import re

    assert re.match(DATE_PATTERN, text)
    assert errors({**SCHEME, "date": text}) == []
