"""Where every file of a corpus run goes in DIR (`Layout`), and the provisional pages the settle
stage reads back.

What a run does is the tuple of stages `threadsift.stages.RUN`; each stage says which files it
reads and writes through `Layout`: per-shard tables as ``TABLE/part-NNNNN.parquet``,
intermediate ones under ``_work/`` (removed when the run ends), completion markers under
``_state/``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from threadsift.config import RunConfig
from threadsift.page import Comment, Outcome, Page

WORK = "_work"
STATE = "_state"


class Layout:
    """Where a run keeps its files under the output directory."""

    def __init__(self, out: str | os.PathLike[str]) -> None:
        self.out = Path(out)

    def part(self, table: str, rank: int, suffix: str = ".parquet", *, work: bool = False) -> str:
        """The file of shard `rank` of a table (under ``_work/`` for intermediate tables)."""
        base = self.out / WORK / table if work else self.out / table
        return str(base / f"part-{rank:05d}{suffix}")

    def parts(self, table: str, shards: int, *, work: bool = False) -> list[str]:
        """Every shard's file of a table."""
        return [self.part(table, rank, work=work) for rank in range(shards)]

    def marker(self, phase: str, rank: int | None = None) -> Path:
        """The completion marker (with the stats) of a phase, or of one shard of it."""
        name = phase if rank is None else f"{phase}-{rank:05d}"
        return self.out / STATE / f"{name}.json"

    @property
    def site_chrome(self) -> str:
        """The learned site chrome table."""
        return str(self.out / "site_chrome.parquet")

    @property
    def duplicates(self) -> str:
        """The duplicates table."""
        return str(self.out / "duplicates" / "duplicates.parquet")


def write_json(path: str | os.PathLike[str], data: Any) -> None:
    """Write JSON atomically (temporary file, then rename)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full disk or a kill leaves no half-written file
        raise


def _settle_source(config: RunConfig, rank: int, layout: Layout) -> Iterator[Page]:
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from threadsift.writers.parquet import page_from_row

    dups = pq.read_table(layout.duplicates, columns=["page_id", "kind", "duplicate_of"])
    dups = dups.filter(pc.invert(pc.equal(dups["kind"], "comment")))
    duplicate_of = dict(
        zip(
            dups["page_id"].to_pylist(),
            zip(dups["kind"].to_pylist(), dups["duplicate_of"].to_pylist(), strict=True),
            strict=True,
        )
    )
    comments = _comments_by_page(pq.ParquetFile(layout.part("comments", rank, work=True)))
    pending: tuple[str, list[Comment]] | None = next(comments, None)
    pages_file = pq.ParquetFile(layout.part("pages", rank, work=True))
    for batch in pages_file.iter_batches(batch_size=config.batch):
        for row in batch.to_pylist():
            page = page_from_row(row)
            if pending is not None and pending[0] == page.id:
                page.comments = pending[1]
                pending = next(comments, None)
            if page.outcome is Outcome.OUTPUT:
                page.outcome = None
            if page.id in duplicate_of:
                kind, kept = duplicate_of[page.id]
                page.outcome, page.reason = Outcome.DUPLICATE, f"{kind}-duplicate of {kept}"
            yield page


def _comments_by_page(file: Any) -> Iterator[tuple[str, list[Comment]]]:
    """Comments grouped by page, in the order they were written (the pages' order)."""
    current: str | None = None
    group: list[Comment] = []
    for batch in file.iter_batches():
        for row in batch.to_pylist():
            page_id = row.pop("page_id")
            if page_id != current:
                if current is not None:
                    yield current, group
                current, group = page_id, []
            group.append(Comment(**row))
    if current is not None:
        yield current, group
