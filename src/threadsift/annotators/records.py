"""Annotate rows a user already has (a comment dataset): JSONL, JSONL.gz, CSV or Parquet.

Every row comes back, in order, with all its fields plus `language`, `language_score`,
`toxicity`, `toxic` and `toxicity_category` (an existing field of the same name is replaced).
A row whose text field is null or missing gets `und` and null toxicity fields. With a group field
(a page or thread id), the rows that share its value are read as one page's comments: a short
row takes the language of its group's confident rows as prior (`language.page_prior`), counted
over the rows read so far and the rest of the batch. The output has the
input's format unless the output path's suffix names another; on stdout, Parquet input is
written as JSONL.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from itertools import islice
from pathlib import Path
from typing import IO, Any

from threadsift.annotators.language import (
    Guess,
    LanguageAnnotator,
    language_counts,
    normalised,
    with_prior,
)
from threadsift.annotators.toxicity import ToxicityAnnotator
from threadsift.errors import ConfigError, InputError, require
from threadsift.readers.fields import lookup
from threadsift.terminal import json_line

ROW_FORMATS = ("jsonl", "jsonl.gz", "csv", "parquet")
FIELDS = ("language", "language_score", "toxicity", "toxic", "toxicity_category")
BATCH = 1024
MAX_GROUPS = 100_000  # language counts kept for this many groups (the oldest are forgotten)


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


class RowAnnotator:
    """Language and toxicity for the text field of each row, in batches."""

    def __init__(
        self,
        *,
        text_field: str = "text",
        group_field: str | None = None,
        language: LanguageAnnotator | None = None,
        toxicity: ToxicityAnnotator | None = None,
    ) -> None:
        if not text_field.strip(". "):
            raise ConfigError("empty text field name", option="--text-field")
        if group_field is not None and not group_field.strip(". "):
            raise ConfigError("empty group field name", option="--group-field")
        self.text_field = text_field
        self.group_field = group_field
        self.language = language or LanguageAnnotator()
        self.toxicity = toxicity or ToxicityAnnotator()
        self._counts: dict[str, dict[str, float]] = {}

    def fields(
        self, texts: list[str | None], groups: list[str | None] | None = None
    ) -> list[dict[str, Any]]:
        """The annotation fields for each text (None: no text); rows with the same `groups`
        value (not None) are one page's comments for the language prior."""
        present = [i for i, text in enumerate(texts) if text is not None]
        found = [texts[i] or "" for i in present]
        guesses = self.language.guess_batch(found)
        if groups is None:
            languages = [(guess.code, guess.score) for guess in guesses]
        else:
            languages = self._in_groups(guesses, [groups[i] for i in present])
        scores = self.toxicity.score_batch(found)
        out: list[dict[str, Any]] = [
            dict.fromkeys(FIELDS) | {"language": "und", "language_score": 0.0} for _ in texts
        ]
        for i, (code, lscore), tox in zip(present, languages, scores, strict=True):
            out[i] = {
                "language": code,
                "language_score": lscore,
                "toxicity": tox.score,
                "toxic": tox.toxic,
                "toxicity_category": tox.category,
            }
        return out

    def _in_groups(self, guesses: list[Guess], groups: list[str | None]) -> list[tuple[str, float]]:
        """Each guess read with its group's language counts (this batch and earlier ones)."""
        members: dict[str, list[Guess]] = {}
        for guess, group in zip(guesses, groups, strict=True):
            if group is not None:
                members.setdefault(group, []).append(guess)
        priors = {}
        for group, found in members.items():
            counts = self._counts.pop(group, None)  # re-inserted: the newest group is last
            self._counts[group] = language_counts(None, found, counts)
            priors[group] = normalised(self._counts[group])
        while len(self._counts) > MAX_GROUPS:
            del self._counts[next(iter(self._counts))]
        return [
            with_prior(guess, priors[group]) if group is not None else (guess.code, guess.score)
            for guess, group in zip(guesses, groups, strict=True)
        ]

    def groups(self, rows: list[dict[str, Any]]) -> list[str | None] | None:
        """The group value of each row (None: the row has none), or None without a group field."""
        if self.group_field is None:
            return None
        values = [lookup(row, self.group_field) for row in rows]
        return [None if value is None else str(value) for value in values]

    def texts(self, rows: list[dict[str, Any]], source: str, first_row: int) -> list[str | None]:
        """The text of each row; the first row of an input must have the field."""
        texts = []
        for n, row in enumerate(rows, start=first_row):
            value = lookup(row, self.text_field)
            if n == 1 and value is None and self.text_field not in row:
                names = ", ".join(list(row)[:12])
                raise InputError(
                    f"no field {self.text_field!r} in the first row (fields: {names})",
                    source=source,
                    where="1",
                    hint="name the text field with --text-field",
                )
            texts.append(None if value is None else str(value))
        return texts

    def records(self, rows: Iterable[dict[str, Any]], source: str) -> Iterator[dict[str, Any]]:
        """Annotate dict rows (JSONL or CSV), in order."""
        iterator = iter(rows)
        first = 1
        while batch := list(islice(iterator, BATCH)):
            fields = self.fields(self.texts(batch, source, first), self.groups(batch))
            for row, extra in zip(batch, fields, strict=True):
                yield row | extra
            first += len(batch)


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
