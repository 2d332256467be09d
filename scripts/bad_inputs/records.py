"""Cases of record containers: WARC and WET, plain and gzipped."""

from __future__ import annotations

import zlib
from pathlib import Path

from bad_inputs.base import ESCAPES, case, gz, page_bytes, put, url
from bad_inputs.builders import (
    GIB,
    bomb_bytes,
    corrupt,
    html_page,
    members,
    request,
    response,
    text_page,
    warc_record,
    write_bomb,
)

# --- WARC --------------------------------------------------------------------------------------


def good(n: int, host: str = "news.example") -> bytes:
    """A response record of an article page, id and URI from `n`."""
    return response(url(n, host), page_bytes(n), f"good-{n}")


@case("control: a WARC.gz with a request and two responses", 3, outputs=2, filtered=1)
def warc_ok(d: Path) -> None:
    put(d / "crawl.warc.gz", members(request(url(40), "req-40"), good(40), good(41)))


@case("an HTTP status line with a Unicode digit (HTTP/1.1 ² OK)", 3)
def warc_unicode_status(d: Path) -> None:
    odd = response(url(42), page_bytes(42), "sup", status="\u00b2 OK")
    put(d / "status.warc.gz", members(good(43), odd, good(44)))


@case("HTTP status lines with other non-ASCII digits (Arabic-Indic, circled)", 4)
def warc_unicode_status_variants(d: Path) -> None:
    records = [
        response(url(45), page_bytes(45), "arabic", status="\u0662\u0660\u0660 OK"),
        response(url(46), page_bytes(46), "circled", status="\u2461\u24ea\u24ea OK"),
        response(url(47), page_bytes(47), "fullwidth", status="\uff12\uff10\uff10 OK"),
        good(48),
    ]
    put(d / "status.warc", b"".join(records))


@case("a negative Content-Length, in a gzip member and in a plain WARC", 6, outputs=4, errors=2)
def warc_negative_length(d: Path) -> None:
    odd = response(url(49), page_bytes(49), "neg", length="-40")
    put(d / "negative.warc.gz", members(good(50), odd, good(51)))
    odd = response(url(52), page_bytes(52), "neg", length="-40")
    put(d / "negative.warc", good(53) + odd + good(54))


@case("a huge Content-Length: 10^20 in a gzip member, 10^11 in a plain WARC (eats the rest)", 5)
def warc_huge_length(d: Path) -> None:
    odd = response(url(55), page_bytes(55), "huge", length="1" + "0" * 20)
    put(d / "huge.warc.gz", members(good(56), odd, good(57)))
    odd = response(url(58), page_bytes(58), "huge", length="99999999999")
    put(d / "huge.warc", good(59) + odd + good(60))


@case("Content-Length that is not a number, or absent", 4, outputs=2, errors=2)
def warc_bad_length(d: Path) -> None:
    text = response(url(61), page_bytes(61), "abc", length="abc")
    missing = response(url(62), page_bytes(62), "none").replace(b"Content-Length", b"X-Length", 1)
    put(d / "length.warc.gz", members(good(63), text, missing, good(64)))


@case("bad WARC version lines and a header that never ends", 5)
def warc_bad_headers(d: Path) -> None:
    bad_version = warc_record("response", b"x", version="WARX/1.0")
    future = response(url(65), page_bytes(65), "v9").replace(b"WARC/1.0", b"WARC/9.9", 1)
    unended = b"WARC/1.0\r\nWARC-Type: response\r\n" + b"X-Filler: y\r\n" * 6000
    put(d / "headers.warc.gz", members(good(66), bad_version, future, unended, good(67)))


@case("a record without WARC-Type and one of an unknown type", 3, outputs=1)
def warc_odd_types(d: Path) -> None:
    untyped = response(url(68), page_bytes(68), "untyped").replace(b"WARC-Type: response\r\n", b"")
    other = warc_record("x-custom", b"data", uri=url(69), record_id="custom")
    put(d / "types.warc.gz", members(untyped, other, good(70)))


