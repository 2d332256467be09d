"""`threadsift split` on crawl and corpus inputs: every record ends somewhere, no traceback."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from readers.builders import WarcFile
from threadsift.cli import cli


def run(*args: str, input: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_split_damaged_warc_accounts_for_every_record(damaged_warc: WarcFile) -> None:
    pytest.importorskip("resiliparse")
    pytest.importorskip("trafilatura")
    code, out, err = run("split", str(damaged_warc.path))

    records = [json.loads(line) for line in out.splitlines()]
    assert [record["url"] for record in records] == damaged_warc.pages
    assert all(record["lines"] for record in records)
    lines = err.splitlines()
    assert "Traceback" not in err
    errors = [line for line in lines if line.startswith("threadsift: error: ")]
    assert len(errors) == len(damaged_warc.errors)
    for line, offset in zip(errors, damaged_warc.errors, strict=True):
        assert f"{damaged_warc.path}: " in line and f"offset {offset}" in line
    skipped = sum(damaged_warc.skipped.values())
    assert lines[-1] == (
        f"threadsift: {damaged_warc.records} inputs: {len(records)} pages, {skipped} filtered "
        "(http_status 1, metadata 1, non_html 1, request 1, revisit 1, warcinfo 1), 3 errors"
    )
    assert code == 1


def test_split_jsonl_from_stdin_with_field_options() -> None:
    data = b'{"body": "Headline\\n\\nThe story goes on.\\n", "link": "https://s.example/1"}\n'
    code, out, err = run(
        "split", "--text-field", "body", "--url-field", "link", "-", input=gzip.compress(data)
    )
    assert code == 0, err
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert (record["url"], record["host"], record["source"]) == (
        "https://s.example/1",
        "s.example",
        "<stdin>",
    )
    assert err == "threadsift: 1 input: 1 page\n"


def test_forced_format(tmp_path: Path) -> None:
    path = tmp_path / "rows.txt"
    path.write_bytes(b'{"text": "Headline\\n\\nStory.\\n", "id": "x"}\n')
    code, out, _ = run("split", "--format", "jsonl", str(path))
    assert code == 0
    assert json.loads(out)["source"] == str(path)
    code, out, _ = run("split", str(path))
    assert json.loads(out)["lines"][0]["n"] == 1  # read as one text page instead


def test_missing_pyarrow_is_one_line_with_the_install_hint(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "rows.parquet"
    path.write_bytes(b"PAR1")
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    code, out, err = run("split", str(path))
    assert code == 2
    assert out == ""
    assert "Error: reading Parquet needs pyarrow (pip install 'threadsift[parquet]')" in err
    assert "Traceback" not in err
