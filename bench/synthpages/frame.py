"""The page around the thread: site chrome before and after the article, and the article itself.

Chrome containers get either the class names of common themes (which resiliparse's main-content
filter often removes, as on real pages) or opaque ones (which it keeps), so the rendered text
shows a realistic, varying share of navigation, bylines, share bars, captions, boxes and footers.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from bench.synthpages.builder import Doc
from bench.synthpages.content import Content

OPAQUE = ["mod", "box", "c-blk", "wrap", "bx", "unit", "zone", "col", "pane", "teaser-x", "kq"]


@dataclass(slots=True)
class Style:
    """How one site lays out its pages (drawn once per site, varied per page)."""

    chrome_level: float  # 0..1: how much chrome the site shows
    repeat_headline: bool
    kicker: bool
    standfirst: bool
    subheads: bool
    lists: bool
    quotes: bool
    figures: bool
    inline_read_also: bool
    opaque_classes: float  # share of chrome boxes with class names the renderer keeps
    paragraphs: tuple[int, int]


def _cls(c: Content, style: Style, known: str) -> str:
    if c.rng.random() < style.opaque_classes:
        return f"{c.rng.choice(OPAQUE)}-{c.rng.randrange(10, 999)}"
    return known


def _on(c: Content, style: Style, p: float = 1.0) -> bool:
    return c.rng.random() < style.chrome_level * p


def head(d: Doc, c: Content, title: str, site: str) -> None:
    """Doctype, head and the opening of the body."""
    d.raw(
        f'<!DOCTYPE html><html lang="{c.lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)} | {html.escape(site)}</title></head><body>"
    )
    # Real pages nest their content a few levels deep; resiliparse drops shallow <ul> lists.
    wrappers = c.rng.choice([1, 2, 3, 3, 4, 5])
    d.raw("".join(f'<div class="{c.rng.choice(OPAQUE)}-w{i}">' for i in range(wrappers)))
    d.wrappers = wrappers


def top_chrome(d: Doc, c: Content, style: Style, site: str) -> None:
    """Site name, navigation, breadcrumbs, ads and promo lines above the article."""
    if _on(c, style, 0.6):
        d.el("div", site, "chrome", cls=_cls(c, style, "site-branding"))
    if _on(c, style, 0.8):
        items = c.rng.sample(c.alts_all("nav"), k=min(6, len(c.alts_all("nav"))))
        cls = _cls(c, style, "main-navigation")
        if c.rng.random() < 0.5:
            d.raw(f'<div class="{cls}"><ul>')
            for item in items:
                d.raw('<li><a href="#">')
                d.unit(html.escape(item), "chrome")
                d.raw("</a></li>")
            d.raw("</ul></div>")
        else:
            d.raw(f'<div class="{cls}">')
            for item in items:
                d.el("div", item, "chrome")
            d.raw("</div>")
    if _on(c, style, 0.4):
        d.el("div", c.pick("donate"), "chrome", cls=_cls(c, style, "donate-banner"))
    if _on(c, style, 0.3):
        d.el("div", c.pick("advert"), "chrome", cls=_cls(c, style, "ad-slot"))


def article(d: Doc, c: Content, style: Style, title: str) -> None:
    """The article: kicker, headline, byline and date, standfirst, body with its furniture."""
    d.title = title
    d.raw(f'<div class="{c.rng.choice(["entry", "post-inner", "story", "art", "main"])}">')
    if style.kicker:
        d.el("div", c.rng.choice(c.alts_all("nav")), "chrome", cls=_cls(c, style, "kicker"))
    if c.rng.random() < 0.2 and _on(c, style):
        d.el("div", c.pick("byline", name=c.full_name()), "chrome", cls="meta-x")
    if c.rng.random() < 0.12:
        d.el("div", c.pick("disclaimer"), "chrome", cls=_cls(c, style, "disclosure"))
    in_header = c.rng.random() < 0.2
    d.raw('<header class="entry-header">' if in_header else "")
    d.el(c.rng.choice(["h1", "h1", "h2"]), title, "title", cls="entry-title")
    d.raw("</header>" if in_header else "")
    if c.rng.random() < 0.12:  # a byline whose linked name the rendering dropped
        d.el("div", c.pick("by_word"), "chrome", cls=_cls(c, style, "byline"))
    if _on(c, style, 0.8):
        parts = [c.pick("byline", name=c.full_name()), c.pick("published", date=c.date())]
        if c.rng.random() < 0.5:
            d.el(
                "div",
                " | ".join(parts) if c.rng.random() < 0.5 else " ".join(parts),
                "chrome",
                cls=_cls(c, style, "entry-meta"),
            )
        else:
            for part in parts:
                d.el("div", part, "chrome", cls=_cls(c, style, "byline"))
        if c.rng.random() < 0.3:
            d.el("div", c.pick("reading", n=c.rng.randint(2, 12)), "chrome", cls="rt")
    if _on(c, style, 0.3):
        _share_bar(d, c, style)
    if style.standfirst:
        d.el("p", c.paragraph(1, 2), "article", cls="lead")
    if style.repeat_headline:
        d.el("div", title, "chrome", cls=_cls(c, style, "headline-repeat"))
    n_par = c.rng.randint(*style.paragraphs)
    separator = c.rng.choice([".", "*", "***", "•"]) if c.rng.random() < 0.1 else None
    for i in range(n_par):
        if separator and i and c.rng.random() < 0.5:
            d.el("p", separator, "chrome", cls="sep")
        if c.rng.random() < 0.03:
            _embed(d, c)
        if c.rng.random() < 0.02:
            _poll(d, c, style)
        if style.figures and c.rng.random() < 0.15:
            _figure(d, c, style)
        if style.subheads and i > 1 and c.rng.random() < 0.15:
            d.el(c.rng.choice(["h2", "h3", "h4"]), c.headline(), "article")
        if style.lists and c.rng.random() < 0.08:
            tag = c.rng.choice(["ul", "ol"])
            d.raw(f"<{tag}>")
            for _ in range(c.rng.randint(2, 5)):
                d.el("li", c.paragraph(1, 1), "article")
            d.raw(f"</{tag}>")
        if style.quotes and c.rng.random() < 0.08:
            d.raw("<blockquote>")
            d.el("p", c.paragraph(1, 2), "article")
            d.raw("</blockquote>")
        if style.inline_read_also and c.rng.random() < 0.1:
            promo = c.pick("read_also", t=c.headline())
            promo = f"[{promo}]" if c.rng.random() < 0.25 else promo
            d.raw(f'<p class="{_cls(c, style, "related-inline")}"><strong>')
            d.unit(html.escape(promo), "chrome")
            d.raw("</strong></p>")
        if style.chrome_level > 0.5 and c.rng.random() < 0.05:
            d.el("div", c.pick("advert"), "chrome", cls=_cls(c, style, "ad"))
        d.el("p", c.paragraph(1, 4), "article")
    d.raw("</div>")


def _slug(c: Content) -> str:
    words = re.findall(r"\w+", c.headline().lower())[:4]
    if c.rng.random() < 0.3:
        return f"IMG_{c.rng.randint(1000, 9999)}.jpg"
    return "-".join(words) or "image"


def _embed(d: Doc, c: Content) -> None:
    handle = re.sub(r"\W", "", c.fake.user_name()) or "user"
    d.raw('<blockquote class="instagram-media-x">')
    d.el("p", c.pick("embed", name=c.full_name(), handle=handle), "chrome")
    d.raw("</blockquote>")


def _poll(d: Doc, c: Content, style: Style) -> None:
    d.raw(f'<div class="{_cls(c, style, "poll")}">')
    d.el("div", c.pick("poll"), "chrome")
    d.el("div", c.headline().rstrip(".!") + "?", "chrome")
    for _ in range(c.rng.randint(2, 4)):
        d.el("div", c.short(40).rstrip("."), "chrome")
    d.el("div", c.pick("poll"), "chrome")
    d.raw("</div>")


def _figure(d: Doc, c: Content, style: Style) -> None:
    d.raw('<figure class="wp-block-image">')
    r = c.rng.random()
    if r < 0.4:
        d.img(c.short(60), cls="wp-image")
    elif r < 0.6:
        d.img(_slug(c), cls="wp-image")
    else:
        d.img("")
    if c.rng.random() < 0.8:
        caption = c.short(120)
        if c.rng.random() < 0.5:
            caption = f"{caption} {c.pick('credit', name=c.full_name())}"
        d.el("figcaption", caption, "chrome")
    d.raw("</figure>")


def _share_bar(d: Doc, c: Content, style: Style) -> None:
    items = c.rng.sample(c.alts_all("share"), k=min(3, len(c.alts_all("share"))))
    d.raw(f'<div class="{_cls(c, style, "share-buttons")}">')
    for item in items:
        d.el("div", item, "chrome")
    d.raw("</div>")


def after_article(d: Doc, c: Content, style: Style) -> None:
    """Tags, share bar, author box, newsletter and donation boxes, related articles."""
    blocks = ["tags", "share", "author", "newsletter", "donate", "related", "prevnext"]
    c.rng.shuffle(blocks)
    for block in blocks:
        if not _on(c, style, 0.6):
            continue
        if block == "tags":
            tags = ", ".join(c.rng.sample(c.alts_all("nav"), k=3))
            d.el("div", f"{c.pick('tags')} {tags}", "chrome", cls=_cls(c, style, "post-tags"))
        elif block == "share":
            _share_bar(d, c, style)
        elif block == "author":
            name = c.full_name()
            d.raw(f'<div class="{_cls(c, style, "author-box")}">')
            d.el("h4", c.pick("about", name=name), "chrome")
            d.el("p", c.pick("bio", name=name, city=c.city()), "chrome")
            d.raw("</div>")
        elif block in ("newsletter", "donate"):
            d.raw(f'<div class="{_cls(c, style, block + "-box")}">')
            d.el("h3", c.pick(block), "chrome")
            d.el("p", c.pick(block), "chrome") if c.rng.random() < 0.5 else None
            d.raw("</div>")
        elif block == "related":
            d.raw(f'<div class="{_cls(c, style, "related-posts")}">')
            d.el("h3", c.pick("related"), "chrome")
            d.raw("<ul>")
            for _ in range(c.rng.randint(2, 5)):
                d.raw('<li><a href="#">')
                d.unit(html.escape(c.headline()), "chrome")
                d.raw("</a></li>")
            d.raw("</ul></div>")
        else:
            d.raw(f'<div class="{_cls(c, style, "post-navigation")}">')
            d.el("div", f"{c.pick('prev_next')}: {c.headline()}", "chrome")
            d.raw("</div>")


def footer(d: Doc, c: Content, style: Style, site: str) -> None:
    """The site footer and the end of the page."""
    if _on(c, style, 0.7):
        d.raw(f'<div class="{_cls(c, style, "site-footer")}">')
        for item in c.rng.sample(c.alts_all("footer"), k=min(4, len(c.alts_all("footer")))):
            d.el("div", item.format(year=c.year + 1, site=site), "chrome")
        d.raw("</div>")
    d.raw("</div>" * d.wrappers + "</body></html>")
