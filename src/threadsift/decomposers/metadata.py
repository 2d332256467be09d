"""The article's author, publication date and site name from a parsed HTML page.

Sources in order, as trafilatura's metadata step reads them: the page's JSON-LD (an `Article`,
`NewsArticle`, `BlogPosting`... object's `author`, `datePublished` and `publisher`), then its
meta tags (Open Graph, `article:*`, Dublin Core, Parse.ly, plain `author`), then the byline and
`<time>` elements of the page. Dates are parsed by `date_parse.parse_date`; the text as found is
kept beside them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from threadsift.decomposers.comment_fields import split_name
from threadsift.decomposers.date_parse import has_date_shape, parse_date
from threadsift.decomposers.dom import date_value, document_language, jsonld_blocks, select

#: JSON-LD types of an article (schema.org's Article and its kinds that news pages use).
ARTICLE_TYPES = frozenset(
    {"Article", "NewsArticle", "BlogPosting", "Blog", "ReportageNewsArticle",
     "AnalysisNewsArticle", "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle",
     "LiveBlogPosting", "SocialMediaPosting", "DiscussionForumPosting", "TechArticle",
     "ScholarlyArticle", "Report", "Review", "WebPage", "ItemPage", "CreativeWork"}
)  # fmt: skip
#: JSON-LD types of the article proper: their fields win over a `WebPage`'s.
STRONG_TYPES = ARTICLE_TYPES - {"WebPage", "ItemPage", "CreativeWork", "Blog"}
#: Meta names and properties (lower case) that give the author, most specific first.
AUTHOR_META = (
    "article:author", "og:article:author", "author", "parsely-author", "sailthru.author",
    "dc.creator", "dcterms.creator", "dc.creator.name", "citation_author", "byl",
    "cxenseparse:author",
)  # fmt: skip
#: Meta names and properties that give the publication date.
DATE_META = (
    "article:published_time", "og:article:published_time", "og:published_time",
    "datepublished", "parsely-pub-date", "sailthru.date", "pubdate", "publishdate",
    "publish-date", "publish_date", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date",
    "dcterms.created", "citation_publication_date", "citation_date", "date", "article.published",
    "article:published", "cxenseparse:recs:publishtime", "og:updated_time",
    "article:modified_time",
)  # fmt: skip
#: Meta names and properties that give the site's name.
SITE_META = ("og:site_name", "application-name", "dc.publisher", "dcterms.publisher", "publisher")
#: Byline elements, most specific first (the first with a name-shaped text wins).
AUTHOR_SELECTORS = (
    '[itemprop="author"] [itemprop="name"]', '[itemprop="author"]', 'a[rel="author"]',
    ".byline .author", ".byline-author", ".author-name", ".entry-author", ".post-author",
    ".article-author", ".author", ".byline",
)  # fmt: skip
#: Date elements, most specific first.
DATE_SELECTORS = (
    '[itemprop="datePublished"]', "time[pubdate]", "article time[datetime]",
    "header time[datetime]", "time[datetime]", "time", ".published", ".entry-date",
    ".post-date", ".article-date", ".date",
)  # fmt: skip
#: Where an author's text stops: a separator before a role or a date ("NAME | Staff writer").
AUTHOR_CUT = re.compile(r"\s+[|·•/]\s+|\s*\n")
#: A byline longer than this is no byline.
MAX_BYLINE_CHARS = 120
_URL = re.compile(r"\A(?:https?:)?//|\A[\w.-]+\.[a-z]{2,}/", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ArticleMetadata:
    """What a page says about its article: author, publication date (ISO 8601 and as found),
    and the site's name."""

    author: str | None = None
    published: str | None = None
    published_raw: str | None = None
    site_name: str | None = None


