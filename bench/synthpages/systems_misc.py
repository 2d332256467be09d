"""Comment systems outside WordPress: Drupal, Blogger, SPIP, news-site systems, forums, none."""

from __future__ import annotations

import html

from bench.synthpages.builder import Doc
from bench.synthpages.content import Content
from bench.synthpages.systems_wp import form, heading
from bench.synthpages.thread import Node, register, write_text

esc = html.escape


def _roots(nodes: list[Node]) -> list[int]:
    return [i for i, node in enumerate(nodes) if node.parent is None]


def drupal(d: Doc, c: Content, nodes: list[Node], title: str, *, version: int) -> None:
    """Drupal 7 ('Submitted by NAME on DATE' or name/date/Permalink) and Drupal 8 (comment__*)."""
    r = c.rng
    one_line = version == 7 and r.random() < 0.5
    d.raw('<section id="comments" class="comment-wrapper">')
    d.el(
        "h2",
        r.choice([c.pick("n_comments", n=len(nodes), title=title), "Comments"]),
        "chrome",
        cls="title",
    )

    def one(i: int) -> None:
        node = nodes[i]
        cid = register(d, nodes, i)
        base = "comment" if version == 7 else "comment__"
        d.raw(f'<div class="{base} clearfix">')
        if one_line:
            d.el(
                "div",
                c.pick("submitted", name=node.author, date=c.date(with_time=True)),
                "comment_author",
                cls="meta-info",
                comment=cid,
            )
        else:
            d.raw(f'<div class="{"attribution" if version == 7 else "comment__meta"}">')
            if r.random() < 0.3:
                d.img(node.author, cls="user-picture")
            d.el("p", node.author, "comment_author", cls=f"{base}-author", comment=cid)
            d.el("p", c.date(with_time=True), "chrome", cls=f"{base}-time", comment=cid)
            d.el("p", c.pick("permalink"), "chrome", cls=f"{base}-link", comment=cid)
            d.raw("</div>")
        d.raw(f'<div class="{base}-text">')
        if r.random() < 0.7:
            d.el("h3", c.headline(), "comment_text", comment=cid)
        write_text(d, c, node, "p", cls="content")
        d.raw('<ul class="links inline">')
        d.el("li", c.pick("reply") if r.random() < 0.6 else c.pick("login"), "chrome", comment=cid)
        d.raw("</ul></div></div>")
        if node.children:
            d.raw('<div class="indented">')
            for child in node.children:
                one(child)
            d.raw("</div>")

    for i in _roots(nodes):
        one(i)
    if r.random() < 0.5:
        form(d, c)
    d.raw("</section>")


def blogger(d: Doc, c: Content, nodes: list[Node], title: str, *, threaded: bool) -> None:
    """Blogger: classic 'NAME said...' + text + timestamp, or the threaded widget."""
    d.raw('<div class="comments" id="comments">')
    d.el("h4", c.pick("n_comments", n=len(nodes), title=title) + ":", "chrome")
    if not threaded:
        d.raw('<dl id="comments-block">')
        for i in range(len(nodes)):
            node = nodes[i]
            cid = register(d, nodes, i)
            d.raw('<dt class="comment-author">')
            d.unit(esc(c.pick("said", name=node.author)), "comment_author", cid)
            d.raw('</dt><dd class="comment-body">')
            write_text(d, c, node, "br", cls="comment-body-text")
            d.raw('</dd><dd class="comment-footer">')
            d.unit(
                f'<span class="comment-timestamp">{esc(c.date(with_time=True))}</span>',
                "chrome",
                cid,
            )
            d.raw("</dd>")
        d.raw("</dl>")
    else:
        named = c.rng.random() < 0.6  # else the rendering lost the names (as on real pages)

        def one(i: int) -> None:
            node = nodes[i]
            cid = register(d, nodes, i, author_shown=named)
            d.raw('<li class="comment"><div class="comment-block"><div class="comment-header">')
            if named:
                d.el("cite", node.author, "comment_author", cls="user", comment=cid)
            d.raw('</div><div class="datetime-x">')
            d.unit(esc(c.date(with_time=True)), "chrome", cid)
            d.raw("</div>")
            write_text(d, c, node, "br", cls="comment-content")
            d.el("div", c.pick("delete"), "chrome", cls="comment-actions", comment=cid)
            d.raw("</div>")
            if node.children:
                d.raw('<div class="comment-replies"><div class="comment-thread"><ol>')
                for child in node.children:
                    one(child)
                d.raw("</ol></div>")
                d.el("div", c.pick("reply"), "chrome", cls="thread-reply", comment=cid)
                d.raw("</div>")
            d.raw("</li>")

        d.raw('<div class="comment-thread"><ol>')
        for i in _roots(nodes):
            one(i)
        d.raw("</ol></div>")
    d.el("div", c.pick("leave_reply"), "chrome", cls="comment-footer-x")
    d.raw("</div>")


