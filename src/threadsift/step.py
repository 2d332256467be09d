"""The one step interface: readers, decomposers, annotators, corpus stages and writers.

A step takes an iterator of pages and yields pages, so an executor can chain any list of them.
A step passes on every page it takes in (setting its outcome when it sets the page aside); the
records it reads and makes no page of (a reader's WARC request records) it names in
`Step.set_aside`, so that the run's ledger still adds up (`threadsift.stats`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from threadsift.page import Page


@dataclass(frozen=True, slots=True)
class Shard:
    """Which part of the work a step runs on: shard `rank` of `world_size`."""

    rank: int = 0
    world_size: int = 1


class Step:
    """Base of every pipeline step: override `run`; count what happens in `stats`."""

    name: str = "step"

    def __init__(self) -> None:
        self.stats: Counter[str] = Counter()

    def run(self, pages: Iterable[Page], shard: Shard = Shard()) -> Iterator[Page]:
        """Process `pages` of `shard`, yielding pages (the same objects, filled in, or new ones)."""
        raise NotImplementedError

    def set_aside(self) -> Counter[str]:
        """The records this step read and yielded no page for, by reason (none by default)."""
        return Counter()
