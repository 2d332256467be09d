"""Reading a parsed HTML tree (resiliparse): selecting, rendering an element's lines, cleaning
names and dates, and turning (author, text, date, depth) rows into a comment thread."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from threadsift.decomposers.comment_markup import (
    AUTHOR_NOISE,
    LEVEL_CLASS,
    REPLY_CLASS,
    SKIP_TAGS,
)
from threadsift.decomposers.lines import line_info
from threadsift.page import Comment
from threadsift.reasons import Reason

# Elements rendered on a line of their own.
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
        "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
        "table", "tr", "td", "th", "ul",
    }
)  # fmt: skip


_SPACE = re.compile(r"\s+")
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8})*")


_DATE_CONNECTOR = re.compile(
    r"^(?:[\W\d_]*?\b(?:le|on|am|el|il|op|den|dnia)\b)?[\s,.:;|–—-]*", re.I
)


def select(node: Any, selector: str) -> list[Any]:
    """The elements under `node` matching a CSS selector, in page order.

    `.values()` turns resiliparse's node list into a Python list at once; iterating the node
    list itself costs time quadratic in its length.
    """
    return list(node.query_selector_all(selector).values())


def _children(node: Any) -> list[Any]:
    """The child nodes of `node` (walking siblings: iterating `child_nodes` is quadratic)."""
    children = []
    child = node.first_child
    while child is not None:
        children.append(child)
        child = child.next
    return children


# What `inner_text` would wrongly keep: node_lines leaves these out.
SLOW_PATH = ", ".join(sorted(SKIP_TAGS)) + ", [hidden]"


def node_lines(
    node: Any,
    skip: Callable[[Any], bool] = lambda _: False,
    descend: set[Any] | None = None,
) -> list[str]:
    """The text of `node` as non-empty lines: block elements and `<br>` break lines.

    With `descend` (every element that holds something to leave out: see `paths_to`), the
    other elements are read at once with lexbor's `inner_text`: only the paths down to what is
    left out are walked in Python.
    """
    from resiliparse.parse.html import NodeType

    parts: list[str] = []
    closing = object()
    # Iterative walk (comment threads nest deeply); `closing` marks the end of a block element.
    stack: list[Any] = _children(node)[::-1]
    while stack:
        current = stack.pop()
        if current is closing:
            parts.append("\n")
            continue
        kind = current.type
        if kind == NodeType.TEXT:
            parts.append(current.text)
            continue
        if kind != NodeType.ELEMENT:
            continue
        tag = current.tag
        if tag in SKIP_TAGS or current.hasattr("hidden") or skip(current):
            continue
        if tag == "br":
            parts.append("\n")
            continue
        if tag in BLOCK_TAGS:
            parts.append("\n")
            stack.append(closing)
        if descend is not None and current not in descend:
            parts.append(current.inner_text)
            continue
        stack.extend(_children(current)[::-1])
    text = "".join(parts)
    return [line for line in (_SPACE.sub(" ", row).strip() for row in text.split("\n")) if line]


def text_lines(
    node: Any, avoid: str = "", skip: Callable[[Any], bool] = lambda _: False
) -> list[str]:
    """`node_lines`, taking lexbor's fast `inner_text` when nothing under `node` matches
    `avoid` (a selector of what `skip` would leave out) or the tags `node_lines` skips."""
    selector = f"{SLOW_PATH}, {avoid}" if avoid else SLOW_PATH
    targets = select(node, selector)
    if targets:
        return node_lines(node, skip, descend=paths_to(node, targets))
    rows = (_SPACE.sub(" ", row).strip() for row in node.inner_text.split("\n"))
    return [row for row in rows if row]


def paths_to(node: Any, targets: Iterable[Any]) -> set[Any]:
    """The elements under `node` on the way down to any of `targets` (targets included)."""
    paths: set[Any] = set()
    for target in targets:
        current = target
        while current is not None and current != node and current not in paths:
            paths.add(current)
            current = current.parent
    return paths


def clean_author(text: str) -> str | None:
    """The name in an author element's text, without "says:"-style words around it."""
    name = _SPACE.sub(" ", text).strip()
    for _ in range(2):
        name = AUTHOR_NOISE.sub("", name).strip()
    if not name or len(name) > 80:
        return None
    return name


