"""A generated comment thread (who replies to whom, what they wrote) and helpers to write it."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from bench.synthpages.builder import Doc
from bench.synthpages.content import Content


@dataclass(slots=True)
class Node:
    """One comment of a generated thread."""

    author: str
    paras: list[list[str]]  # paragraphs, each a list of lines
    depth: int
    parent: int | None
    children: list[int] = field(default_factory=list)
    cid: int | None = None  # id in the Doc once written
    owner: bool = False  # written by the page's author (badge lines)
    quote: tuple[str, str] | None = None  # (quoted name, quoted line) shown above the text


def make_thread(
    c: Content, n_top: int, max_depth: int, reply_p: float, owner: str | None = None
) -> list[Node]:
    """Comments in page order (each reply right after its parent's subtree so far)."""
    nodes: list[Node] = []
    names = [c.name() for _ in range(max(3, n_top))]

    def add(depth: int, parent: int | None) -> None:
        if len(nodes) >= 45:
            return
        idx = len(nodes)
        if owner and parent is not None and c.rng.random() < 0.5:
            author = owner
        else:
            author = c.rng.choice(names) if c.rng.random() < 0.25 else c.name()
        node = Node(author, comment_text(c, author), depth, parent, owner=author == owner)
        if parent is not None:
            above = nodes[parent]
            nodes[parent].children.append(idx)
            if c.rng.random() < 0.25:
                mention = c.rng.choice([f"@{above.author}", f"@{above.author}:"])
                if c.rng.random() < 0.7 or mention in c.used:
                    node.paras[0][0] = f"{mention} {node.paras[0][0]}"
                else:  # the mention on a line of its own
                    c.used.add(mention)
                    node.paras.insert(0, [mention])
            elif c.rng.random() < 0.15:
                node.quote = (above.author, above.paras[-1][-1])
        nodes.append(node)
        if depth < max_depth:
            while c.rng.random() < reply_p / (depth + 1):
                add(depth + 1, idx)

    for _ in range(n_top):
        add(0, None)
    return nodes


def comment_text(c: Content, author: str = "") -> list[list[str]]:
    """A comment's paragraphs; some have several lines, a greeting, a link or a signed name."""
    r = c.rng.random()
    if r < 0.2:
        paras = [[c.short(140)]]
    elif r < 0.75:
        paras = [[c.paragraph(1, 2)] for _ in range(c.rng.randint(1, 2))]
    else:
        paras = [
            [c.paragraph(1, 1) for _ in range(c.rng.randint(1, 3))]
            for _ in range(c.rng.randint(1, 3))
        ]
    greet = c.pick("greet")
    if c.rng.random() < 0.15 and greet not in c.used:
        c.used.add(greet)
        paras.insert(0, [greet])
    signoff = f"{c.pick('signoff')}, {c.fake.first_name()}"
    if c.rng.random() < 0.08 and signoff not in c.used:
        c.used.add(signoff)
        paras.append([signoff])
    elif c.rng.random() < 0.1 and author:
        # A greeting and the commenter's name on lines of their own: a signature, not an author.
        paras.append([c.pick("signoff"), author.split()[0]])
    if c.rng.random() < 0.05:
        paras.append([f"https://{c.fake.domain_name()}/{c.fake.uri_path()}"])
    return paras


def write_text(d: Doc, c: Content, node: Node, mode: str, cls: str = "comment-content") -> None:
    """Write a comment's text: 'p' (paragraphs), 'br' (one block, lines broken), 'div'."""
    cid = node.cid
    if node.quote is not None:
        name, line = node.quote
        d.raw('<blockquote class="quote">')
        d.el("div", c.pick("quote_said", name=name), "comment_text", comment=cid)
        d.el("div", line, "comment_text", comment=cid)
        d.raw("</blockquote>")
    if mode == "p":
        d.raw(f'<div class="{cls}">')
        for para in node.paras:
            d.raw("<p>")
            for i, line in enumerate(para):
                if i:
                    d.raw("<br>")
                d.unit(html.escape(line), "comment_text", cid)
            d.raw("</p>")
        d.raw("</div>")
    elif mode == "br":
        d.raw(f'<div class="{cls}">')
        first = True
        for para in node.paras:
            for line in para:
                if not first:
                    d.raw("<br>")
                d.unit(html.escape(line), "comment_text", cid)
                first = False
        d.raw("</div>")
    else:
        d.raw(f'<div class="{cls}">')
        for para in node.paras:
            for line in para:
                d.el("div", line, "comment_text", comment=cid)
        d.raw("</div>")


def register(d: Doc, nodes: list[Node], idx: int, *, author_shown: bool = True) -> int:
    """Give node `idx` its comment id (its parent must have one already)."""
    node = nodes[idx]
    parent = nodes[node.parent].cid if node.parent is not None else None
    node.cid = d.new_comment(node.author if author_shown else None, node.depth, parent)
    return node.cid


def count(nodes: list[Node]) -> int:
    """Number of comments."""
    return len(nodes)
