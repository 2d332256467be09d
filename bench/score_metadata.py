"""Score the article metadata (author, publication date) against trafilatura's, by site fold.

Usage:
    python -m bench.score_metadata DATA_DIR [--per-page]

DATA_DIR is the shared pages folder (`../shared/data/pages`); its `trafilatura-eval/pages.jsonl`
gives a gold `author` and `date` for most pages (an empty string where the page names none;
pages whose gold lacks the field are left out of that field's figures). A page's site is the
registered domain of its host (`scripts/build_textpages.py`), and its fold a hash of the site
(`scripts/train_lines.py`): choices are made on folds 0-3, and fold 4, the held-out sites, is
reported on its own.

Scored per page:
  - author: right when the names are equal case- and space-folded (several names as a set; no
    author where the gold has none counts as right);
  - date: right when the day (the first ten characters of the ISO date) equals the gold's.
Time is wall-clock per page, each side's own parse included: threadsift's resiliparse parse and
`metadata.article_metadata`, against `trafilatura.extract_metadata` (lxml parse, htmldate).

Example:
    python -m bench.score_metadata ../shared/data/pages
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(1, str(ROOT / "src"))

from build_textpages import host_of_html, site_of  # noqa: E402
from train_lines import TEST_FOLD, fold_of  # noqa: E402

from threadsift.decomposers.metadata import article_metadata  # noqa: E402
from threadsift.errors import InputError  # noqa: E402
from threadsift.readers.html import decode_html  # noqa: E402

SYSTEMS = ("threadsift", "trafilatura")


@dataclass
class Scored:
    """One page: its fold and, per system, whether author and date are right, and the time."""

    name: str
    fold: int
    gold_author: str | list[str] | None
    gold_date: str | None
    found: dict[str, tuple[str | None, str | None]]
    seconds: dict[str, float]


def fold(name: str | None) -> str:
    """A name compared case- and space-insensitively."""
    return re.sub(r"\s+", " ", name or "").strip().casefold()


def threadsift_metadata(html: str) -> tuple[str | None, str | None]:
    from resiliparse.parse.html import HTMLTree

    found = article_metadata(HTMLTree.parse(html))
    return found.author, found.published


def trafilatura_metadata(html: str) -> tuple[str | None, str | None]:
    import trafilatura

    found = trafilatura.extract_metadata(html)
    return (found.author, found.date) if found is not None else (None, None)


RUNNERS = {"threadsift": threadsift_metadata, "trafilatura": trafilatura_metadata}


def score(data: Path) -> list[Scored]:
    pool = data / "trafilatura-eval"
    scored = []
    with (pool / "pages.jsonl").open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    for row in rows:
        try:
            html, _ = decode_html(gzip.decompress((pool / row["file"]).read_bytes()), row["file"])
        except InputError as error:  # a page that is not text: as the readers would report it
            print(f"skipped: {error}")
            continue
        url = row.get("url") or ""
        host = host_of_html(html, None if url.startswith("hard::") else url)
        found, seconds = {}, {}
        for system, run in RUNNERS.items():
            start = time.perf_counter()
            found[system] = run(html)
            seconds[system] = time.perf_counter() - start
        scored.append(
            Scored(
                name=row["file"],
                fold=fold_of(site_of(host)) if host else -1,
                gold_author=row.get("author"),
                gold_date=row.get("date"),
                found=found,
                seconds=seconds,
            )
        )
    return scored


def names(value: str | list[str] | None) -> set[str]:
    """The folded names of an author field ("; " between several, or a list of them)."""
    parts = value if isinstance(value, list) else (value or "").split(";")
    return {fold(part) for part in parts} - {""}


def right_author(page: Scored, system: str) -> bool:
    return names(page.found[system][0]) == names(page.gold_author)


def right_date(page: Scored, system: str) -> bool:
    return (page.found[system][1] or "")[:10] == (page.gold_date or "")[:10]


def report(pages: list[Scored], label: str) -> None:
    authors = [p for p in pages if p.gold_author is not None]
    dates = [p for p in pages if p.gold_date is not None]
    print(f"{label}: {len(pages)} pages ({len(authors)} with a gold author, {len(dates)} date)")
    for system in SYSTEMS:
        author = sum(right_author(p, system) for p in authors) / max(len(authors), 1)
        date = sum(right_date(p, system) for p in dates) / max(len(dates), 1)
        times = [1000 * p.seconds[system] for p in pages]
        print(
            f"  {system:12} author {author:.3f}  date {date:.3f}"
            f"  ms/page mean {statistics.mean(times):5.1f} median {statistics.median(times):5.1f}"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="the shared pages folder")
    parser.add_argument("--per-page", action="store_true", help="list the wrong answers")
    args = parser.parse_args(argv)
    pages = score(args.data)
    by_fold: dict[bool, list[Scored]] = defaultdict(list)
    for page in pages:
        by_fold[page.fold == TEST_FOLD].append(page)
    report(by_fold[False], "folds 0-3 (where choices are made)")
    report(by_fold[True], f"fold {TEST_FOLD} (held-out sites)")
    if args.per_page:
        for page in by_fold[False]:
            for field, right, gold, index in (
                ("author", right_author, page.gold_author, 0),
                ("date", right_date, page.gold_date, 1),
            ):
                if gold is not None and not right(page, "threadsift"):
                    print(
                        f"  {page.name[:40]:40} {field}: gold {gold!r}"
                        f" ours {page.found['threadsift'][index]!r}"
                        f" trafilatura {page.found['trafilatura'][index]!r}"
                    )


if __name__ == "__main__":
    main()
