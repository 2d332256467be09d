"""An HTML page as text blocks: what the article model labels.

One walk over the page as lxml parses it, in page order. Each element opens a `Frame` that
knows its tag, the marks its tag, attributes and class/id words carry (`MARKS`, as bits), and
the marks of all its ancestors; a block element or `<br>` ends the current block. A `Block` is
the text between two such breaks, with its words, the words inside links, the frame it belongs
to (the innermost block element around it) and the marks of the inline elements around its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from threadsift.decomposers.comment_markup import SKIP_TAGS
from threadsift.decomposers.dom import BLOCK_TAGS

#: Elements that end a block without being a block themselves.
BREAK_TAGS = frozenset({"br", "img", "iframe", "video", "audio", "input"})
#: Elements whose text is never shown (beyond those the comment reader skips).
HIDDEN_TAGS = SKIP_TAGS | frozenset({"head", "title", "meta", "link", "option", "datalist", "map"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

#: What an element may say about the text in it: each mark is one bit. A mark holds when the
#: element's tag is one of its tags, or its class or id (lower-cased) matches its pattern, or
#: one of its attributes has the given value.
MARKS: dict[str, tuple[frozenset[str], str | None]] = {
    "article": (
        frozenset({"article"}),
        r"article|(?<![a-z])(?:post|entry|story)(?:[-_]?(?:body|content|text))?(?![a-z])",
    ),
    "main": (
        frozenset({"main"}),
        r"(?<![a-z])(?:main|content|body|text)(?![a-z])|maincontent|bodytext",
    ),
    "header": (frozenset({"header"}), r"header|masthead|(?<![a-z])(?:top|logo|brand)(?![a-z])"),
    "footer": (frozenset({"footer"}), r"footer|copyright|(?<![a-z])foot(?![a-z])|colophon"),
    "nav": (frozenset({"nav"}), r"(?<![a-z])nav|menu|breadcrumb|pagination|pager|skip"),
    "aside": (
        frozenset({"aside"}),
        r"sidebar|(?<![a-z])(?:side|aside|rail|widget|column)(?![a-z])|widget",
    ),
    "comment": (
        frozenset(),
        r"comment|respond|reply|discuss|disqus|reaction|kommentar|commentaire",
    ),
    "share": (frozenset(), r"share|social|sharing|facebook|twitter|print|email|mail|follow|like"),
    "related": (
        frozenset(),
        r"related|recommend|more|popular|trending|most|teaser|similar|also|next|prev|read",
    ),
    "promo": (
        frozenset(),
        r"(?<![a-z])ads?(?![a-z])|advert|sponsor|promo|banner|newsletter|subscribe|signup|outbrain|taboola|cookie|consent|modal|popup",
    ),
    "figure": (
        frozenset({"figure", "figcaption", "picture"}),
        r"caption|credit|photo|image|img|gallery|media|video|figure|thumb",
    ),
    "byline": (
        frozenset({"address", "time"}),
        r"byline|author|(?<![a-z])by(?![a-z])|dateline|date|time|meta|publish|posted|info",
    ),
    "tags": (frozenset(), r"(?<![a-z])tags?(?![a-z])|categor|topic|keyword|label"),
    "form": (frozenset({"form", "fieldset", "label"}), r"form|search|login|register"),
    "list": (frozenset({"ul", "ol", "dl"}), None),
    "table": (frozenset({"table"}), None),
    "quote": (frozenset({"blockquote", "q"}), r"quote"),
    "link": (frozenset({"a"}), None),
    "heading": (frozenset({"h1", "h2", "h3", "h4", "h5", "h6"}), r"title|headline|heading"),
}
#: Attribute values that set a mark, as (attribute, value, mark).
ATTRIBUTE_MARKS = (
    ("itemprop", "articlebody", "article"),
    ("itemprop", "text", "article"),
    ("role", "main", "main"),
    ("role", "article", "article"),
    ("role", "navigation", "nav"),
    ("role", "banner", "header"),
    ("role", "contentinfo", "footer"),
    ("role", "complementary", "aside"),
    ("itemprop", "author", "byline"),
    ("itemprop", "datepublished", "byline"),
)
MARK_BIT = {name: 1 << i for i, name in enumerate(MARKS)}
_TAG_BITS: dict[str, int] = {}
for _name, (_tags, _) in MARKS.items():
    for _tag in _tags:
        _TAG_BITS[_tag] = _TAG_BITS.get(_tag, 0) | MARK_BIT[_name]
MARKED_ATTRIBUTES = tuple(sorted({attribute for attribute, _, _ in ATTRIBUTE_MARKS}))
# The walk reads them by name (a third one fails here, until the walk reads it too).
_ITEMPROP, _ROLE = MARKED_ATTRIBUTES
_LINK_BIT = MARK_BIT["link"]
_PATTERNS = [(re.compile(p), MARK_BIT[name]) for name, (_, p) in MARKS.items() if p]
#: Any of the patterns: a word it does not match carries no mark (most words, one search).
_ANY_PATTERN = re.compile("|".join(f"(?:{p})" for _, p in MARKS.values() if p))
_LETTERS = re.compile(r"[a-z]+")


@dataclass(slots=True)
class Frame:
    """An element on the way down: its tag, its own marks and those of it and its ancestors."""

    tag: str
    parent: int  # index of the parent frame; -1 for the root
    depth: int
    marks: int
    inherited: int  # marks of this element and every ancestor
    names: str = ""  # its class and id, lower-cased
    end: int = 0  # one past the last frame inside it (frames are numbered in page order)


@dataclass(slots=True)
class Block:
    """Text between two breaks of the page's flow."""

    text: str
    words: int
    link_words: int
    frame: int  # the innermost block element around the text
    inline: int  # marks of the inline elements around the text
    index: int = 0


