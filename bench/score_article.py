"""Score article extraction on the real page pools by held-out site, beside other extractors.

Usage:
    python -m bench.score_article DATA_DIR [--folds test|train|all] [--limit N]
                                  [--extractors a,b,...] [--pages OUT.tsv] [--cpu]

DATA_DIR is the pages folder (`../shared/data/pages`, read its README): Dragnet pages with a
hand-extracted article, and trafilatura's evaluation pages with must-keep and must-drop
snippets. Pages are split by site as the line model's training splits them
(`scripts/train_lines.py`: the registered domain of the page's host, hashed into 5 folds);
`--folds test` (the default) scores fold 4 only, the sites no training may use, `train` folds
0-3, `all` every page. `--limit N` scores the first N pages of each pool in the chosen folds.

Every extractor gets the same decoded HTML (`decode_html`, as the readers decode it) and does its
own parse; each call is timed on its own (`time.perf_counter`; with `--cpu`, the CPU time of this
process, `time.process_time`, which moves less with the machine's load), after one untimed
warm-up call
on the first page (model and module loading). The extractors (`EXTRACTORS`, name -> function
from HTML to article text; add one with one line):
  - threadsift: `HtmlDecomposer()` as shipped (the learned article), its `page.article`;
  - threadsift-text: `HtmlDecomposer(article="text")`, the article before the model (the plain-
    text decomposer's article lines of the rendered text);
  - trafilatura, trafilatura-fast: `trafilatura.extract` without comments, default and fast mode;
  - readability: readability-lxml's summary as text (one line per text node);
  - resiliparse: `extract_plain_text(main_content=True, comments=False)`.

What the numbers mean:
  - Dragnet pages, as Dragnet's benchmark scores them: tokens are the lower-cased `\\w+` words;
    precision, recall and F1 of the bag of tokens (multiset overlap) of the extraction against
    the gold article, per page, then the mean over pages (and the median F1). An empty
    extraction of a non-empty article scores 0 (`token_prf`).
  - trafilatura-eval pages, as trafilatura's evaluation scores them: a must-keep (`with`)
    snippet found in the extraction is a true positive, missing a false negative; a must-drop
    (`without`) snippet found is a false positive, absent a true negative. Snippet and
    extraction are compared with whitespace runs made one space (`snippet_counts`). Precision,
    recall, F1 and accuracy are micro over all snippets of all pages.
  - ms/page: median and mean wall-clock (with `--cpu`: CPU) time per page over both pools, and
    their ratio to trafilatura's (below 1: faster than trafilatura).
An extractor that raises on a page scores the empty text there; the report counts such errors.
`--pages OUT.tsv` writes one row per page with each extractor's F1 (the page's own snippet F1 on
trafilatura-eval pages: 1.0 when it has no snippet to find and finds none) and ms, for error
analysis.

Example:
    python -m bench.score_article ../shared/data/pages --folds test --pages /tmp/test.tsv
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, partial
from importlib import metadata
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
# Last, where the tests import this module: tests/ has packages named like modules of these.
sys.path.append(str(ROOT / "scripts"))

from build_textpages import PoolPage, host_of_html, read_pool, site_of  # noqa: E402
from train_lines import FOLDS, TEST_FOLD, fold_of  # noqa: E402

from bench.score_html import (  # noqa: E402
    readability_article,
    resiliparse_article,
    trafilatura_article,
)
from threadsift.decomposers.html import HtmlDecomposer  # noqa: E402
from threadsift.page import Page  # noqa: E402
from threadsift.readers.html import decode_html  # noqa: E402

_TOKEN = re.compile(r"\w+", re.UNICODE)
FOLD_SETS = {
    "test": {TEST_FOLD},
    "train": set(range(FOLDS)) - {TEST_FOLD},
    "all": set(range(FOLDS)),
}
POOLS = {"dragnet": "Dragnet pages", "traf": "trafilatura-eval pages"}


# ---------------------------------------------------------------------------------------------
# Metrics (public: a training script imports them to select on the same figures)


def tokens(text: str) -> Counter[str]:
    """The bag of lower-cased word tokens of a text."""
    return Counter(token.lower() for token in _TOKEN.findall(text))


def token_prf(pred: str, gold: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of the bag of tokens of `pred` against `gold`.

    Two texts without tokens agree (1.0); a prediction without tokens scores 0 against a gold
    with some, and so does any prediction against a gold without.
    """
    p, g = tokens(pred), tokens(gold)
    if not p and not g:
        return 1.0, 1.0, 1.0
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision, recall = overlap / p.total(), overlap / g.total()
    return precision, recall, 2 * precision * recall / (precision + recall)


