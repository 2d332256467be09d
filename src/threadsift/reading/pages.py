"""A run's tables read back into pages: a `pages` row as a `Page`, and a shard's provisional
pages with their comments and the dedup decisions, for the phase that settles them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from threadsift.page import Comment, Outcome, Page, Quality


def page_from_row(row: dict[str, Any]) -> Page:
    """The page of a `pages` row, without its text, lines and comments (the inverse of
    `writers.parquet.page_rows`)."""
    quality, metadata = row["quality"], row["metadata"]
    return Page(
        id=row["id"],
        text="",
        source=row["source"],
        source_id=row["source_id"],
        source_offset=row["source_offset"],
        fetched=row["fetched"],
        metadata=None if metadata is None else json.loads(metadata),
        url=row["url"],
        host=row["host"],
        encoding=row["encoding"],
        title=row["title"],
        author=row["author"],
        published=row["published"],
        published_raw=row["published_raw"],
        site_name=row["site_name"],
        article=row["article"],
        language=row["language"],
        language_score=row["language_score"],
        quality=None if quality is None else Quality.from_dict(quality),
        outcome=Outcome(row["outcome"]),
        reason=row["reason"],
    )


def settled_pages(
    pages: str, comments: str, duplicates: str, *, batch: int = 1000
) -> Iterator[Page]:
    """The pages of a provisional `pages` file with their `comments`, each duplicate page (in
    the `duplicates` table) given its outcome and the page it duplicates."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    dups = pq.read_table(duplicates, columns=["page_id", "kind", "duplicate_of"])
    dups = dups.filter(pc.invert(pc.equal(dups["kind"], "comment")))
    duplicate_of = dict(
        zip(
            dups["page_id"].to_pylist(),
            zip(dups["kind"].to_pylist(), dups["duplicate_of"].to_pylist(), strict=True),
            strict=True,
        )
    )
    grouped = _comments_by_page(pq.ParquetFile(comments))
    pending: tuple[str, list[Comment]] | None = next(grouped, None)
    for rows in pq.ParquetFile(pages).iter_batches(batch_size=batch):
        for row in rows.to_pylist():
            page = page_from_row(row)
            if pending is not None and pending[0] == page.id:
                page.comments = pending[1]
                pending = next(grouped, None)
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