@dataclass(slots=True)
class Blocks:
    """A page's blocks and the frames they belong to.

    The frames are kept as columns (one list per `Frame` field, indexed by frame): the walk
    appends to lists faster than it makes objects, and the features read them as arrays.
    `frames` gives them as `Frame` objects.
    """

    blocks: list[Block] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    parents: list[int] = field(default_factory=list)
    depths: list[int] = field(default_factory=list)
    marks: list[int] = field(default_factory=list)
    inherited: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    ancestry: Any = None  # the frames as arrays, made once by `article_features`

    @property
    def frames(self) -> list[Frame]:
        """The frames as objects, in page order."""
        columns = zip(
            self.tags, self.parents, self.depths, self.marks, self.inherited, self.names,
            self.ends, strict=True,
        )  # fmt: skip
        return [Frame(*row) for row in columns]


@lru_cache(maxsize=1 << 16)
def _word_marks(word: str) -> int:
    """The marks one class or id word (lower-cased) carries by `MARKS`' patterns: those of its
    letter runs (`_run_marks`).

    The patterns read letters (a-z) and see any other character as they see the edge of the
    text, so a run of letters carries the same marks alone or in its word ("post-1234" those of
    "post"); the one pattern that reads past a run ("post-body") matches its first run alone
    too. Runs recur much more than words (ids of posts and comments, a site's own prefixes).
    """
    marks = 0
    for run in _LETTERS.findall(word):
        marks |= _run_marks(run)
    return marks


@lru_cache(maxsize=1 << 16)
def _run_marks(run: str) -> int:
    """The marks a run of letters carries by `MARKS`' patterns."""
    if not _ANY_PATTERN.search(run):
        return 0
    marks = 0
    for pattern, bit in _PATTERNS:
        if pattern.search(run):
            marks |= bit
    return marks


