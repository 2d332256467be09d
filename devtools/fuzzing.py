"""Fuzz targets over the readers and both decomposers, and the Hypothesis strategies feeding them.

A `Target` runs one generated input through threadsift: arbitrary bytes as a file of every
extension, read with detection and with each format forced; valid WARC, JSON Lines, Parquet and
HTML files with structured damage (flipped, cut, inserted and repeated bytes, lying lengths,
non-ASCII digits, colliding ids); random news-like text for the text decomposer and random
HTML trees (comment-widget classes, microdata, JSON-LD) for the HTML decomposer. `attempt` runs
a target and returns the seconds it took; threadsift's own errors (`ThreadsiftError`) are
expected, anything else escapes to the caller. `tests/reliability/test_fuzz.py` runs a few
examples of each with a fixed seed, `scripts/fuzz.py` (``make fuzz``) runs them for minutes.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from threadsift.errors import ThreadsiftError
from threadsift.page import Outcome, Page

#: Seconds one input may take to read, or one page to decompose (small inputs: milliseconds).
PAGE_SECONDS = 1.0

EXTENSIONS = (
    "",
    ".txt",
    ".txt.gz",
    ".html",
    ".htm",
    ".html.gz",
    ".warc",
    ".warc.gz",
    ".wet",
    ".wet.gz",
    ".jsonl",
    ".jsonl.gz",
    ".ndjson",
    ".json",
    ".json.gz",
    ".parquet",
)
FORMATS = (None, "text", "html", "warc", "wet", "jsonl", "parquet")
MAGIC = (
    b"",
    b"WARC/1.0\r\n",
    b"WARC/1.1\r\nWARC-Type: conversion\r\n",
    b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff",
    b"PAR1",
    b'{"text": "',
    b"[{",
    b"<!doctype html><html><body>",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"HTTP/1.1 200 OK\r\n",
)


@dataclass(frozen=True)
class Target:
    """One fuzz target: a strategy and what to do with one of its examples (in `workdir`)."""

    name: str
    strategy: st.SearchStrategy[Any]
    run: Callable[[Any, Path], None]


def attempt(target: Target, value: Any, workdir: Path) -> float:
    """Run `target` on `value`; the seconds it took. Only non-threadsift errors escape."""
    started = time.perf_counter()
    with contextlib.suppress(ThreadsiftError):
        target.run(value, workdir)
    return time.perf_counter() - started


# --- damage ------------------------------------------------------------------------------------


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """`data` with up to four random edits: flips, cuts, insertions, repeats, truncation."""
    out = bytearray(data)
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "repeat", "truncate"]))
        at = draw(st.integers(0, max(len(out) - 1, 0)))
        if kind == "flip" and out:
            out[at] ^= draw(st.integers(1, 255))
        elif kind == "cut":
            del out[at : at + draw(st.integers(1, 64))]
        elif kind == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=32) | st.sampled_from(MAGIC))
        elif kind == "repeat":
            out[at:at] = out[at : at + draw(st.integers(1, 200))]
        else:
            del out[at:]
    return bytes(out)


# --- text --------------------------------------------------------------------------------------

NAMES = st.sampled_from(["Anna K.", "bob_77", "Jean-Luc", "Ολγα", "李雷", "admin", "X", "Guest"])
DATES = st.sampled_from(
    ["May 3, 2024 at 10:12 am", "2024-05-03 10:12", "03.05.2024", "3 hours ago", "Yesterday"]
)
_WORDS = (
    "the council said budget vote river school week plan new old and of to in a "
    "reader story comment reply share more news 12 2024 café über año"
)
WORDS = st.sampled_from(_WORDS.split())


@st.composite
def sentences(draw: st.DrawFn) -> str:
    words = draw(st.lists(WORDS, min_size=1, max_size=30))
    return " ".join(words).capitalize() + draw(st.sampled_from([".", "!", "?", "", ":", "..."]))


LINE = st.one_of(
    sentences(),
    st.builds(" ".join, st.lists(sentences(), min_size=2, max_size=8)),
    st.builds("{} says:".format, NAMES),
    st.builds("{} on {}".format, NAMES, DATES),
    st.builds("Comment by {}".format, NAMES),
    st.builds("— {}".format, NAMES),
    st.builds("{} wrote:".format, NAMES),
    DATES,
    st.sampled_from(
        [
            "",
            "",
            "Reply",
            "12 Comments",
            "Leave a Reply",
            "Share this:",
            "Related posts:",
            "Donate now",
            "Log in to reply",
            "Posted by",
            "• item",
            "1. First",
            "https://example.com/x",
            "|",
            "Like (3)",
        ]
    ),
    st.text(max_size=80),
)


@st.composite
def news_texts(draw: st.DrawFn) -> str:
    """Page text of news-like lines: headlines, prose, author and date lines, widget lines."""
    lines = draw(st.lists(LINE, max_size=60))
    indents = draw(st.lists(st.sampled_from(["", "", "  ", "    ", "\t"]), min_size=len(lines)))
    text = "\n".join(indent + line for indent, line in zip(indents, lines, strict=False))
    return text + draw(st.sampled_from(["", "\n", "\n\n"]))


# --- HTML --------------------------------------------------------------------------------------

_TAGS = (
    "div div div p span a b i ul ol li article section header footer nav aside main h1 h2 h3 "
    "time blockquote dl dt dd table tr td br img script style noscript template iframe svg "
    "form textarea pre code cite small strong em title meta body html head"
)
TAGS = _TAGS.split()
_CLASSES = (
    "comment comments comment-list commentlist children depth-1 depth-2 depth-3 depth-9 "
    "comment-author comment-content comment-body comment-meta fn says reply vcard author "
    "entry-title entry-content post message user date kommentar thread indented odd even "
    "byline published post-content bypostauthor avatar"
)
CLASSES = _CLASSES.split()
ATTRIBUTES = st.one_of(
    st.tuples(st.just("class"), st.lists(st.sampled_from(CLASSES), max_size=3).map(" ".join)),
    st.tuples(st.just("id"), st.sampled_from(["comments", "comment-1", "respond", "main", ""])),
    st.tuples(
        st.just("itemtype"),
        st.sampled_from(
            ["https://schema.org/Comment", "http://schema.org/UserComments", "x", "Answer"]
        ),
    ),
    st.tuples(
        st.just("itemprop"),
        st.sampled_from(["comment", "author", "name", "text", "dateCreated", "headline"]),
    ),
    st.tuples(st.just("itemscope"), st.just("")),
    st.tuples(st.just("datetime"), DATES),
    st.tuples(st.just("style"), st.sampled_from(["margin-left: 40px", "padding-left:2em", ""])),
    st.tuples(st.text(alphabet="abcdefgh-", min_size=1, max_size=6), st.text(max_size=10)),
)
JSONLD = st.recursive(
    st.none() | st.integers() | st.text(max_size=20) | st.sampled_from(["Comment", "Person"]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["@type", "comment", "author", "name", "text", "dateCreated", "x"]),
            inner,
            max_size=5,
        )
    ),
    max_leaves=15,
)


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    @st.composite
    def element(draw: st.DrawFn) -> str:
        tag = draw(st.sampled_from(TAGS))
        pairs = draw(st.lists(ATTRIBUTES, max_size=4))
        attrs = "".join(
            f' {name}="{value.replace(chr(34), "&quot;")}"' if value else f" {name}"
            for name, value in pairs
        )
        inner = "".join(draw(st.lists(children, max_size=5)))
        close = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", f"</{tag}>", ""]))
        return f"<{tag}{attrs}>{inner}{close}"

    return element()


TEXT_NODE = st.one_of(LINE, st.sampled_from(["&amp;", "&#0;", "&#x110000;", "<!-- x -->", "\n"]))
HTML_BODY = st.recursive(TEXT_NODE, _element, max_leaves=40)


@st.composite
def html_documents(draw: st.DrawFn) -> str:
    """An HTML document of a random element tree, sometimes with a JSON-LD block."""
    title = draw(sentences())
    body = "".join(draw(st.lists(HTML_BODY, max_size=6)))
    head = f"<title>{title}</title>"
    if draw(st.booleans()):
        head += f'<script type="application/ld+json">{json.dumps(draw(JSONLD))}</script>'
    if draw(st.booleans()):
        head += f'<meta property="og:title" content="{title}">'
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


# --- WARC --------------------------------------------------------------------------------------

STATUS = st.sampled_from(
    ["200 OK", "200 OK", "404 Not Found", "301 Moved", "\u00b2 OK", "\u0662\u0660\u0660 OK", ""]
)
CONTENT_TYPES = st.sampled_from(
    [
        "text/html; charset=utf-8",
        "text/html",
        "application/xhtml+xml",
        "application/octet-stream",
        "image/png",
        "",
        "text/html; charset=x-nope",
        "text/html; charset=utf-16",
    ]
)
LENGTHS = st.sampled_from(["true", "true", "true", "-1", "0", "99999999999", "abc", "\u0661\u0662"])


@st.composite
def warc_records(draw: st.DrawFn) -> bytes:
    """One WARC record: any type, an HTTP response with odd statuses, codings and lengths."""
    kind = draw(
        st.sampled_from(["response", "response", "resource", "request", "metadata", "warcinfo"])
    )
    codec = draw(st.sampled_from(["utf-8", "cp1252", "utf-16"]))
    body = draw(html_documents()).encode(codec, "replace")
    http = [f"HTTP/1.1 {draw(STATUS)}", f"Content-Type: {draw(CONTENT_TYPES)}"]
    coding = draw(st.sampled_from(["", "", "gzip", "deflate", "br", "chunked"]))
    if coding in ("gzip", "deflate"):
        body = gzip.compress(body) if coding == "gzip" else zlib.compress(body)
        http.append(f"Content-Encoding: {coding}")
    elif coding == "chunked":
        body = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
        http.append("Transfer-Encoding: chunked")
    block = ("\r\n".join(http) + "\r\n\r\n").encode("utf-8") + body
    if kind == "resource":
        block = body
    headers = [f"WARC-Type: {kind}"]
    if draw(st.booleans()):
        headers.append(f"WARC-Record-ID: <urn:uuid:{draw(st.integers(0, 3))}>")
    headers.append(f"WARC-Target-URI: https://h{draw(st.integers(0, 2))}.example/{kind}")
    headers.append("Content-Type: application/http; msgtype=response")
    length = draw(LENGTHS)
    headers.append(f"Content-Length: {len(block) if length == 'true' else length}")
    head = (draw(st.sampled_from(["WARC/1.0", "WARC/1.1", "WARC/0.9"])) + "\r\n").encode()
    return head + ("\r\n".join(headers) + "\r\n\r\n").encode("utf-8") + block + b"\r\n\r\n"


@st.composite
def warc_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """A damaged WARC or WARC.gz (one gzip member per record, or one for all)."""
    records = draw(st.lists(warc_records(), min_size=1, max_size=5))
    layout = draw(st.sampled_from(["members", "plain", "one-member"]))
    if layout == "members":
        data, name = b"".join(gzip.compress(record, mtime=0) for record in records), ".warc.gz"
    elif layout == "one-member":
        data, name = gzip.compress(b"".join(records), mtime=0), ".warc.gz"
    else:
        data, name = b"".join(records), ".warc"
    if draw(st.booleans()):
        name = name.replace(".warc", ".wet")
    return name, draw(damaged(data))


# --- JSON Lines and Parquet --------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
RECORDS = st.fixed_dictionaries(
    {},
    optional={
        "id": st.sampled_from(["a", "b", 1, "1", None, [1], {"k": 2}]),
        "text": news_texts() | JSON_VALUES,
        "url": st.sampled_from(["https://a.example/x", "", "no url", "http://[::1"]) | JSON_VALUES,
        "source": st.sampled_from(["c4", "web", 3]),
        "metadata": st.fixed_dictionaries({"url": st.text(max_size=30)}),
    },
)


@st.composite
def jsonl_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """Damaged JSON Lines: records of any shape, garbage lines, gzipped or not."""
    lines = draw(
        st.lists(
            st.one_of(RECORDS.map(json.dumps), JSON_VALUES.map(json.dumps), st.text(max_size=40)),
            max_size=8,
        )
    )
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    name = draw(st.sampled_from([".jsonl", ".jsonl.gz", ".json", ".ndjson"]))
    if name.endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    return name, draw(damaged(data)) if draw(st.booleans()) else data


COLUMNS = st.sampled_from(["string", "int", "binary", "struct", "list", "null"])


@st.composite
def parquet_files(draw: st.DrawFn) -> bytes:
    """A Parquet file whose text, id and URL columns have random types and nulls."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = draw(st.integers(0, 5))
    columns: dict[str, Any] = {}
    for name in draw(st.lists(st.sampled_from(["text", "id", "url", "content"]), unique=True)):
        kind = draw(COLUMNS)
        values: list[Any]
        if kind == "string":
            values = draw(st.lists(st.none() | news_texts(), min_size=rows, max_size=rows))
        elif kind == "int":
            values = draw(st.lists(st.none() | st.integers(-9, 9), min_size=rows, max_size=rows))
        elif kind == "binary":
            values = draw(st.lists(st.binary(max_size=20), min_size=rows, max_size=rows))
        elif kind == "struct":
            values = [{"en": draw(st.text(max_size=10))} for _ in range(rows)]
        elif kind == "list":
            values = [draw(st.lists(st.text(max_size=5), max_size=3)) for _ in range(rows)]
        else:
            values = [None] * rows
        columns[name] = pa.array(values, type=pa.null() if kind == "null" else None)
    sink = io.BytesIO()
    pq.write_table(pa.table(columns) if columns else pa.table({"x": pa.array([1] * rows)}), sink)
    data = sink.getvalue()
    return draw(damaged(data)) if draw(st.integers(0, 3)) == 0 else data


