"""Provenance through a whole run and through `split` (issue 12, item 5).

Before: a JSON Lines record's other fields were dropped, and a WARC page kept neither its
record's offset nor its WARC-Date, so results could not be joined back to their dataset.
"""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from devtools.corpus import article
from devtools.outputs import corpus, rows
from devtools.warc import corrupt_member, response, warc_record
from threadsift.cli import cli
from threadsift.config import RunConfig
from threadsift.executors.local import LocalExecutor
from threadsift.reading.query import query


def story(seed: int) -> str:
    return "\n\n".join(article(random.Random(seed), 4))


def html(seed: int) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in article(random.Random(seed), 5))
    page = f"<!doctype html><html><head><title>Story {seed}</title></head><body><article>"
    return (page + f"<h1>Story {seed} of the day</h1>{paragraphs}</article></body></html>").encode()


def build_warc(path: Path) -> dict[str, dict[str, Any]]:
    """A WARC.gz of three HTML pages among a request and a corrupt member; what each page's
    provenance must be, by URL."""
    expected: dict[str, dict[str, Any]] = {}
    out = bytearray()
    out += gzip.compress(
        warc_record("request", b"GET / HTTP/1.1\r\n\r\n", uri="https://w.example/")
    )
    for n in range(3):
        if n == 2:
            out += corrupt_member(response("https://w.example/bad", html(99) * 3, "bad"))
        url, date = f"https://w.example/{n}", f"2024-05-0{n + 1}T10:00:00Z"
        expected[url] = {
            "source_id": f"<urn:uuid:w{n}>",
            "source_offset": len(out),
            "fetched": date,
        }
        out += gzip.compress(response(url, html(10 + n), f"w{n}", date=date))
    path.write_bytes(bytes(out))
    return expected


RECORDS: list[dict[str, Any]] = [
    {"key": "a", "text": f"First headline\n\n{story(1)}", "lang": "en", "meta": {"score": 3}},
    {"key": "b", "text": f"Second headline\n\n{story(2)}", "lang": "de", "tags": ["x", "y"]},
    # The same text as the first, under another key: a duplicate, with fields of its own.
    {"key": "c", "text": f"First headline\n\n{story(1)}", "lang": "en", "meta": {"score": 1}},
    {"key": "d", "text": "  ", "lang": "en"},  # empty text: skipped
]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp("inputs")
    expected = build_warc(root / "crawl.warc.gz")
    jsonl = root / "docs.jsonl"
    lines = [json.dumps(record) for record in RECORDS]
    jsonl.write_text("\n".join([*lines[:2], "{not json", *lines[2:]]) + "\n")
    return root / "crawl.warc.gz", jsonl, expected


@pytest.mark.parametrize("corpus_format", ["jsonl.gz", "parquet"])
def test_a_run_keeps_provenance_in_pages_and_corpus(
    inputs: tuple[Path, Path, dict[str, Any]], tmp_path: Path, corpus_format: str
) -> None:
    warc, jsonl, expected = inputs
    out = tmp_path / "out"
    config = RunConfig(
        inputs=(str(warc), str(jsonl)),
        out=str(out),
        shards=2,
        id_field="key",
        corpus_format=corpus_format,
        annotate=False,
    )
    report = LocalExecutor(jobs=2).run(config)
    counts = report["counts"]
    # 1 request + 3 pages + 1 corrupt member; 4 JSON records + 1 bad line.
    assert counts["inputs"] == 10
    assert counts["inputs"] == sum(v for k, v in counts.items() if k != "inputs")
    assert (counts["outputs"], counts["duplicates"], counts["errors"]) == (5, 1, 2)

    pages = {page["url"] or page["source_id"]: page for page in rows(out, "pages")}
    for url, provenance in expected.items():
        assert {name: pages[url][name] for name in provenance} == provenance
        assert pages[url]["metadata"] is None
    by_key = {record["key"]: record for record in RECORDS}
    for key in ("a", "b", "c"):
        page = pages[key]
        assert (page["source_offset"], page["fetched"]) == (None, None)
        fields = {k: v for k, v in by_key[key].items() if k not in ("key", "text")}
        assert json.loads(page["metadata"]) == fields
    # One of the copies is set aside, its fields kept with it.
    assert sorted(pages[key]["outcome"] for key in "ac") == ["duplicate", "output"]
    copy = next(key for key in "ac" if pages[key]["outcome"] == "output")

    if corpus_format == "jsonl.gz":
        records = corpus(out)
    else:
        import pyarrow.parquet as pq

        records = [
            {**row, "metadata": None if row["metadata"] is None else json.loads(row["metadata"])}
            for path in sorted((out / "corpus").glob("*.parquet"))
            for row in pq.read_table(path).to_pylist()
        ]
    kept = {record["url"] or record["source_id"]: record for record in records}
    assert set(kept) == {*expected, copy, "b"}
    for url, provenance in expected.items():
        assert {name: kept[url][name] for name in provenance} == provenance
    assert kept["b"]["metadata"] == {"lang": "de", "tags": ["x", "y"]}

    # The JSON text is queried with DuckDB's JSON functions.
    sql = "SELECT source_id FROM pages WHERE metadata->>'$.meta.score' = '3'"
    assert query(out, sql) == (["source_id"], [("a",)])


def test_split_writes_provenance_in_the_json_record(
    inputs: tuple[Path, Path, dict[str, Any]],
) -> None:
    warc, jsonl, expected = inputs
    result = CliRunner().invoke(cli, ["split", "--id-field", "key", str(warc), str(jsonl)])
    # The damaged member and the bad line are errors on stderr (and the exit status says so).
    assert result.stderr.count("threadsift: error:") == 2
    records = [json.loads(line) for line in result.stdout.splitlines()]
    pages = {record["url"] or record["source_id"]: record for record in records}
    assert set(pages) == {*expected, "a", "b", "c"}
    for url, provenance in expected.items():
        assert {name: pages[url][name] for name in provenance} == provenance
    assert pages["a"]["metadata"] == {"lang": "en", "meta": {"score": 3}}
    assert pages["a"]["source_offset"] is None


def test_a_run_of_another_schema_version_is_not_resumed(
    inputs: tuple[Path, Path, dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its tables would mix two layouts (a `pages` part without `metadata`, say)."""
    import threadsift.config
    from threadsift.errors import OutputError

    warc, _, _ = inputs
    config = RunConfig(inputs=(str(warc),), out=str(tmp_path / "out"), annotate=False)
    monkeypatch.setattr(threadsift.config, "SCHEMA_VERSION", 5)
    older = config.fingerprint()
    LocalExecutor().run(config)
    monkeypatch.undo()
    assert config.fingerprint() != older
    with pytest.raises(OutputError, match="holds the output of a run with other inputs"):
        LocalExecutor().run(config)
