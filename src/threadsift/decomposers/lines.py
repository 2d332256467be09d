"""Shape features of one line of page text, computed once and shared by every decision."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from threadsift.decomposers import patterns

_WHOLE_LINE = patterns.compile_whole_line()
#: The reason given to lines learned as chrome from a site's other pages.
SITE_REPEATED = "site-repeated"
_BULLET = re.compile(r"\A\s*(?:[•·▪◦●○■□►▸‣⁃∙*>+]|[-–—](?=\s))\s*")
_NUMBERED = re.compile(r"\A\s*(?:#\s?)?\d{1,4}[.)]\s+(?=\S)")
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+\.(?:com|org|net|de|fr|es|html?)(?:/\S*)?\b")
_CURRENCY = re.compile(r"\A[\s\d.,]*(?:[$€£¥₽]|usd|eur|chf)[\s\d.,]*\Z", re.IGNORECASE)
_NUMBER_ONLY = re.compile(r"\A[\s\d.,:;/()%+\-−#|]*\Z")
_TERMINAL = frozenset(".!?…:;\"'”“»«)]。！？")
_SENTENCE_END = frozenset(".!?…。！？")
_CJK_RANGES = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF))


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


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
    pattern: str | None
    date_only: bool
    has_date: bool
    number_only: bool
    has_url: bool
    upper_start: bool
    cap_ratio: float
    code: bool

    @property
    def prose(self) -> bool:
        """A line that reads as running text: long, or a full sentence."""
        if self.ends_sentence:
            return self.words >= 6
        return self.words >= 20 or (self.words >= 10 and self.ends_terminal)


def line_info(n: int, raw: str) -> LineInfo:
    """Compute the features of line `n` (1-based) whose text is `raw`."""
    text = raw.strip()
    if not text:
        return LineInfo(
            n,
            raw,
            "",
            "",
            True,
            0,
            False,
            False,
            0,
            0,
            False,
            False,
            None,
            False,
            False,
            False,
            False,
            False,
            0.0,
            False,
        )
    indent = len(raw) - len(raw.lstrip())
    bullet_match = _BULLET.match(text)
    numbered_match = _NUMBERED.match(text)
    core = text
    if bullet_match:
        core = text[bullet_match.end() :]
    elif numbered_match:
        core = text[numbered_match.end() :]
    tokens = core.split()
    cjk = sum(1 for char in core if _is_cjk(char)) if not core.isascii() else 0
    words = float(len(tokens)) + cjk / 1.2
    last = core[-1] if core else ""
    pattern_match = _WHOLE_LINE.match(core) if len(core) <= 300 else None
    pattern = (
        pattern_match.lastgroup.replace("_", "-")
        if pattern_match and pattern_match.lastgroup
        else None
    )
    if _CURRENCY.match(core):
        pattern = "currency-amount"
    elif not any(ch.isalnum() for ch in core) and not _looks_like_code(core):
        pattern = "separator"
    elif (
        pattern is None
        and len(tokens) <= 20
        and not (core[-1:] in _SENTENCE_END and len(tokens) >= 8)
        and patterns.CREDIT.search(core)
    ):
        pattern = "caption"
    date_match = patterns.DATE_RE.search(core) if len(core) <= 200 else None
    date_only = False
    if date_match:
        rest = patterns.DATE_RE.sub(" ", core)
        rest = patterns.DATE_GLUE.sub(" ", rest).strip(" #|·•,;:-–—")
        chrome = _WHOLE_LINE.match(rest)
        date_only = not any(ch.isalnum() for ch in rest) or bool(
            chrome and chrome.lastgroup != "byline"
        )
    letters = [token for token in tokens if token[:1].isalpha()]
    caps = sum(1 for token in letters if unicodedata.category(token[0]) == "Lu")
    return LineInfo(
        n=n,
        raw=raw,
        text=text,
        core=core,
        blank=False,
        indent=indent,
        bullet=bool(bullet_match),
        numbered=bool(numbered_match),
        words=words,
        chars=len(core),
        ends_sentence=last in _SENTENCE_END,
        ends_terminal=last in _TERMINAL,
        pattern=pattern,
        date_only=date_only,
        has_date=bool(date_match),
        number_only=bool(_NUMBER_ONLY.match(core)),
        has_url=bool(_URL.search(core)),
        upper_start=core[:1].isupper(),
        cap_ratio=caps / len(letters) if letters else 0.0,
        code=_looks_like_code(core),
    )


_CODE_CHARS = frozenset("{}();=<>[]$&|\\")


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
    symbols = sum(1 for ch in text if ch in _CODE_CHARS)
    if text[-1:] in ("{", "}", ";") or (text[-1:] in ("(", ",", "[") and symbols >= 1):
        return True
    return symbols >= 3 and symbols * 12 >= len(text)


_NOT_WORD = re.compile(r"[\W_]+")


_WORD = re.compile(r"[^\W\d_]+")


def norm_words(text: str) -> list[str]:
    """The case-folded words (letters only) of a line."""
    return _WORD.findall(text.casefold())


def norm(text: str) -> str:
    """A line's comparison key: case-folded, letters and digits only."""
    return _NOT_WORD.sub("", text.casefold())
