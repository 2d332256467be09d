"""Comment systems of WordPress and embeds: core themes, WordPress.com, wpDiscuz, Disqus-like."""

from __future__ import annotations

import html

from bench.synthpages.builder import Doc
from bench.synthpages.content import Content
from bench.synthpages.thread import Node, register, write_text

esc = html.escape

WPD_PROMPT = {
    "en": "Would love your thoughts, please comment.",
    "de": "Wir würden uns über Ihre Gedanken freuen, bitte kommentieren Sie.",
    "fr": "J’aimerais avoir votre avis, merci de commenter.",
    "es": "Nos encantaría conocer tu opinión, comenta.",
}


def heading(d: Doc, c: Content, n: int, title: str, tag: str = "h2") -> None:
    """The comment-count heading."""
    d.el(tag, c.pick("n_comments", n=n, title=title), "chrome", cls="comments-title")


def form(d: Doc, c: Content) -> None:
    """The comment form under the thread: heading, note, submit button (some of them)."""
    d.raw('<div id="respond" class="comment-respond">')
    d.el("h3", c.pick("leave_reply"), "chrome", cls="comment-reply-title")
    d.raw("<form>")
    if c.rng.random() < 0.7:
        d.el("p", c.pick("email_note"), "chrome", cls="comment-notes")
    if c.rng.random() < 0.3:
        d.el("p", c.pick("notify"), "chrome", cls="subscribe-x")
    d.raw('<p class="form-submit">')
    d.unit(f"<button>{esc(c.pick('submit'))}</button>", "chrome")
    d.raw("</p></form></div>")


def wp_core(d: Doc, c: Content, nodes: list[Node], title: str, *, variant: str) -> None:
    """WordPress core themes: 'says' (NAME says:), 'modern' (name only), 'wrote' (blockquote),
    'wpcom' (with Like lines). Nested replies in `children` lists, numbered or bulleted."""
    r = c.rng
    says = c.pick("says")
    tag = "ol" if r.random() < 0.6 else "ul"
    avatar = r.random() < 0.3
    date_first = r.random() < 0.7
    footer_meta = r.random() < 0.4
    d.raw('<div id="comments" class="comments-area">')
    if r.random() < 0.85:
        heading(d, c, len(nodes), title)
    if variant == "modern" and r.random() < 0.4:
        form(d, c)
    d.raw(f'<{tag} class="{r.choice(["commentlist", "comment-list"])}">')

    def one(i: int) -> None:
        node = nodes[i]
        cid = register(d, nodes, i)
        date = c.date()
        d.raw(f'<li class="comment depth-{node.depth + 1}" id="li-comment-{cid}">')
        d.raw('<div class="comment-body">')
        if avatar:
            d.raw('<div class="comment-avatar">')
            d.img(node.author, cls="avatar")
            d.raw("</div>")
        meta_tag = "footer" if variant == "modern" and footer_meta else "div"
        d.raw(f'<{meta_tag} class="comment-meta"><div class="comment-author vcard">')
        name = f'<cite class="fn">{esc(node.author)}</cite>'
        if variant in ("says", "wpcom"):
            d.unit(f'{name} <span class="says">{esc(says)}</span>', "comment_author", cid)
        elif variant == "wrote":
            d.unit(f"{esc(c.pick('wrote_on', name=node.author, date=date))}", "comment_author", cid)
        else:
            d.unit(name, "comment_author", cid)
        d.raw("</div>")
        if meta_tag == "footer":
            d.el("div", date, "chrome", cls="comment-metadata", comment=cid)
        d.raw(f"</{meta_tag}>")
        if variant != "wrote" and date_first and meta_tag != "footer":
            d.raw('<div class="comment-date">')
            d.unit(f'<a href="#c{cid}">{esc(date)}</a>', "chrome", cid)
            d.raw("</div>")
        if variant == "wrote":
            d.raw("<blockquote>")
            write_text(d, c, node, "p", cls="comment-text")
            d.raw("</blockquote>")
        else:
            write_text(d, c, node, "p" if r.random() < 0.85 else "br")
        if variant != "wrote" and not date_first:
            d.el("div", date, "chrome", cls="comment-date", comment=cid)
        if variant == "wpcom":
            d.el("div", c.pick("like"), "chrome", cls="comment-likes", comment=cid)
        d.el("div", c.pick("reply"), "chrome", cls="reply", comment=cid)
        d.raw("</div>")
        if node.children:
            d.raw(f'<{tag} class="children">')
            for child in node.children:
                one(child)
            d.raw(f"</{tag}>")
        d.raw("</li>")

    for i, node in enumerate(nodes):
        if node.parent is None:
            one(i)
    if r.random() < 0.2:  # trackbacks listed with the comments: chrome
        for _ in range(r.randint(1, 2)):
            d.raw('<li class="pingback"><div class="comment-body">')
            d.unit(f'Pingback: <a href="#">{esc(c.headline())}</a>', "chrome")
            d.raw("</div></li>")
    d.raw(f"</{tag}>")
    if variant != "modern" or r.random() < 0.5:
        form(d, c)
    d.raw("</div>")


