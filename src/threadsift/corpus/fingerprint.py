"""Per-shard dedup stage: filter pages without an article, write each page's fingerprints.

`Fingerprinter` is a writer of id-keyed side files read by the global dedup stage
(`corpus.dedup`): per page its exact hash (of the normalised page text) and its MinHash
signature (of the article), and per comment its exact hash.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from threadsift.budget import DEFAULT_BUDGET
from threadsift.config import MinhashConfig
from threadsift.corpus.exact import text_hash
from threadsift.corpus.minhash import Signer
from threadsift.page import Outcome, Page
from threadsift.step import Shard, Step
from threadsift.writers.base import AtomicPath, Writer

NO_ARTICLE = "no-article"


class ArticleFilter(Step):
    """Set aside pages in which no article was found (outcome filtered, reason ``no-article``)."""

    name = "filter_no_article"

    def run(self, pages: Iterable[Page], shard: Shard = Shard()) -> Iterator[Page]:
        """Mark pages without article text as filtered; pass every page on."""
        for page in pages:
            if page.outcome is None and not page.article.strip():
                page.outcome = Outcome.FILTERED
                page.reason = NO_ARTICLE
                self.stats[NO_ARTICLE] += 1
            yield page


class Fingerprinter(Writer):
    """Write the fingerprints of the pages still in the run (not filtered, not errors)."""

    name = "fingerprint"

    def __init__(
        self,
        pages_path: str,
        comments_path: str,
        minhash: MinhashConfig,
        *,
        batch: int = 1000,
        max_chars: int = DEFAULT_BUDGET.annotate_chars,
    ) -> None:
        super().__init__(batch=batch)
        self.pages_target = AtomicPath(pages_path)
        self.comments_target = AtomicPath(comments_path)
        self.signer = Signer(minhash) if minhash.enabled else None
        self.permutations = minhash.permutations
        self.max_chars = max_chars
        self._writers: dict[str, Any] = {}

    def write_batch(self, pages: list[Page]) -> None:
        """Append the fingerprints of a batch."""
        import pyarrow as pa

        kept = [page for page in pages if page.outcome is None]
        signatures = []
        for page in kept:
            article = page.article[: self.max_chars]  # the start of an enormous one
            signature = self.signer.signature(article) if self.signer else None
            signatures.append(None if signature is None else signature.tobytes())
        page_rows = pa.table(
            {
                "page_id": pa.array([page.id for page in kept], pa.string()),
                "hash": pa.array([text_hash(page.text) for page in kept], pa.int64()),
                # Fixed-size: the dedup stage reads the column as one matrix, without copies.
                "signature": pa.array(signatures, pa.binary(4 * self.permutations)),
            }
        )
        comments = [(page.id, c.index, text_hash(c.text)) for page in kept for c in page.comments]
        comment_rows = pa.table(
            {
                "page_id": pa.array([row[0] for row in comments], pa.string()),
                "index": pa.array([row[1] for row in comments], pa.int32()),
                "hash": pa.array([row[2] for row in comments], pa.int64()),
            }
        )
        self._append("pages", page_rows)
        self._append("comments", comment_rows)

    def _append(self, name: str, table: Any) -> None:
        import pyarrow.parquet as pq

        if name not in self._writers:
            target = self.pages_target if name == "pages" else self.comments_target
            self._writers[name] = pq.ParquetWriter(target.tmp, table.schema)
        self._writers[name].write_table(table)

    def close(self) -> None:
        """Finish both files and rename them into place."""
        if not self._writers:
            self.write_batch([])
        for writer in self._writers.values():
            writer.close()
        self._writers.clear()
        self.pages_target.commit()
        self.comments_target.commit()
