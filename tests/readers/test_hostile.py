"""Hostile input at the readers: every record ends as a page or an error page, never a crash.

Each test reproduces a failure a reliability probe found (issue 10): a Unicode digit in an HTTP
status line, negative Content-Length, colliding record ids, empty inputs that vanished, file
names that are not UTF-8, and decompression bombs.
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from pathlib import Path

import pytest

from devtools.warc import html, response, warc_record
from threadsift.budget import Budget
from threadsift.page import Outcome, Page
from threadsift.readers.detect import InputReader
from threadsift.readers.inputs import source_name
from threadsift.readers.jsonl import JsonlReader
from threadsift.readers.warc import WarcReader


def read(*paths: Path | str, budget: Budget | None = None) -> list[Page]:
    reader = InputReader([str(path) for path in paths], budget=budget or Budget())
    return list(reader.run())


def test_a_unicode_digit_in_the_http_status_is_no_status(tmp_path: Path) -> None:
    path = tmp_path / "status.warc"
    path.write_bytes(response("https://x.example/a", html("A"), "a", status="² OK"))
    (page,) = read(path)
    assert page.outcome is None and page.url == "https://x.example/a"


@pytest.mark.parametrize("length", ["-40", "+40", "4_0", "٤٠"])
def test_a_content_length_that_is_not_ascii_digits_is_damage(tmp_path: Path, length: str) -> None:
    good = response("https://x.example/good", html("Good"), "good")
    block = b"HTTP/1.1 200 OK\r\n\r\n<html>x</html>"
    bad = warc_record("response", block).replace(
        f"Content-Length: {len(block)}".encode(), f"Content-Length: {length}".encode()
    )
    path = tmp_path / "length.warc.gz"
    path.write_bytes(gzip.compress(bad) + gzip.compress(good))
    damaged, page = read(path)
    assert damaged.outcome is Outcome.ERROR
    assert "without a valid Content-Length" in (damaged.reason or "")
    assert page.url == "https://x.example/good"


def test_records_sharing_a_warc_record_id_or_uri_get_their_own_ids(tmp_path: Path) -> None:
    same_id = response("https://x.example/a", html("A"), "one") + response(
        "https://x.example/b", html("B"), "one"
    )
    (tmp_path / "ids.warc").write_bytes(same_id)
    no_id = [
        record.replace(b"WARC-Record-ID: <urn:uuid:x>\r\n", b"")
        for record in (
            response("https://x.example/c", html("C"), "x"),
            response("https://x.example/c", html("C2"), "x"),
        )
    ]
    (tmp_path / "noids.warc").write_bytes(b"".join(no_id))
    (tmp_path / "copy.warc").write_bytes(same_id)
    pages = read(tmp_path / "ids.warc", tmp_path / "noids.warc", tmp_path / "copy.warc")
    assert len(pages) == 6 and all(page.outcome is None for page in pages)
    assert len({page.id for page in pages}) == 6
    assert [page.source_id for page in pages] == ["<urn:uuid:one>"] * 2 + [None] * 2 + [
        "<urn:uuid:one>"
    ] * 2


@pytest.mark.parametrize("name", ["empty.jsonl", "empty.warc.gz", "empty.wet", "blank.jsonl"])
def test_an_input_without_records_is_an_error_not_nothing(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    if name.endswith(".gz"):
        path.write_bytes(gzip.compress(b""))
    else:
        path.write_bytes(b"\n\n" if name.startswith("blank") else b"")
    (page,) = read(path)
    assert page.outcome is Outcome.ERROR
    assert page.reason == f"{path}: empty input (no records)"


def test_an_input_of_skipped_records_is_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "requests.warc"
    path.write_bytes(warc_record("request", b"GET / HTTP/1.1\r\n\r\n"))
    reader = InputReader([str(path)])
    assert list(reader.run()) == []
    assert reader.stats["skipped_request"] == 1


def test_file_names_that_are_not_utf8_are_named_with_escapes(tmp_path: Path) -> None:
    raw = os.path.join(os.fsencode(tmp_path), b"bad\xffname.txt")
    with open(raw, "wb") as handle:
        handle.write(b"Title\n\nSome article text.\n")
    path = os.fsdecode(raw)
    (page,) = read(path)
    assert page.source == f"{tmp_path}/bad\\xffname.txt"
    json.dumps(page.to_dict()).encode("utf-8")  # no surrogates left
    assert source_name("a\ud800b") == "a\\ud800b"


def test_a_long_json_line_is_one_error_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    lines = [{"text": "x" * 5000}, {"text": "short page"}]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    long, short = read(path, budget=Budget(record_bytes=1000))
    assert long.outcome is Outcome.ERROR
    assert "over the record size limit" in (long.reason or "")
    assert short.text == "short page"


def test_a_jsonl_gz_bomb_stops_early(tmp_path: Path) -> None:
    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wb", compresslevel=9) as handle:
        handle.write(b'{"text": "')
        for _ in range(64):
            handle.write(b"a" * (1 << 20))  # 64 MB in a 64 kB file
        handle.write(b'"}\n{"text": "never read"}\n')
    reader = JsonlReader([str(path)], budget=Budget(record_bytes=1 << 20))
    (bomb,) = list(reader.run())
    assert bomb.outcome is Outcome.ERROR
    assert "decompression bomb" in (bomb.reason or "")


def test_an_http_body_bomb_is_an_error_record(tmp_path: Path) -> None:
    body = zlib.compress(b"<html><body>" + b" " * (8 << 20) + b"</body></html>", 9)
    bomb = response("https://x.example/bomb", body, "bomb", extra="Content-Encoding: deflate\r\n")
    path = tmp_path / "bomb.warc"
    path.write_bytes(bomb + response("https://x.example/ok", html("Ok"), "ok"))
    pages = list(WarcReader([str(path)], budget=Budget(record_bytes=1 << 20)).run())
    assert [page.outcome for page in pages] == [Outcome.ERROR, None]
    assert "deflate body over the record size limit" in (pages[0].reason or "")


def test_a_gzip_member_bomb_is_damage_and_the_next_member_is_read(tmp_path: Path) -> None:
    block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + b" " * (4 << 20)
    bomb = warc_record("response", block, uri="https://x.example/bomb")
    ok = response("https://x.example/ok", html("Ok"), "ok")
    path = tmp_path / "bomb.warc.gz"
    path.write_bytes(gzip.compress(bomb) + gzip.compress(ok))
    pages = read(path, budget=Budget(record_bytes=1 << 20))
    assert [page.outcome for page in pages] == [Outcome.ERROR, None]
    assert "inflates beyond" in (pages[0].reason or "")


def test_a_reader_bug_is_an_error_page_after_the_records_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from threadsift.readers import fields

    path = tmp_path / "ok.jsonl"
    path.write_text('{"text": "one"}\n{"text": "two"}\n')

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(fields, "record_page", broken)
    pages = read(path)
    assert [page.outcome for page in pages] == [Outcome.ERROR, Outcome.ERROR]
    assert "internal error (RuntimeError('boom')" in (pages[0].reason or "")


def test_a_file_named_twice_is_read_once(tmp_path: Path) -> None:
    from threadsift.readers.inputs import expand_inputs

    path = tmp_path / "page.txt"
    path.write_text("Title\n\nText.\n")
    named = [str(path), str(tmp_path), f"{tmp_path}/./page.txt", str(tmp_path / "*.txt")]
    assert expand_inputs(named) == [str(path)]


def test_a_record_too_large_in_a_bomb_member_is_one_error_only(tmp_path: Path) -> None:
    block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + b" " * (4 << 20)
    bomb = warc_record("response", block, uri="https://x.example/bomb")
    path = tmp_path / "bomb.warc.gz"
    path.write_bytes(gzip.compress(bomb))
    reader = InputReader([str(path)], budget=Budget(record_bytes=1 << 19))
    (page,) = list(reader.run())
    assert page.outcome is Outcome.ERROR
    assert not any(key.startswith("skipped_") for key in reader.stats)


def test_lone_surrogates_in_records_become_replacement_characters(tmp_path: Path) -> None:
    from threadsift.readers.fields import Fields, record_page

    record = {
        "id": "a\ud800",
        "text": "Title\n\nA \udfff story.",
        "url": "https://x.example/\ud800",
    }
    page = record_page(record, Fields(), source="s.jsonl", where="line 1")
    assert page is not None
    assert page.text == "Title\n\nA \ufffd story."
    assert (page.source_id, page.url) == ("a\ufffd", "https://x.example/\ufffd")
