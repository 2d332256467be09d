"""JSONL and JSONL.gz corpora: one JSON object per line is one page (see `readers.fields`).

Lines are parsed with orjson (a core dependency), or with the standard library when it is
missing. A line that is not valid JSON, or has no text, becomes an error page
naming ``file:line``; reading goes on with the next line.
"""

from __future__ import annotations

import io
import json
import zlib
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any

from threadsift.budget import DEFAULT_BUDGET, Budget
from threadsift.errors import InputError
from threadsift.page import Page
from threadsift.readers.base import Reader, error_page
from threadsift.readers.fields import Fields, record_pages
from threadsift.readers.inputs import over_budget, source_name
from threadsift.readers.streams import maybe_gunzip, open_input


def _lines(
    stream: io.BufferedIOBase, limit: int, bomb: Callable[[int], str | None]
) -> Iterator[bytes | None]:
    """The lines of `stream`; None for a line longer than `limit` bytes (read past, not kept).

    Raises:
        InputError: `bomb` finds the bytes read so far a decompression bomb.
    """
    read = 0
    while True:
        line = stream.readline(limit + 1)
        read += len(line)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):  # the rest of the long line
            line = stream.readline(1 << 20)
            read += len(line)
            if (problem := bomb(read)) is not None:
                raise InputError(problem, source="")
        yield None


def _json_loads() -> tuple[Callable[[bytes], Any], type[Exception]]:
    try:
        import orjson
    except ImportError:
        return json.loads, ValueError
    return orjson.loads, orjson.JSONDecodeError


class JsonlReader(Reader):
    """Read JSONL (optionally gzipped; ``-`` for stdin) into one page per record."""

    name = "read_jsonl"

    def __init__(
        self,
        paths: Iterable[str],
        *,
        fields: Fields | None = None,
        budget: Budget = DEFAULT_BUDGET,
    ) -> None:
        super().__init__(paths=paths, budget=budget)
        self.fields = fields or Fields()

    def read_file(self, path: str) -> Iterator[Page]:
        """Yield a page per record and an error page per bad line."""
        loads, bad_json = _json_loads()
        source = source_name(path)
        if path.endswith((".json", ".json.gz")):
            document = self._document(path, loads, bad_json)
            if document is not None:
                yield from self._records(document, source)
                return
        limit = self.budget.record_bytes
        with open_input(path) as raw:
            stream = maybe_gunzip(raw)
            number = 0
            try:
                lines = _lines(stream, limit, partial(self.budget.bomb, raw))
                for number, line in enumerate(lines, start=1):
                    where = f"line {number}"
                    if line is None:
                        message = f"{source}:{number}: {over_budget(limit)}"
                        yield error_page(source, message, where=where)
                        continue
                    if not line.strip():
                        continue
                    try:
                        record = loads(line)
                    except bad_json as error:
                        message = f"{source}:{number}: invalid JSON ({error})"
                        yield error_page(source, message, where=where)
                        continue
                    yield from record_pages(
                        record,
                        self.fields,
                        source=source,
                        where=where,
                        stats=self.stats,
                        place=str(number),
                    )
            except (OSError, EOFError, zlib.error) as error:
                # A corrupt or cut gzip stream: what follows cannot be found again.
                where = f"line {number + 1}"
                message = (
                    f"{source}:{number + 1}: unreadable compressed data ({error}); "
                    "the rest of the file is skipped"
                )
                yield error_page(source, message, where=where)
            except InputError as error:  # a decompression bomb
                where = f"line {number + 1}"
                yield error_page(source, f"{source}:{number + 1}: {error.args[0]}", where=where)

    def _document(self, path: str, loads: Callable[[bytes], Any], bad_json: type[Exception]) -> Any:
        """A ``.json`` file holding one JSON document (an array of records or one record), or
        None when it is JSON Lines after all or cannot be read whole."""
        try:
            with open_input(path) as raw:
                data = maybe_gunzip(raw).read(self.budget.record_bytes + 1)
            if len(data) > self.budget.record_bytes:
                return None  # read line by line, each line within the limit
            document = loads(data)
        except (bad_json, OSError, EOFError, zlib.error):
            return None
        return document if isinstance(document, (list, dict)) else None

    def _records(self, document: Any, source: str) -> Iterator[Page]:
        """The pages of a whole JSON document, an error page per record that is not one."""
        records = document if isinstance(document, list) else [document]
        for number, record in enumerate(records, start=1):
            yield from record_pages(
                record, self.fields, source=source, where=f"record {number}", stats=self.stats
            )
