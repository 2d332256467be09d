"""What the article model reads about each text block of an HTML page (`html_blocks`).

A block's own text (words, links, punctuation), the element it is in and that element's marks,
the marks of its ancestors and of the inline elements around its text, where it is on the page
and relative to the headline, its neighbours, and its containers: the words and links under
its element and under each of the next `ANCESTOR_LEVELS` elements up, and whether it lies in
the element that holds the most running text (the readability heuristic, as one input).
`stage_context` turns one stage's article probabilities into inputs of the next.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from threadsift.decomposers.html_blocks import MARKS, Blocks
from threadsift.decomposers.html_lines import Reference, key

#: Tags of the element a block is in, as one-hot groups (anything else is "other").
TAG_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"p"}),
    frozenset({"h1"}),
    frozenset({"h2"}),
    frozenset({"h3", "h4", "h5", "h6"}),
    frozenset({"li"}),
    frozenset({"td", "th", "tr"}),
    frozenset({"dd", "dt", "dl"}),
    frozenset({"pre", "blockquote"}),
    frozenset({"figcaption", "figure"}),
    frozenset({"div"}),
    frozenset({"section", "article", "main"}),
    frozenset({"header", "footer", "nav", "aside", "form"}),
    frozenset({"body"}),
)
#: How many elements above a block's own element describe its container.
ANCESTOR_LEVELS = 4
#: A block counts as running text for the readability score from this many characters.
RUNNING_TEXT_CHARS = 25
#: Neighbour offsets whose probabilities the next stage reads.
CONTEXT_OFFSETS = (-3, -2, -1, 1, 2, 3)
#: Window widths (blocks) of the next stage's mean probabilities around a block.
CONTEXT_WINDOWS = (5, 11, 25)
#: A block that is part of the headline (a kicker, a split title) has at least this many chars.
TITLE_PART_CHARS = 20
#: Hashed class/id words: the number of buckets.
TOKEN_BUCKETS = 1 << 15
_TOKEN_SPLIT = re.compile(r"[^a-z]+")
_DIGIT = re.compile(r"\d")
_UPPER = re.compile(r"[A-ZÀ-ÖØ-ÞА-ЯΑ-Ω]")
_PUNCTUATION = re.compile(r"[.,;:!?]")
_SENTENCE_END = frozenset('.!?"”»)')
_WORD = re.compile(r"\w+")
_MARK_COUNT = len(MARKS)


@dataclass(slots=True)
class Readings:
    """What the page's text renderings say: resiliparse's main content, and the article lines
    the plain-text decomposer found in it."""

    main_content: str
    text_article: str
    _main: Reference = field(init=False)
    _article: Reference = field(init=False)

    def __post_init__(self) -> None:
        self._main = Reference(self.main_content)
        self._article = Reference(self.text_article)

    def flags(self, texts: list[str]) -> np.ndarray:
        """Whether each block is in the main content, and in the plain-text article."""
        keys = [key(t) for t in texts]
        return np.array(
            [(self._main.has(k), self._article.has(k)) for k in keys], dtype=np.float32
        ).reshape(len(texts), 2)


def _key(text: str) -> str:
    """Lower-cased words of a text joined by spaces (for comparing with the headline)."""
    return " ".join(_WORD.findall(text.lower()))


def _bits(values: Sequence[int]) -> np.ndarray:
    """Rows of mark bits as a 0/1 matrix (blocks × marks)."""
    array = np.asarray(values, dtype=np.int64)[:, None]
    return ((array >> np.arange(_MARK_COUNT)) & 1).astype(np.float32)


Chains = tuple[np.ndarray, np.ndarray, np.ndarray]


def _chains(page: Blocks) -> Chains:
    """Every (block, ancestor frame, level) pair: the block's own element is level 0."""
    cached: Chains | None = page.ancestry
    if cached is not None:
        return cached
    frames = page.frames
    rows: list[int] = []
    cols: list[int] = []
    levels: list[int] = []
    for block in page.blocks:
        frame, level = block.frame, 0
        while frame >= 0:
            rows.append(block.index)
            cols.append(frame)
            levels.append(level)
            frame, level = frames[frame].parent, level + 1
    chains: Chains = (np.asarray(rows), np.asarray(cols), np.asarray(levels))
    page.ancestry = chains
    return chains


def _under(page: Blocks, chains: Chains, values: np.ndarray) -> np.ndarray:
    """For each frame, the sum of `values` (per block, possibly columns) of the blocks under it."""
    rows, cols, _ = chains
    out = np.zeros((len(page.frames), *values.shape[1:]), dtype=np.float64)
    np.add.at(out, cols, values[rows])
    return out


def _at_levels(chains: Chains, per_frame: np.ndarray, n: int) -> np.ndarray:
    """`per_frame` read at each block's element and the `ANCESTOR_LEVELS` elements above it
    (blocks × levels+1 [× columns]); a level above the root reads the root (the body)."""
    rows, cols, levels = chains
    out = np.empty((n, ANCESTOR_LEVELS + 1, *per_frame.shape[1:]), dtype=np.float32)
    out[:] = per_frame[0]
    near = levels <= ANCESTOR_LEVELS
    out[rows[near], levels[near]] = per_frame[cols[near]]
    return out