def article_metadata(tree: Any) -> ArticleMetadata:
    """The author, publication date and site name of a parsed page (resiliparse `HTMLTree`).

    Args:
        tree: the parsed page.

    Returns:
        The fields found; each is None when no source gives it.
    """
    document = tree.document
    found = _from_jsonld(jsonld_blocks(document))
    meta = _meta_values(document)
    author = found.get("author") or _first_author(meta.get(name) for name in AUTHOR_META)
    if author is None:
        author = _first_author(
            node.text for selector in AUTHOR_SELECTORS for node in select(document, selector)[:3]
        )
    raw = found.get("date") or next(
        (value for name in DATE_META if (value := meta.get(name)) and has_date_shape(value)), None
    )
    if raw is None:
        raw = next(
            (
                value
                for selector in DATE_SELECTORS
                for node in select(document, selector)[:3]
                if (value := date_value(node)) and len(value) < 80 and has_date_shape(value)
            ),
            None,
        )
    site = next((value for name in SITE_META if (value := meta.get(name))), None)
    site = site or found.get("site")
    published = parse_date(raw, language=document_language(document)) if raw else None
    return ArticleMetadata(
        author=author,
        published=published,
        published_raw=raw,
        site_name=_clean(site) if site else None,
    )


def _clean(text: str) -> str:
    return " ".join(text.split())


def _meta_values(document: Any) -> dict[str, str]:
    """The first non-empty content of each meta name, property or itemprop (lower case)."""
    values: dict[str, str] = {}
    for node in select(document, "meta[content]"):
        content = _clean(str(node.getattr("content") or ""))
        if not content:
            continue
        for attribute in ("property", "name", "itemprop"):
            key = str(node.getattr(attribute) or "").strip().casefold()
            if key:
                values.setdefault(key, content)
    return values


def _author_name(text: str | None) -> str | None:
    """The name in a byline or author field, or None for a URL or a text too long for one."""
    if not text or _URL.search(text.strip()) or len(text) > MAX_BYLINE_CHARS:
        return None
    first = AUTHOR_CUT.split(text.strip())[0]
    name, _ = split_name(first)
    return name


def _first_author(texts: Any) -> str | None:
    return next((name for text in texts if (name := _author_name(text))), None)


def _names(value: Any) -> list[str]:
    """Author names from a JSON-LD `author` value: a string, a Person/Organization or a list."""
    if isinstance(value, list):
        return [name for element in value for name in _names(element)]
    if isinstance(value, dict):
        value = value.get("name")
        if isinstance(value, list | dict):
            return _names(value)
    name = _author_name(value) if isinstance(value, str) else None
    return [name] if name else []


def _from_jsonld(blocks: list[Any]) -> dict[str, str]:
    """Author ("; "-joined), date and site from the page's JSON-LD article objects; an
    article's fields win over a web page's."""
    found: dict[str, str] = {}
    strong: set[str] = set()
    stack = list(blocks)
    seen = 0
    while stack and seen < 10_000:  # a bound against hostile JSON
        value = stack.pop(0)
        seen += 1
        if isinstance(value, list):
            stack.extend(value)
            continue
        if not isinstance(value, dict):
            continue
        stack.extend(v for k, v in value.items() if k == "@graph" or k == "mainEntity")
        kind = value.get("@type")
        kinds = {k for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)}
        if "WebSite" in kinds and "site" not in found and isinstance(value.get("name"), str):
            found["site"] = value["name"]
        if not kinds & ARTICLE_TYPES:
            continue
        is_strong = bool(kinds & STRONG_TYPES)
        names = _names(value.get("author") or value.get("creator"))
        date = value.get("datePublished") or value.get("dateCreated")
        publisher = value.get("publisher")
        site = publisher.get("name") if isinstance(publisher, dict) else None
        for key, field_value in (
            ("author", "; ".join(dict.fromkeys(names))),
            ("date", date),
            ("site", site),
        ):
            if not isinstance(field_value, str) or not field_value.strip():
                continue
            if key not in found or (is_strong and key not in strong):
                found[key] = field_value.strip()
                if is_strong:
                    strong.add(key)
    return found
