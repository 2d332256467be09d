"""`devtools.scoring.site_interval`: the paired bootstrap by site that `--cv` reports."""

from __future__ import annotations

import pytest

from devtools.scoring import Counts, site_interval


def spans(matched: int, gold: int = 10) -> Counts:
    """A site's counts with `matched` of `gold` comment spans found and no false ones."""
    return Counts(spans_gold=gold, spans_pred=gold, spans_matched=matched)


def test_the_difference_is_the_metric_of_the_summed_counts() -> None:
    pairs = {"a": (spans(5), spans(7)), "b": (spans(5), spans(5))}
    difference, low, high = site_interval(pairs, "span_f1", rounds=200)
    assert difference == pytest.approx(12 / 20 - 10 / 20)
    assert low <= difference <= high


def test_a_change_on_every_site_alike_has_no_spread() -> None:
    pairs = {name: (spans(4), spans(6)) for name in "abcdef"}
    assert site_interval(pairs, "span_f1", rounds=100) == pytest.approx((0.2, 0.2, 0.2))


def test_a_change_on_one_site_of_many_is_within_noise() -> None:
    pairs = {name: (spans(5), spans(5)) for name in "abcdefghijklmnopqrst"}
    pairs["a"] = (spans(0), spans(10))
    difference, low, high = site_interval(pairs, "span_f1", rounds=500)
    assert difference > 0
    assert low <= 0 < high  # resampling the sites can leave the one that moved out


def test_the_same_seed_gives_the_same_interval() -> None:
    pairs = {name: (spans(i % 7), spans(i % 5)) for i, name in enumerate("abcdefgh")}
    assert site_interval(pairs, "span_f1", seed=3) == site_interval(pairs, "span_f1", seed=3)


def test_no_sites_is_refused() -> None:
    with pytest.raises(ValueError, match="no sites"):
        site_interval({}, "span_f1")
