"""The overview of a run: where the inputs ended, and the distributions behind its charts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from threadsift.page import Label
from threadsift.reasons import Reason

if TYPE_CHECKING:
    from threadsift.viewer.store import RunStore

#: Bars a chart of hosts, languages or reasons shows at most.
TOP = 15
#: The Gopher quality rules (docs/annotation.md) as (signal, keep if >= this, keep if <= this):
#: the overview shows each signal's distribution and the share of output pages it would remove.
QUALITY_RULES: tuple[tuple[str, float | None, float | None], ...] = (
    ("word_count", 50, 100_000),
    ("mean_word_length", 3, 10),
    ("symbol_word_ratio", None, 0.1),
    ("bullet_line_ratio", None, 0.9),
    ("ellipsis_line_ratio", None, 0.3),
    ("alpha_word_ratio", 0.8, None),
    ("dup_line_fraction", None, 0.3),
    ("dup_para_fraction", None, 0.3),
    ("top_2gram_char_fraction", None, 0.2),
    ("dup_5gram_char_fraction", None, 0.15),
)
#: Bin edges: counts (comments per page, words per article) and shares (signals in [0, 1]).
COMMENT_BINS = (0, 1, 2, 3, 5, 10, 20, 50, 100)
WORD_BINS = (0, 50, 100, 200, 500, 1000, 2000, 5000, 10_000)
SHARE_BINS = tuple(i / 10 for i in range(10))
WORD_LENGTH_BINS = (0, 2, 3, 4, 5, 6, 7, 8, 10, 15)
CLUSTER_BINS = (2, 3, 4, 5, 10, 20)
OUTPUT = "outcome = 'output'"


def quality_signals() -> tuple[str, ...]:
    """The quality signals the overview charts."""
    return tuple(signal for signal, _, _ in QUALITY_RULES)


def overview(store: RunStore) -> dict[str, Any]:
    """The run's counts, the flow of its inputs and its charts, as JSON-ready data."""
    return {
        "run": store.name,
        "summary": (store.run or {}).get("summary"),
        "counts": _counts(store),
        "flow": _flow(store),
        "pages_per_host": _top(store, f"SELECT host, count(*) FROM summary WHERE {OUTPUT}"),
        "comments_per_host": _top(
            store, f"SELECT host, sum(n_comments)::BIGINT FROM summary WHERE {OUTPUT}"
        ),
        "article_languages": _top(store, f"SELECT language, count(*) FROM summary WHERE {OUTPUT}"),
        "comment_languages": _top(
            store,
            "SELECT coalesce(c.language, '(none)'), count(*) FROM comments c"
            f" JOIN summary s ON s.id = c.page_id WHERE s.{OUTPUT}",
        ),
        "toxicity": _bins(
            store,
            "SELECT c.toxicity AS v FROM comments c JOIN summary s ON s.id = c.page_id"
            f" WHERE s.{OUTPUT} AND c.toxicity IS NOT NULL",
            SHARE_BINS,
        ),
        "toxic_share_per_host": [
            (host, toxic / scored)
            for host, toxic, scored in store.sql(
                f"SELECT host, sum(toxic), sum(scored) FROM summary WHERE {OUTPUT}"
                " GROUP BY host HAVING sum(scored) > 0 ORDER BY sum(scored) DESC, host"
                f" LIMIT {TOP}"
            )
        ],
        "comments_per_page": _bins(
            store, f"SELECT n_comments AS v FROM summary WHERE {OUTPUT}", COMMENT_BINS
        ),
        "article_words": _bins(
            store, f"SELECT words AS v FROM summary WHERE {OUTPUT} AND words IS NOT NULL", WORD_BINS
        ),
        "quality": [_rule(store, *rule) for rule in QUALITY_RULES],
        "chrome_reasons": _top(
            store, f"SELECT reason, count(*) FROM lines WHERE label = '{Label.CHROME}'"
        ),
        "site_chrome_lines": [
            {"host": host, "text": text, "pages": pages}
            for host, text, pages in store.sql(
                "SELECT s.host, l.text, count(*) AS n FROM lines l JOIN summary s"
                " ON s.id = l.page_id WHERE l.reason = ? GROUP BY ALL ORDER BY n DESC, 1, 2"
                f" LIMIT {TOP}",
                [str(Reason.SITE_REPEATED)],
            )
        ],
        "duplicate_clusters": _bins(
            store,
            "SELECT count(*) + 1 AS v FROM duplicates WHERE comment IS NULL GROUP BY duplicate_of",
            CLUSTER_BINS,
        ),
    }


