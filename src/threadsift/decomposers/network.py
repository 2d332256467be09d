"""The small networks the learned models share: a standardised ReLU layer and its outputs, read
from and written to named numpy arrays, run on one BLAS thread."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from threadsift.errors import ConfigError

_NETWORK_ARRAYS = ("mean", "scale", "w1", "b1", "w2", "b2")


@dataclass(slots=True)
class Network:
    """One stage: standardised inputs, a ReLU hidden layer, log-probabilities of the states."""

    mean: np.ndarray
    scale: np.ndarray
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray

    _w1: np.ndarray = field(init=False, repr=False)
    _b1: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # Standardising the inputs is folded into the first layer: one product per stage.
        self._w1 = (self.w1 / self.scale[:, None]).astype(np.float32)
        self._b1 = (self.b1 - (self.mean / self.scale) @ self.w1).astype(np.float32)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        hidden = np.maximum(x @ self._w1 + self._b1, 0.0)
        logits = hidden @ self.w2 + self.b2
        logits -= logits.max(axis=1, keepdims=True)
        log_probs: np.ndarray = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        return log_probs


def averaged(members: Sequence[Network], dtype: type = np.float32) -> Network:
    """One network whose logits are the mean of `members`' logits (networks trained from other
    seeds on the same standardised inputs): their hidden units side by side, in `dtype`.

    Raises:
        ValueError: no members, or members that standardise their inputs differently.
    """
    if not members:
        raise ValueError("no networks to average")
    first = members[0]
    if any(
        not (np.array_equal(m.mean, first.mean) and np.array_equal(m.scale, first.scale))
        for m in members
    ):
        raise ValueError("networks to average must read the same standardised inputs")
    arrays = (
        first.mean,
        first.scale,
        np.hstack([member.w1 for member in members]),
        np.concatenate([member.b1 for member in members]),
        np.vstack([member.w2 for member in members]) / len(members),
        np.mean([member.b2 for member in members], axis=0),
    )
    return Network(*(array.astype(dtype) for array in arrays))


@cache
def _blas_limit() -> Callable[..., AbstractContextManager[Any]]:
    from threadpoolctl import ThreadpoolController

    limit: Callable[..., AbstractContextManager[Any]] = ThreadpoolController().limit
    return limit


def one_blas_thread() -> AbstractContextManager[Any]:
    """Run the products of a page's small matrices on one BLAS thread: more threads only spin
    (a page's matrices are small, and a run's parallelism is its worker processes)."""
    return _blas_limit()(limits=1, user_api="blas")


def _read_arrays(path: str | None, shipped: str) -> dict[str, np.ndarray]:
    if path is None:
        with resources.files("threadsift.models").joinpath(shipped).open("rb") as handle:
            return dict(np.load(handle))
    return dict(np.load(path))


@contextmanager
def model_arrays(path: str | None, shipped: str, what: str) -> Iterator[dict[str, np.ndarray]]:
    """The named arrays of the model file at `path`, else of the one shipped as `shipped`; what
    goes wrong reading them (in the `with` block too: a missing array) is a `ConfigError`."""
    try:
        yield _read_arrays(path, shipped)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise ConfigError(f"cannot load the {what} model {path or shipped}: {error}") from error


def stages_of(data: dict[str, np.ndarray]) -> list[Network]:
    """The network stages stored in a model's arrays (`stage_arrays` wrote them)."""
    return [
        Network(*(data[f"stage{k}_{name}"] for name in _NETWORK_ARRAYS))
        for k in range(int(data["stages"]))
    ]


def stage_arrays(stages: list[Network]) -> dict[str, np.ndarray]:
    """Network stages as named arrays."""
    out = {"stages": np.array(len(stages))}
    for k, stage in enumerate(stages):
        out |= {f"stage{k}_{name}": getattr(stage, name) for name in _NETWORK_ARRAYS}
    return out
