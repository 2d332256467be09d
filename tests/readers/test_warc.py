"""WARC and WARC.gz: pages, counted skips and located errors; reading goes on after damage."""

from __future__ import annotations

import gzip
import io
import sys
import zlib
from pathlib import Path

import pytest

from devtools.warc import WarcFile, html, response, warc_record
from threadsift.budget import Budget
from threadsift.page import Outcome
from threadsift.readers.warc import WarcReader, http_payload
from threadsift.readers.warcstream import WarcDamage, WarcRecord, iter_records


def test_every_record_of_a_damaged_warc_gz_is_accounted_for(damaged_warc: WarcFile) -> None:
    reader = WarcReader([str(damaged_warc.path)])
    pages = list(reader.run())

    good = [page for page in pages if page.outcome is None]
    errors = [page for page in pages if page.outcome is Outcome.ERROR]
    assert [page.url for page in good] == damaged_warc.pages
    skipped = {key: n for key, n in reader.stats.items() if key.startswith("skipped_")}
    assert skipped == damaged_warc.skipped
    assert len(errors) == len(damaged_warc.errors)
    assert len(good) + sum(skipped.values()) + len(errors) == damaged_warc.records
    assert reader.stats["pages"] == len(good)
    assert reader.stats["errors"] == len(errors)
    for page, offset in zip(errors, damaged_warc.errors, strict=True):
        assert page.reason is not None
        assert str(damaged_warc.path) in page.reason
        assert f"offset {offset}" in page.reason
    assert "truncated" in (errors[0].reason or "")
    assert "declares 100000 bytes" in (errors[0].reason or "")
    assert "corrupt gzip data" in (errors[1].reason or "")
    assert "before its end marker" in (errors[2].reason or "")


def test_pages_carry_url_host_id_and_decoded_html(damaged_warc: WarcFile) -> None:
    pages = {page.url: page for page in WarcReader([str(damaged_warc.path)]).run() if page.url}

    first = pages["https://news.example/a"]
    assert first.host == "news.example"
    assert first.encoding == "utf-8"
    assert first.html is not None and "Crème brûlée." in first.html
    assert first.text == ""
    # The meta tag's windows-1252 is used when the HTTP header has no charset.
    latin = pages["https://news.example/b"]
    assert latin.encoding == "cp1252"
    assert latin.html is not None and "café “quoted”" in latin.html
    # Chunked transfer coding and gzip content coding are undone.
    chunked = pages["https://news.example/c"]
    assert chunked.html is not None and "Sent in chunks, gzipped." in chunked.html
    # Ids come from the WARC-Record-ID, so they are stable and distinct.
    again = {page.url: page.id for page in WarcReader([str(damaged_warc.path)]).run()}
    assert again["https://news.example/a"] == first.id
    assert len({page.id for page in pages.values()}) == len(pages)


def test_plain_warc_resyncs_after_a_truncated_record(tmp_path: Path) -> None:
    records = [
        response("https://x.example/1", html("One"), "1"),
        warc_record(
            "response",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + html("Two"),
            uri="https://x.example/2",
            record_id="2",
            content_type="application/http; msgtype=response",
            declared=5000,
        ),
        response("https://x.example/3", html("Three"), "3"),
        response("https://x.example/4", html("Four"), "4"),
    ]
    path = tmp_path / "plain.warc"
    path.write_bytes(b"".join(records))

    pages = list(WarcReader([str(path)]).run())

    assert [page.url for page in pages if page.outcome is None] == [
        "https://x.example/1",
        "https://x.example/3",
        "https://x.example/4",
    ]
    (error,) = [page for page in pages if page.outcome is Outcome.ERROR]
    assert f"offset {len(records[0])}" in (error.reason or "")
    assert "declares 5000 bytes" in (error.reason or "")


def test_whole_warc_in_one_gzip_member(tmp_path: Path) -> None:
    records = [response(f"https://x.example/{n}", html(str(n)), str(n)) for n in range(5)]
    path = tmp_path / "one-member.warc.gz"
    path.write_bytes(gzip.compress(b"".join(records)))

    pages = list(WarcReader([str(path)]).run())

    assert [page.url for page in pages] == [f"https://x.example/{n}" for n in range(5)]


def test_garbage_between_members_is_reported_and_skipped(tmp_path: Path) -> None:
    one = gzip.compress(response("https://x.example/1", html("One"), "1"))
    two = gzip.compress(response("https://x.example/2", html("Two"), "2"))
    path = tmp_path / "junk.warc.gz"
    path.write_bytes(one + b"this is not gzip" + two)

    pages = list(WarcReader([str(path)]).run())

    assert [page.url for page in pages if page.outcome is None] == [
        "https://x.example/1",
        "https://x.example/2",
    ]
    (error,) = [page for page in pages if page.outcome is Outcome.ERROR]
    assert f"at offset {len(one)}; skipped 16 bytes" in (error.reason or "")


def test_records_over_max_record_are_skipped_not_kept(tmp_path: Path) -> None:
    path = tmp_path / "big.warc.gz"
    big = response("https://x.example/big", html("Big", "x" * 10_000), "big")
    small = response("https://x.example/small", html("Small"), "small")
    path.write_bytes(gzip.compress(big) + gzip.compress(small))

    reader = WarcReader([str(path)], budget=Budget(record_bytes=1000))
    pages = list(reader.run())

    assert [page.url for page in pages] == ["https://x.example/small"]
    assert reader.stats["skipped_too_large"] == 1


def test_reads_stdin(monkeypatch: pytest.MonkeyPatch, damaged_warc: WarcFile) -> None:
    fake = io.TextIOWrapper(io.BufferedReader(io.BytesIO(damaged_warc.path.read_bytes())))
    monkeypatch.setattr(sys, "stdin", fake)

    pages = list(WarcReader(["-"]).run())

    assert [page.url for page in pages if page.outcome is None] == damaged_warc.pages
    assert all(page.source == "<stdin>" for page in pages)