def spip(d: Doc, c: Content, nodes: list[Node], title: str) -> None:
    """SPIP forums: comment title, 'DATE, par NAME', text, 'Répondre à ce message', nested."""
    r = c.rng
    title_first = r.random() < 0.5
    d.raw('<div class="forum-x">')
    d.el("h2", c.pick("n_comments", n=len(nodes), title=title), "chrome")

    def one(i: int) -> None:
        node = nodes[i]
        cid = register(d, nodes, i)
        by = {"fr": "par", "es": "por", "de": "von"}.get(c.lang, "by")
        d.raw('<li class="forum-fil"><div class="forum-message"><div class="forum-chapo">')
        line = f"{c.date(style=0, with_time=r.random() < 0.5)}, {by} {node.author}"
        if title_first:
            d.el("h3", c.headline(), "comment_text", cls="forum-titre", comment=cid)
            d.el("p", line, "comment_author", cls="forum-date", comment=cid)
        else:
            d.el("p", line, "comment_author", cls="forum-date", comment=cid)
            d.el("h3", c.headline(), "comment_text", cls="forum-titre", comment=cid)
        d.raw("</div>")
        write_text(d, c, node, "p", cls="forum-texte")
        d.el("p", c.pick("reply"), "chrome", cls="repondre", comment=cid)
        d.raw("</div>")
        if node.children:
            d.raw("<ul>")
            for child in node.children:
                one(child)
            d.raw("</ul>")
        d.raw("</li>")

    d.raw('<ul class="forum">')
    for i in _roots(nodes):
        one(i)
    d.raw("</ul>")
    if r.random() < 0.5:
        form(d, c)
    d.raw("</div>")


def news(
    d: Doc, c: Content, nodes: list[Node], title: str, *, author: str, packed: bool = False
) -> None:
    """Custom news-site systems. `author`: 'head' (NAME DATE line above the text), 'split'
    (name line, date line), 'after' (author line under the text), 'none' (no author)."""
    r = c.rng
    text_mode = "div" if packed else r.choice(["p", "p", "br"])
    nested = r.random() < 0.5
    initials = author in ("head", "split") and r.random() < 0.2
    numbered = author in ("after", "none") and r.random() < 0.3
    bulleted = not numbered and r.random() < 0.3
    glued = author == "head" and r.random() < 0.2
    dash_after = author == "after" and r.random() < 0.3
    actions = r.random()
    d.raw('<div class="reader-x">')
    if r.random() < 0.8:
        heading(d, c, len(nodes), title, tag=r.choice(["h2", "h3", "div"]))
    if r.random() < 0.4:
        d.el("p", c.pick("rules"), "chrome", cls="rules-x")
    if r.random() < 0.3:
        d.el("div", c.pick("sort"), "chrome", cls="sort-x")
    tag = "ol" if numbered else "ul" if bulleted else "div"

    def head_line(node: Node, cid: int) -> None:
        if glued:  # name and date in adjacent spans render glued: "NAME12.03.2021, 14:33"
            date = esc(c.date(style=1, with_time=True))
            d.raw('<div class="rc-head">')
            d.unit(
                f'<span class="n">{esc(node.author)}</span><span class="t">{date}</span>',
                "comment_author",
                cid,
            )
            d.raw("</div>")
        else:
            line = c.pick("head", name=node.author, date=c.date())
            d.el("div", line, "comment_author", cls="rc-head", comment=cid)

    def one(i: int) -> None:
        node = nodes[i]
        cid = register(d, nodes, i, author_shown=author != "none")
        item = "div" if tag == "div" else "li"
        d.raw(f'<{item} class="rc-item lvl-{node.depth}">')
        if initials:
            letters = "".join(p[0] for p in node.author.split()[:2]).upper()
            d.el("div", letters, "chrome", cls="rc-ava", comment=cid)
        if author == "head":
            head_line(node, cid)
        elif author == "split":
            d.el("div", node.author, "comment_author", cls="rc-name", comment=cid)
            when = c.date() if r.random() < 0.7 else c.ago()
            d.el("div", when, "chrome", cls="rc-date", comment=cid)
        elif author == "none" and r.random() < 0.5:
            d.el("div", c.ago(), "chrome", cls="rc-date", comment=cid)
        if node.owner and author in ("head", "split") and r.random() < 0.7:
            d.el("div", c.pick("author_badge"), "chrome", cls="rc-badge", comment=cid)
        write_text(d, c, node, text_mode, cls="rc-body")
        if author == "after" and dash_after:  # "– NAME" under the text, the date below it
            d.el("div", f"– {node.author}", "comment_author", cls="rc-sig", comment=cid)
            d.el("div", c.date(with_time=True), "chrome", cls="rc-date", comment=cid)
        elif author == "after":
            line = c.pick("by_after", name=node.author, date=c.date())
            d.el("div", line, "comment_author", cls="rc-sig", comment=cid)
        if actions < 0.4:
            line = f"{c.pick('reply')} | {c.pick('report')}"
            d.el("div", line, "chrome", cls="rc-act", comment=cid)
        elif actions < 0.8:
            d.el("div", c.pick("reply"), "chrome", cls="rc-act", comment=cid)
            d.el("div", c.pick("report"), "chrome", cls="rc-act2", comment=cid)
        if r.random() < 0.3:
            d.el("div", str(r.randint(0, 99)), "chrome", cls="rc-votes", comment=cid)
        if nested and node.children:
            d.raw(f'<{tag} class="rc-replies">')
            for child in node.children:
                one(child)
            d.raw(f"</{tag}>")
        d.raw(f"</{item}>")
        if not nested:
            for child in node.children:
                one(child)

    d.raw(f'<{tag} class="rc-list">')
    for i in _roots(nodes):
        one(i)
    d.raw(f"</{tag}>")
    if r.random() < 0.6:
        form(d, c)
    d.raw("</div>")


