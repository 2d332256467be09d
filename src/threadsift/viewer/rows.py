"""The rows of one page in a big table, found without scanning the table.

A filter on ``page_id`` makes DuckDB or pyarrow read every row group of a table (page ids are
hashes: no row group statistics rule one out), which is seconds on the `lines` of a 100,000-page
run. `RowIndex` reads only the key column once, notes which row groups hold each key, and then
reads just those row groups.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any


class RowIndex:
    """Which row groups of a table's Parquet files hold the rows of each key."""

    def __init__(self, files: list[Path], key: str) -> None:
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        self.key = key
        self._files = [pq.ParquetFile(path) for path in files]
        self._groups: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for number, parquet in enumerate(self._files):
            for group in range(parquet.num_row_groups):
                column = parquet.read_row_group(group, columns=[key]).column(0)
                for value in pc.unique(column).to_pylist():
                    if value is not None:
                        self._groups[value].append((number, group))

    def rows(self, key: str) -> list[dict[str, Any]]:
        """The rows whose key is `key`, in the order of the files."""
        import pyarrow.compute as pc

        found: list[dict[str, Any]] = []
        for number, group in self._groups.get(key, ()):
            table = self._files[number].read_row_group(group)
            found += table.filter(pc.equal(table[self.key], key)).to_pylist()
        return found
