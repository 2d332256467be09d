"""The Ray executor: the same shards as Ray tasks, on a local Ray or a cluster (`address`).

Ray is imported on first use (``pip install 'threadsift[ray]'``). Every Ray worker must see the
input paths and the output directory at the same paths as the driver (a shared file system on a
cluster) and have threadsift installed. Progress is reported per finished shard.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from threadsift.config import RunConfig
from threadsift.errors import require
from threadsift.executors.base import Executor, Progress, run_shard
from threadsift.stages.base import Stage


def _import_ray() -> Any:
    return require("ray", needed_for="--executor ray", extra="ray")


class RayExecutor(Executor):
    """Run shards as Ray tasks, at most `jobs` at a time (one CPU each).

    `address` is a Ray cluster address (``ray://host:10001`` or ``auto``); None starts a local
    Ray with `jobs` CPUs, or joins the one `ray.init` already started in this process.
    """

    name = "ray"

    def __init__(self, *, jobs: int = 1, address: str | None = None) -> None:
        super().__init__(jobs=jobs)
        _import_ray()  # a missing ray is said before the run touches its output directory
        self.address = address
        self._started = False

    def _ray(self) -> Any:
        ray = _import_ray()
        if not ray.is_initialized():
            if self.address is None:
                ray.init(num_cpus=self.jobs, include_dashboard=False, log_to_driver=False)
            else:  # a running cluster refuses resource and dashboard options
                ray.init(address=self.address, log_to_driver=False)
            self._started = True
        return ray

    def map(
        self, config: RunConfig, stage: Stage, ranks: list[int], progress: Progress
    ) -> Iterator[dict[str, Any]]:
        """Submit the shards as tasks, `jobs` in flight, yielding their stats as they finish."""
        if not ranks:
            return
        ray = self._ray()
        task = ray.remote(num_cpus=1, max_retries=2)(run_shard)
        waiting = list(ranks)
        running: list[Any] = []
        while waiting or running:
            while waiting and len(running) < self.jobs:
                running.append(task.remote(config, stage, waiting.pop(0)))
            done, running = ray.wait(running, num_returns=1)
            stats: dict[str, Any] = ray.get(done[0])
            progress.pages(int(stats.get("pages", 0)))
            yield stats

    def close(self) -> None:
        """Shut down the Ray this executor started."""
        if self._started:
            import ray

            ray.shutdown()
            self._started = False
