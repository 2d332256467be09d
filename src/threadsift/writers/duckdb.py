"""The DuckDB database of a run: one view per Parquet table, in ``DIR/threadsift.duckdb``.

Views, not copies: the database stays small and always shows the Parquet files. The file's views
name the tables' files by absolute path, listed in Python and escaped, never a glob built from
the directory's name (a run in ``runs/a*`` must not read the files of ``runs/ab``).
`reading.query` (what `threadsift query` uses) opens none of it.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from threadsift.errors import InputError, MissingDependency, require

DATABASE = "threadsift.duckdb"
TABLES = ("pages", "comments", "lines", "errors", "duplicates", "corpus")
_GLOB = re.compile(r"([*?\[])")


def table_files(out: str | os.PathLike[str]) -> dict[str, list[Path]]:
    """The Parquet files of each table present in the run in `out` (absolute, sorted)."""
    root = Path(out).resolve()
    found: dict[str, list[Path]] = {}
    for table in TABLES:
        # Path.glob matches the pattern below `root`; `root` itself is taken literally.
        files = sorted(path for path in (root / table).glob("*.parquet") if path.is_file())
        if files:
            found[table] = files
    if (root / "site_chrome.parquet").is_file():
        found["site_chrome"] = [root / "site_chrome.parquet"]
    return found


def _sql_path(connection: Any, path: Path) -> str:
    """`path` as a DuckDB string literal that matches that one file and no other.

    DuckDB globs every path it reads: glob characters are escaped as one-character classes,
    and DuckDB's own `glob` checks that the result names the file (a backslash in a path is an
    escape to DuckDB, so such paths are tried as written too).

    Raises:
        InputError: no literal names exactly this file.
    """
    text = str(path)
    for candidate in dict.fromkeys((_GLOB.sub(r"[\1]", text), text)):
        found = connection.execute("SELECT file FROM glob(?)", [candidate]).fetchall()
        if found == [(text,)]:
            return "'" + candidate.replace("'", "''") + "'"
    raise InputError("DuckDB cannot name this file in SQL", source=str(path))


def create_views(connection: Any, out: str | os.PathLike[str]) -> list[str]:
    """Create a view per table of the run in `out` that reads exactly its files; return their
    names.

    Raises:
        InputError: a file's path cannot be written in DuckDB SQL (see `_sql_path`).
    """
    tables = table_files(out)
    for table, files in tables.items():
        paths = ", ".join(_sql_path(connection, path) for path in files)
        connection.execute(
            f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM read_parquet([{paths}])"
        )
    return list(tables)


def write_database(out: str | os.PathLike[str]) -> str | None:
    """Write ``DIR/threadsift.duckdb`` with the views; None (nothing written) without duckdb,
    or when a file's path cannot be named in DuckDB SQL (`query` does not need the file)."""
    try:
        duckdb = require("duckdb", needed_for="the DuckDB database")
    except MissingDependency:
        return None
    path = Path(out) / DATABASE
    tmp = path.with_name(path.name + ".tmp")
    # DuckDB rewrites some database paths ('?' starts options, '\\' becomes '/'): build the
    # file in a scratch directory of plain name, then copy it into place.
    with tempfile.TemporaryDirectory(prefix="threadsift-") as scratch:
        built = Path(scratch) / DATABASE
        connection = duckdb.connect(str(built))
        try:
            create_views(connection, out)
        except InputError:
            return None
        finally:
            connection.close()
        shutil.copyfile(built, tmp)
    os.replace(tmp, path)
    return str(path)
