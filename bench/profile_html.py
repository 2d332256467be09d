"""Where `HtmlDecomposer`'s time goes: CPU time per stage and page on the real page pools.

Usage:
    python -m bench.profile_html DATA_DIR [--folds train|test|all] [--limit N] [--seed S]

DATA_DIR is the pages folder (`../shared/data/pages`); pages are chosen by site fold as in
`bench/score_article.py` (`--folds train`, the default: folds 0-3, where choices are made), then
shuffled with `--seed` and the first `--limit` kept. The default decomposer runs on each page
once after one untimed warm-up page. Each stage (`STAGES`: a module attribute, wrapped for the
run) is timed with `time.process_time` (CPU time of this process: on a shared machine it moves
less with the load than wall time does). Nested stages are timed inside their callers too
(`find_comments` includes its sources and `gather`, `features` includes `Readings.flags`;
`blocks_of` is lxml's parse with the walk riding it; `networks` are the model's stages).
Printed: median and mean ms per page of the whole decomposer and of each stage, and the
stage's share of the total.

Example:
    python -m bench.profile_html ../shared/data/pages --limit 300
"""

from __future__ import annotations

import argparse
import functools
import importlib
import random
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.score_article import FOLD_SETS, Ledger, selected
from threadsift.decomposers.html import HtmlDecomposer
from threadsift.page import Page

#: (label, module, attribute path) of each timed stage; a class method is "Class.method".
STAGES = (
    ("resiliparse parse", "resiliparse.parse.html", "HTMLTree.parse"),
    ("find_title", "threadsift.decomposers.html", "find_title"),
    ("article_metadata", "threadsift.decomposers.html", "article_metadata"),
    ("find_comments", "threadsift.decomposers.html", "find_comments"),
    ("  from_markups", "threadsift.decomposers.html", "from_markups"),
    ("  from_jsonld", "threadsift.decomposers.html", "from_jsonld"),
    ("  from_footers", "threadsift.decomposers.comment_footers", "from_footers"),
    ("  from_repeated_blocks", "threadsift.decomposers.comment_fallback", "from_repeated_blocks"),
    ("  gather", "threadsift.decomposers.html", "gather"),
    ("extract_plain_text", "resiliparse.extract.html2text", "extract_plain_text"),
    ("text decomposer", "threadsift.decomposers.text", "TextDecomposer.decompose"),
    ("Readings (main, text article)", "threadsift.decomposers.article_features",
     "Readings.__post_init__"),
    ("blocks_of", "threadsift.decomposers.article_model", "blocks_of"),
    ("features", "threadsift.decomposers.article_model", "features"),
    ("  Readings.flags", "threadsift.decomposers.article_features", "Readings.flags"),
    ("token_scores", "threadsift.decomposers.article_model", "token_scores"),
    ("stage_context", "threadsift.decomposers.article_model", "stage_context"),
    ("networks", "threadsift.decomposers.network", "Network.__call__"),
    ("with_article", "threadsift.decomposers.html", "with_article"),
    ("label_lines", "threadsift.decomposers.html", "label_lines"),
)  # fmt: skip


def _wrap(spent: dict[str, float], label: str, module: str, path: str) -> None:
    """Replace the stage's function by one that adds its CPU time to `spent[label]`."""
    owner: Any = importlib.import_module(module)
    *outer, name = path.split(".")
    for part in outer:
        owner = getattr(owner, part)
    inner = owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)
    is_static = isinstance(inner, staticmethod)
    function: Callable[..., Any] = inner.__func__ if is_static else inner

    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - start

    setattr(owner, name, staticmethod(timed) if is_static else timed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="the pages folder (../shared/data/pages)")
    parser.add_argument("--folds", choices=tuple(FOLD_SETS), default="train")
    parser.add_argument("--limit", type=int, default=300, help="pages, at most")
    parser.add_argument("--seed", type=int, default=0, help="the shuffle's seed")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"profile_html: {args.data}: no such folder", file=sys.stderr)
        return 2
    pages = [html for _, html, _, _ in selected(args.data, FOLD_SETS[args.folds], None, Ledger())]
    random.Random(args.seed).shuffle(pages)
    pages = pages[: args.limit]
    if not pages:
        print("profile_html: no page in those folds", file=sys.stderr)
        return 2
    spent: dict[str, float] = defaultdict(float)
    for label, module, path in STAGES:
        _wrap(spent, label, module, path)
    decomposer = HtmlDecomposer()
    decomposer.decompose(Page(id="warm-up", text="", html=pages[0]))
    per_stage: dict[str, list[float]] = {label: [] for label, _, _ in STAGES}
    totals = []
    for html in pages:
        spent.clear()
        start = time.process_time()
        decomposer.decompose(Page(id="page", text="", html=html))
        totals.append(time.process_time() - start)
        for label in per_stage:
            per_stage[label].append(spent[label])
    whole = sum(totals)
    print(f"{len(pages)} pages of folds {args.folds}, CPU ms per page (time.process_time)")
    print(f"{'stage':32} {'median':>7} {'mean':>7} {'share':>6}")
    median, mean = 1000 * statistics.median(totals), 1000 * statistics.mean(totals)
    print(f"{'HtmlDecomposer.decompose':32} {median:7.2f} {mean:7.2f} {1:6.0%}")
    for label, values in per_stage.items():
        median, mean = 1000 * statistics.median(values), 1000 * statistics.mean(values)
        print(f"{label:32} {median:7.2f} {mean:7.2f} {sum(values) / whole:6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
