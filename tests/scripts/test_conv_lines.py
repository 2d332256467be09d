"""`scripts/conv_lines.py`: the convolutional line network's hand-written backprop and training."""

from __future__ import annotations

import numpy as np

from devtools.scripts import load_script

conv = load_script("conv_lines")


def test_gradients_match_finite_differences() -> None:
    setting = conv.ConvSetting(hidden=5, channels=4, kernel=3, dilations=(1, 2))
    rng = np.random.default_rng(0)
    p = {k: v.astype(np.float64) for k, v in conv.initial(setting, 6, 3, rng).items()}
    for name in ("b1", "bc0", "bc1", "bo"):
        p[name] = rng.normal(size=p[name].shape) * 0.1
    taps = [conv.offsets(3, 1), conv.offsets(3, 2)]
    x, y, w = rng.normal(size=(20, 6)), rng.integers(0, 3, 20), rng.random(20)
    mask = np.ones((20, 1))
    mask[8:10] = 0.0  # a gap between two pages

    def loss() -> float:
        return float(conv.loss_and_gradients(p, taps, x, mask, y, w, 0.01)[0])

    _, gradients = conv.loss_and_gradients(p, taps, x, mask, y, w, 0.01)
    for name, values in p.items():
        flat = values.reshape(-1)
        numeric = np.zeros_like(flat)
        for i in range(flat.size):
            old = flat[i]
            flat[i] = old + 1e-6
            above = loss()
            flat[i] = old - 1e-6
            numeric[i] = (above - loss()) / 2e-6
            flat[i] = old
        assert np.allclose(numeric, gradients[name].reshape(-1), atol=1e-6), name


def test_training_is_exact_on_a_rerun_and_learns_from_the_neighbours() -> None:
    # The state of a line is whether the line above it is marked: a per-line model cannot know.
    rng = np.random.default_rng(1)
    pages = []
    for _ in range(40):
        x = (rng.random((30, 3)) < 0.5).astype(np.float32)
        y = np.concatenate([[0], x[:-1, 0]]).astype(np.int64)
        pages.append((x, y, np.ones(30, np.float32)))
    setting = conv.ConvSetting(hidden=8, channels=8, kernel=3, epochs=30, rows=200)
    first = conv.train_conv(pages, setting, 2)
    again = conv.train_conv(pages, setting, 2)
    assert all(first.p[k].tobytes() == again.p[k].tobytes() for k in first.p)
    x, y, _ = pages[0]
    assert (first(x).argmax(axis=1) == y).mean() > 0.9
