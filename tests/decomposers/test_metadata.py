"""metadata.article_metadata: the article's author, date and site from JSON-LD, meta tags and
bylines, and the HTML decomposer filling them in."""

from typing import Any

from resiliparse.parse.html import HTMLTree

from threadsift.decomposers.html import HtmlDecomposer
from threadsift.decomposers.metadata import ArticleMetadata, article_metadata
from threadsift.page import Page


def metadata(head: str, body: str = "", lang: str = "en") -> ArticleMetadata:
    html = f'<html lang="{lang}"><head>{head}</head><body>{body}</body></html>'
    return article_metadata(HTMLTree.parse(html))


def jsonld(value: Any) -> str:
    import json

    return f'<script type="application/ld+json">{json.dumps(value)}</script>'


def test_jsonld_article_fields() -> None:
    found = metadata(
        jsonld(
            {
                "@context": "https://schema.org",
                "@graph": [
                    {"@type": "WebSite", "name": "Harbour Gazette Site"},
                    {"@type": "WebPage", "author": "Page Owner", "datePublished": "2020-01-01"},
                    {
                        "@type": "NewsArticle",
                        "author": [
                            {"@type": "Person", "name": "Ida Vos"},
                            {"@type": "Person", "name": "Tom Lee"},
                        ],
                        "datePublished": "2024-03-05T09:30:00+01:00",
                        "publisher": {"@type": "Organization", "name": "Harbour Gazette"},
                    },
                ],
            }
        )
    )
    assert found == ArticleMetadata(
        author="Ida Vos; Tom Lee",
        published="2024-03-05T09:30:00+01:00",
        published_raw="2024-03-05T09:30:00+01:00",
        site_name="Harbour Gazette",
    )


def test_meta_tags_when_there_is_no_jsonld() -> None:
    found = metadata(
        '<meta property="og:site_name" content="Der Hafenbote">'
        '<meta name="author" content="Von Jens Ott">'
        '<meta property="article:published_time" content="2023-11-02T07:00:00Z">'
    )
    assert (found.author, found.published, found.site_name) == (
        "Jens Ott",
        "2023-11-02T07:00:00Z",
        "Der Hafenbote",
    )


def test_an_author_url_is_no_name_and_dublin_core_follows() -> None:
    found = metadata(
        '<meta property="article:author" content="https://social.example/idavos">'
        '<meta name="DC.creator" content="Ida Vos">'
        '<meta name="DC.date" content="2022-06-01">'
    )
    assert (found.author, found.published) == ("Ida Vos", "2022-06-01")


def test_byline_and_time_elements_in_the_page_language() -> None:
    found = metadata(
        "<title>x</title>",
        '<article><p class="byline">Par <span class="author">Léa Roux</span></p>'
        "<time>le 5 mars 2024 à 14h30</time><p>Texte.</p></article>",
        lang="fr",
    )
    assert (found.author, found.published, found.published_raw) == (
        "Léa Roux",
        "2024-03-05T14:30",
        "le 5 mars 2024 à 14h30",
    )
    found = metadata("", '<span class="date">04/05/2024</span>', lang="de")
    assert found.published == "2024-05-04"


def test_nothing_found_is_none() -> None:
    assert metadata("<title>Just a page</title>", "<p>Text.</p>") == ArticleMetadata()
    assert (
        metadata(jsonld({"@type": "NewsArticle", "author": {"name": "Posted by"}})).author is None
    )


def test_html_decomposer_fills_the_page() -> None:
    html = (
        '<html lang="de"><head><meta property="og:site_name" content="Der Hafenbote">'
        '<meta name="author" content="Jens Ott"></head><body><h1>Neue Brücke</h1>'
        '<p class="date">5. März 2024</p><p>Die Stadt baut eine neue Brücke über den Fluss, '
        "sagt der Rat. Die Arbeiten beginnen im Mai und dauern zwei Jahre.</p></body></html>"
    )
    page = Page(id="p", text="", html=html)
    HtmlDecomposer().decompose(page)
    assert (page.author, page.published, page.published_raw, page.site_name) == (
        "Jens Ott",
        "2024-03-05",
        "5. März 2024",
        "Der Hafenbote",
    )
