"""The annotators `split` and `run` apply by default: language, toxicity and quality."""

from __future__ import annotations

from threadsift.annotators.base import Annotator


def standard_annotators(*, fast_toxicity: bool = False) -> list[Annotator]:
    """Fresh language, toxicity and quality annotators (their models load on first use);
    `fast_toxicity` scores toxicity with the n-gram head alone."""
    from threadsift.annotators.language import LanguageAnnotator
    from threadsift.annotators.quality import QualityAnnotator
    from threadsift.annotators.toxicity import ToxicityAnnotator

    return [LanguageAnnotator(), ToxicityAnnotator(fast=fast_toxicity), QualityAnnotator()]
