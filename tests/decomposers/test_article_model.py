"""The HTML page as blocks, their features, and the learned article."""

from __future__ import annotations

import re

import numpy as np
import pytest

pytest.importorskip("lxml")

from threadsift.decomposers.article_features import (
    _COUNTED,
    TOKEN_BUCKETS,
    Readings,
    _char_counts,
    block_tokens,
    feature_names,
    features,
    token_scores,
)
from threadsift.decomposers.article_model import ArticleModel, article_blocks
from threadsift.decomposers.html_blocks import MARK_BIT, MARKS, _marks_of, blocks_of

STORY = " ".join(
    f"Paragraph {n} of the story tells, at some length and with care, what the council decided "
    f"about the new bridge, why the vote was close, and what happens next in the town."
    for n in range(1)
)


def _page(body: str) -> str:
    return (
        f"<html><head><title>Council votes on the bridge</title></head><body>{body}</body></html>"
    )


NEWS = _page(
    "<header><nav><ul><li><a href='/'>Home</a></li><li><a href='/n'>News</a></li>"
    "<li><a href='/s'>Sport</a></li></ul></nav></header>"
    "<main><article><h1>Council votes on the bridge</h1>"
    + "".join(f"<p>{STORY} Part {n}.</p>" for n in range(5))
    + "</article>"
    "<aside class='related'><h3>More stories</h3><ul>"
    + "".join(f"<li><a href='/x{n}'>Another headline number {n}</a></li>" for n in range(6))
    + "</ul></aside></main>"
    "<footer class='site-footer'><p>© 2026 The Town Paper. All rights reserved.</p></footer>"
    "<script>var x = 'not text';</script>"
)


def test_blocks_break_at_block_elements_and_count_link_words() -> None:
    page = blocks_of(NEWS)
    texts = [b.text for b in page.blocks]
    assert texts[:3] == ["Home", "News", "Sport"]
    assert "Council votes on the bridge" in texts
    assert not any("not text" in t for t in texts)  # scripts are not text
    home = page.blocks[0]
    assert home.link_words == home.words == 1
    story = next(b for b in page.blocks if b.text.startswith("Paragraph"))
    assert story.link_words == 0 and story.words > 20
    frame = page.frames[story.frame]
    assert frame.tag == "p"
    assert frame.inherited & MARK_BIT["article"] and frame.inherited & MARK_BIT["main"]
    related = next(b for b in page.blocks if b.text.startswith("Another headline"))
    assert page.frames[related.frame].inherited & MARK_BIT["related"]


def test_hidden_elements_and_inline_marks() -> None:
    html = _page(
        "<div style='display:none'><p>Hidden words here</p></div>"
        "<p>Shown <span class='byline'>by A. Writer</span></p><p hidden>also hidden</p>"
    )
    page = blocks_of(html)
    assert [b.text for b in page.blocks] == ["Shown by A. Writer"]
    assert page.blocks[0].inline & MARK_BIT["byline"]


def test_features_have_one_column_per_name_and_mark_the_headline() -> None:
    page = blocks_of(NEWS)
    x = features(page, "Council votes on the bridge", Readings("", ""))
    names = feature_names()
    assert x.shape == (len(page.blocks), len(names))
    assert np.isfinite(x).all()
    is_title = x[:, names.index("is_title")]
    headline = [b.text for b in page.blocks].index("Council votes on the bridge")
    assert is_title[headline] == 1.0 and is_title.sum() == 1.0


def test_an_empty_body_has_no_blocks_and_no_rows() -> None:
    page = blocks_of("<html><body></body></html>")
    assert page.blocks == []
    assert features(page, None, Readings("", "")).shape == (0, len(feature_names()))


def test_the_shipped_model_keeps_the_story_and_drops_the_chrome() -> None:
    blocks = article_blocks(NEWS, "Council votes on the bridge", Readings("", ""))
    article = [text for text, is_article in blocks if is_article]
    text = "\n".join(article)
    assert text.count("Paragraph 0 of the story") == 5
    assert "Another headline" not in text
    assert "All rights reserved" not in text
    assert "Sport" not in article


def test_the_plain_text_article_stands_in_when_the_model_keeps_nothing() -> None:
    from threadsift.decomposers.html import HtmlDecomposer
    from threadsift.decomposers.network import Network
    from threadsift.page import Label, Page

    width = len(feature_names())
    never = Network(
        np.zeros(width, np.float32), np.ones(width, np.float32),
        np.zeros((width, 1), np.float32), np.zeros(1, np.float32),
        np.zeros((1, 2), np.float32), np.array([0.0, -50.0], np.float32),
    )  # fmt: skip
    text = "Text straight in the body, without any element around it, reads on as prose here."
    decomposer = HtmlDecomposer(article_model=ArticleModel([never]))
    page = Page(id="bare", text="", html=f"<html><body>{text}</body></html>")
    decomposer.decompose(page)
    assert page.article == text
    assert [line.label for line in page.lines] == [Label.ARTICLE]
    assert decomposer.stats["articles_from_text"] == 1


