"""A run over a damaged WARC: every record ends as output, filtered (skipped kinds), or error."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from devtools.outputs import rows
from devtools.warc import WarcFile
from threadsift.config import RunConfig
from threadsift.executors.local import LocalExecutor


@pytest.mark.parametrize("shards", [1, 3])
def test_every_warc_record_is_accounted_for(
    damaged_warc: WarcFile,
    tmp_path: Path,
    shards: int,
) -> None:
    """With 3 shards, each reads a third of the file's records; the accounting is the same."""
    out = tmp_path / "out"
    config = RunConfig(inputs=(str(damaged_warc.path),), out=str(out), shards=shards)
    report = LocalExecutor().run(config)
    counts = report["counts"]
    assert counts["inputs"] == damaged_warc.records
    assert counts["inputs"] == sum(v for k, v in counts.items() if k != "inputs")
    skipped = {k.removeprefix("skipped_"): n for k, n in damaged_warc.skipped.items()}
    assert {k: report["filtered"][k] for k in skipped} == skipped
    assert counts["errors"] == len(rows(out, "errors")) == len(damaged_warc.errors)
    urls = {page["url"] for page in rows(out, "pages")}
    assert urls == set(damaged_warc.pages)


def test_site_chrome_reaches_html_pages(tmp_path: Path, write_warc: Callable[..., Path]) -> None:
    import random

    from devtools.corpus import article
    from devtools.warc import response

    rng = random.Random(2)
    promo = "Support our newsroom: every story we publish stays free to read for all of you."
    records = []
    for i in range(12):
        paragraphs = article(rng, 4)
        body = "".join(f"<p>{p}</p>" for p in paragraphs[:2])
        body += f"<p>{promo}</p>"
        body += "".join(f"<p>{p}</p>" for p in paragraphs[2:])
        html = f"<!doctype html><html><head><title>Story {i}</title></head><body><article>"
        html += f"<h1>Story number {i} of the day</h1>{body}</article></body></html>"
        record = response(f"https://html.example/{i}", html.encode(), f"r{i}")
        records.append(record)
    path = write_warc("crawl.warc.gz", records)
    out = tmp_path / "out"
    LocalExecutor().run(RunConfig(inputs=(str(path),), out=str(out)))
    promo_lines = [line for line in rows(out, "lines") if line["text"] and promo in line["text"]]
    assert len(promo_lines) == 12
    assert {line["reason"] for line in promo_lines} == {"site-repeated"}
    assert all(promo not in page["article"] for page in rows(out, "pages"))
