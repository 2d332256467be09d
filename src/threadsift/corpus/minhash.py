"""Near-duplicate articles by MinHash LSH: signature -> bands -> verified pairs -> clusters.

Like datatrove's ``dedup/minhash.py`` in stages sharing one `MinhashConfig`, but every decision
is keyed by page id: pages are ordered by id before banding, so the same pages give the same
clusters however they were sharded.

- `Signer.signature` (per shard): word `shingle`-grams of the case-folded article, each hashed
  with CRC-32, then `permutations` universal hashes ``(a*h + b) mod (2^61 - 1)`` keep their
  minimum (numpy; see docs/benchmarks.md for the comparison with datasketch and rensa).
- `near_duplicates` (global): pages sharing all `rows` values of any band are candidates; a
  candidate pair is kept only when its estimated Jaccard similarity (the share of equal
  signature values) reaches `MinhashConfig.cutoff` (the threshold less `slack` standard errors
  of the estimate), which removes the false candidates banding lets in.
  Kept pairs are joined into clusters (union-find); each cluster keeps its smallest page id.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from threadsift.config import MinhashConfig

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Signatures = npt.NDArray[np.uint32]

_WORD = re.compile(r"\w+")
_MERSENNE = (1 << 61) - 1
# Buckets larger than this are compared member by member against their first members only.
_BUCKET_PAIRS = 16


class Signer:
    """Computes MinHash signatures of texts with the permutations of one `MinhashConfig`."""

    def __init__(self, config: MinhashConfig) -> None:
        import numpy as np

        self.config = config
        rng = np.random.default_rng(config.seed)
        self._a = rng.integers(1, 1 << 32, size=config.permutations, dtype=np.uint64)
        self._b = rng.integers(0, 1 << 32, size=config.permutations, dtype=np.uint64)
        self._np = np

    def shingles(self, text: str) -> Sequence[int]:
        """CRC-32 hashes of the text's word n-grams (empty when it has too few words)."""
        words = _WORD.findall(text.casefold())
        n = self.config.shingle
        if len(words) < max(self.config.min_words, n):
            return []
        return [
            zlib.crc32(" ".join(words[i : i + n]).encode("utf-8", "surrogatepass"))
            for i in range(len(words) - n + 1)
        ]

    def signature(self, text: str) -> Signatures | None:
        """The signature of `text`, or None when it is too short to compare."""
        np = self._np
        hashes = self.shingles(text)
        if not hashes:
            return None
        values = np.unique(np.asarray(hashes, dtype=np.uint64))
        # a, b < 2^32 and h < 2^32: a*h + b < 2^64, no overflow before the modulus.
        mixed = (values[:, None] * self._a[None, :] + self._b[None, :]) % _MERSENNE
        result: Signatures = (mixed & 0xFFFFFFFF).min(axis=0).astype(np.uint32)
        return result


def jaccard(left: Signatures, right: Signatures) -> float:
    """The Jaccard similarity two signatures estimate (the share of equal values)."""
    return float((left == right).mean())


def near_duplicates(
    ids: Sequence[str], signatures: Signatures, config: MinhashConfig
) -> dict[str, tuple[str, float]]:
    """Cluster near-duplicate pages and map each duplicate to the page its cluster keeps.

    Args:
        ids: page ids, one per signature row.
        signatures: an ``(n, permutations)`` uint32 matrix.
        config: bands, rows and the verification threshold.

    Returns:
        ``{duplicate id: (kept id, estimated Jaccard similarity with the kept page)}``.
    """
    import numpy as np

    if len(ids) < 2:
        return {}
    order = sorted(range(len(ids)), key=ids.__getitem__)
    sorted_ids = [ids[i] for i in order]
    in_order = all(i == k for k, i in enumerate(order))
    sig = signatures if in_order else signatures[np.asarray(order)]
    parent = list(range(len(sorted_ids)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    checked: set[tuple[int, int]] = set()
    cutoff = config.cutoff
    rows = config.rows
    rng = np.random.default_rng(config.seed + 1)
    mix = rng.integers(1, 1 << 63, size=rows, dtype=np.uint64) | np.uint64(1)
    for band in range(config.bands):
        block = sig[:, band * rows : (band + 1) * rows].astype(np.uint64)
        keys = (block * mix[None, :]).sum(axis=1, dtype=np.uint64)
        by_key = np.argsort(keys, kind="stable")
        ordered = keys[by_key]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        ends = np.r_[starts[1:], len(ordered)]
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            if end - start < 2:
                continue
            members = sorted(by_key[start:end].tolist())
            for j, right in enumerate(members[1:], 1):
                for left in members[: min(j, _BUCKET_PAIRS)]:
                    if (left, right) in checked:
                        continue
                    checked.add((left, right))
                    if find(left) == find(right):
                        continue
                    if jaccard(sig[left], sig[right]) >= cutoff:
                        a, b = find(left), find(right)
                        parent[max(a, b)] = min(a, b)
    found: dict[str, tuple[str, float]] = {}
    for i in range(len(sorted_ids)):
        root = find(i)
        if root != i:
            found[sorted_ids[i]] = (sorted_ids[root], jaccard(sig[i], sig[root]))
    return found
