"""Score where threads are found: pool pages without comments that get one, and recall on pages
with comments, per group of site folds (0-3, where choices are made; 4, held out).

Usage:
    python -m bench.score_threads DATA_DIR [--pages OUT.tsv] [--decompose] [--no-decide]
        [--no-eye] [--jobs N] [--limit N]

DATA_DIR is the pool folder (`../shared/data/pages/`, read through
`scripts/build_textpages.read_pool`). A page's fold is `scripts/train_lines.fold_of` of its site.

- Pages without comments: Dragnet pages whose gold has no comments section, and the pages
  checked by eye in `bench/data/no_comment_pages.tsv` (pool, name, site, has_comments, note;
  where the eye and Dragnet's gold disagree, the eye wins; `--no-eye` leaves the list out).
- Pages with comments: Dragnet pages with comments in their gold, trafilatura pages with
  comment snippets, and the pages the eye saw comments on. A page is recalled when its thread
  holds a comment the reference agrees with (Dragnet: most of the comment's long lines are in
  the gold comments; trafilatura: a comment snippet is in the thread); a page the eye saw
  comments on that its pool's gold lacks is recalled when it has a thread at all.

Scored: `find_comments` (the HTML sources and the confidence decision); with `--decompose`
also the whole `HtmlDecomposer`. `--no-decide` keeps every thread found and the comments the
plain-text path reads where the DOM has none, as before the decision: run with and without it
for before/after. `--pages` writes one row per page with the thread's evidence.

Example:
    python -m bench.score_threads ../shared/data/pages --decompose --pages /tmp/threads.tsv
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(1, str(ROOT / "scripts"))

from build_textpages import (  # noqa: E402
    PoolPage,
    Reference,
    _agrees,
    _snippet_hit,
    host_of_html,
    read_pool,
    site_of,
)
from train_lines import TEST_FOLD, fold_of  # noqa: E402

from threadsift.decomposers.html import HtmlDecomposer, find_comments  # noqa: E402
from threadsift.decomposers.html_lines import text_match_key  # noqa: E402
from threadsift.errors import InputError  # noqa: E402
from threadsift.page import Comment, Page  # noqa: E402
from threadsift.readers.html import decode_html  # noqa: E402

#: The pages checked by eye (tab-separated: pool, name, site, has_comments, note).
EYE_CHECKED = ROOT / "bench" / "data" / "no_comment_pages.tsv"
GROUPS = (("folds 0-3", lambda fold: fold != TEST_FOLD), ("fold 4", lambda fold: fold == TEST_FOLD))


@dataclass(slots=True)
class Row:
    """One page: its gold status, what find_comments found and what the decomposer kept."""

    pool: str
    name: str
    site: str
    fold: int
    has_comments: bool | None  # None: not known
    system: str = ""
    found: int = 0  # comments found by the sources
    kept: int = 0  # comments find_comments keeps
    confidence: float = 0.0
    recalled: bool = False  # the kept thread holds a comment the reference agrees with
    evidence: str = ""
    final: int = -1  # comments of the whole decomposer (-1: not run)
    final_recalled: bool = False
    final_path: str = ""  # "html" (a kept HTML thread) or "text" (the plain-text path)
    error: str = ""  # why the page could not be read


def read_eye_checked(path: Path = EYE_CHECKED) -> dict[tuple[str, str], bool]:
    """The pages checked by eye: (pool, name) -> whether the page has a comment section."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {(row["pool"], row["name"]): row["has_comments"] == "yes" for row in rows}


def gold_has_comments(page: PoolPage, eye: dict[tuple[str, str], bool]) -> bool | None:
    """Whether a page has comments: by eye when checked, else by its pool's gold."""
    if (page.pool, page.name) in eye:
        return eye[page.pool, page.name]
    if page.pool == "dragnet":
        return page.comments_text is not None
    return True if page.comment_snippets else None


def recalled(page: PoolPage, comments: list[Comment]) -> bool:
    """Whether the thread holds a comment the page's reference agrees with (a page seen by eye
    to have comments that its pool's gold lacks: whether it has a thread at all)."""
    if page.pool == "dragnet":
        if page.comments_text is None:
            return bool(comments)
        reference = Reference(page.comments_text)
        return any(_agrees(comment, reference) for comment in comments)
    if not page.comment_snippets:
        return bool(comments)
    snippets = page.comment_snippets
    return any(_snippet_hit(text_match_key(comment.text), snippets) for comment in comments)


