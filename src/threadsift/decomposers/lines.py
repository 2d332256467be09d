"""Shape features of one line of page text, computed once and shared by every decision."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from threadsift.decomposers import patterns
from threadsift.decomposers.dates import DATE_GLUE, DATE_RE
from threadsift.reasons import Reason

_WHOLE_LINE = patterns.compile_whole_line()
#: The reason given to lines learned as chrome from a site's other pages.
SITE_REPEATED = Reason.SITE_REPEATED
_BULLET = re.compile(r"\A\s*(?:[•·▪◦●○■□►▸‣⁃∙*>+]|[-–—](?=\s))\s*")
_NUMBERED = re.compile(r"\A\s*(?:#\s?)?\d{1,4}[.)]\s+(?=\S)")
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+\.(?:com|org|net|de|fr|es|html?)(?:/\S*)?\b")
_URL_HINT = re.compile(r"http|www\.|\.(?:com|org|net|de|fr|es|htm)")
_CURRENCY = re.compile(r"\A[\s\d.,]*(?:[$€£¥₽]|usd|eur|chf)[\s\d.,]*\Z", re.IGNORECASE)
_NUMBER_ONLY = re.compile(r"\A[\s\d.,:;/()%+\-−#|]*\Z")
_TERMINAL = frozenset(".!?…:;\"'”“»«)]。！？")
_SENTENCE_END = frozenset(".!?…。！？")
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_ALNUM = re.compile(r"[^\W_]")
_DIGIT = re.compile(r"\d")
_CODE_SYMBOLS = re.compile(r"[{}();=<>\[\]$&|\\]")


@dataclass(slots=True)
class LineInfo:
    """What the decomposer knows about one line before deciding its label."""

    n: int
    raw: str
    text: str
    core: str
    blank: bool
    indent: int
    bullet: bool
    numbered: bool
    words: float
    chars: int
    ends_sentence: bool
    ends_terminal: bool
    pattern: Reason | None
    date_only: bool
    #: The date (with its time) printed in the line, and where it starts in `core`.
    date: str | None
    date_at: int
    number_only: bool
    has_url: bool
    code: bool
    #: The comparison key (`line_compare_key`) of a short line, "" for a long one: repeats, the
    #: reprinted headline and learned site chrome are all short lines, found by this key.
    key: str = ""
    #: A line that reads as running text: long, or a full sentence (`_prose`).
    prose: bool = False
    #: Memo of `authors.author_of` for this line (`False` until computed).
    author: object = False

    @property
    def has_date(self) -> bool:
        """Does the line print a date or time?"""
        return self.date is not None


def _prose(words: float, ends_sentence: bool, ends_terminal: bool) -> bool:
    """Does a line of `words` words read as running text: long, or a full sentence?"""
    if ends_sentence:
        return words >= 6
    return words >= 20 or (words >= 10 and ends_terminal)


def line_info(n: int, raw: str) -> LineInfo:
    """Compute the features of line `n` (1-based) whose text is `raw`.

    Lines that a crawl repeats (chrome, names, dates, stock phrases) are read once: the
    features of short lines are cached.
    """
    return LineInfo(n, *(_cached_shape(raw) if len(raw) <= _CACHED_CHARS else _shape(raw)))


#: Lines up to this long have their features cached.
_CACHED_CHARS = 300


def _shape(raw: str) -> tuple[Any, ...]:
    """Every `LineInfo` field of a line but its number and the author memo.

    Most of a page's bytes are in long prose lines, so the costly pattern checks only run on
    lines short enough to be chrome, dates or author lines.
    """
    text = raw.strip()
    if not text:
        return (raw, "", "", True, 0, False, False, 0, 0, False, False, None, False, None, 0,
                False, False, False, "", False)  # fmt: skip
    bullet_match = _BULLET.match(text)
    numbered_match = None if bullet_match else _NUMBERED.match(text)
    core = text
    if bullet_match:
        core = text[bullet_match.end() :]
    elif numbered_match:
        core = text[numbered_match.end() :]
    # A very long line (a whole page on one line) is prose: count its spaces, do not split it.
    count = len(core.split()) if len(core) < 2000 else core.count(" ") + 1
    cjk = 0 if core.isascii() else len(_CJK.findall(core))
    words = count + cjk / 1.2
    last = core[-1:]
    short = count <= 30 and len(core) <= 240
    pattern = _chrome_pattern(core, count) if short else None
    date, date_at, date_only = None, 0, False
    if count <= 16 and _DIGIT.search(core):
        date, date_at, date_only = _date_shape(core)
    ends_sentence, ends_terminal = last in _SENTENCE_END, last in _TERMINAL
    return (
        raw, text, core, False, len(raw) - len(raw.lstrip()), bullet_match is not None,
        numbered_match is not None, words, len(core), ends_sentence, ends_terminal,
        pattern, date_only, date, date_at, short and _NUMBER_ONLY.match(core) is not None,
        short and _URL_HINT.search(core) is not None and _URL.search(core) is not None,
        short and _looks_like_code(core), line_compare_key(text) if short else "",
        _prose(words, ends_sentence, ends_terminal),
    )  # fmt: skip


_cached_shape = lru_cache(maxsize=1 << 17)(_shape)


@lru_cache(maxsize=1 << 16)
def _chrome_pattern(core: str, count: int) -> Reason | None:
    """The pattern reason of a short line, or None (cached: chrome lines recur across pages)."""
    if _CURRENCY.match(core):
        return Reason.CURRENCY_AMOUNT
    if not _ALNUM.search(core) and not _looks_like_code(core):
        return Reason.SEPARATOR
    match = _WHOLE_LINE.match(core)
    if match and match.lastgroup:
        return Reason[match.lastgroup]
    low = core.casefold()
    if (
        count <= 20
        and not (core[-1:] in _SENTENCE_END and count >= 8)
        and any(mark in low for mark in patterns.CREDIT_MARKS)
        and patterns.CREDIT.search(core)
    ):
        return Reason.CAPTION
    if patterns.COMMENT_TALK.search(low) and patterns.POLICY_TALK.search(low):
        return Reason.COMMENT_POLICY
    return None


@lru_cache(maxsize=1 << 16)
def _date_shape(core: str) -> tuple[str | None, int, bool]:
    """The first date of a short line (with the time right after it), where it starts, and
    whether the date is all the line holds (bar glue and chrome words)."""
    match = DATE_RE.search(core)
    if not match:
        return None, 0, False
    end = match.end()
    for following in DATE_RE.finditer(core, end):
        if following.start() - end > 4:
            break
        end = following.end()
    rest = DATE_RE.sub(" ", core)
    rest = DATE_GLUE.sub(" ", rest).strip(" #|·•,;:-–—")
    chrome = _WHOLE_LINE.match(rest)
    only = not _ALNUM.search(rest) or bool(chrome and chrome.lastgroup != Reason.BYLINE.name)
    return core[match.start() : end].strip(" ,@|"), match.start(), only


def _looks_like_code(text: str) -> bool:
    """A line of a code sample: symbol-heavy, or ending the way statements end."""
    if text.startswith(
        (
            "//",
            "/*",
            "#include",
            "import ",
            "def ",
            "return ",
            "</",
            "var ",
            "let ",
            "const ",
            "function",
        )
    ):
        return True
    if text.startswith("from ") and " import " in text:
        return True
    symbols = len(_CODE_SYMBOLS.findall(text))
    if text[-1:] in ("{", "}", ";") or (text[-1:] in ("(", ",", "[") and symbols >= 1):
        return True
    return symbols >= 3 and symbols * 12 >= len(text)


_NOT_WORD = re.compile(r"[\W_]+")


_WORD = re.compile(r"[^\W\d_]+")


def line_compare_words(text: str) -> list[str]:
    """The words a line is compared by: case-folded, letters only."""
    return _WORD.findall(text.casefold())


def line_compare_key(text: str) -> str:
    """A line's comparison key: case-folded, letters and digits only."""
    return _NOT_WORD.sub("", text.casefold())