# --- targets -----------------------------------------------------------------------------------


def read_file(path: Path, format: str | None = None) -> list[Page]:
    """Every page of one input; error pages must name it."""
    from threadsift.readers.detect import FORMATS as KNOWN
    from threadsift.readers.detect import InputReader, detect_format

    assert detect_format(str(path)) in KNOWN
    pages = list(InputReader([str(path)], format=format).run())
    for page in pages:
        if page.outcome is Outcome.ERROR:
            assert path.name in (page.reason or ""), page.reason
    return pages


def _write(workdir: Path, name: str, data: bytes) -> Path:
    path = workdir / f"input{name}"
    path.write_bytes(data)
    return path


def run_arbitrary_bytes(value: tuple[str, str | None, bytes, bool], workdir: Path) -> None:
    name, format, data, gzipped = value
    read_file(_write(workdir, name, gzip.compress(data, mtime=0) if gzipped else data), format)


def run_damaged_file(value: tuple[str, bytes], workdir: Path) -> None:
    name, data = value
    read_file(_write(workdir, name, data))


def run_parquet(value: bytes, workdir: Path) -> None:
    read_file(_write(workdir, ".parquet", value))


def run_html_file(value: tuple[str, bytes], workdir: Path) -> None:
    name, data = value
    for page in read_file(_write(workdir, name, data)):
        if page.outcome is not Outcome.ERROR:
            html_decomposer().decompose(page)