def feature_names() -> list[str]:
    """The name of each input column, in order."""
    names = [
        "log_words", "log_chars", "link_share", "punctuation", "sentence_end", "digit_share",
        "upper_share", "capitalised", "depth", "position", "words_before",
        "is_title", "after_title", "title_distance", "in_best", "best_score",
        "in_main_content", "in_text_article",
    ]  # fmt: skip
    names += [f"tag_{sorted(group)[0]}" for group in TAG_GROUPS] + ["tag_other"]
    names += [f"own_{m}" for m in MARKS] + [f"under_{m}" for m in MARKS]
    names += [f"inline_{m}" for m in MARKS]
    for level in range(ANCESTOR_LEVELS + 1):
        names += [f"up{level}_log_words", f"up{level}_link_share", f"up{level}_page_share",
                  f"up{level}_blocks"]  # fmt: skip
    for side in ("prev", "next"):
        names += [f"{side}_log_words", f"{side}_link_share", f"{side}_same_element"]
    return names


def features(page: Blocks, title: str | None, readings: Readings) -> np.ndarray:
    """The input rows of a page's blocks (blocks × `feature_names()`)."""
    blocks = page.blocks
    n = len(blocks)
    width = len(feature_names())
    if n == 0:
        return np.zeros((0, width), dtype=np.float32)
    frames = page.frames
    texts = [b.text for b in blocks]
    words = np.array([b.words for b in blocks], dtype=np.float32)
    links = np.array([b.link_words for b in blocks], dtype=np.float32)
    chars = np.array([len(t) for t in texts], dtype=np.float32)
    link_share = links / np.maximum(words, 1.0)
    punctuation = np.array([len(_PUNCTUATION.findall(t)) for t in texts], dtype=np.float32)
    digits = np.array([len(_DIGIT.findall(t)) for t in texts], dtype=np.float32)
    uppers = np.array([len(_UPPER.findall(t)) for t in texts], dtype=np.float32)
    sentence_end = np.array([t[-1] in _SENTENCE_END for t in texts], dtype=np.float32)
    capitalised = np.array([t[0].isupper() for t in texts], dtype=np.float32)
    depth = np.array([frames[b.frame].depth for b in blocks], dtype=np.float32)
    total_words = float(words.sum())
    before = (np.cumsum(words) - words) / max(total_words, 1.0)
    position = np.arange(n, dtype=np.float32) / max(n - 1, 1)

    title_key = _key(title) if title else ""
    title_keys = [_key(t) for t in texts] if title_key else []
    is_title = np.array(
        [k != "" and (k == title_key or (len(k) > TITLE_PART_CHARS and k in title_key))
         for k in title_keys] or np.zeros(n),
        dtype=np.float32,
    )  # fmt: skip
    title_at = int(np.argmax(is_title)) if is_title.any() else -1
    after_title = (
        (np.arange(n) > title_at).astype(np.float32)
        if title_at >= 0
        else np.full(n, 0.5, np.float32)
    )
    title_distance = (
        np.log1p(np.abs(np.arange(n) - title_at)).astype(np.float32)
        if title_at >= 0
        else np.full(n, 3.0, np.float32)
    )

    chains = _chains(page)
    per_block = np.stack([words, links, np.ones(n, dtype=np.float32)], axis=1)
    under = _under(page, chains, per_block)  # frames × (words, links, blocks)
    up = _at_levels(chains, under, n)  # blocks × levels × 3
    up_words = up[:, :, 0]
    ancestors = np.concatenate(
        [
            np.log1p(up_words)[:, :, None],
            (up[:, :, 1] / np.maximum(up_words, 1.0))[:, :, None],
            (up_words / max(total_words, 1.0))[:, :, None],
            np.log1p(up[:, :, 2])[:, :, None],
        ],
        axis=2,
    ).reshape(n, -1)

    # The readability score: running text scores its element's parent fully, the next one half.
    score = np.zeros(len(frames), dtype=np.float64)
    for b, text, w in zip(blocks, texts, link_share, strict=True):
        if len(text) < RUNNING_TEXT_CHARS or w > 0.5:
            continue
        points = 1.0 + text.count(",") + min(len(text) / 100.0, 3.0)
        parent = frames[b.frame].parent
        if parent >= 0:
            score[parent] += points
            grand = frames[parent].parent
            if grand >= 0:
                score[grand] += points / 2
    frame_links = under[:, 1] / np.maximum(under[:, 0], 1.0)
    score *= 1.0 - frame_links
    best = int(np.argmax(score))
    rows, cols, _ = chains
    in_best = np.zeros(n, dtype=np.float32)
    in_best[rows[cols == best]] = 1.0
    best_score = np.full(n, np.log1p(score[best]), dtype=np.float32)

    tags = np.zeros((n, len(TAG_GROUPS) + 1), dtype=np.float32)
    for i, b in enumerate(blocks):
        tag = frames[b.frame].tag
        column = next((k for k, group in enumerate(TAG_GROUPS) if tag in group), len(TAG_GROUPS))
        tags[i, column] = 1.0
    own = _bits([frames[b.frame].marks for b in blocks])
    inherited = _bits([frames[b.frame].inherited for b in blocks])
    inline = _bits([b.inline for b in blocks])

    log_words = np.log1p(words)
    same = np.array([b.frame for b in blocks])
    neighbours = []
    for shift in (1, -1):  # previous, then next
        neighbour_words = np.roll(log_words, shift)
        neighbour_links = np.roll(link_share, shift)
        neighbour_same = (np.roll(same, shift) == same).astype(np.float32)
        edge = 0 if shift == 1 else n - 1
        neighbour_words[edge], neighbour_links[edge], neighbour_same[edge] = 0.0, 1.0, 0.0
        neighbours += [neighbour_words, neighbour_links, neighbour_same]

    dense = np.stack(
        [
            log_words, np.log1p(chars), link_share, punctuation / np.maximum(words, 1.0),
            sentence_end, digits / np.maximum(chars, 1.0), uppers / np.maximum(chars, 1.0),
            capitalised, depth / max(float(depth.max()), 1.0), position, before,
            is_title, after_title, title_distance, in_best, best_score,
        ],
        axis=1,
    )  # fmt: skip
    return np.hstack(
        [dense, readings.flags(texts), tags, own, inherited, inline, ancestors,
         np.stack(neighbours, axis=1)]
    ).astype(np.float32)  # fmt: skip


