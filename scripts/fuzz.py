"""Fuzz the readers and both decomposers for a while; count what escapes and what is too slow.

    python scripts/fuzz.py [--seconds 600] [--page-seconds 1.0] [--seed 0] [--out DIR]

Runs the targets of `devtools/fuzzing.py` (arbitrary bytes as every kind of file,
damaged WARC, JSON Lines, Parquet and HTML files, random news-like text and HTML trees) in
turns, a batch of Hypothesis examples at a time with a new seed per batch, until the time is up.
Prints the inputs tried, the exceptions other than threadsift's own errors (`ThreadsiftError`)
and the inputs over the per-page time budget, per target; writes one example of each kind of
escape and each slow input to DIR (default: out/fuzz) with its traceback. Exits 1 when either
count is not zero.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # devtools

from devtools.fuzzing import (  # noqa: E402
    PAGE_SECONDS,
    TARGETS,
    Target,
    attempt,
    html_decomposer,
    text_decomposer,
)

BATCH = 50


class Tally:
    """Inputs tried, escapes and slow inputs per target, and one saved example of each kind."""

    def __init__(self, out: Path, page_seconds: float) -> None:
        self.out = out
        self.page_seconds = page_seconds
        self.tried: Counter[str] = Counter()
        self.escapes: Counter[str] = Counter()
        self.slow: Counter[str] = Counter()
        self.kinds: Counter[tuple[str, str]] = Counter()
        self.slowest: dict[str, float] = {}

    def run(self, target: Target, value: Any, workdir: Path) -> None:
        self.tried[target.name] += 1
        try:
            seconds = attempt(target, value, workdir)
        except Exception as error:  # what the harness is looking for
            self.escapes[target.name] += 1
            frame = traceback.extract_tb(error.__traceback__)[-1]
            kind = f"{type(error).__name__} at {Path(frame.filename).name}:{frame.lineno}"
            self.kinds[(target.name, kind)] += 1
            if self.kinds[(target.name, kind)] == 1:
                self.save(f"escape-{target.name}", value, traceback.format_exc())
            return
        self.slowest[target.name] = max(self.slowest.get(target.name, 0.0), seconds)
        if seconds > self.page_seconds:
            self.slow[target.name] += 1
            self.save(f"slow-{target.name}", value, f"{seconds:.2f} s\n")

    def save(self, stem: str, value: Any, why: str) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        n = len(list(self.out.glob(f"{stem}-*.txt")))
        (self.out / f"{stem}-{n}.txt").write_text(f"{why}\n{value!r}\n", encoding="utf-8")

    def report(self, seconds: float) -> str:
        lines = [f"fuzz: {sum(self.tried.values())} inputs in {seconds:.0f} s"]
        for target in TARGETS:
            name = target.name
            lines.append(
                f"  {name:16s} {self.tried[name]:7d} inputs, {self.escapes[name]} escapes, "
                f"{self.slow[name]} over {self.page_seconds:g} s "
                f"(slowest {self.slowest.get(name, 0.0):.3f} s)"
            )
        for (name, kind), count in sorted(self.kinds.items()):
            lines.append(f"  escape in {name}: {kind} ({count}x)")
        lines.append(
            f"exceptions outside threadsift's errors: {sum(self.escapes.values())}; "
            f"inputs over the per-page time budget: {sum(self.slow.values())}"
        )
        if self.kinds or self.slow:
            lines.append(f"examples: {self.out}")
        return "\n".join(lines)


def batch(target: Target, tally: Tally, workdir: Path, number: int) -> None:
    """One batch of examples of `target`, seeded by `number`."""

    @seed(number)
    @settings(
        max_examples=BATCH,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def fuzz(data: st.DataObject) -> None:
        tally.run(target, data.draw(target.strategy), workdir)

    fuzz()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=600.0, help="how long to fuzz")
    parser.add_argument(
        "--page-seconds", type=float, default=PAGE_SECONDS, help="time budget per input"
    )
    parser.add_argument("--seed", type=int, default=0, help="first seed")
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "fuzz", help="examples")
    args = parser.parse_args(argv)
    text_decomposer()  # models load once, before the clock starts
    html_decomposer()
    tally = Tally(args.out, args.page_seconds)
    started = time.monotonic()
    deadline = started + args.seconds
    number = args.seed
    with tempfile.TemporaryDirectory() as workdir:
        while time.monotonic() < deadline:  # checked between batches (a few seconds each)
            target = TARGETS[number % len(TARGETS)]
            batch(target, tally, Path(workdir), number)
            number += 1
    print(tally.report(time.monotonic() - started))
    return 1 if tally.escapes or tally.slow else 0


if __name__ == "__main__":
    sys.exit(main())
