"""The learned line labeller: a small network scores each line's state, Viterbi decodes the page.

Each non-blank line is in one of `STATES`: chrome before the headline, the title, article,
other chrome, and the parts of a comment (an author line opening or closing it, chrome between
its author and its text, its first text line, more text, chrome of the thread between
comments). A two-layer network (`line_features` in, numpy only) gives each line a distribution
over the states; Viterbi then finds the best sequence that `ALLOWED` permits, so that the page
comes out valid: at most one title, before any article; comment text only inside a comment; an
author line that closes a comment only after its text. The weights ship in `models/lines.npz`,
made by `scripts/train_lines.py` (see the model card).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import numpy as np

from threadsift.decomposers.authors import author_of
from threadsift.decomposers.line_features import features, stage_context
from threadsift.decomposers.lines import SITE_REPEATED, LineInfo
from threadsift.decomposers.network import (
    Network,
    model_arrays,
    one_blas_thread,
    stage_arrays,
    stages_of,
)
from threadsift.decomposers.reading import Reading
from threadsift.decomposers.thread import Found
from threadsift.page import Label
from threadsift.reasons import Reason

#: The states of a non-blank line, in the order of the model's outputs.
STATES = (
    "pre",  # chrome before the title or article
    "title",
    "article",
    "chrome",  # chrome after the title or article began, outside comments
    "author_open",  # an author line that opens a comment
    "meta",  # chrome inside a comment: between its author line and its text (date, badge)
    "text_start",  # the first line of a comment that has no author line above its text
    "text",  # more text of the open comment
    "author_close",  # an author line printed under the comment's text
    "thread",  # chrome of the thread outside comments (actions, votes, headings)
)
S = {name: i for i, name in enumerate(STATES)}
#: The states that open a comment, and those of a comment's text.
OPENING = ("author_open", "text_start")
TEXT = ("text_start", "text")
_AFTER_TEXT = ("text", "meta", "author_close", "thread", "chrome", "article", *OPENING)
#: Which state may follow which (the model's transition weights apply within these).
ALLOWED: dict[str, tuple[str, ...]] = {
    "pre": ("pre", "title", "article", *OPENING),
    "title": ("chrome", "article", *OPENING),
    "article": ("article", "chrome", *OPENING),
    "chrome": ("chrome", "article", *OPENING),
    "author_open": ("meta", "text"),
    "meta": ("meta", "text", "author_close"),
    "text_start": _AFTER_TEXT,
    "text": _AFTER_TEXT,
    "author_close": ("thread", "chrome", "article", *OPENING),
    "thread": ("thread", "chrome", "article", *OPENING),
}
#: States a page may start in.
FIRST = ("pre", "title", "article", *OPENING)
LABEL_OF = {
    "pre": Label.CHROME,
    "title": Label.TITLE,
    "article": Label.ARTICLE,
    "chrome": Label.CHROME,
    "author_open": Label.COMMENT_AUTHOR,
    "meta": Label.CHROME,
    "text_start": Label.COMMENT_TEXT,
    "text": Label.COMMENT_TEXT,
    "author_close": Label.COMMENT_AUTHOR,
    "thread": Label.CHROME,
}
#: The chrome reason of a thread line the model calls chrome where the rules gave none.
REASON_OF = {"meta": Reason.COMMENT_META, "thread": Reason.COMMENT_THREAD}
MODEL_FILE = "lines.npz"


def allowed_matrix() -> tuple[np.ndarray, np.ndarray]:
    """Boolean transition matrix (from, to) and start vector of `ALLOWED` and `FIRST`."""
    matrix = np.zeros((len(STATES), len(STATES)), dtype=bool)
    for source, targets in ALLOWED.items():
        for target in targets:
            matrix[S[source], S[target]] = True
    start = np.zeros(len(STATES), dtype=bool)
    start[[S[name] for name in FIRST]] = True
    return matrix, start


_DECODER_ARRAYS = ("log_transition", "log_start", "log_prior")


@dataclass(slots=True)
class LineModel:
    """The stages of the line network and the decoder's transition and start scores.

    The first stage reads the line features; each later one also reads what the stage before
    it said about the lines around (`line_features.stage_context`).
    """

    stages: list[Network]
    log_transition: np.ndarray  # (from, to); -inf where `ALLOWED` forbids
    log_start: np.ndarray
    log_prior: np.ndarray  # subtracted (scaled by `prior_weight`) from the network's log-odds
    prior_weight: float
    _into: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._into = np.ascontiguousarray(self.log_transition.T)  # the decoder reads (to, from)

    @classmethod
    def load(cls, path: str | None = None) -> LineModel:
        """The model at `path`, else the one shipped with threadsift.

        Raises:
            ConfigError: the file is missing or is not a line model.
        """
        with model_arrays(path, MODEL_FILE, "line") as data:
            return cls(
                stages_of(data),
                log_transition=data["log_transition"],
                log_start=data["log_start"],
                log_prior=data["log_prior"],
                prior_weight=float(data["prior_weight"]),
            )

    def arrays(self) -> dict[str, np.ndarray]:
        """The model as named arrays (what `load` reads)."""
        out = {name: getattr(self, name) for name in _DECODER_ARRAYS}
        out |= stage_arrays(self.stages)
        out["prior_weight"] = np.array(self.prior_weight)
        return out

    def scores(self, x: np.ndarray) -> np.ndarray:
        """Log-probabilities of the states for each feature row, from the last stage."""
        with one_blas_thread():
            log_probs = self.stages[0](x)
            for stage in self.stages[1:]:
                log_probs = stage(np.hstack([x, stage_context(log_probs)]))
        return log_probs

    def decode(self, log_probs: np.ndarray) -> list[int]:
        """The best state sequence (Viterbi) under the allowed transitions."""
        emissions = log_probs - self.prior_weight * self.log_prior
        n = emissions.shape[0]
        if n == 0:
            return []
        rows = list(emissions)
        back: list[np.ndarray] = []
        score = self.log_start + rows[0]
        into = self._into  # (to, from)
        paths = np.empty_like(into)  # paths[to, from]: the best score via `from`
        take = paths.ravel().take
        offsets = np.arange(len(STATES)) * len(STATES)
        for row in rows[1:]:
            np.add(into, score, out=paths)
            best = paths.argmax(axis=1)
            back.append(best)
            score = take(offsets + best)
            score += row
        path = [int(score.argmax())]
        for best in reversed(back):
            path.append(int(best[path[-1]]))
        path.reverse()
        return path


@cache
def shipped_model() -> LineModel:
    """The line model shipped with threadsift, loaded once per process."""
    return LineModel.load()


def read_by_model(model: LineModel, infos: list[LineInfo], reading: Reading) -> Reading:
    """Relabel a page the rules have read: the model's states, decoded over the whole page.

    A line learned as the host's chrome (`site-repeated`) is never the title or the article.
    """
    x, index = features(infos, reading)
    log_probs = model.scores(x)
    learned = [row for row, i in enumerate(index) if infos[i].pattern == SITE_REPEATED]
    if learned:
        log_probs[np.ix_(learned, _NEVER_SITE_CHROME)] = -np.inf
    labels = list(reading.labels)
    title = None
    comments: list[Found] = []
    current: Found | None = None
    article_seen = False
    rule_starts = {comment.first for comment in reading.comments}
    previous = ""
    for i, state_at in zip(index, model.decode(log_probs), strict=True):
        state = STATES[state_at]
        if state == "text" and previous in TEXT:
            if _says_after_text(infos, i):
                state = "author_open"
            elif _new_by_rhythm(infos, i, rule_starts):
                state = "text_start"
        previous = state
        label = LABEL_OF[state]
        if label is Label.CHROME:
            rule_label, rule_reason = reading.labels[i]
            reason = rule_reason if rule_label is Label.CHROME and rule_reason else None
            zone = REASON_OF.get(state) or _ZONES[article_seen]
            labels[i] = (label, reason or infos[i].pattern or zone)
        else:
            labels[i] = (label, None)
        article_seen = article_seen or state == "article"
        if state == "title":
            title = i
        if state in OPENING:
            current = Found(
                first=i, last=i, author=None, text_lines=[], indent=infos[i].indent, date=None
            )
            comments.append(current)
        if current is None:
            continue
        if state in ("author_open", "author_close"):
            author = author_of(infos[i])
            # A comment's first author line names it (an opening line, else the closing one).
            named = author.name if author is not None else infos[i].core
            current.author = current.author or named
            current.date = current.date or infos[i].date
            current.last = max(current.last, i)
            if state == "author_close":
                current = None
        elif state in TEXT:
            current.text_lines.append(i)
            current.last = i
        elif state == "meta":
            current.date = current.date or infos[i].date
        elif state in ("thread", "chrome", "article"):
            current = None
    for comment in comments:
        if not comment.text_lines:  # an author line the page ends on, or that no text follows
            for i in range(comment.first, comment.last + 1):
                if labels[i][0] is Label.COMMENT_AUTHOR:
                    labels[i] = (Label.CHROME, Reason.EMPTY_COMMENT)
    return Reading(labels=labels, title=title, comments=[c for c in comments if c.text_lines])


def _says_after_text(infos: list[LineInfo], i: int) -> bool:
    """Does a "NAME says:" line after a blank line under a comment's text open the next comment?
    (Inside a comment, a quote's "NAME said:" header comes first, under the author line.)"""
    if i < 1 or not infos[i - 1].blank:
        return False
    author = author_of(infos[i])
    return author is not None and author.says


def _new_by_rhythm(infos: list[LineInfo], i: int, rule_starts: set[int]) -> bool:
    """Does text after two blank lines open a comment of its own? Where the rules' thread split
    says so too (a thread whose comments without author lines follow two blank lines, as the
    seed pages print them)."""
    return i in rule_starts and i >= 2 and infos[i - 1].blank and infos[i - 2].blank


_NEVER_SITE_CHROME = [S["title"], S["article"]]
#: The reason of chrome outside the thread, before and after the article's first line.
_ZONES = {False: Reason.BEFORE_ARTICLE, True: Reason.AFTER_ARTICLE}
