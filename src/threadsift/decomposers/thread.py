"""Find where a page's comment thread starts and split it into comments.

Works on `LineInfo` rows. A comment is an optional author line, text lines, and chrome lines
(dates, votes, "Reply") inside its span. The author line may come before the text (most systems)
or after it ("Comment by NAME", "— NAME"); comments without author lines start after two blank
lines, after a chrome line that closed the previous comment, or at a new list number.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from threadsift.decomposers import patterns
from threadsift.decomposers.lines import LineInfo
from threadsift.page import Label

#: Pattern reasons that are not chrome inside a thread: a byline there is an author line.
NOT_THREAD_CHROME = frozenset({"byline"})
#: Pattern reasons that close a thread: the comment form and what follows it.
THREAD_END = frozenset({"comment-form", "related-links", "navigation"})
_GLUE = " \t,;:|/-–—@•·"


@dataclass(slots=True)
class Author:
    """An author line: the name it carries and how sure the shape is (2 = explicit)."""

    name: str
    strength: int
    after_text: bool = False
    says: bool = False
    header: bool = False


def author_of(info: LineInfo) -> Author | None:
    """The author an author-shaped line names, or None when the line is not author-shaped."""
    if info.author is False:
        info.author = _author_of(info)
    return info.author  # type: ignore[return-value]


def _author_of(info: LineInfo) -> Author | None:
    if info.blank or info.chars > 90 or info.words > 14 or info.has_url or info.code:
        return None
    core = info.core
    match = patterns.AUTHOR_SAYS.match(core)
    if match:
        name = (
            _strip_date(match["name"]) if patterns.DATE_RE.search(match["name"]) else match["name"]
        )
        if _name_shaped(name, loose=True):
            return Author(_clean(name), 2, says=True)
    match = patterns.AUTHOR_BY.match(core)
    if match and _name_shaped(match["name"], loose=True) and info.words <= 14:
        after = core[:1].isalpha() and core.split()[0].casefold() in _AFTER_WORDS
        return Author(_clean(_strip_date(match["name"])), 2, after_text=after)
    match = patterns.AUTHOR_DASH.match(info.text)
    if match and _name_shaped(_strip_date(match["name"]), loose=True):
        return Author(_clean(_strip_date(match["name"])), 2, after_text=True)
    if info.has_date and not info.date_only and info.words <= 12:
        date = patterns.DATE_RE.search(core)
        if date and core[: date.start()].rstrip().endswith(":"):
            return None  # "Joined: DATE" is a field, not a name
        if date and not any(ch.isdigit() for ch in date.group()):
            return None  # "today", "hoy": too weak to make a line a dated author line
        name = _strip_date(core)
        if name and name[0].isalnum() and _name_shaped(name, loose=False):
            return Author(_clean(name), 2)
    if info.pattern or info.number_only or info.date_only:
        return None
    if (_name_shaped(core, loose=True) and not info.ends_sentence) or _initial_end(core):
        return Author(_clean(core), 1)
    return None


_AFTER_WORDS = frozenset({"comment", "kommentar", "commentaire", "comentario"})


def _initial_end(text: str) -> bool:
    """A name ending in an initial ("Rainer B.") ends with a full stop but is still a name."""
    tokens = text.split()
    return 2 <= len(tokens) <= 3 and len(tokens[-1]) == 2 and tokens[-1][0].isupper()


def _strip_date(text: str) -> str:
    """The text around the first date in a line, without the date and its glue words."""
    match = patterns.DATE_RE.search(text)
    if not match:
        return text.strip(_GLUE)
    before, after = text[: match.start()], text[match.end() :]
    before = patterns.DATE_GLUE.sub(" ", before).strip(_GLUE + " ")
    if before:
        return " ".join(before.split())
    after = patterns.DATE_RE.sub(" ", after)
    after = patterns.DATE_GLUE.sub(" ", after).strip(_GLUE + " ")
    after = _BY.sub("", after)
    return " ".join(after.split())


_BY = re.compile(r"\A(?:von|by|par|por|di|de)\s+", re.IGNORECASE)


def _clean(name: str) -> str:
    return name.strip(_GLUE + " ").rstrip(":")


def _name_shaped(text: str, *, loose: bool) -> bool:
    """Could `text` be a commenter's name or handle? Short, no sentence, no quotes."""
    text = text.strip()
    if not text or len(text) > 45 or text.endswith((":", ",", ";")):
        return False
    tokens = text.split()
    if len(tokens) > 5 or not any(ch.isalpha() for ch in text):
        return False
    if any(ch in text for ch in '"“”„«»?!{};<>') or "()" in text or text.startswith("@"):
        return False
    if loose:
        return True
    letters = [token for token in tokens if token[:1].isalpha()]
    capitalised = sum(1 for token in letters if token[:1].isupper())
    return len(tokens) == 1 or capitalised * 2 >= len(letters)


