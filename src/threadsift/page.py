"""The page model every step shares: a page, its labelled lines and its comments.

A `Page` is what a reader makes from one input record, with where it came from (`source`,
`source_id`, `source_offset`, `fetched` and the record's other fields as `metadata`), and what
every later step fills in:
the decomposer sets `title`, `article`, `lines` and `comments` (and, from HTML, the article's
`author`, `published` date and `site_name`); annotators add languages and scores; corpus steps
set the `outcome`. `Page.to_dict()` is the JSON record (see docs/schema.md), and
`Page.from_dict()` reads it back.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any

# 2: language and toxicity annotations; 3: quality signals; 4: source_id; 5: article author,
# published date and site name, comment dates in ISO 8601 with their raw text; 6: provenance
# (source_offset, fetched, metadata)
SCHEMA_VERSION = 6


class Label(StrEnum):
    """What a line of page text is."""

    TITLE = "title"
    ARTICLE = "article"
    CHROME = "chrome"
    COMMENT_AUTHOR = "comment_author"
    COMMENT_TEXT = "comment_text"
    BLANK = "blank"


class Outcome(StrEnum):
    """Where a page ended in a run: every input record ends in exactly one of these."""

    OUTPUT = "output"
    DUPLICATE = "duplicate"
    FILTERED = "filtered"
    ERROR = "error"


@dataclass(slots=True)
class Line:
    """One line of the page text (1-based `n`), its label and, for chrome, the reason."""

    n: int
    label: Label
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the line."""
        return {"n": self.n, "label": str(self.label), "reason": self.reason}


@dataclass(slots=True)
class Comment:
    """One reader comment: who wrote it, what, where in the text, and where in the thread."""

    index: int
    author: str | None
    text: str
    first_line: int | None = None
    last_line: int | None = None
    depth: int = 0
    parent: int | None = None
    date: str | None = None  # ISO 8601: a date, or a datetime when the time is given
    date_raw: str | None = None  # the date as the page prints it
    language: str | None = None  # ISO 639-1 code, or "und"; None until annotated
    language_score: float | None = None
    toxicity: float | None = None  # in [0, 1]
    toxic: bool | None = None
    toxicity_category: str | None = None  # insult, threat, identity_hate, obscene, or None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the comment."""
        return {
            "index": self.index,
            "author": self.author,
            "text": self.text,
            "first_line": self.first_line,
            "last_line": self.last_line,
            "depth": self.depth,
            "parent": self.parent,
            "date": self.date,
            "date_raw": self.date_raw,
            "language": self.language,
            "language_score": self.language_score,
            "toxicity": self.toxicity,
            "toxic": self.toxic,
            "toxicity_category": self.toxicity_category,
        }


