"""The import graph points down: leaves import no stage, and sub-packages form no cycle."""

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
    "writers",
    "readers",
    "corpus",
    "decomposers",
    "annotators",
    "viewer",
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


@pytest.mark.parametrize(
    "leaf",
    [
        pytest.param(
            leaf,
            marks=pytest.mark.xfail(
                strict=True, reason="config checks --filter with corpus.filter (issue 13, item 3)"
            ),
        )
        if leaf == "config"
        else leaf
        for leaf in LEAVES
    ],
)
def test_a_leaf_imports_nothing_above_it(leaf: str) -> None:
    imports = _graph()[f"threadsift.{leaf}"]
    above = sorted(name for name in imports if _top(name) in UPPER)
    assert above == [], f"threadsift.{leaf} imports {above}"


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


def test_the_viewer_sits_above_every_stage() -> None:
    """The viewer reads what the stages write; no stage (nor the leaves) imports it."""
    stages = {*LEAVES, *(name for name in UPPER if name != "viewer")}
    importers = sorted(
        module
        for module, imports in _graph().items()
        if _top(module) in stages and any(_top(name) == "viewer" for name in imports)
    )
    assert importers == []
