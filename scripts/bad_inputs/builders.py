"""Byte builders for `make_bad_inputs.py`: prose, HTML pages, WARC records, gzip bombs.

Everything is deterministic (seeded) and needs the standard library only. The bombs are written
streaming: one deflate block of a repeated pattern is made once and written again and again, so
that a gzip member inflating to gigabytes costs a few megabytes of disk and no memory to write.
"""

from __future__ import annotations

import gzip
import random
import struct
import zlib
from collections.abc import Iterator
from typing import BinaryIO

GIB = 1 << 30
_BLOCK = 1 << 20  # uncompressed bytes per repeated deflate block

_VOCABULARY = """
council budget river bridge school teacher harbour market village mayor election vote
winter summer season farmer weather storm flood road station train ticket museum
library report study scientist hospital patient doctor nurse family neighbour street
corner shop factory worker union wage price energy heating water garden park forest
hill valley festival music theatre audience player coach league match goal season
record fans crowd plan proposal committee meeting evening morning week month year
decade history century local regional national public private official resident visitor
tourist owner tenant new old small large quiet busy early late open closed careful
recent final annual modest said told asked agreed warned expected announced approved
rejected delayed opened closed moved built repaired planned reported visited argued
explained suggested promised
"""
_WORDS = _VOCABULARY.split()


def prose(seed: int, *, paragraphs: int = 5) -> list[str]:
    """Paragraphs of plain English-like prose, different for every seed."""
    rng = random.Random(seed)
    out = []
    for _ in range(paragraphs):
        sentences = []
        for _ in range(rng.randint(3, 5)):
            words = [rng.choice(_WORDS) for _ in range(rng.randint(9, 18))]
            sentences.append(" ".join(words).capitalize() + ".")
        out.append(" ".join(sentences))
    return out


def headline(seed: int) -> str:
    """A headline-shaped line."""
    rng = random.Random(seed * 7919 + 1)
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(5, 8))).title()


def text_page(seed: int, *, title: str | None = None) -> str:
    """A plain-text news page: headline, blank line, article paragraphs."""
    return "\n\n".join([title or headline(seed), *prose(seed)]) + "\n"


def html_page(
    seed: int, *, title: str | None = None, body_extra: str = "", head_extra: str = ""
) -> str:
    """An HTML news page with a headline and an article of a few paragraphs."""
    title = title or headline(seed)
    paragraphs = "".join(f"<p>{p}</p>\n" for p in prose(seed))
    return (
        f'<!doctype html>\n<html><head><meta charset="utf-8"><title>{title}</title>'
        f'{head_extra}</head>\n<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>'
        f"\n<article><h1>{title}</h1>\n{paragraphs}</article>\n{body_extra}</body></html>\n"
    )


def warc_record(
    kind: str,
    block: bytes,
    *,
    uri: str | None = None,
    record_id: str | None = None,
    content_type: str | None = None,
    length: str | None = None,
    version: str = "WARC/1.0",
    extra: tuple[str, ...] = (),
) -> bytes:
    """One WARC record; `length` replaces the true Content-Length, None ids are left out."""
    headers = [f"WARC-Type: {kind}"]
    if record_id is not None:
        headers.append(f"WARC-Record-ID: <urn:uuid:{record_id}>")
    headers.append("WARC-Date: 2024-05-01T10:00:00Z")
    if uri is not None:
        headers.append(f"WARC-Target-URI: {uri}")
    if content_type is not None:
        headers.append(f"Content-Type: {content_type}")
    headers.extend(extra)
    headers.append(f"Content-Length: {len(block) if length is None else length}")
    head = (version + "\r\n" + "\r\n".join(headers) + "\r\n\r\n").encode("utf-8")
    return head + block + b"\r\n\r\n"


def http_block(
    body: bytes,
    *,
    status: str = "200 OK",
    content_type: str = "text/html; charset=utf-8",
    extra: tuple[str, ...] = (),
) -> bytes:
    """An HTTP/1.1 response as a WARC response record holds it."""
    lines = [f"HTTP/1.1 {status}", f"Content-Type: {content_type}", *extra]
    if not any(line.lower().startswith("transfer-encoding") for line in extra):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + body