def wpdiscuz(d: Doc, c: Content, nodes: list[Node], title: str, *, named: bool) -> None:
    """wpDiscuz: widget lines, avatar alt, Guest/Author label, name, date, text, votes, Reply."""
    r = c.rng
    d.raw('<div id="comments" class="wpdiscuz-x">')
    if r.random() < 0.5:
        d.el("div", c.pick("leave_reply"), "chrome", cls="wpd-head")
    d.el("div", c.pick("notify"), "chrome", cls="wpd-sub")
    if r.random() < 0.5:
        d.el("div", c.rng.choice(c.alts_all("guest")).lower(), "chrome", cls="wpd-sub-who")
    if r.random() < 0.5:
        d.el("div", c.pick("submit"), "chrome", cls="wpd-btn")
    d.el("div", c.pick("n_comments", n=len(nodes), title=title), "chrome", cls="wpd-thread-info")
    d.el("div", c.pick("sort"), "chrome", cls="wpd-sorting")
    flat = r.random() < 0.5
    labels = r.random() < 0.6

    def one(i: int) -> None:
        node = nodes[i]
        cid = register(d, nodes, i, author_shown=named)
        d.raw(f'<div class="wpd-comment wpd-level-{node.depth + 1}"><div class="wpd-comment-wrap">')
        if named:
            d.raw('<div class="wpd-avatar">')
            d.img(node.author if r.random() < 0.7 else "")
            d.raw("</div>")
            if labels:
                badge = c.pick("author_badge") if node.owner else c.pick("guest")
                d.el("div", badge, "chrome", cls="wpd-comment-label", comment=cid)
            d.el("div", node.author, "comment_author", cls="wpd-comment-author", comment=cid)
        d.el("div", c.ago(), "chrome", cls="wpd-comment-date", comment=cid)
        write_text(d, c, node, "p", cls="wpd-comment-text")
        d.el(
            "div",
            r.choice(["0", "+1", "+2", "-1", "+5", "+12", "-3"]),
            "chrome",
            cls="wpd-vote",
            comment=cid,
        )
        d.el("div", c.pick("reply"), "chrome", cls="wpd-reply-button", comment=cid)
        d.raw("</div>")
        if not flat:
            for child in node.children:
                one(child)
        d.raw("</div>")
        if flat:
            for child in node.children:
                one(child)

    d.raw('<div class="wpd-thread-list">')
    for i, node in enumerate(nodes):
        if node.parent is None:
            one(i)
    d.raw("</div>")
    if r.random() < 0.6:
        d.el("div", c.pick("inline"), "chrome", cls="wpd-inline-summary")
    prompt = WPD_PROMPT.get(c.lang, WPD_PROMPT["en"])
    d.raw('<div class="wpd-bubble-x">')
    d.unit(f"{esc(prompt)}<span>x</span>", "chrome")
    d.raw("</div></div>")


def disqus(d: Doc, c: Content, nodes: list[Node], title: str) -> None:
    """Disqus-like embed: counts and sort line, 'NAME • 3 years ago', text, votes, Reply/Share."""
    r = c.rng
    d.raw('<div id="disqus_thread" class="dsq-x">')
    d.el("div", c.pick("n_comments", n=len(nodes), title=title), "chrome", cls="dsq-count")
    if r.random() < 0.6:
        d.el("div", c.pick("sort"), "chrome", cls="dsq-sort")
    if r.random() < 0.5:
        d.el("div", c.pick("leave_reply") + "…", "chrome", cls="dsq-textarea")
    inline_date = r.random() < 0.6

    def one(i: int) -> None:
        node = nodes[i]
        cid = register(d, nodes, i)
        d.raw('<li class="dsq-post"><div class="dsq-post-content">')
        if r.random() < 0.3:
            d.raw('<div class="dsq-avatar">')
            d.img(node.author)
            d.raw("</div>")
        d.raw('<div class="dsq-byline">')
        if inline_date:
            d.unit(
                f'<span class="dsq-author">{esc(node.author)}</span> '
                f'<span class="dsq-when">• {esc(c.ago())}</span>',
                "comment_author",
                cid,
            )
            d.raw("</div>")
        else:
            d.unit(f'<span class="dsq-author">{esc(node.author)}</span>', "comment_author", cid)
            d.raw("</div>")
            d.el("div", c.ago(), "chrome", cls="dsq-when", comment=cid)
        write_text(d, c, node, "p", cls="dsq-message")
        d.el(
            "div",
            f"{r.randint(0, 40)} {r.choice(['△ ▽', '▲ ▼', ''])}".strip(),
            "chrome",
            cls="dsq-votes",
            comment=cid,
        )
        d.el(
            "div",
            f"{c.pick('reply')} • {c.pick('share')} ›",
            "chrome",
            cls="dsq-actions",
            comment=cid,
        )
        d.raw("</div>")
        if node.children:
            d.raw('<ul class="dsq-children">')
            for child in node.children:
                one(child)
            d.raw("</ul>")
        d.raw("</li>")

    d.raw('<ul class="dsq-posts">')
    for i, node in enumerate(nodes):
        if node.parent is None:
            one(i)
    d.raw("</ul></div>")