def test_a_comment_quoting_the_article_does_not_cut_it() -> None:
    from threadsift.decomposers.html import _before_thread
    from threadsift.page import Comment

    quoted = "The council voted on Tuesday to close the old harbour bridge for repairs."
    blocks = [
        ("Bridge to close", False),
        (quoted, True),
        ("Works will last until the spring, officials said in a statement.", True),
        ("Residents have protested against the decision for weeks now.", True),
        ("Comments", False),
        (quoted, False),
        ("Typical. They never ask us.", False),
    ]
    comment = Comment(index=0, author="Ann", text=f"{quoted}\nTypical. They never ask us.")
    article = _before_thread(blocks, [comment])
    assert article.split("\n") == [text for text, is_article in blocks[1:4]]


def test_the_opening_post_of_a_forum_thread_is_the_article() -> None:
    from threadsift.decomposers.html import HtmlDecomposer
    from threadsift.page import Page

    posts = [
        ("anna", "12.03.2021, 10:15", "My new lock jammed after two days and the key broke off "
         "inside it. Has anyone had this with the same maker? The shop refuses to swap it."),
        ("ben", "12.03.2021, 11:20", "Same here, the cylinder is weak. Ask the maker directly, "
         "they replaced mine without questions after I sent a photo of it."),
        ("cleo", "12.03.2021, 12:05", "Graphite powder helps a lot with cheap cylinders that "
         "stick in cold weather, try that first next time."),
        ("dan", "13.03.2021, 09:40", "Their support line is slow but they answer; mine took two "
         "weeks to arrive and was free of charge."),
    ]  # fmt: skip
    body = "".join(
        f'<div class="msg"><div class="msg-head"><span class="user">{a}</span> '
        f'<span class="when">{d}</span></div><div class="msg-body"><p>{t}</p></div></div>'
        for a, d, t in posts
    )
    html = (
        '<html lang="en"><head><title>Jammed lock - Forum</title></head><body>'
        f'<h1>Jammed lock</h1><div class="thread">{body}</div></body></html>'
    )
    decomposer = HtmlDecomposer()
    page = Page(id="forum", text="", html=html)
    decomposer.decompose(page)
    assert decomposer.stats["opening_posts"] == 1
    assert [c.author for c in page.comments] == ["ben", "cleo", "dan"]
    assert posts[0][2] in page.article
    assert posts[2][2] not in page.article


def test_a_long_reference_is_searched_in_page_order_near_its_last_match() -> None:
    from threadsift.decomposers import html_lines
    from threadsift.decomposers.html_lines import Reference, text_match_key

    rows = [f"Paragraph {n} of a very long page, with words enough to match." for n in range(9000)]
    reference = Reference("\n".join(rows))
    assert len(reference.flat) > html_lines.LONG_REFERENCE
    # Parts of lines (not whole lines), asked for in page order, are found.
    assert all(reference.has(text_match_key(row)[:-5]) for row in rows[::50])
    assert not reference.has(
        text_match_key("A sentence that the page does not hold anywhere at all")
    )


NESTED = _page(
    "<div class='wrap main'><div class='wrap story-body' id='main'>"
    "<p class='lead wrap'>A lead paragraph, with commas, digits 12 and Capitals.</p>"
    "<div class='share'><a href='/s'>Share this</a></div>"
    "<p>Second paragraph<br>after a break, ending well.</p></div></div>"
    "<div class='sidebar widget'><ul><li class='item'><a href='/r'>Related</a></li></ul></div>"
)


def test_token_scores_count_each_hashed_word_once_per_block() -> None:
    # "wrap" sits on three nested elements: the one-pass score counts it once, as the
    # block's token set does.
    page = blocks_of(NESTED)
    rng = np.random.default_rng(7)
    weights = rng.normal(size=TOKEN_BUCKETS).astype(np.float32)
    expected = [0.25 + float(weights[ids].sum()) for ids in block_tokens(page)]
    assert token_scores(page, weights, 0.25) == pytest.approx(expected, abs=1e-5)


def test_frames_are_in_page_order_and_end_after_their_subtree() -> None:
    page = blocks_of(NESTED)
    frames = page.frames
    assert frames[0].tag == "body" and frames[0].end == len(frames)
    for index, frame in enumerate(frames[1:], start=1):
        assert frame.parent < index < frame.end <= frames[frame.parent].end
        assert frame.depth == frames[frame.parent].depth + 1
        assert frame.inherited == frames[frame.parent].inherited | frame.marks


def test_marks_read_word_by_word_agree_with_the_whole_class() -> None:
    # The patterns cannot match across a space, nor read past a run of letters what its first
    # run does not give alone: words read run by run (and cached) change nothing.
    for names in (
        "post-content entry", "col main-content", "top-nav skip", "ad-slot adverts",
        "post-body entry_content story-text2 post-1234 xpost-bodyx", "maincontent bodytext",
        "ads-top by-line nav2menu sub_nav é-tags headline-h1 comment42reply",
    ):  # fmt: skip
        whole = 0
        for name, (_, pattern) in MARKS.items():
            if pattern and re.search(pattern, names):
                whole |= MARK_BIT[name]
        assert _marks_of("div", names, ()) == whole


def test_character_counts_agree_with_the_patterns() -> None:
    texts = ["Ünïcode Ω and ДОМ, 12 digits; ٣ too!", "plain.", "𝟘 is a digit"]
    counts, commas = _char_counts(texts)
    for i, text in enumerate(texts):
        assert counts[0, i] == len(text)
        for row, pattern in enumerate(_COUNTED, start=1):
            assert counts[row, i] == len(pattern.findall(text))
        assert commas[i] == text.count(",")
