"""`threadsift run`, `query` and `search` through click's CliRunner."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from devtools.corpus import Planted, make_corpus
from threadsift.cli import cli


@pytest.fixture(scope="module")
def run_dir(
    tmp_path_factory: pytest.TempPathFactory, synth_corpus: tuple[Path, Planted]
) -> tuple[Path, Planted]:
    root = tmp_path_factory.mktemp("cli")
    inputs, planted = synth_corpus
    result = CliRunner().invoke(
        cli, ["run", str(inputs), "--out", str(root / "out"), "--with-comments", "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    return root / "out", planted


def test_run_prints_the_accounting(run_dir: tuple[Path, Planted]) -> None:
    out, planted = run_dir
    counts = json.loads((out / "run.json").read_text())["counts"]
    assert counts["inputs"] == planted.records
    assert counts["inputs"] == (
        counts["outputs"] + counts["duplicates"] + counts["filtered"] + counts["errors"]
    )
    with gzip.open(next((out / "corpus").glob("*.jsonl.gz")), "rt") as handle:
        assert "text" in json.loads(handle.readline())


def test_query_reads_tables_as_views(run_dir: tuple[Path, Planted]) -> None:
    out, _ = run_dir
    result = CliRunner().invoke(
        cli, ["query", str(out), "SELECT count(*) AS n FROM pages WHERE outcome = 'output'"]
    )
    assert result.exit_code == 0
    counts = json.loads((out / "run.json").read_text())["counts"]
    assert result.stdout.split("\n")[:2] == ["n", str(counts["outputs"])]
    result = CliRunner().invoke(cli, ["query", str(out), "--json", "FROM duplicates LIMIT 1"])
    assert set(json.loads(result.stdout)) >= {"page_id", "kind", "duplicate_of", "jaccard"}


def test_query_errors_are_one_line(run_dir: tuple[Path, Planted], tmp_path: Path) -> None:
    out, _ = run_dir
    result = CliRunner().invoke(cli, ["query", str(out), "SELEC nothing"])
    assert result.exit_code == 2  # the SQL is at fault: a usage error
    assert result.stderr.startswith("threadsift: error: SQL: Parser Error: ")
    assert result.stderr.count("\n") == 1
    result = CliRunner().invoke(cli, ["query", str(tmp_path), "SELECT 1"])
    assert result.exit_code == 1
    assert "no threadsift run output here" in result.stderr


def test_search_ranks_articles_and_comments(run_dir: tuple[Path, Planted]) -> None:
    out, _ = run_dir
    from threadsift.reading.search import search

    title_word = "cathedral"
    results = search(out, title_word, limit=5)
    assert results
    assert all(title_word in (r["title"] + r["snippet"]).lower() for r in results)
    scores = [r["score"] for r in results]
    assert scores == sorted(scores)
    result = CliRunner().invoke(cli, ["search", str(out), title_word, "--limit", "2"])
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 4


def run_story(tmp_path: Path, out: Path, *options: str) -> Result:
    """`threadsift run` of a one-story text file in `tmp_path` into `out`."""
    (tmp_path / "in.txt").write_text("Headline\n\nA story.\n")
    return CliRunner().invoke(cli, ["run", str(tmp_path / "in.txt"), "--out", str(out), *options])


def test_run_refuses_a_foreign_directory(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("x")
    result = run_story(tmp_path, tmp_path)
    assert result.exit_code == 1
    assert result.stderr.startswith("threadsift: error: ")
    assert "use a new or empty --out directory" in result.stderr


def test_bad_minhash_settings_are_usage_errors(tmp_path: Path) -> None:
    result = run_story(tmp_path, tmp_path / "o", "--bands", "7")
    assert result.exit_code == 2
    assert result.stderr == (
        "threadsift: error: --bands: permutations (128) must be a multiple of bands (7)\n"
    )


def test_quiet_and_verbose(tmp_path: Path) -> None:
    (tmp_path / "in.txt").write_text("Headline\n\n" + "A story about the river and the town. " * 5)
    quiet = CliRunner().invoke(
        cli, ["run", "-q", str(tmp_path / "in.txt"), "--out", str(tmp_path / "q")]
    )
    assert quiet.exit_code == 0
    assert quiet.stdout == quiet.stderr == ""
    verbose = CliRunner().invoke(
        cli, ["run", "-v", "-j", "1", str(tmp_path / "in.txt"), "--out", str(tmp_path / "v")]
    )
    assert verbose.exit_code == 0
    phases = [line.split(":")[1].strip() for line in verbose.stderr.splitlines()]
    assert phases == ["chrome", "learn", "split", "dedup", "settle", "index"]
    assert "threadsift: split: 1 pages, 1 shard in" in verbose.stderr
    assert verbose.stdout.startswith("threadsift: 1 input: 1 page\n")


def test_database_file_has_a_view_per_table(run_dir: tuple[Path, Planted]) -> None:
    import duckdb

    out, _ = run_dir
    db = duckdb.connect(str(out / "threadsift.duckdb"), read_only=True)
    views = {
        name
        for (name,) in db.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal"
        ).fetchall()
    }
    assert views == {"pages", "comments", "lines", "errors", "duplicates", "site_chrome"}
    assert db.execute("SELECT count(*) FROM lines").fetchone() != (0,)


def test_stdin_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["run", "-", "--out", str(tmp_path / "o")], input="x\n")
    assert result.exit_code == 2
    assert result.stderr == (
        "threadsift: error: INPUTS: a corpus run reads files, not stdin (-)"
        " (save the input to a file first)\n"
    )


def test_parquet_corpus_is_a_view(tmp_path: Path) -> None:
    make_corpus(tmp_path / "in", hosts=1, pages_per_host=4, files=1, exact=0, near=0)
    args = ["run", "-q", str(tmp_path / "in"), "--out", str(tmp_path / "o")]
    result = CliRunner().invoke(cli, [*args, "--corpus-format", "parquet", "--with-comments"])
    assert result.exit_code == 0, result.stderr
    result = CliRunner().invoke(cli, ["query", str(tmp_path / "o"), "SELECT count(*) FROM corpus"])
    counts = json.loads((tmp_path / "o" / "run.json").read_text())["counts"]
    assert result.stdout.splitlines()[1] == str(counts["outputs"])


@pytest.mark.parametrize("variant", [[], ["--fast-toxicity"]])
def test_annotate_fills_languages_and_toxicity(tmp_path: Path, variant: list[str]) -> None:
    story = "The city council approved the new budget for schools and roads on Monday evening. "
    thread = "2 comments\n\nanna says:\n\nYou are an idiot and a liar.\n\n"
    thread += "ben says:\n\nThanks, good report.\n"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.txt").write_text(f"Budget approved\n\n{story * 3}\n\n{thread}")
    args = ["run", "-q", "--annotate", *variant, str(tmp_path / "in"), "--out", str(tmp_path / "o")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.stderr

    def query(sql: str) -> list[dict[str, object]]:
        found = CliRunner().invoke(cli, ["query", str(tmp_path / "o"), "--json", sql])
        return [json.loads(line) for line in found.stdout.splitlines()]

    assert query("SELECT language FROM pages") == [{"language": "en"}]
    toxic = {row["text"]: row["toxic"] for row in query("SELECT text, toxic FROM comments")}
    assert toxic == {"You are an idiot and a liar.": True, "Thanks, good report.": False}


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    "sql",
    [
        "COPY pages TO '{tmp}/copy.csv'",
        "COPY (SELECT 'x' AS id) TO '{out}/pages/part-00000.parquet'"
        " (FORMAT parquet, USE_TMP_FILE false)",
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_text('{out}/run.json')",
        "SELECT * FROM read_parquet('{out}/pages/*.parquet')",
        "SELECT * FROM glob('/etc/*')",
        "ATTACH '{tmp}/other.db' AS other",
        "INSTALL fts",
        "LOAD fts",
        "EXPORT DATABASE '{tmp}/export'",
        "SET enable_external_access = true",
        "RESET lock_configuration",
        "PRAGMA enable_profiling",
        "SELECT count(*) FROM pages; COPY pages TO '{tmp}/second.csv'",
        "CREATE TABLE kept AS SELECT * FROM pages",
        "EXPLAIN ANALYZE COPY pages TO '{tmp}/explained.csv'",
        "CALL checkpoint()",
    ],
)
def test_query_cannot_reach_outside_the_run(
    run_dir: tuple[Path, Planted], tmp_path: Path, sql: str
) -> None:
    out, _ = run_dir
    before = _files(out)
    result = CliRunner().invoke(cli, ["query", str(out), sql.format(out=out, tmp=tmp_path)])
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    assert result.stderr.startswith("threadsift: error: ")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []
    assert _files(out) == before


def test_query_refusals_say_what_is_allowed(run_dir: tuple[Path, Planted], tmp_path: Path) -> None:
    out, _ = run_dir
    result = CliRunner().invoke(cli, ["query", str(out), f"COPY pages TO '{tmp_path}/x.csv'"])
    assert result.stderr == (
        "threadsift: error: SQL: query runs SELECT statements over the run's tables only, not"
        " COPY (see `threadsift query --help`)\n"
    )
    result = CliRunner().invoke(cli, ["query", str(out), "SELECT * FROM read_csv('/etc/passwd')"])
    assert result.stderr.startswith("threadsift: error: SQL: Permission Error: ")


@pytest.mark.parametrize(
    "sql",
    [
        "FROM pages LIMIT 1",
        "WITH o AS (SELECT * FROM pages WHERE outcome = 'output') SELECT count(*) FROM o",
        "SELECT count(*) FROM pages JOIN comments ON comments.page_id = pages.id",
        "SELECT max(quality.word_count) FROM pages",
        "DESCRIBE pages",
        "SHOW TABLES",
        "SUMMARIZE duplicates",
        "SELECT host, count(*) FROM site_chrome GROUP BY host",
        "SELECT count(*) FROM lines; SELECT count(*) FROM errors",
    ],
)
def test_query_runs_selects_over_every_view(run_dir: tuple[Path, Planted], sql: str) -> None:
    out, _ = run_dir
    result = CliRunner().invoke(cli, ["query", str(out), sql])
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) >= 2


def test_show_tables_lists_the_views(run_dir: tuple[Path, Planted]) -> None:
    out, _ = run_dir
    result = CliRunner().invoke(cli, ["query", str(out), "SHOW TABLES"])
    assert result.stdout.splitlines() == [
        "name",
        "comments",
        "duplicates",
        "errors",
        "lines",
        "pages",
        "site_chrome",
    ]


@pytest.mark.parametrize(
    "name", ["run*", "run?", "ru[n]", "r[*]n", "run\\*", "run\\x", "run's", "run#1"]
)
def test_out_names_are_never_globbed(
    run_dir: tuple[Path, Planted], tmp_path: Path, name: str
) -> None:
    import shutil

    import duckdb

    from threadsift.writers.duckdb import DATABASE, write_database

    out, _ = run_dir
    pages = rows_of(out, "pages")
    for other in ("run", "runX", "rxn", "run*", "runs", "ru[n]"):  # what a glob would also read
        shutil.copytree(out, tmp_path / other, dirs_exist_ok=True)
    target = tmp_path / name
    shutil.copytree(out, target, dirs_exist_ok=True)
    result = CliRunner().invoke(cli, ["query", str(target), "SELECT count(*) FROM pages"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["count_star()", str(pages)]
    assert write_database(target) == str(target / DATABASE)
    shutil.copyfile(target / DATABASE, tmp_path / "plain.duckdb")  # DuckDB mangles '\\' in names
    database = duckdb.connect(str(tmp_path / "plain.duckdb"), read_only=True)
    assert database.execute("SELECT count(*) FROM pages").fetchone() == (pages,)
    assert sorted(path.name for path in target.iterdir()) == sorted(p.name for p in out.iterdir())
    database.close()


def rows_of(out: Path, table: str) -> int:
    import pyarrow.parquet as pq

    return sum(pq.read_metadata(path).num_rows for path in (out / table).glob("*.parquet"))


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    story = "The council voted on the budget\x1b[2J for roads\tand schools on Monday evening. "
    (root / "in").mkdir()
    (root / "in" / "page.txt").write_text(f"Budget\x1b]0;owned\x07 vote\n\n{story * 4}\n")
    out = root / "run?#1"  # '?' and '#' would cut an SQLite URI short
    args = ["run", "-q", "--no-annotate", "-j", "1", str(root / "in"), "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.stderr
    return out


def test_query_and_search_output_shows_controls_escaped(hostile_run: Path) -> None:
    sql = "SELECT title, article FROM pages"
    result = CliRunner().invoke(cli, ["query", "--format", "table", str(hostile_run), sql])
    assert result.exit_code == 0, result.stderr
    assert not {"\x1b", "\x07"} & set(result.stdout)
    assert "Budget\\x1b]0;owned\\x07 vote" in result.stdout
    assert "The council voted on the budget\\x1b[2J for" in result.stdout
    # Piped, the CSV holds the values as they are, for a program to read.
    result = CliRunner().invoke(cli, ["query", str(hostile_run), sql])
    assert result.exit_code == 0, result.stderr
    header, row = csv.reader(io.StringIO(result.stdout))
    assert header == ["title", "article"]
    assert row[0] == "Budget\x1b]0;owned\x07 vote"
    assert row[1].startswith("The council voted on the budget\x1b[2J for roads\tand schools")
    result = CliRunner().invoke(cli, ["query", "--json", str(hostile_run), "FROM pages"])
    assert not {"\x1b", "\x07"} & set(result.stdout)
    assert json.loads(result.stdout)["title"] == "Budget\x1b]0;owned\x07 vote"
    result = CliRunner().invoke(cli, ["search", str(hostile_run), "council"])
    assert result.exit_code == 0, result.stderr
    assert not {"\x1b", "\x07"} & set(result.stdout)
    first, snippet = result.stdout.splitlines()
    assert first.endswith("  article  -  Budget\\x1b]0;owned\\x07 vote")
    assert "[council]" in snippet and "\\x1b[2J" in snippet
    assert sorted(path.name for path in hostile_run.parent.iterdir()) == ["in", "run?#1"]


def test_a_damaged_search_index_is_one_line_and_rebuilt(hostile_run: Path, tmp_path: Path) -> None:
    import shutil

    out = tmp_path / "o"
    shutil.copytree(hostile_run, out)
    (out / "search.sqlite").write_bytes(b"not a database" * 100)
    result = CliRunner().invoke(cli, ["search", str(out), "council"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"threadsift: error: {out}/search.sqlite: file is not a database"
        " (delete it, then run the same `threadsift run` command again to rebuild it)\n"
    )
    (out / "search.sqlite").unlink()
    inputs = hostile_run.parent / "in"
    args = ["run", "-q", "--no-annotate", "-j", "1", str(inputs), "--out", str(out)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    result = CliRunner().invoke(cli, ["search", str(out), "council"])
    assert result.exit_code == 0
    assert "[council]" in result.stdout


QUERY_ALLOWS = {
    "SELECT": "SELECT count(*) FROM pages",
    "WITH": "WITH o AS (FROM pages) SELECT count(*) FROM o",
    "FROM": "FROM errors",
    "DESCRIBE": "DESCRIBE lines",
    "SHOW TABLES": "SHOW TABLES",
    "SUMMARIZE": "SUMMARIZE comments",
}
QUERY_REFUSES = {
    "COPY": "COPY pages TO 'x.csv'",
    "EXPORT DATABASE": "EXPORT DATABASE 'x'",
    "ATTACH": "ATTACH 'x.db'",
    "INSTALL": "INSTALL httpfs",
    "LOAD": "LOAD httpfs",
    "SET": "SET threads = 1",
    "RESET": "RESET threads",
    "PRAGMA": "PRAGMA version",
    "CREATE": "CREATE VIEW v AS SELECT 1",
    "INSERT": "INSERT INTO pages VALUES (1)",
    "CALL": "CALL pragma_version()",
}


def test_the_cli_doc_says_what_query_allows(run_dir: tuple[Path, Planted]) -> None:
    cli_doc = (Path(__file__).parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")
    section = cli_doc.split("**What `query` allows.**")[1].split("\n\n")[0]
    out, _ = run_dir
    for name, sql in QUERY_ALLOWS.items():
        assert f"`{name}" in section
        result = CliRunner().invoke(cli, ["query", str(out), sql])
        assert result.exit_code == 0, (sql, result.stderr)
    quoted = section.split("line (`")[1].split("`")[0]
    for name, sql in QUERY_REFUSES.items():
        assert f"`{name}" in section
        result = CliRunner().invoke(cli, ["query", str(out), sql])
        assert result.exit_code == 2, sql
        assert result.stderr.startswith(quoted.replace("COPY", name.split()[0]))


def _story_inputs(root: Path) -> Path:
    make_corpus(root, hosts=1, pages_per_host=6, files=2, exact=1, near=1)
    return root


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(path.relative_to(root)): (path.stat().st_mtime_ns, path.stat().st_size)
        for path in sorted(root.rglob("*"))
    }


def test_out_an_existing_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("mine")
    result = run_story(tmp_path, tmp_path / "taken")
    assert result.exit_code == 1
    assert result.stderr == (
        f"threadsift: error: {tmp_path}/taken: not a directory"
        " (use a new or empty --out directory)\n"
    )
    assert (tmp_path / "taken").read_text() == "mine"
    result = run_story(tmp_path, tmp_path / "taken" / "sub")
    assert result.exit_code == 1
    assert result.stderr == (
        f"threadsift: error: {tmp_path}/taken/sub/_state: not a directory"
        " (use a new or empty --out directory)\n"
    )


def test_a_read_only_output_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from threadsift.executors import base

    def read_only(path: object, data: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr(base, "write_json", read_only)
    result = run_story(tmp_path, tmp_path / "o")
    assert result.exit_code == 1
    assert result.stderr == (
        f"threadsift: error: {tmp_path}/o/_state/config.json: read-only file system"
        " (use a writable --out directory)\n"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only directories")
def test_a_read_only_directory_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "o").mkdir(mode=0o555)
    result = run_story(tmp_path, tmp_path / "o")
    assert result.exit_code == 1
    assert result.stderr == (
        f"threadsift: error: {tmp_path}/o/_state: permission denied"
        " (use a writable --out directory)\n"
    )


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    from devtools.outputs import outputs

    root = tmp_path_factory.mktemp("clean")
    inputs = _story_inputs(root / "in")
    args = ["run", "-q", "--no-annotate", "-j", "1", str(inputs), "--out", str(root / "out")]
    assert CliRunner().invoke(cli, args).exit_code == 0
    return inputs, outputs(root / "out")


@pytest.mark.parametrize("where", ["parquet-commit", "parquet-write", "marker", "search-index"])
def test_disk_full_is_one_line_and_the_rerun_resumes(
    clean_run: tuple[Path, dict[str, Any]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    import errno
    import sqlite3

    from devtools.outputs import outputs
    from threadsift.executors import base
    from threadsift.writers import parquet, search
    from threadsift.writers.base import AtomicPath

    inputs, expected = clean_run
    out = tmp_path / "out"
    with monkeypatch.context() as patch:
        if where == "parquet-commit":  # the rename of a finished pages file
            commit = AtomicPath.commit

            def failing_commit(self: AtomicPath) -> None:
                if self.path.parent.name == "pages":
                    raise OSError(errno.ENOSPC, "No space left on device", str(self.tmp))
                commit(self)

            patch.setattr(AtomicPath, "commit", failing_commit)
        elif where == "parquet-write":  # pyarrow's error: an errno, no file name
            write_batch = parquet.ParquetWriter.write_batch
            calls = []

            def failing_write(self: parquet.ParquetWriter, pages: list[Any]) -> None:
                calls.append(1)
                if len(calls) == 2:
                    raise OSError(errno.ENOSPC, "Error writing bytes to file. Detail: [errno 28]")
                write_batch(self, pages)

            patch.setattr(parquet.ParquetWriter, "write_batch", failing_write)
        elif where == "marker":
            write_json = base.write_json

            def failing_marker(path: Path, data: Any) -> None:
                if "split-" in str(path):
                    raise OSError(errno.ENOSPC, "No space left on device", str(path))
                write_json(path, data)

            patch.setattr(base, "write_json", failing_marker)
        else:  # SQLite's own "database or disk is full"
            connect = sqlite3.connect

            def small_disk(*args: Any, **kwargs: Any) -> sqlite3.Connection:
                db = connect(*args, **kwargs)
                db.execute("PRAGMA max_page_count = 3")
                return db

            patch.setattr(search.sqlite3, "connect", small_disk)
        args = ["run", "-q", "--no-annotate", "-j", "1", str(inputs), "--out", str(out)]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1, result.stderr
        assert result.stderr.startswith("threadsift: error: ")
        assert result.stderr.count("\n") == 1
        assert "no space left on device" in result.stderr or "disk is full" in result.stderr
        assert result.stderr.endswith(
            " (free some space, then run the same command again: the run resumes)\n"
        )
        assert not (out / "run.json").exists()
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.stderr
    assert outputs(out) == expected
    assert not list(out.glob("*/*.tmp"))


def test_a_complete_run_reruns_without_writing(tmp_path: Path) -> None:
    inputs = _story_inputs(tmp_path / "in")
    args = ["run", "--no-annotate", "-j", "1", str(inputs), "--out", str(tmp_path / "out")]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0
    before = _snapshot(tmp_path / "out")
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0, again.stderr
    assert again.stdout == first.stdout
    assert _snapshot(tmp_path / "out") == before  # so a read-only directory is fine


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only directories")
def test_a_complete_run_reruns_on_a_read_only_directory(tmp_path: Path) -> None:
    inputs = _story_inputs(tmp_path / "in")
    args = ["run", "-q", "--no-annotate", "-j", "1", str(inputs), "--out", str(tmp_path / "out")]
    assert CliRunner().invoke(cli, args).exit_code == 0
    for path in [tmp_path / "out", *(tmp_path / "out").rglob("*")]:
        if path.is_dir():
            path.chmod(0o555)
    try:
        result = CliRunner().invoke(cli, args)
    finally:
        for path in [tmp_path / "out", *(tmp_path / "out").rglob("*")]:
            if path.is_dir():
                path.chmod(0o755)
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("inputs", ["in", "in/**"])
def test_an_out_inside_the_inputs_is_not_read_on_the_rerun(tmp_path: Path, inputs: str) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.txt").write_text("Headline\n\n" + "A story about the river. " * 9)
    out = tmp_path / "in" / "out"
    args = ["run", "-q", "--no-annotate", "-j", "1", str(tmp_path / inputs), "--out", str(out)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    (out / "run.json").unlink()  # as if killed at the end: the rerun reads its inputs again
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0, again.stderr
    report = json.loads((out / "run.json").read_text())
    assert report["config"]["inputs"] == [str(tmp_path / "in" / "page.txt")]
    assert report["counts"]["inputs"] == report["counts"]["outputs"] == 1


@pytest.mark.parametrize("quiet", [[], ["-q"]])
@pytest.mark.parametrize("name", ["missing", "nothing*.html"])
def test_run_on_an_input_matching_nothing_fails_before_starting(
    tmp_path: Path, name: str, quiet: list[str]
) -> None:
    (tmp_path / "page.txt").write_text("Headline\n\nThe story.\n", encoding="utf-8")
    item = str(tmp_path / name)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["run", *quiet, str(tmp_path / "page.txt"), item, "--out", str(out)]
    )
    assert result.exit_code == 1
    message = "no such file or directory" if name == "missing" else "no file matches this pattern"
    assert result.stderr == f"threadsift: error: {item}: {message}\n"
    assert result.stdout == ""
    assert not out.exists()


def test_search_shows_each_hits_page_id_and_url(run_dir: tuple[Path, Planted]) -> None:
    from threadsift.reading.search import search

    out, _ = run_dir
    expected = search(out, "cathedral", limit=3)
    assert expected and all(hit["url"] for hit in expected)
    result = CliRunner().invoke(cli, ["search", str(out), "cathedral", "--limit", "3"])
    assert result.exit_code == 0, result.stderr
    firsts = result.stdout.splitlines()[::2]
    for line, hit in zip(firsts, expected, strict=True):
        where = hit["kind"] if hit["comment"] is None else f"comment {hit['comment']}"
        assert line.startswith(f"{hit['page_id']}  {where}  {hit['url']}  ")
    result = CliRunner().invoke(cli, ["search", "--json", str(out), "cathedral", "--limit", "3"])
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line) for line in result.stdout.splitlines()] == expected


def test_search_without_url_shows_a_dash(hostile_run: Path) -> None:
    result = CliRunner().invoke(cli, ["search", str(hostile_run), "council"])
    assert result.stdout.splitlines()[0].split("  ")[2] == "-"


@pytest.mark.parametrize("as_json", [[], ["--json"]])
def test_search_without_a_hit_says_so_and_exits_1(hostile_run: Path, as_json: list[str]) -> None:
    result = CliRunner().invoke(cli, ["search", *as_json, str(hostile_run), "zebra giraffe"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"threadsift: nothing matches 'zebra giraffe' in {hostile_run}\n"


@pytest.mark.parametrize("options", [["-q"], ["-v"]])
def test_a_resume_with_nothing_to_do_leaves_run_json_as_it_was(
    tmp_path: Path, options: list[str]
) -> None:
    inputs = _story_inputs(tmp_path / "in")
    args = ["run", "--no-annotate", "-j", "1", str(inputs), "--out", str(tmp_path / "out")]
    assert CliRunner().invoke(cli, args).exit_code == 0
    report = tmp_path / "out" / "run.json"
    before = (report.read_bytes(), report.stat().st_mtime_ns)
    again = CliRunner().invoke(cli, [*args, *options])
    assert again.exit_code == 0, again.stderr
    assert (report.read_bytes(), report.stat().st_mtime_ns) == before  # timings not rewritten


def test_a_comment_hit_holds_the_words_and_shows_its_pages_url_and_title(tmp_path: Path) -> None:
    from threadsift.reading.search import search

    seed = Path(__file__).parent / "data" / "seeds" / "000_7fe71d9ef4cd9f31.txt"
    url = "https://news.example.org/a-story/"
    record = {"id": "a", "url": url, "text": seed.read_text(encoding="utf-8")}
    (tmp_path / "in.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["run", "-q", "--no-annotate", "-j", "1", str(tmp_path / "in.jsonl"), "--out", str(out)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    hits = search(out, "drones", limit=50)
    assert {hit["kind"] for hit in hits} == {"article", "comment"}
    assert {hit["url"] for hit in hits} == {url}
    # The page's title has the word too: a comment without it is no hit.
    title = next(hit["title"] for hit in hits if hit["kind"] == "article")
    assert "Drones" in title and {hit["title"] for hit in hits} == {title}
    comments = [hit for hit in hits if hit["kind"] == "comment"]
    assert len(comments) == 3 and all("[drones]" in hit["snippet"] for hit in comments)
    result = CliRunner().invoke(cli, ["search", str(out), "drones"])
    assert all(f"  {url}  " in line for line in result.stdout.splitlines()[::2])
