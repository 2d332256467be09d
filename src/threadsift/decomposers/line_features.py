"""Features of each non-blank line of a page for the learned line labeller (`line_model`).

A line is described by its shape (`lines.LineInfo`), the named pattern group it matches (as a
feature, not a decision), whether it reads as an author line, the blank-line rhythm around it,
its position and repetition on the page, the label the hand-written rules gave it, and the same
for its neighbours; window sums say what the page looks like around it (prose, author lines,
comment headings above). Everything after the one pass over the lines is numpy.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np

from threadsift.decomposers.authors import EXPLICIT, author_of, name_shaped
from threadsift.decomposers.lines import SITE_REPEATED, LineInfo
from threadsift.decomposers.reading import Reading
from threadsift.page import Label
from threadsift.reasons import Reason

#: The pattern groups a line may match (`patterns.WHOLE_LINE` and the shape reasons of
#: `lines._chrome_pattern`), one feature each.
PATTERNS = (
    Reason.COMMENT_WIDGET,
    Reason.COMMENT_FORM,
    Reason.COMMENT_BADGE,
    Reason.COMMENT_HEADING,
    Reason.SHARE,
    Reason.COMMENT_ACTION,
    Reason.PROFILE,
    Reason.DONATION,
    Reason.RELATED_LINKS,
    Reason.NAVIGATION,
    Reason.ADVERTISING,
    Reason.CAPTION,
    Reason.BYLINE,
    Reason.FURNITURE,
    Reason.EMBED,
    Reason.CURRENCY_AMOUNT,
    Reason.SEPARATOR,
    Reason.COMMENT_POLICY,
    SITE_REPEATED,
)
#: Patterns that head or frame a comment section: the distance to the last one is a feature.
THREAD_MARKS = frozenset(
    {Reason.COMMENT_HEADING, Reason.COMMENT_WIDGET, Reason.COMMENT_FORM, Reason.COMMENT_POLICY}
)
#: Pronouns and verbs of a reader talking (first and second person), in the languages of the
#: pattern groups: comments use them much more than articles do.
PERSONAL = frozenset(
    (
        "i", "i'm", "i've", "me", "my", "you", "your", "thanks", "thank", "lol", "ich", "mich",
        "mir", "mein", "meine", "du", "dir", "dich", "danke", "je", "j'ai", "moi", "mon", "ma",
        "mes", "tu", "vous", "merci", "yo", "mi", "tú", "gracias", "eu", "meu", "minha", "você",
        "obrigado",
    )
)  # fmt: skip
#: How much of a line the share of personal words is taken from.
PERSONAL_CHARS = 200
#: The labels of the rules' reading, each a feature.
_RULE_LABELS = (Label.TITLE, Label.ARTICLE, Label.CHROME, Label.COMMENT_AUTHOR, Label.COMMENT_TEXT)
#: What a line says by itself (cached for short lines), then the pattern it matches.
_STATIC = (
    "log_words", "log_chars", "ends_sentence", "ends_terminal", "ends_colon", "ends_question",
    "bullet", "numbered", "indented", "indent", "prose", "has_date", "date_only", "number_only",
    "has_url", "code", "author_weak", "author_explicit", "author_says", "author_after",
    "name_strict", "upper_first", "quote_or_at", "personal",
    *(f"pattern_{name}" for name in PATTERNS),
)  # fmt: skip
#: What a line is on its page: repetition, blank-line rhythm, the rules' label, position.
_DYNAMIC = (
    "repeated", "blank_before", "blanks_before", "blank_after", "blanks_after",
    *(f"rule_{label}" for label in _RULE_LABELS), "rule_comment_start", "position",
    "chars_before",
)  # fmt: skip
#: Names of the per-line base features.
BASE = (*_STATIC, *_DYNAMIC)
#: Base features also read from the lines two above and two below.
NEAR = (
    "log_words", "prose", "has_date", "date_only", "author_weak", "author_explicit",
    "blanks_before", "rule_article", "rule_comment_author", "rule_comment_text",
    "pattern_comment-action", "pattern_comment-heading",
)  # fmt: skip
#: Base features summed over windows of non-blank lines around each line.
WINDOWED = ("prose", "author_weak", "author_explicit", "has_date", "rule_article", "personal")
WINDOWS = (3, 10)
_INDEX = {name: i for i, name in enumerate(BASE)}
_PATTERN_AT = {name: _INDEX[f"pattern_{name}"] for name in PATTERNS}
_NO_PATTERN = (0.0,) * len(PATTERNS)
_PATTERN_ROW: dict[str, tuple[float, ...]] = {
    name: tuple(float(i == k) for i in range(len(PATTERNS))) for k, name in enumerate(PATTERNS)
}


def feature_names() -> list[str]:
    """The name of every column `features` returns, in order."""
    names = list(BASE)
    for offset in (-1, 1):
        names += [f"{name}@{offset:+d}" for name in BASE]
    for offset in (-2, 2):
        names += [f"{name}@{offset:+d}" for name in NEAR]
    for width in WINDOWS:
        names += [f"{name}~{width}" for name in WINDOWED]
    names += ["thread_mark_above", "since_thread_mark", "until_end", "page_lines"]
    return names


def _static_row(info: LineInfo) -> tuple[float, ...]:
    """The `_STATIC` features of a line."""
    author = author_of(info)
    strength = author.strength if author is not None else 0
    core = info.core
    last = core[-1:]
    personal = 0.0
    if info.words >= 3:  # the share in the opening words (long lines are prose either way)
        tokens = _TOKEN.findall(core[:PERSONAL_CHARS].casefold())
        personal = sum(map(PERSONAL.__contains__, tokens)) / max(len(tokens), 1)
    return (
        math.log1p(info.words), math.log1p(info.chars), info.ends_sentence, info.ends_terminal,
        last == ":", core.endswith(("?", "!")), info.bullet, info.numbered, info.indent > 0,
        min(info.indent, 16) / 8, info.prose, info.has_date, info.date_only, info.number_only,
        info.has_url, info.code, strength == 1, strength >= EXPLICIT,
        author is not None and author.says, author is not None and author.after_text,
        info.words <= 5 and name_shaped(core, loose=False), core[:1].isupper(),
        core.startswith(("\"", "'", "“", "„", "«", "@")), personal,
        *_PATTERN_ROW.get(info.pattern or "", _NO_PATTERN),
    )  # fmt: skip


_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


class _StaticRows:
    """Short lines recur (chrome, names, dates, greetings): their static features are kept as
    rows of one matrix, by text and pattern (a host's learned chrome changes the pattern), so
    that a page's rows are taken with one index."""

    #: Rows kept at most; the cache starts over when a page would pass it.
    size = 1 << 17

    def __init__(self) -> None:
        self.rows = np.empty((1 << 12, len(_STATIC)), dtype=np.float32)
        self.at: dict[tuple[str, str | None], int] = {}

    def take(self, lines: list[LineInfo]) -> np.ndarray:
        """The static rows of the lines, computed for the short lines not seen yet and for the
        long ones (which are not kept)."""
        at = self.at
        if len(at) + len(lines) > self.size:
            at.clear()
        ids: list[int] = []
        own: list[int] = []
        for k, info in enumerate(lines):
            if not info.key:  # a long line: its own
                own.append(k)
                ids.append(0)
                continue
            key = (info.raw, info.pattern)
            row = at.get(key)
            if row is None:
                row = at[key] = len(at)
                self._put(row, _static_row(info))
            ids.append(row)
        out = self.rows[ids]
        for k in own:
            out[k] = _static_row(lines[k])
        return out

    def _put(self, row: int, values: tuple[float, ...]) -> None:
        if row >= len(self.rows):
            grown = np.empty((2 * len(self.rows), len(_STATIC)), dtype=np.float32)
            grown[: len(self.rows)] = self.rows
            self.rows = grown
        self.rows[row] = values


_STATIC_ROWS = _StaticRows()
_LABEL_AT = {label: k for k, label in enumerate(_RULE_LABELS)}


def base_features(infos: list[LineInfo], reading: Reading) -> tuple[np.ndarray, list[int]]:
    """The base feature rows of the non-blank lines, and their indices in `infos`."""
    index = [i for i, info in enumerate(infos) if not info.blank]
    m = len(index)
    base = np.zeros((m, len(BASE)), dtype=np.float32)
    if not m:
        return base, index
    lines = [infos[i] for i in index]
    base[:, : len(_STATIC)] = _STATIC_ROWS.take(lines)
    at = np.array(index)
    counts = Counter(info.key for info in lines if info.key)
    base[:, _INDEX["repeated"]] = [counts[info.key] >= 2 if info.key else False for info in lines]
    blanks = np.diff(at, prepend=-1) - 1  # blank lines before each line
    after = np.append(blanks[1:], len(infos) - 1 - index[-1])
    base[:, _INDEX["blank_before"]] = blanks >= 1
    base[:, _INDEX["blanks_before"]] = blanks >= 2
    base[:, _INDEX["blank_after"]] = after >= 1
    base[:, _INDEX["blanks_after"]] = after >= 2
    labels = np.array([_LABEL_AT.get(reading.labels[i][0], -1) for i in index])
    first = _INDEX[f"rule_{_RULE_LABELS[0]}"]
    base[:, first : first + len(_RULE_LABELS)] = labels[:, None] == np.arange(len(_RULE_LABELS))
    base[:, _INDEX["rule_comment_start"]] = np.isin(at, [c.first for c in reading.comments])
    base[:, _INDEX["position"]] = at / len(infos)
    chars = np.array([info.chars for info in lines], dtype=np.float64)
    base[:, _INDEX["chars_before"]] = (np.cumsum(chars) - chars) / max(chars.sum(), 1.0)
    return base, index


def _shifted(matrix: np.ndarray, offset: int) -> np.ndarray:
    """Rows moved by `offset` (row i holds row i+offset), zeros past the ends."""
    out = np.zeros_like(matrix)
    if offset > 0:
        out[:-offset] = matrix[offset:]
    elif offset < 0:
        out[-offset:] = matrix[:offset]
    return out


def _window_sums(matrix: np.ndarray, width: int) -> np.ndarray:
    """Per row, the mean of the rows within `width` above and below (the row itself excluded)."""
    n = matrix.shape[0]
    cumulative = np.zeros((n + 1, matrix.shape[1]), matrix.dtype)
    np.cumsum(matrix, axis=0, out=cumulative[1:])
    rows = np.arange(n)
    low = np.clip(rows - width, 0, n)
    high = np.clip(rows + width + 1, 0, n)
    sums: np.ndarray = (cumulative[high] - cumulative[low] - matrix) / (2 * width)
    return sums


_NEAR_AT = [_INDEX[name] for name in NEAR]
_WINDOWED_AT = [_INDEX[name] for name in WINDOWED]
_MARKS_AT = [_PATTERN_AT[name] for name in THREAD_MARKS]
_WIDTH = len(feature_names())


def features(infos: list[LineInfo], reading: Reading) -> tuple[np.ndarray, list[int]]:
    """The feature matrix of a page's non-blank lines (`feature_names()` columns) and the
    index in `infos` of each row."""
    base, index = base_features(infos, reading)
    n = base.shape[0]
    out = np.zeros((n, _WIDTH), dtype=np.float32)
    b = len(BASE)
    out[:, :b] = base
    if n > 1:  # the lines above and below (zeros past the ends)
        out[1:, b : 2 * b] = base[:-1]
        out[:-1, 2 * b : 3 * b] = base[1:]
    at = 3 * b
    near = base[:, _NEAR_AT]
    width = len(NEAR)
    if n > 2:
        out[2:, at : at + width] = near[:-2]
        out[:-2, at + width : at + 2 * width] = near[2:]
    at += 2 * width
    windowed = base[:, _WINDOWED_AT]
    for size in WINDOWS:
        out[:, at : at + len(WINDOWED)] = _window_sums(windowed, size)
        at += len(WINDOWED)
    rows = np.arange(n)
    marks = base[:, _MARKS_AT].max(axis=1)
    last_mark = np.maximum.accumulate(np.where(marks > 0, rows, -1))
    out[:, at] = last_mark >= 0
    out[:, at + 1] = np.where(last_mark >= 0, np.log1p(rows - last_mark), 0.0)
    out[:, at + 2] = np.log1p(n - 1 - rows)
    out[:, at + 3] = math.log1p(n)
    return out, index


#: Widths of the windows over which a stage's state probabilities are averaged for the next.
CONTEXT_WINDOWS = (2, 6, 20)


def stage_context(log_probs: np.ndarray) -> np.ndarray:
    """What a stage said about a line's surroundings, as the next stage's extra inputs: the
    state probabilities of the line and its two neighbours each way, their means over wider
    windows, and the largest probability of each state seen anywhere above the line."""
    probs = np.exp(log_probs).astype(np.float32)
    parts = [probs] + [_shifted(probs, offset) for offset in (-2, -1, 1, 2)]
    parts += [_window_sums(probs, width) for width in CONTEXT_WINDOWS]
    parts.append(np.maximum.accumulate(probs, axis=0) if len(probs) else probs)
    return np.hstack(parts)
