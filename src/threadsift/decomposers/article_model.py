"""The learned article of an HTML page: which text blocks are the article.

The page's blocks (`html_blocks`) are scored by small networks (numpy only, the `Network` of
the line model): the first reads each block's features (`article_features`), each later one
also what the stage before said about the blocks around it and about its containers. Blocks
whose article probability reaches `THRESHOLD` make the article. The weights ship in
`models/article.npz`, made by `scripts/train_article.py` (see `models/ARTICLE_MODEL_CARD.md`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import numpy as np

from threadsift.decomposers.article_features import (
    Readings,
    features,
    stage_context,
    token_scores,
)
from threadsift.decomposers.html_blocks import Blocks, blocks_of
from threadsift.decomposers.network import (
    Network,
    model_arrays,
    one_blas_thread,
    stage_arrays,
    stages_of,
)

MODEL_FILE = "article.npz"
#: A block is article from this probability on (chosen by cross-validation over sites).
THRESHOLD = 0.5


@dataclass(slots=True)
class ArticleModel:
    """The token scorer and the stages of the article network."""

    stages: list[Network]
    tokens: tuple[np.ndarray, float] | None = None  # weights and bias of the hashed words
    _token_weights: tuple[float, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # As Python floats, once: `token_scores` reads a few of them per element. A tuple: the
        # garbage collector stops walking a tuple of numbers (it walks a list's 32,768 at every
        # full collection).
        self._token_weights = tuple(self.tokens[0].tolist()) if self.tokens is not None else ()

    @classmethod
    def load(cls, path: str | None = None) -> ArticleModel:
        """The model at `path`, else the one shipped with threadsift.

        Raises:
            ConfigError: the file is missing or is not an article model.
        """
        with model_arrays(path, MODEL_FILE, "article") as data:
            stages = stages_of(data)
            tokens = (
                (data["token_weights"], float(data["token_bias"]))
                if "token_weights" in data
                else None
            )
        return cls(stages, tokens)

    def arrays(self) -> dict[str, np.ndarray]:
        """The model as named arrays (what `load` reads)."""
        out = stage_arrays(self.stages)
        if self.tokens is not None:
            out["token_weights"], out["token_bias"] = self.tokens[0], np.array(self.tokens[1])
        return out

    def probabilities(self, page: Blocks, title: str | None, readings: Readings) -> np.ndarray:
        """The article probability of each block."""
        x = features(page, title, readings)
        if not len(x):
            return np.zeros(0, dtype=np.float32)
        if self.tokens is not None:
            scores = token_scores(page, self._token_weights, self.tokens[1])
            x = np.hstack([x, scores[:, None]])
        with one_blas_thread():
            probs: np.ndarray = np.exp(self.stages[0](x)[:, 1])
            for stage in self.stages[1:]:
                probs = np.exp(stage(np.hstack([x, stage_context(probs, page)]))[:, 1])
        return probs


@cache
def shipped_model() -> ArticleModel:
    """The model that ships with threadsift (loaded once per process)."""
    return ArticleModel.load()


def article_blocks(
    html: str, title: str | None, readings: Readings, model: ArticleModel | None = None
) -> list[tuple[str, bool]]:
    """The text blocks of a page in page order, each with whether it is article."""
    page = blocks_of(html)
    probs = (model or shipped_model()).probabilities(page, title, readings)
    kept = (probs >= THRESHOLD).tolist()
    return [(block.text, is_article) for block, is_article in zip(page.blocks, kept, strict=True)]
