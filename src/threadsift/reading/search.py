"""Full-text search over a run's articles and comments (`threadsift search`), ranked by BM25.

The index is ``DIR/search.sqlite`` (`writers.search`), opened read-only.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from threadsift.errors import ConfigError, InputError
from threadsift.writers.search import INDEX


def search(out: str | os.PathLike[str], words: str, *, limit: int = 10) -> list[dict[str, Any]]:
    """The best-ranked articles and comments for `words` (all of them must occur).

    Args:
        out: a run's output directory.
        words: the words to look for (FTS5 query syntax is not needed: words are quoted).
        limit: how many results at most.

    Returns:
        Results, best first: ``page_id``, ``kind`` (article or comment), ``comment`` (index),
        ``url``, ``title``, ``snippet`` and ``score`` (BM25; lower is better).

    Raises:
        InputError: `out` has no search index, or it is damaged.
        ConfigError: `words` has no word.
    """
    path = Path(out) / INDEX
    if not path.exists():
        raise InputError("no search index", source=str(out), hint="run `threadsift run` first")
    terms = ['"' + term.replace('"', '""') + '"' for term in words.split()]
    if not terms:
        raise ConfigError("nothing to search for", option="WORDS")
    # A URI, to open read-only; as_uri percent-encodes '?' and '#' of the directory's name.
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        cursor = db.execute(
            "SELECT page_id, kind, comment, url, page_title,"
            " snippet(documents, 5, '[', ']', ' … ', 12),"
            " bm25(documents, 0, 0, 0, 0, 2.0, 1.0, 0)"
            " AS score FROM documents WHERE documents MATCH ? ORDER BY score LIMIT ?",
            (" ".join(terms), limit),
        )
        names = ("page_id", "kind", "comment", "url", "title", "snippet", "score")
        return [dict(zip(names, row, strict=True)) for row in cursor]
    except sqlite3.DatabaseError as error:
        raise InputError(
            str(error),
            source=str(path),
            hint="delete it, then run the same `threadsift run` command again to rebuild it",
        ) from None
    finally:
        db.close()
