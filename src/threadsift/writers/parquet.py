"""Parquet tables of a run: `pages`, `comments`, `lines` and `errors` (schemas in docs/schema.md).

`ParquetWriter` writes the tables it is given paths for, streaming one row group per batch, so
that the phase that decomposes pages can write `lines` and `errors` while the phase that settles
duplicates writes `pages` and `comments`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from threadsift.errors import ConfigError, require
from threadsift.page import Outcome, Page, Quality
from threadsift.writers.base import AtomicPath, Writer

if TYPE_CHECKING:
    import pyarrow as pa

TABLES = ("pages", "comments", "lines", "errors")


def require_pyarrow() -> None:
    """Raise `MissingDependency` when pyarrow or numpy is missing (a partial install)."""
    for module in ("numpy", "pyarrow"):
        require(module, needed_for="a corpus run")


def schema(table: str) -> pa.Schema:
    """The Arrow schema of one output table."""
    import pyarrow as pa

    string, int32, f64 = pa.string(), pa.int32(), pa.float64()
    fields: dict[str, list[tuple[str, pa.DataType]]] = {
        "pages": [
            ("id", string),
            ("source", string),
            ("source_id", string),
            ("source_offset", pa.int64()),
            ("fetched", string),
            ("url", string),
            ("host", string),
            ("encoding", string),
            ("title", string),
            ("author", string),
            ("published", string),
            ("published_raw", string),
            ("site_name", string),
            ("article", string),
            ("n_comments", int32),
            ("language", string),
            ("language_score", f64),
            ("quality", _quality_type()),
            ("outcome", string),
            ("reason", string),
            ("metadata", string),  # JSON text: see `page_rows`
        ],
        "comments": [
            ("page_id", string),
            ("index", int32),
            ("author", string),
            ("text", string),
            ("first_line", int32),
            ("last_line", int32),
            ("depth", int32),
            ("parent", int32),
            ("date", string),
            ("date_raw", string),
            ("language", string),
            ("language_score", f64),
            ("toxicity", f64),
            ("toxic", pa.bool_()),
            ("toxicity_category", string),
        ],
        "lines": [
            ("page_id", string),
            ("n", int32),
            ("label", string),
            ("reason", string),
            ("text", string),
        ],
        "errors": [("page_id", string), ("source", string), ("message", string)],
    }
    return pa.schema(fields[table])


def _quality_type() -> pa.DataType:
    """The `quality` struct: one field per `Quality` signal, typed as the dataclass is."""
    import pyarrow as pa

    types = {"int": pa.int32(), "float": pa.float64(), "bool": pa.bool_()}
    return pa.struct([(f.name, types[str(f.type)]) for f in fields(Quality)])


def page_rows(page: Page) -> dict[str, Any]:
    """The `pages` row of a page.

    `metadata` is written as JSON text, not as a struct: records of one input, let alone of
    the inputs of one run, carry different fields of different types, and every part of a
    table must have one schema for DuckDB and pyarrow to read the parts as one table.
    """
    return {
        "id": page.id,
        "source": page.source,
        "source_id": page.source_id,
        "source_offset": page.source_offset,
        "fetched": page.fetched,
        "url": page.url,
        "host": page.host,
        "encoding": page.encoding,
        "title": page.title,
        "author": page.author,
        "published": page.published,
        "published_raw": page.published_raw,
        "site_name": page.site_name,
        "article": page.article,
        "n_comments": len(page.comments),
        "language": page.language,
        "language_score": page.language_score,
        "quality": None if page.quality is None else page.quality.to_dict(),
        "outcome": str(page.outcome or Outcome.OUTPUT),
        "reason": page.reason,
        "metadata": metadata_json(page.metadata),
    }


def metadata_json(metadata: dict[str, Any] | None) -> str | None:
    """A page's `metadata` as the JSON text the tables hold (None stays None)."""
    if metadata is None:
        return None
    return json.dumps(metadata, ensure_ascii=False, default=str)


def rows(table: str, page: Page) -> list[dict[str, Any]]:
    """The rows `page` adds to `table` (errors only for error pages, the rest for the others)."""
    is_error = page.outcome is Outcome.ERROR
    if table == "errors" or is_error:
        if table != "errors" or not is_error:
            return []
        return [{"page_id": page.id, "source": page.source, "message": page.reason}]
    if table == "pages":
        return [page_rows(page)]
    if table == "comments":
        return [{"page_id": page.id, **comment.to_dict()} for comment in page.comments]
    text = page.text.split("\n")
    return [
        {
            "page_id": page.id,
            "n": line.n,
            "label": str(line.label),
            "reason": line.reason,
            "text": text[line.n - 1] if line.n <= len(text) else None,
        }
        for line in page.lines
    ]


class ParquetWriter(Writer):
    """Write the given tables (`TABLES` names -> file path) of the pages that pass."""

    name = "write_parquet"

    def __init__(self, paths: Mapping[str, str], *, batch: int = 1000) -> None:
        super().__init__(batch=batch)
        require_pyarrow()
        unknown = set(paths) - set(TABLES)
        if unknown:
            raise ConfigError(f"unknown tables {sorted(unknown)}; tables are {TABLES}")
        self.paths = {table: AtomicPath(path) for table, path in paths.items()}
        self._writers: dict[str, Any] = {}

    def write_batch(self, pages: list[Page]) -> None:
        """Append one row group per table."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        for table, target in self.paths.items():
            batch = [row for page in pages for row in rows(table, page)]
            if table not in self._writers:
                self._writers[table] = pq.ParquetWriter(
                    target.tmp, schema(table), compression="zstd"
                )
            if batch:
                arrow = pa.Table.from_pylist(batch, schema=schema(table))
                self._writers[table].write_table(arrow)
            self.stats[f"rows_{table}"] += len(batch)

    def close(self) -> None:
        """Close every table (an empty one still gets a file) and rename it into place."""
        import pyarrow.parquet as pq

        for table, target in self.paths.items():
            writer = self._writers.pop(table, None)
            if writer is None:
                writer = pq.ParquetWriter(target.tmp, schema(table), compression="zstd")
            writer.close()
            target.commit()
