"""The Ray executor runs the same shards on a local Ray and gives the local executor's output.

CI installs ray through the dev extra; the test is skipped only where ray is not installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from devtools.corpus import make_corpus
from devtools.outputs import outputs
from threadsift.config import RunConfig
from threadsift.executors.local import LocalExecutor
from threadsift.executors.ray import RayExecutor
from threadsift.readers.inputs import expand_inputs

ray = pytest.importorskip("ray", reason="ray is not installed (pip install 'threadsift[ray]')")
pytestmark = pytest.mark.slow  # starts a local Ray cluster


def test_ray_executor_equals_local_executor(tmp_path: Path) -> None:
    make_corpus(tmp_path / "in", hosts=2, pages_per_host=12, files=3, exact=1, near=1)
    inputs = tuple(expand_inputs([str(tmp_path / "in")]))

    def config(name: str) -> RunConfig:
        return RunConfig(inputs=inputs, out=str(tmp_path / name), shards=3)

    LocalExecutor(jobs=1).run(config("local"))
    report = RayExecutor(jobs=2).run(config("ray"))
    assert report["executor"] == {"name": "ray", "jobs": 2}
    assert not ray.is_initialized()  # the executor shut down the Ray it started
    assert outputs(tmp_path / "ray") == outputs(tmp_path / "local")
