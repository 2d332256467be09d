"""The Python entry point: `split` one page's text or bytes into a decomposed `Page`."""

from __future__ import annotations

from threadsift.decomposers.base import Decomposer
from threadsift.errors import ConfigError
from threadsift.page import Page
from threadsift.readers.text import text_page

FORMATS = ("text",)


def split(
    data: str | bytes,
    *,
    url: str | None = None,
    format: str | None = None,
    source: str | None = None,
    encoding: str | None = None,
) -> Page:
    """Split one page into title, article, labelled lines and reader comments.

    Args:
        data: the page as text, or as bytes in any encoding (detected unless `encoding` is given).
        url: the page's URL, when known; sets `Page.url` and `Page.host`.
        format: ``"text"`` (the default, also for None) for page text such as crawlers' plain-text
            renderings.
        source: names the input in the page record and in errors (a path, say).
        encoding: the codec of `data` when it is bytes, instead of detecting it.

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
    decomposer = decomposer_for(format)
    page = text_page(data, source=source, url=url, encoding=encoding)
    decomposer.decompose(page)
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
    supported = ", ".join(FORMATS)
    raise ConfigError(f"unknown format {format!r}; supported formats: {supported}")
