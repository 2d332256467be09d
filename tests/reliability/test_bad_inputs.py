"""The bad-input corpus of `scripts/make_bad_inputs.py` through `threadsift run`.

Every case runs alone (``-j 1 --no-annotate``, two runs at a time) and must finish, print no
traceback and no raw escape sequence, exit 0, keep every process under 1 GB, account for every
record (inputs = outputs + duplicates + filtered + errors, and the counts the manifest knows),
give every error row its input, and give every record an id of its own (`runs.check_run`).
Then all of them run together, annotated, with two workers. The big cases (a 50 MB page,
100,000 nested elements, a million attributes...) run only with ``THREADSIFT_BIG_INPUTS=1``
(``make fuzz`` sets it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from reliability.runs import Run, check_run, run_cli

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "make_bad_inputs.py"
sys.path.append(str(SCRIPT.parent))

from bad_inputs import all_cases  # noqa: E402

pytestmark = pytest.mark.slow  # about 60 subprocess runs

#: A run of one small case that has not finished by then hangs (the slowest take about 5 s).
CASE_TIMEOUT = 30.0
BIG_TIMEOUT = 600.0
BIG = os.environ.get("THREADSIFT_BIG_INPUTS") == "1"

#: Cases that fail now, and why: remove a case from here when its fix lands (strict xfail).
FAILING: dict[str, str] = {}

CI_CASES = [case.name for case in all_cases() if not case.big]
BIG_CASES = [case.name for case in all_cases() if case.big]


def params(names: list[str]) -> list[Any]:
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=FAILING[name]))
        if name in FAILING
        else name
        for name in names
    ]


def make_corpus(out: Path, *options: str) -> dict[str, dict[str, Any]]:
    """Run the script; the manifest's cases by name."""
    subprocess.run([sys.executable, str(SCRIPT), str(out), *options], check=True, timeout=120)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {case["name"]: case for case in manifest["cases"]}


def run_case(corpus: Path, case: dict[str, Any], out: Path, *options: str, timeout: float) -> Run:
    inputs = [arg.format(dir=corpus / case["dir"]) for arg in case["args"]]
    return run_cli(["run", *inputs, "--out", str(out), *options], out, timeout=timeout)


def check_case(run: Run, case: dict[str, Any], timeout: float) -> dict[str, int]:
    counts = check_run(run, case["files"], timeout=timeout)
    if case["inputs"] is not None:
        assert counts["inputs"] == case["inputs"], (counts, case["tests"])
    for name, value in case["expect"].items():
        assert counts[name] == value, (name, counts, case["tests"])
    return counts


class CaseRuns:
    """The per-case runs of this session, started together on two threads, awaited one by one."""

    def __init__(self, corpus: Path, cases: dict[str, dict[str, Any]], names: list[str]) -> None:
        self.corpus = corpus
        self.cases = cases
        self.pool = ThreadPoolExecutor(max_workers=2)
        # The cases that may hang first, so that they wait alongside the others.
        ordered = sorted(names, key=lambda name: name not in FAILING)
        self.futures: dict[str, Future[Run]] = {name: self._submit(name) for name in ordered}

    def _submit(self, name: str) -> Future[Run]:
        out = self.corpus.parent / "runs" / name
        options = ("-j", "1", "--no-annotate")
        case = self.cases[name]
        return self.pool.submit(run_case, self.corpus, case, out, *options, timeout=CASE_TIMEOUT)

    def result(self, name: str) -> Run:
        return self.futures[name].result()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, Any]]]:
    root = tmp_path_factory.mktemp("bad-inputs") / "corpus"
    return root, make_corpus(root)


@pytest.fixture(scope="module")
def case_runs(
    request: pytest.FixtureRequest, corpus: tuple[Path, dict[str, dict[str, Any]]]
) -> Any:
    root, cases = corpus
    selected = [
        item.callspec.params["name"]
        for item in request.session.items
        if getattr(item, "originalname", "") == "test_bad_input_case"
    ]
    runs = CaseRuns(root, cases, selected or CI_CASES)
    yield runs
    runs.pool.shutdown(cancel_futures=True)


def test_corpus_has_every_kind_of_input(corpus: tuple[Path, dict[str, dict[str, Any]]]) -> None:
    root, cases = corpus
    assert len(cases) >= 60
    assert not any(case["big"] for case in cases.values())
    names = [name for case in cases.values() for name in case["files"]]
    for suffix in (".txt", ".html", ".html.gz", ".warc", ".warc.gz", ".wet", ".wet.gz"):
        assert any(name.endswith(suffix) for name in names), suffix
    for suffix in (".jsonl", ".jsonl.gz", ".json", ".parquet", ".txt.gz"):
        assert any(name.endswith(suffix) for name in names), suffix
    for case in cases.values():
        for name in case["files"]:
            path = os.path.join(root, case["dir"], name)
            assert os.path.lexists(path), path
            assert os.path.getsize(path) < 8 << 20, path  # bombs are small on disk
    # A file name that is not UTF-8 survives the manifest.
    assert any("\udcff" in name for name in names)


@pytest.mark.parametrize("name", params(CI_CASES))
def test_bad_input_case(
    name: str, corpus: tuple[Path, dict[str, dict[str, Any]]], case_runs: CaseRuns
) -> None:
    _, cases = corpus
    check_case(case_runs.result(name), cases[name], CASE_TIMEOUT)


def test_all_cases_in_one_annotated_parallel_run(
    corpus: tuple[Path, dict[str, dict[str, Any]]], case_runs: CaseRuns, tmp_path: Path
) -> None:
    """The same inputs in one run, annotated, on two workers: accounted for as case by case."""
    root, cases = corpus
    together = [case for case in cases.values() if case["args"] == ["{dir}"]]
    expected = {"inputs": 0, "errors": 0}
    for case in together:
        alone = case_runs.result(case["name"])
        known = (alone.out / "run.json").exists()
        for count in expected:
            if known:
                expected[count] += alone.counts[count]
            elif count == "inputs" and case["inputs"] is not None:
                expected[count] += case["inputs"]
    files = [os.path.join(case["dir"], name) for case in together for name in case["files"]]
    args = ["run", *(str(root / case["dir"]) for case in together)]
    out = tmp_path / "out"
    run = run_cli([*args, "--out", str(out), "-j", "2"], out, timeout=240)
    counts = check_run(run, files, timeout=240)
    assert counts["inputs"] == expected["inputs"]
    assert counts["errors"] == expected["errors"]


@pytest.mark.skipif(not BIG, reason="big inputs: set THREADSIFT_BIG_INPUTS=1 (make fuzz)")
@pytest.mark.parametrize("name", params(BIG_CASES))
def test_big_input_case(name: str, tmp_path: Path) -> None:
    cases = make_corpus(tmp_path / "corpus", "--case", name)
    run = run_case(
        tmp_path / "corpus", cases[name], tmp_path / "out", "-j", "1", timeout=BIG_TIMEOUT
    )
    check_case(run, cases[name], BIG_TIMEOUT)
