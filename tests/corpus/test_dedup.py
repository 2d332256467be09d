"""The global dedup stage over fingerprint files: exact, near, comments, short articles."""

from __future__ import annotations

import random
from pathlib import Path

from devtools.corpus import article
from devtools.pages import make_page
from threadsift.config import MinhashConfig, RunConfig
from threadsift.corpus.dedup import find_duplicates
from threadsift.corpus.fingerprint import Fingerprinter
from threadsift.page import Page


def page(page_id: str, text: str, comments: tuple[str, ...] = ()) -> Page:
    """A decomposed page whose article is its whole text."""
    return make_page(text, id=page_id, article=text, comments=comments)


def test_duplicates_from_two_shards(tmp_path: Path) -> None:
    rng = random.Random(1)
    story, other = " ".join(article(rng, 5)), " ".join(article(rng, 5))
    words = story.split(" ")
    words[40] = "different"
    shards = [
        [page("b", story, ("First!", "A long thought.")), page("short", "Too short.")],
        [page("a", story), page("c", " ".join(words), ("first!",)), page("d", other)],
    ]
    files: list[tuple[str, str]] = []
    for k, pages in enumerate(shards):
        paths = (str(tmp_path / f"p{k}.parquet"), str(tmp_path / f"c{k}.parquet"))
        list(Fingerprinter(*paths, MinhashConfig(), batch=1).run(iter(pages)))
        files.append(paths)
    config = RunConfig(inputs=(), out=str(tmp_path))
    table = find_duplicates([p for p, _ in files], [c for _, c in files], config)
    rows = {(r["page_id"], r["comment"]): r for r in table.to_pylist()}
    assert set(rows) == {("b", None), ("c", None), ("c", 0)}
    assert rows["b", None]["kind"] == "exact" and rows["b", None]["duplicate_of"] == "a"
    assert rows["c", None]["kind"] == "near" and rows["c", None]["duplicate_of"] == "a"
    assert rows["c", None]["jaccard"] > 0.8
    assert rows["c", 0]["kind"] == "comment"
    assert (rows["c", 0]["duplicate_of"], rows["c", 0]["duplicate_of_comment"]) == ("b", 0)


def test_no_signatures_at_all(tmp_path: Path) -> None:
    paths = (str(tmp_path / "p.parquet"), str(tmp_path / "c.parquet"))
    list(
        Fingerprinter(*paths, MinhashConfig()).run(iter([page("x", "Short."), page("y", "Tiny.")]))
    )
    table = find_duplicates([paths[0]], [paths[1]], RunConfig(inputs=(), out=str(tmp_path)))
    assert table.num_rows == 0
