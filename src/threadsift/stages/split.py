"""The split stage: read, decompose, annotate, filter, fingerprint and write each shard's pages.

`page_steps` (decompose, then annotate) is also what `threadsift split` runs after its reader.
Pages still in the run at the end of a shard are pending: `SettleStage` settles them once the
duplicates are known.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from pathlib import Path

from threadsift.budget import Budget
from threadsift.config import RunConfig
from threadsift.pipeline import Layout
from threadsift.stages.base import Stage
from threadsift.stats import Intake
from threadsift.step import Shard, Step


def page_steps(
    *,
    annotate: bool,
    fast_toxicity: bool,
    budget: Budget,
    site_chrome: Mapping[str, Set[str]] | None = None,
) -> list[Step]:
    """Decompose each page (with the learned `site_chrome`), then annotate it if `annotate`."""
    from threadsift.decomposers.dispatch import Dispatch  # here: it loads the line model

    steps: list[Step] = [Dispatch(site_chrome=site_chrome, budget=budget)]
    if annotate:
        from threadsift.annotators.standard import standard_annotators

        steps.extend(standard_annotators(fast_toxicity=fast_toxicity, budget=budget))
    return steps


class SplitStage(Stage):
    """Turn every input record into a decomposed page or an error; write `lines`, `errors`,
    fingerprints and the provisional `pages` and `comments`."""

    name = "split"
    intake = Intake.INPUTS
    settles = False

    def steps(self, config: RunConfig, shard: Shard) -> list[Step]:
        """Read, decompose, annotate, filter (no article, `--filter`), fingerprint, write."""
        from threadsift.corpus.fingerprint import ArticleFilter, Fingerprinter
        from threadsift.readers.detect import run_reader
        from threadsift.writers.parquet import ParquetWriter

        layout = Layout(config.out)
        rank = shard.rank
        filters: list[Step] = [ArticleFilter()]
        if config.filter is not None:
            from threadsift.corpus.filter import ExpressionFilter

            filters.append(ExpressionFilter(config.filter))
        tables = {
            "lines": layout.part("lines", rank),
            "errors": layout.part("errors", rank),
            "pages": layout.part("pages", rank, work=True),
            "comments": layout.part("comments", rank, work=True),
        }
        return [
            run_reader(config),
            *page_steps(
                annotate=config.annotate,
                fast_toxicity=config.fast_toxicity,
                budget=config.budget,
                site_chrome=_site_chrome(config, layout),
            ),
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


def _site_chrome(config: RunConfig, layout: Layout) -> Mapping[str, Set[str]] | None:
    """The chrome the learn stage wrote, when it ran."""
    if not config.chrome.enabled or not Path(layout.site_chrome).exists():
        return None
    import pyarrow.parquet as pq

    from threadsift.corpus.site_chrome import SiteChrome

    return SiteChrome.from_table(pq.read_table(layout.site_chrome))
