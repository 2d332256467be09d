"""The DuckDB database of a run: one view per Parquet table, in ``DIR/threadsift.duckdb``.

Views, not copies: the database stays small and always shows the Parquet files. The file's views
name the tables' files by absolute path, listed in Python and escaped, never a glob built from
the directory's name (a run in ``runs/a*`` must not read the files of ``runs/ab``).

`query` (what `threadsift query` uses) opens none of it: it gives DuckDB the tables as Arrow
datasets of the run's files, with external access disabled and the configuration locked, and
runs SELECT statements only. DuckDB then opens no file at all: no read outside the run's tables,
no ``COPY``/``EXPORT`` (which would write anywhere, the run's own files included), no
``ATTACH``, no extension installed or loaded, no setting changed back.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from threadsift.errors import ConfigError, InputError, MissingDependency, require

DATABASE = "threadsift.duckdb"
TABLES = ("pages", "comments", "lines", "errors", "duplicates", "corpus")
QUERY_HINT = "see `threadsift query --help`"
#: What a `query` connection may not do, set when it opens and locked.
LOCKED = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "python_enable_replacements": False,
    "lock_configuration": True,
}
_GLOB = re.compile(r"([*?\[])")
_COMMENT = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)
_FIRST_WORD = re.compile(r"[A-Za-z]+")


def _duckdb() -> Any:
    return require("duckdb", needed_for="query")


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


def connect(out: str | os.PathLike[str]) -> Any:
    """An in-memory DuckDB connection with a view per table of the run in `out`, locked down.

    The views are Arrow datasets of the listed files; the connection has external access
    disabled and its configuration locked (`LOCKED`), so DuckDB opens no file itself.

    Raises:
        MissingDependency: duckdb is not installed.
        InputError: `out` holds no run.
    """
    duckdb = _duckdb()
    import pyarrow.dataset as ds

    tables = table_files(out)
    if not tables:
        raise InputError(
            "no threadsift run output here", source=str(out), hint="run `threadsift run`"
        )
    connection = duckdb.connect(":memory:", config=LOCKED)
    for table, files in tables.items():
        connection.register(table, ds.dataset([str(path) for path in files], format="parquet"))
    return connection


def query(out: str | os.PathLike[str], sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run `sql` over the tables of the run in `out`: SELECT statements only (see `connect`).

    Args:
        out: a run's output directory.
        sql: one or more SELECT statements (``FROM``-first, ``WITH``, ``DESCRIBE``, ``SHOW``
            and ``SUMMARIZE`` included); the result is the last one's.

    Returns:
        The column names and the rows.

    Raises:
        InputError: `out` holds no run.
        ConfigError: a statement is not a SELECT, or DuckDB refused or failed the query (its
            message, first line); `option` is ``SQL``.
    """

    def fetch(connection: Any) -> tuple[list[str], list[tuple[Any, ...]]]:
        cursor = connection.execute(sql)
        return [column[0] for column in cursor.description or []], cursor.fetchall()

    result: tuple[list[str], list[tuple[Any, ...]]] = _select(out, sql, fetch)
    return result


def query_arrow(out: str | os.PathLike[str], sql: str) -> Any:
    """What `query` runs, its result as a `pyarrow.Table` (DuckDB's types kept).

    Raises:
        ConfigError: as `query`.
    """

    def fetch(connection: Any) -> Any:
        relation = connection.sql(sql)
        # DuckDB 2 renamed a relation's `arrow` (1.x) to `to_arrow_table`.
        return (getattr(relation, "to_arrow_table", None) or relation.arrow)()

    return _select(out, sql, fetch)


def _select(out: str | os.PathLike[str], sql: str, fetch: Any) -> Any:
    """Check that `sql` holds SELECT statements only, then `fetch` its result from a
    connection to the run's tables."""
    duckdb = _duckdb()
    connection = connect(out)
    try:
        statements = connection.extract_statements(sql)
        for statement in statements:
            if statement.type.name != "SELECT":
                raise ConfigError(
                    "query runs SELECT statements over the run's tables only, not "
                    + _keyword(statement.query, statement.type.name),
                    option="SQL",
                    hint=QUERY_HINT,
                )
        if not statements:
            raise ConfigError("no SQL statement to run", option="SQL", hint=QUERY_HINT)
        return fetch(connection)
    except duckdb.Error as error:  # parser, binder and permission errors: their first line
        message = str(error).splitlines()[0] or type(error).__name__
        raise ConfigError(message, option="SQL") from None
    finally:
        connection.close()


def _keyword(sql: str, default: str) -> str:
    """The first word of a statement as written (``INSTALL`` is a ``LOAD`` to DuckDB)."""
    word = _FIRST_WORD.search(_COMMENT.sub(" ", sql))
    return word.group().upper() if word else default


def write_database(out: str | os.PathLike[str]) -> str | None:
    """Write ``DIR/threadsift.duckdb`` with the views; None (nothing written) without duckdb,
    or when a file's path cannot be named in DuckDB SQL (`query` does not need the file)."""
    try:
        duckdb = _duckdb()
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
