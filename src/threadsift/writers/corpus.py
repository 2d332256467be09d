"""The clean corpus: one record per output page with a `text` field, as JSONL.gz or Parquet.

`text` is the title and the article (paragraphs separated by blank lines); with `with_comments`
the page's comments follow, each as a paragraph, except comments that are exact duplicates of a
comment kept elsewhere. Only pages whose outcome is output are written.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Set
from typing import Any

from threadsift.page import Outcome, Page
from threadsift.writers.base import AtomicPath, Writer
from threadsift.writers.parquet import metadata_json


def corpus_text(
    page: Page, *, with_comments: bool, skip: Set[tuple[str, int]] = frozenset()
) -> str:
    """The training text of a page: title, article and, optionally, its comments."""
    parts = [part for part in (page.title, page.article) if part]
    if parts and page.title and page.article.startswith(page.title):
        parts = [page.article]
    if with_comments:
        parts += [c.text for c in page.comments if c.text and (page.id, c.index) not in skip]
    return "\n\n".join(parts)


class CorpusWriter(Writer):
    """Write the output pages as records of `CORPUS_COLUMNS` (``metadata`` as an object in
    JSON Lines, as JSON text in Parquet)."""

    name = "write_corpus"

    def __init__(
        self,
        path: str,
        *,
        format: str = "jsonl.gz",
        with_comments: bool = False,
        skip_comments: Set[tuple[str, int]] = frozenset(),
        batch: int = 1000,
    ) -> None:
        super().__init__(batch=batch)
        self.target = AtomicPath(path)
        self.format = format
        self.with_comments = with_comments
        self.skip_comments = skip_comments
        self._file: Any = None

    def records(self, pages: list[Page]) -> list[dict[str, Any]]:
        """The corpus records of a batch."""
        return [
            {
                "id": page.id,
                "source": page.source,
                "source_id": page.source_id,
                "source_offset": page.source_offset,
                "fetched": page.fetched,
                "url": page.url,
                "host": page.host,
                "title": page.title,
                "language": page.language,
                "text": corpus_text(
                    page, with_comments=self.with_comments, skip=self.skip_comments
                ),
                "metadata": page.metadata,
            }
            for page in pages
            if page.outcome in (None, Outcome.OUTPUT)
        ]

    def write_batch(self, pages: list[Page]) -> None:
        """Append the batch's output pages."""
        records = self.records(pages)
        self.stats["records"] += len(records)
        if self.format == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            if self._file is None:
                self._file = pq.ParquetWriter(self.target.tmp, _schema(), compression="zstd")
            if records:
                rows = [{**row, "metadata": metadata_json(row["metadata"])} for row in records]
                self._file.write_table(pa.Table.from_pylist(rows, schema=_schema()))
            return
        if self._file is None:
            # mtime=0: the same records give the same bytes, run after run. Level 6, gzip's
            # own default: level 9 (Python's) compresses little better, up to 10x slower.
            self._file = gzip.GzipFile(self.target.tmp, "wb", compresslevel=6, mtime=0)
        for record in records:
            self._file.write(json.dumps(record, ensure_ascii=False).encode() + b"\n")

    def close(self) -> None:
        """Finish the file and rename it into place (an empty corpus part is still written)."""
        if self._file is None:
            self.write_batch([])
        self._file.close()
        self._file = None
        self.target.commit()


CORPUS_COLUMNS = (
    "id",
    "source",
    "source_id",
    "source_offset",
    "fetched",
    "url",
    "host",
    "title",
    "language",
    "text",
    "metadata",
)


def _schema() -> Any:
    import pyarrow as pa

    types = {"source_offset": pa.int64()}
    return pa.schema([(name, types.get(name, pa.string())) for name in CORPUS_COLUMNS])
