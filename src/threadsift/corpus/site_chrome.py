"""Site chrome learning: lines that recur on many pages of one host are that host's chrome.

Two stages, keyed by host and line, never by page position:

1. `ChromeCounter` (per shard) counts, for each host, on how many pages each normalised line
   (`decomposers.lines.line_compare_key`) appears; it keeps 64-bit hashes, not the lines. A page
   is counted once per shard (by its URL, or its text when it has none), so that copies of a page,
   or the same URL crawled again, do not make its own lines "recurring".
2. `learn` (global) adds up the shards' counts and keeps, for hosts with enough pages, the lines on
   at least `min_pages` and at least `share` of that host's distinct pages. A page counted in
   several shards could have added each of its lines once per shard, so a host's line needs
   as many more pages as the host has such repeats: copies never teach a page's article as
   chrome. The result is a host-keyed table (`host`, `hash`, `pages`) that `SiteChrome` turns
   into the ``site_chrome`` mapping of `TextDecomposer`: lines found there get the reason
   ``site-repeated``.

HTML pages are counted on the same rendering the HTML decomposer gives its text decomposer.
"""

from __future__ import annotations

import hashlib
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence, Set
from typing import TYPE_CHECKING, Any

from threadsift.budget import DEFAULT_BUDGET, Budget
from threadsift.config import ChromeConfig
from threadsift.decomposers.lines import line_compare_key
from threadsift.page import Outcome, Page
from threadsift.step import Shard, Step

if TYPE_CHECKING:
    import pyarrow as pa


def line_hash(host: str, key: str) -> int:
    """A stable 63-bit hash of a normalised line on a host (fits a signed 64-bit column)."""
    data = f"{host}\x1f{key}".encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little") >> 1


def page_text(page: Page, budget: Budget = DEFAULT_BUDGET) -> str:
    """The text the decomposers label: `page.text`, or the rendering of an HTML page."""
    if page.html is None or page.text:
        return page.text
    from threadsift.decomposers.html_budget import main_text

    return main_text(page.html, budget)


def line_keys(text: str) -> set[str]:
    """The normalised keys of a text's non-blank lines."""
    keys = {line_compare_key(row) for row in text.split("\n")}
    keys.discard("")
    return keys


class ChromeCounter(Step):
    """Count, per host, on how many pages each line appears (a pass-through step)."""

    name = "count_lines"

    def __init__(self, *, budget: Budget = DEFAULT_BUDGET) -> None:
        super().__init__()
        self.budget = budget
        self.hosts: Counter[str] = Counter()
        self._hashes = array("q")
        self._hosts = array("I")
        self._host_index: dict[str, int] = {}
        self._seen: set[int] = set()
        self._page_hosts = array("I")  # the host of each page counted, by index
        self._pages = array("q")  # the key of each page counted

    def run(self, pages: Iterable[Page], shard: Shard = Shard()) -> Iterator[Page]:
        """Count the lines of each page that has a host, then pass it on."""
        for page in pages:
            if page.outcome is not Outcome.ERROR and page.host:
                self.add(page)
            yield page

    def add(self, page: Page) -> None:
        """Count the lines of one page."""
        host = page.host or ""
        try:
            text = page_text(page, self.budget)
        except Exception:  # an unparsable page teaches nothing; the split pass reports it
            self.stats["unrenderable"] += 1
            return
        page_key = line_hash(host, f"\x00{page.url}" if page.url else text)
        if page_key in self._seen:
            self.stats["repeated_pages"] += 1
            return
        self._seen.add(page_key)
        self.hosts[host] += 1
        index = self._host_index.setdefault(host, len(self._host_index))
        self._page_hosts.append(index)
        self._pages.append(page_key)
        for key in line_keys(text):
            self._hashes.append(line_hash(host, key))
            self._hosts.append(index)
        self.stats["pages"] += 1

    def table(self) -> pa.Table:
        """This shard's counts: one row per line hash (sorted) with its host and page count."""
        import numpy as np
        import pyarrow as pa

        hashes = np.frombuffer(self._hashes, dtype=np.int64)
        hosts = np.frombuffer(self._hosts, dtype=np.uint32)
        unique, first, counts = np.unique(hashes, return_index=True, return_counts=True)
        keys = np.array([host_key(name) for name in self._host_index] or [0], dtype=np.int64)
        return pa.table(
            {
                "hash": pa.array(unique, type=pa.int64()),
                "host_key": pa.array(keys[hosts[first]] if len(first) else [], type=pa.int64()),
                "pages": pa.array(counts, type=pa.int64()),
            }
        )

    def page_table(self) -> pa.Table:
        """The key of each page this shard counted, with its host's key."""
        import numpy as np
        import pyarrow as pa

        keys = np.array([host_key(name) for name in self._host_index] or [0], dtype=np.int64)
        hosts = np.frombuffer(self._page_hosts, dtype=np.uint32)
        return pa.table(
            {
                "host_key": pa.array(keys[hosts] if len(hosts) else [], type=pa.int64()),
                "page": pa.array(np.frombuffer(self._pages, dtype=np.int64), type=pa.int64()),
            }
        )

    def host_table(self) -> pa.Table:
        """This shard's page count per host."""
        import pyarrow as pa

        names = sorted(self.hosts)
        return pa.table(
            {
                "host": pa.array(names, type=pa.string()),
                "host_key": pa.array([host_key(name) for name in names], type=pa.int64()),
                "pages": pa.array([self.hosts[name] for name in names], type=pa.int64()),
            }
        )


