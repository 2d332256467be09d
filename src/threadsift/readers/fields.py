"""Which fields of a corpus record (JSONL or Parquet) hold the text, the id and the URL.

The defaults read the common web corpora as they are: C4 (``text``, ``url``, ``timestamp``),
FineWeb (``text``, ``id``, ``url``) and Dolma (``text``, ``id``, ``source``, ``metadata.url``).
A field name may be a dotted path into nested objects (``metadata.url``). The record's other
fields pass through as the page's `metadata` (as JSON values), so that results can be joined
back to the dataset.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from threadsift.errors import ConfigError, InputError, MissingDependency
from threadsift.io import normalize_newlines
from threadsift.page import Page, page_id
from threadsift.readers.base import error_page
from threadsift.readers.text import host_of

_SURROGATE = re.compile("[\ud800-\udfff]")
DEFAULT_TEXT = ("text", "content", "raw_content")
DEFAULT_ID = ("id", "doc_id")
DEFAULT_URL = ("url", "metadata.url")


@dataclass(frozen=True, slots=True)
class Fields:
    """Dotted paths of the text, id and URL fields; the first one present in a record wins."""

    text: tuple[str, ...] = DEFAULT_TEXT
    id: tuple[str, ...] = DEFAULT_ID
    url: tuple[str, ...] = DEFAULT_URL

    @classmethod
    def of(
        cls,
        *,
        text_field: str | None = None,
        id_field: str | None = None,
        url_field: str | None = None,
    ) -> Fields:
        """Fields with the given paths instead of the defaults (None keeps a default).

        Raises:
            ConfigError: a field name is empty.
        """
        for name, value in (("text", text_field), ("id", id_field), ("url", url_field)):
            if value is not None and not value.strip(". "):
                raise ConfigError(f"empty {name} field name", option=f"--{name}-field")
        return cls(
            text=(text_field,) if text_field else DEFAULT_TEXT,
            id=(id_field,) if id_field else DEFAULT_ID,
            url=(url_field,) if url_field else DEFAULT_URL,
        )


def lookup(record: dict[str, Any], path: str) -> Any:
    """The value at dotted `path` in `record` (a key holding the dots itself also counts)."""
    if path in record:
        return record[path]
    value: Any = record
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _first(
    record: dict[str, Any], paths: tuple[str, ...], *, empty: bool = False
) -> tuple[str | None, Any]:
    """The first path of `paths` holding a value, and the value (None, None when none does);
    an empty string counts only when `empty` is set."""
    for path in paths:
        value = lookup(record, path)
        if value is not None and (empty or value != ""):
            return path, value
    return None, None


def without(record: dict[str, Any], path: str) -> dict[str, Any]:
    """A copy of `record` without the field `lookup` finds at dotted `path` (`record` itself is
    not changed; an object the path went through stays, if empty)."""
    if path in record:
        return {key: value for key, value in record.items() if key != path}
    return _without_parts(record, path.split("."))


def _without_parts(record: dict[str, Any], parts: list[str]) -> dict[str, Any]:
    head, rest = parts[0], parts[1:]
    if not rest:
        return {key: value for key, value in record.items() if key != head}
    inner = record.get(head)
    if not isinstance(inner, dict):
        return record
    return {**record, head: _without_parts(inner, rest)}


def jsonable(value: Any) -> Any:
    """`value` as JSON holds it: lone surrogates mended (`utf8`), dates and times as ISO 8601
    text, bytes as UTF-8 text, NaN and infinities as null, other objects (decimals) as text.

    Raises:
        RecursionError: `value` nests deeper than Python's recursion limit.
    """
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, str):
        return utf8(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {utf8(str(key)): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return utf8(bytes(value).decode("utf-8", "replace"))
    return utf8(str(value))


def record_pages(
    record: Any,
    fields: Fields,
    *,
    source: str,
    where: str,
    stats: Counter[str],
    place: str | None = None,
) -> Iterator[Page]:
    """The page of one corpus record, or an error page naming ``source:place`` (`where` unless
    given) when the record cannot be one; an empty text is counted in `stats` as
    ``skipped_empty`` and yields nothing."""
    try:
        page = record_page(record, fields, source=source, where=where)
    except InputError as error:
        message = f"{source}:{place or where}: {error.args[0]}"
        yield error_page(source, message, where=where)
        return
    except (ConfigError, MissingDependency):  # the options or the install: stop the run
        raise
    except Exception as error:  # a bug costs one record, not the input
        message = f"{source}:{place or where}: internal error ({error!r}; please report)"
        yield error_page(source, message, where=where)
        return
    if page is None:
        stats["skipped_empty"] += 1
    else:
        yield page


def record_page(record: Any, fields: Fields, *, source: str, where: str) -> Page | None:
    """The page of one corpus record, or None when its text is empty.

    The record's id field becomes `source_id` (as text); every field but the text, the id and
    the URL becomes `metadata`.

    Args:
        record: the decoded record (a JSON object or a Parquet row).
        fields: where the text, id and URL are.
        source: the input file, for the page and errors.
        where: the record's place in the file (``line 12``, ``row 3``), for ids and errors.

    Raises:
        InputError: the record is not an object, has no text field holding a string, or
            nests too deeply to pass its fields through.
    """
    if not isinstance(record, dict):
        raise InputError(
            f"a record must be an object, not {type(record).__name__}", source=source, where=where
        )
    text_path, text = _first(record, fields.text, empty=True)
    if text_path is None:
        wanted = " or ".join(repr(path) for path in fields.text)
        keys = ", ".join(sorted(record)[:10])
        raise InputError(
            f"no text field {wanted} (the record has: {keys})", source=source, where=where
        )
    if not isinstance(text, str):
        raise InputError(
            f"the text field holds a {type(text).__name__}, not a string",
            source=source,
            where=where,
        )
    if not text.strip():
        return None
    url_path, url = _first(record, fields.url)
    url = utf8(url) if isinstance(url, str) else None
    id_path, key = _first(record, fields.id)
    # The record's own id as text: kept beside threadsift's id, never used as it.
    source_id = None if key is None else utf8(str(key))
    rest = record
    for path in (text_path, id_path, url_path if url is not None else None):
        if path is not None:
            rest = without(rest, path)
    try:
        metadata = jsonable(rest)
    except RecursionError:
        raise InputError(
            "the record nests too deeply to pass its fields through", source=source, where=where
        ) from None
    return Page(
        # The input, the place in it and the record's own id: records that share an id (the
        # same record in two files, two records under one id) never share a page id.
        id=page_id(source, where, source_id or ""),
        text=normalize_newlines(utf8(text)),
        source=source,
        source_id=source_id,
        metadata=metadata,
        url=url,
        host=host_of(url),
    )


def utf8(text: str) -> str:
    """`text` with lone surrogates (a JSON ``"\\ud800"`` escape decodes to one) replaced by
    U+FFFD, so that it can be written as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text
