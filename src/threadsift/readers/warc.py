"""WARC and WARC.gz: response (and resource) records with an HTML payload become pages.

Every record ends somewhere: a page; a skip counted in `stats` as ``skipped_<reason>`` (request,
metadata, revisit, warcinfo and conversion records, non-HTML payloads, HTTP errors and redirects,
empty payloads, records over `max_record`); or an error page whose reason names the file and
offset (truncated records, corrupt gzip members, undecodable payloads). Reading goes on after
damage: see `threadsift.readers.warcstream`. A page keeps where it came from: the
WARC-Record-ID as `source_id`, the record's byte offset (of its gzip member in a WARC.gz) as
`source_offset` and the WARC-Date as `fetched`.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator

from threadsift.budget import DEFAULT_BUDGET
from threadsift.errors import ConfigError, InputError, MissingDependency
from threadsift.page import Page
from threadsift.readers.base import Reader, error_page
from threadsift.readers.html import html_page
from threadsift.readers.inputs import over_budget, source_name
from threadsift.readers.streams import open_input, peek
from threadsift.readers.warcstream import (
    WarcDamage,
    WarcRecord,
    iter_records,
    looks_gzipped,
    parse_headers,
)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/xml+xhtml"})
# Types servers send for anything; the payload is sniffed then.
_VAGUE_TYPES = frozenset({"", "application/octet-stream", "unknown/unknown", "text/plain"})
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([^\"';\s]+)", re.IGNORECASE)
_HTML_START = re.compile(
    rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_SKIPPED_TYPES = ("request", "metadata", "revisit", "warcinfo", "conversion", "continuation")


class Payload:
    """An HTTP (or resource) payload: status, content type, charset and body."""

    __slots__ = ("body", "charset", "mime", "status")

    def __init__(self, status: int | None, content_type: str, body: bytes) -> None:
        self.status = status
        self.mime = content_type.split(";", 1)[0].strip().lower()
        match = _CHARSET.search(content_type)
        self.charset = match.group(1) if match else None
        self.body = body

    @property
    def is_html(self) -> bool:
        """Whether the payload is HTML, by its declared type or, when that is vague, its start."""
        if self.mime in HTML_TYPES:
            return True
        return self.mime in _VAGUE_TYPES and _HTML_START.match(self.body, 0) is not None


def http_payload(block: bytes, limit: int = DEFAULT_BUDGET.record_bytes) -> Payload:
    """Split an HTTP response block into its payload, undoing chunking and gzip/deflate.

    Raises:
        InputError: the headers do not end, or the body cannot be decoded or inflates beyond
            `limit` bytes.
    """
    end, sep = block.find(b"\r\n\r\n"), 4
    if end < 0:
        end, sep = block.find(b"\n\n"), 2
    if end < 0:
        raise InputError("HTTP headers do not end", source="")
    status_line, headers = parse_headers(block[:end])
    parts = status_line.split(None, 2)
    code = parts[1] if len(parts) > 1 else ""
    status = int(code) if code.isascii() and code.isdigit() else None
    body = block[end + sep :]
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = _dechunk(body)
    coding = headers.get("content-encoding", "").strip().lower()
    if coding in ("gzip", "x-gzip", "deflate"):
        body = _inflate(body, coding, limit)
    elif coding not in ("", "identity", "none"):
        raise InputError(f"unsupported Content-Encoding {coding!r}", source="")
    return Payload(status, headers.get("content-type", ""), body)


def _dechunk(body: bytes) -> bytes:
    """Undo HTTP chunked transfer coding; a body that is not chunked after all is kept as is."""
    out: list[bytes] = []
    pos = 0
    while pos < len(body):
        line_end = body.find(b"\r\n", pos)
        if line_end < 0:
            break
        size_text = body[pos:line_end].split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            return body if not out else b"".join(out)
        if size == 0:
            break
        out.append(body[line_end + 2 : line_end + 2 + size])
        pos = line_end + 2 + size + 2
    return b"".join(out) if out else body


def _inflate(body: bytes, coding: str, limit: int) -> bytes:
    """`body` inflated, at most `limit` bytes of it."""
    try:
        if coding == "deflate":
            try:
                inflated = zlib.decompressobj().decompress(body, limit + 1)
            except zlib.error:  # raw deflate, as some servers send
                inflated = zlib.decompressobj(-15).decompress(body, limit + 1)
        else:
            inflated = zlib.decompressobj(31).decompress(body, limit + 1)
    except zlib.error as error:
        raise InputError(f"cannot decompress {coding} body ({error})", source="") from None
    if len(inflated) > limit:
        raise InputError(f"{coding} body {over_budget(limit)}", source="")
    return inflated


class WarcReader(Reader):
    """Read WARC and WARC.gz files (``-`` for stdin) into one page per HTML response."""

    name = "read_warc"

    def read_file(self, path: str) -> Iterator[Page]:
        """Yield a page per HTML response and an error page per damaged record."""
        source = source_name(path)
        with open_input(path) as stream:
            gzipped = looks_gzipped(peek(stream, 8192), source)
            records = iter_records(stream, gzipped=gzipped, max_record=self.budget.record_bytes)
            for number, item in enumerate(records, start=1):
                if isinstance(item, WarcDamage):
                    where = f"record {number} at offset {item.offset}"
                    yield error_page(source, f"{source}: {item.message}", where=where)
                    continue
                page = self._page(item, source, number)
                if page is not None:
                    yield page

    def _page(self, record: WarcRecord, source: str, number: int) -> Page | None:
        """The page of record `number`, an error page, or None when skipped (and counted)."""
        kind = record.type
        if kind not in ("response", "resource"):
            self.stats[f"skipped_{kind if kind in _SKIPPED_TYPES else 'other_type'}"] += 1
            return None
        if record.too_large:
            self.stats["skipped_too_large"] += 1
            return None
        uri = record.headers.get("warc-target-uri", "").strip("<>") or None
        where = f"record {number} at offset {record.offset}"
        named = where + (f" ({uri})" if uri else "")
        try:
            payload = self._payload(record, self.budget.record_bytes)
            if payload.status is not None and not 200 <= payload.status < 300:
                self.stats["skipped_http_status"] += 1
                return None
            # Common Crawl adds the type it identified: trust it when the server's is vague.
            identified = record.headers.get("warc-identified-payload-type", "").lower()
            vague = payload.mime in _VAGUE_TYPES
            if not (payload.is_html or (vague and identified in HTML_TYPES)):
                self.stats["skipped_non_html"] += 1
                return None
            if not payload.body.strip():
                self.stats["skipped_empty"] += 1
                return None
            page = html_page(
                payload.body,
                source=source,
                url=uri,
                where=where,
                record_id=record.record_id,
                http_charset=payload.charset,
            )
            page.source_offset, page.fetched = record.offset, record.date
            return page
        except InputError as error:
            return error_page(source, f"{source}: {named}: {error.args[0]}", where=where)
        except (ConfigError, MissingDependency):  # the options or the install: stop the run
            raise
        except Exception as error:  # a bug costs one record, not the input
            message = f"{source}: {named}: internal error ({error!r}; please report)"
            return error_page(source, message, where=where)

    @staticmethod
    def _payload(record: WarcRecord, limit: int) -> Payload:
        warc_type = record.headers.get("content-type", "")
        if record.type == "response" and (
            "application/http" in warc_type.lower() or record.block.startswith(b"HTTP/")
        ):
            return http_payload(record.block, limit)
        return Payload(None, warc_type, record.block)
