"""Read a run's outputs back as sorted rows, to compare runs with each other."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

TABLES = ("pages", "comments", "lines", "errors", "duplicates")


def rows(out: Path, table: str) -> list[dict[str, Any]]:
    """Every row of a table, sorted (the order of shards and of rows within them is free)."""
    found: list[dict[str, Any]] = []
    for path in sorted((out / table).glob("*.parquet")):
        found += pq.read_table(path).to_pylist()
    return sorted(found, key=lambda row: json.dumps(row, sort_keys=True, default=str))


def corpus(out: Path) -> list[dict[str, Any]]:
    """The clean corpus records, sorted by id."""
    records = []
    for path in sorted((out / "corpus").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            records += [json.loads(line) for line in handle]
    return sorted(records, key=lambda record: record["id"])


def outputs(out: Path) -> dict[str, Any]:
    """All tables, the corpus and the counts of a finished run."""
    found: dict[str, Any] = {table: rows(out, table) for table in TABLES}
    found["corpus"] = corpus(out)
    found["counts"] = json.loads((out / "run.json").read_text())["counts"]
    return found