@case("WARC.gz cut in its last member; a corrupt member between good ones", 6, outputs=4, errors=2)
def warc_gz_damaged(d: Path) -> None:
    last = gz(good(71))
    put(d / "cut.warc.gz", members(good(72), good(73)) + last[: len(last) // 2])
    put(d / "corrupt.warc.gz", members(good(74)) + corrupt(gz(good(75))) + members(good(76)))


@case("garbage bytes between gzip members and after the last", None, outputs=2)
def warc_gz_garbage_between(d: Path) -> None:
    junk = bytes(range(256)) * 4 + b"\x1f\x8b\x08 not a member"
    put(d / "junk.warc.gz", members(good(77)) + junk + members(good(78)) + junk)


@case("a whole WARC in one gzip member", 3, outputs=2, filtered=1)
def warc_gz_single_member(d: Path) -> None:
    put(d / "single.warc.gz", gz(request(url(79), "req-79") + good(79) + good(80)))


@case("empty WARC: a .warc.gz and a .warc of no bytes, a .warc.gz of one empty member", 3)
def warc_empty(d: Path) -> None:
    put(d / "empty.warc.gz", b"")
    put(d / "empty.warc", b"")
    put(d / "member.warc.gz", gz(b""))


@case("random bytes named .warc", None)
def warc_garbage(d: Path) -> None:
    put(d / "noise.warc", bytes((n * 131 + 7) % 256 for n in range(20_000)))


@case("gzip- and deflate-encoded and chunked HTTP bodies (control)", 3, outputs=3)
def warc_http_encodings(d: Path) -> None:
    body = gz(page_bytes(81))
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    records = [
        response(
            url(81),
            chunked,
            "chunked",
            extra=("Transfer-Encoding: chunked", "Content-Encoding: gzip"),
        ),
        response(
            url(82), zlib.compress(page_bytes(82)), "deflate", extra=("Content-Encoding: deflate",)
        ),
        response(url(83), gz(page_bytes(83)), "gzip", extra=("Content-Encoding: gzip",)),
    ]
    put(d / "encoded.warc.gz", members(*records))


@case("bad HTTP encodings: not gzip, unknown coding, bad chunks, headers without end", 5)
def warc_bad_http(d: Path) -> None:
    records = [
        response(url(84), page_bytes(84), "notgz", extra=("Content-Encoding: gzip",)),
        response(url(85), page_bytes(85), "br", extra=("Content-Encoding: br",)),
        response(
            url(86), b"zz\r\n" + page_bytes(86), "chunks", extra=("Transfer-Encoding: chunked",)
        ),
        warc_record(
            "response",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n",
            uri=url(87),
            record_id="noend",
            content_type="application/http",
        ),
        good(88),
    ]
    put(d / "http.warc.gz", members(*records))


@case("a 3 KB WARC.gz whose gzip-encoded HTTP body inflates to 4 GiB", 1, errors=1)
def warc_gz_http_bomb(d: Path) -> None:
    body = bomb_bytes(b"<!doctype html><html><body><p>", b"lorem ", 4 * GIB, b"</p></html>")
    record = response(url(89), body, "bomb", extra=("Content-Encoding: gzip",))
    put(d / "bomb.warc.gz", gz(record))


@case("a WARC.gz member inflating to 4 GiB of record", 2, outputs=1)
def warc_gz_record_bomb(d: Path) -> None:
    head = warc_record(
        "resource", b"", uri=url(90), record_id="big", content_type="text/html", length=str(4 * GIB)
    ).removesuffix(b"\r\n\r\n")
    with open(d / "bomb.warc.gz", "wb") as handle:
        write_bomb(handle, head, b" ", 4 * GIB, b"\r\n\r\n")
        handle.write(members(good(91)))


@case("two different responses with the same WARC-Record-ID", 2, outputs=2)
def warc_same_record_id(d: Path) -> None:
    one = response(url(92), page_bytes(92), "same")
    two = response(url(93), page_bytes(93), "same")
    put(d / "ids.warc.gz", members(one, two))


@case("two different responses without WARC-Record-ID and with the same URI", 2, outputs=2)
def warc_no_id_same_uri(d: Path) -> None:
    one = response(url(94), page_bytes(94), None)
    two = response(url(94), page_bytes(95), None)
    put(d / "noid.warc.gz", members(one, two))


@case("two different pages with one WARC-Record-ID in two files", 2, outputs=2)
def warc_same_id_two_files(d: Path) -> None:
    put(d / "a.warc.gz", members(response(url(96), page_bytes(96), "shared")))
    put(d / "b.warc.gz", members(response(url(97), page_bytes(97), "shared")))


@case(
    "the same page in five WARC files beside six other pages of its host",
    11,
    outputs=7,
    duplicates=4,
)
def warc_same_page_five_files(d: Path) -> None:
    for n in range(5):
        put(d / f"copy-{n}.warc.gz", members(good(98, host="site.example")))
    put(d / "others.warc.gz", members(*(good(99 + n, host="site.example") for n in range(6))))


@case("a WARC-Target-URI and a title carrying terminal escape sequences", 1)
def warc_escapes(d: Path) -> None:
    page = html_page(105, title=f"Title {ESCAPES}").encode()
    put(d / "escapes.warc.gz", members(response(f"https://x.example/{ESCAPES}", page, "esc")))


# --- WET ---------------------------------------------------------------------------------------


def conversion(n: int, text: bytes, record_id: str | None = None) -> bytes:
    return warc_record(
        "conversion",
        text,
        uri=url(n),
        record_id=record_id or f"conv-{n}",
        content_type="text/plain",
    )


@case("control: a WET.gz with warcinfo and two conversion records", 3, outputs=2, filtered=1)
def wet_ok(d: Path) -> None:
    info = warc_record("warcinfo", b"software: test\r\n", record_id="info")
    put(
        d / "crawl.wet.gz",
        members(
            info, conversion(110, text_page(110).encode()), conversion(111, text_page(111).encode())
        ),
    )


@case("a WET.gz cut short", None, outputs=1)
def wet_gz_truncated(d: Path) -> None:
    data = members(
        conversion(112, text_page(112).encode()), conversion(113, text_page(113).encode())
    )
    put(d / "cut.wet.gz", data[:-60])


@case("WET conversion records with invalid UTF-8, an empty block and NUL bytes", 3)
def wet_bad_text(d: Path) -> None:
    records = [
        conversion(114, text_page(114).encode()[:200] + b"\xff\xfe" + text_page(114).encode()),
        conversion(115, b""),
        conversion(116, text_page(116).replace(" ", "\x00 ", 30).encode()),
    ]
    put(d / "bad.wet", b"".join(records))