def _counts(store: RunStore) -> dict[str, int]:
    """The run's counts: from ``run.json``, else from the tables (a run still going)."""
    if store.run is not None:
        return dict(store.run["counts"])
    by_outcome = dict(store.sql("SELECT outcome, count(*) FROM summary GROUP BY 1"))
    errors = store.sql("SELECT count(*) FROM errors")[0][0]
    counts = {
        "outputs": by_outcome.get("output", 0),
        "duplicates": by_outcome.get("duplicate", 0),
        "filtered": by_outcome.get("filtered", 0),
        "errors": errors,
    }
    return {"inputs": sum(counts.values()), **counts}


def _flow(store: RunStore) -> list[tuple[str, str, int]]:
    """Where the inputs ended: (outcome, name, count), duplicates by kind, filtered by reason."""
    counts = _counts(store)
    if store.run is not None:
        duplicates = sorted(
            (kind, n) for kind, n in store.run.get("duplicates", {}).items() if kind != "comment"
        )
        filtered = sorted(store.run.get("filtered", {}).items(), key=lambda item: -item[1])
    else:
        duplicates = store.sql(
            "SELECT reason, count(*) FROM summary WHERE outcome = 'duplicate' GROUP BY 1 ORDER BY 1"
        )
        filtered = store.sql(
            "SELECT reason, count(*) FROM summary WHERE outcome = 'filtered' GROUP BY 1"
            " ORDER BY 2 DESC"
        )
    return [
        ("output", "output", counts["outputs"]),
        *(("duplicate", f"duplicate: {kind}", n) for kind, n in duplicates),
        *(("filtered", f"filtered: {reason}", n) for reason, n in filtered),
        ("error", "error", counts["errors"]),
    ]


def _top(store: RunStore, select: str) -> list[tuple[str, int]]:
    """The `TOP` most frequent values of a two-column SELECT (value, count), grouped."""
    return [
        (str(value), int(count))
        for value, count in store.sql(f"{select} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {TOP}")
    ]


def _bins(store: RunStore, select: str, edges: tuple[float, ...]) -> list[tuple[str, int]]:
    """How many values of `select`'s column ``v`` fall in each bin of `edges` (the last bin
    open-ended)."""
    import numpy as np

    values = np.asarray(store.numbers(select)["v"], dtype=float)  # `select` leaves NULLs out
    found = []
    for i, low in enumerate(edges):
        high = edges[i + 1] if i + 1 < len(edges) else None
        inside = values >= low if high is None else (values >= low) & (values < high)
        found.append((_bin_name(low, high), int(np.count_nonzero(inside))))
    return found


def _bin_name(low: float, high: float | None) -> str:
    def shown(value: float) -> str:
        return f"{value:g}" if value >= 1 or value == 0 else f"{value:.1f}"

    if high is None:
        return f"{shown(low)}+"
    if isinstance(low, int) and isinstance(high, int):  # counts: both ends included
        return shown(low) if high == low + 1 else f"{low}–{high - 1}"
    return f"{shown(low)}–{shown(high)}"


def _rule(store: RunStore, signal: str, low: float | None, high: float | None) -> dict[str, Any]:
    """A quality signal's distribution over output pages and what its Gopher rule removes."""
    column = f"q_{signal}"
    edges = WORD_BINS if signal == "word_count" else SHARE_BINS
    if signal == "mean_word_length":
        edges = WORD_LENGTH_BINS
    fails = " OR ".join(
        clause
        for clause in (
            None if low is None else f"{column} < {low}",
            None if high is None else f"{column} > {high}",
        )
        if clause
    )
    scored, removed = store.sql(
        f"SELECT count({column}), count(*) FILTER (WHERE {fails}) FROM summary WHERE {OUTPUT}"
    )[0]
    keep = " and ".join(
        part
        for part in (
            None if low is None else f"{signal} >= {low:g}",
            None if high is None else f"{signal} <= {high:g}",
        )
        if part
    )
    bins = _bins(
        store, f"SELECT {column} AS v FROM summary WHERE {OUTPUT} AND {column} IS NOT NULL", edges
    )
    bounds = [*edges[1:], None]
    return {
        "signal": signal,
        "rule": keep,
        "pages": scored,
        "removed": removed,
        "share_removed": removed / scored if scored else 0.0,
        "bins": bins,
        # Bins wholly outside what the rule keeps.
        "removed_bins": [
            i
            for i, (start, end) in enumerate(zip(edges, bounds, strict=True))
            if (low is not None and end is not None and end <= low)
            or (high is not None and start > high)
        ],
    }
