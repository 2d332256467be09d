"""`scripts/score_textpath.py`: where the lost gold tokens of a page went."""

from __future__ import annotations

from collections import Counter

from devtools.scripts import load_script
from threadsift.page import Label, Line, Page

score_textpath = load_script("score_textpath")
Causes, tokens = score_textpath.Causes, score_textpath.tokens

TEXT = "Rain fell all day\nBy Sam\nI loved it\nShare this"
LABELS = (Label.ARTICLE, Label.COMMENT_AUTHOR, Label.ARTICLE, Label.CHROME)


def _page() -> Page:
    page = Page(id="p", text=TEXT)
    page.lines = [Line(n, label) for n, label in enumerate(LABELS, 1)]
    return page


def test_lost_comment_tokens_are_put_down_to_the_label_of_their_line() -> None:
    causes = Causes(Label.COMMENT_TEXT)
    gold_article = tokens("Rain fell all day")
    causes.add(tokens("Sam: I loved it, truly"), gold_article, _page())
    lost = {cause: share for cause, share in causes.lost.items() if share}
    assert lost == {
        "not in the rendering": 1 / 5,
        "labelled article": 3 / 5,
        "labelled comment_author": 1 / 5,
        "of which on pages where none found": 4 / 5,
    }
    assert causes.pages == Counter({"with gold": 1, "none found": 1})


def test_extra_article_tokens_are_split_by_where_they_belong() -> None:
    causes = Causes(Label.ARTICLE)
    causes.add(tokens("Rain fell all day"), tokens("I loved it"), _page())
    assert causes.lost["found"] == 1.0
    assert causes.extra == Counter({"gold of the other part": 3 / 7, "in no gold": 0.0})


def test_the_ceiling_keeps_only_what_the_rendering_holds() -> None:
    assert score_textpath._ceiling(tokens("rain fell"), TEXT) == 1.0
    assert round(score_textpath._ceiling(tokens("rain fell hard today"), TEXT), 3) == 0.667
