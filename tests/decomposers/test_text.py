"""The hand-written rules of the plain-text decomposer, on small pages written for each convention.

The rules read every page first and the line model decides from their reading
(`test_line_model.py`); here they are tested alone (`TextDecomposer(rules_only=True)`).
"""

from __future__ import annotations

from threadsift.decomposers.lines import line_compare_key
from threadsift.decomposers.text import TextDecomposer
from threadsift.page import Label, Page

PROSE = (
    "The council met on Tuesday evening to discuss the new budget for the harbour district.",
    "Several members argued that the plan would raise costs for small shops along the quay.",
    "A final vote is expected next month, after a public hearing in the town hall.",
)


def decompose(text: str, **kwargs: object) -> Page:
    page = Page(id="t", text=text, host=kwargs.pop("host", None))  # type: ignore[arg-type]
    TextDecomposer(rules_only=True, **kwargs).decompose(page)  # type: ignore[arg-type]
    return page


def labels(page: Page) -> dict[int, str]:
    return {line.n: str(line.label) for line in page.lines}


def article_page(*tail: str) -> str:
    head = ["Harbour budget splits the council", "", *(p for para in PROSE for p in (para, ""))]
    return "\n".join([*head, *tail]) + "\n"


def test_page_without_comments_is_title_and_article() -> None:
    page = decompose(article_page("Share", "Tweet", "Related articles"))
    assert page.title == "Harbour budget splits the council"
    assert page.comments == []
    assert page.article.split("\n\n") == list(PROSE)
    assert {labels(page)[n] for n in (9, 10, 11)} == {"chrome"}


def test_exclaimed_headline_over_a_byline_is_the_title() -> None:
    """A headline ending in '!' reads as prose and opens the article; the byline under it says
    it is a headline, even when the article does not repeat its words."""
    headline = "I would not trade this summer for any other one in my life!"
    body = [p for para in PROSE for p in (para, "")]
    for byline in (["By Ada Lindqvist"], ["By Ada Lindqvist", "Published 2024-05-12 at 09:30"]):
        page = decompose("\n".join(["Menu", "Sport", "", headline, "", *byline, "", *body]))
        assert page.title == headline
        assert page.article.split("\n\n") == list(PROSE)
    unsigned = decompose("\n".join(["Menu", "Sport", "", headline, "", *body]))
    assert unsigned.title is None  # prose-shaped, unrelated to the article, no byline


def test_headline_over_its_longer_standfirst_is_the_title() -> None:
    headline = "Harbour budget splits the council over costs for shops"
    standfirst = "Members argue that the plan for the harbour district would raise costs for shops"
    opening = "The harbour budget came before the council on Tuesday, and it splits the members."
    body = [opening, "", *(p for para in PROSE for p in (para, ""))]
    page = decompose("\n".join([headline, "", standfirst, "", "Updated: May 12, 2024", *body]))
    assert page.title == headline


def test_wordpress_says_thread_with_reply_links() -> None:
    page = decompose(
        article_page(
            "2 Comments",
            "",
            "Anna Berg says:",
            "",
            "I was at the hearing and the hall was packed.",
            "",
            "Reply",
            "",
            "Tom Hale says:",
            "",
            "Shops will suffer, that much is clear.",
            "",
            "Reply",
        )
    )
    assert [(c.author, c.text) for c in page.comments] == [
        ("Anna Berg", "I was at the hearing and the hall was packed."),
        ("Tom Hale", "Shops will suffer, that much is clear."),
    ]
    reasons = {line.n: line.reason for line in page.lines if line.label is Label.CHROME}
    assert reasons[9] == "comment-heading"
    assert reasons[15] == "comment-action"


