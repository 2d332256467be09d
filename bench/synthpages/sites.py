"""Which comment systems and languages each split uses, and how one page is assembled.

The holdout split keeps whole system variants out of the tune split (Drupal 8, threaded Blogger,
SPIP forums, Disqus-like with German, the author line *after* the text in German, packed English
news comments) and pairs the shared systems with other languages, and it draws phrasings from
alternatives the tune split never uses (see `phrases.py`).
"""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass

from bench.synthpages import frame, systems_misc, systems_wp
from bench.synthpages.builder import Doc
from bench.synthpages.content import Content
from bench.synthpages.thread import make_thread


@dataclass(frozen=True, slots=True)
class Site:
    """A comment system in a language, as one split sees it."""

    system: str
    lang: str


TUNE = [
    Site("wp_says", "en"),
    Site("wp_says", "de"),
    Site("wp_modern", "en"),
    Site("wp_modern", "es"),
    Site("wp_wrote", "en"),
    Site("wpcom", "de"),
    Site("wpcom", "en"),
    Site("wpdiscuz", "en"),
    Site("wpdiscuz", "de"),
    Site("wpdiscuz_anon", "de"),
    Site("disqus", "en"),
    Site("disqus", "fr"),
    Site("drupal7", "en"),
    Site("drupal7", "de"),
    Site("blogger", "en"),
    Site("news_head", "de"),
    Site("news_head", "en"),
    Site("news_split", "de"),
    Site("news_after", "en"),
    Site("news_none", "fr"),
    Site("news_none", "en"),
    Site("news_packed", "de"),
    Site("forum", "en"),
    Site("forum", "de"),
    Site("none", "en"),
    Site("none", "fr"),
    Site("none", "it"),
    Site("wp_says", "it"),
    Site("news_head", "pl"),
]

HOLDOUT = [
    Site("wp_says", "fr"),
    Site("wp_says", "es"),
    Site("wp_modern", "de"),
    Site("wp_wrote", "de"),
    Site("wpcom", "fr"),
    Site("wpdiscuz", "es"),
    Site("wpdiscuz_anon", "en"),
    Site("disqus", "de"),
    Site("drupal8", "en"),
    Site("drupal8", "de"),
    Site("drupal7", "fr"),
    Site("blogger", "de"),
    Site("blogger_threaded", "es"),
    Site("blogger_threaded", "de"),
    Site("spip", "fr"),
    Site("spip", "es"),
    Site("news_head", "fr"),
    Site("news_split", "es"),
    Site("news_after", "de"),
    Site("news_none", "de"),
    Site("news_packed", "en"),
    Site("forum", "fr"),
    Site("forum", "es"),
    Site("none", "de"),
    Site("none", "es"),
    Site("none", "pt"),
    Site("wp_modern", "pt"),
]

SPLITS = {"tune": TUNE, "holdout": HOLDOUT}


def _style(r: random.Random) -> frame.Style:
    return frame.Style(
        chrome_level=r.choice([0.15, 0.4, 0.7, 1.0]),
        repeat_headline=r.random() < 0.25,
        kicker=r.random() < 0.3,
        standfirst=r.random() < 0.4,
        subheads=r.random() < 0.5,
        lists=r.random() < 0.4,
        quotes=r.random() < 0.4,
        figures=r.random() < 0.5,
        inline_read_also=r.random() < 0.3,
        opaque_classes=r.choice([0.2, 0.5, 0.8]),
        paragraphs=r.choice([(2, 5), (4, 10), (8, 18)]),
    )


def _thread_shape(site: Site, r: random.Random) -> tuple[int, int, float]:
    flat = site.system in ("blogger", "wpdiscuz_anon", "news_packed", "forum")
    n_top = r.choice([1, 2, 3, 5, 8, 12, 18])
    max_depth = 0 if flat or r.random() < 0.3 else r.choice([1, 2, 3])
    return n_top, max_depth, r.choice([0.2, 0.4, 0.7])


def build(site: Site, split: str, seed: int) -> Doc:
    """Assemble one page of `site` (deterministic in `seed`)."""
    r = random.Random(f"{split}:{site.system}:{site.lang}:{seed}")
    c = Content(site.lang, split, r)
    style = _style(r)
    d = Doc()
    site_name = c.site()
    title = c.headline()
    frame.head(d, c, title, site_name)
    frame.top_chrome(d, c, style, site_name)
    n_top, max_depth, reply_p = _thread_shape(site, r)
    owner = c.name() if r.random() < 0.5 else None
    if site.system == "forum":
        d.title = title
        d.raw('<div class="thread-x">')
        d.el("h1", title, "title")
        d.el("div", c.name(), "chrome", cls="op-user")
        d.el("div", c.date(with_time=True), "chrome", cls="op-date")
        for _ in range(r.randint(1, 4)):
            d.el("p", c.paragraph(1, 3), "article")
        nodes = make_thread(c, max(2, n_top), 0, 0.0)
        systems_misc.forum_posts(d, c, nodes)
        d.raw("</div>")
        frame.footer(d, c, style, site_name)
        return d
    frame.article(d, c, style, title)
    frame.after_article(d, c, style)
    nodes = make_thread(c, n_top, max_depth, reply_p, owner)
    s = site.system
    if s == "none":
        systems_misc.no_comments(d, c, title)
    elif s in ("wp_says", "wp_modern", "wp_wrote", "wpcom"):
        systems_wp.wp_core(d, c, nodes, title, variant=s.removeprefix("wp_"))
    elif s in ("wpdiscuz", "wpdiscuz_anon"):
        systems_wp.wpdiscuz(d, c, nodes, title, named=s == "wpdiscuz")
    elif s == "disqus":
        systems_wp.disqus(d, c, nodes, title)
    elif s in ("drupal7", "drupal8"):
        systems_misc.drupal(d, c, nodes, title, version=int(s[-1]))
    elif s in ("blogger", "blogger_threaded"):
        systems_misc.blogger(d, c, nodes, title, threaded=s == "blogger_threaded")
    elif s == "spip":
        systems_misc.spip(d, c, nodes, title)
    elif s.startswith("news_"):
        kind = s.removeprefix("news_")
        systems_misc.news(
            d, c, nodes, title, author="head" if kind == "packed" else kind, packed=kind == "packed"
        )
    else:
        raise KeyError(s)
    if r.random() < 0.5:
        frame.after_article(d, c, dataclasses.replace(_style(r), chrome_level=0.3))
    frame.footer(d, c, style, site_name)
    return d
