"""A filter expression over a page's annotations (`threadsift run --filter EXPR`).

An expression such as ``word_count >= 50 and language in ('en', 'de')`` is parsed with `ast`
and checked against a small grammar: field names (the `Quality` signals, `language`,
`language_score`, `n_comments`, `host`), numbers, strings, booleans, ``None``, tuples or lists of
them, comparisons (``== != < <= > >= in not in``), ``and``, ``or``, ``not`` and parentheses.
Anything else (calls, attributes, arithmetic, subscripts) is refused before any page is read; the
expression is evaluated by walking the tree, never with `eval`.

A page that fails the expression is filtered with the reason ``filter: CLAUSE``, where CLAUSE is
the part that failed: the first false operand of a top-level ``and`` (recursively), or the whole
``or``/``not`` expression.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields
from typing import Any

from threadsift.errors import ConfigError
from threadsift.page import Outcome, Page, Quality
from threadsift.step import Shard, Step

QUALITY_FIELDS = tuple(f.name for f in fields(Quality))
PAGE_FIELDS = ("language", "language_score", "n_comments", "host")
#: Names an expression may use.
FIELDS = (*QUALITY_FIELDS, *PAGE_FIELDS)
#: How deeply an expression may nest (nodes from the top to the deepest leaf).
MAX_DEPTH = 50
#: How much of an expression an error message quotes.
SHOWN_CHARS = 60
#: Names whose values come from annotation (None on pages that were not annotated).
ANNOTATION_FIELDS = frozenset((*QUALITY_FIELDS, "language", "language_score"))

_GRAMMAR = "use field names, numbers, strings, comparisons, and, or, not"

_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}


class FilterExpression:
    """A parsed, checked filter expression; `failing(page)` names the clause a page fails."""

    def __init__(self, text: str) -> None:
        self.text = text
        try:
            tree = ast.parse(text.strip(), mode="eval")
        except SyntaxError as error:
            raise ConfigError(
                f"{_shown(text)!r}: {error.msg} at column {error.offset or 0}",
                option="--filter",
                hint="e.g. --filter \"word_count >= 50 and language == 'en'\"",
            ) from None
        except (RecursionError, MemoryError):  # Python's parser gives up on deep nesting
            raise _too_deep(text) from None
        # Checking and evaluating walk the tree recursively, once per page: bound its depth.
        if _depth(tree.body) > MAX_DEPTH:
            raise _too_deep(text)
        self.tree = tree.body
        self.names = frozenset(_check(self.tree, text))

    def __repr__(self) -> str:
        return f"FilterExpression({self.text!r})"

    def matches(self, page: Page) -> bool:
        """Whether `page` passes."""
        return bool(_eval(self.tree, _values(page, self.names)))

    def failing(self, page: Page) -> str | None:
        """The clause `page` fails (as normalised source text), or None when it passes."""
        values = _values(page, self.names)
        node = self.tree
        if _eval(node, values):
            return None
        # Descend into `and`s to the first false operand: that is the reason worth reporting.
        while isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
            node = next(value for value in node.values if not _eval(value, values))
        return ast.unparse(node)


def check_run_filter(expression: str | None, *, annotate: bool) -> None:
    """Raise `ConfigError` when a run's `expression` is no filter, or reads annotations that a
    run without annotation (`annotate` false) does not compute."""
    if expression is None:
        return
    used = FilterExpression(expression).names & ANNOTATION_FIELDS
    if used and not annotate:
        raise ConfigError(
            f"the filter reads annotations ({', '.join(sorted(used))}) but annotation is off",
            option="--filter",
            hint="drop --no-annotate",
        )


class ExpressionFilter(Step):
    """Set aside pages still in the run that fail `expression` (outcome filtered, with reason)."""

    name = "filter_expression"

    def __init__(self, expression: FilterExpression | str) -> None:
        super().__init__()
        if isinstance(expression, str):
            expression = FilterExpression(expression)
        self.expression = expression

    def run(self, pages: Iterable[Page], shard: Shard = Shard()) -> Iterator[Page]:
        """Mark failing pages as filtered, counted by reason; pass every page on."""
        for page in pages:
            if page.outcome is None:
                clause = self.expression.failing(page)
                if clause is not None:
                    page.outcome = Outcome.FILTERED
                    page.reason = f"filter: {clause}"
                    self.stats[page.reason] += 1
            yield page


def _check(node: ast.expr, text: str) -> Iterator[str]:
    """Refuse every node outside the grammar; yield the field names used."""
    if isinstance(node, ast.BoolOp):
        for value in node.values:
            yield from _check(value, text)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not | ast.USub):
        if isinstance(node.op, ast.USub) and not _is_number(node.operand):
            raise _refuse(node, text, "'-' only before a number")
        yield from _check(node.operand, text)
    elif isinstance(node, ast.Compare):
        for op in node.ops:
            if type(op) not in _COMPARE:
                raise _refuse(node, text, f"no {type(op).__name__} comparison")
        for operand in (node.left, *node.comparators):
            yield from _check(operand, text)
    elif isinstance(node, ast.Name):
        if node.id not in FIELDS:
            raise _refuse(node, text, f"unknown field {node.id!r}; fields are {', '.join(FIELDS)}")
        yield node.id
    elif isinstance(node, ast.Constant):
        if not isinstance(node.value, int | float | str | bool | type(None)):
            raise _refuse(node, text, f"no {type(node.value).__name__} values")
    elif isinstance(node, ast.Tuple | ast.List):
        for element in node.elts:
            if not isinstance(element, ast.Constant | ast.UnaryOp):
                raise _refuse(element, text, "tuples and lists hold values only")
            yield from _check(element, text)
    else:
        raise _refuse(node, text, f"{type(node).__name__} is not allowed")


def _is_number(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) in (int, float)


def _refuse(node: ast.expr, text: str, why: str) -> ConfigError:
    where = ast.get_source_segment(text.strip(), node) or ast.unparse(node)
    return ConfigError(
        f"{_shown(text)!r}: {why} (at {_shown(where)!r})", option="--filter", hint=_GRAMMAR
    )


def _too_deep(text: str) -> ConfigError:
    return ConfigError(
        f"{_shown(text)!r}: nested too deeply (at most {MAX_DEPTH} levels)",
        option="--filter",
        hint=_GRAMMAR,
    )


def _depth(tree: ast.AST) -> int:
    """How many nodes deep `tree` goes (without recursion: the tree may be very deep)."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