def thread_chrome(info: LineInfo) -> str | None:
    """The reason a line inside a thread is chrome, or None."""
    if info.pattern and info.pattern not in NOT_THREAD_CHROME:
        return info.pattern
    if info.date_only:
        return "date"
    if info.number_only:
        return "number"
    return None


def _next_content(infos: list[LineInfo], i: int, end: int) -> int | None:
    """Index of the next non-blank line after `i` that is not thread chrome."""
    for j in range(i + 1, end):
        info = infos[j]
        if info.blank or thread_chrome(info):
            continue
        return j
    return None


def _author_here(infos: list[LineInfo], i: int, end: int) -> Author | None:
    """The author line at `i` when it is followed by comment text (or closes a comment)."""
    author = author_of(infos[i])
    if author is None or author.after_text:
        return author  # an author printed under the text may be the page's last line
    following = _next_content(infos, i, end)
    if following is None:
        return None
    if author.strength >= 2:
        return author
    below = next((j for j in range(i + 1, end) if not infos[j].blank), following)
    if infos[below].date_only or infos[below].pattern == "profile":
        return Author(author.name, 2, header=True)  # a name with its date or rank under it
    nxt = author_of(infos[following])
    quote = (
        nxt is not None
        and nxt.says
        and following + 1 < len(infos)
        and not infos[following + 1].blank
    )
    if nxt is not None and not infos[following].prose and not quote:
        return None
    return author