def host_key(host: str) -> int:
    """A stable 63-bit key of a host name."""
    return line_hash(host, "")


def learn(
    count_files: Sequence[str],
    hosts: Iterable[pa.Table],
    pages: Iterable[pa.Table],
    config: ChromeConfig,
    *,
    parts: int = 16,
) -> pa.Table:
    """The learned chrome lines of every host from the shards' counts.

    The hash space is merged in `parts` ranges, one at a time, so the driver holds about
    1/`parts` of all the counts at once (shard files are sorted by hash: their row groups
    outside a range are not read).

    Args:
        count_files: Parquet files of `ChromeCounter.table()`, one per shard.
        hosts: `ChromeCounter.host_table()` of each shard.
        pages: `ChromeCounter.page_table()` of each shard.
        config: the thresholds.
        parts: how many hash ranges to merge in turn.

    Returns:
        A table (`host`, `hash`, `pages`, `host_pages`) sorted by host and hash.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    counted = pa.concat_tables(list(hosts)).group_by(["host", "host_key"])
    counted = counted.aggregate([("pages", "sum")]).rename_columns(["host", "host_key", "counted"])
    distinct = pa.concat_tables(list(pages)).group_by("host_key")
    distinct = distinct.aggregate([("page", "count_distinct")])
    distinct = distinct.rename_columns(["host_key", "host_pages"])
    totals = counted.join(distinct, "host_key", join_type="inner")
    totals = totals.filter(pc.greater_equal(totals["host_pages"], config.min_host_pages))
    repeats = pc.subtract(totals["counted"], totals["host_pages"]).cast(pa.float64())
    need = pc.max_element_wise(
        pc.ceil(pc.multiply(totals["host_pages"].cast(pa.float64()), config.share)),
        pa.scalar(float(config.min_pages)),
    )
    totals = totals.append_column("need", pc.add(need, repeats))
    step = (1 << 63) // parts
    learned: list[pa.Table] = []
    for part in range(parts):
        low, high = part * step, (1 << 63) - 1 if part == parts - 1 else (part + 1) * step - 1
        ranged = [("hash", ">=", low), ("hash", "<=", high)]
        pieces = [pq.read_table(path, filters=ranged) for path in count_files]
        if not pieces:
            break
        counts = pa.concat_tables(pieces).group_by("hash")
        counts = counts.aggregate([("pages", "sum"), ("host_key", "min")])
        counts = counts.rename_columns(["hash", "pages", "host_key"])
        joined = counts.join(totals, "host_key", join_type="inner")
        kept = joined.filter(pc.greater_equal(joined["pages"].cast(pa.float64()), joined["need"]))
        learned.append(kept.select(["host", "hash", "pages", "host_pages"]))
    if not learned:
        schema = pa.schema(
            [
                ("host", pa.string()),
                ("hash", pa.int64()),
                ("pages", pa.int64()),
                ("host_pages", pa.int64()),
            ]
        )
        return schema.empty_table()
    table = pa.concat_tables(learned)
    return table.sort_by([("host", "ascending"), ("hash", "ascending")])


class _HostLines(Set[str]):
    """The learned lines of one host, looked up by the hash of a normalised line."""

    def __init__(self, host: str, hashes: set[int]) -> None:
        self.host = host
        self.hashes = hashes

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and line_hash(self.host, key) in self.hashes

    def __iter__(self) -> Iterator[str]:
        # Only hashes are kept; a host's learned lines are visible in the `lines` table.
        return iter(())

    def __len__(self) -> int:
        return len(self.hashes)


class SiteChrome(Mapping[str, Set[str]]):
    """Host -> learned chrome lines, the ``site_chrome`` argument of `TextDecomposer`."""

    def __init__(self, learned: Mapping[str, set[int]] | None = None) -> None:
        self._hosts = {host: _HostLines(host, hashes) for host, hashes in (learned or {}).items()}

    @classmethod
    def from_table(cls, table: Any) -> SiteChrome:
        """Build from the table `learn` returns."""
        by_host: dict[str, set[int]] = {}
        for host, value in zip(
            table.column("host").to_pylist(), table.column("hash").to_pylist(), strict=True
        ):
            by_host.setdefault(host, set()).add(value)
        return cls(by_host)

    def __getitem__(self, host: str) -> Set[str]:
        return self._hosts[host]

    def __iter__(self) -> Iterator[str]:
        return iter(self._hosts)

    def __len__(self) -> int:
        return len(self._hosts)
