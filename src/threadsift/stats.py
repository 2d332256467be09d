"""The ledger: where every input record ended (output, duplicate, filtered with a reason, error).

A run adds each page it finishes to a `Ledger`; the totals always add up to the number of inputs,
and `summary()` is the one-line report the CLI prints.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from threadsift.page import Outcome, Page


@dataclass(slots=True)
class Ledger:
    """Counts of input records by outcome, with the filter reasons and error messages."""

    output: int = 0
    duplicate: int = 0
    filtered: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)

    @property
    def inputs(self) -> int:
        """How many input records were recorded."""
        return self.output + self.duplicate + self.filtered.total() + self.errors.total()

    def record(self, page: Page) -> None:
        """Count `page` by its outcome; a page without one was output."""
        if page.outcome is None or page.outcome is Outcome.OUTPUT:
            self.output += 1
        elif page.outcome is Outcome.DUPLICATE:
            self.duplicate += 1
        elif page.outcome is Outcome.FILTERED:
            self.filtered[page.reason or "unspecified"] += 1
        else:
            self.errors[page.reason or "unspecified"] += 1

    def merge(self, other: Ledger) -> None:
        """Add the counts of `other` (another shard's ledger, say)."""
        self.output += other.output
        self.duplicate += other.duplicate
        self.filtered.update(other.filtered)
        self.errors.update(other.errors)

    def summary(self) -> str:
        """One line such as ``3 inputs: 2 pages, 1 error``."""
        parts = [_count(self.output, "page")]
        if self.duplicate:
            parts.append(_count(self.duplicate, "duplicate"))
        if self.filtered:
            reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(self.filtered.items()))
            parts.append(f"{self.filtered.total()} filtered ({reasons})")
        if self.errors:
            parts.append(_count(self.errors.total(), "error"))
        return f"{_count(self.inputs, 'input')}: {', '.join(parts)}"

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the ledger."""
        return {
            "inputs": self.inputs,
            "output": self.output,
            "duplicate": self.duplicate,
            "filtered": dict(sorted(self.filtered.items())),
            "errors": dict(sorted(self.errors.items())),
        }


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
