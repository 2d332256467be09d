"""Faults in the middle of a run over hostile inputs: kill -9, a full disk, files too large for the
file system, a read-only output directory. After each, the message is one line without a
traceback, and the same command run again ends with exactly the tables and counts of an
uninterrupted run.

`tests/executors/test_resume.py` kills a clean corpus at eight points (and a 2-worker run at
four); here the inputs also hold errors, duplicates, skipped records and a file name that is not
UTF-8, and the kills land where that test does not (the claim, the errors, duplicates, comments
and corpus files, the database, run.json). The full disk is an `OSError(ENOSPC)` injected where
files are renamed into place (`inject.py`); files too large are real: RLIMIT_FSIZE makes
pyarrow's, SQLite's and JSON writes fail with EFBIG.
"""

from __future__ import annotations

import contextlib
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from devtools.corpus import make_corpus
from devtools.outputs import outputs
from reliability.runs import Run, run_cli, run_until

pytestmark = pytest.mark.slow  # subprocess runs killed or failed, then resumed

ROOT = Path(__file__).resolve().parents[2]
#: Cases of the bad-input corpus with every outcome: outputs, duplicates, filtered, errors.
CASES = (
    "warc_ok",
    "warc_gz_damaged",
    "wet_ok",
    "jsonl_same_record_two_files",
    "jsonl_wrong_types",
    "txt_empty",
    "gz_pages_ok",
    "html_ok",
    "name_not_utf8",
    "parquet_wrong_types",
)
OPTIONS = ("-j", "1", "--no-annotate", "--shards", "3", "-q")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("faults") / "in"
    script = ROOT / "scripts" / "make_bad_inputs.py"
    cases = [option for name in CASES for option in ("--case", name)]
    subprocess.run([sys.executable, str(script), str(root), *cases], check=True, timeout=120)
    (root / "manifest.json").unlink()
    make_corpus(root / "synth", hosts=2, pages_per_host=12, files=2)  # site chrome to learn
    return root


def args(inputs: Path, out: Path) -> list[str]:
    return ["run", str(inputs), "--out", str(out), *OPTIONS]


