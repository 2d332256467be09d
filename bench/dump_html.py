"""Write all that `HtmlDecomposer` gives for each pool page, to compare two versions exactly.

Usage:
    python -m bench.dump_html DATA_DIR OUT.jsonl [--limit N]

DATA_DIR is the pages folder (`../shared/data/pages`); every page of both pools is read in the
pool's order and decoded as the readers decode it. One JSON line per page (keys sorted): the
page's fields after the default decomposer (title, article, text, lines with their reasons,
comments with their fields, author, published date, site name; the HTML left out), and
`find_comments` without the decision (its source, confidence, evidence and comments). A page
that cannot be decoded or that raises gets a line saying so; the last line holds the
decomposer's counters. Run it with each version on the path and compare the files (`cmp`):
equal files mean the same outputs on every page.

Example:
    PYTHONPATH=src python -m bench.dump_html ../shared/data/pages /tmp/after.jsonl
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from build_textpages import read_pool  # noqa: E402

from threadsift.decomposers.html import HtmlDecomposer, find_comments  # noqa: E402
from threadsift.page import Page  # noqa: E402
from threadsift.readers.html import decode_html  # noqa: E402


def page_record(decomposer: HtmlDecomposer, html: str, name: str) -> dict[str, Any]:
    """What the decomposer and `find_comments` (undecided) give for one page."""
    from resiliparse.parse.html import HTMLTree

    page = Page(id=name, text="", html=html)
    record: dict[str, Any]
    try:
        decomposer.decompose(page)
        record = dataclasses.asdict(page)
        record.pop("html")
    except Exception as error:  # a page that raises is a difference to see, not the end
        record = {"error": repr(error)}
    try:
        found = find_comments(HTMLTree.parse(html), decide=False)
        record["found"] = [
            found.system,
            round(found.confidence, 9),
            repr(found.evidence),
            [dataclasses.asdict(comment) for comment in found.comments],
        ]
    except Exception as error:
        record["found"] = repr(error)
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="the pages folder (../shared/data/pages)")
    parser.add_argument("out", type=Path, help="the JSON Lines file to write")
    parser.add_argument("--limit", type=int, default=None, help="pages, at most")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"dump_html: {args.data}: no such folder", file=sys.stderr)
        return 2
    decomposer = HtmlDecomposer()
    written = 0
    with args.out.open("w", encoding="utf-8") as out:
        for pool_page in read_pool(args.data):
            if args.limit is not None and written >= args.limit:
                break
            name = f"{pool_page.pool}/{pool_page.name}"
            try:
                html, _ = decode_html(pool_page.html, pool_page.name)
            except Exception as error:  # an unreadable page is written as such
                record: dict[str, Any] = {"undecodable": str(error)}
            else:
                record = page_record(decomposer, html, pool_page.name)
            record["page"] = name
            out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
            written += 1
        out.write(json.dumps({"stats": dict(sorted(decomposer.stats.items()))}) + "\n")
    print(f"{written} pages: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
