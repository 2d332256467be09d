"""The full-text search index of a run: SQLite FTS5 over output articles and their comments.

SQLite's FTS5 is compiled into the `sqlite3` module Python ships with, so the index is built and
searched with no download and no extra package (DuckDB's ``fts`` extension is fetched at run
time, and the PyPI packages that bundle it are tied to one DuckDB version). Ranking is BM25;
`reading.search` searches the index.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path
from typing import Any

INDEX = "search.sqlite"
_BATCH = 5000
# SQLite result codes of a disk that is full or cannot be written, as errno values.
_ERRNO = {13: errno.ENOSPC, 8: errno.EROFS, 3: errno.EACCES, 14: errno.EACCES}


def write_search_index(out: str | os.PathLike[str]) -> dict[str, Any]:
    """Index the output pages (title and article) and their comments into ``DIR/search.sqlite``.

    A comment is indexed by its own text, and kept with its page's URL and title.

    Returns:
        How many articles and comments were indexed.

    Raises:
        OSError: the index cannot be written (SQLite's errors as an errno: a full disk is
            ``ENOSPC``).
    """
    root = Path(out)
    path = root / INDEX
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    try:
        counts = _index(root, tmp)
    except sqlite3.Error as error:  # a full or read-only disk, as the OSError it is
        code = getattr(error, "sqlite_errorcode", 0)
        raise OSError(_ERRNO.get(code, errno.EIO), str(error), str(tmp)) from None
    os.replace(tmp, path)
    return counts


def _index(root: Path, tmp: Path) -> dict[str, Any]:
    """Write the index of the run in `root` to `tmp`."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    db = sqlite3.connect(tmp)
    db.execute(
        "CREATE VIRTUAL TABLE documents USING fts5("
        "page_id UNINDEXED, kind UNINDEXED, comment UNINDEXED, url UNINDEXED, title, text,"
        " page_title UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')"
    )
    articles = comments = 0
    for part in sorted((root / "pages").glob("*.parquet")):
        table = pq.read_table(part, columns=["id", "url", "title", "article", "outcome"])
        table = table.filter(pc.equal(table["outcome"], "output"))
        rows = [
            (row["id"], "article", None, row["url"], title, row["article"], title)
            for row in table.to_pylist()
            for title in [row["title"] or ""]
        ]
        db.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        articles += len(rows)
        pages = {row[0]: (row[3], row[6]) for row in rows}  # id: its URL and title
        comment_file = part.parent.parent / "comments" / part.name
        for batch in pq.ParquetFile(comment_file).iter_batches(
            batch_size=_BATCH, columns=["page_id", "index", "text"]
        ):
            # A comment matches on its own words: its page's title is kept, not indexed.
            found = [
                (row["page_id"], "comment", row["index"], url, "", row["text"], title)
                for row in batch.to_pylist()
                if row["page_id"] in pages
                for url, title in [pages[row["page_id"]]]
            ]
            db.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)", found)
            comments += len(found)
    db.commit()
    db.close()
    return {"articles": articles, "comments": comments}
