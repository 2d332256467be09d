"""A clean venv with `pip install .` (the core, no extra) does the whole job: split an HTML
page, run a corpus over a WARC, query and search the result."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from devtools.warc import response

ROOT = Path(__file__).parent.parent
PAGES = ROOT / "tests" / "data" / "synthetic" / "html-holdout"
# Pages of several comment systems and languages, and one without comments.
NAMES = ["h000_wp_says_fr", "h002_wp_modern_de", "h008_drupal8_en", "h023_none_de"]


def _clean_env() -> dict[str, str]:
    """The environment without what would make the venv import this checkout's sources."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(arg) for arg in args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env=_clean_env(),
        timeout=900,
    )


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv with threadsift installed from this checkout, core dependencies only."""
    root = tmp_path_factory.mktemp("venv")
    made = _run(sys.executable, "-m", "venv", root / "venv", cwd=root)
    assert made.returncode == 0, made.stderr
    pip = [root / "venv" / "bin" / "python", "-m", "pip", "--disable-pip-version-check"]
    # One small package first: without an index there is nothing to test.
    probe = _run(*pip, "download", "--no-deps", "--dest", root / "probe", "click", cwd=root)
    if probe.returncode != 0:
        pytest.skip(f"pip cannot reach a package index: {probe.stderr.strip()[-300:]}")
    # From a copy: building in place would leave build/ and *.egg-info in the checkout.
    source = root / "threadsift"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".*", "out", "build", "*.egg-info"))
    installed = _run(*pip, "install", "--quiet", source, cwd=root)
    assert installed.returncode == 0, installed.stderr[-3000:]
    return root / "venv" / "bin"


def _warc(path: Path) -> dict[str, str]:
    """A WARC of the pages (and one exact duplicate), and the URL of each page by name."""
    urls = {name: f"https://news{i}.example/2024/{name}" for i, name in enumerate(NAMES)}
    records = [
        response(urls[name], (PAGES / f"{name}.html").read_bytes(), record_id=name)
        for name in NAMES
    ]
    copy = (PAGES / f"{NAMES[0]}.html").read_bytes()
    records.append(response(urls[NAMES[0]] + "?copy", copy, record_id="copy"))
    path.write_bytes(b"".join(records))
    return urls


@pytest.mark.slow
def test_a_core_install_splits_runs_queries_and_searches(venv: Path, tmp_path: Path) -> None:
    threadsift = venv / "threadsift"
    gold = json.loads((PAGES / f"{NAMES[0]}.txt.gold.json").read_text(encoding="utf-8"))

    split = _run(threadsift, "split", PAGES / f"{NAMES[0]}.html", cwd=tmp_path)
    assert split.returncode == 0, split.stderr
    record = json.loads(split.stdout)
    assert record["title"] == gold["title"]
    assert record["article"]
    assert [c["author"] for c in record["comments"]] == [c["author"] for c in gold["comments"]]
    assert record["language"] == "fr"

    urls = _warc(tmp_path / "crawl.warc")
    run = _run(threadsift, "run", "-j", "1", "crawl.warc", "--out", "out", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    counts = json.loads((tmp_path / "out" / "run.json").read_text())["counts"]
    assert (counts["inputs"], counts["outputs"], counts["duplicates"]) == (5, 4, 1)

    query = _run(threadsift, "query", "out", "SELECT url FROM pages ORDER BY url", cwd=tmp_path)
    assert query.returncode == 0, query.stderr
    for url in urls.values():
        assert url in query.stdout

    word = gold["title"].split()[1]  # "paquet": a word of the French page's title
    search = _run(threadsift, "search", "out", word, cwd=tmp_path)
    assert search.returncode == 0, search.stderr
    assert urls[NAMES[0]] in search.stdout