def _marks_of(tag: str, names: str, attributes: tuple[tuple[str, str], ...]) -> int:
    """The marks an element's tag, class and id (`names`) and other attributes carry.

    The patterns are read word by word: none of them can match across whitespace, and their
    look-arounds see whitespace as they see the end of the text, so a word's marks are the
    same alone or among the others (and a site's words recur from page to page).
    """
    marks = _TAG_BITS.get(tag, 0)
    for word in names.split():
        marks |= _word_marks(word)
    if attributes:
        for attribute, value, mark in ATTRIBUTE_MARKS:
            if (attribute, value) in attributes:
                marks |= MARK_BIT[mark]
    return marks


#: Elements' marks and names by their key (`_element_marks`), kept across pages (a site's
#: elements recur) and emptied when full; the walk looks an element up itself. String keys and
#: atomic values: the garbage collector stops tracking such a dict, while one fresh tuple in it
#: (a key or a value) has it walked again at the next young collection.
_ELEMENT_MARKS: dict[str, int] = {}
_ELEMENT_NAMES: dict[str, str] = {}
_ELEMENT_MARKS_SIZE = 1 << 16
#: Between the parts of an element's key: lxml's strings never hold it (they come from C
#: strings, which it ends).
_KEY_SEPARATOR = "\x00"


def _element_marks(key: str) -> int:
    """An element's marks from its key, kept in `_ELEMENT_MARKS` with its names (class and id,
    lower-cased) in `_ELEMENT_NAMES`. The key is its tag, class, id and `MARKED_ATTRIBUTES`
    joined by `_KEY_SEPARATOR`, "" where absent (which reads as an empty value does)."""
    tag, class_, id_, *values = key.split(_KEY_SEPARATOR)
    names = f"{class_} {id_}".strip().lower()
    marked = tuple(
        (name, value.lower())
        for name, value in zip(MARKED_ATTRIBUTES, values, strict=True)
        if value
    )
    marks = _marks_of(tag, names, marked)
    if len(_ELEMENT_MARKS) >= _ELEMENT_MARKS_SIZE:
        _ELEMENT_MARKS.clear()
        _ELEMENT_NAMES.clear()
    _ELEMENT_MARKS[key] = marks
    _ELEMENT_NAMES[key] = names
    return marks


def _hidden(attributes: dict[str, str]) -> bool:
    """Whether the element says it is not shown."""
    if "hidden" in attributes or attributes.get("aria-hidden") == "true":
        return True
    style = attributes.get("style")
    return style is not None and bool(_HIDDEN_STYLE.search(style))


