"""`scripts/train_article.py`: the networks of several seeds shipped as one."""

from __future__ import annotations

import numpy as np

from devtools.scripts import load_script
from threadsift.decomposers.network import Network

train_article = load_script("train_article")
Setting, _network = train_article.Setting, train_article._network


def _logits(network: Network, x: np.ndarray) -> np.ndarray:
    log_probs = network(x)
    return log_probs[:, 1] - log_probs[:, 0]


def test_members_are_one_network_whose_logit_is_their_mean() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, 5)).astype(np.float32)
    y = (x[:, 0] + 0.5 * x[:, 1] > 0).astype(np.int64)
    w = np.ones(len(y))
    small = {"hidden": 4, "epochs": 5}
    merged = _network(x, y, w, Setting(**small, members=2, seed=11))
    first = _network(x, y, w, Setting(**small, members=1, seed=11))
    second = _network(x, y, w, Setting(**small, members=1, seed=12))
    assert merged.w1.shape == (5, 8)
    mean = (_logits(first, x) + _logits(second, x)) / 2
    assert np.allclose(_logits(merged, x), mean, atol=1e-4)
    assert not np.allclose(_logits(first, x), _logits(second, x), atol=1e-2)
