"""`threadsift serve` and `threadsift report` from the command line, and the report `run`
writes."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

import threadsift
from threadsift.cli import cli

STORY = (
    "The council met on Tuesday to discuss the harbour. The mayor said that the ferry would run"
    " every hour from May, after a long consultation with the island residents and the crews."
)


def test_serve_get_prints_a_view_and_its_status(viewer_run: Path) -> None:
    found = CliRunner().invoke(cli, ["serve", str(viewer_run), "--get", "/pages.json?q=windows"])
    assert found.exit_code == 0, found.output
    assert json.loads(found.stdout)["total"] >= 1
    missing = CliRunner().invoke(cli, ["serve", str(viewer_run), "--get", "/pages/nope"])
    assert missing.exit_code == 1
    assert "Not found" in missing.stdout


def test_serve_refuses_a_directory_without_a_run(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"threadsift: error: {tmp_path}: no threadsift run output")


def test_report_writes_one_self_contained_file(viewer_run: Path, tmp_path: Path) -> None:
    target = tmp_path / "overview.html"
    result = CliRunner().invoke(cli, ["report", str(viewer_run), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(target)
    html = target.read_text(encoding="utf-8")
    assert "<svg" in html and "<style>" in html
    assert "<script" not in html.lower() and '<link rel="stylesheet"' not in html
    assert (
        '<meta http-equiv="Content-Security-Policy" content="default-src &#x27;none&#x27;;' in html
    )
    assert "src=" not in html and "http://" not in html.replace('"http://www.w3.org/2000/svg"', "")


def test_run_writes_the_report_unless_told_not_to(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_text(f"Headline\n\n{STORY}\n", encoding="utf-8")
    report = threadsift.run(tmp_path / "page.txt", tmp_path / "out", jobs=1, annotate=False)
    assert report.summary in (report.out / "report.html").read_text(encoding="utf-8")
    args = ["run", "-q", "--no-annotate", "--no-report", str(tmp_path / "page.txt")]
    result = CliRunner().invoke(cli, [*args, "--out", str(tmp_path / "bare")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "bare" / "run.json").is_file()
    assert not (tmp_path / "bare" / "report.html").exists()


@pytest.mark.slow  # starts a process
def test_serve_prints_its_address_and_serves_until_stopped(viewer_run: Path) -> None:
    command = [sys.executable, "-m", "threadsift", "serve", str(viewer_run), "-q"]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        assert server.stderr is not None
        line = server.stderr.readline()
        assert line.startswith(f"threadsift: serving {viewer_run} at http://127.0.0.1:")
        address = line.split(" at ", 1)[1].split()[0]
        with urllib.request.urlopen(f"{address}index.json", timeout=30) as answer:
            assert json.load(answer)["counts"]["errors"] == 2
    finally:
        server.terminate()
        server.communicate(timeout=30)
