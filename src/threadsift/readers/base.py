"""Base of the readers: sharding, error records and counting live here; a reader writes `read_file`.

A reader turns one input (a path, or ``-`` for stdin) into pages. A record that cannot be read
becomes a page with ``outcome=Outcome.ERROR`` and the message in ``reason``, so that every input
record ends somewhere; records a reader skips on purpose (a WARC request record, say) are counted
in ``stats`` as ``skipped_<reason>``.

An input can be read in parts (`FilePart`), so that one large file feeds several shards: part `k`
of `n` keeps every `n`-th record from the `k`-th. Every part reads the whole file (reading costs a
fraction of decomposing), and the file's skipped records and whole-file errors count in part 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from threadsift.errors import InputError
from threadsift.page import Outcome, Page, page_id
from threadsift.step import Shard, Step


@dataclass(frozen=True, slots=True)
class FilePart:
    """Part `part` of `parts` of the input at `path`: every `parts`-th record from the `part`-th."""

    path: str
    part: int = 0
    parts: int = 1


class Reader(Step):
    """Read input paths (or parts of them) into pages; subclasses write `read_file`."""

    name = "read"

    def __init__(self, paths: Iterable[str | FilePart]) -> None:
        super().__init__()
        self.parts = [FilePart(p) if isinstance(p, str) else p for p in paths]
        self.paths = [part.path for part in self.parts]

    def run(self, pages: Iterable[Page] = (), shard: Shard = Shard()) -> Iterator[Page]:
        """Yield the pages already in the stream, then the pages of this shard's paths."""
        yield from pages
        for i, part in enumerate(self.parts):
            if i % shard.world_size != shard.rank:
                continue
            skipped = {k: v for k, v in self.stats.items() if k.startswith("skipped_")}
            try:
                for n, page in enumerate(self.read_file(part.path)):
                    if n % part.parts == part.part:
                        self.stats["errors" if page.outcome is Outcome.ERROR else "pages"] += 1
                        yield page
            except InputError as error:
                if part.part == 0:
                    self.stats["errors"] += 1
                    yield error_page(part.path, str(error))
            if part.part != 0:  # part 0 counts the file's skipped records
                for key in [k for k in self.stats if k.startswith("skipped_")]:
                    self.stats[key] = skipped.get(key, 0)

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
