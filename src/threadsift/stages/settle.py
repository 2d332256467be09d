"""The settle stage: give each shard's pending pages their outcome (output or duplicate) and
write the `pages` and `comments` tables and the clean corpus."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from threadsift.config import RunConfig
from threadsift.page import Page
from threadsift.pipeline import Layout
from threadsift.stages.base import Stage
from threadsift.stats import Intake
from threadsift.step import Shard, Step


class ProvisionalPages(Step):
    """The source of the settle stage: a shard's provisional pages with their comments, and
    the duplicates among them given their outcome."""

    name = "settle"

    def __init__(self, config: RunConfig) -> None:
        super().__init__()
        self.config = config

    def run(self, pages: Iterable[Page] = (), shard: Shard = Shard()) -> Iterator[Page]:
        """Yield the pages of the stream, then the shard's provisional pages."""
        from threadsift.reading.pages import settled_pages

        yield from pages
        layout = Layout(self.config.out)
        yield from settled_pages(
            layout.part("pages", shard.rank, work=True),
            layout.part("comments", shard.rank, work=True),
            layout.duplicates,
            batch=self.config.batch,
        )


class SettleStage(Stage):
    """Take back the pages the split stage left pending, settle them, write them."""

    name = "settle"
    intake = Intake.CARRIED

    def steps(self, config: RunConfig, shard: Shard) -> list[Step]:
        """The provisional pages, then the `pages` and `comments` writer and the corpus writer."""
        from threadsift.writers.corpus import CorpusWriter
        from threadsift.writers.parquet import ParquetWriter

        layout = Layout(config.out)
        rank = shard.rank
        suffix = ".jsonl.gz" if config.corpus_format == "jsonl.gz" else ".parquet"
        tables = {"pages": layout.part("pages", rank), "comments": layout.part("comments", rank)}
        return [
            ProvisionalPages(config),
            ParquetWriter(tables, batch=config.batch),
            CorpusWriter(
                layout.part("corpus", rank, suffix),
                format=config.corpus_format,
                with_comments=config.with_comments,
                skip_comments=_duplicate_comments(layout),
                batch=config.batch,
            ),
        ]


def _duplicate_comments(layout: Layout) -> frozenset[tuple[str, int]]:
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    table = pq.read_table(layout.duplicates, columns=["page_id", "comment", "kind"])
    table = table.filter(pc.equal(table["kind"], "comment"))
    return frozenset(zip(table["page_id"].to_pylist(), table["comment"].to_pylist(), strict=True))
