"""How sure a found thread is a reader-comment thread, and whether to keep it.

The comment sources (`comment_dom`, `comment_jsonld`, `comment_footers`, `comment_fallback`)
find repeated blocks with names, dates and text; so do results tables, product boxes, course
lists, live tickers, trackbacks and "related stories" lists. `gather` reads the evidence of a
found thread from its comments and their elements (`Evidence`): the markup it came from, a
comment section, heading or form around it, the share of comments with an author, a date or a
parent, their length and how much of them is links, notices, table cells or the article.
`confidence` weighs it (`WEIGHTS`, a logistic score) and `find_comments` decides: the thread stays
when its confidence reaches `MIN_CONFIDENCE`, set so that no thread is preferred to a false
one. The weights were set by hand after a logistic regression on the threads found on the pool
pages of site folds 0-3 and the hand-written cases of `test_thread_confidence.py`
(`bench/score_threads.py` scores them; docs/decomposer-quality.md has the figures).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from threadsift.decomposers.dom import common_ancestor, is_comment_heading, select
from threadsift.decomposers.html_lines import text_match_key
from threadsift.page import Comment

#: Comment sources that read a layout rather than a comment system's own markup or data.
GUESSING_SOURCES = frozenset({"footers", "repeated-blocks"})
#: Class or id words of an element holding a comment section (not a list of posts, messages
#: or reviews, which `THREAD_WORDS` also accepts), in the languages threadsift is tested on.
SECTION_WORDS = re.compile(
    r"comment|komment|coment|reacti|respon[ds]|discus|diskus|leserbrief|leserbeitr|disqus"
    r"|repl(?:y|ies)|antwort|r[ée]ponse|respuesta|risposta|reactie|talkback|评论|留言|回應",
    re.IGNORECASE,
)
#: Words that make a section word name something else: lists of the most commented or latest
#: comments, comment counters, links and icons.
NOT_SECTION = re.compile(
    r"most|recent|latest|popular|top|count|number|link|icon|button|widget|feed|rss", re.IGNORECASE
)
#: Containers above the thread's own whose class or id may name the comment section.
SECTION_LEVELS = 6
#: Containers above the thread's own that a comment heading or form may sit in.
NEAR_LEVELS = 3
#: Elements that may head a comment section ("12 Comments", "Leave a Reply").
HEADING_SELECTOR = "h1, h2, h3, h4, h5, h6, legend, .title, [class*='heading' i]"
#: A form to write a comment or reply: a text area, or a form a comment system names.
FORM_SELECTOR = (
    "form textarea, #respond, #commentform, .comment-form, .comment-respond, [id*='reply-form' i],"
    " [class*='reply-form' i]"
)
#: A comment of fewer words than this is short (a results row, a product box, a ticker line).
SHORT_WORDS = 8
#: A comment whose text is at least this share link text is mostly a link.
MOSTLY_LINK = 0.6
#: Table tags: a comment element that is one or sits in one is a table row.
TABLE_TAGS = frozenset({"table", "tbody", "thead", "tr", "td", "th"})
#: Levels above a comment element looked at for a table.
TABLE_LEVELS = 2

#: How pingbacks, trackbacks and reblogs open the notice a blog prints among its comments, and
#: the "[…]" of a quoted excerpt.
NOTICE = re.compile(
    r"\W*(?:pingback|trackback|linkback|reblogged this on|rebloggt auf|rebloggé sur"
    r"|rebloguead[oa] en|\[(?:…|\.\.\.)\])",
    re.IGNORECASE,
)
#: Headings that may hold the page's headline (a "comment" holding it is the article).
HEADLINES = "h1, h2, h3"

#: Comments from which one author for all of them is a ticker or a list, not a conversation.
ONE_VOICE = 3
#: Words from which a "comment" that opens with a heading reads as an article.
ARTICLE_WORDS = 150

#: The weight of each evidence feature in the logistic score (`BIAS` is its intercept).
WEIGHTS: dict[str, float] = {
    "markup": 2.0,
    "jsonld": 2.0,
    "section": 1.5,
    "heading": 1.0,
    "form": 1.0,
    "authors": 1.5,
    "dates": 0.5,
    "replies": 1.0,
    "long": 2.0,
    "link_density": -3.0,
    "link_items": -3.0,
    "tabular": -1.5,
    "headline": -3.0,
    "notices": -3.0,
    "several": 1.0,
    "one_voice": -2.0,
}
BIAS = -3.5
#: Threads below this confidence are dropped.
MIN_CONFIDENCE = 0.5


@dataclass(frozen=True, slots=True)
class Evidence:
    """What says a found thread is, or is not, a reader-comment thread (shares are 0-1)."""

    system: str
    comments: int
    markup: float  # 1 when a known comment system's markup found it
    jsonld: float  # 1 when JSON-LD Comment objects gave it
    section: float  # 1 when a container of the thread is named as a comment section
    heading: float  # 1 when a comment heading ("3 Comments", "Leave a reply") is near
    form: float  # 1 when a comment or reply form is near
    authors: float  # share of comments with an author
    dates: float  # share of comments with a date
    replies: float  # 1 when some comments answer others
    long: float  # share of comments of `SHORT_WORDS` words or more
    link_density: float  # share of the comments' text that is link text
    link_items: float  # share of comments whose text is mostly link text
    tabular: float  # share of comments whose elements are table rows or cells
    headline: float  # share of comments holding the page's headline (the article)
    notices: float  # share of comments that are pingback, trackback or reblog notices
    several: float  # 1 when the thread has more than one comment
    one_voice: float  # 1 when `ONE_VOICE` or more comments all have one author (a ticker)

    def features(self) -> dict[str, float]:
        """The weighted features, by `WEIGHTS` name."""
        values = asdict(self)
        return {name: float(values[name]) for name in WEIGHTS}


@dataclass(slots=True)
class FoundThread:
    """A page's comment thread as a source found it, with its confidence and evidence."""

    system: str  # the source's name ("" when no source found comments)
    comments: list[Comment]
    confidence: float
    evidence: Evidence | None