def _spaced(text: str) -> str:
    return " ".join(text.split())


@dataclass(slots=True)
class SnippetCounts:
    """Snippet outcomes: must-keep found (tp) or missed (fn), must-drop found (fp) or not (tn)."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    def add(self, other: SnippetCounts) -> None:
        self.tp += other.tp
        self.fn += other.fn
        self.fp += other.fp
        self.tn += other.tn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """F1 of precision and recall (1.0 with nothing to find and nothing wrongly found)."""
        if not self.tp + self.fp + self.fn:
            return 1.0
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)

    @property
    def accuracy(self) -> float:
        total = self.tp + self.fn + self.fp + self.tn
        return (self.tp + self.tn) / total if total else 1.0


def snippet_counts(pred: str, with_: list[str], without: list[str]) -> SnippetCounts:
    """Count which must-keep (`with_`) and must-drop (`without`) snippets `pred` holds.

    Whitespace runs count as one space on both sides; a snippet without text is not counted.
    """
    text = _spaced(pred)
    counts = SnippetCounts()
    for snippet in filter(None, map(_spaced, with_)):
        if snippet in text:
            counts.tp += 1
        else:
            counts.fn += 1
    for snippet in filter(None, map(_spaced, without)):
        if snippet in text:
            counts.fp += 1
        else:
            counts.tn += 1
    return counts


# ---------------------------------------------------------------------------------------------
# Extractors: HTML text in, article text out, each with its own parse


@cache
def _decomposer(article: str) -> HtmlDecomposer:
    return HtmlDecomposer(article=article)


def threadsift_article(html: str, article: str = "model") -> str:
    """HtmlDecomposer's article from the given source (default: as shipped, the model)."""
    page = Page(id="page", text="", html=html)
    _decomposer(article).decompose(page)
    return page.article


EXTRACTORS: dict[str, Callable[[str], str]] = {
    "threadsift": threadsift_article,
    # before the learned article: the plain-text decomposer's article of the rendered text
    "threadsift-text": partial(threadsift_article, article="text"),
    "trafilatura": trafilatura_article,
    "trafilatura-fast": partial(trafilatura_article, fast=True),
    "readability": readability_article,
    "resiliparse": resiliparse_article,
}


# ---------------------------------------------------------------------------------------------
# Scoring the pool


@dataclass
class PageResult:
    pool: str
    name: str
    site: str
    fold: int
    prf: dict[str, tuple[float, float, float]] = field(default_factory=dict)  # Dragnet
    snippets: dict[str, SnippetCounts] = field(default_factory=dict)  # trafilatura-eval
    seconds: dict[str, float] = field(default_factory=dict)

    def f1(self, extractor: str) -> float:
        if self.pool == "dragnet":
            return self.prf[extractor][2]
        return self.snippets[extractor].f1


@dataclass
class Ledger:
    """Where every page read went."""

    read: int = 0
    other_folds: int = 0
    over_limit: int = 0
    undecodable: list[str] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)  # extractor -> pages it raised on


def site_and_fold(page: PoolPage, html: str) -> tuple[str, int]:
    """The page's site and fold, as `build_textpages` and `train_lines` split the pool."""
    host = host_of_html(html, page.url)
    site = site_of(host) if host else f"{page.pool}-{page.name}"
    return site, fold_of(site)