@pytest.fixture(scope="module")
def reference(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("reference") / "out"
    run = run_cli(args(inputs, out), out)
    assert run.returncode == 0, run.describe()
    found = outputs(out)
    counts = found["counts"]
    assert min(counts.values()) > 0, counts  # every outcome is there to be lost
    assert counts["inputs"] == sum(counts[name] for name in counts if name != "inputs")
    return found


def assert_one_line_error(run: Run, *words: str) -> None:
    """The run stopped with exit status 1 and one line on stderr, without a traceback."""
    assert run.returncode == 1, run.describe()
    assert "Traceback" not in run.stderr, run.describe()
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("threadsift: error: "), run.describe()
    for word in words:
        assert word in lines[0], run.describe()


def assert_resumes(inputs: Path, out: Path, reference: dict[str, Any]) -> None:
    """The same command run again finishes with the uninterrupted run's tables and counts."""
    run = run_cli(args(inputs, out), out)
    assert run.returncode == 0, run.describe()
    assert "Traceback" not in run.stderr, run.describe()
    assert outputs(out) == reference
    # Temporary files of the failed runs are gone (those at the top of DIR: see below).
    assert not list(out.glob("*/**/*.tmp"))


#: Files that appear, in this order, where test_resume.py does not kill.
KILL_POINTS = (
    "_state/config.json",
    "errors/*.tmp",
    "_state/split-00001.json",
    "duplicates/*.tmp",
    "comments/*.tmp",
    "corpus/*.tmp",
    "threadsift.duckdb*",
    "run.json*",
)


def test_killed_at_each_point_resumes_to_the_same_output(
    inputs: Path, reference: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    killed = [point for point in KILL_POINTS if run_until(args(inputs, out), out, point)]
    assert len(killed) >= 3, killed
    assert_resumes(inputs, out, reference)


#: Where the disk fills, in the order a run writes: the shard phases, the global ones, the end.
FULL_DISK_AT = (
    "*/_state/chrome-00001.json",
    "*/site_chrome.parquet",
    "*/lines/part-00000.parquet",
    "*/errors/part-00001.parquet",
    "*/_state/split-00002.json",
    "*/duplicates/duplicates.parquet",
    "*/pages/part-00000.parquet",
    "*/corpus/part-00001.jsonl.gz",
    "*/_state/settle-00002.json",
    "*/threadsift.duckdb",
    "*/search.sqlite",
    "*/run.json",
)


def test_disk_full_at_each_point_then_resume(
    inputs: Path, reference: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    for pattern in FULL_DISK_AT:
        run = run_cli(args(inputs, out), out, inject=("ENOSPC", pattern))
        assert_one_line_error(run, "no space left on device")
        assert not (out / "run.json").exists()
    assert_resumes(inputs, out, reference)


def test_no_temporary_file_left_after_a_failed_write(
    inputs: Path, reference: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    for pattern in ("*/site_chrome.parquet", "*/run.json"):
        run = run_cli(args(inputs, out), out, inject=("ENOSPC", pattern))
        assert_one_line_error(run, "no space left on device")
    assert_resumes(inputs, out, reference)
    assert not list(out.glob("*.tmp"))


def test_disk_full_while_claiming_the_output_directory(
    inputs: Path, reference: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run = run_cli(args(inputs, out), out, inject=("ENOSPC", "*/_state/config.json"))
    assert_one_line_error(run, "no space left on device")
    assert_resumes(inputs, out, reference)


def test_files_too_large_then_resume(
    inputs: Path, reference: dict[str, Any], tmp_path: Path
) -> None:
    """Real write failures: Parquet in the split phase, then in settle, then SQLite's index."""
    out = tmp_path / "out"
    for limit in (4 << 10, 16 << 10, 64 << 10):
        run = run_cli(args(inputs, out), out, file_size=limit)
        assert_one_line_error(run)
        assert not (out / "run.json").exists()
    assert_resumes(inputs, out, reference)


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """`path` and everything under it cannot be written: by mode bits, or for root (whom
    modes do not stop) by the immutable attribute; skips the test when neither works."""
    root = os.geteuid() == 0
    modes = {item: item.stat().st_mode for item in [path, *path.rglob("*")]}
    if root:
        done = subprocess.run(["chattr", "-R", "+i", str(path)], capture_output=True).returncode
    else:
        for item, mode in modes.items():
            item.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        done = 0
    try:
        if done != 0 or _writable(path / "probe"):
            pytest.skip("cannot make a directory read-only here")
        yield
    finally:
        if root:
            subprocess.run(["chattr", "-R", "-i", str(path)], capture_output=True)
        else:
            for item, mode in modes.items():
                item.chmod(mode)


def _writable(probe: Path) -> bool:
    try:
        probe.write_text("x")
    except OSError:
        return False
    probe.unlink()
    return True


def test_read_only_new_output_directory(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with read_only(out):
        run = run_cli(args(inputs, out), out)
    assert_one_line_error(run, str(out))
    assert not list(out.iterdir())


def test_read_only_completed_run_run_again(
    inputs: Path, reference: dict[str, Any], tmp_path: Path
) -> None:
    """Nothing is left to do: the rerun reports the run (or says in one line why it cannot)."""
    out = tmp_path / "out"
    assert run_cli(args(inputs, out), out).returncode == 0
    report = (out / "run.json").read_bytes()
    with read_only(out):
        run = run_cli(args(inputs, out), out)
    if run.returncode != 0:
        assert_one_line_error(run)
    assert "Traceback" not in run.stderr, run.describe()
    assert (out / "run.json").read_bytes() == report
    assert outputs(out) == reference


def test_read_only_half_done_run_then_resume(
    inputs: Path, reference: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    stopped = run_cli(args(inputs, out), out, inject=("ENOSPC", "*/pages/part-00001.parquet"))
    assert_one_line_error(stopped, "no space left on device")
    with read_only(out):
        run = run_cli(args(inputs, out), out)
    assert_one_line_error(run)
    assert_resumes(inputs, out, reference)
