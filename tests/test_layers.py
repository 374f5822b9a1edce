"""The package's one direction of flow, read from the code's imports (ast, nothing run):
loaders → models → derive (pure) → render → files, with the kinds, the renderer, batches
and the entry points above them. A layer crossing or an import cycle fails here."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "src" / "gongwen"

LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"version", "errors", "filters", "standard", "limits", "lazy"}),
    frozenset({"models"}),
    frozenset({"loaders", "naming"}),
    frozenset({"derive"}),
    frozenset({"render", "check"}),
    frozenset({"kinds", "incremental"}),
    frozenset({"registry"}),
    frozenset({"renderer"}),
    frozenset({"batch"}),
    frozenset({"api", "reports", "schedules", "importer", "starter", "cluster"}),
    frozenset({"cli", "__main__", "__init__", "service", "terminal"}),
)
"""Top-level parts of gongwen, lowest first: each may import only from its own part or from
parts below it."""


def layer_of(part: str) -> int:
    for index, parts in enumerate(LAYERS):
        if part in parts:
            return index
    raise AssertionError(f"gongwen.{part} is in no layer of tests/test_layers.py")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[str, list[str], bool]]:
    """(module imported, names taken, at module level) for every gongwen import of a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    top_level = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            target, names = node.names[0].name, ["*"]  # the whole package
        else:
            continue
        if target == "gongwen" or target.startswith("gongwen."):
            found.append((target, names, id(node) in top_level))
    return found


def part(module: str) -> str:
    pieces = module.split(".")
    return pieces[1] if len(pieces) > 1 else "__init__"


FILES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "_uno_worker.py")


def test_every_import_goes_down_the_layers() -> None:
    crossings = []
    for path in FILES:
        source = module_name(path)
        own = part(source) if path.name != "__init__.py" or source != "gongwen" else "__init__"
        for target, names, _ in imports(path):
            if target == "gongwen":  # from gongwen import models: a part, or the root itself
                parts = [n for n in names if (PACKAGE / n).is_dir() or (PACKAGE / f"{n}.py").is_file()]
                if len(parts) < len(names) and source != "gongwen.__main__":
                    crossings.append(f"{source} imports from the package root: {names}")
                targets = [f"gongwen.{n}" for n in parts]
            else:
                targets = [target]
            for module in targets:
                theirs = part(module)
                if theirs != own and layer_of(theirs) > layer_of(own):
                    crossings.append(f"{source} → {module}")
    assert crossings == []


def test_render_draws_what_derive_computed_and_never_calls_it() -> None:
    """render/ may take derive's types (Outline, FormLayout …) and constants, no functions."""
    calls = [
        f"{module_name(path)} takes {name} from {target}"
        for path in FILES if module_name(path).startswith("gongwen.render")
        for target, names, _ in imports(path) if target.startswith("gongwen.derive")
        for name in names if not name[:1].isupper()
    ]
    assert calls == []


def test_no_import_cycle() -> None:
    graph: dict[str, set[str]] = defaultdict(set)
    modules = {module_name(p) for p in FILES}
    for path in FILES:
        for target, names, at_top in imports(path):
            if not at_top:
                continue  # an import inside a function runs later, when both are loaded
            candidates = [f"{target}.{n}" for n in names if f"{target}.{n}" in modules]
            graph[module_name(path)].update(candidates or ([target] if target in modules else []))
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" → ".join([*trail[trail.index(nxt):], nxt]))
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for module in sorted(modules):
        if module not in state:
            visit(module, [module])
    # a package's __init__ importing its own modules is how packages work, not a cycle
    cycles = [c for c in cycles if not all(m.startswith(c.split(" → ")[0]) for m in c.split(" → "))]
    assert cycles == []
