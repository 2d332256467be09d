"""The generated corpus of bench_run.py: HTML (WARC) and text (JSONL) pages with known truth.

Pages come from several hosts of very different sizes. Every host has its own chrome: a nav bar,
a footer, and two prose-shaped lines (a promotion inside the article and a newsletter line after
it) that no line-shape rule can tell from article text; only seeing them on the host's other
pages can. Planted among the originals are exact copies (same text or HTML, another URL), near
copies (article words replaced, true Jaccard similarity of word 5-shingles recorded), and partial
overlaps (two paragraphs borrowed from another page, which must not be called duplicates).

`truth.json` records the planted pairs with their true similarity and each host's chrome lines.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import random
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SEED = 20251123
SHINGLE = 5
_WORD = re.compile(r"\w+")

_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "ta",
    "vo",
    "si",
    "de",
    "pa",
    "ol",
    "an",
    "er",
    "in",
    "ur",
    "es",
    "ba",
    "go",
    "li",
    "mu",
]
_FUNCTION = [
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "on",
    "with",
    "for",
    "by",
    "at",
    "from",
    "as",
    "is",
    "was",
    "will",
    "has",
    "had",
    "that",
]


def _vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


@dataclass
class Host:
    """A site and its chrome."""

    name: str
    html: bool
    pages: int
    nav: str
    footer: str
    promo: str
    newsletter: str


@dataclass
class Truth:
    """What was planted, for recall and precision."""

    pairs: list[dict[str, Any]] = field(default_factory=list)  # url, of, kind, jaccard
    chrome: dict[str, list[str]] = field(default_factory=dict)  # host -> prose chrome lines
    pages: int = 0
    html_pages: int = 0
    text_pages: int = 0


def shingles(text: str) -> set[str]:
    """Word 5-shingles of the case-folded text (as threadsift's MinHash sees it)."""
    words = _WORD.findall(text.casefold())
    return {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def true_jaccard(a: str, b: str) -> float:
    """The exact Jaccard similarity of two texts' shingle sets."""
    left, right = shingles(a), shingles(b)
    return len(left & right) / max(1, len(left | right))


class Generator:
    """Deterministic pages: `article` paragraphs, `page_text` and `page_html` around them."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.words = _vocabulary(self.rng)

    def sentence(self, n: int | None = None) -> str:
        rng = self.rng
        n = n or rng.randint(10, 18)
        chosen = [
            rng.choice(_FUNCTION) if rng.random() < 0.3 else rng.choice(self.words)
            for _ in range(n)
        ]
        return " ".join(chosen).capitalize() + "."

    def paragraphs(self, n: int) -> list[str]:
        return [" ".join(self.sentence() for _ in range(self.rng.randint(3, 5))) for _ in range(n)]

    def name(self) -> str:
        return f"{self.rng.choice(self.words).title()} {self.rng.choice(self.words).title()}"

    def host(self, index: int, pages: int, html: bool) -> Host:
        name = f"{self.rng.choice(self.words)}{index}.example"
        return Host(
            name=name,
            html=html,
            pages=pages,
            nav=f"{name} | Home | World | Business | Sport | Culture | Opinion",
            footer=f"© 2025 {name}. All rights reserved. | Privacy | Terms | Contact",
            promo=(
                f"Support independent journalism at {name}: our reporters have covered the "
                f"{self.rng.choice(self.words)} valley since 19{self.rng.randint(50, 99)}, and "
                "every story stays free to read for everyone."
            ),
            newsletter=(
                f"Get the {name} morning briefing in your inbox every weekday before seven, "
                "with the stories that matter to the whole region."
            ),
        )

    def comments(self) -> list[tuple[str, str]]:
        return [
            (self.name(), self.sentence(self.rng.randint(5, 12)))
            for _ in range(self.rng.randint(0, 4))
        ]


def page_text(host: Host, title: str, body: list[str], comments: list[tuple[str, str]]) -> str:
    """A page as a crawler's plain-text rendering."""
    lines = [host.nav, "Subscribe | Log in", "", title, "", "By the newsroom", ""]
    for i, paragraph in enumerate(body):
        lines += [paragraph, ""]
        if i == 1:
            lines += [host.promo, ""]
    lines += [host.newsletter, "", "Share this article", ""]
    if comments:
        lines += [f"Comments ({len(comments)})", ""]
        for author, text in comments:
            lines += [f"{author} wrote:", text, "Reply", ""]
    lines += [host.footer]
    return "\n".join(lines) + "\n"


def page_html(host: Host, title: str, body: list[str], comments: list[tuple[str, str]]) -> str:
    """A page as HTML with WordPress-style comment markup."""
    paragraphs = []
    for i, paragraph in enumerate(body):
        paragraphs.append(f"<p>{paragraph}</p>")
        if i == 1:
            paragraphs.append(f'<aside class="promo"><p>{host.promo}</p></aside>')
    items = "".join(
        f'<li class="comment" id="comment-{i}"><article class="comment-body">'
        f'<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">{author}'
        f'</b></div><div class="comment-metadata"><time>2 hours ago</time></div></footer>'
        f'<div class="comment-content"><p>{text}</p></div></article></li>'
        for i, (author, text) in enumerate(comments)
    )
    thread = (
        f'<div id="comments"><h2 class="comments-title">{len(comments)} comments</h2>'
        f'<ol class="comment-list">{items}</ol></div>'
        if comments
        else ""
    )
    return (
        f"<!doctype html><html><head><title>{title} | {host.name}</title></head><body>"
        f'<header><nav><a href="/">{host.name}</a> <a href="/world">World</a> '
        f'<a href="/sport">Sport</a></nav></header><main><article><h1>{title}</h1>'
        f'<p class="byline">By the newsroom</p>{"".join(paragraphs)}'
        f'<p class="newsletter">{host.newsletter}</p></article>{thread}</main>'
        f"<footer><p>{host.footer}</p></footer></body></html>"
    )


def warc_record(url: str, html: str) -> bytes:
    """One WARC response record (gzip member) with an HTTP response around the HTML."""
    payload = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html.encode()
    header = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}>\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Date: 2025-11-23T00:00:00Z\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    ).encode()
    return gzip.compress(header + payload + b"\r\n\r\n", compresslevel=1, mtime=0)


