"""The fallback comment finder: a repeated sibling structure of comment-like blocks."""

from __future__ import annotations

from typing import Any

from threadsift.page import Comment


def from_repeated_blocks(document: Any) -> list[Comment]:
    """Comments from repeated same-class sibling blocks with a name, a date and a text."""
    return []