def date_value(node: Any) -> str | None:
    """A date element's machine value when it has one, else its text."""
    for attribute in ("datetime", "content"):
        value = node.getattr(attribute)
        if value:
            return str(value).strip()
    if node.tag == "abbr" and node.getattr("title"):  # microformats: <abbr title="ISO date">
        return str(node.getattr("title")).strip()
    text = _SPACE.sub(" ", node.text).strip()
    return text or None


def clean_date(date: str | None, author: str | None) -> str | None:
    """Drop the author's name and the words joining it from a "by NAME on DATE" line."""
    if not date:
        return None
    if author and author in date:
        date = date.split(author, 1)[1] if date.find(author) < len(date) // 2 else date
        date = _DATE_CONNECTOR.sub("", date, count=1)
    # No "." stripped: it may end an initial ("DATE, by NAME M.") or a month ("5 Jan.").
    date = AUTHOR_NOISE.sub("", date).strip(" \t,;:-–—|•»«›‹")
    return date or None


#: Characters from which an element's text is too long to be a heading.
MAX_HEADING = 120
#: Line pattern reasons (`patterns.WHOLE_LINE`) of a comment section's heading.
HEADING_REASONS = frozenset({Reason.COMMENT_HEADING, Reason.COMMENT_FORM})


def is_comment_heading(node: Any) -> bool:
    """Whether an element's text heads a comment section ("3 Comments", "Leave a reply")."""
    text = _SPACE.sub(" ", node.text).strip()
    return bool(text) and len(text) <= MAX_HEADING and line_info(0, text).pattern in HEADING_REASONS


def common_ancestor(first: Any, last: Any) -> Any:
    """The deepest element that contains both nodes (None when they share none)."""
    ancestors = set()
    current = first
    while current is not None:
        ancestors.add(current)
        current = current.parent
    current = last
    while current is not None and current not in ancestors:
        current = current.parent
    return current


def class_depths(nodes: list[Any]) -> list[int]:
    """Reply levels of flat blocks from their classes: "level-N" tokens, or a reply token
    ("comment-sub", "is-reply") that most blocks lack."""
    classes = [(node.class_name or "").split() for node in nodes]
    levels = [
        [int(m.group(1)) for token in tokens if (m := LEVEL_CLASS.search(token))]
        for tokens in classes
    ]
    if levels and all(levels):
        base = min(level[0] for level in levels)
        return [level[0] - base for level in levels]
    replies = [any(REPLY_CLASS.search(token) for token in tokens) for tokens in classes]
    if sum(replies) * 2 < len(replies):
        return [int(reply) for reply in replies]
    return [0] * len(nodes)


def jsonld_blocks(document: Any) -> list[Any]:
    """The parsed JSON of the page's `<script type="application/ld+json">` blocks (blocks that
    are no JSON, or nest deeper than Python's stack, are left out)."""
    blocks = []
    for script in select(document, 'script[type="application/ld+json"]'):
        try:
            blocks.append(json.loads(script.text))
        except (ValueError, RecursionError):
            continue
    return blocks


def document_language(document: Any) -> str | None:
    """The page's language tag as its `<html lang>` gives it, lower case ("de", "en-gb"), or
    None. The region matters to dates: "en-us" writes the month first, "en-gb" the day."""
    root = document.query_selector("html[lang]")
    value = str(root.getattr("lang") or "") if root is not None else ""
    tag = value.strip().replace("_", "-").casefold()
    return tag if _LANGUAGE_TAG.fullmatch(tag) else None


def thread(
    rows: Iterable[tuple[str | None, str, str | None, int]], *, language: str | None = None
) -> list[Comment]:
    """Comments from (author, text, date, depth) rows in page order; parents from the depths.

    Author and date are settled (`comment_fields.settle`; `language` reads numeric dates).
    """
    from threadsift.decomposers.comment_fields import settle

    comments: list[Comment] = []
    last_at: list[int] = []  # index of the latest comment at each depth
    for author, text, date, raw_depth in rows:
        depth = min(raw_depth, len(last_at))
        parent = last_at[depth - 1] if depth > 0 else None
        index = len(comments)
        comment = Comment(
            index=index, author=author, text=text, depth=depth, parent=parent, date=date
        )
        comments.append(settle(comment, language=language))
        del last_at[depth:]
        last_at.append(index)
    return comments