def build(out: Path, pages: int, *, html_share: float = 0.3, files: int = 16) -> Truth:
    """Write about `pages` pages under `out` (html/*.warc.gz, text/*.jsonl.gz), and truth.json."""
    gen = Generator()
    rng = gen.rng
    truth = Truth()
    planted_share = 0.06  # exact + near + partial copies, of all pages
    originals = int(pages / (1 + planted_share))
    # Host sizes: a few large sites, many small ones (Zipf-like).
    weights = [1 / (rank + 1) for rank in range(24)]
    hosts = [
        gen.host(i, max(3, int(originals * w / sum(weights))), html=i % 3 == 1)
        for i, w in enumerate(weights)
    ]
    for host in hosts:
        truth.chrome[host.name] = [host.promo, host.newsletter]
    records: list[tuple[Host, str, str, list[str]]] = []  # host, url, rendered page, body
    for host in hosts:
        for p in range(host.pages):
            title = gen.sentence(rng.randint(6, 10))[:-1]
            body = gen.paragraphs(rng.randint(4, 8))
            comments = gen.comments()
            render = page_html if host.html else page_text
            url = f"https://{host.name}/{p}"
            records.append((host, url, render(host, title, body, comments), body))
    planted: list[tuple[Host, str, str, list[str]]] = []
    for k in range(int(len(records) * planted_share)):
        host, url, rendered, body = records[rng.randrange(len(records))]
        kind = ("exact", "near", "near", "partial")[k % 4]
        copy_url = f"{url}?{kind}={k}"
        if kind == "exact":
            planted.append((host, copy_url, rendered, body))
            truth.pairs.append({"url": copy_url, "of": url, "kind": kind, "jaccard": 1.0})
            continue
        article = "\n".join(body)
        if kind == "near":
            words = article.split(" ")
            for i in rng.sample(range(len(words)), rng.randint(1, max(2, len(words) // 35))):
                words[i] = rng.choice(gen.words)
            new_body = " ".join(words).split("\n")
        else:
            new_body = [*body[:2], *gen.paragraphs(rng.randint(4, 6))]
        title = gen.sentence(8)[:-1]
        render = page_html if host.html else page_text
        planted.append((host, copy_url, render(host, title, new_body, gen.comments()), new_body))
        similarity = true_jaccard(article, "\n".join(new_body))
        truth.pairs.append({"url": copy_url, "of": url, "kind": kind, "jaccard": similarity})
    records += planted
    rng.shuffle(records)
    (out / "html").mkdir(parents=True, exist_ok=True)
    (out / "text").mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        html_out = [
            stack.enter_context(open(out / "html" / f"part-{i:02d}.warc.gz", "wb"))
            for i in range(files // 2)
        ]
        text_out = [
            stack.enter_context(
                gzip.open(
                    out / "text" / f"part-{i:02d}.jsonl.gz", "wt", encoding="utf-8", compresslevel=1
                )
            )
            for i in range(files // 2)
        ]
        for i, (host, url, rendered, _) in enumerate(records):
            if host.html:
                html_out[i % len(html_out)].write(warc_record(url, rendered))
                truth.html_pages += 1
            else:
                record = {"id": url, "url": url, "text": rendered}
                text_out[i % len(text_out)].write(json.dumps(record) + "\n")
                truth.text_pages += 1
    truth.pages = len(records)
    data = {
        "pages": truth.pages,
        "html_pages": truth.html_pages,
        "text_pages": truth.text_pages,
        "hosts": {host.name: host.pages for host in hosts},
        "chrome": truth.chrome,
        "pairs": truth.pairs,
    }
    (out / "truth.json").write_text(json.dumps(data), encoding="utf-8")
    return truth