def test_missing_file_is_one_error_page(tmp_path: Path) -> None:
    reader = WarcReader([str(tmp_path / "nope.warc.gz")])
    (page,) = reader.run()
    assert page.outcome is Outcome.ERROR
    assert "no such file" in (page.reason or "")


def test_iter_records_yields_records_and_damage_in_file_order(damaged_warc: WarcFile) -> None:
    with damaged_warc.path.open("rb") as stream:
        items = list(iter_records(stream, gzipped=True))
    assert len(items) == damaged_warc.records
    damage = [item.offset for item in items if isinstance(item, WarcDamage)]
    assert damage == damaged_warc.errors
    kinds = [item.type for item in items if isinstance(item, WarcRecord)]
    assert kinds[:3] == ["warcinfo", "request", "response"]


def test_http_payload_charset_and_status() -> None:
    payload = http_payload(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\n\r\n<p>x</p>"
    )
    assert (payload.status, payload.mime, payload.charset) == (200, "text/html", "ISO-8859-1")
    assert payload.is_html
    vague = http_payload(b"HTTP/1.1 200 OK\r\n\r\n  <!DOCTYPE html><html></html>")
    assert vague.is_html
    assert not http_payload(b"HTTP/1.1 200 OK\r\n\r\n{}").is_html


def test_identified_payload_type_decides_when_the_server_type_is_vague(tmp_path: Path) -> None:
    def record(uri: str, identified: str, content_type: str) -> bytes:
        block = (
            b"HTTP/1.1 200 OK\r\nContent-Type: " + content_type.encode() + b"\r\n\r\n<div>x</div>"
        )
        return warc_record(
            "response",
            block,
            uri=uri,
            record_id=uri,
            content_type="application/http; msgtype=response",
            extra=f"WARC-Identified-Payload-Type: {identified}",
        )

    path = tmp_path / "identified.warc"
    path.write_bytes(
        record("https://x.example/html", "text/html", "application/octet-stream")
        + record("https://x.example/pdf", "application/pdf", "application/octet-stream")
        + record("https://x.example/css", "text/html", "text/css")
    )
    reader = WarcReader([str(path)])
    assert [page.url for page in reader.run()] == ["https://x.example/html"]
    assert reader.stats["skipped_non_html"] == 2


def _header(record: bytes, name: str) -> str:
    """The value of header `name` in the header block that starts `record`."""
    head = record.split(b"\r\n\r\n", 1)[0].decode()
    return next(line.split(": ", 1)[1] for line in head.split("\r\n") if line.startswith(name))


def test_offsets_of_a_damaged_warc_gz_are_gzip_members_to_seek_to(damaged_warc: WarcFile) -> None:
    """A page's `source_offset` is where its gzip member starts, after damage too: seeking there
    and inflating one member gives the record with the page's WARC-Record-ID."""
    pages = [page for page in WarcReader([str(damaged_warc.path)]).run() if page.outcome is None]
    assert len(pages) == len(damaged_warc.pages)
    with damaged_warc.path.open("rb") as handle:
        for page in pages:
            assert page.source_offset is not None
            handle.seek(page.source_offset)
            member = handle.read(1 << 16)
            record = zlib.decompressobj(31).decompress(member)
            assert record.startswith(b"WARC/1.0\r\n")
            assert _header(record, "WARC-Record-ID") == page.source_id
            assert _header(record, "WARC-Target-URI") == page.url
    assert pages[-1].source_id == "<urn:uuid:f>"
    assert pages[-1].fetched == "2024-05-01T10:00:00Z"


def test_offsets_of_a_plain_warc_are_the_records_first_byte(tmp_path: Path) -> None:
    records = [
        warc_record("warcinfo", b"software: test\r\n", content_type="application/warc-fields"),
        response("https://x.example/1", html("One"), "1", date="2024-01-02T03:04:05Z"),
        warc_record("request", b"GET /2 HTTP/1.1\r\n\r\n", uri="https://x.example/2"),
        response("https://x.example/2", html("Two " * 300), "2", date="2024-01-02T03:04:06.5Z"),
        response("https://x.example/3", html("Three"), "3", date="not a date"),
    ]
    path = tmp_path / "plain.warc"
    data = b"\r\n".join(records)  # extra blank lines between records, as some writers leave
    path.write_bytes(data)

    pages = list(WarcReader([str(path)]).run())
    assert [page.url for page in pages] == [f"https://x.example/{n}" for n in (1, 2, 3)]
    for page in pages:
        assert page.source_offset is not None
        record = data[page.source_offset :]
        assert record.startswith(b"WARC/1.0\r\n")
        assert _header(record, "WARC-Record-ID") == page.source_id
    assert [page.source_offset for page in pages] == [
        data.index(b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:%d>" % n)
        for n in (1, 2, 3)
    ]
    assert [page.fetched for page in pages] == [
        "2024-01-02T03:04:05Z",
        "2024-01-02T03:04:06.5Z",
        None,  # not an ISO 8601 time: not kept as one
    ]


def test_a_warc_gzipped_as_one_member_gives_that_members_offset(tmp_path: Path) -> None:
    """A WARC gzipped whole cannot be entered mid-stream: every record is at the member's start."""
    records = [response(f"https://x.example/{n}", html(f"Page {n}"), str(n)) for n in range(3)]
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(gzip.compress(b"".join(records)))
    pages = list(WarcReader([str(path)]).run())
    assert [page.source_offset for page in pages] == [0, 0, 0]
    assert [page.source_id for page in pages] == [f"<urn:uuid:{n}>" for n in range(3)]
