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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

import numpy as np

from threadsift.decomposers.html_blocks import MARKS, Blocks
from threadsift.decomposers.html_lines import UNICODE_SIZE, Reference, text_match_key

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
_LETTER_RUN = re.compile(r"[a-z]{2,}")
_DIGIT = re.compile(r"\d")
_UPPER = re.compile(r"[A-ZÀ-ÖØ-ÞА-ЯΑ-Ω]")
_PUNCTUATION = re.compile(r"[.,;:!?]")
_SENTENCE_END = frozenset('.!?"”»)')
_WORD = re.compile(r"\w+")
_MARK_COUNT = len(MARKS)
_TAG_COLUMN = {tag: k for k, group in reversed(list(enumerate(TAG_GROUPS))) for tag in group}
#: The character classes `_char_counts` counts, in its row order.
_COUNTED = (_PUNCTUATION, _DIGIT, _UPPER)


@cache
def _char_classes() -> np.ndarray:
    """For each code point, a bit per pattern of `_COUNTED` that matches it (made once, from the
    patterns themselves, so that counting by table agrees with counting by regex)."""
    every = "".join(map(chr, range(UNICODE_SIZE)))
    table = np.zeros(UNICODE_SIZE, dtype=np.uint8)
    for bit, pattern in enumerate(_COUNTED):
        table[[ord(c) for c in pattern.findall(every)]] |= 1 << bit
    return table


