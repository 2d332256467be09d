"""The row files of `threadsift annotate`: JSONL, JSONL.gz, CSV or Parquet, read and written.

`annotate_file` reads the rows of a file, has `annotators.records.RowAnnotator` add its fields,
and writes them in order. The output has the input's format unless the output path's suffix
names another; on stdout, Parquet input is written as JSONL.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

from threadsift.annotators.records import BATCH, FIELDS, RowAnnotator
from threadsift.errors import InputError, require
from threadsift.terminal import json_line

ROW_FORMATS = ("jsonl", "jsonl.gz", "csv", "parquet")


def row_format(path: str) -> str | None:
    """The format a path's suffix names, or None (`-` and unknown suffixes)."""
    name = path.lower()
    for suffix, fmt in (
        (".jsonl.gz", "jsonl.gz"),
        (".ndjson.gz", "jsonl.gz"),
        (".json.gz", "jsonl.gz"),
        (".jsonl", "jsonl"),
        (".ndjson", "jsonl"),
        (".json", "jsonl"),
        (".csv", "csv"),
        (".parquet", "parquet"),
    ):
        if name.endswith(suffix):
            return fmt
    return None


def annotate_file(
    source: str,
    output: str | None = None,
    *,
    text_field: str = "text",
    annotator: RowAnnotator | None = None,
    stdout: IO[str] | None = None,
) -> int:
    """Annotate the rows of `source` (a path or `-` for stdin) into `output` (None: stdout).

    Args:
        source: a JSONL, JSONL.gz, CSV or Parquet file, or `-` (JSONL or CSV on stdin).
        output: the file to write; its suffix may name another format; None writes to stdout.
        text_field: the (dotted) field holding the text.
        annotator: the models to use (default: the bundled ones).
        stdout: where to write when `output` is None (default: `sys.stdout`).

    Returns:
        The number of rows written.

    Raises:
        InputError: the input cannot be read, its format is unknown, or its first row has no
            text field.
        MissingDependency: a package the format needs is not installed.
    """
    annotator = annotator or RowAnnotator(text_field=text_field)
    in_format = row_format(source) if source != "-" else None
    if source != "-" and in_format is None:
        raise InputError(
            "cannot tell its format",
            source=source,
            hint="use a .jsonl, .jsonl.gz, .csv or .parquet file",
        )
    if source != "-" and not Path(source).is_file():
        raise InputError("no such file", source=source)
    out_format = (row_format(output) if output else None) or in_format or "jsonl"
    if output is None and out_format in ("parquet", "jsonl.gz"):
        out_format = "jsonl"
    if in_format == "parquet" and out_format == "parquet" and output:
        return _parquet_to_parquet(source, output, annotator)
    rows = _read(source, in_format)
    records = annotator.records(rows, source)
    if out_format == "parquet" and output:
        return _write_parquet(records, output)
    if output is None:
        return _write_text(records, stdout or sys.stdout, out_format)
    opener = gzip.open if out_format == "jsonl.gz" else open
    with opener(output, "wt", encoding="utf-8", newline="") as handle:
        return _write_text(records, handle, out_format)


def _read(source: str, fmt: str | None) -> Iterator[dict[str, Any]]:
    if fmt == "parquet":
        yield from _read_parquet(source)
        return
    with ExitStack() as stack:
        handle: IO[str]
        if source == "-":
            handle = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", newline="")
            stack.callback(handle.detach)  # leave stdin itself open
            first = handle.readline()
            fmt = "jsonl" if first.lstrip().startswith("{") else "csv"
            lines: Iterable[str] = _chain(first, handle)
        elif fmt == "jsonl.gz":
            handle = stack.enter_context(gzip.open(source, "rt", encoding="utf-8", newline=""))
            lines = handle
        else:
            handle = stack.enter_context(open(source, encoding="utf-8", newline=""))
            lines = handle
        try:
            if fmt == "csv":
                yield from csv.DictReader(lines)
            else:
                yield from _json_lines(lines, source)
        except (OSError, EOFError, UnicodeDecodeError, csv.Error) as error:
            raise InputError(f"cannot read: {error}", source=source) from error


def _chain(first: str, rest: Iterable[str]) -> Iterator[str]:
    yield first
    yield from rest


def _json_lines(lines: Iterable[str], source: str) -> Iterator[dict[str, Any]]:
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"invalid JSON: {error.msg}", source=source, where=str(n)) from None
        if not isinstance(record, dict):
            raise InputError("a JSON line is not an object", source=source, where=str(n))
        yield record


def _write_text(records: Iterable[dict[str, Any]], handle: IO[str], fmt: str) -> int:
    count = 0
    if fmt == "csv":
        writer: csv.DictWriter[str] | None = None
        for record in records:
            if writer is None:
                writer = csv.DictWriter(handle, fieldnames=list(record), lineterminator="\n")
                writer.writeheader()
            writer.writerow({k: _csv_value(v) for k, v in record.items()})
            count += 1
        return count
    for record in records:
        handle.write(json_line(record) + "\n")  # no raw control character (a terminal)
        count += 1
    return count


def _csv_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def _pyarrow() -> Any:
    return require("pyarrow.parquet", needed_for="Parquet")


def _read_parquet(source: str) -> Iterator[dict[str, Any]]:
    pq = _pyarrow()
    try:
        parquet = pq.ParquetFile(source)
    except Exception as error:  # pyarrow raises its own ArrowInvalid/OSError kinds
        raise InputError(f"cannot read Parquet: {error}", source=source) from error
    for batch in parquet.iter_batches(batch_size=BATCH):
        yield from batch.to_pylist()


def _write_parquet(records: Iterable[dict[str, Any]], output: str) -> int:
    pq = _pyarrow()
    import pyarrow as pa

    rows = list(records)
    pq.write_table(pa.Table.from_pylist(rows), output)
    return len(rows)


def _parquet_to_parquet(source: str, output: str, annotator: RowAnnotator) -> int:
    """Parquet in and out: the input's columns keep their types; five columns are appended."""
    pq = _pyarrow()
    import pyarrow as pa

    try:
        parquet = pq.ParquetFile(source)
    except Exception as error:
        raise InputError(f"cannot read Parquet: {error}", source=source) from error
    types = {
        "language": pa.string(),
        "language_score": pa.float64(),
        "toxicity": pa.float64(),
        "toxic": pa.bool_(),
        "toxicity_category": pa.string(),
    }
    writer = None
    count = 0
    try:
        for batch in parquet.iter_batches(batch_size=BATCH):
            table = pa.Table.from_batches([batch])
            rows = table.to_pylist()
            fields = annotator.fields(
                annotator.texts(rows, source, count + 1), annotator.groups(rows)
            )
            for name in FIELDS:
                column = pa.array([row[name] for row in fields], type=types[name])
                if name in table.column_names:
                    table = table.drop_columns([name])
                table = table.append_column(name, column)
            if writer is None:
                writer = pq.ParquetWriter(output, table.schema)
            writer.write_table(table)
            count += table.num_rows
    finally:
        if writer is not None:
            writer.close()
    if writer is None:  # no rows: an empty file with the input's schema and the new columns
        schema = parquet.schema_arrow
        for name in FIELDS:
            if name not in schema.names:
                schema = schema.append(pa.field(name, types[name]))
        pq.write_table(schema.empty_table(), output)
    return count