@dataclass(slots=True)
class Quality:
    """Quality signals of a page's article (Gopher, C4 and FineWeb style; see annotators/quality).

    Ratios are in [0, 1] and are 0 for an article without words or lines.
    """

    word_count: int = 0
    mean_word_length: float = 0.0
    symbol_word_ratio: float = 0.0  # "#" and ellipses per word
    digit_ratio: float = 0.0  # digits per non-space character
    alpha_word_ratio: float = 0.0  # words with a letter
    stop_word_share: float = 0.0  # words in the stop-word list of the language
    line_count: int = 0
    bullet_line_ratio: float = 0.0
    ellipsis_line_ratio: float = 0.0
    terminal_punct_line_ratio: float = 0.0  # C4; FineWeb's line punctuation ratio
    short_line_ratio: float = 0.0  # FineWeb: lines of at most 30 characters
    newline_word_ratio: float = 0.0  # FineWeb's list ratio
    dup_line_fraction: float = 0.0
    dup_line_char_fraction: float = 0.0  # FineWeb's duplicated line characters
    dup_para_fraction: float = 0.0
    dup_para_char_fraction: float = 0.0
    top_2gram_char_fraction: float = 0.0
    top_3gram_char_fraction: float = 0.0
    top_4gram_char_fraction: float = 0.0
    dup_5gram_char_fraction: float = 0.0
    dup_6gram_char_fraction: float = 0.0
    dup_7gram_char_fraction: float = 0.0
    dup_8gram_char_fraction: float = 0.0
    dup_9gram_char_fraction: float = 0.0
    dup_10gram_char_fraction: float = 0.0
    has_lorem_ipsum: bool = False  # C4
    has_curly_bracket: bool = False  # C4

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the signals."""
        return asdict(self)

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Quality:
        """Signals from their JSON form; names this version does not know are ignored."""
        known = {f.name for f in fields(cls)}
        return cls(**{name: value for name, value in record.items() if name in known})


@dataclass(slots=True)
class Page:
    """A crawled page and everything threadsift found in it."""

    id: str
    text: str
    source: str | None = None
    source_id: str | None = None  # the record's own id in its input (JSON id, WARC-Record-ID)
    # Byte offset of the record in its input (WARC, WET; in a .warc.gz, of its gzip member).
    source_offset: int | None = None
    fetched: str | None = None  # ISO 8601 time the page was fetched (the WARC-Date)
    # The input record's other fields (JSON Lines, Parquet), JSON values, passed through.
    metadata: dict[str, Any] | None = None
    url: str | None = None
    host: str | None = None
    encoding: str | None = None
    html: str | None = None  # the decoded HTML an HTML reader read, for the HTML decomposer
    title: str | None = None
    author: str | None = None  # of the article
    published: str | None = None  # ISO 8601 publication date (or datetime) of the article
    published_raw: str | None = None  # the publication date as the page gives it
    site_name: str | None = None
    article: str = ""
    lines: list[Line] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    language: str | None = None  # of the article (the title when there is no article)
    language_score: float | None = None
    quality: Quality | None = None  # of the article; None until annotated
    outcome: Outcome | None = None
    reason: str | None = None

    def to_dict(self, *, with_text: bool = False, with_html: bool = False) -> dict[str, Any]:
        """The JSON record; `with_text` adds the text the lines index, `with_html` the HTML."""
        record: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "source": self.source,
            "source_id": self.source_id,
            "source_offset": self.source_offset,
            "fetched": self.fetched,
            "url": self.url,
            "host": self.host,
            "encoding": self.encoding,
            "title": self.title,
            "author": self.author,
            "published": self.published,
            "published_raw": self.published_raw,
            "site_name": self.site_name,
            "article": self.article,
            "lines": [line.to_dict() for line in self.lines],
            "comments": [comment.to_dict() for comment in self.comments],
            "language": self.language,
            "language_score": self.language_score,
            "quality": None if self.quality is None else self.quality.to_dict(),
            "metadata": self.metadata,
        }
        if self.outcome is not None:
            record["outcome"] = str(self.outcome)
            record["reason"] = self.reason
        if with_text:
            record["text"] = self.text
        if with_html and self.html is not None:
            record["html"] = self.html
        return record

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Page:
        """Rebuild a page from its JSON record (the inverse of `to_dict`)."""
        outcome = record.get("outcome")
        quality = record.get("quality")
        return cls(
            id=record["id"],
            text=record.get("text", ""),
            source=record.get("source"),
            source_id=record.get("source_id"),
            source_offset=record.get("source_offset"),
            fetched=record.get("fetched"),
            metadata=record.get("metadata"),
            url=record.get("url"),
            host=record.get("host"),
            encoding=record.get("encoding"),
            html=record.get("html"),
            title=record.get("title"),
            author=record.get("author"),
            published=record.get("published"),
            published_raw=record.get("published_raw"),
            site_name=record.get("site_name"),
            article=record.get("article", ""),
            lines=[
                Line(n=row["n"], label=Label(row["label"]), reason=row.get("reason"))
                for row in record.get("lines", [])
            ],
            comments=[Comment(**row) for row in record.get("comments", [])],
            language=record.get("language"),
            language_score=record.get("language_score"),
            quality=None if quality is None else Quality.from_dict(quality),
            outcome=Outcome(outcome) if outcome else None,
            reason=record.get("reason"),
        )


def page_id(*parts: str) -> str:
    """A stable 16-hex-digit id from the parts that identify one input record.

    Readers pass the input's name, the record's place in it (line, row, offset) and the record's
    own id, so that two records never share an id, even when their inputs give them the same
    one; the record's own id is kept in `Page.source_id`.
    """
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"), digest_size=8)
    return digest.hexdigest()
