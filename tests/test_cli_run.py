"""`threadsift run`, `query` and `search` through click's CliRunner."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from corpus.synth import Planted, make_corpus

from threadsift.cli import cli


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Planted]:
    root = tmp_path_factory.mktemp("cli")
    planted = make_corpus(root / "in")
    result = CliRunner().invoke(
        cli, ["run", str(root / "in"), "--out", str(root / "out"), "--with-comments", "-j", "1"]
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
    assert result.exit_code == 1
    assert result.stderr.startswith("threadsift: error: ")
    assert result.stderr.count("\n") == 1
    result = CliRunner().invoke(cli, ["query", str(tmp_path), "SELECT 1"])
    assert result.exit_code == 1
    assert "no threadsift run output here" in result.stderr


def test_search_ranks_articles_and_comments(run_dir: tuple[Path, Planted]) -> None:
    out, _ = run_dir
    from threadsift.writers.search import search

    title_word = "cathedral"
    results = search(out, title_word, limit=5)
    assert results
    assert all(title_word in (r["title"] + r["snippet"]).lower() for r in results)
    scores = [r["score"] for r in results]
    assert scores == sorted(scores)
    result = CliRunner().invoke(cli, ["search", str(out), title_word, "--limit", "2"])
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 4


def test_run_refuses_a_foreign_directory(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("x")
    (tmp_path / "in.txt").write_text("Headline\n\nA story.\n")
    result = CliRunner().invoke(cli, ["run", str(tmp_path / "in.txt"), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("threadsift: error: ")
    assert "use a new or empty --out directory" in result.stderr


def test_bad_minhash_settings_are_usage_errors(tmp_path: Path) -> None:
    (tmp_path / "in.txt").write_text("Headline\n\nA story.\n")
    args = ["run", str(tmp_path / "in.txt"), "--out", str(tmp_path / "o"), "--bands", "7"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "multiple of bands" in result.stderr


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
    assert result.exit_code == 1
    assert result.stderr == (
        "threadsift: error: a corpus run reads files, not stdin (-)"
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
    thread = "Comments\n\nanna wrote:\nYou are an idiot and a liar.\n\n"
    thread += "ben wrote:\nThanks, good report.\n"
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
