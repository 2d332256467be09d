"""The Python entry point: `split` one page's text or bytes into a decomposed `Page`."""

from __future__ import annotations

from threadsift.decomposers.base import Decomposer
from threadsift.errors import ConfigError
from threadsift.page import Page
from threadsift.readers.detect import looks_like_html
from threadsift.readers.text import text_page

FORMATS = ("text", "html")


def split(
    data: str | bytes,
    *,
    url: str | None = None,
    format: str | None = None,
    source: str | None = None,
    encoding: str | None = None,
    annotate: bool = False,
) -> Page:
    """Split one page into title, article, labelled lines and reader comments.

    Args:
        data: the page as text, or as bytes in any encoding (detected unless `encoding` is given).
        url: the page's URL, when known; sets `Page.url` and `Page.host`.
        format: ``"text"`` for page text such as crawlers' plain-text renderings, ``"html"``
            for an HTML page (comments read from their markup); None detects HTML by its
            first bytes (``<!doctype html``, ``<html``) and takes anything else as text.
        source: names the input in the page record and in errors (a path, say).
        encoding: the codec of `data` when it is bytes, instead of detecting it.
        annotate: also fill languages, comment toxicity and quality signals (as the
            `threadsift split` command does by default).

    Returns:
        The decomposed page; `Page.to_dict()` gives its JSON record.

    Raises:
        InputError: `data` is empty, binary, or cannot be decoded.
        ConfigError: `format` or `encoding` is not supported.

    Example:
        >>> page = split("Headline\\n\\nFirst paragraph of the story.\\n")
        >>> [line.n for line in page.lines]
        [1, 2, 3]
    """
    if format is None:
        head = data[:1024] if isinstance(data, bytes) else data[:1024].encode("utf-8", "ignore")
        format = "html" if looks_like_html(head) else "text"
    decomposer = decomposer_for(format)
    if format == "html":
        from threadsift.readers.html import html_page

        raw = data.encode("utf-8") if isinstance(data, str) else data
        page = html_page(raw, source=source or "<string>", url=url, encoding=encoding)
    else:
        page = text_page(data, source=source, url=url, encoding=encoding)
    decomposer.decompose(page)
    if annotate:
        from threadsift.annotators.standard import standard_annotators

        for annotator in standard_annotators():
            annotator.annotate(page)
    return page


def decomposer_for(format: str | None) -> Decomposer:
    """The decomposer for an input format (None means ``"text"``).

    Raises:
        ConfigError: the format is not one of `FORMATS`.
    """
    # The one place that maps formats to decomposers; new formats are added here and to FORMATS.
    if format is None or format == "text":
        from threadsift.decomposers.text import TextDecomposer

        return TextDecomposer()
    if format == "html":
        from threadsift.decomposers.html import HtmlDecomposer

        return HtmlDecomposer()
    supported = ", ".join(FORMATS)
    raise ConfigError(f"unknown format {format!r}; supported formats: {supported}")
