"""Base of the readers: sharding, error records and counting live here; a reader writes `read_file`.

A reader turns one input (a path, or ``-`` for stdin) into pages. A record that cannot be read
becomes a page with ``outcome=Outcome.ERROR`` and the message in ``reason``, so that every input
record ends somewhere; records a reader skips on purpose (a WARC request record, say) are counted
in ``stats`` as ``skipped_<reason>``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from threadsift.errors import InputError
from threadsift.page import Outcome, Page, page_id
from threadsift.step import Shard, Step


class Reader(Step):
    """Read input paths into pages; subclasses write `read_file`."""

    name = "read"

    def __init__(self, paths: Iterable[str]) -> None:
        super().__init__()
        self.paths = list(paths)

    def run(self, pages: Iterable[Page] = (), shard: Shard = Shard()) -> Iterator[Page]:
        """Yield the pages already in the stream, then the pages of this shard's paths."""
        yield from pages
        for i, path in enumerate(self.paths):
            if i % shard.world_size != shard.rank:
                continue
            try:
                for page in self.read_file(path):
                    self.stats["errors" if page.outcome is Outcome.ERROR else "pages"] += 1
                    yield page
            except InputError as error:
                self.stats["errors"] += 1
                yield error_page(path, str(error))

    def read_file(self, path: str) -> Iterator[Page]:
        """Yield the pages of one input; raise `InputError` when the whole input is unreadable."""
        raise NotImplementedError


def error_page(source: str, message: str, *, where: str = "") -> Page:
    """A page standing for a record that could not be read, so that it is still accounted for."""
    return Page(
        id=page_id(source, where),
        text="",
        source=source,
        outcome=Outcome.ERROR,
        reason=message,
    )