def selected(
    data: Path, folds: set[int], limit: int | None, ledger: Ledger
) -> Iterator[tuple[PoolPage, str, str, int]]:
    """The pages of the chosen folds, decoded, with their site and fold."""
    taken: Counter[str] = Counter()
    for page in read_pool(data):
        ledger.read += 1
        try:
            html, _ = decode_html(page.html, page.name)
        except Exception as error:  # an unreadable page is counted, not fatal
            ledger.undecodable.append(f"{page.pool}/{page.name}: {error}")
            continue
        site, fold = site_and_fold(page, html)
        if fold not in folds:
            ledger.other_folds += 1
            continue
        if limit is not None and taken[page.pool] >= limit:
            ledger.over_limit += 1
            continue
        taken[page.pool] += 1
        yield page, html, site, fold


def extract(
    name: str, html: str, ledger: Ledger, clock: Callable[[], float] = time.perf_counter
) -> tuple[str, float]:
    """One extractor's text and seconds by `clock` on one page (the empty text when it raises)."""
    try:
        start = clock()
        text = EXTRACTORS[name](html)
        seconds = clock() - start
    except Exception:  # a failing extractor loses the page, as an empty extraction would
        ledger.errors[name] += 1
        return "", 0.0
    return text or "", seconds


def score(
    data: Path,
    folds: set[int],
    limit: int | None,
    extractors: list[str],
    clock: Callable[[], float] = time.perf_counter,
) -> tuple[list[PageResult], Ledger]:
    ledger = Ledger()
    results: list[PageResult] = []
    for page, html, site, fold in selected(data, folds, limit, ledger):
        if not results:  # untimed warm-up: lazy imports and models load here
            for name in extractors:
                extract(name, html, Ledger())
        result = PageResult(page.pool, page.name, site, fold)
        for name in extractors:
            text, result.seconds[name] = extract(name, html, ledger, clock)
            if page.pool == "dragnet":
                result.prf[name] = token_prf(text, page.article or "")
            else:
                result.snippets[name] = snippet_counts(
                    text, page.with_snippets, page.without_snippets
                )
        results.append(result)
    return results, ledger


# ---------------------------------------------------------------------------------------------
# Report


def _versions() -> str:
    parts = []
    for package in ("trafilatura", "readability-lxml", "resiliparse", "lxml"):
        try:
            parts.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{package} absent")
    return ", ".join(parts)


def machine() -> str:
    """The CPU, cores and load the times were taken on.

    Not bench_decompose.machine(): that module imports `corpus`, which the tests' `corpus`
    package shadows once score_html has put tests/ first on the path.
    """
    cpu = platform.processor() or platform.machine()
    try:
        models = [
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = models[0] if models else cpu
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} cores ({usable} usable), {cpu}; load {load};"
        f" Python {platform.python_version()}"
    )


def _commit() -> str:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "src/threadsift"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
    except OSError:
        return "(no git)"
    return done.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")


def header(data: Path, fold_set: str, results: list[PageResult], ledger: Ledger) -> None:
    print(f"machine: {machine()}")
    print(f"code: threadsift {_commit()} ({ROOT / 'src'}); {_versions()}")
    folds = ",".join(map(str, sorted(FOLD_SETS[fold_set])))
    print(
        f"data: {data}, --folds {fold_set}: site folds {folds} of 0-{FOLDS - 1}"
        f" (fold {TEST_FOLD}: the held-out sites)"
    )
    for pool, title in POOLS.items():
        subset = [r for r in results if r.pool == pool]
        print(f"  {title}: {len(subset)} pages of {len({r.site for r in subset})} sites")
    print(
        f"  pages read {ledger.read}: scored {len(results)}, other folds {ledger.other_folds},"
        f" over --limit {ledger.over_limit}, undecodable {len(ledger.undecodable)}"
    )
    for line in ledger.undecodable:
        print(f"    undecodable: {line}")
    print()


def _ms(values: list[float]) -> tuple[float, float]:
    return 1000 * statistics.median(values), 1000 * statistics.mean(values)


