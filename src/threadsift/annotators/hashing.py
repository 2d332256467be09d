"""Hashed character n-gram features, computed for a whole batch of texts at once with numpy.

A text is normalised (lower case, URLs and @mentions dropped, letters repeated more than twice cut
to two, white space squeezed, one space added at each end), then every character n-gram of the
lengths in `NGRAMS` is hashed into one of 2**bits buckets. The feature vector of a text is binary
(which buckets occur), L2-normalised: 1/sqrt(k) in each of its k buckets, so a linear model's
score is `bias + sum(weights[bucket]) / sqrt(k)`, which `linear_scores` computes without building
a matrix. Training (scripts/train_toxicity.py) builds the same features as a sparse matrix from
`hashed`. (Binary L2 features beat raw, log and mean-pooled counts on every held-out set.)
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

NGRAMS = (1, 2, 3, 4, 5)
MAX_CHARS = 2000  # longer texts are scored on their first 2,000 characters
_NOISE = re.compile(r"https?://\S+|www\.\S+|(?<!\w)@\w+|&\w+;|\[id\d+\|[^\]]*\]")
_REPEAT = re.compile(r"(.)\1{2,}")
_SEEDS = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5)
_PRIME = 0x100000001B3


def clean(text: str) -> str:
    """`text` without URLs, @mentions, entities and reply tags, letter runs cut to two, white
    space squeezed, cut to `MAX_CHARS` (case kept)."""
    text = _REPEAT.sub(r"\1\1", _NOISE.sub(" ", text[: MAX_CHARS * 2]))
    return " ".join(text.split())[:MAX_CHARS]


def ngram_text(text: str) -> str:
    """The form of a text whose character n-grams are hashed: see the module docstring."""
    return " " + clean(text.lower()) + " "


def hashed(
    texts: list[str], bits: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """The distinct (text index, bucket) pairs of `texts`, and the number of buckets per text."""
    text_index, buckets = occurrences(texts, bits)
    return distinct(text_index, buckets, bits, len(texts))


def distinct(
    text_index: npt.NDArray[np.int64], buckets: npt.NDArray[np.int64], bits: int, count: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """The distinct pairs among n-gram occurrences, and the number of buckets per text."""
    import numpy as np

    keys = np.sort((text_index << bits) | buckets)  # np.unique's hash path is far slower here
    if len(keys):
        keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
    text_index = keys >> bits
    buckets = keys & ((1 << bits) - 1)
    counts = np.bincount(text_index, minlength=count).astype(np.float64)
    return text_index, buckets, counts


def occurrences(texts: list[str], bits: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """For every n-gram occurrence of every text: its text index and bucket."""
    import numpy as np

    normal = [ngram_text(t) for t in texts]
    lengths = np.fromiter((len(t) for t in normal), dtype=np.int64, count=len(normal))
    # One code-point array for the batch; NUL separates texts and no n-gram may span one.
    joined = "\x00".join(normal).encode("utf-32-le")
    chars = np.frombuffer(joined, dtype=np.uint32).astype(np.uint64)
    owner = np.repeat(np.arange(len(normal), dtype=np.int64), lengths + 1)[: len(chars)]
    breaks = np.concatenate(([0], np.cumsum(chars == 0)))
    size = len(chars)
    prime = np.uint64(_PRIME)
    shift = np.uint64(64 - bits)
    text_parts: list[npt.NDArray[np.int64]] = []
    bucket_parts: list[npt.NDArray[np.int64]] = []
    rolling = np.zeros(size, dtype=np.uint64)
    for n in range(1, max(NGRAMS) + 1):
        span = size - n + 1
        if span <= 0:
            break
        rolling = rolling[:span] * prime + chars[n - 1 :] + np.uint64(1)
        if n not in NGRAMS:
            continue
        valid = (breaks[n : n + span] - breaks[:span]) == 0
        mixed = (rolling[valid] ^ np.uint64(_SEEDS[n % len(_SEEDS)])) * np.uint64(_SEEDS[0])
        mixed ^= mixed >> np.uint64(29)
        mixed *= np.uint64(_SEEDS[1])
        bucket_parts.append((mixed >> shift).astype(np.int64))
        text_parts.append(owner[:span][valid])
    text_index = np.concatenate(text_parts) if text_parts else np.zeros(0, dtype=np.int64)
    buckets = np.concatenate(bucket_parts) if bucket_parts else np.zeros(0, dtype=np.int64)
    return text_index, buckets


def linear_scores(
    text_index: npt.NDArray[np.int64],
    buckets: npt.NDArray[np.int64],
    counts: npt.NDArray[np.float64],
    weights: npt.NDArray[np.float32],
    bias: float,
) -> npt.NDArray[np.float64]:
    """Logits of a linear model over the features `distinct` gave (one per text)."""
    import numpy as np

    total = np.bincount(text_index, weights=weights[buckets], minlength=len(counts))
    result: npt.NDArray[np.float64] = total / np.sqrt(np.maximum(counts, 1.0)) + bias
    return result
