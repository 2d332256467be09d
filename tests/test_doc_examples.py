"""Every command example in the README and docs/ runs, as written, with the documented status.

The convention (docs/development.md, "Writing the docs"): in a ```sh block, each line that starts
with `threadsift ` or pipes into it is an example. The examples of one page run in order in one
temporary directory, which holds what they name: `tests/` (the repository's), `crawl/` (a small
WARC of the repository's HTML test pages) and `page.html`. `<!-- no-run -->` on the line before a
block shows it without running it (a Ray cluster, say); `<!-- exit N -->` expects status N.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from devtools.warc import response, warc_record

ROOT = Path(__file__).parent.parent
HTML_PAGES = ROOT / "tests" / "data" / "synthetic" / "html-holdout"
#: HTML test pages in the WARC of `crawl/`: several languages and comment systems.
CRAWL_PAGES = ("h006_wpdiscuz_anon_en", "h008_drupal8_en", "h009_drupal8_de", "h014_spip_fr")

BLOCK = re.compile(
    r"(?:<!-- (?P<mark>no-run|exit \d+) -->\n)?^```(?P<lang>\w*)\n(?P<body>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)


@dataclass(frozen=True)
class Example:
    """A command line of a docs page and the exit status it should end with."""

    line: str
    status: int
    lineno: int


def examples(text: str) -> list[Example]:
    """The runnable examples of a Markdown page, in order."""
    found = []
    for block in BLOCK.finditer(text):
        if block.group("lang") != "sh" or block.group("mark") == "no-run":
            continue
        mark = block.group("mark")
        status = int(mark.split()[1]) if mark else 0
        lineno = text.count("\n", 0, block.start("body")) + 1
        pending = ""
        for offset, part in enumerate(block.group("body").splitlines()):
            if not pending:
                start = lineno + offset
            if part.endswith("\\"):  # a continuation line
                pending += part[:-1]
                continue
            line, pending = pending + part, ""
            if line.startswith("threadsift ") or re.search(r"\| *threadsift ", line):
                found.append(Example(line, status, start))
    return found


def pages_with_examples() -> list[Path]:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return [page for page in pages if examples(page.read_text(encoding="utf-8"))]


def stage(directory: Path) -> None:
    """Put what the examples name into `directory`, and a `threadsift` on its PATH."""
    (directory / "tests").symlink_to(ROOT / "tests", target_is_directory=True)
    shutil.copy(HTML_PAGES / f"{CRAWL_PAGES[0]}.html", directory / "page.html")
    (directory / "crawl").mkdir()
    warc = bytearray(gzip.compress(warc_record("warcinfo", b"software: docs test\r\n")))
    for name in CRAWL_PAGES:
        body = (HTML_PAGES / f"{name}.html").read_bytes()
        warc += gzip.compress(response(f"https://news.example/{name}", body, name))
    # The same page again under another URL: an exact duplicate for the run to find.
    body = (HTML_PAGES / f"{CRAWL_PAGES[1]}.html").read_bytes()
    warc += gzip.compress(response("https://mirror.example/story", body, "copy"))
    (directory / "crawl" / "news.warc.gz").write_bytes(bytes(warc))
    bin_dir = directory / ".bin"
    bin_dir.mkdir()
    shim = bin_dir / "threadsift"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m threadsift "$@"\n', encoding="utf-8")
    shim.chmod(0o755)


def test_examples_are_found() -> None:
    text = (
        "```sh\npip install .\nthreadsift split a.txt\n# threadsift: a comment\n"
        "printf x | threadsift split -\n```\n"
        "<!-- no-run -->\n```sh\nthreadsift run big/ --out r\n```\n"
        "<!-- exit 1 -->\n```sh\nthreadsift search r \\\n  nothing\n```\n"
        "```text\nthreadsift split PATH...\n```\n"
    )
    assert examples(text) == [
        Example("threadsift split a.txt", 0, 3),
        Example("printf x | threadsift split -", 0, 5),
        Example("threadsift search r   nothing", 1, 13),
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    "page", pages_with_examples(), ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_every_command_example_runs(page: Path, tmp_path: Path) -> None:
    stage(tmp_path)
    env = {**os.environ, "PATH": f"{tmp_path / '.bin'}{os.pathsep}{os.environ['PATH']}"}
    for example in examples(page.read_text(encoding="utf-8")):
        done = subprocess.run(
            ["bash", "-c", f"set -o pipefail; {example.line}"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        where = f"{page.relative_to(ROOT)}:{example.lineno}: {example.line}"
        assert done.returncode == example.status, f"{where}\nexit {done.returncode}: {done.stderr}"
