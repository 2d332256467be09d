"""Format detection from content and name, and reading a mix of inputs (stdin included)."""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest

from devtools.warc import html, response, warc_record
from threadsift.errors import ConfigError, InputError
from threadsift.page import Outcome
from threadsift.readers.detect import InputReader, detect_format, read_inputs

WARC = response("https://d.example/a", html("A"), "a")
WET = warc_record("conversion", b"Some text", uri="https://d.example/w", record_id="w")
JSONL = b'{"text": "Story", "url": "https://d.example/j"}\n'
HTML = b"<!DOCTYPE html><html><body><p>Hi</p></body></html>"


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("a.warc.gz", gzip.compress(WARC), "warc"),
        ("noext", gzip.compress(WARC) + gzip.compress(WARC), "warc"),
        ("a.warc", WARC, "warc"),
        ("a.warc.wet.gz", gzip.compress(WET), "wet"),
        ("noext", gzip.compress(WET), "wet"),
        ("a.jsonl", JSONL, "jsonl"),
        ("noext", JSONL, "jsonl"),
        ("a.jsonl.gz", gzip.compress(JSONL), "jsonl"),
        ("noext", gzip.compress(JSONL), "jsonl"),
        ("a.html", b"<p>fragment</p>", "html"),
        ("noext", b"\n  <!-- c --><!doctype html><html>", "html"),
        ("noext", b"<?xml version='1.0'?><html xmlns='x'>", "html"),
        ("a.parquet", b"PAR1....", "parquet"),
        ("noext", b"PAR1....", "parquet"),
        ("a.txt", JSONL, "text"),  # a known extension beats a weak content sign
        ("a.txt", WARC, "warc"),  # but not magic bytes
        ("noext", b"Headline\n\nStory.", "text"),
        ("empty", b"", "text"),
    ],
)
def test_detect_format(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert detect_format(str(path)) == expected


def test_missing_file_is_detected_by_name_and_refused_by_read_inputs(tmp_path: Path) -> None:
    missing = str(tmp_path / "gone.jsonl")
    assert detect_format(missing) == "jsonl"
    with pytest.raises(InputError, match=r"gone\.jsonl: no such file or directory"):
        read_inputs([missing])


def test_input_reader_reads_a_mixed_directory_and_records_formats(tmp_path: Path) -> None:
    (tmp_path / "crawl.warc.gz").write_bytes(gzip.compress(WARC) + gzip.compress(b"junk"))
    (tmp_path / "corpus.jsonl").write_bytes(JSONL + b"{bad\n")
    (tmp_path / "page.html").write_bytes(HTML)
    (tmp_path / "note.txt").write_bytes(b"Headline\n\nStory.\n")
    reader = InputReader([str(path) for path in sorted(tmp_path.iterdir())])
    pages = list(reader.run())

    assert {Path(path).name: fmt for path, fmt in reader.formats.items()} == {
        "corpus.jsonl": "jsonl",
        "crawl.warc.gz": "warc",
        "note.txt": "text",
        "page.html": "html",
    }
    assert [page.url for page in pages if page.outcome is None] == [
        "https://d.example/j",
        "https://d.example/a",
        None,
        None,
    ]
    assert len([page for page in pages if page.outcome is Outcome.ERROR]) == 2
    assert reader.stats["pages"] == 4 and reader.stats["errors"] == 2


def test_forced_format_and_field_options(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_bytes(json.dumps({"body": "Hello", "link": "https://d.example/f"}).encode())
    (page,) = read_inputs([str(path)], "jsonl", text_field="body", url_field="link")
    assert (page.text, page.url) == ("Hello", "https://d.example/f")
    with pytest.raises(ConfigError, match="unknown format 'pdf'"):
        read_inputs([str(path)], "pdf")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (gzip.compress(WARC), "https://d.example/a"),
        (JSONL, "https://d.example/j"),
    ],
)
def test_stdin_is_detected_without_losing_bytes(
    monkeypatch: pytest.MonkeyPatch, data: bytes, expected: str
) -> None:
    for stream in (io.BytesIO(data), io.BufferedReader(io.BytesIO(data))):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(stream))
        reader = InputReader(["-"])
        (page,) = reader.run()
        assert page.url == expected
        assert page.source == "<stdin>"


def test_stdin_html_and_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(HTML)))
    (page,) = read_inputs(["-"])
    assert page.html is not None and "<p>Hi</p>" in page.html
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Just text.\n")))
    (page,) = read_inputs(["-"])
    assert page.text == "Just text.\n" and page.html is None
