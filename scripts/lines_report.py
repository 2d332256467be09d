"""The report of the line model (`scripts/train_lines.py`): before and after, on pages it never saw.

"Before" is the hand-written rules alone (`TextDecomposer(rules_only=True)`), "after" the
decomposer with the model. Every figure is on pages no choice was made with: the sites of the
test fold, the hand-labelled `textpages-dev` (given with `--dev`), the synthetic holdout set.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from devtools.scoring import (
    Counts,
    GoldCase,
    Prediction,
    load_cases,
    metrics,
    predict_with,
    score_page,
    site_interval,
)
from threadsift.decomposers.text import TextDecomposer

COLUMNS = (
    ("article F1", "article_f1"),
    ("chrome dropped", "chrome_dropped"),
    ("article dropped", "article_dropped"),
    ("comment-line F1", "comment_line_f1"),
    ("span F1", "span_f1"),
    ("author", "author_accuracy"),
    ("title", "title_accuracy"),
)
HEADER = (
    "| set | pages | | " + " | ".join(title for title, _ in COLUMNS) + " |\n"
    "|---|---|---|" + "---|" * len(COLUMNS)
)
#: The figures whose move from the rules `site_moves` gives an interval for.
MOVES = (
    ("article F1", "article_f1"),
    ("chrome dropped", "chrome_dropped"),
    ("article dropped", "article_dropped"),
    ("span F1", "span_f1"),
)
#: Comment systems whose first post is the page's article.
FORUMS = frozenset({"phpbb", "vbulletin", "xenforo"})


def predict(decomposer: TextDecomposer, case: GoldCase, host: str = "") -> Prediction:
    """The decomposer's reading of a gold page, reduced to what is scored."""
    return predict_with(decomposer, case.name, case.text, host)


@dataclass(slots=True)
class Scored:
    """One page, what each decomposer said about it and its counts."""

    case: GoldCase
    group: dict[str, str]
    before: Prediction
    after: Prediction
    counts_before: Counts
    counts_after: Counts


def score_pages(
    cases: Iterable[tuple[GoldCase, str, dict[str, str]]], after: TextDecomposer
) -> list[Scored]:
    """Score the rules and the model on each (case, host, groups) page."""
    rules = TextDecomposer(rules_only=True)
    out = []
    for case, host, group in cases:
        before_pred, after_pred = predict(rules, case, host), predict(after, case, host)
        out.append(
            Scored(
                case,
                group,
                before_pred,
                after_pred,
                score_page(case, before_pred),
                score_page(case, after_pred),
            )
        )
    return out


def cells(counts: Counts) -> str:
    """The scored metrics of `counts` as Markdown cells."""
    scores = metrics(counts)
    return " | ".join("-" if scores[k] is None else f"{scores[k]:.3f}" for _, k in COLUMNS)


def table(rows: Iterable[tuple[str, Sequence[Scored]]]) -> list[str]:
    """Markdown rows, before and after, for each named group of scored pages."""
    lines = [HEADER]
    for name, pages in rows:
        before, after = Counts(), Counts()
        for page in pages:
            before, after = before + page.counts_before, after + page.counts_after
        lines.append(f"| {name} | {len(pages)} | before | {cells(before)} |")
        lines.append(f"| | | after | {cells(after)} |")
    return lines


def site_moves(pages: Sequence[Scored]) -> str:
    """How far the model moves each figure from the rules, with its 90 % interval over the
    pages' sites resampled (`site_interval`; a page without a site is a site of its own)."""
    if not pages:
        return "No pages: no moves."
    by_site: dict[str, tuple[Counts, Counts]] = {}
    for page in pages:
        site = page.case.gold.get("site") or page.case.name
        before, after = by_site.get(site, (Counts(), Counts()))
        by_site[site] = (before + page.counts_before, after + page.counts_after)
    moves = []
    for title, metric in MOVES:
        difference, low, high = site_interval(by_site, metric)
        moves.append(f"{title} {difference:+.3f} [{low:+.3f}, {high:+.3f}]")
    return (
        f"After minus before, with its 90 % interval over the {len(by_site)} sites resampled: "
        + "; ".join(moves)
        + "."
    )


def grouped(pages: Sequence[Scored], key: str, least: int = 3) -> list[tuple[str, list[Scored]]]:
    """The pages by one of their groups (groups of fewer than `least` pages pooled as other)."""
    by: dict[str, list[Scored]] = defaultdict(list)
    for page in pages:
        by[page.group.get(key) or "-"].append(page)
    rows = sorted(((k, v) for k, v in by.items() if len(v) >= least), key=lambda kv: -len(kv[1]))
    other = [page for k, v in by.items() if len(v) < least for page in v]
    return [*rows, *([("other", other)] if other else [])]


def _gold_authorless_thread(page: Scored) -> bool:
    comments = page.case.gold["comments"]
    return len(comments) >= 2 and all(c["author"] is None for c in comments)


def _short_line_article(page: Scored) -> bool:
    rows = page.case.text.split("\n")
    words = [len(rows[i].split()) for i, label in enumerate(page.case.labels) if label == "article"]
    return len(words) >= 5 and statistics.median(words) <= 8


def _headings_as_authors(pages: Sequence[Scored], which: Callable[[Scored], Prediction]) -> str:
    """How many short article lines (subheadings) a decomposer took for comment authors."""
    short = taken = 0
    for page in pages:
        rows = page.case.text.split("\n")
        for i, label in enumerate(page.case.labels):
            if label == "article" and len(rows[i].split()) <= 4:
                short += 1
                taken += which(page).labels[i] == "comment_author"
    return f"{taken} of {short}"


def misses(pages: Sequence[Scored]) -> list[str]:
    """The typical misses of the rules named in the issue, before and after."""
    lines = table(
        [
            ("threads without author lines", [p for p in pages if _gold_authorless_thread(p)]),
            ("articles of mostly short lines", [p for p in pages if _short_line_article(p)]),
            ("forum threads", [p for p in pages if p.group.get("system") in FORUMS]),
        ]
    )
    lines += [
        "",
        "Short article lines (subheadings, 4 words or fewer) taken for comment authors: "
        f"{_headings_as_authors(pages, lambda p: p.before)} before, "
        f"{_headings_as_authors(pages, lambda p: p.after)} after.",
    ]
    return lines


def exact(pages: Sequence[Scored]) -> str:
    """Which pages the model reproduces exactly (labels, title, spans and authors)."""
    out = []
    for page in pages:
        gold = page.case.gold
        spans = [(c["first_line"], c["last_line"], c["author"]) for c in gold["comments"]]
        got = [(first, last, author) for first, last, author, _ in page.after.comments]
        same = (
            page.after.labels == page.case.labels and page.after.title == gold["title"]
        ) and spans == got
        out.append(f"{page.case.name}: {'exact' if same else 'NOT exact'}")
    return "; ".join(out)


def hand_labelled(directory: Path, after: TextDecomposer) -> list[Scored]:
    """Score a folder of hand-labelled gold pages."""
    return score_pages(((case, "", {}) for case in load_cases(directory)), after)
