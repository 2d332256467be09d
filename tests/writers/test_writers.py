"""Writers: batches, atomic files (nothing under the final name before the end), schemas."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from threadsift.page import Comment, Label, Line, Outcome, Page
from threadsift.reading.pages import page_from_row
from threadsift.writers.corpus import CORPUS_COLUMNS, CorpusWriter, corpus_text
from threadsift.writers.parquet import ParquetWriter, schema


def sample_pages() -> list[Page]:
    good = Page(
        id="p1",
        text="Title\nStory text here.\nNice one",
        url="https://a.example/1",
        host="a.example",
        title="Title",
        author="Jo Writer",
        published="2024-01-02",
        published_raw="2 Jan 2024",
        site_name="A Example",
        article="Story text here.",
        lines=[Line(1, Label.TITLE), Line(2, Label.ARTICLE), Line(3, Label.COMMENT_TEXT)],
        comments=[
            Comment(
                index=0,
                author="ann",
                text="Nice one",
                first_line=3,
                last_line=3,
                date="2024-01-03T09:30",
                date_raw="3 Jan 2024, 9:30",
            )
        ],
    )
    bad = Page(id="p2", text="", source="x.jsonl", outcome=Outcome.ERROR, reason="x.jsonl:2: bad")
    dup = Page(id="p3", text="", title="T", article="A", outcome=Outcome.DUPLICATE, reason="d")
    return [good, bad, dup]


def test_parquet_tables_are_renamed_into_place_at_the_end(tmp_path: Path) -> None:
    paths = {
        name: str(tmp_path / f"{name}.parquet") for name in ("pages", "comments", "lines", "errors")
    }
    writer = ParquetWriter(paths, batch=1)
    stream = writer.run(iter(sample_pages()))
    next(stream)
    next(stream)
    assert not (tmp_path / "pages.parquet").exists()
    assert (tmp_path / f"pages.parquet.{os.getpid()}.tmp").exists()
    list(stream)
    assert not list(tmp_path.glob("*.tmp"))
    pages = pq.read_table(tmp_path / "pages.parquet")
    assert pages.schema.equals(schema("pages"))
    assert pages.column("outcome").to_pylist() == ["output", "duplicate"]
    first = pages.to_pylist()[0]
    assert (first["author"], first["published"], first["published_raw"], first["site_name"]) == (
        "Jo Writer",
        "2024-01-02",
        "2 Jan 2024",
        "A Example",
    )
    [comment] = pq.read_table(tmp_path / "comments.parquet").to_pylist()
    assert (comment["date"], comment["date_raw"]) == ("2024-01-03T09:30", "3 Jan 2024, 9:30")
    lines = pq.read_table(tmp_path / "lines.parquet").to_pylist()
    assert [(r["n"], r["label"], r["text"]) for r in lines] == [
        (1, "title", "Title"),
        (2, "article", "Story text here."),
        (3, "comment_text", "Nice one"),
    ]
    errors = pq.read_table(tmp_path / "errors.parquet").to_pylist()
    assert errors == [{"page_id": "p2", "source": "x.jsonl", "message": "x.jsonl:2: bad"}]


def test_corpus_has_output_pages_only_with_optional_comments(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl.gz"
    list(CorpusWriter(str(path), with_comments=True).run(iter(sample_pages())))
    with gzip.open(path, "rt") as handle:
        records = [json.loads(line) for line in handle]
    assert [r["id"] for r in records] == ["p1"]
    assert records[0]["text"] == "Title\n\nStory text here.\n\nNice one"
    page = sample_pages()[0]
    assert corpus_text(page, with_comments=False) == "Title\n\nStory text here."
    assert corpus_text(page, with_comments=True, skip={("p1", 0)}) == "Title\n\nStory text here."


def test_parquet_corpus(tmp_path: Path) -> None:
    path = tmp_path / "corpus.parquet"
    list(CorpusWriter(str(path), format="parquet").run(iter(sample_pages())))
    assert pq.read_table(path).column("text").to_pylist() == ["Title\n\nStory text here."]


def provenance_pages() -> list[Page]:
    """A page from a WARC and two from JSON Lines, with and without fields to pass through."""
    warc = Page(
        id="w1",
        text="",
        title="W",
        article="From a WARC.",
        source="crawl.warc.gz",
        source_id="<urn:uuid:1>",
        source_offset=5_000_000_000,  # beyond 32 bits
        fetched="2024-05-01T10:00:00Z",
    )
    meta = {"dump": "CC-2024", "nested": {"n": [1, 2.5, None, True]}, "text_de": "Grüße"}
    jsonl = Page(
        id="j1", text="", title="J", article="From JSON Lines.", source_id="7", metadata=meta
    )
    bare = Page(id="j2", text="", title="B", article="No other fields.", source_id="8", metadata={})
    return [warc, jsonl, bare]


def test_pages_table_keeps_provenance_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "pages.parquet"
    list(ParquetWriter({"pages": str(path)}).run(iter(provenance_pages())))
    table = pq.read_table(path)
    assert table.schema.field("source_offset").type == pa.int64()
    assert table.schema.field("metadata").type == pa.string()
    rows = table.to_pylist()
    assert [row["source_offset"] for row in rows] == [5_000_000_000, None, None]
    assert [row["fetched"] for row in rows] == ["2024-05-01T10:00:00Z", None, None]
    assert rows[0]["metadata"] is None
    assert json.loads(rows[1]["metadata"]) == provenance_pages()[1].metadata
    assert "Grüße" in rows[1]["metadata"]  # UTF-8, not \\u escapes
    assert rows[2]["metadata"] == "{}"
    for row, page in zip(rows, provenance_pages(), strict=True):
        back = page_from_row(row)
        assert (back.source_id, back.source_offset, back.fetched, back.metadata) == (
            page.source_id,
            page.source_offset,
            page.fetched,
            page.metadata,
        )


def test_corpus_keeps_provenance_in_both_formats(tmp_path: Path) -> None:
    jsonl = tmp_path / "corpus.jsonl.gz"
    list(CorpusWriter(str(jsonl)).run(iter(provenance_pages())))
    with gzip.open(jsonl, "rt") as handle:
        records = [json.loads(line) for line in handle]
    parquet = tmp_path / "corpus.parquet"
    list(CorpusWriter(str(parquet), format="parquet").run(iter(provenance_pages())))
    rows = pq.read_table(parquet).to_pylist()
    assert list(records[0]) == list(rows[0]) == list(CORPUS_COLUMNS)
    for record, row, page in zip(records, rows, provenance_pages(), strict=True):
        for name in ("source_id", "source_offset", "fetched"):
            assert record[name] == row[name] == getattr(page, name)
        assert record["metadata"] == page.metadata  # an object in JSON Lines
        assert row["metadata"] == (
            None if page.metadata is None else json.dumps(page.metadata, ensure_ascii=False)
        )
