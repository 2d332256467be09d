"""The annotators `split` and `run` apply by default: language, toxicity and quality."""

from __future__ import annotations

from threadsift.annotators.base import Annotator
from threadsift.budget import DEFAULT_BUDGET, Budget


def standard_annotators(
    *, fast_toxicity: bool = False, budget: Budget = DEFAULT_BUDGET
) -> list[Annotator]:
    """Fresh language, toxicity and quality annotators (their models load on first use);
    `fast_toxicity` scores toxicity with the fast model (n-grams and piece scores) instead of the
    accurate one (sentence encoder); each reads at most the budget's `annotate_chars` of a
    text."""
    from threadsift.annotators.language import LanguageAnnotator
    from threadsift.annotators.quality import QualityAnnotator
    from threadsift.annotators.toxicity import ToxicityAnnotator

    chars = budget.annotate_chars
    return [
        LanguageAnnotator(max_chars=chars),
        ToxicityAnnotator(accurate=not fast_toxicity, max_chars=chars),
        QualityAnnotator(max_chars=chars),
    ]
