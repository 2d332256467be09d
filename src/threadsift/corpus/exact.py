"""Exact duplicates of pages and of comments, by the hash of their normalised text.

Texts are compared case-folded with runs of whitespace collapsed. In a group of equal texts the
record with the smallest key (page id, then comment index) is kept and the others are its
duplicates: the decision depends on the ids only, never on the order or sharding of the inputs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import TypeVar

_SPACE = re.compile(r"\s+")

K = TypeVar("K", str, tuple[str, int])


def dedup_text_key(text: str) -> str:
    """Case-folded text with runs of whitespace as one space, stripped."""
    return _SPACE.sub(" ", text.casefold()).strip()


def text_hash(text: str) -> int:
    """A stable 63-bit hash of the normalised text (0 for text that normalises to nothing)."""
    key = dedup_text_key(text)
    if not key:
        return 0
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return (int.from_bytes(digest, "little") >> 1) or 1


def exact_groups(keys: Sequence[K], hashes: Sequence[int]) -> dict[K, K]:
    """Map each duplicate's key to the key kept in its group (the smallest key of equal hashes).

    Keys hashing to 0 (empty text) are never duplicates.
    """
    kept: dict[int, K] = {}
    for key, value in sorted(zip(keys, hashes, strict=True)):
        if value and value not in kept:
            kept[value] = key
    duplicates: dict[K, K] = {}
    for key, value in zip(keys, hashes, strict=True):
        if value and kept[value] != key:
            duplicates[key] = kept[value]
    return duplicates
