"""Where the comment thread of a page starts.

A thread starts at a comment heading or widget line that comment structure follows, at an
explicit author line with another one soon after, at an author printed under its text, at a post
header (a name over its date), or at a rhythm of bare names each followed by a short text.
"""

from __future__ import annotations

from threadsift.decomposers.authors import (
    author_here,
    author_of,
    name_shaped,
    next_content,
    thread_chrome,
)
from threadsift.decomposers.lines import LineInfo
from threadsift.reasons import Reason


def find_thread_start(infos: list[LineInfo], start: int, repeated: set[str]) -> int | None:
    """Index of the first line of the comment thread at or after `start`, or None."""
    end = len(infos)
    prose_before = 0
    for i in range(start, end):
        info = infos[i]
        if info.blank:
            continue
        if info.pattern in (
            Reason.COMMENT_HEADING,
            Reason.COMMENT_WIDGET,
            Reason.COMMENT_FORM,
            Reason.COMMENT_POLICY,
        ):
            after_article = info.pattern == Reason.COMMENT_HEADING and prose_before >= 3
            if after_article or _opens_thread(infos, i, end):
                return i
            continue
        prose_before += info.prose
        author = author_here(infos, i, end)
        if author is None or info.prose:
            continue
        if author.after_text and author.strength >= 2:
            return _paragraph_start(infos, i, start)
        if author.header and prose_before >= 1 and _texty(infos[next_content(infos, i, end) or i]):
            return i  # "NAME / DATE / text" after the article: a post
        if (author.strength >= 2 or info.bullet) and _rhythm(infos, i, end, needed=1, strict=False):
            return _walk_back(infos, i, start)
        if (
            author.name.casefold() in repeated
            and name_shaped(author.name, loose=False)
            and _rhythm(infos, i, end, needed=1, strict=True)
        ):
            return _walk_back(infos, i, start)
        if _rhythm(infos, i, end, needed=4, strict=True, limit=2):
            return i
    return None


def _opens_thread(infos: list[LineInfo], i: int, end: int) -> bool:
    """Is the heading or widget line at `i` followed by a thread, not by more article?

    A comment count printed under the headline is followed by the article's prose; a real
    thread heading by widget lines, author lines or the first comment's text and its actions.
    """
    seen = 0
    for j in range(i + 1, end):
        info = infos[j]
        if info.blank:
            continue
        author = author_here(infos, j, end)
        if thread_chrome(info) or (author is not None and author.strength >= 2):
            return True
        seen += 1
        if seen >= 6:
            break
    return False


def _rhythm(
    infos: list[LineInfo], i: int, end: int, *, needed: int, strict: bool, limit: int = 0
) -> bool:
    """Do `needed` more author lines follow `i`, each after at most `limit` text lines?"""
    found = 0
    between = 0
    j = i
    limit = limit or (3 if strict else 8)
    first = author_of(infos[i])
    names = {first.name.casefold()} if first else set()
    if strict and i > 0 and not infos[i - 1].blank:
        return False
    while True:
        following = next_content(infos, j, end)
        if following is None:
            return False
        if strict and between == 0 and not _texty(infos[following]):
            return False
        author = author_here(infos, following, end)
        if author is not None and strict and not infos[following - 1].blank:
            author = None  # a bare name opens a comment only after a blank line
        if (
            author is not None
            and not strict
            and author.strength < 2
            and not (infos[i].bullet and infos[following].bullet)
        ):
            author = None
        if author is not None and not infos[following].prose:
            if strict and not name_shaped(author.name, loose=False):
                return False
            if between == 0:
                return False
            found += 1
            names.add(author.name.casefold())
            if found >= needed and (not strict or len(names) >= 2):
                return True
            if found > needed + 2:
                return False
            between = 0
        else:
            between += 1
            if between > limit:
                return False
        j = following


def _paragraph_start(infos: list[LineInfo], i: int, start: int) -> int:
    """First line of the block of text lines just above line `i`."""
    j = i
    while j - 1 >= start and not infos[j - 1].blank and not infos[j - 1].pattern:
        j -= 1
    return j


def _texty(info: LineInfo) -> bool:
    """Does a line read like the opening of a comment's text rather than a label or a name?"""
    return info.prose or (info.words >= 5 and not info.code)


def _walk_back(infos: list[LineInfo], i: int, start: int) -> int:
    """Extend a thread start backwards over earlier plain-name authors in the same rhythm."""
    best = i
    j = i
    while True:
        prev = [k for k in range(j - 1, start, -1) if not infos[k].blank][:2]
        if len(prev) < 2:
            return best
        text_line, name_line = prev
        if infos[text_line].pattern or author_of(infos[text_line]) is not None:
            return best
        candidate = author_of(infos[name_line])
        if candidate is None or not name_shaped(candidate.name, loose=False):
            return best
        best = j = name_line
