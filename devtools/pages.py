"""`make_page`: a `Page` in one call, for tests and benchmarks that need pages without a reader."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from threadsift.page import Comment, Page

#: The type of the `make_page` fixture (tests/conftest.py).
MakePage = Callable[..., Page]


def make_page(
    text: str = "", *, id: str = "p", comments: Iterable[str | Comment] = (), **fields: Any
) -> Page:
    """A page with `text`, `id` and any other field by keyword.

    `comments` may be plain texts: each becomes a `Comment` without author, indexed in order.
    """
    made = [
        c if isinstance(c, Comment) else Comment(index=i, author=None, text=c)
        for i, c in enumerate(comments)
    ]
    return Page(id=id, text=text, comments=made, **fields)
