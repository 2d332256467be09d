"""Threads only where there are comments: repeated blocks that are not a conversation are
dropped, reader-comment threads in several languages and markups are kept."""

from __future__ import annotations

import json
from dataclasses import fields

import pytest

from threadsift.decomposers.html import HtmlDecomposer, find_comments
from threadsift.decomposers.thread_confidence import (
    MIN_CONFIDENCE,
    WEIGHTS,
    Evidence,
    confidence,
)
from threadsift.page import Page

resiliparse = pytest.importorskip("resiliparse.parse.html")

HEAD = (
    "<!doctype html><html><head><title>Harbour plans | Example Times</title>{head}</head><body>"
    "<main><article><h1>Harbour plans</h1><p>The council met on Tuesday evening and discussed"
    " the new harbour wall at length. Engineers presented three designs to the members, and the"
    " cheapest one would take two years to build.</p></article>"
)
TAIL = "</main></body></html>"


def html_of(body: str, head: str = "") -> str:
    return HEAD.format(head=head) + body + TAIL


def found(html: str, *, decide: bool = True) -> list[tuple[str | None, str]]:
    thread = find_comments(resiliparse.HTMLTree.parse(html), decide=decide)
    return [(comment.author, comment.text) for comment in thread.comments]


RESULTS_TABLE = html_of(
    '<div class="forum-results"><table>'
    + "".join(
        f'<tr class="row"><td><div class="name">Runner {n}</div><div>Club {n}</div></td>'
        f"<td><div>12.05.2021</div></td><td><div>1:0{n}:33</div></td></tr>"
        for n in range(1, 9)
    )
    + "</table></div>"
)
PRODUCT_BOXES = html_of(
    '<section class="product-reviews">'
    + "".join(
        f'<div class="box"><span class="author">Model {n}</span><span class="date">01.0{n}.2022'
        f"</span><p>Feature {n}: fast</p><p>Price 1{n}9 EUR</p></div>"
        for n in range(1, 7)
    )
    + "</section>"
)
TRACKBACKS = html_of(
    '<div id="comments"><ol class="commentlist">'
    + "".join(
        f'<li class="trackback depth-1" id="li-comment-{n}"><div class="comment-body">'
        f'<cite class="fn"><a href="https://blog{n}.example.org/post">A post on another blog'
        f' number {n}</a></cite> <span class="comment-date">May {n}, 2021</span><p><a href='
        f'"https://blog{n}.example.org/post">[…] as discussed here […]</a></p></div></li>'
        for n in range(1, 5)
    )
    + "</ol></div>"
)
RELATED_LINKS = html_of(
    '<div class="most-commented"><ul>'
    + "".join(
        f'<li class="item"><div class="meta"><span class="author">Staff</span> <span class='
        f'"date">May {n}, 2021</span></div><p>Read: <a href="/story/{n}">harbour story {n}</a>'
        " and more on the harbour</p></li>"
        for n in range(1, 7)
    )
    + "</ul></div>"
)
LIVE_TICKER = html_of(
    '<div class="live-messages">'
    + "".join(
        f'<div class="message"><div class="meta"><span class="author">Live desk</span> <span'
        f' class="time">14:0{n}</span></div><p>Minute {n}: the ferry leaves the harbour with'
        " all passengers on board.</p></div>"
        for n in range(1, 9)
    )
    + "</div>"
)
COURSE_LIST = html_of(
    '<div class="posting-list">'
    + "".join(
        f'<div class="posting"><span class="user">Teacher {n}</span><span>1{n}.03.2022</span>'
        f"<p>Pottery course {n}</p></div>"
        for n in range(1, 8)
    )
    + "</div>"
)


@pytest.mark.parametrize(
    "html",
    [RESULTS_TABLE, PRODUCT_BOXES, TRACKBACKS, RELATED_LINKS, LIVE_TICKER, COURSE_LIST],
    ids=["results-table", "product-boxes", "trackbacks", "related-links", "ticker", "courses"],
)
def test_repeated_blocks_that_are_not_comments_are_dropped(html: str) -> None:
    assert found(html, decide=False)  # a comment source reads them as a thread ...
    assert found(html) == []  # ... that its evidence does not support


def test_a_dropped_thread_keeps_its_evidence_and_is_counted() -> None:
    thread = find_comments(resiliparse.HTMLTree.parse(LIVE_TICKER))
    assert thread.comments == []
    assert thread.system == "repeated-blocks"
    assert thread.evidence is not None and thread.evidence.one_voice == 1.0
    assert thread.confidence == confidence(thread.evidence) < 0.5
    decomposer = HtmlDecomposer()
    page = Page(id="t", text="", html=LIVE_TICKER)
    decomposer.decompose(page)
    assert page.comments == []
    assert decomposer.stats["threads_dropped_from_repeated-blocks"] == 1
    assert "ferry leaves the harbour" in page.text


