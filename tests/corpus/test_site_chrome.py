"""Site chrome: lines on enough pages of a host are learned for that host only."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from threadsift.config import ChromeConfig
from threadsift.corpus.site_chrome import ChromeCounter, SiteChrome, learn
from threadsift.decomposers.lines import norm
from threadsift.page import Page


def pages(host: str, n: int, lines: list[str], *, start: int = 0) -> list[Page]:
    return [
        Page(id=f"{host}{i}", host=host, text="\n".join([*lines, f"Unique story {i} of {host}."]))
        for i in range(start, start + n)
    ]


def test_lines_on_enough_pages_of_a_host_are_learned_across_shards(tmp_path: Path) -> None:
    config = ChromeConfig(min_host_pages=10, min_pages=5, share=0.5)
    shards = [ChromeCounter(), ChromeCounter()]
    banner = "Sign up for the Example newsletter"
    rare = "Seen on a few pages only"
    for k, counter in enumerate(shards):
        items = pages("a.example", 6, [banner], start=k * 6)
        items += pages("a.example", 2, [rare], start=100 + k * 2)
        items += pages("small.example", 4, [banner], start=k * 4)
        list(counter.run(items))
    files = []
    for k, counter in enumerate(shards):
        files.append(str(tmp_path / f"counts-{k}.parquet"))
        pq.write_table(counter.table(), files[-1], row_group_size=2)
    learned = SiteChrome.from_table(learn(files, [c.host_table() for c in shards], config, parts=3))
    assert set(learned) == {"a.example"}  # small.example has 8 pages: too few to learn from
    assert norm(banner) in learned["a.example"]
    assert norm(rare) not in learned["a.example"]  # on 4 of 16 pages: under the share


def test_copies_of_a_page_count_once() -> None:
    counter = ChromeCounter()
    copy = Page(id="x", host="h.example", text="Same text\nSame story line")
    list(counter.run([copy, Page(id="y", host="h.example", text=copy.text)]))
    assert counter.hosts["h.example"] == 1
