"""Write all that `TextDecomposer` gives for each page text, to compare two versions exactly.

Usage:
    python -m bench.dump_text OUT.jsonl [DIR ...]

Every page text (*.txt) under each DIR (default: tests/data) is read in sorted order and
decomposed twice, with the line model and with the rules alone (`rules_only=True`). One JSON
line per page (keys sorted): the page's fields after each decomposer (title, article, lines with
their labels and reasons, comments with all their fields; the text left out). A page that
raises gets a line saying so. Run it with each version on the path and compare the files
(`cmp`): equal files mean the same outputs on every page.

Example (the test pages and the main-content texts `make data` builds):
    PYTHONPATH=src python -m bench.dump_text /tmp/after.jsonl tests/data out/textpages/main
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

from threadsift.decomposers.text import TextDecomposer
from threadsift.page import Page

ROOT = Path(__file__).resolve().parents[1]


def page_record(decomposer: TextDecomposer, name: str, text: str) -> dict[str, Any]:
    """What the decomposer gives for one page text, or the error it raised."""
    page = Page(id=name, text=text)
    try:
        decomposer.decompose(page)
    except Exception as error:  # a page that raises is a difference to see, not the end
        return {"error": repr(error)}
    record = dataclasses.asdict(page)
    record.pop("text")
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="the JSON Lines file to write")
    parser.add_argument("dirs", type=Path, nargs="*", help="folders of page texts (*.txt)")
    args = parser.parse_args(argv)
    dirs = args.dirs or [ROOT / "tests" / "data"]
    decomposers = {"model": TextDecomposer(), "rules": TextDecomposer(rules_only=True)}
    written = 0
    with args.out.open("w", encoding="utf-8") as out:
        for folder in dirs:
            if not folder.is_dir():
                print(f"dump_text: {folder}: no such folder", file=sys.stderr)
                return 2
            for path in sorted(folder.rglob("*.txt")):
                text = path.read_text(encoding="utf-8")
                name = str(path.relative_to(folder))
                record = {key: page_record(d, name, text) for key, d in decomposers.items()}
                record["page"] = f"{folder.name}/{name}"
                out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
                written += 1
    print(f"{written} pages: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
