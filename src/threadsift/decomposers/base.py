"""Base of the decomposers: a step that leaves `decompose(page)` to write."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from threadsift.page import Page
from threadsift.step import Shard, Step


class Decomposer(Step):
    """Fill a page's title, article, lines and comments; subclasses write `decompose`."""

    name = "decompose"

    def run(self, pages: Iterable[Page], shard: Shard = Shard()) -> Iterator[Page]:
        """Decompose each page in place and pass it on."""
        for page in pages:
            self.decompose(page)
            self.stats["pages"] += 1
            self.stats["comments"] += len(page.comments)
            yield page

    def decompose(self, page: Page) -> None:
        """Fill `page` from `page.text`."""
        raise NotImplementedError
