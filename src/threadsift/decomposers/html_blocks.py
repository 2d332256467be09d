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
    """A page's blocks and the frames they belong to."""

    blocks: list[Block] = field(default_factory=list)
    frames: list[Frame] = field(default_factory=list)
    ancestry: Any = None  # (block, frame, level) arrays, made once by `article_features`


@lru_cache(maxsize=1 << 16)
def _marks_of(tag: str, names: str, attributes: tuple[tuple[str, str], ...]) -> int:
    """The marks an element's tag, class and id (`names`) and other attributes carry."""
    marks = _TAG_BITS.get(tag, 0)
    if names:
        for pattern, bit in _PATTERNS:
            if not marks & bit and pattern.search(names):
                marks |= bit
    for attribute, value, mark in ATTRIBUTE_MARKS:
        if (attribute, value) in attributes:
            marks |= MARK_BIT[mark]
    return marks


def _hidden(attrib: Any) -> bool:
    """Whether the element says it is not shown."""
    if "hidden" in attrib or attrib.get("aria-hidden") == "true":
        return True
    style = attrib.get("style")
    return bool(style) and bool(_HIDDEN_STYLE.search(style))


def _root(html: str) -> Any:
    """The parsed page (lxml), or None when it holds no document."""
    from lxml import etree
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        return lxml_html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return None


def blocks_of(html: str) -> Blocks:
    """The text blocks of a page's body, in page order.

    lxml reads the page for this walk: its elements cost a fraction of what resiliparse's
    node objects cost from Python, and the walk visits every one of them.
    """
    from lxml import etree

    out = Blocks()
    root = _root(html)
    body = root.find("body") if root is not None else None
    if body is None:
        return out
    frames = out.frames
    frames.append(Frame("body", -1, 0, 0, 0))
    parts: list[str] = []
    link_words = 0
    inline = 0
    frame_stack = [0]  # open frames, innermost last
    block_stack = [0]  # open block frames, innermost last
    opened: list[bool] = []  # per element entered: whether it opened a frame

    def flush() -> None:
        nonlocal link_words, inline
        if parts:
            joined = _SPACE.sub(" ", "".join(parts)).strip()
            if joined:
                words = joined.count(" ") + 1
                block = Block(joined, words, min(link_words, words), block_stack[-1], inline)
                block.index = len(out.blocks)
                out.blocks.append(block)
            parts.clear()
        link_words = 0
        inline = 0

    def add(text: str) -> None:
        nonlocal link_words, inline
        if text.isspace():
            parts.append(" ")
            return
        parts.append(text)
        top = frames[frame_stack[-1]]
        if top.inherited & _LINK_BIT:
            link_words += len(text.split())
        if top.tag not in BLOCK_TAGS:
            inline |= top.marks

    walker = etree.iterwalk(body, events=("start", "end"))
    next(walker)  # the body's start
    if body.text:
        add(body.text)
    for event, element in walker:
        tag = element.tag
        if event == "end":
            if not opened:  # the body's end
                break
            if opened.pop():
                frame = frames[frame_stack.pop()]
                if frame.tag in BLOCK_TAGS:
                    flush()
                    block_stack.pop()
            if element.tail:
                add(element.tail)
            continue
        if not isinstance(tag, str):  # an entity or the like: only its tail is text
            opened.append(False)
            walker.skip_subtree()
            continue
        attrib = element.attrib
        if tag in HIDDEN_TAGS or (attrib and _hidden(attrib)):
            opened.append(False)
            walker.skip_subtree()
            continue
        if tag in BREAK_TAGS:
            flush()
            opened.append(False)
            continue
        names = f"{attrib.get('class') or ''} {attrib.get('id') or ''}".strip().lower()
        marked = tuple((name, attrib[name].lower()) for name in MARKED_ATTRIBUTES if name in attrib)
        marks = _marks_of(tag, names, marked)
        parent = frames[frame_stack[-1]]
        index = len(frames)
        frames.append(
            Frame(tag, frame_stack[-1], parent.depth + 1, marks, parent.inherited | marks, names)
        )
        frame_stack.append(index)
        opened.append(True)
        if tag in BLOCK_TAGS:
            flush()
            block_stack.append(index)
        if element.text:
            add(element.text)
    flush()
    return out
