"""The run loop every executor shares; `local.py` and `ray.py` only schedule shards.

`run_shard` runs one stage's steps over one shard: it chains the steps between the ledger's
`Admit` and `Tally` (`stages.base.chain`), drains the stream, lets the writers rename their
files into place, checks that every page that came in ended somewhere, and writes the shard's
completion marker with its stats and ledger. A shard whose marker exists is not run again, so a
killed run started again with the same command redoes only the shards it had not finished, and
ends with the same output.

`Executor.run` goes through the run's stages (`stages.RUN`, or the tuple it is given), knowing
none by name: per-shard ones through `map` (what a subclass writes), global ones in the driver.
It then merges the shards' ledgers, checks that the outcomes add up to the inputs (or raises
`AccountingError`), and writes ``run.json`` with the configuration, versions, counts and timings.
"""

from __future__ import annotations

import contextlib
import json
import platform
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Protocol

from threadsift.config import RunConfig
from threadsift.errors import ConfigError, OutputError
from threadsift.pipeline import STATE, WORK, Layout, write_json
from threadsift.stages import RUN
from threadsift.stages.base import Stage, chain
from threadsift.stats import Intake, Ledger
from threadsift.step import Shard

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
    config: RunConfig, stage: Stage, rank: int, report: Report | None = None
) -> dict[str, Any]:
    """Run a per-shard stage on shard `rank`, unless its marker says it is done.

    Returns:
        The shard's stats (also stored in its marker): per step counters, what the stage's
        `finish` adds, the pages it processed, its ledger and the seconds it took.

    Raises:
        AccountingError: a step lost or invented pages.
    """
    marker = Layout(config.out).marker(stage.name, rank)
    if marker.exists():
        stats: dict[str, Any] = json.loads(marker.read_text(encoding="utf-8"))
        return stats
    started = time.perf_counter()
    shard = Shard(rank, config.shards)
    steps = stage.steps(config, shard)
    ledger = Ledger()
    count = unreported = 0
    for _ in chain(steps, shard, ledger, intake=stage.intake, settles=stage.settles):
        count += 1
        unreported += 1
        if report is not None and unreported >= REPORT_EVERY:
            report(unreported)
            unreported = 0
    if report is not None and unreported:
        report(unreported)
    ledger.check(f"{stage.name} stage, shard {rank}")
    stats = {step.name: dict(step.stats) for step in steps}
    stats.update(stage.finish(config, shard, steps))
    stats.update(
        phase=stage.name,
        rank=rank,
        pages=count,
        ledger=ledger.to_dict(),
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
        self, config: RunConfig, stage: Stage, ranks: list[int], progress: Progress
    ) -> Iterator[dict[str, Any]]:
        """Run `run_shard` for each rank (in any order), yielding each shard's stats."""
        raise NotImplementedError

    def close(self) -> None:
        """Release workers."""

    def run(
        self,
        config: RunConfig,
        progress: Progress | None = None,
        *,
        stages: Sequence[Stage] = RUN,
    ) -> dict[str, Any]:
        """Run every stage of `config`'s run and write ``run.json``.

        Args:
            config: the run.
            progress: what to tell the user (nothing by default).
            stages: the stages to run, in order (`threadsift.stages.RUN` by default).

        Returns:
            The contents of ``run.json``.

        Raises:
            ConfigError: the configuration is invalid.
            OutputError: the output directory is not a directory, or holds something else.
            AccountingError: the outcomes of the records do not add up to the inputs (a bug).
        """
        from threadsift.corpus.filter import check_run_filter
        from threadsift.writers.parquet import require_pyarrow

        config.check()
        check_run_filter(config.filter, annotate=config.annotate)
        require_pyarrow()
        progress = progress or NoProgress()
        layout = Layout(config.out)
        _claim(config, layout)
        enabled = [stage for stage in stages if stage.enabled(config)]
        finished = _finished(config, layout, enabled)
        if finished is not None:  # nothing to do, and nothing written: DIR may be read-only
            self.close()
            _tidy(layout.out)
            return finished
        timings: dict[str, float] = {}
        results: dict[str, list[dict[str, Any]]] = {}
        started = time.perf_counter()
        try:
            for stage in enabled:
                begun = time.perf_counter()
                if stage.per_shard:
                    results[stage.name] = self._run_shards(config, stage, progress)
                else:
                    progress.phase(stage.name, 1, 0)
                    marker = layout.marker(stage.name)
                    if marker.exists() and stage.present(config):
                        global_stats = _load(marker)
                    else:
                        global_stats = stage.run_global(config)
                        write_json(marker, global_stats)
                    progress.shard(global_stats)
                    results[stage.name] = [global_stats]
                timings[stage.name] = round(time.perf_counter() - begun, 3)
        finally:
            self.close()
        timings["total"] = round(time.perf_counter() - started, 3)
        ledger = run_ledger(enabled, results)
        ledger.check("the run", settled=True)
        report = _report(config, self, stages, results, timings, ledger)
        write_json(Path(config.out) / "run.json", report)
        _tidy(layout.out)
        return report

    def _run_shards(
        self, config: RunConfig, stage: Stage, progress: Progress
    ) -> list[dict[str, Any]]:
        """Run a per-shard stage on the shards without a marker; every shard's stats, by rank."""
        layout = Layout(config.out)
        ranks = list(range(config.shards))
        todo = [rank for rank in ranks if not layout.marker(stage.name, rank).exists()]
        progress.phase(stage.name, len(ranks), len(ranks) - len(todo))
        stats = [_load(layout.marker(stage.name, rank)) for rank in ranks if rank not in todo]
        for shard_stats in self.map(config, stage, todo, progress):
            progress.shard(shard_stats)
            stats.append(shard_stats)
        return sorted(stats, key=lambda s: int(s["rank"]))


