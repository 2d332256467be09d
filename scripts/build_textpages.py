"""Build labelled text pages from real HTML pages, by program (training and validation data).

Usage:
    python scripts/build_textpages.py DATA_DIR OUT_DIR [--jobs N] [--limit N]

DATA_DIR is a folder like `../shared/data/pages/` (read its README): `trafilatura-eval/` (raw HTML
with trafilatura's evaluation snippets in `pages.jsonl`) and `dragnet-train/` (raw HTML with a
hand-extracted article, and the comments' text after a `!@#$%^&*()  COMMENTS` line). Either may
be missing.

Each page is rendered to text the ways corpora hold pages (`RENDERINGS`): resiliparse's
main-content text (the form of the seed pages and of `textpages-dev`), its full text, that full
text without blank lines (WET-like), trafilatura's text with comments kept, and the article
alone, whole and cut to its first paragraphs (the cleaned text of C4-like corpora). Every line
of each rendering is labelled from where it came from in the page:

- comments: the HTML decomposer's comments (known markups, JSON-LD, repeated blocks), kept only
  where the page's reference agrees (Dragnet's comment text; trafilatura's comment snippets; a
  known comment markup), placed on the rendered lines with their author lines
  (`threadsift.decomposers.html_lines.label_lines`);
- article: Dragnet's gold article, else trafilatura's main text; where trafilatura and
  readability disagree on a line and no snippet settles it, the line is *unsure*;
- title: the HTML headline; the rest is chrome. Lines of the article reference that a chrome
  convention of the gold sets names (bylines, captions, share bars, dates: `CONVENTION_CHROME`)
  are chrome, as in `../shared/fixtures/textpages-dev`.

OUT_DIR gets one folder per rendering with `NAME.txt` + `NAME.txt.gold.json` pairs in the seeds'
gold format, plus `host`, `pool`, `system` (the comment source), `spans_known` (false when the
page's comments could not all be placed) and `unsure` (line numbers whose label no source
settles: training gives them no weight). `OUT_DIR/pages.jsonl` lists every page and rendering.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from threadsift.decomposers import html_lines
from threadsift.decomposers.authors import author_of, strip_date, thread_chrome
from threadsift.decomposers.comment_fields import clean_name
from threadsift.decomposers.html import find_comments, find_title
from threadsift.decomposers.html_lines import (
    REASON_META,
    REASON_THREAD,
    label_lines,
    rows_of,
    text_match_key,
)
from threadsift.decomposers.lines import line_info
from threadsift.decomposers.thread_confidence import GUESSING_SOURCES
from threadsift.page import Comment, Label
from threadsift.readers.html import decode_html
from threadsift.reasons import Reason

#: The packages the labels and renderings come from (the `bench` extra has them all).
NEEDS = ("resiliparse", "trafilatura", "readability", "lxml")
#: The line between Dragnet's article and its comments (with one or two spaces).
DRAGNET_COMMENTS = re.compile(r"^!@#\$%\^&\*\(\)\s+COMMENTS\s*$", re.MULTILINE)
RENDERINGS = ("main", "full", "flat", "traf", "clean", "short")
#: Paragraphs of the article the `short` rendering keeps (by a hash of the page's name).
SHORT_PARAGRAPHS = (1, 2, 3)
#: Pattern reasons of lines that the gold sets count as chrome even inside an article text.
CONVENTION_CHROME = frozenset(
    {
        "byline", "caption", "share", "related-links", "navigation", "advertising", "donation",
        "comment-heading", "comment-widget", "comment-form", "comment-action", "comment-badge",
        "comment-policy", "profile", "furniture", "embed",
    }
)  # fmt: skip
#: Comment sources that need a reference to agree before their comments are trusted (the
#: markups of known systems are trusted as they are): those that read a layout.
UNTRUSTED_SYSTEMS = GUESSING_SOURCES
#: A found comment agrees with a reference when this share of its text lines is in it.
AGREEMENT = 0.6
#: A long line still matches a reference without the first few (up to `GLUED_PREFIX`)
#: characters of its key: an image's alt text or file name glued to a paragraph.
GLUED_MIN, GLUED_PREFIX = 60, 32
#: Thread chrome (`thread_chrome`) that a commenter writes in a comment's own text: a pasted
#: image link or source has a caption's shape (and an emoticon, a line of symbols, a
#: separator's or a number's).
WRITTEN_IN_TEXT = frozenset({Reason.CAPTION})
#: Words from which a line in a thread reads as a sentence rather than a name, date or action.
TEXTY_WORDS = 5
#: Unplaced comment-text lines a page's spans still count as known with.
UNPLACED_LINES = 2
#: A line whose key is longer than `LONG_LINE` and holds an article line of `LONG_KEY`+ key
#: characters is a page layout on one line: unsure.
LONG_LINE, LONG_KEY = 200, 40
#: Second-level labels under which sites register (site = the label before them).
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "or", "ne", "gv"})
#: Hosts that pages link to everywhere: never taken as a page's own host.
_EVERYWHERE = re.compile(
    r"(?:facebook|twitter|google|youtube|feedburner|addthis|wordpress\.org|gravatar|w3\.org"
    r"|doubleclick|linkedin|pinterest|digg|reddit|stumbleupon|delicious|technorati|flickr"
    r"|creativecommons|apple|amazon|adobe|macromedia|statcounter|sitemeter|quantserve)"
)


@dataclass(slots=True)
class PoolPage:
    """One page of the data folder and the references its labels come from."""

    pool: str
    name: str
    url: str | None  # None when the pool does not know it
    html: bytes
    article: str | None = None  # a hand-made article (Dragnet)
    comments_text: str | None = None  # Dragnet: the comments' text; None when it has none
    with_snippets: list[str] = field(default_factory=list)
    without_snippets: list[str] = field(default_factory=list)
    comment_snippets: list[str] | None = None


def site_of(host: str) -> str:
    """The registered site of a host: its last two labels (three under co.uk and the like)."""
    labels = host.lower().strip(".").split(".")
    if labels[:1] == ["www"]:
        labels = labels[1:]
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


_CANONICAL = re.compile(
    r"""<(?:link[^>]+rel=["']?canonical["']?[^>]*href|meta[^>]+property=["']og:url["'][^>]"""
    r"""*content)=["']?(https?://[^"'\s>]+)""",
    re.IGNORECASE,
)
_LINK = re.compile(r"""href=["']?https?://([^/"'\s>:]+)""", re.IGNORECASE)


def host_of_html(html: str, url: str | None) -> str:
    """The host a page came from: its URL, else its canonical link, else the host it links to
    most (its own navigation), bar the hosts every page links to."""
    if url and url.startswith("http"):
        return urlsplit(url).hostname or ""
    match = _CANONICAL.search(html)
    if match:
        return urlsplit(match.group(1)).hostname or ""
    hosts = Counter(
        host.lower() for host in _LINK.findall(html) if not _EVERYWHERE.search(host.lower())
    )
    return hosts.most_common(1)[0][0] if hosts else ""


def read_pool(data: Path, limit: int | None = None) -> Iterator[PoolPage]:
    """Every page of the data folder's pools (the first `limit` of each)."""
    manifest = data / "trafilatura-eval" / "pages.jsonl"
    if manifest.exists():
        with manifest.open(encoding="utf-8") as handle:
            for n, row in enumerate(map(json.loads, handle)):
                if limit is not None and n >= limit:
                    break
                path = data / "trafilatura-eval" / row["file"]
                url = row.get("url") or ""
                if url.startswith("hard::"):  # no URL known: the canonical link, else the links
                    url = None
                yield PoolPage(
                    pool="traf",
                    name=re.sub(
                        r"\s+", "_", row["file"].removesuffix(".html.gz").removesuffix(".html")
                    ),
                    url=url,
                    html=gzip.decompress(path.read_bytes()),
                    with_snippets=list(row.get("with") or []),
                    without_snippets=list(row.get("without") or []),
                    comment_snippets=row.get("comments"),
                )
    dragnet = data / "dragnet-train"
    for n, path in enumerate(sorted(dragnet.glob("*.html.gz")) if dragnet.is_dir() else []):
        if limit is not None and n >= limit:
            break
        gold = path.with_name(path.name.removesuffix(".html.gz") + ".gold.txt")
        text = gold.read_text(encoding="utf-8", errors="replace")
        parts = DRAGNET_COMMENTS.split(text, maxsplit=1)
        yield PoolPage(
            pool="dragnet",
            name=path.name.removesuffix(".html.gz"),
            url=None,
            html=gzip.decompress(path.read_bytes()),
            article=parts[0],
            comments_text=parts[1] if len(parts) > 1 else None,
        )


class Reference(html_lines.Reference):
    """A text to find lines in, as `html_lines` places comments (whole-line keys, substrings
    of 12+ key characters), also when an image's alt text is glued to a paragraph."""

    def has(self, line_key: str) -> bool:
        if super().has(line_key):
            return True
        return len(line_key) >= GLUED_MIN and any(
            line_key[cut:] in self.flat for cut in range(4, GLUED_PREFIX + 1, 4)
        )


def _agrees(comment: Comment, reference: Reference) -> bool:
    """Is most of a comment's text in the reference? (Its long lines: names, dates and actions
    are where markups and hand-made references differ.)"""
    keys = [k for k in map(text_match_key, comment.text.split("\n")) if k]
    long = [k for k in keys if len(k) >= 12] or keys
    return bool(long) and sum(map(reference.has, long)) >= AGREEMENT * len(long)


def _snippet_hit(line_key: str, snippets: list[str]) -> bool:
    """Does the line hold a snippet, or is it a long part of one?"""
    for snippet in snippets:
        snip = text_match_key(snippet)
        if snip and (snip in line_key or (len(line_key) >= 12 and line_key in snip)):
            return True
    return False


@dataclass(slots=True)
class Sources:
    """What the labels of one page come from, for all its renderings."""

    title: str | None
    system: str
    comments: list[Comment]  # the comments the references agree with
    rejected: list[Comment]  # found in the markup, not confirmed: their lines are unsure
    comment_reference: Reference | None  # Dragnet's comment text
    spans_known: bool
    article: Reference
    article_text: str
    second_opinion: Reference | None  # readability, where the article is trafilatura's
    page: PoolPage
    traf_text: str  # trafilatura's text with its comments (a rendering)
    traf_comments: str  # trafilatura's comments alone
    thread_in_article: bool  # the article reference holds (part of) the thread


def gather(page: PoolPage, html: str) -> tuple[Sources, Any]:
    """Parse the page once and collect its title, comments and article references."""
    from resiliparse.parse.html import HTMLTree

    tree = HTMLTree.parse(html)
    title = find_title(tree)
    # Every thread a source finds: the references below decide which comments are real.
    thread = find_comments(tree, decide=False)
    system, found = thread.system, thread.comments
    comment_reference = None
    kept: list[Comment] = []
    rejected: list[Comment] = []
    spans_known = True
    import trafilatura

    extracted = trafilatura.bare_extraction(html, include_comments=True, fast=True)
    traf_text = (extracted.text or "") if extracted is not None else ""
    traf_comments = (extracted.comments or "") if extracted is not None else ""
    second = None
    if page.pool == "dragnet":
        article_text = page.article or ""
        if page.comments_text is not None:
            comment_reference = Reference(page.comments_text)
        article_ref = Reference(article_text)
        for comment in found:
            # Dragnet's annotators put some threads inside the article: a comment of a known
            # markup found there is a comment all the same.
            confirmed = (comment_reference is not None and _agrees(comment, comment_reference)) or (
                comment_reference is None
                and system not in UNTRUSTED_SYSTEMS
                and _agrees(comment, article_ref)
            )
            (kept if confirmed else rejected).append(comment)
        spans_known = comment_reference is None or bool(kept)
    else:
        article_text = traf_text
        second = Reference(_readability(html))
        snippets = page.comment_snippets
        if traf_comments.strip():
            comment_reference = Reference(traf_comments)
        for comment in found:
            confirmed = (
                system not in UNTRUSTED_SYSTEMS
                or bool(snippets and _snippet_hit(text_match_key(comment.text), snippets))
                or (comment_reference is not None and _agrees(comment, comment_reference))
            )
            (kept if confirmed else rejected).append(comment)
        if snippets and not kept:
            spans_known = False
    if kept:  # an article text that holds the thread: without its comments
        comment_keys = {k for c in kept for k in map(text_match_key, c.text.split("\n")) if k}
        article_text = "\n".join(
            row for row in article_text.split("\n") if text_match_key(row) not in comment_keys
        )
    sources = Sources(
        thread_in_article=page.pool == "dragnet" and comment_reference is None and bool(kept),
        traf_text=traf_text + ("\n" + traf_comments if traf_comments.strip() else ""),
        traf_comments=traf_comments.strip(),
        title=title,
        system=system if kept else "",
        comments=kept,
        rejected=rejected,
        comment_reference=comment_reference,
        spans_known=spans_known,
        article=Reference(article_text),
        article_text=article_text,
        second_opinion=second,
        page=page,
    )
    return sources, tree


def _readability(html: str) -> str:
    """readability-lxml's article as text (empty when it fails on the page)."""
    import lxml.html
    from readability import Document

    try:
        summary = Document(html).summary(html_partial=True)
        return "\n".join(lxml.html.fromstring(summary).itertext()) if summary.strip() else ""
    except Exception:  # a page readability cannot read has no second opinion
        return ""


def render(tree: Any, sources: Sources) -> dict[str, str]:
    """The page's renderings, by name (`RENDERINGS`)."""
    from resiliparse.extract.html2text import extract_plain_text

    full = extract_plain_text(tree, main_content=False)
    # Corpora also hold pages already cleaned to their article (C4, FineWeb): the headline and
    # the article's paragraphs, whole or only the first few.
    head = [sources.title] if sources.title else []
    title_key = text_match_key(sources.title or "")
    paragraphs = [
        row.strip()
        for row in sources.article_text.split("\n")
        if row.strip()
        and text_match_key(row) != title_key  # the article text may repeat the headline
    ]
    digest = hashlib.blake2b(sources.page.name.encode(), digest_size=2).digest()[0]
    wanted = SHORT_PARAGRAPHS[digest % len(SHORT_PARAGRAPHS)]
    prose = [k for k, row in enumerate(paragraphs) if len(row.split()) >= 6]
    keep = prose[wanted - 1] + 1 if len(prose) >= wanted else len(paragraphs)
    return {
        "main": extract_plain_text(tree, main_content=True),
        "full": full,
        "flat": "\n".join(row for row in full.split("\n") if row.strip()),
        "traf": sources.traf_text,
        "clean": "\n\n".join(head + paragraphs),
        # with the page's comments after it, as trafilatura gives them: short pages have threads
        "short": "\n\n".join(head + paragraphs[:keep] + [sources.traf_comments]).strip(),
    }


def label(text: str, sources: Sources) -> dict[str, Any]:
    """The gold record of one rendering: a label per line, the comments, the unsure lines."""
    comments = [_copy(comment) for comment in sources.comments]
    lines = label_lines(text, title=sources.title, article=sources.article_text, comments=comments)
    rows = rows_of(text)
    keys = [text_match_key(row) for row in rows]
    labels = [str(line.label) for line in lines]
    unsure: set[int] = set()
    page = sources.page
    rejected = Reference("\n".join(c.text for c in sources.rejected))
    for j, row in enumerate(rows):
        if labels[j] in ("blank", "comment_author", "comment_text"):
            continue
        k = keys[j]
        if rejected.has(k) and not sources.article.has(k):
            unsure.add(j)
            labels[j] = "chrome"
            continue
        if lines[j].reason in (REASON_THREAD, REASON_META):
            # Dates, names and actions in the thread are chrome, whatever a reference says; a
            # sentence there is a comment that was not placed, or a notice: unsure.
            if len(row.split()) >= TEXTY_WORDS:
                unsure.add(j)
                in_comments = (
                    sources.comment_reference is not None and sources.comment_reference.has(k)
                )
                labels[j] = "comment_text" if in_comments or rejected.has(k) else "chrome"
            continue
        if (
            sources.comment_reference is not None
            and sources.comment_reference.has(k)
            and not sources.article.has(k)
        ):
            # Comment text the markup did not give: its spans are unknown. (Short lines, such
            # as the names and dates a reference's comment text holds, are only unsure.)
            unsure.add(j)
            labels[j] = "comment_text" if len(row.split()) >= TEXTY_WORDS else "chrome"
            continue
        if labels[j] == "title":
            continue
        info = line_info(j + 1, row)
        byline = author_of(info) is not None and info.has_date and not info.prose
        if labels[j] == "article" and (
            info.pattern in CONVENTION_CHROME or info.date_only or info.number_only or byline
        ):
            labels[j] = "chrome"
            continue
        if page.pool != "traf" or not k:
            continue
        if _snippet_hit(k, page.without_snippets):
            labels[j] = "chrome"
        elif _snippet_hit(k, page.with_snippets):
            labels[j] = "article"
        elif sources.second_opinion is not None and (
            sources.second_opinion.has(k) != (labels[j] == "article")
        ):
            unsure.add(j)
    opening = min((c.first_line for c in comments if c.first_line is not None), default=None)
    if sources.thread_in_article and opening is not None:
        # Comments the markup missed are in the article reference: after the thread starts,
        # its article lines are unsure.
        unsure.update(j for j in range(opening - 1, len(labels)) if labels[j] == "article")
    long_article = [k for k in sources.article.lines if len(k) >= LONG_KEY]
    for j, k in enumerate(keys):
        if labels[j] == "chrome" and len(k) > LONG_LINE and any(a in k for a in long_article):
            unsure.add(j)  # a layout squeezed onto one line, article and all
    if not sources.article_text.strip():
        unsure.update(j for j, lab in enumerate(labels) if lab in ("article", "chrome"))
    placed = [c for c in comments if c.first_line is not None and c.last_line is not None]
    gold_comments = _comment_spans(rows, labels, unsure, placed)
    title_line = next((j for j, lab in enumerate(labels) if lab == "title"), None)
    # Comment text outside every placed comment: the page's spans are not all known (a line
    # or two is a reference's stray, or a comment the rendering cut: tolerated).
    unplaced = sum(1 for j in unsure if labels[j] == "comment_text")
    placed_text = labels.count("comment_text") - unplaced
    spans_known = sources.spans_known and unplaced <= max(UNPLACED_LINES, 0.1 * placed_text)
    return {
        "spans_known": spans_known,
        "title": rows[title_line].strip() if title_line is not None else None,
        "lines": [{"n": j + 1, "label": lab} for j, lab in enumerate(labels)],
        "comments": gold_comments,
        "unsure": sorted(j + 1 for j in unsure),
    }


def _comment_spans(
    rows: list[str], labels: list[str], unsure: set[int], placed: list[Comment]
) -> list[dict[str, Any]]:
    """The gold comments of the placed comments, with the author lines their markup missed."""
    spans: list[tuple[Comment, list[int], str | None]] = []
    for comment in placed:
        first, last = comment.first_line - 1, comment.last_line - 1  # type: ignore[operator]
        content = _comment_content(rows, labels, first, last)
        if content:
            authored = [j for j in content if labels[j] == "comment_author"]
            author = _name_in(comment.author, rows[authored[0]]) if authored else None
            spans.append((comment, content, author))
    # The markup gave no author the text shows. A short line just above each comment's text,
    # on most of them, is the thread's author line (a list number, a date or a badge beside the
    # name); else an explicit author line ("NAME says:", "by NAME on DATE") opening the
    # comment's lines or right before or after them.
    headers: dict[int, int] = {}
    previous_end = -1
    for k, (_, content, author) in enumerate(spans):
        above = next((j for j in range(content[0] - 1, previous_end, -1) if rows[j].strip()), None)
        previous_end = content[-1]
        if author is None and above is not None and labels[above] == "chrome":
            info = line_info(above + 1, rows[above])
            if not (thread_chrome(info) or info.prose or info.ends_sentence or info.words > 10):
                headers[k] = above
    # Explicit author lines beside the text sit on one side in a thread: the side most of the
    # authorless comments have one on (else a comment may take its neighbour's).
    sides = [
        _author_sides(rows, labels, content, spans, k, unsure)
        for k, (_, content, author) in enumerate(spans)
    ]
    below = sum(1 for k, side in enumerate(sides) if spans[k][2] is None and side[2] is not None)
    above = sum(1 for k, side in enumerate(sides) if spans[k][2] is None and side[1] is not None)
    authorless = sum(1 for _, _, author in spans if author is None)
    if below > above or len(headers) * 2 < authorless:
        headers = {}  # under the text: the line above a comment is its neighbour's author line
    for k, (comment, content, author) in enumerate(spans):
        found: Candidate = None
        if author is not None:
            # An avatar's name above the text, and the explicit author line under it: the
            # explicit one is the author line ("Posted by: NAME | DATE").
            side = sides[k][2]
            author_rows = [j for j in content if labels[j] == "comment_author"]
            if (
                side is not None
                and author_rows
                and author_rows[0] < content[-1]
                and author.casefold() in rows[side[0]].casefold()
            ):
                labels[author_rows[0]] = "chrome"
                content = [j for j in content if j != author_rows[0]]
                found = side
        elif k in headers:
            row = headers[k]
            named = author_of(line_info(row + 1, rows[row]))
            found = row, named.name if named is not None else strip_date(rows[row].strip())
        else:
            opening, up, down = sides[k]
            found = opening or (down if below > above else up)
        if found is not None:
            row, name = found
            labels[row] = "comment_author"
            unsure.discard(row)
            spans[k] = (comment, sorted({*content, row}), name)
    return [
        {
            # As the decomposers settle it: an author line's "by: NAME" names NAME.
            "author": clean_name(author) if author else None,
            "first_line": content[0] + 1,
            "last_line": content[-1] + 1,
            "depth": comment.depth,
        }
        for comment, content, author in spans
    ]


def _comment_content(rows: list[str], labels: list[str], first: int, last: int) -> list[int]:
    """The author and text lines of a placed comment, after the gold sets' conventions: its
    actions, dates and vote counts are chrome even when its markup holds them."""
    content = []
    for j in range(first, last + 1):
        if labels[j] == "comment_text":
            reason = thread_chrome(line_info(j + 1, rows[j]))
            symbols = not any(ch.isalnum() for ch in rows[j])
            if reason is not None and reason not in WRITTEN_IN_TEXT and not symbols:
                labels[j] = "chrome"
        if labels[j] in ("comment_author", "comment_text"):
            content.append(j)
    return content


def _name_in(name: str | None, row: str) -> str | None:
    """The commenter's name as the author line prints it (the markup's, else the line's)."""
    if name and name in row:
        return name
    author = author_of(line_info(0, row))
    return author.name if author is not None else (name or row.strip())


Candidate = tuple[int, str] | None


def _author_sides(
    rows: list[str],
    labels: list[str],
    content: list[int],
    spans: list[tuple[Comment, list[int], str | None]],
    k: int,
    unsure: set[int],
) -> tuple[Candidate, Candidate, Candidate]:
    """A comment's candidate author lines, each with its name: its first line when that is an
    explicit author line or a bare name over more text; the explicit author line just above it
    (after the comment before) and just below it (before the comment after)."""
    low = spans[k - 1][1][-1] + 1 if k else 0
    high = spans[k + 1][1][0] if k + 1 < len(spans) else len(rows)
    first, last = content[0], content[-1]
    up = next((j for j in range(first - 1, low - 1, -1) if rows[j].strip()), None)
    down = next((j for j in range(last + 1, high) if rows[j].strip()), None)
    opening = first if len(content) > 1 and labels[first] == "comment_text" else None
    out: list[Candidate] = []
    for j in (opening, up, down):
        found = None
        if j is not None and (labels[j] == "chrome" or j in unsure or j == opening):
            info = line_info(j + 1, rows[j])
            author = author_of(info)
            if author is not None and not info.prose and author.name in rows[j]:
                bare_name = j == opening and info.words <= 3 and not info.ends_terminal
                if author.strength >= 2 or bare_name:
                    found = j, author.name
        out.append(found)
    return out[0], out[1], out[2]


def _copy(comment: Comment) -> Comment:
    """A comment without its placement (`label_lines` places it in each rendering)."""
    return replace(comment, first_line=None, last_line=None)


def build_page(page: PoolPage, out: Path) -> list[dict[str, Any]]:
    """Label every rendering of one page and write them; return their manifest rows."""
    try:
        html, _ = decode_html(page.html, page.name)
    except Exception as error:  # an unreadable page is reported, not fatal
        return [{"pool": page.pool, "page": page.name, "error": str(error)}]
    sources, tree = gather(page, html)
    host = host_of_html(html, page.url)
    rows = []
    for rendering, text in render(tree, sources).items():
        if not text.strip():
            continue
        if not text.endswith("\n"):
            text += "\n"
        gold = label(text, sources)
        name = f"{page.pool}-{page.name}"
        record = {
            "file": name,
            "pool": page.pool,
            "rendering": rendering,
            "host": host,
            "site": site_of(host) if host else f"{page.pool}-{page.name}",
            "system": sources.system,
            **gold,
        }
        folder = out / rendering
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        (folder / f"{name}.txt.gold.json").write_text(
            json.dumps(record, ensure_ascii=False), encoding="utf-8"
        )
        counts = Counter(row["label"] for row in gold["lines"])
        rows.append(
            {
                "file": name,
                "pool": page.pool,
                "rendering": rendering,
                "site": record["site"],
                "host": host,
                "system": sources.system,
                "spans_known": gold["spans_known"],
                "comments": len(gold["comments"]),
                "unsure": len(gold["unsure"]),
                **{f"n_{lab}": counts.get(lab, 0) for lab in Label},
            }
        )
    return rows


def _build(args: tuple[PoolPage, Path]) -> list[dict[str, Any]]:
    return build_page(*args)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="the pages folder (../shared/data/pages)")
    parser.add_argument("out", type=Path, help="where to write the labelled text pages")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--limit", type=int, default=None, help="pages per pool (for trials)")
    args = parser.parse_args(argv)
    missing = [name for name in NEEDS if importlib.util.find_spec(name) is None]
    if missing:
        print(
            f"build_textpages: needs {', '.join(missing)} (pip install -e '.[bench]')",
            file=sys.stderr,
        )
        return 2
    if not args.data.is_dir():
        print(f"build_textpages: {args.data}: no such folder", file=sys.stderr)
        return 2
    for rendering in RENDERINGS:
        (args.out / rendering).mkdir(parents=True, exist_ok=True)
    pages = read_pool(args.data, args.limit)
    manifest: list[dict[str, Any]] = []
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for rows in pool.map(_build, ((page, args.out) for page in pages), chunksize=4):
            manifest.extend(rows)
    manifest.sort(key=lambda row: (row.get("file") or row["page"], row.get("rendering", "")))
    with (args.out / "pages.jsonl").open("w", encoding="utf-8") as handle:
        for row in manifest:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    errors = sum(1 for row in manifest if "error" in row)
    pages_done = len({row["file"] for row in manifest if "error" not in row})
    print(
        f"build_textpages: {pages_done} pages, {len(manifest) - errors} renderings, {errors} errors"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
