"""Toxicity of every comment: a score in [0, 1], a label at a threshold, and a category.

The bundled model is threadsift's own (`threadsift/models/toxicity.npz`, see MODEL_CARD.md there),
trained by `scripts/train_toxicity.py` on public labelled sets in ten languages and stored as numpy
arrays, loaded on first use (no scikit-learn). It has two variants, each fusing two
logistic-regression heads:
- the accurate one, the default: hashed character n-grams and the multilingual sentence
  embeddings of `annotators.encoder`, which carry what was learned in one language or source
  over to others;
- the fast one (`accurate=False`, `--fast-toxicity`): the n-grams and one score per
  sentencepiece piece of that encoder, about 18 times as fast and weaker on new sources. A
  model file may give it its own n-gram head (`fast_weights`: `scripts/train_toxicity.py
  --ship-student` distils one from the accurate variant); the bundled one shares the n-grams.
`ToxicityAnnotator(model_path=...)` instead runs a transformer classifier the user has on disk (a
Detoxify-style multi-label model, or any binary toxic/non-toxic one) through
`transformers.pipeline`; that needs `transformers` and a backend such as torch.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from threadsift.annotators.base import Annotator
from threadsift.annotators.encoder import segment_means, shared_encoder, shared_pieces
from threadsift.budget import DEFAULT_BUDGET
from threadsift.errors import ConfigError, require
from threadsift.page import Page

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

CATEGORIES = ("insult", "threat", "identity_hate", "obscene")
MIN_CATEGORY = 0.25  # a toxic comment gets no category when no head reaches this
# Label names of transformer classifiers, mapped to threadsift's names.
_TOXIC_LABELS = frozenset({"toxic", "toxicity", "offensive", "hate", "hateful", "abusive"})
_CATEGORY_LABELS = {
    "insult": "insult",
    "threat": "threat",
    "obscene": "obscene",
    "identity_attack": "identity_hate",
    "identity_hate": "identity_hate",
}


@dataclass(frozen=True, slots=True)
class ToxicityScore:
    """The toxicity of one text."""

    score: float
    toxic: bool
    category: str | None


class ToxicityModel(Protocol):
    """What the annotator needs of a model: scores for a batch of texts."""

    threshold: float

    def score(self, texts: list[str]) -> list[ToxicityScore]:
        """Score `texts`, in order."""
        ...


class LinearToxicityModel:
    """threadsift's bundled model (or another `.npz` written by scripts/train_toxicity.py).

    Args:
        path: the `.npz` file (default: the bundled one).
        threshold: the score from which a text is toxic (default: the variant's own).
        accurate: the accurate variant (n-grams and the sentence encoder); False: the fast one
            (n-grams and piece scores; its own n-gram head when the file has one).
    """

    def __init__(
        self, path: Path | None = None, *, threshold: float | None = None, accurate: bool = True
    ) -> None:
        import numpy as np

        fast = not accurate
        source = path or resources.files("threadsift.models") / "toxicity.npz"
        try:
            with resources.as_file(source) as file, np.load(file, allow_pickle=False) as npz:
                # The fast variant has its own (distilled) n-gram head; older files share one.
                own = fast and "fast_weights" in npz.files
                self.weights = npz["fast_weights" if own else "weights"].astype(np.float32)
                self.bias = float(npz["fast_bias" if own else "bias"])
                self.bits = int(npz["bits"])
                # The second head: one vector (encoder) or one score per piece (fast).
                second = "piece_scores" if fast else "encoder_weights"
                self.second: npt.NDArray[np.float32] | None = None
                if second in npz.files:
                    self.second = npz[second].astype(np.float32)
                    self.second_bias = float(npz["piece_bias" if fast else "encoder_bias"])
                    self.fusion = [float(f) for f in npz["fast_fusion" if fast else "fusion"]]
                self.category_weights = npz["category_weights"].astype(np.float32)
                self.category_bias = [float(b) for b in npz["category_bias"]]
                self.category_bits = int(npz["category_bits"])
                self.categories = [str(c) for c in npz["categories"]]
                # Top category: argmax of p / sqrt(prior), so rare ones (threat) can win.
                self.category_scale = 1.0 / np.sqrt(npz["category_prior"])
                key = "fast_threshold" if fast and "fast_threshold" in npz.files else "threshold"
                model_threshold = float(npz[key])
        except (OSError, KeyError, ValueError) as error:
            raise ConfigError(f"cannot load toxicity model {source}: {error}") from error
        self.threshold = model_threshold if threshold is None else threshold
        self.fast = fast

    def score(self, texts: list[str]) -> list[ToxicityScore]:
        """Score `texts`; categories are computed for the toxic ones only."""
        import numpy as np

        from threadsift.annotators.hashing import clean, distinct, linear_scores, occurrences

        count = len(texts)
        text_index, buckets = occurrences(texts, self.bits)
        logits = linear_scores(
            *distinct(text_index, buckets, self.bits, count), self.weights, self.bias
        )
        if self.second is not None:
            second = self._second_logits([clean(text) for text in texts], self.second)
            logits = self.fusion[0] * logits + self.fusion[1] * second + self.fusion[2]
        probs = logistic(logits)
        toxic = probs >= self.threshold
        categories: list[str | None] = [None] * count
        if toxic.any():
            # Category heads: the toxic texts only, buckets folded to the heads' size.
            keep = toxic[text_index]
            shift = self.bits - self.category_bits
            features = distinct(text_index[keep], buckets[keep] >> shift, self.category_bits, count)
            heads = np.stack(
                [
                    linear_scores(*features, w, b)
                    for w, b in zip(self.category_weights, self.category_bias, strict=True)
                ],
                axis=1,
            )
            cat_probs = logistic(heads)
            ranked = cat_probs * self.category_scale
            for i in np.flatnonzero(toxic).tolist():
                best = int(ranked[i].argmax())
                if cat_probs[i, best] >= MIN_CATEGORY:
                    categories[i] = self.categories[best]
        return [
            ToxicityScore(round(float(p), 4), bool(t), c)
            for p, t, c in zip(probs, toxic, categories, strict=True)
        ]

    def _second_logits(
        self, texts: list[str], weights: npt.NDArray[np.float32]
    ) -> npt.NDArray[np.float64]:
        """The second head: the encoder's logits, or the mean score of the pieces (fast)."""
        import numpy as np

        if self.fast:
            ids, lengths = shared_pieces().flat(texts)
            means = segment_means(weights[ids].astype(np.float64), lengths)
            return means + self.second_bias
        logits = shared_encoder().encode(texts) @ weights + self.second_bias
        return np.asarray(logits, dtype=np.float64)


class TransformerToxicityModel:
    """A local transformer text classifier, run with `transformers.pipeline` (CPU by default)."""

    def __init__(
        self, path: str | Path, *, threshold: float = 0.5, batch_size: int = 32, device: int = -1
    ) -> None:
        if not Path(path).exists():
            raise ConfigError(f"toxicity model path not found: {path}", option="--model")
        pipeline = require(
            "transformers",
            needed_for="a transformer toxicity model",
            hint="pip install transformers torch",
        ).pipeline
        self.threshold = threshold
        self.batch_size = batch_size
        self._pipe: Any = pipeline(
            "text-classification", model=str(path), top_k=None, device=device
        )

    def score(self, texts: list[str]) -> list[ToxicityScore]:
        """Score `texts` with the classifier; labels are mapped to threadsift's names."""
        out = []
        results = self._pipe(texts, batch_size=self.batch_size, truncation=True)
        for labels in results:
            found = {str(item["label"]).lower(): float(item["score"]) for item in labels}
            score = max((v for k, v in found.items() if k in _TOXIC_LABELS), default=None)
            if score is None:  # a binary model with unnamed labels: LABEL_1 is the toxic one
                score = found.get("label_1", 0.0)
            toxic = score >= self.threshold
            cats = {_CATEGORY_LABELS[k]: v for k, v in found.items() if k in _CATEGORY_LABELS}
            category = max(cats, key=cats.__getitem__) if toxic and cats else None
            if category is not None and cats[category] < MIN_CATEGORY:
                category = None
            out.append(ToxicityScore(round(score, 4), toxic, category))
        return out


class ToxicityAnnotator(Annotator):
    """Set `toxicity`, `toxic` and `toxicity_category` on every comment.

    Args:
        model_path: a local transformer classifier directory to use instead of the bundled model.
        threshold: the score from which a comment is `toxic` (default: the model's own, 0.5
            for a transformer).
        accurate: the bundled model's accurate variant (the sentence encoder); False: the fast
            one (piece scores instead, about 18 times as fast, weaker on new sources).
        batch_size: pages per batch.
    """

    name = "toxicity"

    def __init__(
        self,
        *,
        model_path: str | Path | None = None,
        threshold: float | None = None,
        accurate: bool = True,
        batch_size: int = 64,
        max_chars: int = DEFAULT_BUDGET.annotate_chars,
    ) -> None:
        super().__init__(batch_size=batch_size, max_chars=max_chars)
        self.model_path = model_path
        self.threshold = threshold
        self.accurate = accurate
        self._model: ToxicityModel | None = None

    @property
    def model(self) -> ToxicityModel:
        """The model, loaded on first use."""
        if self._model is None:
            if self.model_path is None:
                self._model = LinearToxicityModel(threshold=self.threshold, accurate=self.accurate)
            else:
                threshold = 0.5 if self.threshold is None else self.threshold
                self._model = TransformerToxicityModel(self.model_path, threshold=threshold)
        return self._model

    def score_batch(self, texts: list[str]) -> list[ToxicityScore]:
        """Score many texts at once."""
        return self.model.score(texts) if texts else []

    def annotate_batch(self, pages: list[Page]) -> None:
        """Score every comment of `pages` in one batch."""
        comments = [comment for page in pages for comment in page.comments]
        for comment, result in zip(
            comments, self.score_batch([self.clip(c.text) for c in comments]), strict=True
        ):
            comment.toxicity = result.score
            comment.toxic = result.toxic
            comment.toxicity_category = result.category

    def annotate(self, page: Page) -> None:
        """Score the comments of one page."""
        self.annotate_batch([page])


def logistic(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """The logistic function."""
    import numpy as np

    result: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-x))
    return result
