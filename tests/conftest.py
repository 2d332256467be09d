"""The suite's shared builders: pages, a generated corpus, and tiny WARC and JSONL files.

The bytes come from `devtools/` (shared with `bench/` and `scripts/`), so that the tests know every
byte of their inputs; these fixtures put them in a temporary directory.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from devtools.corpus import Planted, make_corpus
from devtools.pages import MakePage
from devtools.pages import make_page as _make_page
from devtools.warc import (
    WarcFile,
    corrupt_member,
    html,
    http_response,
    members,
    response,
    warc_record,
)


@pytest.fixture
def make_page() -> MakePage:
    """`devtools.pages.make_page`: a page from its text and fields, comments as plain texts."""
    return _make_page


@pytest.fixture(scope="session")
def synth_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Planted]:
    """The default generated corpus (`devtools.corpus.make_corpus`), shared: do not write to it."""
    root = tmp_path_factory.mktemp("synth") / "in"
    return root, make_corpus(root)


@pytest.fixture
def write_warc(tmp_path: Path) -> Callable[..., Path]:
    """Write WARC records as a file: one gzip member each (the default), or plain if `gz=False`."""

    def write(name: str, records: Iterable[bytes], *, gz: bool = True) -> Path:
        path = tmp_path / name
        path.write_bytes(members(records) if gz else b"".join(records))
        return path

    return write


@pytest.fixture
def damaged_warc(tmp_path: Path) -> WarcFile:
    """A WARC.gz with every kind of record, a truncated record and a corrupt gzip member.

    One record per gzip member, as crawlers write them; the file also ends in a cut member.
    """
    warc = WarcFile(tmp_path / "crawl.warc.gz")
    out = bytearray()

    def add(record: bytes, *, page: str | None = None, skip: str | None = None) -> None:
        out.extend(gzip.compress(record))
        warc.records += 1
        if page:
            warc.pages.append(page)
        if skip:
            warc.skipped[skip] = warc.skipped.get(skip, 0) + 1

    def damage(member: bytes) -> None:
        warc.errors.append(len(out))
        warc.records += 1
        out.extend(member)

    add(
        warc_record("warcinfo", b"software: test\r\n", content_type="application/warc-fields"),
        skip="skipped_warcinfo",
    )
    add(
        warc_record(
            "request",
            b"GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n",
            uri="https://news.example/a",
            content_type="application/http; msgtype=request",
        ),
        skip="skipped_request",
    )
    add(
        response("https://news.example/a", html("Café a", "Crème brûlée."), "a"),
        page="https://news.example/a",
    )
    # cp1252 bytes, declared only by a meta tag.
    latin = (
        b'<html><head><meta charset="windows-1252"><title>B</title></head>'
        b"<body>caf\xe9 \x93quoted\x94</body></html>"
    )
    add(
        response("https://news.example/b", latin, "b", content_type="text/html"),
        page="https://news.example/b",
    )
    add(
        warc_record(
            "metadata",
            b"fetchTimeMs: 12\r\n",
            uri="https://news.example/b",
            content_type="application/warc-fields",
        ),
        skip="skipped_metadata",
    )
    add(
        warc_record(
            "revisit",
            b"HTTP/1.1 304 Not Modified\r\n\r\n",
            uri="https://news.example/a",
            record_id="rv",
        ),
        skip="skipped_revisit",
    )
    add(
        response(
            "https://news.example/logo.png",
            b"\x89PNG\r\n\x1a\n....",
            "png",
            content_type="image/png",
        ),
        skip="skipped_non_html",
    )
    add(
        response("https://news.example/gone", html("Not found"), "404", status="404 Not Found"),
        skip="skipped_http_status",
    )
    body = gzip.compress(html("Chunked", "Sent in chunks, gzipped."))
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    add(
        response(
            "https://news.example/c",
            chunked,
            "c",
            extra="Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n",
        ),
        page="https://news.example/c",
    )
    truncated = warc_record(
        "response",
        http_response(html("Cut")),
        uri="https://news.example/cut",
        record_id="cut",
        content_type="application/http; msgtype=response",
        declared=100_000,
    )
    damage(gzip.compress(truncated))
    add(
        response("https://news.example/d", html("After the cut"), "d"),
        page="https://news.example/d",
    )
    damage(corrupt_member(response("https://news.example/bad", html("Bad gzip " * 40), "bad")))
    add(
        response("https://news.example/e", html("After the corrupt member"), "e"),
        page="https://news.example/e",
    )
    add(response("https://news.example/f", html("Last good"), "f"), page="https://news.example/f")
    cut = gzip.compress(response("https://news.example/g", html("Cut file " * 50), "g"))
    damage(cut[: len(cut) // 2])
    warc.path.write_bytes(bytes(out))
    return warc


@pytest.fixture
def write_jsonl(tmp_path: Path) -> Callable[..., Path]:
    """Write records (dicts, or raw strings for bad lines) as a JSONL file, gzipped if asked."""

    def write(name: str, records: list[object], *, gz: bool = False) -> Path:
        lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
        data = ("\n".join(lines) + "\n").encode()
        path = tmp_path / name
        path.write_bytes(gzip.compress(data) if gz else data)
        return path

    return write
