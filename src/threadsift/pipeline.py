"""Where every file of a corpus run goes in DIR (`Layout`).

What a run does is the tuple of stages `threadsift.stages.RUN`; each stage says which files it
reads and writes through `Layout`: per-shard tables as ``TABLE/part-NNNNN.parquet``,
intermediate ones under ``_work/`` (removed when the run ends), completion markers under
``_state/``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

WORK = "_work"
STATE = "_state"


class Layout:
    """Where a run keeps its files under the output directory."""

    def __init__(self, out: str | os.PathLike[str]) -> None:
        self.out = Path(out)

    def part(self, table: str, rank: int, suffix: str = ".parquet", *, work: bool = False) -> str:
        """The file of shard `rank` of a table (under ``_work/`` for intermediate tables)."""
        base = self.out / WORK / table if work else self.out / table
        return str(base / f"part-{rank:05d}{suffix}")

    def parts(self, table: str, shards: int, *, work: bool = False) -> list[str]:
        """Every shard's file of a table."""
        return [self.part(table, rank, work=work) for rank in range(shards)]

    def marker(self, phase: str, rank: int | None = None) -> Path:
        """The completion marker (with the stats) of a phase, or of one shard of it."""
        name = phase if rank is None else f"{phase}-{rank:05d}"
        return self.out / STATE / f"{name}.json"

    @property
    def site_chrome(self) -> str:
        """The learned site chrome table."""
        return str(self.out / "site_chrome.parquet")

    @property
    def duplicates(self) -> str:
        """The duplicates table."""
        return str(self.out / "duplicates" / "duplicates.parquet")


def write_json(path: str | os.PathLike[str], data: Any) -> None:
    """Write JSON atomically (temporary file, then rename)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full disk or a kill leaves no half-written file
        raise
