"""The ledger: where every input record ended (output, duplicate, filtered with a reason, error).

Every shard's chain of steps is bracketed by a `Ledger` (`threadsift.stages.base.run_chain`):
`Admit`, right after the chain's source, counts each page that comes in; `Tally`, the last step,
records each page's outcome; and the records a step read and passed on no page for
(`Step.set_aside`: a reader's WARC request records) count as filtered. A page still in the run at
the end of a chain that does not settle its pages is pending: a later stage takes it back
(`Intake.CARRIED`) and settles it. `Ledger.check` raises `AccountingError` unless the outcomes
add up to the inputs, so a step that loses a page fails the run instead of shrinking it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from threadsift.errors import AccountingError
from threadsift.page import Outcome, Page
from threadsift.step import Shard, Step


class Intake(StrEnum):
    """What the pages a chain's source yields are to the run's ledger."""

    #: The run's input records: each counts as an input.
    INPUTS = "inputs"
    #: Pages an earlier stage left pending (or set aside): each is taken back from its ledger.
    CARRIED = "carried"
    #: The inputs, read only to learn from them: the chain's ledger is not the run's.
    LOOK = "look"


@dataclass(slots=True)
class Ledger:
    """Counts of input records by outcome, with the filter reasons and error messages."""

    inputs: int = 0
    output: int = 0
    duplicate: int = 0
    filtered: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    #: Pages left in the run for a later stage (negative in the ledger of the stage that takes
    #: them back).
    pending: int = 0

    def admit(self, page: Page, intake: Intake) -> None:
        """Count a page a chain's source yielded: an input, or a page taken back."""
        if intake is not Intake.CARRIED:
            self.inputs += 1
        elif page.outcome is Outcome.FILTERED:
            self.filtered[page.reason or "unspecified"] -= 1
        elif page.outcome is Outcome.ERROR:
            self.errors[page.reason or "unspecified"] -= 1
        else:  # left pending; a source that settles duplicates may have marked it already
            self.pending -= 1

    def set_aside(self, reasons: Mapping[str, int]) -> None:
        """Count records a step read and passed on no page for: inputs, filtered by reason."""
        self.inputs += sum(reasons.values())
        self.filtered.update(reasons)

    def record(self, page: Page, *, settles: bool = True) -> None:
        """Count `page` by its outcome; a page without one is output when the chain `settles`
        its pages, else pending."""
        if page.outcome is None:
            if settles:
                self.output += 1
            else:
                self.pending += 1
        elif page.outcome is Outcome.OUTPUT:
            self.output += 1
        elif page.outcome is Outcome.DUPLICATE:
            self.duplicate += 1
        elif page.outcome is Outcome.FILTERED:
            self.filtered[page.reason or "unspecified"] += 1
        else:
            self.errors[page.reason or "unspecified"] += 1

    def merge(self, other: Ledger) -> None:
        """Add the counts of `other` (another shard's ledger, say)."""
        self.inputs += other.inputs
        self.output += other.output
        self.duplicate += other.duplicate
        self.filtered.update(other.filtered)
        self.errors.update(other.errors)
        self.pending += other.pending

    @property
    def ended(self) -> int:
        """Records with an outcome, pending ones included."""
        return (
            self.output
            + self.duplicate
            + self.filtered.total()
            + self.errors.total()
            + self.pending
        )

    def check(self, where: str, *, settled: bool = False) -> None:
        """Raise `AccountingError` unless every input ended somewhere (and, when `settled`,
        none is still pending and no count is negative).

        Args:
            where: names the chain or the run in the message.
            settled: check a whole run's ledger, not one chain's.
        """
        if self.ended != self.inputs:
            raise AccountingError(
                f"of {self.inputs} records that came in, {self.ended} ended "
                f"({self.summary()}, {self.pending} pending): a step lost or invented pages",
                where=where,
                hint="please report this bug, with the command that ran",
            )
        negative = [reason for reason, n in (*self.filtered.items(), *self.errors.items()) if n < 0]
        if settled and (self.pending or negative or min(self.output, self.duplicate) < 0):
            raise AccountingError(
                f"{self.pending} pages were left pending and {len(negative)} outcomes counted "
                "below zero: a stage took back pages no stage left",
                where=where,
                hint="please report this bug, with the command that ran",
            )

    def summary(self) -> str:
        """One line such as ``3 inputs: 2 pages, 1 error``."""
        parts = [_count(self.output, "page")]
        if self.duplicate:
            parts.append(_count(self.duplicate, "duplicate"))
        filtered = self._nonzero(self.filtered)
        if filtered:
            reasons = ", ".join(f"{reason} {n}" for reason, n in filtered.items())
            parts.append(f"{sum(filtered.values())} filtered ({reasons})")
        if self.errors.total():
            parts.append(_count(self.errors.total(), "error"))
        return f"{_count(self.inputs, 'input')}: {', '.join(parts)}"

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the ledger (what a shard's completion marker holds)."""
        return {
            "inputs": self.inputs,
            "output": self.output,
            "duplicate": self.duplicate,
            "filtered": self._nonzero(self.filtered),
            "errors": self._nonzero(self.errors),
            "pending": self.pending,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Ledger:
        """The ledger of `to_dict`'s JSON form."""
        return cls(
            inputs=data["inputs"],
            output=data["output"],
            duplicate=data["duplicate"],
            filtered=Counter(data["filtered"]),
            errors=Counter(data["errors"]),
            pending=data["pending"],
        )

    @staticmethod
    def _nonzero(counts: Counter[str]) -> dict[str, int]:
        return {reason: n for reason, n in sorted(counts.items()) if n}


class Admit(Step):
    """Count each page a chain's source yields in `ledger` (the step after the source)."""

    name = "admit"

    def __init__(self, ledger: Ledger, intake: Intake) -> None:
        super().__init__()
        self.ledger = ledger
        self.intake = intake

    def run(self, pages: Iterable[Page], shard: Shard = Shard()) -> Iterator[Page]:
        """Count each page, then pass it on."""
        for page in pages:
            self.ledger.admit(page, self.intake)
            yield page


class Tally(Step):
    """Record each page's outcome in `ledger` (the last step of every chain)."""

    name = "tally"

    def __init__(self, ledger: Ledger, *, settles: bool) -> None:
        super().__init__()
        self.ledger = ledger
        self.settles = settles

    def run(self, pages: Iterable[Page], shard: Shard = Shard()) -> Iterator[Page]:
        """Record each page, then pass it on."""
        for page in pages:
            self.ledger.record(page, settles=self.settles)
            yield page


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