def _char_counts(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Per text: its characters and its matches of each `_COUNTED` pattern (rows), and its
    commas; one pass over the code points of all the texts."""
    lengths = np.fromiter(map(len, texts), np.int64, len(texts))
    codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    bounds = np.concatenate([[0], np.cumsum(lengths)])
    classes = _char_classes()[codes]
    rows = [lengths]
    for bit in range(len(_COUNTED)):
        running = np.concatenate([[0], np.cumsum((classes >> bit) & 1, dtype=np.int64)])
        rows.append(running[bounds[1:]] - running[bounds[:-1]])
    running = np.concatenate([[0], np.cumsum(codes == ord(","), dtype=np.int64)])
    return np.stack(rows), running[bounds[1:]] - running[bounds[:-1]]


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
        keys = [text_match_key(t) for t in texts]
        return np.array(
            [(self._main.has(k), self._article.has(k)) for k in keys], dtype=np.float32
        ).reshape(len(texts), 2)


def _headline_words_key(text: str) -> str:
    """Lower-cased words of a text joined by spaces (for comparing with the headline)."""
    return " ".join(_WORD.findall(text.lower()))


def _is_title(text: str, title_key: str) -> bool:
    """Whether a block is the headline or a long part of it (compared as `_headline_words_key`).

    Its first word must be in the headline for either: most blocks are told by that alone.
    """
    first = _WORD.search(text.lower())
    if first is None or first.group() not in title_key:
        return False
    words = _headline_words_key(text)
    return words == title_key or (len(words) > TITLE_PART_CHARS and words in title_key)


def _bits(values: Sequence[int] | np.ndarray) -> np.ndarray:
    """Rows of mark bits as a 0/1 matrix (blocks × marks)."""
    array = np.asarray(values, dtype=np.int64)[:, None]
    return ((array >> np.arange(_MARK_COUNT)) & 1).astype(np.float32)


@dataclass(slots=True)
class Tree:
    """A page's frames as arrays: each one's parent (the root its own), the frame after its
    subtree (frames are numbered in page order, so a frame's subtree is a range), and the frame
    of each block with the `ANCESTOR_LEVELS` frames above it (the root where there is none)."""

    parent: np.ndarray
    end: np.ndarray
    levels: np.ndarray  # blocks × (ANCESTOR_LEVELS + 1)

    @property
    def own(self) -> np.ndarray:
        """Each block's own frame."""
        return self.levels[:, 0]


def _tree(page: Blocks) -> Tree:
    """The page's `Tree` (made once per page)."""
    cached: Tree | None = page.ancestry
    if cached is not None:
        return cached
    parent = np.array(page.parents, dtype=np.int64)
    parent[parent < 0] = 0
    end = np.array(page.ends, dtype=np.int64)
    levels = np.empty((len(page.blocks), ANCESTOR_LEVELS + 1), dtype=np.int64)
    levels[:, 0] = np.fromiter((b.frame for b in page.blocks), np.int64, len(page.blocks))
    for level in range(1, ANCESTOR_LEVELS + 1):
        levels[:, level] = parent[levels[:, level - 1]]
    tree = Tree(parent, end, levels)
    page.ancestry = tree
    return tree


def _under(tree: Tree, values: np.ndarray) -> np.ndarray:
    """For each frame, the sum of `values` (per block, possibly columns) of the blocks under it:
    a difference of running sums over the frames' subtree ranges."""
    own = np.zeros((len(tree.end) + 1, *values.shape[1:]), dtype=np.float64)
    np.add.at(own, tree.own + 1, values)
    running = np.cumsum(own, axis=0)
    out: np.ndarray = running[tree.end] - running[np.arange(len(tree.end))]
    return out


def _at_levels(tree: Tree, per_frame: np.ndarray) -> np.ndarray:
    """`per_frame` read at each block's element and the `ANCESTOR_LEVELS` elements above it
    (blocks × levels+1 [× columns]); a level above the root reads the root (the body)."""
    out: np.ndarray = per_frame[tree.levels].astype(np.float32)
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


@cache
def _width() -> int:
    return len(feature_names())


def _tag_columns(tags: list[str], own: np.ndarray) -> np.ndarray:
    """The one-hot tag group of each block's element (`TAG_GROUPS`, then "other")."""
    other = len(TAG_GROUPS)
    column = np.array([_TAG_COLUMN.get(tag, other) for tag in tags], dtype=np.int64)
    onehot = np.zeros((len(own), len(TAG_GROUPS) + 1), dtype=np.float32)
    onehot[np.arange(len(own)), column[own]] = 1.0
    return onehot


def features(page: Blocks, title: str | None, readings: Readings) -> np.ndarray:
    """The input rows of a page's blocks (blocks × `feature_names()`)."""
    blocks = page.blocks
    n = len(blocks)
    if n == 0:
        return np.zeros((0, _width()), dtype=np.float32)
    tree = _tree(page)
    own_frame = tree.own
    texts = [b.text for b in blocks]
    words = np.fromiter((b.words for b in blocks), np.float32, n)
    links = np.fromiter((b.link_words for b in blocks), np.float32, n)
    char_counts, commas = _char_counts(texts)
    chars, punctuation, digits, uppers = char_counts.astype(np.float32)
    link_share = links / np.maximum(words, 1.0)
    sentence_end = np.fromiter((t[-1] in _SENTENCE_END for t in texts), np.float32, n)
    capitalised = np.fromiter((t[0].isupper() for t in texts), np.float32, n)
    depth = np.array(page.depths, dtype=np.float32)[own_frame]
    total_words = float(words.sum())
    before = (np.cumsum(words) - words) / max(total_words, 1.0)
    position = np.arange(n, dtype=np.float32) / max(n - 1, 1)

    title_key = _headline_words_key(title) if title else ""
    is_title = (
        np.fromiter((_is_title(t, title_key) for t in texts), np.float32, n)
        if title_key
        else np.zeros(n, dtype=np.float32)
    )
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

    per_block = np.stack([words, links, np.ones(n, dtype=np.float32)], axis=1)
    under = _under(tree, per_block)  # frames × (words, links, blocks)
    up = _at_levels(tree, under)  # blocks × levels × 3
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
    score = np.zeros(len(page.tags), dtype=np.float64)
    running = (char_counts[0] >= RUNNING_TEXT_CHARS) & ~(link_share > 0.5)
    points = 1.0 + commas + np.minimum(char_counts[0] / 100.0, 3.0)
    raw_parent = np.array(page.parents, dtype=np.int64)
    parent = raw_parent[own_frame]
    grand = raw_parent[np.maximum(parent, 0)]
    # Added block by block, parent then grandparent, as a loop over the blocks would add them.
    to = np.stack([parent, grand], axis=1).ravel()
    gets = np.stack([points, points / 2], axis=1).ravel()
    scored = np.stack([running & (parent >= 0), running & (parent >= 0) & (grand >= 0)], axis=1)
    np.add.at(score, to[scored.ravel()], gets[scored.ravel()])
    frame_links = under[:, 1] / np.maximum(under[:, 0], 1.0)
    score *= 1.0 - frame_links
    best = int(np.argmax(score))
    in_best = ((own_frame >= best) & (own_frame < tree.end[best])).astype(np.float32)
    best_score = np.full(n, np.log1p(score[best]), dtype=np.float32)

    tags = _tag_columns(page.tags, own_frame)
    own = _bits(np.array(page.marks, dtype=np.int64)[own_frame])
    inherited = _bits(np.array(page.inherited, dtype=np.int64)[own_frame])
    inline = _bits(np.fromiter((b.inline for b in blocks), np.int64, n))

    log_words = np.log1p(words)
    same = own_frame
    neighbours = []
    # The previous block's, then the next one's; past the page's edge: no words, all links.
    for at, other in ((slice(1, None), slice(None, -1)), (slice(None, -1), slice(1, None))):
        neighbour_words = np.zeros(n, dtype=np.float32)
        neighbour_links = np.ones(n, dtype=np.float32)
        neighbour_same = np.zeros(n, dtype=np.float32)
        neighbour_words[at] = log_words[other]
        neighbour_links[at] = link_share[other]
        neighbour_same[at] = same[other] == same[at]
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


#: The token prefixes of the hashed class and id words, in the order of `_word_ids`' values.
_PREFIXES = ("a:", "s:", "p:")
_PREFIX_CRCS = tuple(zlib.crc32(prefix.encode()) for prefix in _PREFIXES)


@lru_cache(maxsize=1 << 16)
def _hashed(word: str) -> int:
    return zlib.crc32(word.encode()) & (TOKEN_BUCKETS - 1)


@lru_cache(maxsize=1 << 16)
def _word_ids(word: str) -> tuple[int, ...]:
    """`_hashed` of the word after each of `_PREFIXES` (a CRC goes on from the prefix's)."""
    data = word.encode()
    return tuple(zlib.crc32(data, start) & (TOKEN_BUCKETS - 1) for start in _PREFIX_CRCS)


@lru_cache(maxsize=1 << 14)
def _name_words(names: str) -> tuple[str, ...]:
    """The words of an element's class and id that are hashed: each whole word and each run of
    two or more letters in it (in the order of the set that gathers them)."""
    return tuple(set(_LETTER_RUN.findall(names)) | set(names.split()))


def _ids_after(column: int) -> Callable[[str], tuple[int, ...]]:
    """The cached hashed words of a class and id after the prefix of one column of
    `_word_ids`."""

    @lru_cache(maxsize=1 << 16)
    def name_ids(names: str) -> tuple[int, ...]:
        """The hashed words of an element's class and id (`names`), each after the prefix,
        each once (a tuple, in the order of the set that gathers them: the garbage collector
        does not walk a tuple of numbers, as it walks each of a cache's sets)."""
        return tuple(frozenset([_word_ids(word)[column] for word in _name_words(names)]))

    return name_ids


#: The hashed words of an element's class and id after each of `_PREFIXES` ("a:" for an
#: ancestor's, "s:" for a block's own element's, "p:" for its parent's), one cache each: keyed
#: by the names alone, a cache's dict holds strings only, which the garbage collector stops
#: tracking (a fresh tuple key would have it walked again at the next young collection).
_ancestor_ids, _own_ids, _parent_ids = map(_ids_after, range(len(_PREFIXES)))


def _tokens_by_element(page: Blocks) -> dict[int, list[int]]:
    """`block_tokens` by the element the blocks are in (the blocks of one element share them)."""
    tags, parents, names = page.tags, page.parents, page.names
    above: dict[int, frozenset[int]] = {-1: frozenset()}

    def ancestors_of(index: int) -> frozenset[int]:
        chain = []
        while index not in above:
            chain.append(index)
            index = parents[index]
        for frame in reversed(chain):
            above[frame] = above[parents[frame]].union(_ancestor_ids(names[frame]))
        return above[chain[0]] if chain else above[index]

    out: dict[int, list[int]] = {}
    for block in page.blocks:
        if block.frame in out:
            continue
        frame = block.frame
        parent = parents[frame]
        ids = set(_own_ids(names[frame]))
        ids.add(_pair_id(tags[frame], tags[parent] if parent >= 0 else ""))
        if parent >= 0:
            ids.update(_parent_ids(names[parent]))
        ids |= ancestors_of(block.frame)
        out[block.frame] = sorted(ids)
    return out


def block_tokens(page: Blocks) -> list[list[int]]:
    """The hashed class/id words and tag pairs of each block: its own element's ("s:"), its
    parent element's ("p:") and every ancestor's ("a:")."""
    by_element = _tokens_by_element(page)
    return [list(by_element[block.frame]) for block in page.blocks]


def token_scores(page: Blocks, weights: np.ndarray | Sequence[float], bias: float) -> np.ndarray:
    """A linear model's score of each block's hashed tokens (`block_tokens`, summed as a set).

    One pass over the elements in page order keeps the "a:" tokens of the elements open around
    the current one, and their summed weight: each token counts once however many ancestors
    carry it, without a set per element. The pass visits the blocks' own elements and the
    elements with a class or id that hold one of them (the others add nothing a block reads).
    """
    tags, parents, names, ends = page.tags, page.parents, page.names, page.ends
    frames = [block.frame for block in page.blocks]
    wanted = set(frames)
    tree = _tree(page)
    in_order = np.unique(tree.own)
    named = np.flatnonzero(np.fromiter(map(bool, names), bool, len(names)))
    # The first block's element at or after each named element: inside it when before its end.
    first = in_order[np.minimum(np.searchsorted(in_order, named), len(in_order) - 1)]
    holding = named[(first >= named) & (first < tree.end[named])]
    # Python floats: a model passes its weights as a list once made (`ArticleModel`).
    weight = weights.tolist() if isinstance(weights, np.ndarray) else weights
    active: set[int] = set()  # "a:" tokens of the open elements
    open_: list[tuple[int, list[int], float]] = []  # (end, tokens it added, score before it)
    close_at = len(names) + 1  # where the innermost element that added tokens ends
    score = 0.0
    scores: dict[int, float] = {}
    # Only elements with a class or id add tokens, and only the blocks' own are scored.
    for index in sorted(wanted.union(holding.tolist())):
        while close_at <= index:
            _, added, score = open_.pop()
            active.difference_update(added)
            close_at = open_[-1][0] if open_ else len(names) + 1
        own_names = names[index]
        if own_names:
            ids = _ancestor_ids(own_names)
            added = [x for x in ids if x not in active] if active else list(ids)
            if added:
                open_.append((ends[index], added, score))
                close_at = ends[index]
                active.update(added)
                score += sum([weight[x] for x in added])
        if index in wanted:
            parent = parents[index]
            own = set(_own_ids(own_names))
            own.add(_pair_id(tags[index], tags[parent] if parent >= 0 else ""))
            if parent >= 0:
                own.update(_parent_ids(names[parent]))
            if not own.isdisjoint(active):  # rare: the prefixes make other tokens
                own -= active
            scores[index] = bias + score + sum([weight[x] for x in own])
    return np.fromiter(map(scores.__getitem__, frames), np.float32, len(frames))


@lru_cache(maxsize=1 << 12)
def _pair_id(tag: str, parent_tag: str) -> int:
    """The hashed token of an element's tag under its parent's."""
    return _hashed(f"t:{tag}/{parent_tag}")


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
    tree = _tree(page)
    words = np.fromiter((b.words for b in page.blocks), np.float64, n)
    under = _under(tree, np.stack([probs * words, words], axis=1))
    up = _at_levels(tree, under)
    container = up[:, :, 0] / np.maximum(up[:, :, 1], 1.0)
    return np.hstack([np.stack(parts, axis=1), container]).astype(np.float32)
