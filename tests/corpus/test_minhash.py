"""MinHash signatures estimate Jaccard similarity; LSH clusters are keyed by page id."""

from __future__ import annotations

import random

import numpy as np

from devtools.corpus import article
from threadsift.config import MinhashConfig
from threadsift.corpus.minhash import Signer, jaccard, near_duplicates


def true_jaccard(signer: Signer, a: str, b: str) -> float:
    left, right = set(signer.shingles(a)), set(signer.shingles(b))
    return len(left & right) / len(left | right)


def mutate(rng: random.Random, text: str, changes: int) -> str:
    words = text.split(" ")
    for i in rng.sample(range(len(words)), changes):
        words[i] = f"x{i}"
    return " ".join(words)


def test_signature_estimates_jaccard() -> None:
    rng = random.Random(3)
    signer = Signer(MinhashConfig(permutations=256, bands=32))
    for changes in (0, 2, 5, 10):
        text = " ".join(article(rng, 6))
        other = mutate(rng, text, changes)
        a, b = signer.signature(text), signer.signature(other)
        assert a is not None and b is not None
        assert abs(jaccard(a, b) - true_jaccard(signer, text, other)) < 0.1


def test_short_texts_have_no_signature() -> None:
    assert Signer(MinhashConfig(min_words=20)).signature("too short to compare") is None


def test_near_duplicates_cluster_by_id_in_any_order() -> None:
    rng = random.Random(5)
    config = MinhashConfig()
    signer = Signer(config)
    base = [" ".join(article(rng, 5)) for _ in range(20)]
    texts = {f"p{i:02d}": text for i, text in enumerate(base)}
    texts["z-near-3"] = mutate(rng, base[3], 2)
    texts["a-near-7"] = mutate(rng, base[7], 2)
    texts["c-far-9"] = mutate(rng, base[9], 60)
    ids = list(texts)
    matrix = np.vstack([signer.signature(texts[i]) for i in ids])
    found = near_duplicates(ids, matrix, config)
    assert {dup: kept for dup, (kept, _) in found.items()} == {
        "z-near-3": "p03",
        "p07": "a-near-7",  # the smaller id is kept
    }
    shuffled = ids[::-1]
    again = near_duplicates(
        shuffled, np.vstack([signer.signature(texts[i]) for i in shuffled]), config
    )
    assert again == found
    assert all(similarity >= config.cutoff for _, similarity in found.values())
