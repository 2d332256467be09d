"""Builders of tiny WARC records, so that the tests know every byte of their inputs."""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


def warc_record(
    kind: str,
    block: bytes,
    *,
    uri: str = "",
    record_id: str = "",
    content_type: str = "",
    declared: int | None = None,
    extra: str = "",
    date: str = "2024-05-01T10:00:00Z",
) -> bytes:
    """One WARC/1.0 record; `declared` overrides Content-Length (to make a truncated record)."""
    headers = [f"WARC-Type: {kind}", f"WARC-Record-ID: <urn:uuid:{record_id or kind}>"]
    headers.append(f"WARC-Date: {date}")
    if uri:
        headers.append(f"WARC-Target-URI: {uri}")
    if content_type:
        headers.append(f"Content-Type: {content_type}")
    if extra:
        headers.append(extra)
    headers.append(f"Content-Length: {len(block) if declared is None else declared}")
    head = ("WARC/1.0\r\n" + "\r\n".join(headers) + "\r\n\r\n").encode()
    return head + block + b"\r\n\r\n"


def http_response(
    body: bytes,
    *,
    content_type: str = "text/html; charset=utf-8",
    status: str = "200 OK",
    extra: str = "",
) -> bytes:
    """An HTTP/1.1 response as a WARC response record holds it."""
    head = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n{extra}"
    if "Transfer-Encoding" not in extra:
        head += f"Content-Length: {len(body)}\r\n"
    return head.encode() + b"\r\n" + body


def response(
    uri: str, body: bytes, record_id: str, *, date: str = "2024-05-01T10:00:00Z", **http: str
) -> bytes:
    """A WARC response record for `uri` with an HTTP response around `body`."""
    return warc_record(
        "response",
        http_response(body, **http),
        uri=uri,
        record_id=record_id,
        content_type="application/http; msgtype=response",
        date=date,
    )


def members(records: Iterable[bytes]) -> bytes:
    """The records as a WARC.gz: one gzip member per record, as crawlers write them."""
    return b"".join(gzip.compress(record) for record in records)


def corrupt_member(record: bytes) -> bytes:
    """A gzip member of `record` whose deflate data is damaged (so inflating it fails)."""
    member = bytearray(gzip.compress(record))
    for i in range(24, min(len(member) - 8, 64)):
        member[i] ^= 0x5A
    return bytes(member)


@dataclass
class WarcFile:
    """A built WARC file and what each of its records is expected to become."""

    path: Path
    pages: list[str] = field(default_factory=list)  # URIs expected as pages, in order
    skipped: dict[str, int] = field(default_factory=dict)
    errors: list[int] = field(default_factory=list)  # offsets of the damaged parts
    records: int = 0


def html(title: str, text: str = "Some article text.") -> bytes:
    """A small HTML page."""
    page = f"<!doctype html><html><head><title>{title}</title></head>"
    return (page + f"<body><p>{text}</p></body></html>").encode()
