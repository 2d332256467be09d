"""HTML files: one file (or stdin) is one page whose `html` the HTML decomposer reads.

The encoding comes, in this order, from a byte-order mark, the HTTP header's charset (when the
page came with one), a ``<meta charset>`` or ``http-equiv`` declaration near the top, and
otherwise from detection (`threadsift.io.decode`). A declared charset that does not decode the
bytes is ignored, since mislabelled pages are common.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterable, Iterator

from threadsift.budget import DEFAULT_BUDGET, Budget
from threadsift.errors import ConfigError, InputError
from threadsift.io import decode
from threadsift.page import Page, page_id
from threadsift.readers.base import Reader
from threadsift.readers.inputs import STDIN_NAME, read_bytes, source_name
from threadsift.readers.text import host_of

# The HTML standard looks for the meta declaration in the first 1024 bytes; pages in the wild
# put long scripts first, so look a little further.
_META_WINDOW = 4096
_META = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE | re.DOTALL
)
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Labels that browsers read as another encoding (WHATWG Encoding Standard).
_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-sjis": "cp932",
    "shift_jis": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
}


def charset_name(label: str | None) -> str | None:
    """The Python codec for a charset label as browsers read it, or None if it is unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A page that says UTF-16 in its ASCII-compatible bytes is not UTF-16 (HTML standard).
    return "utf-8" if name.startswith("utf-16") or name.startswith("utf-32") else name


def meta_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` tag near the top of `data` declares, if any."""
    match = _META.search(data, 0, _META_WINDOW)
    return charset_name(match.group(1).decode("ascii")) if match else None


def decode_html(
    data: bytes, source: str, http_charset: str | None = None, encoding: str | None = None
) -> tuple[str, str]:
    """Decode an HTML document: BOM, then HTTP charset, then meta charset, then detection.

    Args:
        data: the document's bytes.
        source: names the input in errors.
        http_charset: the charset of the HTTP Content-Type header, when known.
        encoding: a codec to use instead of all of these.

    Returns:
        The text (``\\n`` newlines) and the encoding used.

    Raises:
        InputError: the bytes are empty, binary or cannot be decoded.
        ConfigError: `encoding` is not a known codec.
    """
    if encoding is not None:
        return decode(data, source, encoding)
    if not data.startswith(_BOMS):
        for declared in (charset_name(http_charset), meta_charset(data)):
            if declared is None:
                continue
            try:
                return decode(data, source, declared)
            except (InputError, ConfigError):
                continue  # mislabelled: try the next source of truth
    return decode(data, source)


def html_page(
    data: bytes,
    *,
    source: str,
    url: str | None = None,
    where: str | None = None,
    record_id: str | None = None,
    http_charset: str | None = None,
    encoding: str | None = None,
) -> Page:
    """A page holding decoded HTML (in `html`; `text` stays empty until decomposition).

    A record of a larger input (`where` in it, with its own `record_id`) gets an id from all
    three, so that records sharing a WARC-Record-ID or a URI never share a page id.

    Raises:
        InputError: the bytes are empty, binary or cannot be decoded.
    """
    html, used = decode_html(data, source, http_charset, encoding)
    if where is not None:
        key = page_id(source, where, record_id or "")
    elif source == STDIN_NAME:  # stdin has no name: identify it by its content
        key = page_id(source, url or "", hashlib.blake2b(data, digest_size=16).hexdigest())
    else:
        key = page_id(source, url or "")
    return Page(
        id=key,
        text="",
        source=source,
        source_id=record_id,
        url=url,
        host=host_of(url),
        encoding=used,
        html=html,
    )


class HtmlReader(Reader):
    """Read HTML files, and stdin for ``-``, into one page each."""

    name = "read_html"

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
        self.url = url
        self.encoding = encoding

    def read_file(self, path: str) -> Iterator[Page]:
        """Yield the page of one HTML file; raise `InputError` when it cannot be read."""
        data = read_bytes(path, self.budget.record_bytes)
        yield html_page(data, source=source_name(path), url=self.url, encoding=self.encoding)
