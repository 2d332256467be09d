from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from threadsift.reading.search import search
from threadsift.writers.search import write_search_index


def test_a_comment_hit_shows_its_page_url(tmp_path: Path) -> None:
    for table in ("pages", "comments"):
        (tmp_path / table).mkdir()
    page = {"id": "p1", "url": "https://a.example/story", "title": "Bridge", "outcome": "output"}
    pq.write_table(
        pa.Table.from_pylist([{**page, "article": "The council voted on the bridge."}]),
        tmp_path / "pages" / "part-00000.parquet",
    )
    pq.write_table(
        pa.Table.from_pylist([{"page_id": "p1", "index": 0, "text": "Finally a ferry!"}]),
        tmp_path / "comments" / "part-00000.parquet",
    )
    assert write_search_index(tmp_path) == {"articles": 1, "comments": 1}
    [hit] = search(tmp_path, "ferry")
    assert (hit["kind"], hit["comment"], hit["url"]) == ("comment", 0, "https://a.example/story")
