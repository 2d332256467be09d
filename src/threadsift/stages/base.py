"""A stage of a corpus run: one class that says what the run does at that point.

A run is a tuple of stages (`threadsift.stages.RUN`), and the executor goes through it knowing
no stage by name. A per-shard stage gives the steps of each shard (`Stage.steps`, the first one
the source of pages) and may write what they gathered once the shard's pages have all gone
through (`Stage.finish`); a global stage does its work once, in the driver (`Stage.run_global`).
Each stage's stats go into its completion markers, under its `name`, so a rerun skips what is
done. `Stage.intake` and `Stage.settles` say what a shard's pages are to the run's ledger
(`threadsift.stats`): `chain` brackets every shard's steps with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from threadsift.config import RunConfig
from threadsift.page import Page
from threadsift.stats import Admit, Intake, Ledger, Tally
from threadsift.step import Shard, Step


class Stage:
    """Base of the stages: a per-shard stage writes `steps` (and maybe `finish`), a global one
    `run_global`."""

    #: Names the stage's markers and timings, and its bar in the progress display.
    name: str = "stage"
    #: Whether the stage runs a chain of steps on every shard, or `run_global` once.
    per_shard: bool = True
    #: What the pages of a shard's source are to the run's ledger.
    intake: Intake = Intake.INPUTS
    #: Whether the pages still in the run at the end of a shard's chain are output (True), or
    #: pending, for a later stage to settle (False).
    settles: bool = True
    #: The key of ``run.json`` that holds a global stage's stats (None: not reported there).
    report: str | None = None

    def enabled(self, config: RunConfig) -> bool:
        """Whether `config`'s run has this stage."""
        return True

    def steps(self, config: RunConfig, shard: Shard) -> list[Step]:
        """The steps of one shard; the first one is the source of its pages."""
        raise NotImplementedError

    def finish(self, config: RunConfig, shard: Shard, steps: Sequence[Step]) -> dict[str, Any]:
        """Write what a shard's `steps` gathered; return stats to add to its marker."""
        return {}

    def run_global(self, config: RunConfig) -> dict[str, Any]:
        """Do the stage's work once, over every shard's files; return its stats."""
        raise NotImplementedError

    def present(self, config: RunConfig) -> bool:
        """Whether the files of a finished global stage are still there (when one was deleted,
        a rerun does the stage again)."""
        return True


def chain(
    steps: Sequence[Step], shard: Shard, ledger: Ledger, *, intake: Intake, settles: bool
) -> Iterator[Page]:
    """Run `steps` on `shard` with the ledger around them: `Admit` after the source, `Tally` at
    the end, and the records a step set aside added once the stream is drained.

    Yields:
        The pages out of the last step.
    """
    source, *rest = steps
    stream: Iterable[Page] = Admit(ledger, intake).run(source.run((), shard), shard)
    for step in rest:
        stream = step.run(stream, shard)
    yield from Tally(ledger, settles=settles).run(stream, shard)
    for step in steps:
        ledger.set_aside(step.set_aside())
