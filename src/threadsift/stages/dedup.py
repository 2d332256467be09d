"""The dedup stage: exact and near duplicates of the whole run (`corpus.dedup`)."""

from __future__ import annotations

from typing import Any

from threadsift.config import RunConfig
from threadsift.pipeline import Layout
from threadsift.stages.base import Stage


class DedupStage(Stage):
    """Find duplicates in every shard's fingerprints into ``duplicates/duplicates.parquet``."""

    name = "dedup"
    per_shard = False
    report = "duplicates"

    def run_global(self, config: RunConfig) -> dict[str, Any]:
        """Write the duplicates table; return how many of each kind."""
        import pyarrow.parquet as pq

        from threadsift.corpus.dedup import find_duplicates
        from threadsift.writers.base import AtomicPath

        layout = Layout(config.out)
        table = find_duplicates(
            layout.parts("fingerprints", config.shards, work=True),
            layout.parts("comment_hashes", config.shards, work=True),
            config,
        )
        target = AtomicPath(layout.duplicates)
        pq.write_table(table, target.tmp)
        target.commit()
        kinds = table["kind"].to_pylist()
        return {kind: kinds.count(kind) for kind in ("exact", "near", "comment")}