def blocks_of(html: str) -> Blocks:
    """The text blocks of a page's body, in page order.

    lxml reads the page for this walk, and the walk rides its parse: the parser calls it at each
    element's start and end and with each piece of text (a parser target), so no tree is built
    and no element object is made. It reads each element's attributes once, as the dict the
    parser gives, keeps its frame as columns, and knows the open frame as a number (a frame's
    parent is the frame open before it). What is not shown (`HIDDEN_TAGS`, hidden elements) is
    passed over up to its end; the text right inside a break element (`BREAK_TAGS`) is not read.
    """
    from lxml import etree

    out = Blocks()
    blocks, tags, parents, depths, all_marks, inherited, names, ends = (
        out.blocks, out.tags, out.parents, out.depths, out.marks, out.inherited, out.names,
        out.ends,
    )  # fmt: skip
    parts: list[str] = []  # the current block's text
    link_words = 0  # its words inside links
    inline = 0  # the marks of the inline elements around its text
    top = 0  # the open frame
    block_stack = [0]  # open block frames, innermost last
    opened: list[int] = []  # per element entered in the body: the frame it opened, or -1
    pending: list[str] = []  # the pieces of the text read since the last start or end
    in_body = False
    after_body = False
    hidden = 0  # elements open inside a hidden one (itself included)
    after_break = False  # the text after a break element's start is not read
    element_marks, element_names, sep = _ELEMENT_MARKS, _ELEMENT_NAMES, _KEY_SEPARATOR

    def flush() -> None:
        """End the block (called with text in it: without, there is nothing to end)."""
        nonlocal link_words, inline
        words = "".join(parts).split()
        if words:
            count = len(words)
            blocks.append(
                Block(" ".join(words), count, min(link_words, count), block_stack[-1], inline,
                      len(blocks))
            )  # fmt: skip
        parts.clear()
        link_words = 0
        inline = 0

    def read() -> None:
        """Add the pending text to the block, in the open frame (a block's leading space is
        stripped: all-space text only separates words already there)."""
        nonlocal link_words, inline, after_break
        text = pending[0] if len(pending) == 1 else "".join(pending)
        pending.clear()
        if after_break:
            after_break = False
        elif not text.isspace():
            parts.append(text)
            if inherited[top] & _LINK_BIT:
                link_words += len(text.split())
            if tags[top] not in BLOCK_TAGS:
                inline |= all_marks[top]
        elif parts:
            parts.append(" ")

    def start(tag: str, attributes: dict[str, str]) -> None:
        nonlocal top, in_body, hidden, after_break
        if hidden:
            hidden += 1
            pending.clear()
            return
        if not in_body:
            pending.clear()
            if tag == "body" and not after_body:
                in_body = True
                tags.append("body")
                parents.append(-1)
                depths.append(0)
                all_marks.append(0)
                inherited.append(0)
                names.append("")
                ends.append(0)
            return
        if pending:
            read()
        after_break = False
        if tag in HIDDEN_TAGS or (
            attributes
            and ("hidden" in attributes or "style" in attributes or "aria-hidden" in attributes)
            and _hidden(attributes)
        ):
            # what is not shown: only the text after it is read
            opened.append(-1)
            hidden = 1
            return
        if tag in BREAK_TAGS:
            if parts:
                flush()
            opened.append(-1)
            after_break = True
            return
        if attributes:
            get = attributes.get
            key = (
                f"{tag}{sep}{get('class', '')}{sep}{get('id', '')}{sep}{get(_ITEMPROP, '')}"
                f"{sep}{get(_ROLE, '')}"
            )
            marks = element_marks.get(key)
            if marks is None:
                marks = _element_marks(key)
            own_names = element_names[key]
        else:
            own_names, marks = "", _TAG_BITS.get(tag, 0)
        index = len(tags)
        tags.append(tag)
        parents.append(top)
        depths.append(depths[top] + 1)
        all_marks.append(marks)
        inherited.append(inherited[top] | marks)
        names.append(own_names)
        ends.append(0)
        opened.append(index)
        top = index
        if tag in BLOCK_TAGS:
            if parts:
                flush()
            block_stack.append(index)

    def end(tag: str) -> None:
        nonlocal top, in_body, after_body, hidden, after_break
        if hidden:
            pending.clear()
            hidden -= 1
            if not hidden:
                opened.pop()
            return
        if not in_body:
            pending.clear()
            return
        if pending:
            read()
        after_break = False
        if not opened:  # the body's end
            in_body, after_body = False, True
            return
        index = opened.pop()
        if index >= 0:
            ends[index] = len(tags)
            top = parents[index]
            if tags[index] in BLOCK_TAGS:
                if parts:
                    flush()
                block_stack.pop()

    def close() -> None:
        """End the last block, then let go of the columns (`out` holds them): lxml's parser and
        its context refer to each other, and through them to this target and its closures, so
        they wait for the garbage collector, and would keep the page's blocks until then."""
        nonlocal blocks, tags, parents, depths, all_marks, inherited, names, ends
        if in_body and pending:
            read()
        if tags:  # else no body
            if parts:
                flush()
            ends[0] = len(tags)
        blocks, tags, parents, depths, all_marks, inherited, names, ends = (
            [], [], [], [], [], [], [], []
        )  # fmt: skip

    # The parser's comments and processing instructions go nowhere: the target has no method
    # for them.
    target = SimpleNamespace(start=start, end=end, data=pending.append, close=close)
    parser = etree.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, target=target
    )
    try:
        etree.fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (etree.LxmlError, ValueError):
        return Blocks()
    return out