def _finished(config: RunConfig, layout: Layout, stages: Sequence[Stage]) -> dict[str, Any] | None:
    """The report of the run completed in DIR, or None when there is something left to do.

    ``run.json`` is written last, after every stage; a stage whose files were deleted (the
    search index, to rebuild it) is something left to do.
    """
    report = layout.out / "run.json"
    if not report.exists():
        return None
    for stage in stages:
        if stage.per_shard:
            done = all(layout.marker(stage.name, rank).exists() for rank in range(config.shards))
        else:
            done = layout.marker(stage.name).exists() and stage.present(config)
        if not done:
            return None
    return _load(report)


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


def run_ledger(stages: Sequence[Stage], results: dict[str, list[dict[str, Any]]]) -> Ledger:
    """Where every input record ended: the ledgers of the shards of the stages whose pages are
    the run's records, merged."""
    ledger = Ledger()
    for stage in stages:
        if stage.per_shard and stage.intake is not Intake.LOOK:
            for stats in results.get(stage.name, []):
                ledger.merge(Ledger.from_dict(stats["ledger"]))
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
    stages: Sequence[Stage],
    results: dict[str, list[dict[str, Any]]],
    timings: dict[str, float],
    ledger: Ledger,
) -> dict[str, Any]:
    counts = {
        "inputs": ledger.inputs,
        "outputs": ledger.output,
        "duplicates": ledger.duplicate,
        "filtered": ledger.filtered.total(),
        "errors": ledger.errors.total(),
    }
    report: dict[str, Any] = {
        "config": config.to_dict(),
        "executor": {"name": executor.name, "jobs": executor.jobs},
        "versions": _versions(),
        "counts": counts,
        "filtered": ledger.to_dict()["filtered"],
        "timings": timings,
        "pages_per_second": None,
        "summary": ledger.summary(),
    }
    for stage in stages:
        if stage.report is not None:
            report[stage.report] = (results.get(stage.name) or [{}])[0]
        if stage.per_shard and stage.intake is Intake.INPUTS:  # the rate of reading the records
            pages = sum(stats.get("pages", 0) for stats in results.get(stage.name, []))
            seconds = timings.get(stage.name, 0.0)
            report["pages_per_second"] = round(pages / seconds, 1) if seconds else None
    return report
