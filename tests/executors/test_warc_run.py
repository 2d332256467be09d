"""A run over a damaged WARC: every record ends as output, filtered (skipped kinds), or error."""

from __future__ import annotations

from pathlib import Path

from readers.builders import WarcFile
from readers.conftest import damaged_warc  # noqa: F401 (the fixture)

from executors.outputs import rows
from threadsift.config import RunConfig
from threadsift.executors.local import LocalExecutor


def test_every_warc_record_is_accounted_for(damaged_warc: WarcFile, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "out"
    report = LocalExecutor().run(RunConfig(inputs=(str(damaged_warc.path),), out=str(out)))
    counts = report["counts"]
    assert counts["inputs"] == damaged_warc.records
    assert counts["inputs"] == sum(v for k, v in counts.items() if k != "inputs")
    skipped = {k.removeprefix("skipped_"): n for k, n in damaged_warc.skipped.items()}
    assert {k: report["filtered"][k] for k in skipped} == skipped
    assert counts["errors"] == len(rows(out, "errors")) == len(damaged_warc.errors)
    urls = {page["url"] for page in rows(out, "pages")}
    assert urls == set(damaged_warc.pages)
