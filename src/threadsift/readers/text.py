"""Plain-text pages: one file (or stdin) is one page."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from threadsift.budget import DEFAULT_BUDGET, Budget
from threadsift.errors import ConfigError, InputError
from threadsift.io import EMPTY, check_encoding, decode, normalize_newlines
from threadsift.page import Page, page_id
from threadsift.readers.base import Reader
from threadsift.readers.inputs import STDIN, STDIN_NAME, read_bytes, source_name


class TextReader(Reader):
    """Read text files, and stdin for ``-``, into one page each.

    Expand directories and globs first with `threadsift.readers.inputs.expand_inputs`.
    """

    name = "read_text"

    def __init__(
        self,
        paths: Iterable[str],
        *,
        url: str | None = None,
        encoding: str | None = None,
        budget: Budget = DEFAULT_BUDGET,
    ) -> None:
        super().__init__(paths=paths, budget=budget)
        if url is not None and len(self.paths) > 1:
            raise ConfigError(f"applies to a single input, not {len(self.paths)}", option="--url")
        if encoding is not None:
            check_encoding(encoding)
        self.url = url
        self.encoding = encoding

    def read_file(self, path: str) -> Iterator[Page]:
        """Yield the page of one file; raise `InputError` when it cannot be read or decoded."""
        source = source_name(path)
        data = read_bytes(path, self.budget.record_bytes)
        yield text_page(data, source=source, url=self.url, encoding=self.encoding)


def text_page(
    data: str | bytes,
    *,
    source: str | None = None,
    url: str | None = None,
    encoding: str | None = None,
) -> Page:
    """A page of plain text (decoded and with ``\\n`` newlines), not yet decomposed.

    Raises:
        InputError: bytes that are empty, binary or undecodable, or an empty string.
        ConfigError: an unknown `encoding`.
    """
    name = source or "<data>"
    if isinstance(data, bytes):
        text, used = decode(data, name, encoding)
    else:
        text, used = normalize_newlines(data), None
        if not text.strip():
            raise InputError(EMPTY if not text else f"{EMPTY} (whitespace only)", source=name)
    return Page(
        id=_page_id(text, source, url),
        text=text,
        source=source,
        url=url,
        host=host_of(url),
        encoding=used,
    )


def host_of(url: str | None) -> str | None:
    """The lower-case host name of `url`, or None."""
    if not url:
        return None
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def _page_id(text: str, source: str | None, url: str | None) -> str:
    # A file is identified by its path (and URL); stdin and in-memory data by their content.
    if source and source not in (STDIN_NAME, STDIN):
        return page_id(source, url or "")
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    return page_id(source or "", url or "", digest)
