"""Random damage to one record of a WARC (or its gzip member) costs that record only, no raise."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import pytest

from devtools.warc import html, response
from threadsift.page import Outcome
from threadsift.readers.warc import WarcReader

N = 12


def damage(member: bytes, rng: random.Random) -> bytes:
    kind = rng.choice(["flip", "cut", "insert", "chop_end"])
    data = bytearray(member)
    if kind == "flip":
        for _ in range(rng.randint(1, 8)):
            i = rng.randrange(10, len(data))
            data[i] ^= rng.randint(1, 255)
    elif kind == "cut":
        start = rng.randrange(10, len(data) - 1)
        del data[start : start + rng.randint(1, len(data) - start)]
    elif kind == "insert":
        at = rng.randrange(0, len(data))
        data[at:at] = bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 200)))
    else:
        del data[rng.randrange(1, len(data)) :]
    return bytes(data)


@pytest.mark.parametrize("gzipped", [True, False], ids=["warc.gz", "warc"])
@pytest.mark.parametrize("seed", range(40))
def test_damage_to_one_record_costs_that_record_only(
    tmp_path: Path, seed: int, gzipped: bool
) -> None:
    rng = random.Random(seed)
    urls = [f"https://f.example/{n}" for n in range(N)]
    members = [
        response(url, html(f"Page {n}", "words " * rng.randint(5, 400)), str(n))
        for n, url in enumerate(urls)
    ]
    if gzipped:
        members = [gzip.compress(member) for member in members]
    hit = rng.randrange(N)
    members[hit] = damage(members[hit], rng)
    path = tmp_path / ("fuzz.warc.gz" if gzipped else "fuzz.warc")
    path.write_bytes(b"".join(members))

    reader = WarcReader([str(path)])
    pages = list(reader.run())  # must not raise

    # Every other record is read; the damaged one may come out garbled (a URL cut), or not.
    read = [page.url for page in pages if page.outcome is None and page.url != urls[hit]]
    assert [url for url in urls if url != urls[hit]] == [url for url in read if url in urls]
    errors = [page for page in pages if page.outcome is Outcome.ERROR]
    assert len(errors) <= 2
    assert all(
        str(path) in (page.reason or "") and "offset" in (page.reason or "") for page in errors
    )
    # The damaged record ends somewhere: a page (maybe garbled), an error or a counted skip.
    others = [page for page in pages if page.url in urls and page.url != urls[hit]]
    skipped = sum(n for key, n in reader.stats.items() if key.startswith("skipped_"))
    assert len(pages) - len(others) + skipped >= 1
