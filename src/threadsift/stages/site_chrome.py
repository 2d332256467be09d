"""The site chrome stages: count each host's lines on every shard, then learn its chrome.

`ChromeStage` reads the inputs only to learn from them (`Intake.LOOK`): its pages end nowhere,
`SplitStage` reads them again with the learned chrome. See `corpus.site_chrome`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from threadsift.config import RunConfig
from threadsift.pipeline import Layout
from threadsift.stages.base import Stage
from threadsift.stats import Intake
from threadsift.step import Shard, Step


class ChromeStage(Stage):
    """Count, per host, on how many pages each line appears (`ChromeCounter`)."""

    name = "chrome"
    intake = Intake.LOOK
    settles = False

    def enabled(self, config: RunConfig) -> bool:
        """When site chrome is learned."""
        return config.chrome.enabled

    def steps(self, config: RunConfig, shard: Shard) -> list[Step]:
        """Read the shard's inputs and count their lines."""
        from threadsift.corpus.site_chrome import ChromeCounter
        from threadsift.readers.detect import run_reader

        return [run_reader(config), ChromeCounter(budget=config.budget)]

    def finish(self, config: RunConfig, shard: Shard, steps: Sequence[Step]) -> dict[str, Any]:
        """Write the shard's counts: lines, pages per host, and the pages counted."""
        import pyarrow.parquet as pq

        from threadsift.corpus.site_chrome import ChromeCounter
        from threadsift.writers.base import AtomicPath

        counter = next(step for step in steps if isinstance(step, ChromeCounter))
        layout = Layout(config.out)
        tables = (
            (counter.table(), "chrome"),
            (counter.host_table(), "chrome_hosts"),
            (counter.page_table(), "chrome_pages"),
        )
        for table, name in tables:
            target = AtomicPath(layout.part(name, shard.rank, work=True))
            # Sorted by hash in row groups, so `learn` reads one hash range at a time.
            pq.write_table(table, target.tmp, row_group_size=65536)
            target.commit()
        return {}


class LearnStage(Stage):
    """Add the shards' counts up into ``site_chrome.parquet`` (`corpus.site_chrome.learn`)."""

    name = "learn"
    per_shard = False
    report = "site_chrome"

    def enabled(self, config: RunConfig) -> bool:
        """When site chrome is learned."""
        return config.chrome.enabled

    def run_global(self, config: RunConfig) -> dict[str, Any]:
        """Learn each host's chrome lines; return how many hosts and lines."""
        import pyarrow.parquet as pq

        from threadsift.corpus.site_chrome import learn
        from threadsift.writers.base import AtomicPath

        layout = Layout(config.out)
        hosts, pages = (
            [pq.read_table(path) for path in layout.parts(name, config.shards, work=True)]
            for name in ("chrome_hosts", "chrome_pages")
        )
        counts = layout.parts("chrome", config.shards, work=True)
        learned = learn(counts, hosts, pages, config.chrome)
        target = AtomicPath(layout.site_chrome)
        pq.write_table(learned, target.tmp)
        target.commit()
        return {"hosts": len(set(learned["host"].to_pylist())), "lines": learned.num_rows}