def _near(node: Any, levels: int) -> list[Any]:
    """The node and up to `levels` ancestors above it, below `<html>` (elements only)."""
    from resiliparse.parse.html import NodeType

    chain: list[Any] = []
    current = node
    while (
        current is not None
        and current.type == NodeType.ELEMENT
        and current.tag != "html"
        and len(chain) <= levels
    ):
        chain.append(current)
        current = current.parent
    return chain


def _named_section(chain: list[Any]) -> bool:
    """Whether a class or id token of one of the elements names a comment section."""
    return any(
        SECTION_WORDS.search(token) and not NOT_SECTION.search(token)
        for node in chain
        for token in f"{node.class_name or ''} {node.id or ''}".split()
    )


def _heading_near(scope: Any) -> bool:
    return any(map(is_comment_heading, select(scope, HEADING_SELECTOR)))


def _linked(element: Any, text_key: str) -> int:
    """Characters (as keys) of the comment's text that are the text of links in its element."""
    links = (text_match_key(link.text) for link in select(element, "a"))
    return min(sum(len(k) for k in links if k and k in text_key), len(text_key))


def _in_table(node: Any) -> bool:
    return any(element.tag in TABLE_TAGS for element in _near(node, TABLE_LEVELS))


def _is_article(element: Any, comment: Comment, headline: str) -> bool:
    """Whether a "comment" holds an article: an `<h1>` or the page's headline as a heading or
    as its first line, or a heading as its first line over `ARTICLE_WORDS` words or more."""
    opening = text_match_key(comment.text.split("\n", 1)[0])
    if headline and opening == headline:
        return True
    headings = select(element, HEADLINES)
    long = len(comment.text.split()) >= ARTICLE_WORDS
    return any(
        heading.tag == "h1"
        or (headline and text_match_key(heading.text) == headline)
        or (long and text_match_key(heading.text) == opening and not is_comment_heading(heading))
        for heading in headings
    )


def _share(flags: Iterable[bool], n: int) -> float:
    return sum(flags) / n if n else 0.0


def gather(
    system: str, comments: list[Comment], elements: list[Any], headline: str | None = None
) -> Evidence:
    """The evidence of a found thread: its source, its comments, their elements (one per
    comment; none for JSON-LD) and the page's headline."""
    n = len(comments)
    authors = [c.author for c in comments if c.author is not None]
    words = [len(comment.text.split()) for comment in comments]
    section = heading = form = link_density = link_items = tabular = article = 0.0
    if elements:
        # A lone comment's container is its parent: the section is named around it.
        first = elements[0]
        container = (
            (common_ancestor(first, elements[-1]) if len(elements) > 1 else None)
            or first.parent
            or first
        )
        section = float(_named_section(_near(container, SECTION_LEVELS)))
        scope = (_near(container, NEAR_LEVELS) or [container])[-1]
        heading = float(_heading_near(scope))
        form = float(bool(select(scope, FORM_SELECTOR)))
        keys = [text_match_key(comment.text) for comment in comments]
        linked = [_linked(e, k) for e, k in zip(elements, keys, strict=True)]
        total = sum(map(len, keys))
        link_density = sum(linked) / total if total else 0.0
        link_items = _share(
            (
                bool(k) and chars >= MOSTLY_LINK * len(k)
                for k, chars in zip(keys, linked, strict=True)
            ),
            n,
        )
        tabular = _share(map(_in_table, elements), n)
        title = text_match_key(headline or "")
        article = _share(
            (_is_article(e, c, title) for e, c in zip(elements, comments, strict=True)), n
        )
    return Evidence(
        system=system,
        comments=n,
        markup=float(system not in GUESSING_SOURCES and system != "jsonld"),
        jsonld=float(system == "jsonld"),
        section=section,
        heading=heading,
        form=form,
        authors=len(authors) / n if n else 0.0,
        dates=_share((c.date is not None for c in comments), n),
        replies=float(any(c.depth > 0 for c in comments)),
        long=_share((w >= SHORT_WORDS for w in words), n),
        link_density=link_density,
        link_items=link_items,
        tabular=tabular,
        headline=article,
        notices=_share((bool(NOTICE.match(c.text)) for c in comments), n),
        several=float(n > 1),
        one_voice=float(len(authors) >= ONE_VOICE and len(set(authors)) == 1),
    )


def confidence(evidence: Evidence) -> float:
    """How likely the thread is reader comments, 0-1: the logistic of the weighted evidence."""
    features = evidence.features()
    score = BIAS + sum(WEIGHTS[name] * value for name, value in features.items())
    return 1.0 / (1.0 + math.exp(-score))
