"""WET: conversion records become text pages with their URL."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

from devtools.warc import warc_record
from threadsift.page import Outcome
from threadsift.readers.wet import WetReader


def test_conversion_records_become_text_pages(write_warc: Callable[..., Path]) -> None:
    records = [
        warc_record("warcinfo", b"isPartOf: test\r\n", content_type="application/warc-fields"),
        warc_record(
            "conversion",
            "Titre\nLe café est prêt.\n".encode(),
            uri="https://wet.example/a",
            record_id="a",
            content_type="text/plain",
        ),
        warc_record("conversion", b"   ", uri="https://wet.example/empty", record_id="e"),
        warc_record(
            "conversion",
            b"Second page\r\nline two",
            uri="https://wet.example/b",
            record_id="b",
            declared=500,
        ),
        warc_record("conversion", b"Third page", uri="https://wet.example/c", record_id="c"),
    ]
    path = write_warc("x.warc.wet.gz", records)

    reader = WetReader([str(path)])
    pages = list(reader.run())

    good = [page for page in pages if page.outcome is None]
    assert [page.url for page in good] == ["https://wet.example/a", "https://wet.example/c"]
    assert good[0].text == "Titre\nLe café est prêt.\n"
    assert good[0].host == "wet.example"
    assert good[0].source_id == "<urn:uuid:a>"
    assert len({page.id for page in pages}) == len(pages)
    assert good[0].html is None
    (error,) = [page for page in pages if page.outcome is Outcome.ERROR]
    assert "truncated" in (error.reason or "")
    assert reader.stats["skipped_warcinfo"] == 1
    assert reader.stats["skipped_empty"] == 1


def test_pages_keep_the_record_id_date_and_offset(tmp_path: Path) -> None:
    records = [
        warc_record("warcinfo", b"isPartOf: test\r\n", content_type="application/warc-fields"),
        warc_record(
            "conversion",
            b"First page",
            uri="https://wet.example/1",
            record_id="1",
            date="2024-02-03T04:05:06Z",
        ),
        warc_record("conversion", b"Second page", uri="https://wet.example/2", record_id="2"),
    ]
    members = [gzip.compress(record) for record in records]
    path = tmp_path / "x.warc.wet.gz"
    path.write_bytes(b"".join(members))

    pages = list(WetReader([str(path)]).run())
    starts = [len(b"".join(members[:n])) for n in range(len(members))]
    assert [page.source_offset for page in pages] == starts[1:]
    assert [page.source_id for page in pages] == ["<urn:uuid:1>", "<urn:uuid:2>"]
    assert [page.fetched for page in pages] == ["2024-02-03T04:05:06Z", "2024-05-01T10:00:00Z"]
    data = path.read_bytes()
    for page in pages:
        assert page.source_offset is not None
        record = gzip.decompress(data[page.source_offset :]).split(b"\r\n\r\n", 1)[0]
        assert f"WARC-Record-ID: {page.source_id}".encode() in record
