"""The demo: its data is what `scripts/build_demo_data.py` builds, and the steps `make demo` runs
(`scripts/demo.py`) account for every record of it as its README says."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from devtools.scripts import load_script

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "tests" / "data" / "demo"


build = load_script("build_demo_data")
demo = load_script("demo")


def test_the_committed_data_is_what_the_script_builds(tmp_path: Path) -> None:
    build.build(tmp_path)
    for name in ("pages.jsonl", "README.md"):
        assert (tmp_path / name).read_bytes() == (DEMO / name).read_bytes(), name
    # Compared inflated: another zlib may deflate the same records to other bytes.
    built = gzip.decompress((tmp_path / "crawl.warc.gz").read_bytes())
    assert built == gzip.decompress((DEMO / "crawl.warc.gz").read_bytes())
    total = sum(path.stat().st_size for path in DEMO.iterdir())
    assert total < 1_000_000


def expected_ends() -> list[Any]:
    """Where each record of the demo data should end, as the README lists them."""
    _, warc = build.build_warc()
    _, jsonl = build.build_jsonl()
    return [*warc, *jsonl]


def gzip_members(data: bytes) -> int:
    """How many gzip members `data` holds."""
    import zlib

    members = 0
    while data:
        inflater = zlib.decompressobj(31)
        inflater.decompress(data)
        data = inflater.unused_data
        members += 1
    return members


def test_the_readme_lists_every_record_once() -> None:
    ends = expected_ends()
    warc = (DEMO / "crawl.warc.gz").read_bytes()
    lines = (DEMO / "pages.jsonl").read_bytes().splitlines()
    assert gzip_members(warc) == sum(e.file == "crawl.warc.gz" for e in ends)
    assert len(lines) == sum(e.file == "pages.jsonl" for e in ends)
    readme = (DEMO / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| `")]
    assert len(rows) == len(ends)


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """The demo steps run as `make demo` runs them: the output directory and what they print."""
    out = tmp_path_factory.mktemp("demo") / "out"
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "demo.py"), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return out, done.stdout, done.stderr


# Records the reader skips on purpose: counted as filtered, with no row in the pages table.
READER_SKIPS = ("filtered (warcinfo)", "filtered (http_status)", "filtered (non_html)")


def table(out: Path, name: str) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    rows: list[dict[str, Any]] = pq.read_table(out / name).to_pylist()
    return rows


@pytest.mark.slow
def test_the_demo_accounts_for_every_record(demo_run: tuple[Path, str, str]) -> None:
    out, _, _ = demo_run
    ends = expected_ends()
    report = json.loads((out / "run.json").read_text(encoding="utf-8"))
    counts = report["counts"]
    kinds = Counter(end.expect.split(" (")[0].split(" of ")[0] for end in ends)
    assert counts == {
        "inputs": len(ends),
        "outputs": kinds["page"],
        "duplicates": kinds["exact duplicate"] + kinds["near duplicate"],
        "filtered": kinds["filtered"],
        "errors": kinds["error"],
    }
    assert counts["duplicates"] >= 3 and counts["errors"] == 2
    filtered = Counter(
        e.expect[len("filtered (") : -1] for e in ends if e.expect[:9] == "filtered "
    )
    assert report["filtered"] == dict(filtered)
    assert {k: v for k, v in report["duplicates"].items() if k != "comment"} == {
        "exact": kinds["exact duplicate"],
        "near": kinds["near duplicate"],
    }


@pytest.mark.slow
def test_each_record_ends_in_exactly_one_place(demo_run: tuple[Path, str, str]) -> None:
    out, _, _ = demo_run
    pages, errors, duplicates = (table(out, name) for name in ("pages", "errors", "duplicates"))
    ids = [page["id"] for page in pages] + [error["page_id"] for error in errors]
    assert len(ids) == len(set(ids))
    by_url = {page["url"]: page for page in pages if page["url"]}
    for end in expected_ends():
        if end.expect == "filtered (request)":
            continue  # the response of the same URL follows
        if end.expect.startswith("error") or end.expect in READER_SKIPS:
            assert end.url not in by_url  # unreadable, or skipped by the reader: no page
        elif end.url and end.expect.startswith("filtered"):
            assert by_url[end.url]["outcome"] == "filtered"
            assert by_url[end.url]["reason"] == end.expect[len("filtered (") : -1]
        elif end.url and end.expect == "page":
            assert by_url[end.url]["outcome"] in ("output", "duplicate")
    # Each duplicate points to a page the run kept, and its pair is the one the README names.
    outcome = {page["id"]: page["outcome"] for page in pages}
    url = {page["id"]: page["url"] for page in pages}
    pairs = set()
    for row in duplicates:
        assert outcome[row["page_id"]] == "duplicate"
        assert outcome[row["duplicate_of"]] == "output"
        if row["comment"] is None:
            pairs.add((row["kind"], frozenset((url[row["page_id"]], url[row["duplicate_of"]]))))
    assert sum(outcome == "duplicate" for outcome in outcome.values()) == len(
        [row for row in duplicates if row["comment"] is None]
    )
    assert ("exact", frozenset({build.synthetic_url(build.EXACT_COPY), demo_url("?utm")})) in pairs
    assert ("near", frozenset({build.synthetic_url(build.NEAR_COPY), demo_url("amp/")})) in pairs


def demo_url(part: str) -> str:
    """The URL of the demo data's record whose URL holds `part`."""
    return str(next(end.url for end in expected_ends() if part in end.url))


