"""Score threadsift's plain-text decomposer on directories of gold-labelled pages.

Usage:
    python -m bench.score_decomposer DIR [DIR...] [--per-page] [--worst N] [--by-system] [--json]

Each DIR holds `NAME.txt` + `NAME.txt.gold.json` pairs (the seed fixtures' format). Prints, per
directory and overall, article-line precision/recall/F1, the share of chrome lines labelled chrome,
the share of article lines lost, comment-line F1, exact comment-span P/R/F1, author and depth
accuracy over matched comments and title accuracy; `--per-page` adds the worst pages. The metric
code lives in `devtools/scoring.py` (shared with the quality-gate test).

Example:
    python -m bench.score_decomposer tests/data/seeds tests/data/synthetic/holdout --per-page
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if not (ROOT / "src" / "threadsift").is_dir():  # pragma: no cover - layout guard
    raise SystemExit("run from a threadsift checkout")
sys.path.insert(0, str(ROOT / "src"))

from devtools.scoring import PageResult, evaluate, load_cases, metrics, total  # noqa: E402

COLUMNS = [
    ("pages", "pages"),
    ("art P", "article_precision"),
    ("art R", "article_recall"),
    ("art F1", "article_f1"),
    ("chr drop", "chrome_dropped"),
    ("art drop", "article_dropped"),
    ("cmt F1", "comment_line_f1"),
    ("span P", "span_precision"),
    ("span R", "span_recall"),
    ("span F1", "span_f1"),
    ("author", "author_accuracy"),
    ("depth", "depth_accuracy"),
    ("title", "title_accuracy"),
    ("lines", "line_accuracy"),
]


def _fmt(value: float | int | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, int):
        return str(value)
    return f"{value:.3f}"


def _row(name: str, results: list[PageResult]) -> list[str]:
    counts = total(results)
    scores: dict[str, float | int | None] = dict(metrics(counts))
    scores["pages"] = counts.pages
    return [name] + [_fmt(scores[key]) for _, key in COLUMNS]


def _table(rows: list[list[str]]) -> str:
    header = ["set"] + [title for title, _ in COLUMNS]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(
            cell.rjust(w) if i else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in [header, *rows]
    ]
    return "\n".join(lines)


def _badness(result: PageResult) -> float:
    """A page's error mass: what it loses on article F1, span F1, chrome and authors."""
    s = result.scores
    loss = 0.0
    for key in ("article_f1", "span_f1", "comment_line_f1", "chrome_dropped", "author_accuracy"):
        value = s.get(key)
        if value is not None:
            loss += 1.0 - value
    return loss + (1.0 if result.error else 0.0)


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, score every directory, print the table (or JSON)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("dirs", nargs="+", type=Path, help="directories of NAME.txt + gold pairs")
    parser.add_argument("--per-page", action="store_true", help="also list the worst pages")
    parser.add_argument("--worst", type=int, default=10, help="how many worst pages (default 10)")
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    parser.add_argument(
        "--by-system",
        action="store_true",
        help="also break synthetic pages down by comment system (from their gold `synthetic`)",
    )
    args = parser.parse_args(argv)

    by_set: dict[str, list[PageResult]] = {}
    for directory in args.dirs:
        cases = load_cases(directory)
        if not cases:
            print(f"warning: no gold pages in {directory}", file=sys.stderr)
            continue
        by_set[str(directory)] = evaluate(cases)
    everything = [r for results in by_set.values() for r in results]

    if args.json:
        out = {
            "sets": {name: metrics(total(rs)) for name, rs in by_set.items()},
            "overall": metrics(total(everything)),
            "pages": [
                {"set": r.case.set_name, "name": r.case.name, "error": r.error, **r.scores}
                for r in everything
            ],
        }
        print(json.dumps(out, indent=1))
        return 0

    rows = [_row(name, rs) for name, rs in by_set.items()]
    if len(by_set) > 1:
        rows.append(_row("overall", everything))
    print(_table(rows))
    errors = [r for r in everything if r.error]
    if errors:
        print(f"\n{len(errors)} page(s) raised:")
        for r in errors:
            print(f"  {r.case.set_name}/{r.case.name}: {r.error}")
    if args.by_system:
        groups: dict[str, list[PageResult]] = {}
        for r in everything:
            meta = r.case.gold.get("synthetic") or {}
            key = meta.get("system")
            if key:
                groups.setdefault(f"{r.case.set_name}/{key}", []).append(r)
        if groups:
            print("\nby comment system:")
            print(_table([_row(name, groups[name]) for name in sorted(groups)]))
    if args.per_page:
        print(f"\nworst {args.worst} pages:")
        worst = sorted(everything, key=_badness, reverse=True)[: args.worst]
        print(_table([_row(f"{r.case.set_name}/{r.case.name}", [r]) for r in worst]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