def response(
    uri: str | None,
    body: bytes,
    record_id: str | None,
    *,
    length: str | None = None,
    **http: object,
) -> bytes:
    """A WARC response record around an HTTP response with `body`."""
    return warc_record(
        "response",
        http_block(body, **http),  # type: ignore[arg-type]
        uri=uri,
        record_id=record_id,
        content_type="application/http; msgtype=response",
        length=length,
    )


def request(uri: str, record_id: str) -> bytes:
    """A WARC request record (skipped by readers, still an input)."""
    block = f"GET {uri} HTTP/1.1\r\nHost: example\r\n\r\n".encode()
    return warc_record(
        "request",
        block,
        uri=uri,
        record_id=record_id,
        content_type="application/http; msgtype=request",
    )


def members(*records: bytes) -> bytes:
    """Records as a WARC.gz: one gzip member per record, as crawlers write them."""
    return b"".join(gzip.compress(record, mtime=0) for record in records)


def corrupt(member: bytes) -> bytes:
    """A gzip member whose deflate data is damaged (inflating it fails)."""
    data = bytearray(member)
    for i in range(12, min(len(data) - 8, 48)):
        data[i] ^= 0x5A
    return bytes(data)


# --- gzip bombs --------------------------------------------------------------------------------


def _gf2_times(matrix: list[int], vector: int) -> int:
    total, i = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[i]
        vector >>= 1
        i += 1
    return total


def _gf2_square(matrix: list[int]) -> list[int]:
    return [_gf2_times(matrix, row) for row in matrix]


def crc32_combine(crc1: int, crc2: int, length2: int) -> int:
    """The CRC-32 of A+B from those of A and B (zlib's crc32_combine, which Python lacks)."""
    if length2 <= 0:
        return crc1
    odd = [0xEDB88320] + [1 << n for n in range(31)]  # the operator for one zero bit
    even = _gf2_square(odd)
    odd = _gf2_square(even)
    while True:
        even = _gf2_square(odd)
        if length2 & 1:
            crc1 = _gf2_times(even, crc1)
        length2 >>= 1
        if not length2:
            break
        odd = _gf2_square(even)
        if length2 & 1:
            crc1 = _gf2_times(odd, crc1)
        length2 >>= 1
        if not length2:
            break
    return crc1 ^ crc2


def _crc_repeated(chunk: bytes, times: int) -> int:
    """The CRC-32 of `chunk` repeated `times` times, by doubling (no pass over the data)."""
    result = 0
    piece, size = zlib.crc32(chunk), len(chunk)
    while times:
        if times & 1:
            result = crc32_combine(result, piece, size)
        piece = crc32_combine(piece, piece, size)
        size *= 2
        times >>= 1
    return result


def bomb_parts(prefix: bytes, pattern: bytes, total: int, suffix: bytes) -> Iterator[bytes]:
    """One gzip member inflating to `prefix`, `pattern` repeated to about `total` bytes, `suffix`.

    The repeated part is one deflate block (1 MiB of `pattern`, ended by a full flush so that it
    refers to nothing before it) written again and again.
    """
    chunk = (pattern * (_BLOCK // len(pattern) + 1))[:_BLOCK]
    times = max(1, total // _BLOCK)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    yield b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # gzip header: no name, mtime 0
    yield deflate.compress(prefix) + deflate.flush(zlib.Z_FULL_FLUSH)
    block = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    for _ in range(times):
        yield block
    yield deflate.compress(suffix) + deflate.flush()
    crc = zlib.crc32(prefix)
    crc = crc32_combine(crc, _crc_repeated(chunk, times), len(chunk) * times)
    crc = crc32_combine(crc, zlib.crc32(suffix), len(suffix))
    size = len(prefix) + len(chunk) * times + len(suffix)
    yield struct.pack("<II", crc, size & 0xFFFFFFFF)


def write_bomb(
    handle: BinaryIO, prefix: bytes, pattern: bytes, total: int, suffix: bytes = b""
) -> None:
    """Write a gzip bomb (see `bomb_parts`) to an open file."""
    for part in bomb_parts(prefix, pattern, total, suffix):
        handle.write(part)


def bomb_bytes(prefix: bytes, pattern: bytes, total: int, suffix: bytes = b"") -> bytes:
    """A gzip bomb in memory (about 1 KB per MiB it inflates to)."""
    return b"".join(bomb_parts(prefix, pattern, total, suffix))
