"""A line network that learns its context: 1-D convolutions over the lines (tried, not shipped).

Each line's features go through a ReLU projection; then each convolution layer reads the units of
the lines around (`kernel` rows, `dilation` apart; zeros past the page's ends) into ReLU units of
its own; the states' log-probabilities come from the units of every layer. Inference stacks
shifted copies of a layer's units (one product per layer, no loop over lines). Training is a
hand-written numpy backprop with Adam over batches of whole pages (a gap of zero rows between
them), fixed seeds and one BLAS thread, so a rerun gives the same weights. `train_lines.py`
cross-validates it against the shipped network (`Setting.conv`); the model card has the figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Adam's moment decays and its guard against division by zero.
ADAM_BETAS, ADAM_EPS = (0.9, 0.999), 1e-8

Params = dict[str, np.ndarray]
Page = tuple[np.ndarray, np.ndarray, np.ndarray]  # features, states, weights


@dataclass(frozen=True, slots=True)
class ConvSetting:
    """The shape and training of a convolutional line network."""

    hidden: int = 64
    channels: int = 64
    kernel: int = 7
    dilations: tuple[int, ...] = (1,)  # one convolution layer each
    epochs: int = 8
    rows: int = 2048  # lines per training batch
    learning_rate: float = 2e-3
    alpha: float = 1e-4  # L2 penalty on the weights
    seed: int = 20261204


def shift(h: np.ndarray, offset: int) -> np.ndarray:
    """`h` moved so that row i holds row i + offset (zeros past the ends)."""
    if offset == 0:
        return h
    out = np.zeros_like(h)
    if offset > 0:
        out[:-offset] = h[offset:]
    else:
        out[-offset:] = h[:offset]
    return out


def offsets(kernel: int, dilation: int) -> list[int]:
    """The row offsets a convolution layer reads, centred on the line."""
    return [(k - kernel // 2) * dilation for k in range(kernel)]


def _forward(
    p: Params, taps: list[list[int]], x: np.ndarray, mask: np.ndarray
) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray]:
    """Every layer's units, the stacked inputs of each convolution, the output logits; `mask`
    zeroes the gap rows between pages so that each page sees zeros past its ends."""
    h = np.maximum(x @ p["w1"] + p["b1"], 0.0) * mask
    units, stacks = [h], []
    for k, layer in enumerate(taps):
        stacked = np.hstack([shift(h, o) for o in layer])
        h = np.maximum(stacked @ p[f"wc{k}"] + p[f"bc{k}"], 0.0) * mask
        stacks.append(stacked)
        units.append(h)
    return units, stacks, np.hstack(units) @ p["wo"] + p["bo"]


def loss_and_gradients(
    p: Params,
    taps: list[list[int]],
    x: np.ndarray,
    mask: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    alpha: float,
) -> tuple[float, Params]:
    """The weighted cross-entropy (plus the L2 penalty) of standardised rows `x` and its
    gradient for every parameter."""
    units, stacks, logits = _forward(p, taps, x, mask)
    logits = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    total = exp.sum(axis=1, keepdims=True)
    rows = np.arange(len(y))
    loss = float(-(w * (logits[rows, y] - np.log(total[:, 0]))).sum())
    d_logits = exp / total * w[:, None]
    d_logits[rows, y] -= w
    z = np.hstack(units)
    g = {"wo": z.T @ d_logits, "bo": d_logits.sum(axis=0)}
    d_units = np.split(d_logits @ p["wo"].T, np.cumsum([u.shape[1] for u in units])[:-1], axis=1)
    d_h = d_units[-1]
    for k in range(len(taps) - 1, -1, -1):
        d_pre = d_h * (units[k + 1] > 0)
        g[f"wc{k}"] = stacks[k].T @ d_pre
        g[f"bc{k}"] = d_pre.sum(axis=0)
        d_stacked = d_pre @ p[f"wc{k}"].T
        width = units[k].shape[1]
        d_h = d_units[k].copy()
        for j, o in enumerate(taps[k]):
            d_h += shift(d_stacked[:, j * width : (j + 1) * width], -o)
    d_pre = d_h * (units[0] > 0)
    g["w1"] = x.T @ d_pre
    g["b1"] = d_pre.sum(axis=0)
    for name in g:
        if name.startswith("w"):
            loss += 0.5 * alpha * float((p[name] ** 2).sum())
            g[name] += alpha * p[name]
    return loss, g


def initial(setting: ConvSetting, inputs: int, states: int, rng: np.random.Generator) -> Params:
    """Glorot-uniform weights and zero biases."""

    def glorot(fan_in: int, fan_out: int) -> np.ndarray:
        bound = np.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-bound, bound, (fan_in, fan_out)).astype(np.float32)

    p = {"w1": glorot(inputs, setting.hidden), "b1": np.zeros(setting.hidden, np.float32)}
    width = setting.hidden
    for k in range(len(setting.dilations)):
        p[f"wc{k}"] = glorot(setting.kernel * width, setting.channels)
        p[f"bc{k}"] = np.zeros(setting.channels, np.float32)
        width = setting.channels
    p["wo"] = glorot(setting.hidden + len(setting.dilations) * setting.channels, states)
    p["bo"] = np.zeros(states, np.float32)
    return p


class ConvNetwork:
    """A trained convolutional line network: raw feature rows of one page in, log-probabilities
    of the states out."""

    def __init__(self, p: Params, setting: ConvSetting, mean: np.ndarray, scale: np.ndarray):
        self.p = p
        self.taps = [offsets(setting.kernel, d) for d in setting.dilations]
        self.mean, self.scale = mean, scale

    def __call__(self, x: np.ndarray) -> np.ndarray:
        mask = np.ones((len(x), 1), np.float32)
        logits = _forward(self.p, self.taps, (x - self.mean) / self.scale, mask)[2]
        logits -= logits.max(axis=1, keepdims=True)
        log_probs: np.ndarray = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        return log_probs


def train_conv(pages: list[Page], setting: ConvSetting, states: int) -> ConvNetwork:
    """Train on whole pages (lines of weight 0 are read as context, not learned from)."""
    from threadpoolctl import threadpool_limits

    rng = np.random.default_rng(setting.seed)
    every = np.vstack([x for x, _, _ in pages])
    mean = every.mean(axis=0).astype(np.float32)
    scale = every.std(axis=0)
    scale[scale < 1e-6] = 1.0
    scale = scale.astype(np.float32)
    mean_weight = float(np.concatenate([w for _, _, w in pages]).mean())
    taps = [offsets(setting.kernel, d) for d in setting.dilations]
    gap = max(abs(o) for layer in taps for o in layer)
    p = initial(setting, every.shape[1], states, rng)
    del every
    moments = {k: np.zeros_like(v) for k, v in p.items()}
    squares = {k: np.zeros_like(v) for k, v in p.items()}
    steps = 0

    def step(batch: list[int]) -> None:
        nonlocal steps
        xs, ys, ws, ms = [], [], [], []
        for i in batch:
            x, y, w = pages[i]
            xs += [(x - mean) / scale, np.zeros((gap, x.shape[1]), np.float32)]
            ys += [y, np.zeros(gap, np.int64)]
            ws += [w / mean_weight, np.zeros(gap, np.float32)]
            ms += [np.ones(len(y), np.float32), np.zeros(gap, np.float32)]
        mask = np.concatenate(ms)[:, None]
        w = np.concatenate(ws).astype(np.float32) / float(mask.sum())
        x = np.vstack(xs).astype(np.float32)
        _, g = loss_and_gradients(p, taps, x, mask, np.concatenate(ys), w, setting.alpha)
        steps += 1
        b1, b2 = ADAM_BETAS
        for k in p:
            moments[k] = b1 * moments[k] + (1 - b1) * g[k]
            squares[k] = b2 * squares[k] + (1 - b2) * g[k] * g[k]
            update = (moments[k] / (1 - b1**steps)) / (
                np.sqrt(squares[k] / (1 - b2**steps)) + ADAM_EPS
            )
            p[k] -= (setting.learning_rate * update).astype(np.float32)

    with threadpool_limits(1):
        for _ in range(setting.epochs):
            batch: list[int] = []
            rows = 0
            for i in rng.permutation(len(pages)):
                batch.append(int(i))
                rows += len(pages[i][1])
                if rows >= setting.rows:
                    step(batch)
                    batch, rows = [], 0
            if batch:
                step(batch)
    return ConvNetwork(p, setting, mean, scale)
