"""Which reader an input needs: its format from its first bytes and its name, or as given.

`detect_format` looks at the content first: magic bytes that cannot lie (``PAR1``, ``WARC/1.``,
also inside gzip) win; then a known extension (``.html``, ``.jsonl``, ``.txt``...); then weaker
content signs (a leading ``{``, ``<!doctype html``); then plain text. `InputReader` reads any mix
of inputs with the right reader for each and records the format it used in `formats`, as
sqlite-utils' ``rows_from_file`` returns the format it detected.
"""

from __future__ import annotations

import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from threadsift.budget import DEFAULT_BUDGET, Budget
from threadsift.errors import ConfigError
from threadsift.page import Page
from threadsift.readers.base import Reader
from threadsift.readers.fields import Fields
from threadsift.readers.inputs import STDIN, expand_inputs

if TYPE_CHECKING:
    from threadsift.config import RunConfig

FORMATS = ("text", "html", "warc", "wet", "jsonl", "parquet")
SNIFF_BYTES = 8192
_EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".warc": "warc",
    ".arc": "warc",
    ".wet": "wet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}
_HTML = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)


def detect_format(path: str, head: bytes | None = None) -> str:
    """The format of the input at `path` (one of `FORMATS`), from its first bytes and its name.

    Args:
        path: the input path, or ``-`` for stdin (peeked without consuming it).
        head: the first bytes, when the caller has them already.
    """
    if head is None:
        head = sniff(path)
    name = path.lower()
    is_gzip = head.startswith(b"\x1f\x8b")
    if name.endswith((".gz", ".gzip")):
        name = name.rsplit(".", 1)[0]
    inner = _gunzip_head(head) if is_gzip else head
    if head.startswith(b"PAR1"):
        return "parquet"
    if inner.startswith(b"WARC/1.") or inner.startswith(b"WARC/0."):
        wet = name.endswith(".wet") or b"WARC-Type: conversion" in inner
        return "wet" if wet else "warc"
    extension = os.path.splitext(name)[1]
    if extension in _EXTENSIONS:
        return _EXTENSIONS[extension]
    body = inner.lstrip(b"\xef\xbb\xbf \t\r\n")
    if body.startswith(b"{"):
        return "jsonl"
    if looks_like_html(inner):
        return "html"
    return "text"


def looks_like_html(head: bytes) -> bool:
    """Do these first bytes open an HTML document (doctype or ``<html``, after a BOM,
    an XML declaration or comments)?"""
    return _HTML.match(head.removeprefix(b"\xef\xbb\xbf")) is not None


def sniff(path: str, size: int = SNIFF_BYTES) -> bytes:
    """Up to `size` first bytes of an input, left unread (stdin too); empty if unreadable."""
    if path == STDIN:
        return _peek_stdin(size)
    try:
        with open(path, "rb") as handle:
            return handle.read(size)
    except OSError:
        return b""  # reading it later reports why


def _peek_stdin(size: int) -> bytes:
    stream: Any = sys.stdin.buffer
    if hasattr(stream, "peek"):
        return bytes(stream.peek(size)[:size])
    if stream.seekable():
        position = stream.tell()
        head = stream.read(size)
        stream.seek(position)
        return bytes(head)
    return b""


def _gunzip_head(head: bytes) -> bytes:
    """The start of the decompressed data of a gzip head, across members, as far as it goes."""
    out: list[bytes] = []
    data = head
    while data.startswith(b"\x1f\x8b") and sum(map(len, out)) < SNIFF_BYTES:
        inflater = zlib.decompressobj(31)
        try:
            out.append(inflater.decompress(data, SNIFF_BYTES))
        except zlib.error:
            break
        if not inflater.eof:
            break
        data = inflater.unused_data
    return b"".join(out)


