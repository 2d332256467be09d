"""Find comments in a parsed HTML tree from the markups of known comment systems.

Works on a resiliparse `HTMLTree` (lexbor's CSS engine does the selecting) with the selector
tables of `comment_markup.py`. Returns `Comment`s in page order with author, date, text, depth
and parent filled; line numbers are left to the caller, which matches the comments to the
rendered text. JSON-LD comments are in `comment_jsonld.py`, the repeated-block fallback in
`comment_fallback.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from threadsift.decomposers.comment_markup import (
    COMMENT_CHROME,
    DATE_HINT,
    MARKUPS,
    CommentMarkup,
)
from threadsift.decomposers.dom import (
    class_depths,
    clean_author,
    clean_date,
    common_ancestor,
    date_value,
    document_language,
    node_lines,
    select,
    text_lines,
    thread,
)
from threadsift.page import Comment


@dataclass(slots=True)
class _Found:
    """A comment element and what was read from it, before depth and parent are known."""

    node: Any
    author: str | None
    date: str | None
    lines: list[str]


class _Owner:
    """Answers "which comment element does this node belong to" for one set of items."""

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = set(items)

    def owner(self, node: Any) -> Any:
        current = node.parent
        while current is not None:
            if current in self.items:
                return current
            current = current.parent
        return None

    def first(
        self, document: Any, selectors: Iterable[str], read: Callable[[Any], str | None]
    ) -> dict[Any, str]:
        """Per item, the first non-empty value read from its own elements, selectors in order."""
        values: dict[Any, str] = {}
        for selector in selectors:
            if len(values) == len(self.items):  # every comment has its value: stop querying
                break
            for node in select(document, selector):
                item = self.owner(node)
                if item is not None and item not in values:
                    value = read(node)
                    if value:
                        values[item] = value
        return values

    def all(self, document: Any, selectors: Iterable[str]) -> dict[Any, list[Any]]:
        """Per item, its own elements matching the first selector that matches any of them."""
        found: dict[Any, list[Any]] = {}
        for selector in selectors:
            if len(found) == len(self.items):
                break
            this: dict[Any, list[Any]] = {}
            for node in select(document, selector):
                item = self.owner(node)
                if item is not None and item not in found:
                    this.setdefault(item, []).append(node)
            found.update(this)
        return found


def _residual_lines(item: Any, skip: Callable[[Any], bool]) -> list[str]:
    """The text of an item without its author, date and chrome: for markups with bare text."""
    return [
        line for line in node_lines(item, skip) if not (len(line) < 40 and DATE_HINT.search(line))
    ]


def _parts_matching(parts: list[Any], selector: str) -> Iterator[Any]:
    """The elements among `parts` and inside them that match `selector`, in page order."""
    for part in parts:
        if part.matches(selector):
            yield part
        yield from select(part, selector)


def _read_with_siblings(items: list[Any], markup: CommentMarkup) -> list[_Found]:
    """Read comments whose parts are siblings: a header element (the item) and the elements
    after it up to the next item (`<dt>` name, `<dd>` text, `<dd>` date)."""
    item_set = set(items)
    found = []
    for item in items:
        parts = [item]
        sibling = item.next_element
        while sibling is not None and sibling not in item_set:
            parts.append(sibling)
            sibling = sibling.next_element
        author = next(
            (
                name
                for selector in markup.author
                for node in _parts_matching(parts, selector)
                if (name := clean_author(node.text))
            ),
            None,
        )
        date = next(
            (
                value
                for selector in markup.date
                for node in _parts_matching(parts, selector)
                if (value := date_value(node))
            ),
            None,
        )
        lines: list[str] = []
        for selector in markup.text:
            for node in _parts_matching(parts, selector):
                lines.extend(text_lines(node))
            if lines:
                break
        found.append(_Found(node=item, author=author, date=clean_date(date, author), lines=lines))
    return found


def _read_all(
    document: Any, items: list[Any], markup: CommentMarkup, owner: _Owner
) -> list[_Found]:
    """Read author, date and text lines of every comment element of one markup."""
    authors = owner.first(document, markup.author, lambda node: clean_author(node.text))
    dates = owner.first(document, markup.date, date_value)
    texts = owner.all(document, markup.text)
    chrome = set(select(document, COMMENT_CHROME))
    author_nodes = set()
    for selector in markup.author:
        author_nodes.update(select(document, selector))

    def skip(node: Any) -> bool:
        return node in owner.items or node in chrome

    def skip_meta(node: Any) -> bool:
        return node in owner.items or node in chrome or node in author_nodes

    found = []
    for item in items:
        lines: list[str] = []
        for node in texts.get(item, ()):
            if node not in chrome:
                lines.extend(text_lines(node, f"{COMMENT_CHROME}, {markup.item}", skip))
        if not lines and item not in texts:
            lines = _residual_lines(item, skip_meta)
        author = authors.get(item)
        found.append(
            _Found(node=item, author=author, date=clean_date(dates.get(item), author), lines=lines)
        )
    return found


def _merge_pairs(found: list[_Found]) -> list[_Found]:
    """Join a header element without text and the sibling body without author after it (dt/dd)."""
    merged: list[_Found] = []
    for current in found:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and not previous.lines
            and current.author is None
            and previous.node.next_element == current.node
        ):
            previous.lines = current.lines
            previous.date = previous.date or current.date
            continue
        merged.append(current)
    return merged


def _depths(found: list[_Found], replies: set[Any]) -> list[int]:
    """Reply level of each comment: kept comment ancestors plus reply containers around it."""
    kept = {f.node for f in found}
    depths = []
    for item in found:
        depth = 0
        current = item.node.parent
        while current is not None:
            if current in kept or current in replies:
                depth += 1
            current = current.parent
        depths.append(depth)
    return depths


@dataclass(slots=True)
class _Result:
    """What one markup found: its comments with their elements and reply levels."""

    name: str
    found: list[_Found]
    depths: list[int]

    def rows(self) -> list[tuple[str | None, str, str | None, int]]:
        return [
            (f.author, "\n".join(f.lines), f.date, d)
            for f, d in zip(self.found, self.depths, strict=True)
        ]

    def coverage(self) -> tuple[int, int, int]:
        """How much it found: comments, then comments with an author, then with a date."""
        authors = sum(f.author is not None for f in self.found)
        return len(self.found), authors, sum(f.date is not None for f in self.found)


def _apply(
    document: Any,
    markup: CommentMarkup,
    candidates: list[Any] | None,
    seen: set[frozenset[Any]] | None = None,
) -> _Result:
    """Read the comments of one markup (an empty result when it does not apply, or when a
    markup tried before found comments in the very same elements: `seen` holds their sets)."""
    empty = _Result(markup.name, [], [])
    if candidates is None:
        items = select(document, markup.item)
    else:
        items = [node for node in candidates if node.matches(markup.item)]
    if not items:
        return empty
    if seen is not None and frozenset(items) in seen:
        return empty
    matched = frozenset(items)
    owner = _Owner(items)
    if markup.requires:
        satisfied = set()
        for node in select(document, markup.requires):
            current = node.parent
            while current is not None:
                if current in owner.items:
                    satisfied.add(current)
                current = current.parent
        items = [item for item in items if item in satisfied]
        owner = _Owner(items)
    if not items:
        return empty
    # Query only the thread: the smallest element holding the first and the last comment.
    scope = common_ancestor(items[0], items[-1]) or document
    if markup.siblings:
        found = _read_with_siblings(items, markup)
    else:
        found = _merge_pairs(_read_all(scope, items, markup, owner))
    found = [f for f in found if f.lines]
    if markup.first_is_article:
        found = found[1:]
    if not found:
        return empty
    replies = set(select(scope, markup.replies)) if markup.replies else set()
    depths = _depths(found, replies)
    if not any(d - min(depths) for d in depths):  # flat markup: the classes may give the level
        depths = class_depths([f.node for f in found])
    if seen is not None:
        seen.add(matched)
    # Depths relative to the shallowest comment (a thread may sit inside a reply-like container).
    base = min(depths)
    return _Result(markup.name, found, [d - base for d in depths])


def from_markup(
    document: Any, markup: CommentMarkup, candidates: list[Any] | None = None
) -> list[Comment]:
    """The comments one markup finds in a parsed document (empty when it does not apply).

    `candidates`, when given, are elements that may match `markup.item` (from one query for
    all markups), so that the whole document is not searched again.
    """
    return thread(_apply(document, markup, candidates).rows(), language=document_language(document))


def _nest(outer: _Result, inner: _Result, order: dict[Any, int]) -> _Result | None:
    """Two markups in one hierarchy (answers holding their comments): some elements of `inner`
    lie inside elements of `outer`, none is one of them or repeats its text. The joined thread
    in page order, or None."""
    texts = {f.node: "\n".join(f.lines) for f in outer.found}
    if texts.keys() & {f.node for f in inner.found}:
        return None
    lifted, inside = [], 0
    for found, depth in zip(inner.found, inner.depths, strict=True):
        current, levels = found.node.parent, 0
        while current is not None:
            if current in texts:
                if levels == 0 and found.lines[0] in texts[current]:
                    return None  # the same comment read twice (nested markups of one system)
                levels += 1
            current = current.parent
        inside += levels > 0
        lifted.append(depth + levels)
    if not inside:
        return None
    pairs = sorted(
        zip(outer.found + inner.found, outer.depths + lifted, strict=True),
        key=lambda pair: order.get(pair[0].node, 0),
    )
    return _Result(f"{outer.name}+{inner.name}", [p[0] for p in pairs], [p[1] for p in pairs])


def from_markups(
    document: Any, markups: Iterable[CommentMarkup] = MARKUPS
) -> tuple[str, list[Comment], list[Any]]:
    """The best markup's name, comments and comment elements (one per comment): the markup with
    the most comments, authors, dates; joined with a second markup whose comments sit inside the
    first's (answers and comments)."""
    markups = list(markups)
    # One pass over the document for all item selectors; most pages match none of them.
    candidates = select(document, ", ".join(markup.item for markup in markups))
    if not candidates:
        return "", [], []
    seen: set[frozenset[Any]] = set()
    results = [_apply(document, markup, candidates, seen) for markup in markups]
    results = [result for result in results if result.found]
    if not results:
        return "", [], []
    best = max(results, key=_Result.coverage)  # max keeps the first of equals
    order = {node: i for i, node in enumerate(candidates)}
    for other in results:
        if other is best:
            continue
        joined = _nest(best, other, order) or _nest(other, best, order)
        if joined is not None:
            best = joined
            break
    return (
        best.name,
        thread(best.rows(), language=document_language(document)),
        [found.node for found in best.found],
    )