def _shown(text: str) -> str:
    """`text` shortened for a message."""
    text = text.strip()
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS].rstrip() + " …"


def _values(page: Page, names: frozenset[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in names:
        if name in QUALITY_FIELDS:
            values[name] = None if page.quality is None else getattr(page.quality, name)
        elif name == "n_comments":
            values[name] = len(page.comments)
        else:
            values[name] = getattr(page, name)
    return values


def _eval(node: ast.expr, values: dict[str, Any]) -> Any:
    if isinstance(node, ast.BoolOp):
        if isinstance(node.op, ast.And):
            return all(_eval(value, values) for value in node.values)
        return any(_eval(value, values) for value in node.values)
    if isinstance(node, ast.UnaryOp):
        operand = _eval(node.operand, values)
        return not operand if isinstance(node.op, ast.Not) else -operand
    if isinstance(node, ast.Compare):
        left = _eval(node.left, values)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = _eval(right_node, values)
            try:
                if not _COMPARE[type(op)](left, right):
                    return False
            except TypeError:  # None (not annotated) or mixed types: the comparison fails
                return False
            left = right
        return True
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Tuple | ast.List):
        return tuple(_eval(element, values) for element in node.elts)
    # Unreachable after _check.
    raise ConfigError(f"cannot evaluate {ast.unparse(node)}", option="--filter")
