"""Invariants of the plain-text decomposer on arbitrary text (hypothesis)."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from threadsift.decomposers.text import TextDecomposer
from threadsift.page import Label, Page

LINES = st.sampled_from(
    [
        "",
        "   ",
        "Reply",
        "Anna Berg says:",
        "• Max Ebert",
        "  1. Jana Roth",
        "12.03.2021 @ 10:04",
        "Comment by Ruth Lang — 12.03.2021",
        "— Karl Weiss",
        "3 Comments",
        "Leave a Reply",
        "Share",
        "The council met on Tuesday evening to discuss the new budget for the harbour district.",
        "Ich sehe das ganz anders, der Hafen braucht dringend neues Geld und zwar schnell.",
        "Le conseil a voté le budget hier soir, après un long débat public.",
        "Headline of the day",
        "if (x) {",
        "}",
        "€ 5,000",
        "„Zitat“",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(LINES, st.text(max_size=60)), max_size=60))
def test_every_line_gets_one_label_and_spans_are_consistent(rows: list[str]) -> None:
    text = "\n".join(rows)
    page = Page(id="p", text=text)
    TextDecomposer().decompose(page)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    assert [line.n for line in page.lines] == list(range(1, len(lines) + 1))
    for line in page.lines:
        assert (line.label is Label.BLANK) == (not lines[line.n - 1].strip())
        assert (line.reason is not None) == (line.label is Label.CHROME)
    spans = sorted((c.first_line or 0, c.last_line or 0) for c in page.comments)
    for (_, last), (first, _) in pairwise(spans):
        assert last < first
    in_spans = {n for first, last in spans for n in range(first, last + 1)}
    for line in page.lines:
        if line.label in (Label.COMMENT_AUTHOR, Label.COMMENT_TEXT):
            assert line.n in in_spans
    for comment in page.comments:
        # A reply's parent comes before it and sits higher; a reply may have no parent when
        # the page text lost it.
        if comment.parent is not None:
            assert comment.parent < comment.index
            assert page.comments[comment.parent].depth < comment.depth
