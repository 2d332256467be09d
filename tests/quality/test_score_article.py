"""The article metrics of `bench/score_article.py` on hand-written texts."""

from __future__ import annotations

import pytest

from bench.score_article import SnippetCounts, snippet_counts, token_prf


def test_token_prf_counts_repeated_tokens_once_each() -> None:
    # pred: the x2, cat, sat, down (5 tokens); gold: the x2, cat, sat, on, mat (6 tokens)
    precision, recall, f1 = token_prf("The cat sat the\n down", "the cat sat on the mat")
    assert precision == pytest.approx(4 / 5)
    assert recall == pytest.approx(4 / 6)
    assert f1 == pytest.approx(2 * (4 / 5) * (4 / 6) / (4 / 5 + 4 / 6))


def test_token_prf_words_are_unicode_and_case_folded() -> None:
    assert token_prf("Über GRÜN, café!", "über grün café") == (1.0, 1.0, 1.0)


def test_token_prf_empty_texts() -> None:
    assert token_prf("", "an article") == (0.0, 0.0, 0.0)
    assert token_prf("  ...  ", "an article") == (0.0, 0.0, 0.0)
    assert token_prf("no overlap", "an article") == (0.0, 0.0, 0.0)
    assert token_prf("", "") == (1.0, 1.0, 1.0)


def test_snippet_counts_whitespace_normalised() -> None:
    extraction = "First   paragraph of\nthe story.\n\nSecond one.\nShare this"
    counts = snippet_counts(
        extraction,
        ["paragraph of the story.", "Second one.", "a missing sentence"],
        ["Share this", "Related:  more", "  "],
    )
    assert counts == SnippetCounts(tp=2, fn=1, fp=1, tn=1)
    assert counts.precision == pytest.approx(2 / 3)
    assert counts.recall == pytest.approx(2 / 3)
    assert counts.f1 == pytest.approx(2 / 3)
    assert counts.accuracy == pytest.approx(3 / 5)


def test_snippet_counts_empty_extraction_and_micro_sum() -> None:
    total = snippet_counts("", ["kept"], ["dropped"])
    assert total == SnippetCounts(tp=0, fn=1, fp=0, tn=1)
    total.add(snippet_counts("kept", ["kept"], []))
    assert total == SnippetCounts(tp=1, fn=1, fp=0, tn=1)
    assert (total.precision, total.recall, total.accuracy) == (1.0, 0.5, 2 / 3)