def score_page(args: tuple[PoolPage, dict[tuple[str, str], bool], bool, bool]) -> Row:
    """Find (and, with `decompose`, decompose) one page's thread."""
    from resiliparse.parse.html import HTMLTree

    page, eye, decompose, decide = args
    try:
        html, _ = decode_html(page.html, page.name)
    except InputError as error:  # counted apart: neither with nor without comments
        return Row(page.pool, page.name, "", -1, None, error=str(error))
    site = site_of(host_of_html(html, page.url) or f"{page.pool}-{page.name}")
    row = Row(page.pool, page.name, site, fold_of(site), gold_has_comments(page, eye))
    thread = find_comments(HTMLTree.parse(html), decide=False)
    row.system, row.found, row.confidence = thread.system, len(thread.comments), thread.confidence
    if thread.evidence is not None:
        row.evidence = " ".join(f"{k}={v:.2f}" for k, v in thread.evidence.features().items())
    kept = find_comments(HTMLTree.parse(html), decide=decide).comments
    row.kept, row.recalled = len(kept), recalled(page, kept)
    if decompose:
        decomposer = HtmlDecomposer(decide_threads=decide)
        out = Page(id=page.name, text="", html=html)
        decomposer.decompose(out)
        row.final, row.final_recalled = len(out.comments), recalled(page, out.comments)
        row.final_path = "html" if decomposer.stats["threads_kept"] else "text"
    return row


def summary(rows: list[Row], decompose: bool) -> Iterator[str]:
    """The table: per fold group, pages without comments that get a thread, recall on pages
    with comments, for find_comments and the whole decomposer."""
    yield "| scope | measure | folds 0-3 | fold 4 |"
    yield "|---|---|---|---|"
    scopes = [("find_comments", "kept", "recalled")]
    if decompose:
        scopes.append(("HtmlDecomposer", "final", "final_recalled"))
    for scope, count, hit in scopes:
        cells_false, cells_recall = [], []
        for _, in_group in GROUPS:
            group = [row for row in rows if in_group(row.fold)]
            without = [row for row in group if row.has_comments is False]
            with_ = [row for row in group if row.has_comments]
            false = sum(getattr(row, count) > 0 for row in without)
            hits = sum(bool(getattr(row, hit)) for row in with_)
            cells_false.append(f"{false}/{len(without)} = {_share(false, len(without))}")
            cells_recall.append(f"{hits}/{len(with_)} = {_share(hits, len(with_))}")
        yield f"| {scope} | no-comment pages with a thread | {' | '.join(cells_false)} |"
        yield f"| {scope} | recall on pages with comments | {' | '.join(cells_recall)} |"


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="the pool folder (../shared/data/pages)")
    parser.add_argument("--pages", type=Path, help="write one row per page (TSV) here")
    parser.add_argument("--decompose", action="store_true", help="also the whole decomposer")
    parser.add_argument("--no-decide", action="store_true", help="keep every thread found")
    parser.add_argument(
        "--no-eye", action="store_true", help="the pools' gold alone, without the eye-checked list"
    )
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--limit", type=int, default=None, help="pages per pool (for trials)")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"score_threads: {args.data}: no such folder", file=sys.stderr)
        return 2
    eye = {} if args.no_eye else read_eye_checked()
    work = (
        (page, eye, args.decompose, not args.no_decide) for page in read_pool(args.data, args.limit)
    )
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        rows = list(pool.map(score_page, work, chunksize=4))
    if args.pages:
        with args.pages.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(asdict(rows[0])), delimiter="\t")
            writer.writeheader()
            writer.writerows(asdict(row) for row in rows)
    decision = "every thread kept (--no-decide)" if args.no_decide else "threads decided"
    errors = sum(bool(row.error) for row in rows)
    print(f"score_threads: {len(rows)} pages ({errors} unreadable), {decision}")
    for line in summary(rows, args.decompose):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
