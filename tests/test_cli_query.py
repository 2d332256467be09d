"""`threadsift query` output: CSV, JSON Lines and Parquet that round-trip, a table on a terminal."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import threadsift
from threadsift import cli_run
from threadsift.cli import cli
from threadsift.reading.results import csv_field

# Each value is built in SQL with chr() so that no quoting of the test itself is involved.
ROWS_SQL = """
SELECT * FROM (VALUES
    (1, 'tab' || chr(9) || 'bed', NULL, 'plain', true),
    (2, 'two' || chr(10) || 'lines' || chr(13) || chr(10) || 'crlf', '', 'a,b', false),
    (3, 'say "hi", ''bye''', 'x', NULL, NULL),
    (4, 'Zürich – 東京 – emoji 🙂', ' ', '"', true),
    (5, '', NULL, 'esc' || chr(27) || '[2J', false)
) AS t(n, text, maybe, other, flag)
ORDER BY n
"""
EXPECTED: list[dict[str, Any]] = [
    {"n": 1, "text": "tab\tbed", "maybe": None, "other": "plain", "flag": True},
    {"n": 2, "text": "two\nlines\r\ncrlf", "maybe": "", "other": "a,b", "flag": False},
    {"n": 3, "text": "say \"hi\", 'bye'", "maybe": "x", "other": None, "flag": None},
    {"n": 4, "text": "Zürich – 東京 – emoji 🙂", "maybe": " ", "other": '"', "flag": True},
    {"n": 5, "text": "", "maybe": None, "other": "esc\x1b[2J", "flag": False},
]
NAMES = list(EXPECTED[0])


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("query")
    story = "The council met on Tuesday evening to discuss the new budget for the harbour. "
    (root / "page.txt").write_text(f"Budget\n\n{story * 3}\n", encoding="utf-8")
    threadsift.run(root / "page.txt", root / "out", jobs=1, annotate=False)
    return root / "out"


def query(run_dir: Path, *options: str, sql: str = ROWS_SQL) -> Any:
    return CliRunner().invoke(cli, ["query", *options, str(run_dir), sql])


def test_piped_output_is_csv_that_round_trips(run_dir: Path) -> None:
    result = query(run_dir)
    assert result.exit_code == 0, result.stderr
    # stdout as written (click's Result.stdout turns CRLF into LF).
    rows = list(csv.reader(io.StringIO(result.stdout_bytes.decode("utf-8"), newline="")))
    assert rows[0] == NAMES
    # The csv module reads NULL and "" alike; every other value comes back as written.
    flags = {True: "true", False: "false", None: ""}
    assert rows[1:] == [
        [str(r["n"]), r["text"], r["maybe"] or "", r["other"] or "", flags[r["flag"]]]
        for r in EXPECTED
    ]


def test_csv_keeps_null_and_the_empty_string_apart(run_dir: Path) -> None:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    result = query(run_dir)
    # As PostgreSQL and DuckDB read CSV: an empty unquoted field is NULL, "" the empty string.
    table = pacsv.read_csv(
        io.BytesIO(result.stdout_bytes),
        convert_options=pacsv.ConvertOptions(
            strings_can_be_null=True,
            quoted_strings_can_be_null=False,
            column_types={"maybe": pa.string(), "other": pa.string()},
        ),
    )
    assert table.to_pylist() == EXPECTED
    line_five = result.stdout.splitlines()[-1]
    assert line_five == '5,"",,esc\x1b[2J,false'


def test_csv_fields() -> None:
    assert [csv_field(v) for v in (None, "", "a", "a,b", 'a"b', "a\nb", 1, 2.5, True)] == [
        "",
        '""',
        "a",
        '"a,b"',
        '"a""b"',
        '"a\nb"',
        "1",
        "2.5",
        "true",
    ]
    assert csv_field({"words": 3, "tags": ["a"]}) == '"{""words"": 3, ""tags"": [""a""]}"'


def test_jsonl_round_trips_with_null(run_dir: Path) -> None:
    for options in (["--format", "jsonl"], ["--json"]):
        result = query(run_dir, *options)
        assert result.exit_code == 0, result.stderr
        lines = result.stdout_bytes.decode("utf-8").split("\n")
        assert lines.pop() == ""
        assert [json.loads(line) for line in lines] == EXPECTED
        assert "\x1b" not in result.stdout  # escaped as JSON does, \u001b


def test_parquet_keeps_the_types(run_dir: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    target = tmp_path / "rows.parquet"
    result = query(run_dir, "--format", "parquet", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"threadsift: 5 rows written to {target}\n"
    assert result.stdout == ""
    assert pq.read_table(target).to_pylist() == EXPECTED
    assert [path.name for path in tmp_path.iterdir()] == ["rows.parquet"]
    nested = tmp_path / "pages.parquet"
    sql = "SELECT id, quality, published FROM pages"
    assert query(run_dir, "-o", str(nested), sql=sql).exit_code == 0  # from the suffix
    table = pq.read_table(nested)
    assert table.schema.field("quality").type.num_fields > 10  # a struct, as in the table


@pytest.mark.parametrize(("name", "format"), [("rows.csv", "csv"), ("rows.jsonl", "jsonl")])
def test_output_format_follows_the_file_suffix(
    run_dir: Path, tmp_path: Path, name: str, format: str
) -> None:
    target = tmp_path / name
    result = query(run_dir, "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert target.read_bytes() == query(run_dir, "--format", format).stdout_bytes


def test_the_table_on_a_terminal(run_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_run, "_on_terminal", lambda: True)
    result = query(run_dir)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == query(run_dir, "--format", "table").stdout
    lines = result.stdout.splitlines()
    body = lines[3:-1]  # top border, header, rule ... bottom border
    assert len(body) == len(EXPECTED)  # one line per row: tabs and newlines escaped
    assert "tab\\tbed" in body[0] and "NULL" in body[0]
    assert "two\\nlines\\r\\ncrlf" in body[1]
    assert "\x1b" not in result.stdout and "esc\\x1b[2J" in body[4]
    assert "Zürich – 東京 – emoji 🙂" in body[3]


def test_a_terminal_table_shows_at_most_so_many_rows(
    run_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_run, "TABLE_ROWS", 3)
    result = query(run_dir, "--format", "table", sql="SELECT * FROM range(10)")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 3 + 3 + 1
    assert result.stderr == (
        "threadsift: showing 3 of 10 rows (--format csv, jsonl or parquet for all)\n"
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--format", "parquet"], "--format parquet needs --output FILE"),
        (["--json", "--format", "csv"], "--json and --format csv disagree; give one of them"),
        (
            ["--format", "table", "-o", "x.txt"],
            "--output writes csv, jsonl or parquet, not a table",
        ),
        (
            ["-o", "DIR/pages/x.parquet"],
            "--output DIR/pages/x.parquet is inside a table of DIR; write it elsewhere",
        ),
    ],
)
def test_usage_errors(run_dir: Path, options: list[str], message: str) -> None:
    options = [option.replace("DIR", str(run_dir)) for option in options]
    message = message.replace("DIR", str(run_dir))
    result = query(run_dir, *options)
    assert result.exit_code == 2
    assert result.stderr.endswith(f"Error: {message}\n")
    assert not Path("x.txt").exists()
    assert not (run_dir / "pages" / "x.parquet").exists()


def test_an_output_that_cannot_be_written_is_one_line(run_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "rows.csv"
    result = query(run_dir, "--output", str(target))
    assert result.exit_code == 1
    assert result.stderr == f"threadsift: error: {target}: no such file or directory\n"


def test_a_reader_that_stops_early_gets_no_error_line(run_dir: Path) -> None:
    """`query ... | head -1`: the closed pipe ends the command quietly, as it does other tools."""
    import subprocess
    import sys

    sql = "SELECT range AS n, repeat('x', 200) AS pad FROM range(200000)"
    command = [sys.executable, "-m", "threadsift", "query", "--format", "jsonl", str(run_dir), sql]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        assert json.loads(process.stdout.readline())["n"] == 0
        process.stdout.close()
        stderr = process.stderr.read().decode("utf-8")
    assert "error" not in stderr and "Traceback" not in stderr, stderr
