"""The run loop every executor shares; `local.py` and `ray.py` only schedule shards.

`run_shard` runs one phase's steps over one shard: it chains the steps, drains the stream,
lets the writers rename their files into place, and writes the shard's completion marker with
its stats. A shard whose marker exists is not run again, so a killed run started again with the
same command redoes only the shards it had not finished, and ends with the same output.

`Executor.run` goes through the phases of `pipeline.PHASES`: per-shard phases through `map`
(what a subclass writes), global ones in the driver; then it writes ``run.json`` with the
configuration, versions, counts and timings.
"""

from __future__ import annotations

import contextlib
import json
import platform
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Protocol

from threadsift.config import RunConfig
from threadsift.errors import ConfigError, OutputError
from threadsift.page import Page
from threadsift.pipeline import (
    PHASES,
    STATE,
    WORK,
    Layout,
    finish_shard,
    global_stage,
    shard_pipeline,
    skipped_records,
    write_json,
)
from threadsift.stats import Ledger
from threadsift.writers.search import INDEX

#: How many pages a worker processes between two progress reports.
REPORT_EVERY = 50

Report = Callable[[int], None]


class Progress(Protocol):
    """What an executor tells the user about: phases, pages done, shards done."""

    def phase(self, name: str, shards: int, done: int) -> None:
        """A phase starts with `shards` shards, `done` of them finished in an earlier run."""

    def pages(self, n: int) -> None:
        """`n` more pages were processed."""

    def shard(self, stats: dict[str, Any]) -> None:
        """A shard finished."""


class NoProgress:
    """Progress that shows nothing."""

    def phase(self, name: str, shards: int, done: int) -> None:
        """Nothing."""

    def pages(self, n: int) -> None:
        """Nothing."""

    def shard(self, stats: dict[str, Any]) -> None:
        """Nothing."""


def run_shard(
    config: RunConfig, phase: str, rank: int, report: Report | None = None
) -> dict[str, Any]:
    """Run one per-shard phase on shard `rank`, unless its marker says it is done.

    Returns:
        The shard's stats (also stored in its marker): per step counters, the pages it
        processed, what its reader skipped, and the seconds it took.
    """
    marker = Layout(config.out).marker(phase, rank)
    if marker.exists():
        stats: dict[str, Any] = json.loads(marker.read_text(encoding="utf-8"))
        return stats
    started = time.perf_counter()
    steps = shard_pipeline(phase, config, rank)
    stream: Iterable[Page] = ()
    for step in steps:
        stream = step.run(stream)
    count = unreported = 0
    for _ in stream:
        count += 1
        unreported += 1
        if report is not None and unreported >= REPORT_EVERY:
            report(unreported)
            unreported = 0
    if report is not None and unreported:
        report(unreported)
    stats = finish_shard(phase, config, rank, steps)
    stats.update(
        phase=phase,
        rank=rank,
        pages=count,
        skipped=skipped_records(steps) if phase == "split" else {},
        seconds=round(time.perf_counter() - started, 3),
    )
    write_json(marker, stats)
    return stats


class Executor:
    """Runs a corpus run's phases; subclasses write `map` (how shards are scheduled)."""

    name = "executor"

    def __init__(self, *, jobs: int = 1) -> None:
        if jobs < 1:
            raise ConfigError(f"must be at least 1, not {jobs}", option="--jobs")
        self.jobs = jobs

    def map(
        self, config: RunConfig, phase: str, ranks: list[int], progress: Progress
    ) -> Iterator[dict[str, Any]]:
        """Run `run_shard` for each rank (in any order), yielding each shard's stats."""
        raise NotImplementedError

    def close(self) -> None:
        """Release workers."""

    def run(self, config: RunConfig, progress: Progress | None = None) -> dict[str, Any]:
        """Run every phase of `config`'s run and write ``run.json``.

        Args:
            config: the run.
            progress: what to tell the user (nothing by default).

        Returns:
            The contents of ``run.json``.

        Raises:
            ConfigError: the configuration is invalid.
            OutputError: the output directory is not a directory, or holds something else.
        """
        from threadsift.corpus.filter import check_run_filter
        from threadsift.writers.parquet import require_pyarrow

        config.check()
        check_run_filter(config.filter, annotate=config.annotate)
        require_pyarrow()
        progress = progress or NoProgress()
        layout = Layout(config.out)
        _claim(config, layout)
        finished = _finished(layout)
        if finished is not None:  # nothing to do, and nothing written: DIR may be read-only
            self.close()
            _tidy(layout.out)
            return finished
        timings: dict[str, float] = {}
        results: dict[str, list[dict[str, Any]]] = {}
        started = time.perf_counter()
        try:
            for phase in PHASES:
                begun = time.perf_counter()
                if phase.name in ("chrome", "learn") and not config.chrome.enabled:
                    continue
                if phase.per_shard:
                    ranks = list(range(config.shards))
                    todo = [r for r in ranks if not layout.marker(phase.name, r).exists()]
                    progress.phase(phase.name, len(ranks), len(ranks) - len(todo))
                    stats = [_load(layout.marker(phase.name, r)) for r in ranks if r not in todo]
                    for shard_stats in self.map(config, phase.name, todo, progress):
                        progress.shard(shard_stats)
                        stats.append(shard_stats)
                    results[phase.name] = sorted(stats, key=lambda s: int(s["rank"]))
                else:
                    progress.phase(phase.name, 1, 0)
                    marker = layout.marker(phase.name)
                    if phase.name != "index" and marker.exists():
                        global_stats = _load(marker)
                    else:
                        global_stats = global_stage(phase.name, config)
                        write_json(marker, global_stats)
                    progress.shard(global_stats)
                    results[phase.name] = [global_stats]
                timings[phase.name] = round(time.perf_counter() - begun, 3)
        finally:
            self.close()
        timings["total"] = round(time.perf_counter() - started, 3)
        report = _report(config, self, results, timings)
        write_json(Path(config.out) / "run.json", report)
        _tidy(layout.out)
        return report


