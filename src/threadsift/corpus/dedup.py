"""Global dedup stage: exact and near-duplicate pages and exact duplicate comments, by id.

Reads the fingerprints every shard wrote (`corpus.fingerprint`) and returns the `duplicates`
table: one row per page or comment set aside, with the record its cluster keeps.

- Pages with equal normalised text are exact duplicates of the one with the smallest id.
- The kept pages are then compared by MinHash LSH (`corpus.minhash`); a page whose cluster keeps
  another page is a near duplicate of it (its exact copies point to the same page).
- Comments with equal normalised text are exact duplicates of the one with the smallest
  (page id, index).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from threadsift.config import RunConfig
from threadsift.corpus.exact import exact_groups
from threadsift.corpus.minhash import near_duplicates

if TYPE_CHECKING:
    import pyarrow as pa


def schema() -> pa.Schema:
    """The Arrow schema of the `duplicates` table."""
    import pyarrow as pa

    return pa.schema(
        [
            ("page_id", pa.string()),
            ("comment", pa.int32()),
            ("kind", pa.string()),
            ("duplicate_of", pa.string()),
            ("duplicate_of_comment", pa.int32()),
            ("jaccard", pa.float64()),
        ]
    )


def _signatures(column: Any, width: int) -> tuple[Any, Any]:
    """The signature column as one ``(n, width)`` uint32 matrix and its validity mask."""
    import numpy as np

    matrix = np.zeros((len(column), width), dtype=np.uint32)
    valid = np.zeros(len(column), dtype=bool)
    start = 0
    for chunk in column.chunks:
        data = chunk.buffers()[1]
        if data is not None and chunk.null_count < len(chunk):
            values = np.frombuffer(data, dtype=np.uint32, count=(chunk.offset + len(chunk)) * width)
            matrix[start : start + len(chunk)] = values.reshape(-1, width)[chunk.offset :]
            valid[start : start + len(chunk)] = chunk.is_valid().to_numpy(zero_copy_only=False)
        start += len(chunk)
    return matrix, valid


def _near(
    ids: list[str], exact: dict[str, str], column: Any, config: RunConfig
) -> dict[str, tuple[str, float]]:
    """Near duplicates among the pages with a signature that are not exact duplicates."""
    import numpy as np

    matrix, valid = _signatures(column, config.minhash.permutations)
    keep = [i for i in np.flatnonzero(valid).tolist() if ids[i] not in exact]
    keep.sort(key=ids.__getitem__)  # in id order already: no second copy when sorting
    if not keep:
        return {}
    chosen = matrix[np.asarray(keep)]
    del matrix
    return near_duplicates([ids[i] for i in keep], chosen, config.minhash)


def find_duplicates(
    pages_files: Sequence[str], comments_files: Sequence[str], config: RunConfig
) -> pa.Table:
    """The `duplicates` table of a run from its shards' fingerprint files.

    Args:
        pages_files: the page fingerprint files of every shard.
        comments_files: the comment fingerprint files of every shard.
        config: whether to run exact and near dedup, and the MinHash settings.

    Returns:
        Rows (`page_id`, `comment`, `kind`, `duplicate_of`, `duplicate_of_comment`, `jaccard`),
        kind ``exact`` or ``near`` for pages (comment null) and ``comment`` for comments, sorted.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows: list[dict[str, object]] = []
    pages = pa.concat_tables([pq.read_table(path) for path in pages_files]) if pages_files else None
    if pages is not None and pages.num_rows:
        ids: list[str] = pages.column("page_id").to_pylist()
        hashes: list[int] = pages.column("hash").to_pylist()
        exact = exact_groups(ids, hashes) if config.exact_dedup else {}
        near: dict[str, tuple[str, float]] = {}
        if config.minhash.enabled:
            near = _near(ids, exact, pages.column("signature"), config)
        for page_id in sorted(set(exact) | set(near)):
            first = exact.get(page_id, page_id)
            kept_id, similarity = near.get(first, (first, 1.0))
            if kept_id == page_id:
                continue  # ids are unique per record; a page is never its own duplicate
            kind = "exact" if page_id in exact and kept_id == first else "near"
            rows.append(
                {
                    "page_id": page_id,
                    "comment": None,
                    "kind": kind,
                    "duplicate_of": kept_id,
                    "duplicate_of_comment": None,
                    "jaccard": similarity,
                }
            )
    if config.exact_dedup and comments_files:
        comments = pa.concat_tables([pq.read_table(path) for path in comments_files])
        keys = list(
            zip(
                comments.column("page_id").to_pylist(),
                comments.column("index").to_pylist(),
                strict=True,
            )
        )
        for (page_id, index), (kept_page, kept_index) in sorted(
            exact_groups(keys, comments.column("hash").to_pylist()).items()
        ):
            rows.append(
                {
                    "page_id": page_id,
                    "comment": index,
                    "kind": "comment",
                    "duplicate_of": kept_page,
                    "duplicate_of_comment": kept_index,
                    "jaccard": 1.0,
                }
            )
    return pa.Table.from_pylist(rows, schema=schema())
