"""The two seed pages come out exactly as their hand-made gold files say."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from threadsift.decomposers.text import TextDecomposer
from threadsift.page import Page

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"
PAGES = sorted(SEEDS.glob("*.txt"))


@pytest.fixture(params=PAGES, ids=lambda path: path.name)
def seed(request: pytest.FixtureRequest) -> tuple[Page, dict]:
    path: Path = request.param
    gold = json.loads(path.with_name(path.name + ".gold.json").read_text(encoding="utf-8"))
    page = Page(id=path.stem, text=path.read_text(encoding="utf-8"))
    TextDecomposer().decompose(page)
    return page, gold


def test_both_seeds_are_bundled() -> None:
    assert len(PAGES) == 2


def test_every_line_label_matches_gold(seed: tuple[Page, dict]) -> None:
    page, gold = seed
    ours = [(line.n, str(line.label)) for line in page.lines]
    assert ours == [(row["n"], row["label"]) for row in gold["lines"]]


def test_every_comment_span_and_author_matches_gold(seed: tuple[Page, dict]) -> None:
    page, gold = seed
    ours = [(c.first_line, c.last_line, c.author) for c in page.comments]
    assert ours == [(c["first_line"], c["last_line"], c["author"]) for c in gold["comments"]]


def test_title_matches_gold(seed: tuple[Page, dict]) -> None:
    page, gold = seed
    assert page.title == gold["title"]


def test_every_chrome_line_has_a_reason(seed: tuple[Page, dict]) -> None:
    page, _ = seed
    assert all(line.reason for line in page.lines if line.label == "chrome")


def test_comment_text_is_the_text_lines(seed: tuple[Page, dict]) -> None:
    page, _ = seed
    rows = page.text.split("\n")
    for comment in page.comments:
        assert comment.first_line is not None and comment.last_line is not None
        span = rows[comment.first_line - 1 : comment.last_line]
        assert comment.text.split("\n")[0].strip() in (row.strip() for row in span)
        if comment.author is not None:
            assert comment.author not in comment.text.split("\n")[:1]
