"""The plan of a corpus run: which steps each phase runs, and where every file goes in DIR.

A run has six phases; the per-shard ones run on every shard through the executor's run loop
(`executors.base.run_shard`), the global ones once in the driver:

1. ``chrome`` (per shard): count each host's lines (`corpus.site_chrome.ChromeCounter`).
2. ``learn`` (global): add the counts up into ``site_chrome.parquet``.
3. ``split`` (per shard): read, decompose with the learned chrome, annotate (language,
   toxicity, quality; unless turned off), filter pages without an article and pages failing
   the filter expression, write `lines`, `errors`, fingerprints and provisional pages and
   comments.
4. ``dedup`` (global): exact and near duplicates into ``duplicates/duplicates.parquet``.
5. ``settle`` (per shard): give duplicates their outcome, write `pages`, `comments`, the corpus.
6. ``index`` (global): the DuckDB database, the search index and ``run.json``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from threadsift.config import RunConfig
from threadsift.errors import ConfigError
from threadsift.page import Outcome, Page
from threadsift.step import Shard, Step

WORK = "_work"
STATE = "_state"


@dataclass(frozen=True, slots=True)
class Phase:
    """One phase of a run; `per_shard` phases run on every shard, the others once."""

    name: str
    per_shard: bool


PHASES = (
    Phase("chrome", True),
    Phase("learn", False),
    Phase("split", True),
    Phase("dedup", False),
    Phase("settle", True),
    Phase("index", False),
)


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


def shard_pipeline(phase: str, config: RunConfig, rank: int) -> list[Step]:
    """The steps shard `rank` runs in a per-shard phase; the first one is the source of pages."""
    layout = Layout(config.out)
    if phase == "chrome":
        from threadsift.corpus.site_chrome import ChromeCounter

        return [_reader(config, rank), ChromeCounter(budget=config.budget)]
    if phase == "split":
        return [_reader(config, rank), *_split_steps(config, rank, layout)]
    if phase == "settle":
        return [ProvisionalPages(config, rank), *_settle_steps(config, rank, layout)]
    raise ConfigError(f"not a per-shard phase: {phase}")


def skipped_records(steps: list[Step]) -> dict[str, int]:
    """The records a shard's reader skipped on purpose (WARC requests...), by reason."""
    return {
        key.removeprefix("skipped_"): n
        for key, n in steps[0].stats.items()
        if key.startswith("skipped_")
    }


def finish_shard(phase: str, config: RunConfig, rank: int, steps: list[Step]) -> dict[str, Any]:
    """Write what a shard's steps gathered (the chrome counts) and return the shard's stats."""
    stats: dict[str, Any] = {step.name: dict(step.stats) for step in steps}
    if phase == "chrome":
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
            target = AtomicPath(layout.part(name, rank, work=True))
            # Sorted by hash in row groups, so `learn` reads one hash range at a time.
            pq.write_table(table, target.tmp, row_group_size=65536)
            target.commit()
    return stats


def _reader(config: RunConfig, rank: int) -> Step:
    from threadsift.readers.base import shard_paths
    from threadsift.readers.detect import InputReader
    from threadsift.readers.fields import Fields

    fields = Fields.of(
        text_field=config.text_field, id_field=config.id_field, url_field=config.url_field
    )
    return InputReader(
        shard_paths(config.inputs, config.shards, rank),
        format=config.format,
        encoding=config.encoding,
        fields=fields,
        budget=config.budget,
    )


def _split_steps(config: RunConfig, rank: int, layout: Layout) -> list[Step]:
    from threadsift.corpus.fingerprint import ArticleFilter, Fingerprinter
    from threadsift.decomposers.dispatch import Dispatch
    from threadsift.writers.parquet import ParquetWriter

    site_chrome = None
    if config.chrome.enabled and Path(layout.site_chrome).exists():
        import pyarrow.parquet as pq

        from threadsift.corpus.site_chrome import SiteChrome

        site_chrome = SiteChrome.from_table(pq.read_table(layout.site_chrome))
    tables = {
        "lines": layout.part("lines", rank),
        "errors": layout.part("errors", rank),
        "pages": layout.part("pages", rank, work=True),
        "comments": layout.part("comments", rank, work=True),
    }
    annotators: list[Step] = []
    if config.annotate:
        from threadsift.annotators.standard import standard_annotators

        annotators = [
            *standard_annotators(fast_toxicity=config.fast_toxicity, budget=config.budget)
        ]
    filters: list[Step] = [ArticleFilter()]
    if config.filter is not None:
        from threadsift.corpus.filter import ExpressionFilter

        filters.append(ExpressionFilter(config.filter))
    return [
        Dispatch(site_chrome=site_chrome, budget=config.budget),
        *annotators,
        *filters,
        Fingerprinter(
            layout.part("fingerprints", rank, work=True),
            layout.part("comment_hashes", rank, work=True),
            config.minhash,
            batch=config.batch,
            max_chars=config.budget.annotate_chars,
        ),
        ParquetWriter(tables, batch=config.batch),
    ]


def _settle_steps(config: RunConfig, rank: int, layout: Layout) -> list[Step]:
    from threadsift.writers.corpus import CorpusWriter
    from threadsift.writers.parquet import ParquetWriter

    suffix = ".jsonl.gz" if config.corpus_format == "jsonl.gz" else ".parquet"
    tables = {"pages": layout.part("pages", rank), "comments": layout.part("comments", rank)}
    return [
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


class ProvisionalPages(Step):
    """The source of the settle phase: a shard's provisional pages with their comments, and
    the duplicates among them given their outcome."""

    name = "settle"

    def __init__(self, config: RunConfig, rank: int) -> None:
        super().__init__()
        self.config = config
        self.rank = rank

    def run(self, pages: Iterable[Page] = (), shard: Shard = Shard()) -> Iterator[Page]:
        """Yield the pages of the stream, then the shard's provisional pages."""
        from threadsift.reading.pages import settled_pages

        yield from pages
        layout = Layout(self.config.out)
        for page in settled_pages(
            layout.part("pages", self.rank, work=True),
            layout.part("comments", self.rank, work=True),
            layout.duplicates,
            batch=self.config.batch,
        ):
            self.stats[str(page.outcome or Outcome.OUTPUT)] += 1
            yield page


def global_stage(phase: str, config: RunConfig) -> dict[str, Any]:
    """Run a global phase in the driver; return its stats."""
    import pyarrow.parquet as pq

    from threadsift.writers.base import AtomicPath

    layout = Layout(config.out)
    if phase == "learn":
        from threadsift.corpus.site_chrome import learn

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
    if phase == "dedup":
        from threadsift.corpus.dedup import find_duplicates

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
    if phase == "index":
        from threadsift.writers.duckdb import write_database
        from threadsift.writers.search import write_search_index

        stats = write_search_index(config.out)
        stats["database"] = write_database(config.out)
        return stats
    raise ConfigError(f"not a global phase: {phase}")