def report(
    results: list[PageResult], ledger: Ledger, extractors: list[str], clock: str = "wall"
) -> None:
    dragnet = [r for r in results if r.pool == "dragnet"]
    if dragnet:
        print(f"{POOLS['dragnet']} ({len(dragnet)}): token P/R/F1, mean over pages")
        print(f"{'extractor':18} {'P':>6} {'R':>6} {'F1':>6} {'median':>7} {'ms med':>7}")
        for name in extractors:
            p, r, f = (statistics.mean(x.prf[name][i] for x in dragnet) for i in range(3))
            median = statistics.median(x.prf[name][2] for x in dragnet)
            ms = _ms([x.seconds[name] for x in dragnet])[0]
            print(f"{name:18} {p:6.3f} {r:6.3f} {f:6.3f} {median:7.3f} {ms:7.1f}")
        print()
    traf = [r for r in results if r.pool == "traf"]
    if traf:
        total = SnippetCounts()  # any extractor's counts add up to the snippets there are
        for r in traf:
            total.add(r.snippets[extractors[0]])
        print(
            f"{POOLS['traf']} ({len(traf)}): snippets micro over {total.tp + total.fn} must-keep"
            f" and {total.fp + total.tn} must-drop"
        )
        print(
            f"{'extractor':18} {'P':>6} {'R':>6} {'F1':>6} {'acc':>6}"
            f" {'tp':>5} {'fn':>5} {'fp':>5} {'tn':>5} {'ms med':>7}"
        )
        for name in extractors:
            c = SnippetCounts()
            for r in traf:
                c.add(r.snippets[name])
            ms = _ms([x.seconds[name] for x in traf])[0]
            print(
                f"{name:18} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} {c.accuracy:6.3f}"
                f" {c.tp:5} {c.fn:5} {c.fp:5} {c.tn:5} {ms:7.1f}"
            )
        print()
    if not results:
        return
    print(f"{clock} time per page, all {len(results)} pages (each extractor's own parse included)")
    base = _ms([r.seconds["trafilatura"] for r in results]) if "trafilatura" in extractors else None
    ratio = " x traf (med, mean)" if base else ""
    print(f"{'extractor':18} {'median ms':>10} {'mean ms':>9} {'raised':>6}{ratio}")
    for name in extractors:
        median, mean = _ms([r.seconds[name] for r in results])
        row = f"{name:18} {median:10.1f} {mean:9.1f} {ledger.errors[name]:6}"
        if base:
            row += f"  {median / base[0]:.2f}, {mean / base[1]:.2f}"
        print(row)


def write_pages(path: Path, results: list[PageResult], extractors: list[str]) -> None:
    """One row per page: pool, page, site, fold, then each extractor's F1 and ms."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter="\t", lineterminator="\n")
        out.writerow(
            ["pool", "page", "site", "fold"]
            + [f"{name}_f1" for name in extractors]
            + [f"{name}_ms" for name in extractors]
        )
        for r in results:
            out.writerow(
                [r.pool, r.name, r.site, r.fold]
                + [f"{r.f1(name):.4f}" for name in extractors]
                + [f"{1000 * r.seconds[name]:.2f}" for name in extractors]
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="the pages folder (../shared/data/pages)")
    parser.add_argument("--folds", choices=tuple(FOLD_SETS), default="test")
    parser.add_argument("--limit", type=int, default=None, help="pages per pool, at most")
    parser.add_argument(
        "--extractors", default=",".join(EXTRACTORS), help="comma-separated, of: %(default)s"
    )
    parser.add_argument("--pages", type=Path, default=None, help="per-page TSV to write")
    parser.add_argument(
        "--cpu", action="store_true", help="time in CPU time of this process, not wall time"
    )
    args = parser.parse_args(argv)
    extractors = [name.strip() for name in args.extractors.split(",") if name.strip()]
    unknown = [name for name in extractors if name not in EXTRACTORS]
    if unknown or not extractors:
        print(
            f"score_article: unknown extractor {', '.join(unknown) or '(none given)'};"
            f" use some of {', '.join(EXTRACTORS)}",
            file=sys.stderr,
        )
        return 2
    if not args.data.is_dir():
        print(f"score_article: {args.data}: no such folder", file=sys.stderr)
        return 2
    clock = time.process_time if args.cpu else time.perf_counter
    results, ledger = score(args.data, FOLD_SETS[args.folds], args.limit, extractors, clock)
    header(args.data, args.folds, results, ledger)
    report(results, ledger, extractors, "CPU" if args.cpu else "wall")
    if args.pages is not None:
        write_pages(args.pages, results, extractors)
        print(f"\nper-page figures: {args.pages}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
