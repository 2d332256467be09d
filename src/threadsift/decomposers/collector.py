"""Python's cyclic garbage collector, held off while one page is decomposed.

A page's decomposition makes and drops tens of thousands of containers (the block walk's
columns, the parsed tree's nodes, the lines); while they live, the collector's young
collections start every 700 new containers and walk all of them, and every tenth walks the
middle generation too. Almost none of those objects is cyclic garbage (reference counting
frees them when the page is done), so those walks find nothing. `paused` holds the automatic
collections off for one page, then leaves the collector to run the collection that is due by
its own thresholds, there and then: a page's cycles are collected after it, as the
collector's rules say, and no later step is charged for them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Run the block without automatic collections, then the one that is due (if any).

    Where the collector was disabled already, it stays so and nothing else is done. The
    collector decides at the next allocation of a container whether to collect, and which
    generations (a full collection only when enough objects reached the oldest one), so the
    due collection is started by making one; `gc.collect` would not keep that rule.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        if gc.get_count()[0] > gc.get_threshold()[0]:
            _start_due_collection()


def _start_due_collection() -> list[None]:
    """Allocate one container: the collector runs the collection its thresholds call for."""
    return [None]
