"""Parquet corpora: one row is one page (see `readers.fields`), read a batch at a time.

Needs pyarrow (a core dependency, imported on first use). Rows are read one batch at a time, so
memory stays flat whatever the file size; every column is read, since the columns that are not
the text, id or URL pass through as the page's `metadata`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from threadsift.budget import DEFAULT_BUDGET, Budget
from threadsift.errors import InputError, require
from threadsift.page import Page
from threadsift.readers.base import Reader, error_page
from threadsift.readers.fields import Fields, record_pages
from threadsift.readers.inputs import STDIN, source_name

BATCH_ROWS = 1024


class ParquetReader(Reader):
    """Read Parquet files into one page per row."""

    name = "read_parquet"

    def __init__(
        self,
        paths: Iterable[str],
        *,
        fields: Fields | None = None,
        batch_rows: int = BATCH_ROWS,
        budget: Budget = DEFAULT_BUDGET,
    ) -> None:
        super().__init__(paths=paths, budget=budget)
        self.fields = fields or Fields()
        self.batch_rows = batch_rows

    def read_file(self, path: str) -> Iterator[Page]:
        """Yield a page per row and an error page per row without text."""
        pq = require("pyarrow.parquet", needed_for="reading Parquet")
        source = source_name(path)
        if path == STDIN:
            raise InputError(
                "Parquet cannot be read from stdin (it needs a seekable file)", source=source
            )
        try:
            parquet = pq.ParquetFile(path)
        except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError
            raise InputError(f"not a readable Parquet file ({error})", source=source) from None
        row = 0
        try:
            for batch in parquet.iter_batches(batch_size=self.batch_rows):
                for record in batch.to_pylist():
                    row += 1
                    yield from record_pages(
                        record, self.fields, source=source, where=f"row {row}", stats=self.stats
                    )
        except (OSError, ValueError) as error:
            where = f"row {row + 1}"
            message = (
                f"{source}:{where}: unreadable data ({error}); the rest of the file is skipped"
            )
            yield error_page(source, message, where=where)
