"""The data of the viewer's views, read from a run's tables (read only).

`RunStore` opens the run with `writers.duckdb.connect` (DuckDB over the Parquet files, external
access off), then builds two things once: `summary`, an in-memory table with a row per page of
what lists, facets and charts need (no article text), and a `RowIndex` per big table to fetch one
page's rows. Every query is written here; requests only choose among them and bind values.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

from threadsift.errors import ConfigError, InputError
from threadsift.page import Comment, Label, Line, Page
from threadsift.viewer import overview_queries
from threadsift.viewer.facets import FACET_VALUES, FACETS, NONE, PageQuery
from threadsift.viewer.rows import RowIndex

#: Search hits (articles and comments) a pages view looks at, best first.
SEARCH_HITS = 1000
#: Errors per page of the errors view.
ERRORS_PAGE = 100
#: Other pages of the same host a page view links to.
HOST_PAGES = 10
#: Bands of the share of a page's scored comments that are toxic: (below this share, name).
TOXIC_BANDS = ((0.25, "under 25%"), (0.5, "25–49%"), (1.01, "50% and more"))
_LIST_COLUMNS = "id, title, host, url, language, outcome, reason, n_comments, words, toxic_share"


def _toxic_band() -> str:
    cases = " ".join(
        f"WHEN c.toxic < {limit} * c.scored THEN '{name}'" for limit, name in TOXIC_BANDS
    )
    return (
        f"CASE WHEN coalesce(c.scored, 0) = 0 THEN '{NONE}' WHEN c.toxic = 0 THEN '0%' {cases} END"
    )


def _summary_sql(quality: list[str]) -> str:
    signals = "".join(f", p.quality.{name} AS q_{name}" for name in quality)
    return f"""
        CREATE TABLE summary AS
        WITH c AS (
            SELECT page_id, count(toxic) AS scored, count(*) FILTER (WHERE toxic) AS toxic
            FROM comments GROUP BY page_id
        )
        SELECT p.id, coalesce(p.host, '{NONE}') AS host, p.url, left(p.title, 300) AS title,
            coalesce(p.language, '{NONE}') AS language, p.outcome,
            coalesce(CASE WHEN p.outcome = 'duplicate' THEN split_part(p.reason, ' of ', 1)
                ELSE p.reason END, '{NONE}') AS reason,
            p.n_comments, CASE WHEN p.n_comments > 0 THEN 'yes' ELSE 'no' END AS has_comments,
            p.quality.word_count AS words, coalesce(c.scored, 0) AS scored,
            coalesce(c.toxic, 0) AS toxic, c.toxic / nullif(c.scored, 0) AS toxic_share,
            {_toxic_band()} AS toxic_band{signals}
        FROM pages p LEFT JOIN c ON c.page_id = p.id
    """


class RunStore:
    """A run directory opened for viewing; `pages=False` skips indexing the rows of single
    pages (the overview does not need them).

    Raises:
        InputError: `out` holds no run.
    """

    def __init__(self, out: str | os.PathLike[str], *, pages: bool = True) -> None:
        from threadsift.reading.query import connect
        from threadsift.writers.duckdb import table_files

        self.out = Path(out)
        self.name = self.out.resolve().name
        self._lock = threading.Lock()
        files = table_files(out)
        self._db = connect(out)
        _empty_tables(self._db, set(files))
        self._db.execute(_summary_sql(list(overview_queries.quality_signals())))
        tables = (("pages", "id"), ("lines", "page_id"), ("comments", "page_id"))
        self._rows = {
            table: RowIndex(files.get(table, []) if pages else [], key) for table, key in tables
        }
        self.run = _run_json(self.out)
        #: The overview's counts and charts, computed once (the run does not change).
        self.overview = overview_queries.overview(self)

    def close(self) -> None:
        """Close the run's database connection."""
        self._db.close()

    def sql(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Rows of one of this package's queries, `params` bound."""
        with self._lock:
            rows: list[tuple[Any, ...]] = self._db.execute(sql, list(params)).fetchall()
            return rows

    def numbers(self, sql: str) -> Any:
        """The columns of a query as numpy arrays, by name."""
        with self._lock:
            return self._db.execute(sql).fetchnumpy()

    def pages(self, query: PageQuery) -> dict[str, Any]:
        """One page of the pages list for `query`, with the total and the facets' counts."""
        source, head = "summary", []
        hits: list[dict[str, Any]] = []
        search_error = None
        if query.words:
            hits, search_error = self._search(query.words)
            source = (
                "summary JOIN (SELECT unnest(?::VARCHAR[]) AS id, unnest(?::INTEGER[]) AS rank,"
                " unnest(?::VARCHAR[]) AS snippet) AS hits USING (id)"
            )
            head = [
                [h["page_id"] for h in hits],
                list(range(len(hits))),
                [h["snippet"] for h in hits],
            ]
        where, values = query.where()
        order = "rank, id" if query.words and query.sort is None else query.order()
        columns = _LIST_COLUMNS + (", snippet" if query.words else ", NULL AS snippet")
        names = [name.strip() for name in columns.split(",")]
        found = self.sql(
            f"SELECT {columns} FROM {source} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
            [*head, *values, query.size, (query.page - 1) * query.size],
        )
        total = self.sql(f"SELECT count(*) FROM {source} WHERE {where}", [*head, *values])[0][0]
        facets = {}
        for name, (_, column) in FACETS.items():
            where, values = query.where(skip=name)
            facets[name] = [
                {"value": value, "count": count}
                for value, count in self.sql(
                    f"SELECT {column}, count(*) AS n FROM {source} WHERE {where}"
                    f" GROUP BY 1 ORDER BY n DESC, 1 LIMIT {FACET_VALUES}",
                    [*head, *values],
                )
            ]
        return {
            "total": total,
            "page": query.page,
            "size": query.size,
            "rows": [dict(zip(names, row, strict=True)) for row in found],
            "facets": facets,
            "search_error": search_error,
        }

    def _search(self, words: str) -> tuple[list[dict[str, Any]], str | None]:
        """The best page of each of the best `SEARCH_HITS` hits, or the reason there are none."""
        from threadsift.reading.search import search

        try:
            hits = search(self.out, words, limit=SEARCH_HITS)
        except (InputError, ConfigError) as error:
            return [], str(error.args[0])
        best: dict[str, dict[str, Any]] = {}
        for hit in hits:
            best.setdefault(hit["page_id"], hit)
        return list(best.values()), None

    def page(self, page_id: str) -> dict[str, Any] | None:
        """A page with its lines, comments, duplicates and host, or its error; None if unknown."""
        rows = self._rows_of("pages", page_id)
        if not rows:
            errors = self.sql(
                "SELECT page_id, source, message FROM errors WHERE page_id = ?", [page_id]
            )
            if not errors:
                return None
            return {"error": dict(zip(("page_id", "source", "message"), errors[0], strict=True))}
        from threadsift.reading.pages import page_from_row

        page = page_from_row(rows[0])
        lines = sorted(self._rows_of("lines", page_id), key=lambda row: row["n"])
        page.text = "\n".join(row["text"] or "" for row in lines)
        page.lines = [Line(row["n"], Label(row["label"]), row["reason"]) for row in lines]
        page.comments = [
            Comment(**{k: v for k, v in row.items() if k != "page_id"})
            for row in sorted(self._rows_of("comments", page_id), key=lambda row: row["index"])
        ]
        return {
            "page": page,
            "duplicate_of": self._linked(
                "SELECT d.duplicate_of, d.kind, d.jaccard, s.title FROM duplicates d LEFT JOIN"
                " summary s ON s.id = d.duplicate_of WHERE d.page_id = ? AND d.comment IS NULL",
                page_id,
            ),
            "duplicates": self._linked(
                "SELECT d.page_id, d.kind, d.jaccard, s.title FROM duplicates d LEFT JOIN"
                " summary s ON s.id = d.page_id WHERE d.duplicate_of = ? AND d.comment IS NULL"
                " ORDER BY d.page_id",
                page_id,
            ),
            "comment_duplicates": {
                index: {"page_id": of, "comment": of_comment}
                for index, of, of_comment in self.sql(
                    "SELECT comment, duplicate_of, duplicate_of_comment FROM duplicates"
                    " WHERE page_id = ? AND comment IS NOT NULL",
                    [page_id],
                )
            },
            "host_pages": self._host_pages(page),
        }

    def _rows_of(self, table: str, page_id: str) -> list[dict[str, Any]]:
        with self._lock:
            return self._rows[table].rows(page_id)

    def _linked(self, sql: str, page_id: str) -> list[dict[str, Any]]:
        names = ("id", "kind", "jaccard", "title")
        return [dict(zip(names, row, strict=True)) for row in self.sql(sql, [page_id])]

    def _host_pages(self, page: Page) -> dict[str, Any]:
        if page.host is None:
            return {"host": None, "total": 0, "pages": []}
        found = self.sql(
            "SELECT id, title FROM summary WHERE host = ? AND id <> ? ORDER BY id LIMIT ?",
            [page.host, page.id, HOST_PAGES],
        )
        total = self.sql("SELECT count(*) FROM summary WHERE host = ?", [page.host])[0][0]
        return {
            "host": page.host,
            "total": total,
            "pages": [{"id": id_, "title": title} for id_, title in found],
        }

    def errors(self, page: int) -> dict[str, Any]:
        """One page of the records that ended in error, by source."""
        total = self.sql("SELECT count(*) FROM errors")[0][0]
        found = self.sql(
            "SELECT page_id, source, message FROM errors ORDER BY source, page_id LIMIT ? OFFSET ?",
            [ERRORS_PAGE, (page - 1) * ERRORS_PAGE],
        )
        names = ("page_id", "source", "message")
        return {
            "total": total,
            "page": page,
            "size": ERRORS_PAGE,
            "rows": [dict(zip(names, row, strict=True)) for row in found],
        }


def _empty_tables(db: Any, present: set[str]) -> None:
    """Stand empty tables in for the ones a run did not write, so that every query runs."""
    from threadsift.corpus.dedup import schema as duplicates_schema
    from threadsift.writers.parquet import schema

    for table in ("pages", "comments", "lines", "errors", "duplicates"):
        if table not in present:
            empty = (duplicates_schema() if table == "duplicates" else schema(table)).empty_table()
            db.register(table, empty)


def _run_json(out: Path) -> dict[str, Any] | None:
    """The run's ``run.json`` (None for a run that has not finished)."""
    try:
        data: dict[str, Any] = json.loads((out / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data