def run_text_decomposer(value: str, workdir: Path) -> None:
    text_decomposer().decompose(Page(id="fuzz", text=value))


def run_html_decomposer(value: str, workdir: Path) -> None:
    html_decomposer().decompose(Page(id="fuzz", text="", html=value))


@cache
def text_decomposer() -> Any:
    from threadsift.decomposers.text import TextDecomposer

    decomposer = TextDecomposer()
    decomposer.decompose(Page(id="warm", text="Title\n\nSome text here.\n"))
    return decomposer


@cache
def html_decomposer() -> Any:
    from threadsift.decomposers.html import HtmlDecomposer

    decomposer = HtmlDecomposer()
    decomposer.decompose(Page(id="warm", text="", html="<html><body><p>Warm.</p></body></html>"))
    return decomposer


ARBITRARY = st.tuples(
    st.sampled_from(EXTENSIONS),
    st.sampled_from(FORMATS),
    st.builds(bytes.__add__, st.sampled_from(MAGIC), st.binary(max_size=2048)),
    st.booleans(),
)
HTML_FILES = st.tuples(
    st.sampled_from([".html", ".htm", ".html.gz"]),
    html_documents().map(lambda html: html.encode("utf-8")).flatmap(damaged),
).map(lambda pair: (pair[0], gzip.compress(pair[1]) if pair[0].endswith(".gz") else pair[1]))

TARGETS = (
    Target("arbitrary-bytes", ARBITRARY, run_arbitrary_bytes),
    Target("warc", warc_files(), run_damaged_file),
    Target("jsonl", jsonl_files(), run_damaged_file),
    Target("parquet", parquet_files(), run_parquet),
    Target("html-file", HTML_FILES, run_html_file),
    Target("text-decomposer", news_texts(), run_text_decomposer),
    Target("html-decomposer", html_documents(), run_html_decomposer),
)