def find_thread_start(infos: list[LineInfo], start: int, repeated: set[str]) -> int | None:
    """Index of the first line of the comment thread at or after `start`, or None."""
    end = len(infos)
    prose_before = 0
    for i in range(start, end):
        info = infos[i]
        if info.blank:
            continue
        if info.pattern in ("comment-heading", "comment-widget", "comment-form"):
            after_article = info.pattern == "comment-heading" and prose_before >= 3
            if after_article or _opens_thread(infos, i, end):
                return i
            continue
        prose_before += info.prose
        author = _author_here(infos, i, end)
        if author is None or info.prose:
            continue
        if author.after_text and author.strength >= 2:
            return _paragraph_start(infos, i, start)
        if author.header and prose_before >= 1 and _texty(infos[_next_content(infos, i, end) or i]):
            return i  # "NAME / DATE / text" after the article: a post
        if (author.strength >= 2 or info.bullet) and _rhythm(infos, i, end, needed=1, strict=False):
            return _walk_back(infos, i, start)
        if (
            author.name.casefold() in repeated
            and _name_shaped(author.name, loose=False)
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
        author = _author_here(infos, j, end)
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
        following = _next_content(infos, j, end)
        if following is None:
            return False
        if strict and between == 0 and not _texty(infos[following]):
            return False
        author = _author_here(infos, following, end)
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
            if strict and not _name_shaped(author.name, loose=False):
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
        if candidate is None or not _name_shaped(candidate.name, loose=False):
            return best
        best = j = name_line


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
            labels[i] = (Label.CHROME, "after-comments")
            continue
        author = _author_here(infos, i, end)
        if author is not None and info.prose and (author.strength < 2 or info.words > 12):
            author = None
        if (
            author is not None
            and author.strength < 2
            and (explicit or not _after_break(labels, infos, i))
        ):
            author = None  # a bare name is text when authors are explicit or it ends a paragraph
        if (
            author is None
            and not after_text
            and not info.prose
            and _after_break(labels, infos, i)
            and (current is None or current.closed or blanks >= 1)
            and _avatar_name(infos, i, end)
        ):
            labels[i] = (Label.CHROME, "avatar-name")
            continue
        if after_text and author is not None and author.strength >= 2:
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
        if reason and not (author and author.strength >= 2):
            if info.pattern in THREAD_END and comments and i >= last_sign:
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
            and patterns.AUTHOR_SAYS.match(info.core)
        ):
            author = None  # "NAME said:" under an author line opens a quoted passage
        if (
            not after_text
            and author is not None
            and (current is None or current.closed or current.text_lines or author.strength >= 2)
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
                labels[t] = (Label.CHROME, "after-comments")
    _drop_signatures(comments, infos, labels)
    result: list[Found] = []
    for comment in comments:
        if not comment.text_lines:
            if comment.author_line is not None:
                labels[comment.author_line] = (Label.CHROME, "empty-comment")
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
    for i in lines:
        if infos[i].has_date:
            match = patterns.DATE_RE.search(infos[i].core)
            if match:
                return _full_date(infos[i].core, match)
    return None


def _full_date(text: str, match: re.Match[str]) -> str:
    """The date with the time printed right after it ("12.03.2021 @ 10:04")."""
    end = match.end()
    for following in patterns.DATE_RE.finditer(text, end):
        if following.start() - end > 4:
            break
        end = following.end()
    return text[match.start() : end].strip(" ,@|")


def _avatar_name(infos: list[LineInfo], i: int, end: int) -> bool:
    """A bare name printed just above the real author line (an avatar's alt text)."""
    this = author_of(infos[i])
    following = _next_content(infos, i, end)
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
        if author is None or author.strength < 2:
            continue
        following = next((j for j in range(i + 1, end) if not infos[j].blank), None)
        closes = following is None or infos[following].pattern in ("comment-action", "comment-form")
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


def _drop_signatures(
    comments: list[_Comment], infos: list[LineInfo], labels: dict[int, tuple[Label, str | None]]
) -> None:
    """A closing line that ends two comments of one author word for word is a forum signature.

    A short greeting ("Kind regards") may close many people's comments; it stays text.
    """
    closing = Counter(
        (comment.author.name if comment.author else None, infos[comment.text_lines[-1]].key)
        for comment in comments
        if len(comment.text_lines) > 1 and infos[comment.text_lines[-1]].words >= 4
    )
    for comment in comments:
        if len(comment.text_lines) < 2:
            continue
        name = comment.author.name if comment.author else None
        if name is not None and closing[name, infos[comment.text_lines[-1]].key] >= 2:
            labels[comment.text_lines.pop()] = (Label.CHROME, "signature")


def _explicit_authors(infos: list[LineInfo], begin: int, end: int) -> bool:
    """Does the thread name its authors in an explicit form ("NAME says:", "NAME DATE")?"""
    count = 0
    for i in range(begin, end):
        author = None if infos[i].blank else _author_here(infos, i, end)
        if author is not None and author.says and i + 1 < end and not infos[i + 1].blank:
            continue  # "NAME wrote:" glued to its text may introduce a quotation
        if author is not None and author.strength >= 2:
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
        if info.date_only or info.pattern == "comment-action":
            return j
        author = None if info.prose else _author_here(infos, j, end)
        if author is not None and author.strength >= 2:
            return j
    return -1