WORDPRESS_THREAD = html_of(
    '<div id="comments"><h2 class="comments-title">3 Responses</h2><ol class="commentlist">'
    '<li class="comment depth-1" id="comment-1"><article class="comment-body">'
    '<div class="comment-author vcard"><b class="fn">Anna Berg</b> <span class="says">says:'
    '</span></div><div class="comment-metadata"><time datetime="2021-05-02T10:00">May 2, 2021'
    '</time></div><div class="comment-content"><p>I was at the hearing and the hall was packed'
    " with people from the quay.</p></div></article>"
    '<ol class="children"><li class="comment depth-2" id="comment-2"><article class='
    '"comment-body"><div class="comment-author vcard"><b class="fn">Tom Webb</b></div>'
    '<div class="comment-metadata"><time datetime="2021-05-02T11:00">May 2, 2021</time></div>'
    '<div class="comment-content"><p>Same here, and nobody asked the fishermen what they'
    " think.</p></div></article></li></ol></li>"
    '<li class="comment depth-1" id="comment-3"><article class="comment-body">'
    '<div class="comment-author vcard"><b class="fn">Mia Stone</b></div><div class='
    '"comment-metadata"><time datetime="2021-05-03T09:00">May 3, 2021</time></div>'
    '<div class="comment-content"><p>The second design is the only one that survives a storm'
    " surge.</p></div></article></li></ol>"
    '<div id="respond"><h3>Leave a Reply</h3><form><textarea name="comment"></textarea>'
    "</form></div></div>"
)
GERMAN_THREAD = html_of(
    '<div id="kommentare"><h3>3 Kommentare</h3>'
    + "".join(
        f'<div class="kommentar"><div class="kopf"><span class="autor">{name}</span> <span'
        f' class="datum">{day}. März 2021</span></div><p>{text}</p></div>'
        for name, day, text in (
            ("Jonas K.", 12, "Endlich wird über die Hafenmauer gesprochen, das war überfällig."),
            ("Petra M.", 13, "Die günstige Variante hält keine zwei Winter, fürchte ich."),
            ("Uwe S.", 14, "Wer bezahlt am Ende die Mehrkosten für die Bauzeit am Kai?"),
        )
    )
    + "</div>"
)
FRENCH_THREAD = html_of(
    '<section id="commentaires"><h2>Commentaires</h2>'
    + "".join(
        f'<article class="comment"><footer><span class="comment__author">{name}</span>'
        f' <time datetime="2021-06-0{n}">{n} juin 2021</time></footer><div class='
        f'"field--name-comment-body"><p>{text}</p></div></article>'
        for n, name, text in (
            (1, "Claire D.", "Le projet du port mérite un vrai débat public, pas une réunion."),
            (2, "Luc P.", "Je suis d'accord, et les pêcheurs doivent être consultés aussi."),
        )
    )
    + "</section>"
)
SPANISH_JSONLD = html_of(
    "<p>Sigue leyendo.</p>",
    head='<script type="application/ld+json">'
    + json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "headline": "Harbour plans",
            "comment": [
                {
                    "@type": "Comment",
                    "author": {"@type": "Person", "name": "Lucía R."},
                    "dateCreated": "2021-05-02",
                    "text": "Muy buen artículo, el muelle necesita esa reforma desde hace años.",
                },
                {
                    "@type": "Comment",
                    "author": {"@type": "Person", "name": "Diego F."},
                    "dateCreated": "2021-05-03",
                    "text": "Ojalá la consulta pública cambie algo en el diseño final.",
                },
            ],
        }
    )
    + "</script>",
)


@pytest.mark.parametrize(
    ("html", "authors"),
    [
        (WORDPRESS_THREAD, ["Anna Berg", "Tom Webb", "Mia Stone"]),
        (GERMAN_THREAD, ["Jonas K.", "Petra M.", "Uwe S."]),
        (FRENCH_THREAD, ["Claire D.", "Luc P."]),
        (SPANISH_JSONLD, ["Lucía R.", "Diego F."]),
    ],
    ids=["wordpress-en", "repeated-blocks-de", "drupal-fr", "jsonld-es"],
)
def test_comment_threads_are_kept(html: str, authors: list[str]) -> None:
    thread = find_comments(resiliparse.HTMLTree.parse(html))
    assert [comment.author for comment in thread.comments] == authors
    assert thread.confidence >= 0.5


def test_replies_and_the_comment_section_are_evidence() -> None:
    thread = find_comments(resiliparse.HTMLTree.parse(WORDPRESS_THREAD))
    evidence = thread.evidence
    assert evidence is not None
    assert [comment.depth for comment in thread.comments] == [0, 1, 0]
    assert (evidence.markup, evidence.section, evidence.heading, evidence.form) == (1, 1, 1, 1)
    assert evidence.replies == 1.0 and evidence.authors == 1.0 and evidence.dates == 1.0


def test_a_kept_thread_is_counted() -> None:
    decomposer = HtmlDecomposer()
    page = Page(id="t", text="", html=GERMAN_THREAD)
    decomposer.decompose(page)
    assert [comment.author for comment in page.comments] == ["Jonas K.", "Petra M.", "Uwe S."]
    assert decomposer.stats["threads_kept"] == 1


def test_every_weight_names_a_feature() -> None:
    numeric = {f.name for f in fields(Evidence)} - {"system", "comments"}
    assert set(WEIGHTS) == numeric


def test_more_evidence_never_lowers_confidence() -> None:
    bare = Evidence(**{f.name: 0.0 for f in fields(Evidence)} | {"system": "x", "comments": 2})
    for name, weight in WEIGHTS.items():
        more = Evidence(**{**{f.name: getattr(bare, f.name) for f in fields(Evidence)}, name: 1.0})
        assert (confidence(more) >= confidence(bare)) == (weight >= 0)
    assert confidence(bare) < MIN_CONFIDENCE
