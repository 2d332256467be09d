"""The one step interface: readers, decomposers, annotators, corpus stages and writers.

A step takes an iterator of pages and yields pages, so an executor can chain any list of them.
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
