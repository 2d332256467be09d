"""Plain-text page decomposition (work in progress: a stub that labels every non-blank line article)."""

from __future__ import annotations

from threadsift.decomposers.base import Decomposer
from threadsift.page import Label, Line, Page


class TextDecomposer(Decomposer):
    """Label every line of a page's text and group the comment lines into comments."""

    def decompose(self, page: Page) -> None:
        """Fill `page.title`, `page.article`, `page.lines` and `page.comments` from `page.text`."""
        rows = page.text.split("\n")
        if rows and rows[-1] == "":
            rows.pop()
        page.lines = [
            Line(n=i, label=Label.ARTICLE if row.strip() else Label.BLANK)
            for i, row in enumerate(rows, 1)
        ]
        page.article = "\n\n".join(row.strip() for row in rows if row.strip())
