"""The import graph points down: leaves import no stage, every module imports from its own floor
or below, and sub-packages form no cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import threadsift

PACKAGE = Path(threadsift.__file__).parent

# Modules every stage builds on; they may import only each other (and the standard library).
LEAVES = ("page", "step", "errors", "config", "io", "budget")
# What sits above the leaves and must never be imported by them.
UPPER = (
    "pipeline",
    "executors",
    "stages",
    "writers",
    "reading",
    "readers",
    "corpus",
    "decomposers",
    "annotators",
)
# The floors of the house, ground first: a module imports from its own floor or below only.
# (`corpus` shares a floor with `writers`: its per-shard steps write their side files.)
FLOORS = (
    ("page", "step", "errors", "config", "io", "budget", "reasons", "stats", "terminal", "models"),
    ("readers",),
    ("decomposers",),
    ("annotators",),
    ("corpus", "writers"),
    ("reading",),
    ("pipeline", "stages", "executors"),
    ("api", "report", "render", "threadsift"),
    ("cli", "cli_annotate", "cli_errors", "cli_options", "cli_run", "__main__"),
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every `threadsift` module `path` imports, at module level or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return {name for name in found if name.split(".")[0] == "threadsift"}


def _graph() -> dict[str, set[str]]:
    return {_module_name(path): _imports(path) for path in PACKAGE.rglob("*.py")}


def _top(module: str) -> str:
    """The first name below `threadsift` (`readers` for `threadsift.readers.warc`)."""
    return module.split(".")[1] if "." in module else module


@pytest.mark.parametrize("leaf", LEAVES)
def test_a_leaf_imports_nothing_above_it(leaf: str) -> None:
    imports = _graph()[f"threadsift.{leaf}"]
    above = sorted(name for name in imports if _top(name) in UPPER)
    assert above == [], f"threadsift.{leaf} imports {above}"


def _floor(module: str) -> int:
    top = _top(module)
    return next(n for n, names in enumerate(FLOORS) if top in names)


def test_every_module_stands_on_a_floor() -> None:
    placed = {name for names in FLOORS for name in names}
    assert sorted({_top(module) for module in _graph()} - placed) == []


def test_no_module_imports_from_a_floor_above_its_own() -> None:
    upward = sorted(
        f"{module} -> {name}"
        for module, imports in _graph().items()
        for name in imports
        if _floor(name) > _floor(module)
    )
    assert upward == []


def _subpackage_graph() -> dict[str, set[str]]:
    subpackages = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    edges: dict[str, set[str]] = {name: set() for name in subpackages}
    for module, imports in _graph().items():
        source = _top(module)
        if source not in subpackages:
            continue
        edges[source].update(t for t in map(_top, imports) if t in subpackages and t != source)
    return edges


def _cycle(edges: dict[str, set[str]]) -> list[str]:
    """One cycle of `edges` as a path of names, or an empty list."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = 2
        return []

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return []


def test_subpackages_import_each_other_without_a_cycle() -> None:
    assert _cycle(_subpackage_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]


@pytest.mark.parametrize("module", ["base", "local", "ray", "progress"])
def test_the_executors_know_no_stage_by_name(module: str) -> None:
    from threadsift.stages import RUN

    tree = ast.parse((PACKAGE / "executors" / f"{module}.py").read_text(encoding="utf-8"))
    strings = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    assert strings & {stage.name for stage in RUN} == set()
