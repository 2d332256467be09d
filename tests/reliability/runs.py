"""Run `threadsift run` as a subprocess under a memory guard and check what a run must always hold.

`run_cli` measures the peak resident memory of the run's process tree (`os.wait4` on the
child: the largest process, workers included) and kills it after a timeout. An address-space
limit (RLIMIT_AS) guards the machine: a run that tries to hold a decompression bomb fails
with a MemoryError instead of swapping the machine to death. `check_run` asserts the reliability
rules of issue 10 on a finished run: no traceback, inputs = outputs + duplicates + filtered +
errors, every error row naming its input, the pages table agreeing with the counts.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

#: A run's largest process must stay under this resident memory (issue 10: 1 GB per process).
MAX_RSS = 1 << 30
#: Address space each process may map: far above what a run needs (DuckDB maps about 2 GB),
#: far below what this machine has, so a bomb fails fast and alone.
ADDRESS_SPACE = 4 << 30
THREADSIFT = Path(sys.executable).with_name("threadsift")
INJECT = Path(__file__).with_name("inject.py")
COUNTS = ("inputs", "outputs", "duplicates", "filtered", "errors")


@dataclass
class Run:
    """What one `threadsift` process did."""

    args: list[str]
    out: Path
    returncode: int | None  # None: killed after the timeout
    stdout: str
    stderr: str
    seconds: float
    max_rss: int  # bytes, largest process of the tree

    @property
    def report(self) -> dict[str, Any]:
        """The run's run.json."""
        data: dict[str, Any] = json.loads((self.out / "run.json").read_text(encoding="utf-8"))
        return data

    @property
    def counts(self) -> dict[str, int]:
        """The counts of run.json."""
        counts: dict[str, int] = self.report["counts"]
        return counts

    def describe(self) -> str:
        """The command and its output, for assertion messages."""
        tail = self.stderr[-3000:]
        return f"{' '.join(self.args)}\nexit {self.returncode}, {self.seconds:.1f} s\n{tail}"


def command(*args: str) -> list[str]:
    """The command line of `threadsift ARGS` (the console script of this environment)."""
    if THREADSIFT.exists():
        return [str(THREADSIFT), *args]
    return [sys.executable, "-m", "threadsift", *args]


def run_cli(
    args: Sequence[str],
    out: Path,
    *,
    timeout: float = 120.0,
    file_size: int | None = None,
    inject: tuple[str, str] | None = None,
) -> Run:
    """Run ``threadsift ARGS`` under the address-space guard, killed after `timeout` seconds.

    Args:
        args: the command's arguments.
        out: the run's output directory.
        timeout: seconds after which the process group is killed.
        file_size: a limit on the size of every file written (RLIMIT_FSIZE, bytes): a larger
            write fails with EFBIG, as a full disk fails it with ENOSPC.
        inject: (errno name, glob) for `inject.py`: renaming a file into place at a path
            matching the glob fails with that error.
    """
    argv = command(*args) if inject is None else [sys.executable, str(INJECT), *inject, *args]
    limits = [(resource.RLIMIT_AS, ADDRESS_SPACE)]
    if file_size is not None:
        limits.append((resource.RLIMIT_FSIZE, file_size))
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"}
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-c", _LIMITED, json.dumps(limits), *argv],
            stdout=stdout,
            stderr=stderr,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,  # the timeout kills the workers too
        )
        timer = threading.Timer(timeout, _kill_group, args=(process.pid,))
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
            _kill_group(process.pid)  # orphaned workers of a killed run
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        killed = process.returncode == -signal.SIGKILL and seconds >= timeout
        stdout.seek(0)
        stderr.seek(0)
        return Run(
            args=[*argv],
            out=out,
            returncode=None if killed else process.returncode,
            stdout=stdout.read().decode("utf-8", "backslashreplace"),
            stderr=stderr.read().decode("utf-8", "backslashreplace"),
            seconds=seconds,
            max_rss=usage.ru_maxrss * 1024,
        )


def run_until(args: Sequence[str], out: Path, pattern: str, *, timeout: float = 120.0) -> bool:
    """Start ``threadsift ARGS`` and SIGKILL it (its workers too) as soon as `pattern` exists
    under `out`; False if it finished first."""
    process = subprocess.Popen(
        command(*args),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + timeout
    try:
        while process.poll() is None and time.monotonic() < deadline:
            if any(out.glob(pattern)):
                _kill_group(process.pid)
                process.wait()
                return True
            time.sleep(0.001)
        return False
    finally:
        _kill_group(process.pid)
        process.wait()


# Set the limits, then become the command (same process id: `os.wait4` measures the command).
_LIMITED = """
import json, os, resource, sys
for which, value in json.loads(sys.argv[1]):
    resource.setrlimit(which, (value, value))
os.execv(sys.argv[2], sys.argv[2:])
"""


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def table(out: Path, name: str) -> list[dict[str, Any]]:
    """Every row of one of a run's Parquet tables."""
    rows: list[dict[str, Any]] = []
    for path in sorted((out / name).glob("*.parquet")):
        rows += pq.read_table(path).to_pylist()
    return rows


def spellings(name: str) -> set[str]:
    """Ways a message may write a file name: as is, or with odd bytes and controls escaped."""
    raw = os.fsencode(name)
    forms = {
        name,
        raw.decode("utf-8", "replace"),
        raw.decode("utf-8", "backslashreplace"),
        raw.decode("latin-1"),
        repr(name)[1:-1],
        ascii(name)[1:-1],
        name.encode("unicode_escape").decode("ascii"),
        raw.decode("utf-8", "backslashreplace").encode("unicode_escape").decode("ascii"),
    }
    return {form for form in forms if form}


def names_a_file(text: str | None, files: Iterable[str]) -> bool:
    """Whether `text` names one of `files` (by base name, in any of its spellings)."""
    if not text:
        return False
    return any(form in text for path in files for form in spellings(os.path.basename(path) or path))


def check_run(run: Run, files: Iterable[str], *, timeout: float) -> dict[str, int]:
    """Assert what every run must hold, whatever its inputs; return its counts."""
    files = list(files)
    assert run.returncode is not None, f"still running after {timeout:.0f} s\n{run.describe()}"
    assert "Traceback" not in run.stderr, run.describe()
    assert run.returncode == 0, run.describe()
    for stream in (run.stdout, run.stderr):
        assert "\x1b" not in stream, f"raw escape sequence on the terminal\n{run.describe()}"
    assert run.max_rss < MAX_RSS, f"peak memory {run.max_rss >> 20} MB\n{run.describe()}"
    counts = run.counts
    parts = counts["outputs"] + counts["duplicates"] + counts["filtered"] + counts["errors"]
    assert counts["inputs"] == parts, counts
    errors = table(run.out, "errors")
    assert len(errors) == counts["errors"], (counts, errors)
    for row in errors:
        assert row["source"], row
        assert names_a_file(row["source"], files), row
        assert names_a_file(row["message"], files), row
    pages = table(run.out, "pages")
    outcomes = [row["outcome"] for row in pages]
    assert outcomes.count("output") == counts["outputs"], counts
    assert outcomes.count("duplicate") == counts["duplicates"], counts
    # Every record has its own id: two records never share one (and their lines never mix).
    ids = [row["id"] for row in pages] + [row["page_id"] for row in errors]
    shared = sorted({page_id for page_id in ids if ids.count(page_id) > 1})
    assert not shared, f"records sharing an id: {shared}"
    return counts
