"""Split a page's comment thread into comments.

Works on `LineInfo` rows from where `thread_start.find_thread_start` says the thread begins. A
comment is an optional author line, text lines, and chrome lines (dates, votes, "Reply") inside
its span. The author line may come before the text (most systems) or after it ("Comment by
NAME", "— NAME"); comments without author lines start after two blank lines, after a chrome line
that closed the previous comment, or at a new list item.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from threadsift.decomposers.authors import (
    AUTHOR_SAYS,
    EXPLICIT,
    Author,
    author_here,
    author_of,
    next_content,
    thread_chrome,
)
from threadsift.decomposers.lines import LineInfo
from threadsift.page import Label
from threadsift.reasons import Reason

#: Pattern reasons that close a thread: the comment form and what follows it.
THREAD_END = frozenset({Reason.COMMENT_FORM, Reason.RELATED_LINKS, Reason.NAVIGATION})


@dataclass(slots=True)
class _Comment:
    first: int
    author_line: int | None = None
    author: Author | None = None
    text_lines: list[int] = field(default_factory=list)
    chrome_lines: list[int] = field(default_factory=list)
    closed: bool = False


@dataclass(slots=True)
class Found:
    """A comment found in the text: its span (0-based, inclusive), author, text lines, the
    indentation of its first line (the reply depth shows as indentation) and its date."""

    first: int
    last: int
    author: str | None
    text_lines: list[int]
    indent: int
    date: str | None


@dataclass(slots=True)
class Thread:
    """The comments found in a thread region, and the label of every line of the region."""

    labels: dict[int, tuple[Label, str | None]]
    comments: list[Found]


def split_thread(infos: list[LineInfo], begin: int, end: int) -> Thread:
    """Label lines `begin..end-1` and group them into comments.

    Each comment comes back as (first index, last index, author, text line indices, indent).
    """
    labels: dict[int, tuple[Label, str | None]] = {}
    comments: list[_Comment] = []
    after_text = _authors_after_text(infos, begin, end)
    listed = _listed_thread(infos, begin, end)
    explicit = _explicit_authors(infos, begin, end)
    last_sign = _last_sign_of_comments(infos, begin, end)
    current: _Comment | None = None
    blanks = 0
    finished = False
    for i in range(begin, end):
        info = infos[i]
        if info.blank:
            blanks += 1
            continue
        if finished:
            labels[i] = (Label.CHROME, Reason.AFTER_COMMENTS)
            continue
        author = author_here(infos, i, end)
        if author is not None and info.prose and (author.strength < EXPLICIT or info.words > 12):
            author = None
        if (
            author is not None
            and author.strength < EXPLICIT
            and (
                explicit
                or not _after_break(labels, infos, i)
                or (listed and not (info.bullet or info.numbered))
            )
        ):
            # A bare name is text when the thread names its authors explicitly, when it ends a
            # paragraph, or when the thread's comments are list items and it is not one.
            author = None
        if (
            author is None
            and not after_text
            and not info.prose
            and _after_break(labels, infos, i)
            and (current is None or current.closed or blanks >= 1)
            and _avatar_name(infos, i, end)
        ):
            labels[i] = (Label.CHROME, Reason.AVATAR_NAME)
            continue
        if after_text and author is not None and author.strength >= EXPLICIT:
            target = current if current and current.text_lines and current.author is None else None
            if target is None:
                target = _Comment(first=i)
                comments.append(target)
            target.author_line, target.author, target.closed = i, author, True
            labels[i] = (Label.COMMENT_AUTHOR, None)
            current = target
            blanks = 0
            continue
        reason = thread_chrome(info)
        if reason and not (author and author.strength >= EXPLICIT):
            related_heading = (
                info.pattern == Reason.RELATED_LINKS and info.words <= 4 and len(comments) >= 2
            )
            if info.pattern in THREAD_END and comments and (i >= last_sign or related_heading):
                finished = True
                labels[i] = (Label.CHROME, info.pattern)
                continue
            labels[i] = (Label.CHROME, reason)
            if current is not None and current.text_lines:
                current.closed = True
                current.chrome_lines.append(i)
            elif current is not None:
                current.chrome_lines.append(i)
            blanks = 0
            continue
        if (
            author is not None
            and current is not None
            and current.author is not None
            and not current.text_lines
            and AUTHOR_SAYS.match(info.core)
        ):
            author = None  # "NAME said:" under an author line opens a quoted passage
        if (
            not after_text
            and author is not None
            and (
                current is None
                or current.closed
                or current.text_lines
                or author.strength >= EXPLICIT
            )
        ):
            current = _Comment(first=i, author_line=i, author=author)
            comments.append(current)
            labels[i] = (Label.COMMENT_AUTHOR, None)
            blanks = 0
            continue
        starts_new = (
            current is None
            or current.closed
            or (blanks >= 2 and bool(current.text_lines))
            or (
                (info.numbered or info.bullet)
                and bool(current.text_lines)
                and listed
                and not after_text
                and info.indent <= infos[current.first].indent + 2
            )
        )
        if starts_new:
            current = _Comment(first=i)
            comments.append(current)
        assert current is not None
        current.text_lines.append(i)
        labels[i] = (Label.COMMENT_TEXT, None)
        blanks = 0
    if explicit:
        # Trailing "comments" of short, sentence-less lines after a thread whose comments
        # name their authors are the page footer.
        while (
            comments
            and comments[-1].author is None
            and all(
                not infos[t].ends_terminal and infos[t].words <= 8 for t in comments[-1].text_lines
            )
        ):
            for t in comments.pop().text_lines:
                labels[t] = (Label.CHROME, Reason.AFTER_COMMENTS)
    closed = sum(1 for comment in comments if comment.closed)
    if closed >= 2 and closed * 2 >= len(comments):
        # Comments here end with their actions or date ("Reply", "3 hours ago"): text after the
        # last such line is the page footer, not one more comment.
        while comments and comments[-1].first > last_sign and comments[-1].author is None:
            for t in comments.pop().text_lines:
                labels[t] = (Label.CHROME, Reason.AFTER_COMMENTS)
    _drop_signatures(comments, infos, labels)
    result: list[Found] = []
    for comment in comments:
        if not comment.text_lines:
            if comment.author_line is not None:
                labels[comment.author_line] = (Label.CHROME, Reason.EMPTY_COMMENT)
            continue
        span = comment.text_lines + (
            [comment.author_line] if comment.author_line is not None else []
        )
        first, last = min(span), max(span)
        result.append(
            Found(
                first=first,
                last=last,
                author=comment.author.name if comment.author else None,
                text_lines=comment.text_lines,
                indent=infos[
                    comment.author_line if comment.author_line is not None else first
                ].indent,
                date=_date_of(comment, infos),
            )
        )
    return Thread(labels=labels, comments=result)


def _date_of(comment: _Comment, infos: list[LineInfo]) -> str | None:
    """The date printed with a comment: in its author line or a date line of its own."""
    lines = ([comment.author_line] if comment.author_line is not None else []) + sorted(
        comment.chrome_lines
    )
    return next((infos[i].date for i in lines if infos[i].date), None)


def _avatar_name(infos: list[LineInfo], i: int, end: int) -> bool:
    """A bare name printed just above the real author line (an avatar's alt text)."""
    this = author_of(infos[i])
    following = next_content(infos, i, end)
    if this is None or following is None:
        return False
    nxt = author_of(infos[following])
    return (
        nxt is not None
        and nxt.strength >= this.strength
        and nxt.name.casefold().startswith(this.name.casefold())
    )


def _authors_after_text(infos: list[LineInfo], begin: int, end: int) -> bool:
    """Does this thread print each author under the comment's text?

    An author line that the comment's actions ("Reply", "Flag") follow closes its comment; one
    that the text follows opens it. The majority decides.
    """
    after = before = 0
    for i in range(begin, end):
        author = author_of(infos[i])
        if author is None or author.strength < EXPLICIT:
            continue
        following = next((j for j in range(i + 1, end) if not infos[j].blank), None)
        closes = following is None or infos[following].pattern in (
            Reason.COMMENT_ACTION,
            Reason.COMMENT_FORM,
        )
        if author.after_text or closes:
            after += 1
        else:
            before += 1
    return after >= 2 and after > before


def _after_break(
    labels: dict[int, tuple[Label, str | None]], infos: list[LineInfo], i: int
) -> bool:
    """Does line `i` open a block: after a blank line, a chrome line or at the thread start?"""
    previous = labels.get(i - 1)
    return infos[i - 1].blank or previous is None or previous[0] is Label.CHROME


#: Words of the greetings people close their comments with: such a closing line is text.
_GREETING = re.compile(
    r"(?i)\b(?:grü(?:ß|ss)e|gruß|regards|cheers|best|thanks|thank you|danke|merci|saludos"
    r"|bises|bisous|amitiés|cordialement|salutations|abrazos?|besos|lg|vg|mfg|ciao|saluti)\b"
)


def _drop_signatures(
    comments: list[_Comment], infos: list[LineInfo], labels: dict[int, tuple[Label, str | None]]
) -> None:
    """A closing line that ends two comments of one author word for word is a forum signature.

    A short greeting ("Kind regards") may close many people's comments; it stays text.
    """
    closing = Counter(
        (comment.author.name if comment.author else None, infos[comment.text_lines[-1]].key)
        for comment in comments
        if len(comment.text_lines) > 1
        and infos[comment.text_lines[-1]].words >= 4
        and infos[comment.text_lines[-1]].key
    )
    for comment in comments:
        if len(comment.text_lines) < 2:
            continue
        name = comment.author.name if comment.author else None
        closing_line = infos[comment.text_lines[-1]]
        key = closing_line.key
        if (
            name is not None
            and key
            and closing[name, key] >= 2
            and not _GREETING.search(closing_line.text)
        ):
            labels[comment.text_lines.pop()] = (Label.CHROME, Reason.SIGNATURE)


def _explicit_authors(infos: list[LineInfo], begin: int, end: int) -> bool:
    """Does the thread name its authors in an explicit form ("NAME says:", "NAME DATE")?"""
    count = 0
    for i in range(begin, end):
        author = None if infos[i].blank else author_here(infos, i, end)
        if author is not None and author.says and i + 1 < end and not infos[i + 1].blank:
            continue  # "NAME wrote:" glued to its text may introduce a quotation
        if author is not None and author.strength >= EXPLICIT:
            count += 1
            if count >= 2:
                return True
    return False


def _listed_thread(infos: list[LineInfo], begin: int, end: int) -> bool:
    """Are the thread's comments list items ("2. text", "• text") after a blank line?"""
    starts = sum(
        1
        for i in range(begin + 1, end)
        if (infos[i].numbered or infos[i].bullet) and infos[i - 1].blank and infos[i].prose
    )
    return starts >= 2


def _last_sign_of_comments(infos: list[LineInfo], begin: int, end: int) -> int:
    """Index of the last explicit author, date or comment action in the thread (or -1).

    A form or navigation line after it ends the thread.
    """
    for j in range(end - 1, begin - 1, -1):
        info = infos[j]
        if info.blank:
            continue
        if info.date_only or info.pattern == Reason.COMMENT_ACTION:
            return j
        author = None if info.prose else author_here(infos, j, end)
        if author is not None and author.strength >= EXPLICIT:
            return j
    return -1
