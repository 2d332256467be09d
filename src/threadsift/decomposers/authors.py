"""Author lines of comment threads: what an author line looks like and whom it names.

An author line is "NAME says:", "Comment by NAME — DATE", "— NAME", "NAME DATE", or a bare name
above (or, on some systems, below) the comment's text. `author_of` reads one line; `author_here`
also looks at the lines around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from threadsift.decomposers.dates import DATE_GLUE, DATE_RE
from threadsift.decomposers.lines import LineInfo
from threadsift.reasons import Reason

#: The verbs of "NAME says:" lines, in the languages of the author patterns.
SAYS_VERBS = (
    "says", "said", "wrote", "writes", "sagt", "sagte", "schrieb", "schreibt", "meint", "meinte",
    "antwortete", "dit", "a dit", "écrit", "a écrit", "répond", "dice", "dijo", "escribió",
    "comentó", "scrive", "ha scritto", "zegt", "hat gesagt", "hat geschrieben", "ha dicho",
    "ha escrito",
)  # fmt: skip
_SAYS = "|".join(map(re.escape, SAYS_VERBS))
#: "NAME says:" and the like: the name is the `name` group.
AUTHOR_SAYS = re.compile(
    r"\A(?:\d+[.)]\s*)?(?P<name>[^\s].{0,60}?)[\s,]+(?:" + _SAYS + ")"
    r"(?:\s+(?:on|am|le|el|il)(?:\s+.{0,60})?)?\s*"
    r"(?::|\.\.\.|…)?\s*\Z",
    re.IGNORECASE,
)
#: "Comment by NAME", "by NAME on DATE", "Posted by: NAME at DATE", "par NAME le DATE", "von NAME
#: am DATE", "— NAME".
AUTHOR_BY = re.compile(
    r"\A(?:\d+[.)]\s*)?(?:(?:comment|kommentar|commentaire|comentario|posted|written|submitted"
    r"|gepostet|geschrieben|eingereicht|verfasst|kommentiert|posté|publié|écrit|enviado"
    r"|publicado|escrito)\s+)?"
    r"(?:by|von|par|por|de|from):?\s+(?P<name>[^\s].{0,50}?)"
    r"(?:\s*(?:[—–|,-]|\s(?:on|am|le|el|at|um|à)\s).*)?\Z",
    re.IGNORECASE,
)
AUTHOR_DASH = re.compile(r"\A[—–-]{1,2}\s*(?P<name>[^\s—–-][^—–]{0,50}?)(?:\s*[—–,|].*)?\Z")
#: Pattern reasons that are not chrome inside a thread: a byline there is an author line.
NOT_THREAD_CHROME = frozenset({Reason.BYLINE})
_GLUE = " \t,;:|/-–—@•·"


@dataclass(frozen=True, slots=True)
class Author:
    """An author line: the name it carries and how sure the shape is (`EXPLICIT` or weaker)."""

    name: str
    strength: int
    after_text: bool = False
    says: bool = False
    header: bool = False


#: The strength of a shape that names an author outright ("NAME says:", "Comment by NAME").
EXPLICIT = 2


def author_of(info: LineInfo) -> Author | None:
    """The author an author-shaped line names, or None when the line is not author-shaped."""
    if info.author is False:
        if info.chars > MAX_AUTHOR_CHARS:
            info.author = None
        else:  # what a short line says depends on its text and pattern alone: cached
            key = (info.text, info.pattern)
            found = _AUTHORS.get(key, False)
            if found is False:
                if len(_AUTHORS) >= _CACHE_SIZE:
                    _AUTHORS.clear()
                found = _AUTHORS[key] = _author_of(info)
            info.author = found
    return info.author  # type: ignore[return-value]


#: Short lines' authors, by (text, pattern); `Author`s are never changed once made.
_AUTHORS: dict[tuple[str, str | None], Author | None] = {}
_CACHE_SIZE = 1 << 17
#: No author line is longer than this (in characters of its core).
MAX_AUTHOR_CHARS = 90


def _author_of(info: LineInfo) -> Author | None:
    if info.blank or info.chars > MAX_AUTHOR_CHARS or info.words > 14 or info.has_url or info.code:
        return None
    core = info.core
    low = core.casefold()
    match = AUTHOR_SAYS.match(core) if _SAYS_HINT.search(low) else None
    if match:
        name = strip_date(match["name"]) if DATE_RE.search(match["name"]) else match["name"]
        if name_shaped(name, loose=True):
            return Author(_clean(name), EXPLICIT, says=True)
    opening_words = set(low.split(maxsplit=2)[:2])
    match = AUTHOR_BY.match(core) if _BY_WORDS & opening_words else None
    name = _clean(strip_date(match["name"])) if match else ""
    if match and name and name_shaped(match["name"], loose=True) and info.words <= 14:
        after = core[:1].isalpha() and core.split()[0].casefold() in _AFTER_WORDS
        return Author(name, EXPLICIT, after_text=after)
    match = AUTHOR_DASH.match(info.text) if info.text[:1] in "—–-" else None
    if match and name_shaped(strip_date(match["name"]), loose=True):
        return Author(_clean(strip_date(match["name"])), EXPLICIT, after_text=True)
    if info.has_date and not info.date_only and info.words <= 12:
        if core[: info.date_at].rstrip().endswith(":"):
            return None  # "Joined: DATE" is a field, not a name
        if not _DIGIT.search(info.date or ""):
            return None  # "today", "hoy": too weak to make a line a dated author line
        name = strip_date(core)
        if name and name[0].isalnum() and name_shaped(name, loose=False):
            return Author(_clean(name), EXPLICIT)
    if info.pattern or info.number_only or info.date_only:
        return None
    if (name_shaped(core, loose=True) and not info.ends_sentence) or _initial_end(core):
        return Author(_clean(core), 1)
    return None


_AFTER_WORDS = frozenset({"comment", "kommentar", "commentaire", "comentario"})
#: Cheap checks before the author regexes: a "says" verb's last word anywhere in the line
#: (casefolded), and the words an "by NAME" line starts with (the list number stripped).
_DIGIT = re.compile(r"\d")
_SAYS_HINT = re.compile("|".join(sorted({re.escape(verb.split()[-1]) for verb in SAYS_VERBS})))
_BY_WORDS = frozenset(
    ("by", "von", "par", "por", "de", "from", "comment", "kommentar", "commentaire", "comentario",
     "posted", "written", "submitted", "gepostet", "geschrieben", "eingereicht", "verfasst",
     "kommentiert", "posté", "publié", "écrit", "enviado", "publicado", "escrito")
)  # fmt: skip


def _initial_end(text: str) -> bool:
    """A name ending in an initial ("Rainer B.") ends with a full stop but is still a name."""
    tokens = text.split()
    return 2 <= len(tokens) <= 3 and len(tokens[-1]) == 2 and tokens[-1][0].isupper()


def strip_date(text: str) -> str:
    """The text around the first date in a line, without the date and its glue words."""
    match = DATE_RE.search(text)
    if not match:
        return text.strip(_GLUE)
    before, after = text[: match.start()], text[match.end() :]
    before = _edge_glue(before)
    if before:
        return before
    after = DATE_RE.sub(" ", after)
    after = DATE_GLUE.sub(" ", after).strip(_GLUE + " ")
    after = _BY.sub("", after)
    return " ".join(after.split())


_BY = re.compile(r"\A(?:von|by|par|por|di|de)\s+", re.IGNORECASE)


def _edge_glue(text: str) -> str:
    """`text` without the glue words at its ends ("on", "am", "|"); words inside are kept, and
    so is a capital initial ("NAME H" is no "14 h")."""
    words = text.strip(_GLUE + " ").split()

    def glue(word: str) -> bool:
        bare = word.strip(_GLUE)
        return not bare or (
            bool(DATE_GLUE.fullmatch(bare)) and not (len(bare) == 1 and bare.isupper())
        )

    while words and glue(words[-1]):
        words.pop()
    while words and glue(words[0]):
        words.pop(0)
    return " ".join(words).strip(_GLUE + " ")


def _clean(name: str) -> str:
    return name.strip(_GLUE + " ").rstrip(":")


_NOT_IN_NAMES = re.compile(r"[\"“”„«»?!{};<>]|\(\)|\A@")


@lru_cache(maxsize=1 << 16)
def name_shaped(text: str, *, loose: bool) -> bool:
    """Could `text` be a commenter's name or handle? Short, no sentence, no quotes.

    Cached: names and the short lines that are checked for one recur across pages.
    """
    text = text.strip()
    if not text or len(text) > 45 or text.endswith((":", ",", ";")):
        return False
    tokens = text.split()
    if len(tokens) > 5 or not any(ch.isalpha() for ch in text) or _NOT_IN_NAMES.search(text):
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
        return Reason.DATE
    if info.number_only:
        return Reason.NUMBER
    return None


def next_content(infos: list[LineInfo], i: int, end: int) -> int | None:
    """Index of the next non-blank line after `i` that is not thread chrome."""
    for j in range(i + 1, end):
        info = infos[j]
        if info.blank or thread_chrome(info):
            continue
        return j
    return None


def author_here(infos: list[LineInfo], i: int, end: int) -> Author | None:
    """The author line at `i` when it is followed by comment text (or closes a comment)."""
    author = author_of(infos[i])
    if author is None or author.after_text:
        return author  # an author printed under the text may be the page's last line
    following = next_content(infos, i, end)
    if following is None:
        return None
    if author.strength >= EXPLICIT:
        return author
    below = next((j for j in range(i + 1, end) if not infos[j].blank), following)
    if infos[below].date_only or infos[below].pattern == Reason.PROFILE:
        return Author(author.name, EXPLICIT, header=True)  # a name with its date or rank under it
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
