"""`threadsift split` on crawl and corpus inputs: every record ends somewhere, no traceback."""

from __future__ import annotations

import glob
import gzip
import json
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from devtools.warc import WarcFile
from threadsift.cli import cli
from threadsift.errors import InputError


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
    assert code == 1
    assert out == ""
    assert err == (
        "threadsift: error: reading Parquet needs the pyarrow package (pip install threadsift)\n"
    )


def test_a_recursive_glob_does_not_follow_a_symlink_loop(tmp_path: Path) -> None:
    import subprocess

    (tmp_path / "crawl" / "day1").mkdir(parents=True)
    (tmp_path / "crawl" / "day1" / "a.txt").write_text("Headline\n\nStory.\n")
    for name in ("loop", "again", "more"):  # each doubles the paths a followed loop gives
        (tmp_path / "crawl" / "day1" / name).symlink_to(tmp_path / "crawl")
    code = (
        "import sys; from threadsift.readers.inputs import expand_inputs;"
        " print(expand_inputs([sys.argv[1]]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "crawl" / "**" / "*.txt")],
        capture_output=True,
        text=True,
        timeout=20,
        check=True,
    )
    assert done.stdout == f"{[str(tmp_path / 'crawl' / 'day1' / 'a.txt')]}\n"


def test_recursive_globs_match_like_glob(tmp_path: Path) -> None:
    from threadsift.readers.inputs import expand_inputs

    for name in ("a.txt", "b/c.txt", "b/d/e.txt", "b/.hidden/f.txt", ".g.txt", "b/h.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "i.txt").write_text("x")
    (tmp_path / "b" / "link").symlink_to(tmp_path / "real")
    for pattern in ("**/*.txt", "b/**/*.txt", "**", "b/**", "*/*.txt", "**/d/*.txt", "**/.*.txt"):
        found = expand_inputs([str(tmp_path / pattern)])
        expected = [
            path
            for path in sorted(glob.glob(str(tmp_path / pattern), recursive=True))
            if not os.path.isdir(path) and "/link/" not in path  # symlinked dirs are not walked
        ]
        assert found == (expected or [str(tmp_path / pattern)]), pattern
    assert str(tmp_path / "b" / "link" / "i.txt") in expand_inputs([str(tmp_path / "b/*/*.txt")])


def test_the_output_directory_is_not_an_input(tmp_path: Path) -> None:
    from threadsift.readers.inputs import expand_inputs

    (tmp_path / "in" / "out" / "pages").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text("x")
    (tmp_path / "in" / "out" / "run.json").write_text("{}")
    (tmp_path / "in" / "out" / "pages" / "part-00000.parquet").write_text("x")
    out = str(tmp_path / "in" / "out")
    a = str(tmp_path / "in" / "a.txt")
    assert expand_inputs([str(tmp_path / "in")], exclude=out) == [a]
    assert expand_inputs([str(tmp_path / "in" / "**")], exclude=out) == [a]
    with pytest.raises(InputError, match="no file matches this pattern"):  # all are the output's
        expand_inputs([str(tmp_path / "in" / "*" / "*")], exclude=f"{tmp_path}/in/./out/")
    assert expand_inputs([str(tmp_path / "in" / "out" / "run.json")], exclude=out) == [
        f"{out}/run.json"  # named explicitly: read
    ]
