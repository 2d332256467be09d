"""A run killed (SIGKILL) at any point and started again ends with the uninterrupted output."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from devtools.corpus import make_corpus
from devtools.outputs import outputs

pytestmark = pytest.mark.slow  # runs killed and resumed as subprocesses

# Each restart is killed as soon as this file appears (in order: later points of the run).
KILL_POINTS = (
    "_state/chrome-00001.json",
    "_state/learn.json",
    "lines/*.tmp",
    "_state/split-00002.json",
    "_state/dedup.json",
    "pages/*.tmp",
    "_state/settle-00003.json",
    "search.sqlite.tmp",
)


def command(inputs: Path, out: Path, jobs: int = 1) -> list[str]:
    run = [sys.executable, "-m", "threadsift", "run", "-q", "-j", str(jobs), str(inputs)]
    return [*run, "--out", str(out)]


def run_until(inputs: Path, out: Path, pattern: str, jobs: int = 1) -> bool:
    """Start the run and SIGKILL it when `pattern` exists under `out`; False if it finished."""
    process = subprocess.Popen(command(inputs, out, jobs), stderr=subprocess.PIPE)
    try:
        while process.poll() is None:
            if any(out.glob(pattern)):
                os.kill(process.pid, signal.SIGKILL)
                process.wait()
                return True
            time.sleep(0.001)
        return False
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        if process.stderr:
            process.stderr.close()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("inputs")
    make_corpus(root, hosts=3, pages_per_host=30, files=5)
    return root


def test_killed_and_resumed_run_equals_uninterrupted_run(inputs: Path, tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    subprocess.run(command(inputs, reference), check=True)
    out = tmp_path / "resumed"
    killed = [pattern for pattern in KILL_POINTS if run_until(inputs, out, pattern)]
    assert killed, "no run was killed"
    assert not (out / "run.json").exists() or len(killed) < len(KILL_POINTS)
    subprocess.run(command(inputs, out), check=True)
    assert outputs(out) == outputs(reference)
    assert not list(out.glob("**/*.tmp"))


def test_killed_parallel_run_resumes_to_the_same_output(inputs: Path, tmp_path: Path) -> None:
    """Only the driver is killed: its orphaned workers may still finish a shard meanwhile."""
    reference = tmp_path / "reference"
    subprocess.run(command(inputs, reference), check=True)
    out = tmp_path / "resumed"
    points = ("_state/chrome-00000.json", "lines/*.tmp", "_state/dedup.json", "pages/*.tmp")
    killed = [pattern for pattern in points if run_until(inputs, out, pattern, jobs=2)]
    assert killed, "no run was killed"
    subprocess.run(command(inputs, out, jobs=2), check=True)
    assert outputs(out) == outputs(reference)


def test_a_marker_without_ledger_runs_its_shard_again(inputs: Path, tmp_path: Path) -> None:
    """Markers of an older threadsift hold no ledger: their shards run again, and the resumed
    run's output and accounting are those of a run made at once."""
    import json

    reference = tmp_path / "reference"
    subprocess.run(command(inputs, reference), check=True)
    out = tmp_path / "old"
    subprocess.run(command(inputs, out), check=True)
    (out / "run.json").unlink()
    for marker in (out / "_state").glob("*.json"):
        if marker.name == "config.json":
            continue
        if not marker.name.startswith("split-"):
            marker.unlink()
            continue
        stats = json.loads(marker.read_text(encoding="utf-8"))
        del stats["ledger"]
        marker.write_text(json.dumps(stats), encoding="utf-8")
    subprocess.run(command(inputs, out), check=True)
    assert outputs(out) == outputs(reference)
    summary = json.loads((out / "run.json").read_text(encoding="utf-8"))
    expected = json.loads((reference / "run.json").read_text(encoding="utf-8"))
    assert summary["counts"] == expected["counts"]
    assert summary["counts"]["inputs"] > 0
