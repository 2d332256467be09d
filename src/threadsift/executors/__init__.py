"""Executors: the shared run loop (`base`) and the schedulers that run it (`local`, `ray`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from threadsift.errors import ConfigError

if TYPE_CHECKING:
    from threadsift.executors.base import Executor

EXECUTORS = ("local", "ray")


def make_executor(name: str = "local", *, jobs: int = 1, address: str | None = None) -> Executor:
    """The executor called `name` (``local`` or ``ray``) with `jobs` workers.

    Raises:
        ConfigError: an unknown executor, or an address for the local one.
    """
    if name == "local":
        if address is not None:
            raise ConfigError("applies to the ray executor only", option="--address")
        from threadsift.executors.local import LocalExecutor

        return LocalExecutor(jobs=jobs)
    if name == "ray":
        from threadsift.executors.ray import RayExecutor

        return RayExecutor(jobs=jobs, address=address)
    raise ConfigError(f"unknown executor {name!r}; use one of {EXECUTORS}", option="--executor")
