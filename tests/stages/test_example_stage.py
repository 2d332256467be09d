"""The example stage of docs/stages.md, run as written through the executor."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from threadsift.config import ChromeConfig, RunConfig
from threadsift.readers.inputs import expand_inputs

ROOT = Path(__file__).parent.parent.parent
DOC = ROOT / "docs" / "stages.md"


def doc_code() -> dict[str, Any]:
    """What the page's Python blocks define, run in order in one namespace."""
    namespace: dict[str, Any] = {"__name__": "stages_doc"}
    for code in re.findall(r"^```python\n(.*?)^```", DOC.read_text(), re.MULTILINE | re.DOTALL):
        exec(compile(code, str(DOC), "exec"), namespace)
    return namespace


def test_the_example_stage_runs_after_the_others(tmp_path: Path) -> None:
    inputs = tuple(expand_inputs([str(ROOT / "tests" / "data" / "demo")]))
    config = RunConfig(
        inputs=inputs,
        out=str(tmp_path / "out"),
        shards=2,
        annotate=False,
        chrome=ChromeConfig(enabled=False),
    )
    report = doc_code()["run_with_hosts"](config)
    hosts = pq.read_table(tmp_path / "out" / "hosts.parquet").to_pylist()
    pages = pq.read_table(tmp_path / "out" / "pages").to_pylist()
    expected = Counter(page["host"] for page in pages if page["outcome"] == "output")
    assert {row["host"]: row["pages"] for row in hosts} == expected
    assert sum(expected.values()) == report["counts"]["outputs"] == 25
    assert report["hosts"] == {"hosts": len(hosts)}
    run_json = json.loads((tmp_path / "out" / "run.json").read_text())
    assert run_json["hosts"] == report["hosts"]
    assert "hosts" in run_json["timings"]