def test_authors_after_the_text() -> None:
    page = decompose(
        article_page(
            "Comments",
            "",
            "A sensible plan, if the money is really there.",
            "",
            "Comment by Ruth Lang — 12.03.2021 @ 10:04",
            "",
            "I doubt the numbers add up at all.",
            "",
            "Comment by Karl Weiss — 12.03.2021 @ 11:20",
        )
    )
    assert [(c.author, c.first_line, c.last_line, c.date_raw) for c in page.comments] == [
        ("Ruth Lang", 11, 13, "12.03.2021 @ 10:04"),
        ("Karl Weiss", 15, 17, "12.03.2021 @ 11:20"),
    ]
    assert [c.date for c in page.comments] == ["2021-03-12T10:04", "2021-03-12T11:20"]


def test_nested_replies_get_depth_and_parent() -> None:
    page = decompose(
        article_page(
            "3 Kommentare",
            "",
            "  • Jana Roth",
            "",
            "    Der Hafen braucht das Geld dringend, finde ich.",
            "",
            "    • Max Ebert",
            "",
            "      Aber nicht auf Kosten der kleinen Läden am Kai.",
            "",
            "  • Paul Kern",
            "",
            "    Endlich passiert etwas im Hafenviertel.",
        )
    )
    assert [(c.author, c.depth, c.parent) for c in page.comments] == [
        ("Jana Roth", 0, None),
        ("Max Ebert", 1, 0),
        ("Paul Kern", 0, None),
    ]


def test_authorless_comments_split_on_actions() -> None:
    page = decompose(
        article_page(
            "Commentaires",
            "",
            "Je ne suis pas d'accord avec cette décision du conseil municipal.",
            "",
            "Répondre",
            "",
            "Il fallait consulter les commerçants bien avant le vote.",
            "",
            "Répondre",
        )
    )
    assert [(c.author, c.first_line) for c in page.comments] == [(None, 11), (None, 15)]


def test_site_chrome_learned_for_the_host_is_removed() -> None:
    text = article_page("Support our newsroom today")
    plain = decompose(text, host="news.example")
    learned = decompose(
        text,
        host="news.example",
        site_chrome={"news.example": {line_compare_key("Harbour budget splits the council")}},
    )
    assert plain.title == "Harbour budget splits the council"
    assert learned.lines[0].reason == "site-repeated"
    assert learned.title is None


def test_every_line_is_labelled_once_and_chrome_has_a_reason() -> None:
    page = decompose(article_page("Notify of", "Newest Most Voted", "", "Leave a Reply"))
    assert [line.n for line in page.lines] == list(range(1, len(page.text.split("\n"))))
    assert all(line.reason for line in page.lines if line.label is Label.CHROME)
    assert all(
        line.label is Label.BLANK
        for line in page.lines
        if not page.text.split("\n")[line.n - 1].strip()
    )


def test_empty_and_blank_text() -> None:
    assert decompose("").lines == []
    page = decompose("\n\n  \n")
    assert {str(line.label) for line in page.lines} == {"blank"}
    assert page.title is None and page.article == "" and page.comments == []


def test_news_phrases_about_comments_stay_in_the_article() -> None:
    quote = "The minister declined to comment by email on the new guidelines for the port."
    page = decompose(article_page().replace(PROSE[1], quote))
    assert quote in page.article.split("\n\n")
    assert page.comments == []


def test_a_reply_whose_parent_is_missing_has_no_parent() -> None:
    page = decompose(
        article_page(
            "Kommentare",
            "",
            "      • Lea Wolf",
            "",
            "        Das sehe ich genauso, der Hafen braucht die Investition.",
            "",
            "    • Jan Brandt",
            "",
            "      Die Läden am Kai werden trotzdem leiden, fürchte ich.",
            "",
            "  • Eva Sommer",
            "",
            "    Endlich wird im Hafenviertel gebaut, das ist gut so.",
        )
    )
    assert [(c.author, c.depth, c.parent) for c in page.comments] == [
        ("Lea Wolf", 2, None),
        ("Jan Brandt", 1, None),
        ("Eva Sommer", 0, None),
    ]
