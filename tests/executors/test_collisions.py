"""Records that share an id, or are copies of each other, through a whole run (issue 10).

Before: the same JSON Lines record in two files was a "near-duplicate of" its own id and never
output; two records with one id were both output under it, their comments mixed; the same page
in five WARC files was `filtered: no-article` five times, its own lines learned as chrome.
"""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

from devtools.corpus import article
from devtools.outputs import rows
from devtools.warc import response
from threadsift.config import RunConfig
from threadsift.executors.local import LocalExecutor


def run(tmp_path: Path, inputs: list[Path], shards: int = 1) -> dict[str, int]:
    out = tmp_path / "out"
    config = RunConfig(inputs=tuple(map(str, inputs)), out=str(out), shards=shards, annotate=False)
    counts: dict[str, int] = LocalExecutor(jobs=2).run(config)["counts"]
    assert counts["inputs"] == sum(v for k, v in counts.items() if k != "inputs")
    return counts


def story(seed: int) -> str:
    return "\n\n".join(article(random.Random(seed), 4))


def test_the_same_record_in_two_files_is_output_once(tmp_path: Path) -> None:
    record = {"id": "doc-1", "text": f"Headline\n\n{story(1)}"}
    for name in ("a.jsonl", "b.jsonl"):
        (tmp_path / name).write_text(json.dumps(record) + "\n")
    counts = run(tmp_path, [tmp_path / "a.jsonl", tmp_path / "b.jsonl"], shards=2)
    assert (counts["outputs"], counts["duplicates"]) == (1, 1)
    pages = rows(tmp_path / "out", "pages")
    assert [page["source_id"] for page in pages] == ["doc-1", "doc-1"]
    assert sorted(page["outcome"] for page in pages) == ["duplicate", "output"]


def test_two_records_under_one_id_stay_two_pages(tmp_path: Path) -> None:
    one = {"id": "same", "text": f"First headline\n\n{story(2)}"}
    two = {"id": "same", "text": f"Second headline\n\n{story(3)}"}
    path = tmp_path / "ids.jsonl"
    path.write_text(json.dumps(one) + "\n" + json.dumps(two) + "\n")
    counts = run(tmp_path, [path])
    assert counts["outputs"] == 2
    pages = rows(tmp_path / "out", "pages")
    assert len({page["id"] for page in pages}) == 2
    assert {page["title"] for page in pages} == {"First headline", "Second headline"}
    assert {page["source_id"] for page in pages} == {"same"}


def test_a_page_in_five_warc_files_is_one_output_and_four_duplicates(tmp_path: Path) -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in article(random.Random(4), 5))
    html = (
        "<!doctype html><html><head><title>The story</title></head><body>"
        f"<article><h1>The story of the day</h1>{paragraphs}</article></body></html>"
    )
    record = gzip.compress(response("https://copies.example/story", html.encode(), "story"))
    others = []
    for i in range(12):  # enough other pages of the host to learn its chrome from
        body = "".join(f"<p>{p}</p>" for p in article(random.Random(100 + i), 4))
        page = f"<html><head><title>Other {i}</title></head><body><article>{body}</article>"
        others.append(response(f"https://copies.example/{i}", page.encode(), f"o{i}"))
    inputs = []
    for k in range(5):
        path = tmp_path / f"crawl-{k}.warc.gz"
        path.write_bytes(record + b"".join(map(gzip.compress, others[k::5])))
        inputs.append(path)
    counts = run(tmp_path, inputs, shards=5)
    assert (counts["outputs"], counts["duplicates"], counts["filtered"]) == (13, 4, 0)
    kept = [page for page in rows(tmp_path / "out", "pages") if page["title"] == "The story"]
    assert [page["outcome"] for page in sorted(kept, key=lambda p: p["outcome"])] == [
        *["duplicate"] * 4,
        "output",
    ]
