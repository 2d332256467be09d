"""The local executor, tested by its effects: outputs, markers, accounting, parallel = serial."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from devtools.corpus import Planted
from devtools.outputs import outputs, rows
from threadsift.config import RunConfig
from threadsift.errors import OutputError
from threadsift.executors.local import LocalExecutor
from threadsift.readers.inputs import expand_inputs


@pytest.fixture(scope="module")
def corpus_dir(synth_corpus: tuple[Path, Planted]) -> tuple[Path, Planted]:
    return synth_corpus


def config_for(root: Path, out: Path, **options: object) -> RunConfig:
    inputs = tuple(expand_inputs([str(root)]))
    return RunConfig(inputs=inputs, out=str(out), shards=len(inputs), **options)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def serial(corpus_dir: tuple[Path, Planted], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("serial") / "out"
    LocalExecutor(jobs=1).run(config_for(corpus_dir[0], out))
    return out


def test_every_record_is_accounted_for(serial: Path, corpus_dir: tuple[Path, Planted]) -> None:
    planted = corpus_dir[1]
    report = json.loads((serial / "run.json").read_text())
    counts = report["counts"]
    assert counts["inputs"] == planted.records
    assert counts["inputs"] == sum(v for k, v in counts.items() if k != "inputs")
    assert counts["errors"] == planted.bad_json == len(rows(serial, "errors"))
    assert counts["duplicates"] == len(planted.exact) + len(planted.near)
    assert report["filtered"] == {"empty": planted.empty, "no-article": len(planted.no_article)}
    pages = rows(serial, "pages")
    # Every page read is in the pages table once, with its final outcome.
    assert len({page["id"] for page in pages}) == len(pages)
    assert len(pages) == counts["outputs"] + counts["duplicates"] + len(planted.no_article)
    by_outcome = {o: sum(p["outcome"] == o for p in pages) for o in ("output", "duplicate")}
    assert by_outcome == {"output": counts["outputs"], "duplicate": counts["duplicates"]}
    assert len(outputs(serial)["corpus"]) == counts["outputs"]


def test_planted_duplicates_are_found(serial: Path, corpus_dir: tuple[Path, Planted]) -> None:
    planted = corpus_dir[1]
    url_of = {page["id"]: page["url"] for page in rows(serial, "pages")}
    found = {
        url_of[row["page_id"]]: (row["kind"], url_of[row["duplicate_of"]])
        for row in rows(serial, "duplicates")
        if row["kind"] != "comment"
    }
    expected = {copy: original for copy, original in planted.exact.items()}
    expected |= planted.near
    # The kept page is the one with the smaller id, so a copy may be kept and its original not.
    pairs = {frozenset((a, b[1])) for a, b in found.items()}
    assert pairs == {frozenset(pair) for pair in expected.items()}
    kinds = {frozenset((a, b[1])): b[0] for a, b in found.items()}
    for copy, original in planted.exact.items():
        assert kinds[frozenset((copy, original))] == "exact"
    for copy, original in planted.near.items():
        assert kinds[frozenset((copy, original))] == "near"


def test_site_chrome_is_learned(serial: Path, corpus_dir: tuple[Path, Planted]) -> None:
    planted = corpus_dir[1]
    url_host = {page["id"]: page["url"].split("/")[2] for page in rows(serial, "pages")}
    learned: dict[str, set[str]] = {}
    for line in rows(serial, "lines"):
        if line["reason"] == "site-repeated":
            learned.setdefault(url_host[line["page_id"]], set()).add(line["text"])
    assert learned == {host: set(lines) for host, lines in planted.chrome.items()}


def test_parallel_equals_serial(
    serial: Path, corpus_dir: tuple[Path, Planted], tmp_path: Path
) -> None:
    out = tmp_path / "parallel"
    LocalExecutor(jobs=2).run(config_for(corpus_dir[0], out))
    assert outputs(out) == outputs(serial)


def test_fewer_shards_give_the_same_output(
    serial: Path, corpus_dir: tuple[Path, Planted], tmp_path: Path
) -> None:
    out = tmp_path / "one-shard"
    inputs = tuple(expand_inputs([str(corpus_dir[0])]))
    LocalExecutor(jobs=1).run(RunConfig(inputs=inputs, out=str(out), shards=1))
    assert outputs(out) == outputs(serial)


def test_more_shards_than_files_give_the_same_output(
    serial: Path, corpus_dir: tuple[Path, Planted], tmp_path: Path
) -> None:
    out = tmp_path / "parts"
    inputs = tuple(expand_inputs([str(corpus_dir[0])]))
    LocalExecutor(jobs=2).run(RunConfig(inputs=inputs, out=str(out), shards=3 * len(inputs) + 1))
    assert outputs(out) == outputs(serial)


def test_a_finished_run_is_not_redone(serial: Path, corpus_dir: tuple[Path, Planted]) -> None:
    before = outputs(serial)
    markers = {p: p.stat().st_mtime_ns for p in (serial / "_state").glob("split-*.json")}
    LocalExecutor(jobs=1).run(config_for(corpus_dir[0], serial))
    assert {p: p.stat().st_mtime_ns for p in markers} == markers
    assert outputs(serial) == before


def test_another_configuration_is_refused(serial: Path, corpus_dir: tuple[Path, Planted]) -> None:
    with pytest.raises(OutputError, match="other inputs or settings"):
        LocalExecutor().run(config_for(corpus_dir[0], serial, with_comments=True))


def test_a_directory_with_other_files_is_refused(
    tmp_path: Path, corpus_dir: tuple[Path, Planted]
) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(OutputError, match="not empty"):
        LocalExecutor().run(config_for(corpus_dir[0], tmp_path))
