"""docs/python-api.md runs as written: its examples are doctests over a small `crawl/` folder,
and it names nothing but what `threadsift` exports."""

from __future__ import annotations

import doctest
import json
import re
import shutil
from pathlib import Path

import pytest

import threadsift

ROOT = Path(__file__).parent.parent
DOC = ROOT / "docs" / "python-api.md"
DATA = ROOT / "tests" / "data"


def make_crawl(folder: Path) -> None:
    """The `crawl/` folder the page describes: two text pages, an HTML page, and a JSON Lines
    file with a copy of the first page and a line cut short."""
    folder.mkdir()
    shutil.copyfile(DATA / "seeds" / "000_7fe71d9ef4cd9f31.txt", folder / "story-1.txt")
    shutil.copyfile(DATA / "seeds" / "003_cf68228d2aace998.txt", folder / "story-2.txt")
    shutil.copyfile(
        DATA / "synthetic" / "html-holdout" / "h001_wp_says_es.html", folder / "story-3.html"
    )
    copy = {"id": "rec-1", "url": "https://news.example/copy"}
    copy["text"] = (folder / "story-1.txt").read_text(encoding="utf-8")
    (folder / "more.jsonl").write_text(
        json.dumps(copy) + "\n" + '{"id": "rec-2", "text": \n', encoding="utf-8"
    )


def blocks(markdown: str) -> list[tuple[str, str, int]]:
    """The fenced code blocks of a Markdown text: (language, code, line of the code)."""
    return [
        (found["language"], found["code"], markdown.count("\n", 0, found.start("code")))
        for found in re.finditer(
            r"^```(?P<language>\w*)\n(?P<code>.*?)^```", markdown, re.MULTILINE | re.DOTALL
        )
    ]


def test_every_example_is_a_doctest() -> None:
    found = blocks(DOC.read_text(encoding="utf-8"))
    assert len(found) >= 5
    assert {language for language, _, _ in found} == {"pycon"}


@pytest.mark.slow  # runs every example of the page
def test_the_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_crawl(tmp_path / "crawl")
    monkeypatch.chdir(tmp_path)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    names: dict[str, object] = {}  # one namespace: each block goes on from the one before
    for _, code, line in blocks(DOC.read_text(encoding="utf-8")):
        test = doctest.DocTestParser().get_doctest(code, names, DOC.name, str(DOC), line)
        runner.run(test, clear_globs=False)
        names = test.globs  # a DocTest runs in a copy
    result = runner.summarize(verbose=False)
    assert result.attempted >= 20
    assert result.failed == 0


def test_only_exported_names_are_taught() -> None:
    text = DOC.read_text(encoding="utf-8")
    used = set(re.findall(r"(?<![\w'])threadsift\.(\w+)", text)) - {"__all__"}
    assert used <= set(threadsift.__all__), used - set(threadsift.__all__)
    table = text.split("\n\n## ", 1)[0]
    listed = set(re.findall(r"`(\w+)`", table))
    assert set(threadsift.__all__) <= listed
