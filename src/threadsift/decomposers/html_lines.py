"""Label the rendered text of an HTML page from what the markup said (title, article, comments).

The comments found in the markup are matched to the rendered lines in page order: each comment's
text lines become `comment_text`, its author line `comment_author`, the dates, reply links and
headings between them `chrome`. Outside the thread, lines found in the extracted article are
`article`, the headline is `title`, and the rest is `chrome`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import Any

from threadsift.decomposers.lines import SITE_REPEATED, line_info
from threadsift.page import Comment, Label, Line
from threadsift.reasons import Reason

_NON_WORD = re.compile(r"[\W_]+")
_WORD_CHARACTER = re.compile(r"[^\W_]")
UNICODE_SIZE = 0x110000
_BULLET = re.compile(r"^\s*(?:[•◦▪‣*·-]|\d{1,4}[.)]|#\d{1,4})\s+")

# Reasons recorded on chrome lines (they double as ledger keys).
REASON_OUTSIDE = Reason.HTML_OUTSIDE_ARTICLE
REASON_THREAD = Reason.HTML_COMMENT_THREAD
REASON_META = Reason.HTML_COMMENT_META
REASON_NOT_COMMENT = Reason.HTML_NOT_A_COMMENT

# How far before its text a comment's author line may be, and after it when printed below.
AUTHOR_BEFORE = 8
AUTHOR_AFTER = 4
# Lines shorter than this (as keys) must equal a whole line of the reference to match it.
MIN_PARTIAL = 12
# A reference longer than this (key characters) is searched near its last match only.
LONG_REFERENCE = 200_000
SEARCH_WINDOW = 50_000
# Keys of texts up to this many characters are kept for the next time (`text_match_key`);
# longer non-ASCII texts lose their non-word characters by a code-point table (ten times the
# regex's speed there).
CACHED_KEY_CHARS = 400
# Consecutive comments not found in the text after which the others are not searched for.
MAX_MISSES = 20


_BULLET_START = frozenset("•◦▪‣*·-#0123456789")
# The ASCII characters `_NON_WORD` matches.
_ASCII_NON_WORD = bytes(c for c in range(128) if _NON_WORD.match(chr(c)))


def text_match_key(text: str) -> str:
    """The key a line is matched by against another text (the article, the comments, the
    title): lower-case letters and digits only, list bullet removed.

    NFC first: pages may spell "ê" as "e" plus a combining accent, which the key would lose
    (an extractor that normalises would then not match the rendered line).
    """
    # A page's lines are keyed several times (its blocks, its rendered rows, the article):
    # short texts are remembered.
    return _cached_text_match_key(text) if len(text) <= CACHED_KEY_CHARS else _text_match_key(text)


def _text_match_key(text: str) -> str:
    ascii_only = text.isascii()
    if not ascii_only:
        text = unicodedata.normalize("NFC", text)
    stripped = text.lstrip()
    if stripped[:1] in _BULLET_START:
        stripped = _BULLET.sub("", stripped)
    if ascii_only:  # the same characters dropped, by a byte table (a regex costs more)
        return stripped.lower().encode("ascii").translate(None, _ASCII_NON_WORD).decode("ascii")
    if len(stripped) > CACHED_KEY_CHARS:
        return _word_characters(stripped.lower())
    return _NON_WORD.sub("", stripped.lower())


@cache
def _kept_code_points() -> Any:
    """For each code point, whether `_NON_WORD` keeps it (made once, from the pattern itself)."""
    import numpy as np

    every = "".join(map(chr, range(UNICODE_SIZE)))
    kept = np.zeros(UNICODE_SIZE, dtype=bool)
    kept[[ord(c) for c in _WORD_CHARACTER.findall(every)]] = True
    return kept


def _word_characters(text: str) -> str:
    """`text` without the characters `_NON_WORD` matches (by `_kept_code_points`)."""
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    kept: str = codes[_kept_code_points()[codes]].tobytes().decode("utf-32-le", "surrogatepass")
    return kept


_cached_text_match_key = lru_cache(maxsize=1 << 13)(_text_match_key)


def rows_of(text: str) -> list[str]:
    """The lines of a rendered text as `Page.lines` numbers them (no phantom last line)."""
    rows = text.split("\n")
    if rows and rows[-1] == "":
        rows.pop()
    return rows


class Reference:
    """A text to find lines of: whole-line keys and, for long lines, substrings.

    Lines are asked for in page order. In a reference longer than `LONG_REFERENCE` key
    characters a substring is looked for only in the `SEARCH_WINDOW` after the last one found:
    searching all of it for every line would make a page's cost grow with its square.
    """

    def __init__(self, text: str) -> None:
        self.lines = {text_match_key(row) for row in text.split("\n")} - {""}
        self.flat = text_match_key(text)
        self._cursor = 0

    def has(self, line_key: str) -> bool:
        """Whether the reference holds the line (given as its `text_match_key`)."""
        if not line_key:
            return False
        if line_key in self.lines:
            return True
        if len(line_key) < MIN_PARTIAL:
            return False
        if len(self.flat) <= LONG_REFERENCE:
            return line_key in self.flat
        at = self.flat.find(line_key, self._cursor, self._cursor + SEARCH_WINDOW)
        if at < 0:
            return False
        self._cursor = at
        return True


def _action_row(row: str) -> bool:
    """Is a rendered row a comment action or a bare date (chrome a comment's markup may hold)?"""
    info = line_info(0, row)
    return info.pattern == Reason.COMMENT_ACTION or info.date_only


def _place_comment(
    comment: Comment,
    rows: list[str],
    keys: list[str],
    labels: list[Label | None],
    cursor: int,
    in_article: list[bool],
) -> tuple[int, int] | None:
    """Label one comment's lines from `cursor` on; return its first and last row, or None."""
    reference = Reference(comment.text)
    n = len(keys)
    # The first matching line; a comment quoting the article is not placed on the article's lines,
    # and a comment does not start on an action line ("Reply") that its markup also holds.
    start = fallback = None
    for j in range(cursor, n):
        if labels[j] is None and reference.has(keys[j]) and not _action_row(rows[j]):
            if not in_article[j]:
                start = j
                break
            if fallback is None:
                fallback = j
    start = fallback if start is None else start
    if start is None:
        return None
    end = start
    j = start + 1
    while j < n:
        if not keys[j]:
            j += 1
            continue
        if labels[j] is not None or not reference.has(keys[j]):
            break
        end = j
        j += 1
    author_row = None
    author_key = text_match_key(comment.author) if comment.author else ""
    if author_key:
        before = range(start - 1, max(cursor, start - AUTHOR_BEFORE) - 1, -1)
        after = range(end + 1, min(n, end + 1 + AUTHOR_AFTER))
        for j in (*before, *after):
            if labels[j] is None and author_key in keys[j] and len(keys[j]) <= len(author_key) + 40:
                author_row = j
                break
    for j in range(start, end + 1):
        if labels[j] is None and keys[j]:
            labels[j] = Label.COMMENT_TEXT if reference.has(keys[j]) else Label.CHROME
    first, last = start, end
    if author_row is not None:
        labels[author_row] = Label.COMMENT_AUTHOR
        first, last = min(first, author_row), max(last, author_row)
    return first, last


def all_rendered(text: str, comments: list[Comment]) -> bool:
    """Whether every comment's first line is in the rendered text (compared as keys)."""
    flat = text_match_key(text.replace("\n", " "))
    for comment in comments:
        first = next((k for k in map(text_match_key, comment.text.split("\n")) if k), "")
        if first and first not in flat:
            return False
    return True


def _article_or_base(line: Line, in_article: bool) -> tuple[Label, str | None]:
    """A line outside the comments: article when the article has it, else the plain-text
    decomposer's label and reason (its article lines that the article lacks are chrome; the
    chrome it learned across the site's pages stays chrome)."""
    if in_article and line.label not in (Label.TITLE, Label.BLANK) and line.reason != SITE_REPEATED:
        return Label.ARTICLE, None
    if line.label is Label.ARTICLE:
        return Label.CHROME, REASON_OUTSIDE
    return line.label, line.reason


def with_article(text: str, base: list[Line], article: str) -> list[Line]:
    """The plain-text decomposer's lines of `text` with the article taken from `article`
    (its comment lines stay comment lines; a line whose label stays is kept, not copied)."""
    reference = Reference(article)
    out = []
    for line, row in zip(base, rows_of(text), strict=False):
        if line.label in (Label.COMMENT_AUTHOR, Label.COMMENT_TEXT):
            out.append(line)
            continue
        label, reason = _article_or_base(line, reference.has(text_match_key(row)))
        if label is line.label and reason == line.reason:
            out.append(line)
        else:
            out.append(Line(n=line.n, label=label, reason=reason))
    return out


def without_site_chrome(article: str, text: str, base: list[Line]) -> str:
    """`article` without the rows of `text` that `base` calls chrome learned across the site."""
    rows = rows_of(text)
    chrome = {text_match_key(rows[line.n - 1]) for line in base if line.reason == SITE_REPEATED}
    chrome.discard("")
    if not chrome:
        return article
    return "\n".join(row for row in article.split("\n") if text_match_key(row) not in chrome)


def label_lines(
    text: str,
    *,
    title: str | None,
    article: str,
    comments: list[Comment],
    base: list[Line] | None = None,
) -> list[Line]:
    """Label every rendered line; set `first_line`/`last_line` of the comments found in it.

    Lines outside the comments are `article` when `article` has them; with `base` (the plain-
    text decomposer's labels of the same text) they keep its labels and chrome reasons instead,
    except that its comment labels outside the HTML's comments become chrome.
    """
    rows = rows_of(text)
    keys = [text_match_key(row) for row in rows]
    labels: list[Label | None] = [None if row.strip() else Label.BLANK for row in rows]
    reasons: dict[int, str] = {}
    reference = Reference(article)
    in_article = [reference.has(k) for k in keys]
    cursor = 0
    placed = False
    misses = 0
    for comment in comments:
        comment.first_line = comment.last_line = None
        # Each search for an absent comment reads the rest of the page: after a run of them
        # (comments known only from JSON-LD, say) the rest are not searched.
        span = (
            None
            if misses >= MAX_MISSES
            else _place_comment(comment, rows, keys, labels, cursor, in_article)
        )
        if span is None:
            misses += 1
            continue
        misses = 0
        first, last = span
        comment.first_line, comment.last_line = first + 1, last + 1
        if placed:  # what lies between two comments is the thread's chrome
            for j in range(cursor, first):
                if labels[j] is None:
                    labels[j], reasons[j] = Label.CHROME, REASON_THREAD
        for j in range(first, last + 1):
            if labels[j] is Label.CHROME:
                reasons[j] = REASON_META
        placed = True
        cursor = last + 1
    if base is not None and len(base) == len(rows):
        for j, line in enumerate(base):
            if labels[j] is not None:
                continue
            if line.label in (Label.COMMENT_AUTHOR, Label.COMMENT_TEXT):
                labels[j], reasons[j] = Label.CHROME, REASON_NOT_COMMENT
            else:
                labels[j], reason = _article_or_base(line, in_article[j])
                if reason:
                    reasons[j] = reason
        return [
            Line(n=j + 1, label=label or Label.CHROME, reason=reasons.get(j))
            for j, label in enumerate(labels)
        ]
    title_key = text_match_key(title) if title else ""
    for j, label in enumerate(labels):
        if label is not None or not keys[j]:
            continue
        if title_key and keys[j] == title_key:
            labels[j] = Label.TITLE
            title_key = ""
        elif in_article[j]:
            labels[j] = Label.ARTICLE
        else:
            labels[j], reasons[j] = Label.CHROME, REASON_OUTSIDE
    _label_symbol_rows(labels, reasons)
    return [
        Line(n=j + 1, label=label or Label.CHROME, reason=reasons.get(j))
        for j, label in enumerate(labels)
    ]


def _label_symbol_rows(labels: list[Label | None], reasons: dict[int, str]) -> None:
    """Rows of symbols only ("}", "—") take the label of the text around them when the rows
    before and after agree (a closing bracket in a code sample is article), else chrome."""
    for j, label in enumerate(labels):
        if label is not None:
            continue
        before = next((x for x in reversed(labels[:j]) if x not in (None, Label.BLANK)), None)
        after = next((x for x in labels[j + 1 :] if x not in (None, Label.BLANK)), None)
        if before is not None and before == after and before is not Label.COMMENT_AUTHOR:
            labels[j] = before
        else:
            labels[j], reasons[j] = Label.CHROME, REASON_OUTSIDE
