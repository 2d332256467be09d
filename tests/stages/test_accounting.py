"""Accounting by construction: a step that loses a page fails the run, loudly."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from threadsift.cli import cli
from threadsift.config import ChromeConfig, RunConfig
from threadsift.errors import AccountingError
from threadsift.executors.local import LocalExecutor
from threadsift.page import Page
from threadsift.readers.inputs import expand_inputs
from threadsift.stages import RUN
from threadsift.stages.split import SplitStage
from threadsift.step import Shard, Step

DEMO = Path(__file__).parent.parent / "data" / "demo"


class DropFirst(Step):
    """A broken step: it swallows the first page it is given."""

    name = "drop_first"

    def run(self, pages: Iterable[Page], shard: Shard = Shard()) -> Iterator[Page]:
        stream = iter(pages)
        next(stream, None)
        yield from stream


def lossy(steps: list[Step]) -> list[Step]:
    """`steps` with `DropFirst` after their source."""
    source, *rest = steps
    return [source, DropFirst(), *rest]


class LossySplit(SplitStage):
    """The split stage with `DropFirst` after its reader."""

    def steps(self, config: RunConfig, shard: Shard) -> list[Step]:
        return lossy(super().steps(config, shard))


def demo_config(out: Path) -> RunConfig:
    inputs = tuple(expand_inputs([str(DEMO)]))
    return RunConfig(
        inputs=inputs, out=str(out), annotate=False, chrome=ChromeConfig(enabled=False)
    )


def test_the_shards_ledgers_add_up_to_the_run_s_counts(tmp_path: Path) -> None:
    report = LocalExecutor(jobs=1).run(demo_config(tmp_path / "out"))
    markers = sorted((tmp_path / "out" / "_state").glob("s*-*.json"))
    assert [marker.name for marker in markers] == ["settle-00000.json", "split-00000.json"]
    settle, split = (json.loads(marker.read_text())["ledger"] for marker in markers)
    assert split["inputs"] == report["counts"]["inputs"] == 50
    assert split["pending"] == -settle["pending"] == settle["output"] + settle["duplicate"]
    assert (settle["output"], settle["duplicate"]) == (25, 3)


def test_a_step_that_loses_a_page_fails_the_run(tmp_path: Path) -> None:
    stages = tuple(LossySplit() if isinstance(stage, SplitStage) else stage for stage in RUN)
    with pytest.raises(AccountingError) as caught:
        LocalExecutor(jobs=1).run(demo_config(tmp_path / "out"), stages=stages)
    assert str(caught.value).startswith(
        "split stage, shard 0: of 50 records that came in, 49 ended"
    )
    assert not (tmp_path / "out" / "run.json").exists()
    assert not (tmp_path / "out" / "_state" / "split-00000.json").exists()


def test_the_command_line_says_so_and_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    split_steps = SplitStage.steps
    monkeypatch.setattr(SplitStage, "steps", lambda *args: lossy(split_steps(*args)))
    args = ["run", str(DEMO), "--out", str(tmp_path / "out"), "-j", "1", "--shards", "1"]
    result = CliRunner().invoke(cli, [*args, "--no-annotate", "--no-site-chrome"])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "threadsift: error: split stage, shard 0: of 50 records that came in, 49 ended"
    )
