"""The article's author, publication date and site name from a parsed HTML page.

Sources in order, as trafilatura's metadata step reads them: the page's JSON-LD (an `Article`,
`NewsArticle`, `BlogPosting`... object's `author`, `datePublished` and `publisher`), then its
meta tags (Open Graph, `article:*`, Dublin Core, Parse.ly, plain `author`), then the byline and
`<time>` elements of the page. Dates are parsed by `dates.parse_date`; the text as found is
kept beside them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from threadsift.decomposers.comment_fields import split_name
from threadsift.decomposers.dates import has_date_shape, parse_date
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
#: Meta names and properties that give the publication date (the modified time last).
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
    '[itemprop="author"] [itemprop="name"]', '[itemprop="author"]', '[rel="author"]',
    ".byline .author", '[class*="author-name" i]', '[class*="authorname" i]', ".byline-author",
    ".entry-author", ".post-author", ".article-author", ".author", "#author",
    '[class*="posted-by" i]', '[class*="submitted-by" i]', '[class*="byline" i]',
    '[data-component*="byline" i]', '[class*="writer" i]', '[class*="author" i]',
)  # fmt: skip
#: Date elements, most specific first.
DATE_SELECTORS = (
    '[itemprop="datePublished"]', "time[pubdate]", "article time[datetime]",
    "header time[datetime]", "time[datetime]", "time", "abbr.published", ".published",
    ".entry-date", ".post-date", ".article-date", '[class*="date" i]', ".entry-meta",
    ".post-meta", '[class*="byline" i]', '[class*="meta" i]',
)  # fmt: skip
#: The page parts whose bylines and dates are not the article's: comments, sidebars, footers.
NOT_ARTICLE = (
    "#comments", ".comments", ".comment", ".comment-list", ".commentlist", "#respond",
    ".comment-respond", "[id^='comment-']", "[class*='comment-body']", "aside", "footer", "nav",
    "#sidebar", ".sidebar", ".widget", ".related", ".related-posts",
)  # fmt: skip
#: Elements read per selector (the first ones: the article's come before the rest).
PER_SELECTOR = 3
#: A date element's text longer than this is no date field.
MAX_DATE_CHARS = 160
#: A date in a URL path: /2024/03/05/.
URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|[-_]|\Z)")
#: Where an author's text stops: a separator before a role or a date ("NAME | Staff writer").
AUTHOR_CUT = re.compile(r"\s+[|·•/]\s+|\s*\n")
#: Field labels that a byline element may hold alone: no name.
LABEL_WORDS = frozenset(
    {"date", "datum", "fecha", "data", "author", "autor", "autorin", "auteur", "autore", "autora",
     "by", "von", "par", "por", "posted", "published", "veröffentlicht", "publié", "publicado"}
)  # fmt: skip
#: Titles printed on a line of their own above the name ("Dr." / "NAME").
HONORIFICS = frozenset(
    {"dr.", "prof.", "prof. dr.", "mag.", "dipl.", "ing.", "mr.", "mrs.", "ms.", "herr", "frau",
     "m.", "mme", "sr.", "sra."}
)  # fmt: skip
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
    raw = found.get("date") or next(
        (value for name in DATE_META if (value := meta.get(name)) and has_date_shape(value)), None
    )
    # The page's elements are searched only for what the JSON-LD and the meta tags lack.
    outside = _not_article(document) if author is None or raw is None else set()
    if author is None:
        author = _first_author(
            node.text
            for selector in AUTHOR_SELECTORS
            for node in _article_nodes(document, selector, outside)
        )
    language = document_language(document)
    published = parse_date(raw, language=language) if raw else None
    if raw is None:
        raw, published = _date_in_page(document, outside, language)
    if raw is None:
        raw = _date_in_url(document)
        published = parse_date(raw) if raw else None
    site = next((value for name in SITE_META if (value := meta.get(name))), None)
    site = site or found.get("site")
    return ArticleMetadata(
        author=author,
        published=published,
        published_raw=raw,
        site_name=_clean(site) if site else None,
    )


def _not_article(document: Any) -> set[Any]:
    """The elements whose bylines and dates are not the article's (comments, sidebars)."""
    return set(select(document, ", ".join(NOT_ARTICLE)))


def _article_nodes(document: Any, selector: str, outside: set[Any]) -> list[Any]:
    """The first `PER_SELECTOR` elements matching `selector` that are not in `outside`."""
    nodes = []
    for node in select(document, selector):
        current = node
        while current is not None and current not in outside:
            current = current.parent
        if current is None:
            nodes.append(node)
            if len(nodes) == PER_SELECTOR:
                break
    return nodes


def _date_in_page(
    document: Any, outside: set[Any], language: str | None
) -> tuple[str | None, str | None]:
    """The first date element's value that parses (else the first date-shaped one) and its
    ISO form."""
    shaped = None
    for selector in DATE_SELECTORS:
        for node in _article_nodes(document, selector, outside):
            value = date_value(node)
            if not value or len(value) > MAX_DATE_CHARS or not has_date_shape(value):
                continue
            parsed = parse_date(value, language=language)
            if parsed is not None:
                return value, parsed
            shaped = shaped or value
    return shaped, None


def _date_in_url(document: Any) -> str | None:
    """The date in the path of the page's canonical URL (blogs put it there: /2024/03/05/)."""
    for selector, attribute in (
        ('link[rel="canonical"]', "href"),
        ('meta[property="og:url"]', "content"),
    ):
        node = document.query_selector(selector)
        match = URL_DATE.search(str(node.getattr(attribute) or "")) if node is not None else None
        if match:
            return "-".join(match.groups())
    return None


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
    parts = [part for part in AUTHOR_CUT.split(text.strip()) if part.strip()]
    if not parts:
        return None
    first = parts[0].strip()
    if len(parts) > 1 and first.casefold() in HONORIFICS:  # "Dr." / "NAME"
        first = f"{first} {parts[1].strip()}"
    elif len(parts) > 1 and first.rstrip(":").casefold() in LABEL_WORDS:  # "Author" / "NAME"
        first = parts[1].strip()
    name, _ = split_name(first)
    return None if name is None or name.casefold() in LABEL_WORDS else name


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
