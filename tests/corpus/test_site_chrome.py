"""Site chrome: lines on enough pages of a host are learned for that host only."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from devtools.pages import make_page
from threadsift.config import ChromeConfig
from threadsift.corpus.site_chrome import ChromeCounter, SiteChrome, learn
from threadsift.decomposers.lines import line_compare_key
from threadsift.page import Page


def pages(host: str, n: int, lines: list[str], *, start: int = 0) -> list[Page]:
    return [
        make_page("\n".join([*lines, f"Unique story {i} of {host}."]), id=f"{host}{i}", host=host)
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
    hosts, keys = [c.host_table() for c in shards], [c.page_table() for c in shards]
    learned = SiteChrome.from_table(learn(files, hosts, keys, config, parts=3))
    assert set(learned) == {"a.example"}  # small.example has 8 pages: too few to learn from
    assert line_compare_key(banner) in learned["a.example"]
    assert line_compare_key(rare) not in learned["a.example"]  # on 4 of 16 pages: under the share


def test_copies_of_a_page_count_once() -> None:
    counter = ChromeCounter()
    copy = Page(id="x", host="h.example", text="Same text\nSame story line")
    list(counter.run([copy, Page(id="y", host="h.example", text=copy.text)]))
    assert counter.hosts["h.example"] == 1


def test_copies_of_a_page_in_many_shards_never_teach_its_article(tmp_path: Path) -> None:
    config = ChromeConfig(min_host_pages=10, min_pages=5, share=0.2)
    banner = "Sign up for the Example newsletter"
    story = "The one story that was crawled five times, word for word."
    copy = Page(id="c", host="a.example", url="https://a.example/story", text=f"{banner}\n{story}")
    shards = [ChromeCounter() for _ in range(5)]
    for k, counter in enumerate(shards):  # one copy per shard, 12 other pages over the shards
        others = pages("a.example", 3 if k < 2 else 2, [banner], start=k * 3)
        list(counter.run([Page(id=f"c{k}", host=copy.host, url=copy.url, text=copy.text), *others]))
    files = []
    for k, counter in enumerate(shards):
        files.append(str(tmp_path / f"counts-{k}.parquet"))
        pq.write_table(counter.table(), files[-1])
    hosts, keys = [c.host_table() for c in shards], [c.page_table() for c in shards]
    table = learn(files, hosts, keys, config)
    learned = SiteChrome.from_table(table)
    assert line_compare_key(banner) in learned["a.example"]
    assert line_compare_key(story) not in learned["a.example"]
    assert set(table["host_pages"].to_pylist()) == {13}  # 12 pages and the story, once


def test_a_url_crawled_twice_counts_once() -> None:
    counter = ChromeCounter()
    url = "https://h.example/a"
    first = Page(id="x", host="h.example", url=url, text="Story\nUpdated at 10:00")
    list(
        counter.run(
            [first, Page(id="y", host="h.example", url=url, text="Story\nUpdated at 11:00")]
        )
    )
    assert counter.hosts["h.example"] == 1