def forum_posts(d: Doc, c: Content, nodes: list[Node]) -> None:
    """Forum replies under an opening post: user, rank, join date, post count, #n, text, Quote."""
    r = c.rng
    show_rank = r.random() < 0.6
    for n, i in enumerate(range(len(nodes)), 2):
        node = nodes[i]
        cid = register(d, nodes, i)
        d.raw('<div class="post-x"><div class="userinfo-x">')
        d.el("div", node.author, "comment_author", cls="uname", comment=cid)
        if show_rank:
            d.el("div", c.pick("rank"), "chrome", cls="urank", comment=cid)
            d.el(
                "div",
                c.pick("joined", date=c.date(with_time=False)),
                "chrome",
                cls="ujoin",
                comment=cid,
            )
            d.el("div", c.pick("posts", n=r.randint(1, 9000)), "chrome", cls="uposts", comment=cid)
        d.raw('</div><div class="postbody-x">')
        d.el(
            "div",
            f"#{n} {c.date(with_time=True)}" if r.random() < 0.5 else c.date(),
            "chrome",
            cls="pdate",
            comment=cid,
        )
        if i > 0 and r.random() < 0.35:
            quoted = nodes[r.randrange(i)]
            d.raw('<blockquote class="q">')
            d.el("div", c.pick("quote_said", name=quoted.author), "comment_text", comment=cid)
            d.el("div", quoted.paras[-1][-1], "comment_text", comment=cid)
            d.raw("</blockquote>")
        write_text(d, c, node, r.choice(["p", "br"]), cls="pmsg")
        if r.random() < 0.2:
            d.el("div", c.short(70), "chrome", cls="sig-x", comment=cid)
        d.el("div", c.pick("quote"), "chrome", cls="pact", comment=cid)
        d.raw("</div></div>")


def no_comments(d: Doc, c: Content, title: str) -> None:
    """A page without a thread: nothing, a closed notice, a zero count, or only the form."""
    r = c.rng.random()
    if r < 0.25:
        return
    d.raw('<div class="cmt-x">')
    if r < 0.5:
        d.el("p", c.pick("closed"), "chrome")
    elif r < 0.75:
        heading(d, c, 0, title)
        form(d, c)
    else:
        form(d, c)
    d.raw("</div>")
