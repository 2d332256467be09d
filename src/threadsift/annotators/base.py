"""Base of the annotators: a step that fills fields of pages and comments and never drops a page.

A subclass writes `annotate(page)`, or `annotate_batch(pages)` when its model is faster on many
texts at once (the base runs pages through in batches of `batch_size`). Pages a reader could not
read (`outcome` error) pass through untouched. An annotator reads at most `max_chars` of each
text (`clip`), so that one enormous article costs no more than a large one (`Budget`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from threadsift.budget import DEFAULT_BUDGET
from threadsift.errors import ConfigError, MissingDependency
from threadsift.page import Outcome, Page
from threadsift.step import Shard, Step


class Annotator(Step):
    """Fill annotation fields of each page and its comments; subclasses write `annotate`."""

    name = "annotate"

    def __init__(
        self, *, batch_size: int = 64, max_chars: int = DEFAULT_BUDGET.annotate_chars
    ) -> None:
        super().__init__()
        self.batch_size = batch_size
        self.max_chars = max_chars

    def clip(self, text: str) -> str:
        """The part of `text` this annotator reads: its first `max_chars` characters."""
        if len(text) <= self.max_chars:
            return text
        self.stats["clipped"] += 1
        return text[: self.max_chars]

    def run(self, pages: Iterable[Page], shard: Shard = Shard()) -> Iterator[Page]:
        """Annotate pages in batches and pass every one of them on, in order."""
        iterator = iter(pages)
        while batch := list(islice(iterator, self.batch_size)):
            todo = [page for page in batch if page.outcome is not Outcome.ERROR]
            if todo:
                self._annotate_safely(todo)
            self.stats["pages"] += len(todo)
            self.stats["comments"] += sum(len(page.comments) for page in todo)
            if len(todo) < len(batch):
                self.stats["skipped_error"] += len(batch) - len(todo)
            yield from batch

    def _annotate_safely(self, pages: list[Page]) -> None:
        """Annotate a batch; when it fails, page by page, a page that fails becoming an error."""
        try:
            self.annotate_batch(pages)
            return
        except (ConfigError, MissingDependency):  # a missing model or package: all pages fail
            raise
        except Exception:  # a bug costs the pages it fails on, not the batch or the run
            pass
        for page in pages:
            try:
                self.annotate(page)
            except (ConfigError, MissingDependency):
                raise
            except Exception as error:
                page.outcome = Outcome.ERROR
                page.reason = (
                    f"{page.source}: internal error in {self.name}: {error!r} (please report)"
                )
                self.stats["errors"] += 1

    def annotate_batch(self, pages: list[Page]) -> None:
        """Annotate `pages` in place (one by one unless a subclass batches)."""
        for page in pages:
            self.annotate(page)

    def annotate(self, page: Page) -> None:
        """Fill the fields of `page` and its comments."""
        raise NotImplementedError
