"""Base of the writers: batching, atomic files and counting live here; a writer writes
`write_batch`.

A writer is a pass-through step: it yields every page on, and writes them in batches of `batch`
pages, so a worker holds at most one batch. Files are written under a temporary name and renamed
into place by `close` (at the end of the stream), so a killed run never leaves a half-written
file under a final name.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from threadsift.page import Page
from threadsift.step import Shard, Step

TMP_SUFFIX = ".tmp"


class AtomicPath:
    """A final path and the temporary path a writer fills before `commit` renames it.

    The temporary name carries the process id: a worker left over from a killed run never
    writes into the file the resumed run is writing (both would write the same bytes; the
    rename of either is the same file).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}{TMP_SUFFIX}")
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def commit(self) -> None:
        """Move the temporary file into place (atomic on one file system)."""
        os.replace(self.tmp, self.path)


class Writer(Step):
    """Write pages in batches; subclasses write `write_batch` and, if they hold files, `close`."""

    name = "write"

    def __init__(self, *, batch: int = 1000) -> None:
        super().__init__()
        self.batch = batch

    def run(self, pages: Iterable[Page], shard: Shard = Shard()) -> Iterator[Page]:
        """Yield each page on; write them in batches, then `close` when the stream ends."""
        buffer: list[Page] = []
        for page in pages:
            buffer.append(page)
            if len(buffer) >= self.batch:
                self._write(buffer)
                buffer = []
            yield page
        if buffer:
            self._write(buffer)
        self.close()

    def _write(self, pages: list[Page]) -> None:
        self.write_batch(pages)
        self.stats["pages"] += len(pages)

    def write_batch(self, pages: list[Page]) -> None:
        """Write one batch of pages."""
        raise NotImplementedError

    def close(self) -> None:
        """Finish the files (write what is left, then rename them into place)."""
