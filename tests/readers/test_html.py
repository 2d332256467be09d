"""HTML files: encoding from BOM, HTTP header, meta tag or detection; the page keeps the HTML."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from threadsift.page import Outcome
from threadsift.readers.html import HtmlReader, charset_name, decode_html, meta_charset

LATIN = "<html><head>{meta}<title>Été</title></head><body>Noël à la café</body></html>"


def test_meta_charset_and_http_equiv() -> None:
    assert meta_charset(b'<meta charset="ISO-8859-1">') == "cp1252"
    http_equiv = b'<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
    assert meta_charset(http_equiv) == "koi8-r"
    assert meta_charset(b"<meta name=x>") is None
    assert charset_name("utf-16") == "utf-8"  # an ASCII-compatible page cannot be UTF-16
    assert charset_name("no-such-charset") is None


def test_http_charset_wins_over_meta_and_mislabels_fall_back() -> None:
    data = LATIN.format(meta='<meta charset="utf-8">').encode("cp1252")
    # The meta says UTF-8 but the bytes are not: detection reads them.
    text, used = decode_html(data, "x.html")
    assert "Noël à la café" in text and used != "utf-8"
    text, used = decode_html(data, "x.html", http_charset="windows-1252")
    assert used == "cp1252" and "Été" in text


def test_bom_wins_over_declarations() -> None:
    data = b"\xef\xbb\xbf" + LATIN.format(meta='<meta charset="koi8-r">').encode()
    text, used = decode_html(data, "x.html", http_charset="koi8-r")
    assert used == "utf-8-sig" and "Noël" in text and not text.startswith("\ufeff")


def test_reader_keeps_html_for_the_decomposer(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(LATIN.format(meta='<meta charset="windows-1252">').encode("cp1252"))
    (page,) = HtmlReader([str(path)], url="https://h.example/p").run()
    assert page.html is not None and "Noël à la café" in page.html
    assert page.text == ""
    assert (page.encoding, page.host) == ("cp1252", "h.example")
    assert page.to_dict().get("html") is None
    assert page.to_dict(with_html=True)["html"] == page.html


def test_gzipped_html_is_detected_and_inflated(tmp_path: Path) -> None:
    import gzip

    from threadsift.readers.detect import InputReader

    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(LATIN.format(meta="").encode("utf-8")))
    (page,) = InputReader([str(path)]).run()
    assert page.html is not None and "Noël à la café" in page.html


def test_forced_encoding_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes("<p>Ça</p>".encode("cp1252"))
    (page,) = HtmlReader([str(path)], encoding="latin-1").run()
    assert page.html == "<p>Ça</p>"
    (bad,) = HtmlReader([str(path)], encoding="utf-8").run()
    assert bad.outcome is Outcome.ERROR and "cannot decode as utf-8" in (bad.reason or "")


def test_stdin_pages_are_identified_by_content(monkeypatch: pytest.MonkeyPatch) -> None:
    ids = []
    for body in (b"<p>one</p>", b"<p>two</p>"):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(body)))
        (page,) = HtmlReader(["-"]).run()
        assert page.source == "<stdin>"
        ids.append(page.id)
    assert ids[0] != ids[1]
