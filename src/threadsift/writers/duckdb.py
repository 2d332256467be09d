"""The DuckDB database of a run: one view per Parquet table, in ``DIR/threadsift.duckdb``.

Views, not copies: the database stays small and always shows the Parquet files. The file's views
name the tables by absolute path; `connect` makes the same views in memory for a directory
wherever it has moved (it is what `threadsift query` uses).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from threadsift.errors import ConfigError

DATABASE = "threadsift.duckdb"
TABLES = ("pages", "comments", "lines", "errors", "duplicates", "corpus")
INSTALL_HINT = "pip install 'threadsift[corpus]'"


def _duckdb() -> Any:
    try:
        import duckdb
    except ImportError:
        raise ConfigError("this needs duckdb", hint=INSTALL_HINT) from None
    return duckdb


def view_statements(out: str | os.PathLike[str]) -> list[str]:
    """``CREATE VIEW`` statements for the tables present in a run directory."""
    root = Path(out).resolve()
    statements = []
    for table in TABLES:
        if any((root / table).glob("*.parquet")):
            pattern = str(root / table / "*.parquet").replace("'", "''")
            statements.append(
                f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM read_parquet('{pattern}')"
            )
    if (root / "site_chrome.parquet").exists():
        path = str(root / "site_chrome.parquet").replace("'", "''")
        statements.append(
            f"CREATE OR REPLACE VIEW site_chrome AS SELECT * FROM read_parquet('{path}')"
        )
    return statements


def connect(out: str | os.PathLike[str]) -> Any:
    """An in-memory DuckDB connection with a view per table of the run in `out`.

    Raises:
        ConfigError: duckdb is not installed, or `out` holds no run.
    """
    duckdb = _duckdb()
    statements = view_statements(out)
    if not statements:
        raise ConfigError(f"{out}: no threadsift run output here", hint="run `threadsift run`")
    connection = duckdb.connect(":memory:")
    for statement in statements:
        connection.execute(statement)
    return connection


def write_database(out: str | os.PathLike[str]) -> str | None:
    """Write ``DIR/threadsift.duckdb`` with the views; None (nothing written) without duckdb."""
    try:
        duckdb = _duckdb()
    except ConfigError:
        return None
    path = Path(out) / DATABASE
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    connection = duckdb.connect(str(tmp))
    try:
        for statement in view_statements(out):
            connection.execute(statement)
    finally:
        connection.close()
    os.replace(tmp, path)
    return str(path)
