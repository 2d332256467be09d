"""The fallback comment finder: a repeated structure of comment-like blocks.

For markups no table knows. It looks only around elements whose class or id has a thread word
(`THREAD_SCOPE`). There, siblings that share a tag and first class token (digits ignored), each
with a name-like element, a date-like line and a text, are the comments of a thread; so are
"cousins", lone blocks of one kind with a thread word in their own class under different
parents (threads that wrap every comment). Reply levels come from blocks nested in blocks, else
from reply or level classes, else from inline indentation; an answer printed inside a block with
its own name and date is a reply. A group must look like a thread and not like a teaser list:
mostly unlinked text, no title-length linked headings, and a thread word in its classes or
enough blocks with names. Scoring reads each block once (`_read_block`) and keeps the reading.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from threadsift.decomposers.comment_markup import (
    ALTERNATION_CLASSES,
    AUTHOR_SCOPE,
    HEADER_NOISE,
    INDENT_STYLE,
    INNER_REPLY,
    TEASER,
    THREAD_CHROME_LINE,
    THREAD_SCOPE,
    THREAD_WORDS,
)
from threadsift.decomposers.dates import has_header_date, strip_header_dates
from threadsift.decomposers.dom import (
    SLOW_PATH,
    class_depths,
    clean_author,
    clean_date,
    common_ancestor,
    document_language,
    node_lines,
    paths_to,
    select,
    text_lines,
    thread,
)
from threadsift.page import Comment

_DIGITS = re.compile(r"\d")
# Block tags that can hold one comment.
BLOCK_ITEM_TAGS = frozenset(
    {"li", "div", "article", "section", "dd", "tr", "blockquote", "table", "ul", "ol", "dl"}
)
MIN_BLOCKS = 2
MAX_NAME = 60
MAX_DATE_LINE = 80
MAX_LINK_SHARE = 0.5
# A group qualifies when this share of its blocks look like comments.
MIN_QUALIFYING_SHARE = 0.6
MAX_CANDIDATES = 4
TEASER_WORDS = 4
INDENT_LEVELS = 4
BLOCK_SELECTOR = ", ".join(sorted(BLOCK_ITEM_TAGS))
SHAPE_CHILDREN = 3


@dataclass(slots=True)
class _Block:
    """What one candidate block says about itself."""

    node: Any
    author: str | None
    date: str | None
    lines: list[str]


def _signature(node: Any) -> tuple[str, str] | None:
    """Tag and first digit-free class token: what siblings of one kind share.

    Only the first token: themes append state classes ("comment-sub", "read-more-target",
    "bypostauthor") to some blocks of a thread and not to others, and some mark every other
    block ("alt", "odd"), which is not a token of the kind either.
    """
    tag = node.tag
    if tag not in BLOCK_ITEM_TAGS:
        return None
    first = next(
        (
            token
            for token in (node.class_name or "").split()
            if not _DIGITS.search(token) and token.lower() not in ALTERNATION_CLASSES
        ),
        "",
    )
    return tag, first


def _words(node: Any) -> str:
    return f"{node.class_name or ''} {node.id or ''}"


def _has_thread_word(node: Any, levels: int = 4) -> bool:
    """Whether the node or one of its close ancestors has a thread word in its class or id."""
    current = node
    for _ in range(levels):
        if current is None or current.type != node.type:
            return False
        if THREAD_WORDS.search(_words(current)):
            return True
        current = current.parent
    return False


def _link_share(node: Any, text_length: int) -> float:
    linked = sum(len(a.text) for a in select(node, "a"))
    return linked / text_length if text_length else 1.0


def _inside(node: Any, block: Any, skip: set[Any]) -> bool:
    """Whether `node` lies inside one of the `skip` elements under `block`."""
    current = node
    while current is not None and current != block:
        if current in skip:
            return True
        current = current.parent
    return False


def _name_of(node: Any, skip: set[Any]) -> tuple[str | None, set[str]]:
    """The commenter's name from the block's name element (a short element whose class names
    an author), and the lines of that element (badges printed beside the name go with it)."""
    for candidate in select(node, AUTHOR_SCOPE):
        if _inside(candidate, node, skip):
            continue
        lines = [
            row for row in (" ".join(r.split()) for r in candidate.inner_text.split("\n")) if row
        ]
        if lines and len(lines[0]) <= MAX_NAME and not has_header_date(lines[0]):
            return clean_author(lines[0]), set(lines)
    return None, set()


def _hosts(items: set[Any], stop: Any = None) -> set[Any]:
    """The items that hold other items (their replies): walk up from each item to the first
    item above it, or to `stop` (the thread's container)."""
    hosts = set()
    for item in items:
        current = item.parent
        while current is not None and current != stop:
            if current in items:
                hosts.add(current)
                break
            current = current.parent
    return hosts


def _lines(node: Any, items: set[Any], hosts: set[Any]) -> list[str]:
    """The block's lines without the blocks nested in it, buttons, forms and hidden elements."""
    if node in hosts:
        inside = [element for element in select(node, "*") if element in items]
        descend = paths_to(node, [*inside, *select(node, SLOW_PATH)])
        return node_lines(node, lambda child: child in items, descend=descend)
    return text_lines(node)


def author_from_header(line: str) -> str | None:
    """The name in a header line that also holds the date: what is left without date and noise."""
    rest = HEADER_NOISE.sub(" ", strip_header_dates(line))
    words = [word for word in rest.split() if any(ch.isalpha() for ch in word)]
    if 1 <= len(words) <= 4:
        return clean_author(" ".join(words))
    return None


def _read_block(node: Any, items: set[Any], hosts: set[Any] | None = None) -> _Block:
    """Author, date and text lines of one block (the other `items` inside it left out; `hosts`
    are the items holding others, computed from `items` when not given)."""
    hosts = _hosts(items) if hosts is None else hosts
    lines = _lines(node, items, hosts)
    author, name_lines = _name_of(node, items)
    date = next(
        (line for line in lines if len(line) <= MAX_DATE_LINE and has_header_date(line)), None
    )
    text: list[str] = []
    for line in lines:
        if line == date or line in name_lines or THREAD_CHROME_LINE.match(line):
            continue
        if author and author in line and len(line) <= len(author) + MAX_DATE_LINE:
            continue
        text.append(line)
    if author is None and date is not None:
        author = author_from_header(date)
    if author is None and len(text) > 1 and len(text[0]) <= MAX_NAME and len(text[0].split()) <= 4:
        author = clean_author(text.pop(0))
    return _Block(node=node, author=author, date=clean_date(date, author), lines=text)


def _qualifies(block: _Block) -> bool:
    return bool(block.lines) and block.date is not None and sum(map(len, block.lines)) >= 3


def _scopes(document: Any) -> list[Any]:
    """Where a thread may be: the outermost elements whose class or id has a thread word. The
    blocks are inside them (a "comments" container) or are them ("comment" blocks)."""
    outermost: list[Any] = []
    for node in select(document, THREAD_SCOPE):  # page order: descendants follow their ancestor
        if outermost and outermost[-1].contains(node):
            continue
        outermost.append(node)
    return outermost


def _groups(document: Any) -> list[list[Any]]:
    """Sibling groups of two or more blocks of one kind, in page order."""
    groups: dict[tuple[Any, tuple[str, str]], list[Any]] = {}
    seen: set[Any] = set()
    for scope in _scopes(document):
        for node in [scope, *select(scope, BLOCK_SELECTOR)]:
            signature = _signature(node)
            if signature is None or node in seen:
                continue
            seen.add(node)
            groups.setdefault((node.parent, signature), []).append(node)
    # A lone block counts when its own class says it is a comment: alone of its kind, it is a
    # one-comment thread; with others of its kind under other parents ("cousins", as in
    # threads that wrap each comment for indentation), they are the thread together.
    cousins: dict[tuple[str, str], list[Any]] = {}
    for (_, signature), members in groups.items():
        if len(members) == 1 and THREAD_WORDS.search(_words(members[0])):
            cousins.setdefault(signature, []).append(members[0])
    return [members for members in groups.values() if len(members) >= MIN_BLOCKS] + list(
        cousins.values()
    )


def _candidates(groups: list[list[Any]]) -> list[list[Any]]:
    """The groups worth reading block by block: enough blocks with a date near an end, most
    dated blocks first, at most `MAX_CANDIDATES` (reading blocks is the costly part)."""
    counted = []
    for members in groups:
        texts = [member.inner_text.strip() for member in members]
        # Dates sit in a comment's header or footer: look at both ends only (long texts are slow).
        dated = sum(
            1
            for text in texts
            if len(text) >= 10 and has_header_date(text[:300] + "\n" + text[-300:])
        )
        if dated >= min(MIN_BLOCKS, len(members)) and dated >= MIN_QUALIFYING_SHARE * len(members):
            counted.append((dated, members))
    counted.sort(key=lambda pair: -pair[0])
    return [members for _, members in counted[:MAX_CANDIDATES]]


def _indent_depths(nodes: list[Any]) -> list[int]:
    """Reply levels from inline indentation on a block or its close ancestors: the rank of its
    indent among the thread's indents (all zero when the thread shows none or one)."""
    from resiliparse.parse.html import NodeType

    indents = []
    for node in nodes:
        indent, current = 0.0, node
        for _ in range(INDENT_LEVELS):
            if current is None or current.type != NodeType.ELEMENT:  # up to the document
                break
            match = INDENT_STYLE.search(current.getattr("style") or "")
            if match:
                indent = float(match.group(1))
                break
            current = current.parent
        indents.append(indent)
    ranks = {value: rank for rank, value in enumerate(sorted(set(indents)))}
    return [ranks[value] for value in indents] if len(ranks) > 1 else [0] * len(nodes)


def _is_teaser(node: Any) -> bool:
    """Whether a block has a heading linked to another page with a title's length (a linked
    name in a heading, "<a><h4>NAME</h4></a>", is a comment's header)."""
    return any(len(link.text.split()) >= TEASER_WORDS for link in select(node, TEASER))


def _score(members: list[Any], cache: dict[Any, _Block]) -> tuple[float, list[_Block]]:
    """How much a sibling group looks like a comment thread (0 when it does not). Blocks that
    hold no other block read the same in any group: they go to `cache` for the final pass."""
    items = set(members)
    hosts = _hosts(items, members[0].parent)
    blocks = []
    for member in members:
        block = _read_block(member, items, hosts)
        if member not in hosts:
            cache[member] = block
        blocks.append(block)
    good = [b for b in blocks if _qualifies(b)]
    good = [b for b in good if _link_share(b.node, len(b.node.text.strip())) <= MAX_LINK_SHARE]
    teasers = sum(_is_teaser(b.node) for b in good)
    if good and teasers * 2 >= len(good):
        return 0.0, []  # a list of teasers (title link, byline, date, excerpt), not a thread
    if len(members) == 1:  # a lone comment: it must have a name and a date
        alone = good[0] if good else None
        if alone is None or alone.author is None or not THREAD_WORDS.search(_words(alone.node)):
            return 0.0, []
        return 1.0, good
    if len(good) < MIN_BLOCKS or len(good) < MIN_QUALIFYING_SHARE * len(members):
        return 0.0, []
    named = sum(b.author is not None for b in good)
    threadish = _has_thread_word(members[0]) or _has_thread_word(members[0].parent)
    if not threadish and named < max(3, len(good) // 2):
        return 0.0, []
    return len(good) * (2.0 if threadish else 1.0) + named, good


def _shape(node: Any) -> tuple[str, ...]:
    """The tags of the first child elements: blocks of one thread share them even when their
    classes differ ("member" and "guest" comments)."""
    tags: list[str] = []
    child = node.first_element_child
    while child is not None and len(tags) < SHAPE_CHILDREN:
        tags.append(child.tag)
        child = child.next_element
    return tuple(tags)


def _nested(container: Any, members: list[Any]) -> list[Any]:
    """All blocks of the thread under its container, replies included, in page order: the
    group's kind, or its tag with the child shape most of its blocks have."""
    signature = _signature(members[0])
    shapes = Counter(_shape(member) for member in members)
    common, count = shapes.most_common(1)[0]
    shape = common if count * 2 > len(members) and len(common) == SHAPE_CHILDREN else None
    return [
        node
        for node in select(container, members[0].tag)
        if _signature(node) == signature or (shape is not None and _shape(node) == shape)
    ]


def _inner_replies(node: Any, items: set[Any]) -> list[_Block]:
    """Answers printed inside a block (with their own name and date), outermost first."""
    found: list[Any] = []
    for candidate in select(node, INNER_REPLY):
        if candidate in items or _inside(candidate.parent, node, items):
            continue
        if any(outer.contains(candidate) for outer in found):
            continue
        found.append(candidate)
    replies = []
    for candidate in found:
        reply = _read_block(candidate, set(), set())
        if reply.date is not None and reply.lines:
            replies.append(reply)
    return replies


def from_repeated_blocks(document: Any) -> tuple[list[Comment], list[Any]]:
    """Comments from repeated same-class sibling blocks with a name, a date and a text, and the
    element of each comment."""
    best: tuple[float, list[Any]] = (0.0, [])
    cache: dict[Any, _Block] = {}
    for members in _candidates(_groups(document)):
        score, _ = _score(members, cache)
        if score > best[0]:
            best = (score, members)
    if not best[1]:
        return [], []
    members = best[1]
    signature = _signature(members[0])
    container = common_ancestor(members[0], members[-1]) if len(members) > 1 else members[0].parent
    if signature is None or container is None:
        return [], []
    nodes = _nested(container, members)
    items = set(nodes)
    inner = {node: _inner_replies(node, items) for node in nodes}
    # Left out of each block: the other blocks, and the answers printed inside blocks.
    skip = items | {reply.node for replies in inner.values() for reply in replies}
    hosts = _hosts(skip, container)
    blocks = [
        cache[node]
        if node in cache and node not in hosts and not inner[node]
        else _read_block(node, skip, hosts)
        for node in nodes
    ]
    # A block with neither name nor date is a placeholder ("private comment"), not a comment.
    blocks = [b for b in blocks if b.lines and (b.author or b.date)]
    kept = {b.node for b in blocks}
    depths = []
    for block in blocks:
        depth = 0
        current = block.node.parent
        while current is not None and current != container:
            depth += current in kept
            current = current.parent
        depths.append(depth)
    if not any(depths):  # a flat list: replies may say what they are in classes or indents
        depths = class_depths([b.node for b in blocks])
    if not any(depths):
        depths = _indent_depths([b.node for b in blocks])
    rows, elements = [], []
    for block, depth in zip(blocks, depths, strict=True):
        rows.append((block.author, "\n".join(block.lines), block.date, depth))
        rows.extend((r.author, "\n".join(r.lines), r.date, depth + 1) for r in inner[block.node])
        elements.extend([block.node, *(r.node for r in inner[block.node])])
    return thread(rows, language=document_language(document)), elements
