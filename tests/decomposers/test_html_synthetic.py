"""Quality gate of the HTML decomposer on whole synthetic pages with comment threads.

`tests/data/synthetic/html-holdout/` holds 40 pages written after the markup of 18 comment-system
variants (some of them, and most phrasings, absent from the tune split) with site chrome around
the article, never used for tuning (see its README). Where `test_html.py` checks each markup on a
small page, this pins per-comment and article floors on full pages, a little below the scores
reached when pinned (`python -m bench.score_html tests/data/synthetic/html-holdout`), and a hash
of the pages so that the set cannot drift silently.
"""

from __future__ import annotations

import hashlib
import statistics
from pathlib import Path

import pytest

from devtools.comments import (
    CommentCounts,
    gold_article,
    gold_comments,
    match_comments,
    token_f1,
)
from devtools.scoring import load_cases
from threadsift.decomposers.html import HtmlDecomposer
from threadsift.page import Page

pytest.importorskip("resiliparse")
pytestmark = pytest.mark.quality

PAGES = Path(__file__).resolve().parents[1] / "data" / "synthetic" / "html-holdout"
PAGES_SHA256 = "ed8c34f92255d8d72509f992f98eafb9cc261f2d84aa43ddee65cebbab669a0f"
# Scores when pinned: match 0.937, text 0.900, author 0.953, depth 0.796, article 0.912.
# The article came from the plain-text rules (0.979) until the learned article (article_model),
# which real pages score higher (bench/score_article.py, held-out sites: Dragnet token F1 0.912
# against 0.832, snippet F1 0.913 against 0.864) but which keeps bylines and dates as Dragnet's
# gold does, where this set's gold leaves them out.
FLOORS = {"match": 0.92, "text": 0.88, "author": 0.93, "depth": 0.77, "article": 0.89}


def html_sha256() -> str:
    digest = hashlib.sha256()
    for path in sorted(PAGES.iterdir()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def scores() -> dict[str, float]:
    decomposer = HtmlDecomposer()
    total = CommentCounts()
    article = []
    for case in load_cases(PAGES):
        html = (PAGES / case.name.replace(".txt", ".html")).read_text(encoding="utf-8")
        page = Page(id=case.name, text="", html=html)
        decomposer.decompose(page)
        total.add(match_comments(gold_comments(case.text, case.gold), page.comments))
        article.append(token_f1(page.article, gold_article(case)))
    assert len(article) == 40
    return {
        "match": total.f1(total.matched),
        "text": total.f1(total.text),
        "author": total.f1(total.author),
        "depth": total.f1(total.depth),
        "article": statistics.mean(article),
    }


def test_pages_are_pinned() -> None:
    assert html_sha256() == PAGES_SHA256


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_floor(scores: dict[str, float], metric: str) -> None:
    assert scores[metric] >= FLOORS[metric], f"{metric} {scores[metric]:.3f}"
