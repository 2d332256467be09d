"""Parquet corpora: round trip, nested fields, batches, and a missing pyarrow."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from threadsift.errors import MissingDependency
from threadsift.page import Outcome, page_id
from threadsift.readers.base import Reader
from threadsift.readers.parquet import ParquetReader

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


def write(path: Path, rows: list[dict[str, object]], row_group_size: int = 2) -> Path:
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=row_group_size)
    return path


def test_round_trip_with_nested_url_and_many_batches(tmp_path: Path) -> None:
    rows = [
        {
            "text": f"Page {n}\nBody.",
            "id": str(n),
            "source": "cc",
            "metadata": {"url": f"https://pq.example/{n}", "lang": "en"},
            "unused": "x" * 10,
        }
        for n in range(7)
    ]
    path = write(tmp_path / "corpus.parquet", rows)
    reader = ParquetReader([str(path)], batch_rows=3)
    pages = list(reader.run())
    assert [page.text for page in pages] == [row["text"] for row in rows]
    assert [page.url for page in pages] == [f"https://pq.example/{n}" for n in range(7)]
    assert [page.source_id for page in pages] == [str(n) for n in range(7)]
    assert [page.id for page in pages] == [
        page_id(str(path), f"row {n + 1}", str(n)) for n in range(7)
    ]
    assert reader.stats["pages"] == 7


def test_rows_without_text_are_errors_naming_the_row(tmp_path: Path) -> None:
    path = write(tmp_path / "holes.parquet", [{"text": "a"}, {"text": None}, {"text": ""}])
    reader = ParquetReader([str(path)])
    pages = list(reader.run())
    assert [page.outcome for page in pages] == [None, Outcome.ERROR]
    assert (pages[1].reason or "").startswith(f"{path}:row 2: no text field")
    assert reader.stats["skipped_empty"] == 1


def test_not_a_parquet_file_is_an_error_page(tmp_path: Path) -> None:
    path = tmp_path / "fake.parquet"
    path.write_bytes(b"PAR1 not really")
    (page,) = ParquetReader([str(path)]).run()
    assert page.outcome is Outcome.ERROR
    assert "not a readable Parquet file" in (page.reason or "")


def test_missing_pyarrow_is_a_missing_dependency_with_install_hint(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = write(tmp_path / "x.parquet", [{"text": "a"}])
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    reader: Reader = ParquetReader([str(path)])
    with pytest.raises(MissingDependency) as caught:
        list(reader.run())
    assert (caught.value.package, caught.value.extra) == ("pyarrow", None)
    assert caught.value.hint == "pip install threadsift"  # a core package: a partial install


def test_every_other_column_passes_through_as_json_metadata(tmp_path: Path) -> None:
    """Columns the fields do not read are kept, nested structs and lists as objects and
    arrays, and the types JSON lacks as text."""
    import datetime
    import decimal

    rows = [
        {
            "text": "Story.",
            "id": 3,
            "metadata": {"url": "https://pq.example/3", "lang": "en"},
            "crawled": datetime.datetime(2024, 5, 1, 10, 0, tzinfo=datetime.UTC),
            "day": datetime.date(2024, 5, 1),
            "price": decimal.Decimal("1.50"),
            "raw": b"caf\xc3\xa9",
            "tags": ["a", "b"],
            "score": float("nan"),
        }
    ]
    path = write(tmp_path / "typed.parquet", rows)
    (page,) = ParquetReader([str(path)]).run()
    assert page.source_id == "3"
    assert page.url == "https://pq.example/3"
    assert page.metadata == {
        "metadata": {"lang": "en"},
        "crawled": "2024-05-01T10:00:00+00:00",
        "day": "2024-05-01",
        "price": "1.50",
        "raw": "café",
        "tags": ["a", "b"],
        "score": None,
    }