def _finished(layout: Layout) -> dict[str, Any] | None:
    """The report of the run completed in DIR, or None when there is something left to do.

    ``run.json`` is written last, after the index phase; a missing search index (deleted to
    rebuild it) is something left to do.
    """
    report = layout.out / "run.json"
    if report.exists() and layout.marker("index").exists() and (layout.out / INDEX).exists():
        return _load(report)
    return None


def _tidy(out: Path) -> None:
    """Remove the intermediate tables and the files workers of a killed run left behind."""
    shutil.rmtree(out / WORK, ignore_errors=True)
    with contextlib.suppress(OSError):  # a finished run on a read-only directory stays as it is
        for stale in [*out.glob("*.tmp"), *out.glob("*/*.tmp")]:
            stale.unlink(missing_ok=True)


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _claim(config: RunConfig, layout: Layout) -> None:
    """Record the run's configuration in DIR, or check that DIR holds this same run."""
    state = layout.out / STATE / "config.json"
    if layout.out.exists() and not layout.out.is_dir():
        raise OutputError(
            "not a directory", path=config.out, hint="use a new or empty --out directory"
        )
    if state.exists():
        held = json.loads(state.read_text(encoding="utf-8"))
        if held.get("fingerprint") != config.fingerprint():
            raise OutputError(
                "holds the output of a run with other inputs or settings",
                path=config.out,
                hint="use another --out, or delete the directory to start over",
            )
        return
    if layout.out.exists() and not _unclaimed(layout.out):
        raise OutputError(
            "not empty, and holds no threadsift run",
            path=config.out,
            hint="use a new or empty --out directory",
        )
    write_json(state, {"fingerprint": config.fingerprint(), "config": config.to_dict()})


def _unclaimed(out: Path) -> bool:
    """Whether `out` holds nothing but what a claim that failed (a full disk) left: an empty
    state directory, or one with temporary files."""
    for entry in out.iterdir():
        if entry.name != STATE or not entry.is_dir():
            return False
        if any(not name.name.endswith(".tmp") for name in entry.iterdir()):
            return False
    return True


def ledger_of(results: dict[str, list[dict[str, Any]]]) -> Ledger:
    """Where every input record ended, from the shards' stats."""
    ledger = Ledger()
    for stats in results.get("split", []):
        ledger.filtered.update(stats.get("skipped", {}))
        for step, counts in stats.items():  # filter steps count the pages they set aside by reason
            if step.startswith("filter_") and isinstance(counts, dict):
                ledger.filtered.update(counts)
        errors = stats.get("write_parquet", {}).get("rows_errors", 0)
        if errors:
            ledger.errors["error"] += errors
    for stats in results.get("settle", []):
        counts = stats.get("settle", {})
        ledger.output += counts.get("output", 0)
        ledger.duplicate += counts.get("duplicate", 0)
    return ledger


def _versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {"python": platform.python_version()}
    for name in ("threadsift", "pyarrow", "numpy", "duckdb", "ray", "resiliparse", "trafilatura"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = None
    return found


def _report(
    config: RunConfig,
    executor: Executor,
    results: dict[str, list[dict[str, Any]]],
    timings: dict[str, float],
) -> dict[str, Any]:
    ledger = ledger_of(results)
    counts = {
        "inputs": ledger.inputs,
        "outputs": ledger.output,
        "duplicates": ledger.duplicate,
        "filtered": ledger.filtered.total(),
        "errors": ledger.errors.total(),
    }
    pages = sum(stats.get("pages", 0) for stats in results.get("split", []))
    split_seconds = timings.get("split", 0.0)
    return {
        "config": config.to_dict(),
        "executor": {"name": executor.name, "jobs": executor.jobs},
        "versions": _versions(),
        "counts": counts,
        "filtered": dict(sorted(ledger.filtered.items())),
        "duplicates": (results.get("dedup") or [{}])[0],
        "site_chrome": (results.get("learn") or [{}])[0],
        "search": (results.get("index") or [{}])[0],
        "timings": timings,
        "pages_per_second": round(pages / split_seconds, 1) if split_seconds else None,
        "summary": ledger.summary(),
    }