@pytest.mark.slow
def test_the_damaged_records_are_errors_with_a_message(demo_run: tuple[Path, str, str]) -> None:
    out, stdout, _ = demo_run
    messages = sorted(row["message"] for row in table(out, "errors"))
    cut = build.synthetic_url(build.CUT_SHORT)
    bad = next(e for e in expected_ends() if e.expect.startswith("error (invalid JSON"))
    line = bad.record.removeprefix("line ")
    assert len(messages) == 2
    assert messages[0].startswith(
        f"tests/data/demo/crawl.warc.gz: truncated WARC/1.0 record ({cut})"
    )
    assert messages[1].startswith(f"tests/data/demo/pages.jsonl:{line}: invalid JSON (")
    for message in messages:  # the errors step shows them
        assert message in stdout


@pytest.mark.slow
def test_the_demo_shows_progress_summary_query_and_search(demo_run: tuple[Path, str, str]) -> None:
    out, stdout, stderr = demo_run
    shown = [line for line in stdout.splitlines() if line.startswith("$ threadsift ")]
    assert shown == [f"$ {demo.shown(command)}" for _, command in demo.steps(str(out))]
    assert "threadsift: split: " in stderr  # the progress of each phase (-v, not a terminal)
    counts = json.loads((out / "run.json").read_text(encoding="utf-8"))["counts"]
    assert f"{counts['inputs']} inputs = {counts['outputs']} outputs + " in stdout
    query = stdout.split("$ threadsift query", 2)[2].splitlines()
    assert all(name in query[1] for name in ("title", "lang", "comments", "toxic", "max_toxicity"))
    assert len(query) > 3
    search = stdout.split("$ threadsift search", 1)[1].splitlines()[1:]
    ids = {page["id"] for page in table(out, "pages") if page["outcome"] == "output"}
    assert search and search[0].split()[0] in ids
    assert f"[{demo.SEARCH}]" in "\n".join(search).lower()
    # It ends with the command that opens the viewer on the run, whose report is written.
    assert stdout.rstrip().splitlines()[-1].endswith(f"threadsift serve {out} --open")
    assert (out / "report.html").is_file()


def test_make_demo_runs_these_steps_into_a_fresh_directory() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "\t$(BIN)/python scripts/demo.py --out $(DEMO_OUT)" in recipe.splitlines()
    assert "\nDEMO_OUT ?= out/demo\n" in makefile


def test_the_demo_replaces_an_earlier_run_and_nothing_else(tmp_path: Path) -> None:
    earlier = tmp_path / "run"
    (earlier / "_state").mkdir(parents=True)
    (earlier / "run.json").write_text("{}", encoding="utf-8")
    demo.prepare(earlier)
    assert not earlier.exists()
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(SystemExit, match="not empty and holds no threadsift run"):
        demo.prepare(other)
    assert (other / "notes.txt").read_text(encoding="utf-8") == "keep me"
