"""Comments from JSON-LD: `"@type": "Comment"` objects in `comment` arrays, replies nested
(not the answers of an FAQ page: the site wrote them)."""

from __future__ import annotations

import re
from typing import Any

from threadsift.decomposers.comment_markup import (
    JSONLD_COMMENT_KEYS,
    JSONLD_COMMENT_TYPES,
    JSONLD_NOT_THREADS,
)
from threadsift.decomposers.dom import clean_author, document_language, jsonld_blocks, thread
from threadsift.page import Comment

_SPACE = re.compile(r"\s+")
#: JSON levels read below a JSON-LD block's top (JSON nested deeper is hostile, not a thread).
MAX_NESTING = 100


def _jsonld_author(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("alternateName")
    return clean_author(value) if isinstance(value, str) else None


def _jsonld_comments(
    value: Any, depth: int, out: list[tuple[str | None, str, str | None, int]], nesting: int = 0
) -> None:
    """Collect Comment objects from a JSON-LD value, replies after their parent (no deeper
    than `MAX_NESTING` levels of JSON: real threads nest a few)."""
    if nesting > MAX_NESTING:
        return
    if isinstance(value, list):
        for element in value:
            _jsonld_comments(element, depth, out, nesting + 1)
        return
    if not isinstance(value, dict):
        return
    kind = value.get("@type")
    kinds = {k for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)}
    if kinds & JSONLD_NOT_THREADS:
        return
    is_comment = bool(kinds & JSONLD_COMMENT_TYPES)
    if is_comment:
        text = value.get("text") or value.get("commentText") or value.get("description")
        if isinstance(text, str) and text.strip():
            date = (
                value.get("dateCreated") or value.get("datePublished") or value.get("commentTime")
            )
            lines = [_SPACE.sub(" ", row).strip() for row in text.split("\n")]
            out.append(
                (
                    _jsonld_author(value.get("author") or value.get("creator")),
                    "\n".join(row for row in lines if row),
                    date if isinstance(date, str) else None,
                    depth,
                )
            )
    for key, child in value.items():
        if key in JSONLD_COMMENT_KEYS:
            _jsonld_comments(child, depth + 1 if is_comment else depth, out, nesting + 1)
        elif key == "@graph" or isinstance(child, dict | list):
            _jsonld_comments(child, depth, out, nesting + 1)


def from_jsonld(document: Any) -> list[Comment]:
    """The comments of the page's JSON-LD blocks (`"@type": "Comment"` in `comment` arrays)."""
    rows: list[tuple[str | None, str, str | None, int]] = []
    for data in jsonld_blocks(document):
        _jsonld_comments(data, 0, rows)
    return thread(rows, language=document_language(document))
