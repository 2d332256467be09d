"""`network.averaged`: networks from several seeds merged into one whose logits are their mean."""

from __future__ import annotations

import numpy as np
import pytest

from threadsift.decomposers.network import Network, averaged


def _network(rng: np.random.Generator, mean: np.ndarray, scale: np.ndarray) -> Network:
    return Network(
        mean, scale, rng.normal(size=(4, 6)), rng.normal(size=6), rng.normal(size=(6, 3)),
        rng.normal(size=3),
    )  # fmt: skip


def test_the_merged_network_gives_the_softmax_of_the_members_mean_logits() -> None:
    rng = np.random.default_rng(0)
    mean, scale = rng.normal(size=4), rng.uniform(0.5, 2.0, size=4)
    members = [_network(rng, mean, scale) for _ in range(3)]
    x = rng.normal(size=(5, 4))

    merged = averaged(members, dtype=np.float64)

    logits = np.mean([m(x) for m in members], axis=0)  # log-softmax differs by a row constant
    expected = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    np.testing.assert_allclose(merged(x), expected, atol=1e-9)
    assert merged.w1.shape == (4, 18)
    assert averaged(members).w2.dtype == np.float32


def test_networks_that_standardise_differently_are_not_averaged() -> None:
    rng = np.random.default_rng(1)
    mean, scale = rng.normal(size=4), np.ones(4)
    with pytest.raises(ValueError, match="same standardised inputs"):
        averaged([_network(rng, mean, scale), _network(rng, mean + 1.0, scale)])
    with pytest.raises(ValueError, match="no networks"):
        averaged([])