class InputReader(Reader):
    """Read inputs of any format, each with the reader its format needs.

    `formats` maps each input read to the format used (detected, or `format` when given).
    """

    name = "read"

    def __init__(
        self,
        paths: Iterable[str],
        *,
        format: str | None = None,
        encoding: str | None = None,
        url: str | None = None,
        fields: Fields | None = None,
        budget: Budget = DEFAULT_BUDGET,
    ) -> None:
        super().__init__(paths=paths, budget=budget)
        if format is not None and format not in FORMATS:
            raise ConfigError(
                f"unknown format {format!r}; supported formats: {', '.join(FORMATS)}",
                option="--format",
            )
        if url is not None and len(self.paths) > 1:
            raise ConfigError(f"applies to a single input, not {len(self.paths)}", option="--url")
        self.format = format
        self.encoding = encoding
        self.url = url
        self.fields = fields or Fields()
        self.formats: dict[str, str] = {}
        self._readers: dict[str, Reader] = {}

    def read_file(self, path: str) -> Iterator[Page]:
        """Yield the pages of one input, read with the reader of its format."""
        format = self.format or detect_format(path)
        self.formats[path] = format
        reader = self._reader(format)
        try:
            yield from reader.read_file(path)
        finally:
            self.stats.update(reader.stats)
            reader.stats.clear()

    def _reader(self, format: str) -> Reader:
        if format not in self._readers:
            self._readers[format] = self._make(format)
        return self._readers[format]

    def _make(self, format: str) -> Reader:
        # Imported here so that reading text never imports the other readers.
        if format == "text":
            from threadsift.readers.text import TextReader

            return TextReader([], url=self.url, encoding=self.encoding, budget=self.budget)
        if format == "html":
            from threadsift.readers.html import HtmlReader

            return HtmlReader([], url=self.url, encoding=self.encoding, budget=self.budget)
        if format == "warc":
            from threadsift.readers.warc import WarcReader

            return WarcReader([], budget=self.budget)
        if format == "wet":
            from threadsift.readers.wet import WetReader

            return WetReader([], budget=self.budget)
        if format == "jsonl":
            from threadsift.readers.jsonl import JsonlReader

            return JsonlReader([], fields=self.fields, budget=self.budget)
        from threadsift.readers.parquet import ParquetReader

        return ParquetReader([], fields=self.fields, budget=self.budget)


def read_inputs(
    paths: Iterable[str],
    format: str | None = None,
    *,
    encoding: str | None = None,
    url: str | None = None,
    text_field: str | None = None,
    id_field: str | None = None,
    url_field: str | None = None,
) -> Iterator[Page]:
    """Read paths, directories, globs and ``-`` (stdin) of any supported format into pages.

    Args:
        paths: what to read; directories are walked and globs expanded.
        format: one of `FORMATS` for every input, instead of detecting each one's.
        encoding: the codec of text and HTML inputs, instead of detecting it.
        url: the URL of a single text or HTML input.
        text_field: dotted path of the text in JSONL/Parquet records (default: ``text``).
        id_field: dotted path of the record id (default: ``id``).
        url_field: dotted path of the URL (default: ``url``, then ``metadata.url``).

    Returns:
        An iterator of pages; an input or record that cannot be read is a page with
        ``outcome=Outcome.ERROR`` and the message in ``reason``.

    Raises:
        ConfigError: an unknown format, an empty field name, or a URL for several inputs.
        InputError: an input matches nothing (a missing path, a glob without a match).
    """
    fields = Fields.of(text_field=text_field, id_field=id_field, url_field=url_field)
    reader = InputReader(
        expand_inputs(paths), format=format, encoding=encoding, url=url, fields=fields
    )
    return reader.run()


def run_reader(config: RunConfig) -> InputReader:
    """The reader of a corpus run's inputs; on each shard it reads that shard's part of them."""
    fields = Fields.of(
        text_field=config.text_field, id_field=config.id_field, url_field=config.url_field
    )
    return InputReader(
        config.inputs,
        format=config.format,
        encoding=config.encoding,
        fields=fields,
        budget=config.budget,
    )
