"""Progress of a run on a terminal: one rich bar per phase with pages, rate and time left.

The bar of a phase that processes pages counts them once the number of input pages is known
(after the first such phase counted them); other bars count shards. `LogProgress` writes one
line per finished phase instead (`-v`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


class RichProgress:
    """Live bars on a terminal; use as a context manager."""

    def __init__(self, console: Console) -> None:
        self.bars = Progress(
            TextColumn("{task.description:<7}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("eta"),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self.expected: int | None = None
        self._task: TaskID | None = None
        self._pages_seen = 0
        self._started = 0.0
        self._by_pages = False
        self._counted = 0

    def __enter__(self) -> RichProgress:
        self.bars.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bars.stop()

    def phase(self, name: str, shards: int, done: int) -> None:
        """Start the bar of a phase (counting shards until the phase reports pages)."""
        if self.expected is None and self._counted:
            self.expected = self._counted
        self._by_pages = False
        self._task = self.bars.add_task(name, total=shards, completed=done, rate="")
        self._pages_seen = 0
        self._started = time.perf_counter()

    def pages(self, n: int) -> None:
        """Count pages and refresh the rate; once the run's pages are known, the bar of a
        phase that processes pages counts them."""
        if self._task is None:
            return
        # The first phase that processes pages reads every input once: its pages are the run's.
        if self.expected is None:
            self._counted += n
        elif not self._by_pages:
            self._by_pages = True
            self.bars.update(self._task, total=self.expected, completed=0)
        self._pages_seen += n
        elapsed = time.perf_counter() - self._started
        rate = f"{self._pages_seen / elapsed:,.0f} pages/s" if elapsed > 0 else ""
        self.bars.update(self._task, rate=rate)
        if self._by_pages:
            self.bars.advance(self._task, n)

    def shard(self, stats: dict[str, Any]) -> None:
        """Count a finished shard (on a bar that counts shards)."""
        if self._task is not None and not self._by_pages:
            self.bars.advance(self._task, 1)


class LogProgress:
    """One line per phase through `write` (for `-v` when stderr is not a terminal)."""

    def __init__(self, write: Callable[[str], None]) -> None:
        self.write = write
        self._name = ""
        self._shards = 0
        self._pages = 0
        self._started = 0.0

    def phase(self, name: str, shards: int, done: int) -> None:
        """Report the previous phase and start this one."""
        self._flush()
        self._name, self._shards, self._pages = name, shards, 0
        self._started = time.perf_counter()
        if done:
            self.write(f"{name}: {done} of {shards} shards done in an earlier run")

    def pages(self, n: int) -> None:
        """Count pages."""
        self._pages += n

    def shard(self, stats: dict[str, Any]) -> None:
        """Nothing per shard."""

    def close(self) -> None:
        """Report the last phase."""
        self._flush()
        self._name = ""

    def _flush(self) -> None:
        if not self._name:
            return
        seconds = time.perf_counter() - self._started
        if not self._pages:
            self.write(f"{self._name}: {seconds:.1f} s")
            return
        rate = f"{self._pages / seconds:,.0f} pages/s" if seconds > 0 else ""
        shards = f"{self._shards} shard{'s' if self._shards != 1 else ''}"
        self.write(f"{self._name}: {self._pages} pages, {shards} in {seconds:.1f} s ({rate})")
