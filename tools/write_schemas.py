"""Write the input JSON Schema of every built-in kind to src/gongwen/schemas/<kind>.schema.json
(shipped in the wheel; tests/test_schema.py fails when a file differs from what the models give).
Run: PYTHONPATH=src python3 tools/write_schemas.py"""

from __future__ import annotations

from gongwen.kinds import BUILT_IN
from gongwen.models.schema import SCHEMA_DIR, schema_text
from gongwen.render.files import write_atomic


def main() -> None:
    SCHEMA_DIR.mkdir(exist_ok=True)
    for kind in BUILT_IN:
        text = schema_text(kind.model, kind.label)
        write_atomic(SCHEMA_DIR / f"{kind.name}.schema.json", text.encode("utf-8"))


if __name__ == "__main__":
    main()
