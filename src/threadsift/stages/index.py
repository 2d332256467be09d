"""The index stage: the DuckDB database and the full-text search index of a run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from threadsift.config import RunConfig
from threadsift.stages.base import Stage


class IndexStage(Stage):
    """Write the DuckDB views over the tables and the search index."""

    name = "index"
    per_shard = False
    report = "search"

    def run_global(self, config: RunConfig) -> dict[str, Any]:
        """Write both; return what the search index holds and the database's path."""
        from threadsift.writers.duckdb import write_database
        from threadsift.writers.search import write_search_index

        stats = write_search_index(config.out)
        stats["database"] = write_database(config.out)
        return stats

    def present(self, config: RunConfig) -> bool:
        """Whether the search index is there (deleted, it is built again)."""
        from threadsift.writers.search import INDEX

        return (Path(config.out) / INDEX).exists()
