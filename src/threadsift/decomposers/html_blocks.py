"""An HTML page as text blocks: what the article model labels.

One walk over the parsed page (lxml) in page order. Each element opens a `Frame` that
knows its tag, the marks its tag, attributes and class/id words carry (`MARKS`, as bits), and
the marks of all its ancestors; a block element or `<br>` ends the current block. A `Block` is
the text between two such breaks, with its words, the words inside links, the frame it belongs
to (the innermost block element around it) and the marks of the inline elements around its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from threadsift.decomposers.comment_markup import SKIP_TAGS
from threadsift.decomposers.dom import BLOCK_TAGS

#: Elements that end a block without being a block themselves.
BREAK_TAGS = frozenset({"br", "img", "iframe", "video", "audio", "input"})
#: Elements whose text is never shown (beyond those the comment reader skips).
HIDDEN_TAGS = SKIP_TAGS | frozenset({"head", "title", "meta", "link", "option", "datalist", "map"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SPACE = re.compile(r"\s+")

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
_LINK_BIT = MARK_BIT["link"]
_PATTERNS = [(re.compile(p), MARK_BIT[name]) for name, (_, p) in MARKS.items() if p]


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

    def open_frame(self, tag: str, parent: int, marks: int, names: str) -> int:
        """Add a frame for an element under frame `parent` (-1: the root); its index."""
        self.tags.append(tag)
        self.parents.append(parent)
        if parent < 0:
            self.depths.append(0)
            self.inherited.append(marks)
        else:
            self.depths.append(self.depths[parent] + 1)
            self.inherited.append(self.inherited[parent] | marks)
        self.marks.append(marks)
        self.names.append(names)
        self.ends.append(0)
        return len(self.tags) - 1


@lru_cache(maxsize=1 << 16)
def _word_marks(word: str) -> int:
    """The marks one class or id word (lower-cased) carries by `MARKS`' patterns."""
    marks = 0
    for pattern, bit in _PATTERNS:
        if pattern.search(word):
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
    for attribute, value, mark in ATTRIBUTE_MARKS:
        if (attribute, value) in attributes:
            marks |= MARK_BIT[mark]
    return marks


@lru_cache(maxsize=1 << 16)
def _element_marks(
    tag: str, class_: str | None, id_: str | None, values: tuple[str | None, ...]
) -> tuple[str, int]:
    """An element's names (class and id, lower-cased) and marks, from its raw attributes
    (`values`: those of `MARKED_ATTRIBUTES`, None where absent)."""
    names = f"{class_ or ''} {id_ or ''}".strip().lower()
    marked = tuple(
        (name, value.lower())
        for name, value in zip(MARKED_ATTRIBUTES, values, strict=True)
        if value is not None
    )
    return names, _marks_of(tag, names, marked)


def _hidden(attributes: dict[str, str]) -> bool:
    """Whether the element says it is not shown."""
    if "hidden" in attributes or attributes.get("aria-hidden") == "true":
        return True
    style = attributes.get("style")
    return style is not None and bool(_HIDDEN_STYLE.search(style))


def _root(html: str) -> Any:
    """The parsed page (lxml), or None when it holds no document.

    lxml's own elements, not `lxml.html`'s: those look up their Python class for every element
    the walk touches, and the walk needs nothing they add.
    """
    from lxml import etree

    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (etree.LxmlError, ValueError):
        return None


def blocks_of(html: str) -> Blocks:
    """The text blocks of a page's body, in page order.

    lxml reads the page for this walk: its elements cost a fraction of what resiliparse's
    node objects cost from Python, and the walk visits every one of them (so it reads each
    element's attributes once, as a dict, and keeps its frame as columns).
    """
    from lxml import etree

    out = Blocks()
    root = _root(html)
    body = root.find("body") if root is not None else None
    if body is None:
        return out
    blocks, tags, inherited, all_marks, ends = (
        out.blocks, out.tags, out.inherited, out.marks, out.ends
    )  # fmt: skip
    open_frame = out.open_frame
    open_frame("body", -1, 0, "")
    parts: list[str] = []  # the current block's text
    link_words = 0  # its words inside links
    inline = 0  # the marks of the inline elements around its text
    frame_stack = [0]  # open frames, innermost last
    block_stack = [0]  # open block frames, innermost last
    opened: list[bool] = []  # per element entered: whether it opened a frame

    def flush() -> None:
        """End the block (called with text in it: without, there is nothing to end)."""
        nonlocal link_words, inline
        joined = _SPACE.sub(" ", "".join(parts)).strip()
        if joined:
            words = joined.count(" ") + 1
            block = Block(joined, words, min(link_words, words), block_stack[-1], inline)
            block.index = len(blocks)
            blocks.append(block)
        parts.clear()
        link_words = 0
        inline = 0

    def add(text: str) -> None:
        nonlocal link_words, inline
        if text.isspace():
            if parts:  # a block's leading space is stripped: no need to keep it
                parts.append(" ")
            return
        parts.append(text)
        top = frame_stack[-1]
        if inherited[top] & _LINK_BIT:
            link_words += len(text.split())
        if tags[top] not in BLOCK_TAGS:
            inline |= all_marks[top]

    walker = etree.iterwalk(body, events=("start", "end"))
    next(walker)  # the body's start
    if body.text:
        add(body.text)
    for event, element in walker:
        if event == "end":
            if not opened:  # the body's end
                break
            if opened.pop():
                index = frame_stack.pop()
                ends[index] = len(tags)
                if tags[index] in BLOCK_TAGS:
                    if parts:
                        flush()
                    block_stack.pop()
            if element.tail:
                add(element.tail)
            continue
        tag = element.tag
        if not isinstance(tag, str) or tag in HIDDEN_TAGS:
            # an entity or the like, or what is not shown: only its tail is text
            opened.append(False)
            walker.skip_subtree()
            continue
        items = element.items()
        attributes = dict(items) if items else None
        if attributes is not None and _hidden(attributes):
            opened.append(False)
            walker.skip_subtree()
            continue
        if tag in BREAK_TAGS:
            if parts:
                flush()
            opened.append(False)
            continue
        if attributes is not None:
            names, marks = _element_marks(
                tag,
                attributes.get("class"),
                attributes.get("id"),
                tuple(map(attributes.get, MARKED_ATTRIBUTES)),
            )
        else:
            names, marks = "", _TAG_BITS.get(tag, 0)
        index = open_frame(tag, frame_stack[-1], marks, names)
        frame_stack.append(index)
        opened.append(True)
        if tag in BLOCK_TAGS:
            if parts:
                flush()
            block_stack.append(index)
        if element.text:
            add(element.text)
    if parts:
        flush()
    ends[0] = len(tags)
    return out
