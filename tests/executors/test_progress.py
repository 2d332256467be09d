"""Progress on a terminal: pages, rate and time left; one line per phase in logs."""

from __future__ import annotations

import io

from rich.console import Console

from threadsift.executors.progress import LogProgress, RichProgress


def test_rich_progress_counts_pages_once_the_total_is_known() -> None:
    stream = io.StringIO()
    console = Console(file=stream, force_terminal=True, width=120)
    with RichProgress(console) as progress:
        progress.phase("chrome", 2, 0)
        progress.pages(30)
        progress.shard({"phase": "chrome", "pages": 30})
        progress.pages(20)
        progress.shard({"phase": "chrome", "pages": 20})
        progress.phase("split", 2, 0)
        progress.pages(50)
    assert progress.expected == 50
    text = stream.getvalue()
    assert "50/50" in text and "pages/s" in text and "eta" in text


def test_log_progress_writes_one_line_per_phase() -> None:
    lines: list[str] = []
    log = LogProgress(lines.append)
    log.phase("split", 3, 1)
    log.pages(10)
    log.phase("dedup", 1, 0)
    log.close()
    assert lines[0] == "split: 1 of 3 shards done in an earlier run"
    assert lines[1].startswith("split: 10 pages, 3 shards in ")
    assert lines[2].startswith("dedup: ") and lines[2].endswith(" s")
