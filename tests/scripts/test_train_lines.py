"""`scripts/train_lines.py` on the labelled pages of the four-page data folder of the tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"
MINIPOOL = ROOT / "tests" / "data" / "minipool"


def run(script: str, *args: str | Path) -> str:
    return subprocess.run(
        [sys.executable, str(SCRIPTS / script), *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("textpages")
    run("build_textpages.py", MINIPOOL, out, "--jobs", "1")
    return out


def test_training_twice_writes_the_same_model_and_report(build: Path, tmp_path: Path) -> None:
    for name in ("first", "second"):
        run(
            "train_lines.py",
            build,
            "--out",
            tmp_path / f"{name}.npz",
            "--report",
            tmp_path / f"{name}.md",
        )
    assert (tmp_path / "first.npz").read_bytes() == (tmp_path / "second.npz").read_bytes()
    report = (tmp_path / "first.md").read_text(encoding="utf-8")
    assert report == (tmp_path / "second.md").read_text(encoding="utf-8")
    assert "## Seeds" in report


def test_report_only_reports_on_the_model_without_training_it(build: Path, tmp_path: Path) -> None:
    shipped = (ROOT / "src" / "threadsift" / "models" / "lines.npz").read_bytes()
    model, report = tmp_path / "lines.npz", tmp_path / "report.md"
    model.write_bytes(shipped)
    run("train_lines.py", build, "--out", model, "--report", report, "--report-only")
    assert model.read_bytes() == shipped  # training would have written the minipool's model
    assert "## Seeds" in report.read_text(encoding="utf-8")


def test_report_only_without_a_report_is_refused(build: Path, tmp_path: Path) -> None:
    with pytest.raises(subprocess.CalledProcessError) as refused:
        run("train_lines.py", build, "--out", tmp_path / "lines.npz", "--report-only")
    assert "--report-only needs --report" in refused.value.stderr


def test_cross_validation_says_how_far_a_setting_moves_from_the_chosen_one(build: Path) -> None:
    table = run("train_lines.py", build, "--cv", "0")
    rows = [line for line in table.splitlines() if line.startswith("| Setting(")]
    assert len(rows) >= 2  # the chosen setting, scored first, and setting 0
    assert "reopen_bias=0.0" in rows[0] and "members=3" in rows[0]
    moved = [line for line in table.splitlines() if line.startswith("against the chosen")]
    assert len(moved) == 1
    assert "article F1" in moved[0] and "span F1" in moved[0] and "[" in moved[0]
