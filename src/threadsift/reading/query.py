"""SQL over a run's tables (what `threadsift query` uses), with DuckDB locked down.

`query` gives DuckDB the tables as Arrow datasets of the run's files, with external access
disabled and the configuration locked, and runs SELECT statements only. DuckDB then opens no
file at all: no read outside the run's tables, no ``COPY``/``EXPORT`` (which would write
anywhere, the run's own files included), no ``ATTACH``, no extension installed or loaded, no
setting changed back.
"""

from __future__ import annotations

import os
import re
from typing import Any

from threadsift.errors import ConfigError, InputError, require
from threadsift.writers.duckdb import table_files

QUERY_HINT = "see `threadsift query --help`"
#: What a `query` connection may not do, set when it opens and locked.
LOCKED = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "python_enable_replacements": False,
    "lock_configuration": True,
}
_COMMENT = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)
_FIRST_WORD = re.compile(r"[A-Za-z]+")


def _duckdb() -> Any:
    return require("duckdb", needed_for="query")


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