def _hashed(word: str) -> int:
    return zlib.crc32(word.encode()) & (TOKEN_BUCKETS - 1)


def block_tokens(page: Blocks) -> list[list[int]]:
    """The hashed class/id words and tag pairs of each block: its own element's ("s:"), its
    parent element's ("p:") and every ancestor's ("a:")."""
    frames = page.frames
    words: dict[int, list[str]] = {}
    above: dict[int, frozenset[int]] = {-1: frozenset()}

    def words_of(index: int) -> list[str]:
        if index not in words:
            names = frames[index].names
            words[index] = sorted(
                {w for w in _TOKEN_SPLIT.split(names) if len(w) > 1} | set(names.split())
            )
        return words[index]

    def ancestors_of(index: int) -> frozenset[int]:
        chain = []
        while index not in above:
            chain.append(index)
            index = frames[index].parent
        for frame in reversed(chain):
            parent = frames[frame].parent
            above[frame] = above[parent] | {_hashed("a:" + w) for w in words_of(frame)}
        return above[chain[0]] if chain else above[index]

    out = []
    for block in page.blocks:
        own = frames[block.frame]
        parent = own.parent
        ids = {_hashed("s:" + w) for w in words_of(block.frame)}
        ids.add(_hashed(f"t:{own.tag}/{frames[parent].tag if parent >= 0 else ''}"))
        if parent >= 0:
            ids |= {_hashed("p:" + w) for w in words_of(parent)}
        ids |= ancestors_of(block.frame)
        out.append(sorted(ids))
    return out


def token_scores(page: Blocks, weights: np.ndarray, bias: float) -> np.ndarray:
    """A linear model's score of each block's hashed tokens (`block_tokens`)."""
    return np.array(
        [bias + float(weights[ids].sum()) for ids in block_tokens(page)], dtype=np.float32
    )


def stage_context(probs: np.ndarray, page: Blocks) -> np.ndarray:
    """What one stage said around each block: the article probability of its neighbours, its
    mean over windows, and the word-weighted mean over each container level."""
    n = len(probs)
    if n == 0:
        return np.zeros(
            (0, len(CONTEXT_OFFSETS) + len(CONTEXT_WINDOWS) + ANCESTOR_LEVELS + 1), np.float32
        )
    parts = []
    for offset in CONTEXT_OFFSETS:
        shifted = np.zeros(n, dtype=np.float32)
        if offset < 0:
            shifted[-offset:] = probs[:offset]
        else:
            shifted[:-offset] = probs[offset:]
        parts.append(shifted)
    padded = np.concatenate([[0.0], np.cumsum(probs)])
    for width in CONTEXT_WINDOWS:
        low = np.clip(np.arange(n) - width // 2, 0, n)
        high = np.clip(np.arange(n) + width // 2 + 1, 0, n)
        parts.append(((padded[high] - padded[low]) / (high - low)).astype(np.float32))
    chains = _chains(page)
    words = np.array([b.words for b in page.blocks], dtype=np.float64)
    under = _under(page, chains, np.stack([probs * words, words], axis=1))
    up = _at_levels(chains, under, n)
    container = up[:, :, 0] / np.maximum(up[:, :, 1], 1.0)
    return np.hstack([np.stack(parts, axis=1), container]).astype(np.float32)
