"""The local executor: shards on a pool of worker processes (`jobs`), or inline for one job.

Each worker streams one shard at a time through the shared run loop, so memory stays bounded by
a batch of pages per worker, whatever the size of the input. Workers report pages done through a
queue that a driver thread turns into progress.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from collections.abc import Iterator
from typing import Any

from threadsift.config import RunConfig
from threadsift.executors.base import Executor, Progress, run_shard
from threadsift.stages.base import Stage

_QUEUE: Any = None


def _init_worker(progress_queue: Any) -> None:
    global _QUEUE
    _QUEUE = progress_queue


def _report(n: int) -> None:
    _QUEUE.put(n)


def _run(args: tuple[RunConfig, Stage, int]) -> dict[str, Any]:
    config, stage, rank = args
    return run_shard(config, stage, rank, report=_report)


class LocalExecutor(Executor):
    """Run shards in `jobs` processes on this machine (in this process when `jobs` is 1)."""

    name = "local"

    def __init__(self, *, jobs: int = 1) -> None:
        super().__init__(jobs=jobs)
        self._pool: Any = None
        self._queue: Any = None

    def map(
        self, config: RunConfig, stage: Stage, ranks: list[int], progress: Progress
    ) -> Iterator[dict[str, Any]]:
        """Run the shards, `jobs` at a time, yielding their stats as they finish."""
        if self.jobs == 1 or len(ranks) <= 1:
            for rank in ranks:
                yield run_shard(config, stage, rank, report=progress.pages)
            return
        pool, updates = self._start()
        stop = threading.Event()
        drain = threading.Thread(target=_drain, args=(updates, progress, stop), daemon=True)
        drain.start()
        try:
            yield from pool.imap_unordered(_run, [(config, stage, rank) for rank in ranks])
        finally:
            stop.set()
            drain.join()

    def _start(self) -> tuple[Any, Any]:
        if self._pool is None:
            # spawn: the driver may run a progress thread, which fork would copy mid-lock.
            context = multiprocessing.get_context("spawn")
            self._queue = context.Queue()
            self._pool = context.Pool(self.jobs, initializer=_init_worker, initargs=(self._queue,))
        return self._pool, self._queue

    def close(self) -> None:
        """Stop the workers."""
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None


def _drain(updates: Any, progress: Progress, stop: threading.Event) -> None:
    while True:
        try:
            progress.pages(updates.get(timeout=0.1))
        except queue.Empty:
            if stop.is_set():
                return
