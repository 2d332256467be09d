"""Query results as CSV, JSON Lines or Parquet, with NULL and the empty string kept apart.

CSV follows RFC 4180 (fields with a comma, a quote, CR or LF are quoted, quotes doubled) with
the convention of PostgreSQL's and DuckDB's CSV: NULL is an empty unquoted field and the empty
string is ``""``. Booleans are ``true``/``false``, dates and times ISO 8601, structs and lists
JSON. JSON Lines gives one object per row, NULL as ``null``. Parquet keeps DuckDB's types.
"""

from __future__ import annotations

import datetime
import decimal
import json
import os
from collections.abc import Iterable, Sequence
from typing import IO, Any

from threadsift.terminal import json_line, printable

RESULT_FORMATS = ("csv", "jsonl", "parquet")
#: Output file suffixes and the format they imply.
SUFFIXES = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}
_SPECIAL = frozenset(',"\r\n')


def format_of(path: str) -> str | None:
    """The result format a file name asks for by its suffix, if any."""
    return SUFFIXES.get(os.path.splitext(path)[1].lower())


def plain(value: Any) -> Any:
    """`value` as JSON knows it: ISO 8601 dates and times, decimals as numbers, bytes as
    ``\\xNN`` text, anything else unknown as its string."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return "".join(f"\\x{byte:02x}" for byte in bytes(value))
    return str(value)


def csv_field(value: Any) -> str:
    """One CSV field: NULL is empty, the empty string ``""``; quoted where RFC 4180 needs it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | decimal.Decimal):
        return str(value)
    value = plain(value)
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if not text or _SPECIAL & set(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def write_csv(
    names: Sequence[str], rows: Iterable[Sequence[Any]], stream: IO[str], *, safe: bool = False
) -> int:
    """Write a header and `rows` as CSV to `stream`; return the number of rows.

    `safe` shows control characters other than tab and newline as escapes (for a terminal).
    """
    stream.write(_csv_line(names, safe))
    count = 0
    for row in rows:
        stream.write(_csv_line(row, safe))
        count += 1
    return count


def _csv_line(row: Sequence[Any], safe: bool) -> str:
    line = ",".join(csv_field(value) for value in row)
    return (printable(line) if safe else line) + "\n"


def write_jsonl(names: Sequence[str], rows: Iterable[Sequence[Any]], stream: IO[str]) -> int:
    """Write `rows` as one JSON object per line (NULL as ``null``); return the number of rows."""
    count = 0
    for row in rows:
        record = {name: plain(value) for name, value in zip(names, row, strict=True)}
        stream.write(json_line(record) + "\n")
        count += 1
    return count


def write_parquet(table: Any, path: str) -> int:
    """Write an Arrow table to the Parquet file `path` (renamed into place when complete);
    return the number of rows."""
    import pyarrow.parquet as pq

    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return int(table.num_rows)
