"""What `threadsift.run` returns: the counts, the timings and the paths of a corpus run."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: The Parquet tables of a run, each a directory of part files under DIR.
TABLES = ("pages", "comments", "lines", "errors", "duplicates")


@dataclass(frozen=True, slots=True)
class RunReport:
    """The result of a corpus run, read from its ``run.json``.

    Every input record ends as an output, a duplicate, filtered (with a reason) or an error,
    so ``inputs == outputs + duplicates + filtered + errors``.

    Attributes:
        out: the output directory.
        inputs: input records read (pages, JSON lines, WARC responses...).
        outputs: pages in the clean corpus.
        duplicates: exact and near duplicates removed.
        filtered: pages set aside, by reason (``no-article``, ``filter``...).
        errors: records that could not be read or decomposed.
        timings: seconds per phase, and ``total``.
        pages_per_second: the decomposition rate (None when the split phase took no time).
        summary: the one-line summary the CLI prints.
        tables: each table present, by name: a directory of Parquet files (``pages``,
            ``comments``, ``lines``, ``errors``, ``duplicates``, and ``corpus`` when it is
            Parquet) or one file (``site_chrome``).
        corpus: the directory of the clean corpus (``jsonl.gz`` or Parquet part files).
        database: the DuckDB database of views over the tables (None when not written).
        search_index: the full-text index `threadsift search` reads.
        run_json: the run's report file, whose contents `to_dict` gives.
    """

    out: Path
    inputs: int
    outputs: int
    duplicates: int
    filtered: Mapping[str, int]
    errors: int
    timings: Mapping[str, float]
    pages_per_second: float | None
    summary: str
    tables: Mapping[str, Path]
    corpus: Path
    database: Path | None
    search_index: Path
    run_json: Path

    @property
    def filtered_total(self) -> int:
        """Pages filtered, whatever the reason."""
        return sum(self.filtered.values())

    @property
    def seconds(self) -> float:
        """Wall-clock seconds of the run (0 for a rerun with nothing left to do)."""
        return self.timings.get("total", 0.0)

    def to_dict(self) -> dict[str, Any]:
        """The run's ``run.json``: configuration, versions, counts, timings, per-phase stats."""
        import json

        data: dict[str, Any] = json.loads(self.run_json.read_text(encoding="utf-8"))
        return data

    @classmethod
    def from_run(cls, out: str | os.PathLike[str], data: Mapping[str, Any]) -> RunReport:
        """The report of the run in `out` whose ``run.json`` holds `data`."""
        from threadsift.writers.duckdb import DATABASE
        from threadsift.writers.search import INDEX

        root = Path(out)
        counts = data["counts"]
        tables = {name: root / name for name in TABLES if (root / name).is_dir()}
        if any((root / "corpus").glob("*.parquet")):
            tables["corpus"] = root / "corpus"
        if (root / "site_chrome.parquet").is_file():
            tables["site_chrome"] = root / "site_chrome.parquet"
        database = root / DATABASE
        return cls(
            out=root,
            inputs=counts["inputs"],
            outputs=counts["outputs"],
            duplicates=counts["duplicates"],
            filtered=dict(data.get("filtered", {})),
            errors=counts["errors"],
            timings=dict(data.get("timings", {})),
            pages_per_second=data.get("pages_per_second"),
            summary=data["summary"],
            tables=tables,
            corpus=root / "corpus",
            database=database if database.is_file() else None,
            search_index=root / INDEX,
            run_json=root / "run.json",
        )
