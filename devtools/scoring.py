"""Score a page decomposer against gold-labelled pages (the metrics of issue 2's "Must show").

A gold case is a pair `NAME.txt` + `NAME.txt.gold.json` in the format of the seed fixtures: one
label per line (`title | article | chrome | comment_author | comment_text | blank`), the headline,
and the comments as `{author, first_line, last_line[, depth]}` spans in page order.

Metrics, all micro-averaged over the lines or comments of a set:
- article precision / recall / F1: lines labelled exactly `article` (the title line is not article);
- chrome dropped: share of gold `chrome` lines that are labelled `chrome`;
- article dropped: share of gold `article` lines that are not labelled `article`;
- comment-line F1: `comment_author` + `comment_text` lines against the same two labels;
- comment-span precision / recall / F1: a predicted comment matches a gold one when its `first_line`
  and `last_line` are both equal;
- author accuracy over matched comments (exact after strip; gold null matches None or "");
- depth accuracy over matched comments (where the gold gives a depth);
- title accuracy (whitespace-normalised equality; null matches None);
- line accuracy: share of lines whose label is exactly the gold label.

Gold files made by program (`scripts/build_textpages.py`) may also carry `unsure` (line numbers
whose label no source settles: they are left out of every line count) and `spans_known: false`
(the page's comments could not all be placed: its spans and authors are not scored).

Used by `bench/score_decomposer.py` and `tests/test_quality_gate.py`; nothing here imports the
decomposer at module level.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

COMMENT_LABELS = frozenset({"comment_author", "comment_text"})
GOLD_SUFFIX = ".gold.json"


@dataclass(frozen=True, slots=True)
class GoldCase:
    """One gold-labelled page: its name, set, text and gold record."""

    name: str
    set_name: str
    text: str
    gold: dict[str, Any]

    @property
    def labels(self) -> list[str]:
        """Gold label of each line, in line order."""
        return [row["label"] for row in self.gold["lines"]]


@dataclass(slots=True)
class Prediction:
    """What a decomposer said about a page, reduced to what is scored."""

    labels: list[str | None]
    title: str | None
    comments: list[tuple[int | None, int | None, str | None, int | None]]
    error: str | None = None


@dataclass(slots=True)
class Counts:
    """Additive counts from which every metric is computed."""

    lines: int = 0
    lines_correct: int = 0
    article_tp: int = 0
    article_fp: int = 0
    article_fn: int = 0
    chrome_gold: int = 0
    chrome_as_chrome: int = 0
    chrome_as_article: int = 0
    comment_tp: int = 0
    comment_fp: int = 0
    comment_fn: int = 0
    spans_gold: int = 0
    spans_pred: int = 0
    spans_matched: int = 0
    authors_correct: int = 0
    depths_scored: int = 0
    depths_correct: int = 0
    pages: int = 0
    titles_correct: int = 0
    errors: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _f1(tp: int, fp: int, fn: int) -> tuple[float | None, float | None, float | None]:
    precision = _ratio(tp, tp + fp)
    recall = _ratio(tp, tp + fn)
    if precision is None and recall is None:
        return None, None, None
    if precision is None or recall is None:  # nothing predicted, or nothing to find: F1 is 0
        return precision, recall, 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def metrics(counts: Counts) -> dict[str, float | None]:
    """The named metrics of a set of counts (None where a metric has nothing to measure)."""
    ap, ar, af = _f1(counts.article_tp, counts.article_fp, counts.article_fn)
    cp, cr, cf = _f1(counts.comment_tp, counts.comment_fp, counts.comment_fn)
    span_fp = counts.spans_pred - counts.spans_matched
    span_fn = counts.spans_gold - counts.spans_matched
    sp, sr, sf = _f1(counts.spans_matched, span_fp, span_fn)
    if counts.spans_gold == 0 and counts.spans_pred == 0:
        sp = sr = sf = None
    gold_article = counts.article_tp + counts.article_fn
    return {
        "article_precision": ap,
        "article_recall": ar,
        "article_f1": af,
        "chrome_dropped": _ratio(counts.chrome_as_chrome, counts.chrome_gold),
        "chrome_kept_out_of_article": _ratio(
            counts.chrome_gold - counts.chrome_as_article, counts.chrome_gold
        ),
        "article_dropped": _ratio(counts.article_fn, gold_article),
        "comment_line_precision": cp,
        "comment_line_recall": cr,
        "comment_line_f1": cf,
        "span_precision": sp,
        "span_recall": sr,
        "span_f1": sf,
        "author_accuracy": _ratio(counts.authors_correct, counts.spans_matched),
        "depth_accuracy": _ratio(counts.depths_correct, counts.depths_scored),
        "title_accuracy": _ratio(counts.titles_correct, counts.pages),
        "line_accuracy": _ratio(counts.lines_correct, counts.lines),
    }


def site_interval(
    pairs: Mapping[str, tuple[Counts, Counts]],
    metric: str,
    *,
    rounds: int = 1000,
    level: float = 0.9,
    seed: int = 0,
) -> tuple[float, float, float]:
    """How much `metric` moves from the first counts of each site to the second, and the
    `level` interval of that difference when the sites are resampled with replacement (a paired
    bootstrap by site: pages of one site are not independent).

    Raises:
        ValueError: there are no sites.
    """
    import numpy as np

    if not pairs:
        raise ValueError("site_interval: no sites to resample")
    names = [f.name for f in fields(Counts)]
    sites = sorted(pairs)
    table = np.array(
        [[[getattr(pairs[site][k], name) for name in names] for site in sites] for k in (0, 1)]
    )  # (2, sites, fields)

    def difference(weights: np.ndarray) -> float:
        before, after = (Counts(*(int(v) for v in weights @ table[k])) for k in (0, 1))
        return (metrics(after)[metric] or 0.0) - (metrics(before)[metric] or 0.0)

    rng = np.random.default_rng(seed)
    draws = rng.multinomial(len(sites), np.full(len(sites), 1 / len(sites)), size=rounds)
    spread = [difference(weights) for weights in draws]
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(spread, [tail, 100 - tail])
    return difference(np.ones(len(sites), dtype=np.int64)), float(low), float(high)


def _norm_name(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def _norm_title(value: str | None) -> str | None:
    if value is None:
        return None
    value = re.sub(r"\s+", " ", value).strip()
    return value or None


def score_page(case: GoldCase, pred: Prediction) -> Counts:
    """Counts for one page."""
    gold = case.labels
    unsure = set(case.gold.get("unsure", ()))
    counts = Counts(pages=1, lines=len(gold) - len(unsure), errors=int(pred.error is not None))
    labels = list(pred.labels[: len(gold)]) + [None] * max(0, len(gold) - len(pred.labels))
    for n, (want, got) in enumerate(zip(gold, labels, strict=True), 1):
        if n in unsure:
            continue
        counts.lines_correct += want == got
        if want == "article":
            counts.article_tp += got == "article"
            counts.article_fn += got != "article"
        elif got == "article":
            counts.article_fp += 1
        if want == "chrome":
            counts.chrome_gold += 1
            counts.chrome_as_chrome += got == "chrome"
            counts.chrome_as_article += got in ("article", "title")
        in_gold, in_pred = want in COMMENT_LABELS, got in COMMENT_LABELS
        counts.comment_tp += in_gold and in_pred
        counts.comment_fp += in_pred and not in_gold
        counts.comment_fn += in_gold and not in_pred
    counts.titles_correct = int(_norm_title(case.gold.get("title")) == _norm_title(pred.title))
    if not case.gold.get("spans_known", True):
        return counts
    gold_spans = {(c["first_line"], c["last_line"]): c for c in case.gold["comments"]}
    pred_spans = {(first, last): (author, depth) for first, last, author, depth in pred.comments}
    counts.spans_gold = len(gold_spans)
    counts.spans_pred = len(pred_spans)
    for span, comment in gold_spans.items():
        if span not in pred_spans:
            continue
        author, depth = pred_spans[span]
        counts.spans_matched += 1
        counts.authors_correct += _norm_name(comment.get("author")) == _norm_name(author)
        if comment.get("depth") is not None:
            counts.depths_scored += 1
            counts.depths_correct += comment["depth"] == depth
    return counts


def load_cases(directory: Path | str) -> list[GoldCase]:
    """Every `*.txt` with a `*.txt.gold.json` beside it in `directory`, sorted by name.

    Raises `AssertionError` when a gold file's `sha256` does not match its text or its line count
    differs from the text's, so that a drifted page cannot be scored silently.
    """
    root = Path(directory)
    cases = []
    for text_path in sorted(root.glob("*.txt")):
        gold_path = text_path.with_name(text_path.name + GOLD_SUFFIX)
        if not gold_path.exists():
            continue
        data = text_path.read_bytes()
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        digest = hashlib.sha256(data).hexdigest()
        if gold.get("sha256") not in (None, digest):
            raise AssertionError(f"{text_path}: sha256 {digest} differs from its gold file")
        text = data.decode("utf-8")
        n_lines = len(split_lines(text))
        if n_lines != len(gold["lines"]):
            raise AssertionError(f"{text_path}: {n_lines} lines, gold has {len(gold['lines'])}")
        cases.append(GoldCase(text_path.name, root.name, text, gold))
    return cases


def split_lines(text: str) -> list[str]:
    """Lines as the gold numbers them: split on newline, a final newline starts no line."""
    rows = text.split("\n")
    if rows and rows[-1] == "":
        rows.pop()
    return rows


def pages_sha256(directories: Iterable[Path | str]) -> str:
    """One digest over the names and bytes of every gold case in `directories` (drift check)."""
    digest = hashlib.sha256()
    for directory in directories:
        root = Path(directory)
        for text_path in sorted(root.glob("*.txt")):
            gold_path = text_path.with_name(text_path.name + GOLD_SUFFIX)
            if not gold_path.exists():
                continue
            for path in (text_path, gold_path):
                digest.update(path.name.encode())
                digest.update(b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def decompose_text(name: str, text: str) -> Prediction:
    """Run threadsift's plain-text decomposer on `text` and reduce its result to a Prediction."""
    from threadsift.decomposers.text import TextDecomposer

    return predict_with(TextDecomposer(), name, text)


def predict_with(decomposer: Any, name: str, text: str, host: str = "") -> Prediction:
    """What `decomposer` says about a page's `text`, reduced to what is scored."""
    from threadsift.page import Page

    page = Page(id=name, text=text, host=host or None)
    decomposer.decompose(page)
    labels: list[str | None] = [None] * len(page.lines)
    for line in page.lines:
        if 1 <= line.n <= len(labels):
            labels[line.n - 1] = str(line.label)
    comments = [(c.first_line, c.last_line, c.author, c.depth) for c in page.comments]
    return Prediction(labels=labels, title=page.title, comments=comments)


@dataclass(slots=True)
class PageResult:
    """One page's counts and metrics."""

    case: GoldCase
    counts: Counts
    error: str | None = None
    scores: dict[str, float | None] = field(default_factory=dict)


def evaluate(
    cases: Sequence[GoldCase],
    predict: Callable[[str, str], Prediction] = decompose_text,
    *,
    catch: bool = True,
) -> list[PageResult]:
    """Score `predict(name, text)` on each case; with `catch`, a raising page scores as empty."""
    results = []
    for case in cases:
        error = None
        try:
            pred = predict(case.name, case.text)
        except Exception as exc:  # a crash is a result to report, not a reason to stop
            if not catch:
                raise
            error = f"{type(exc).__name__}: {exc}"
            pred = Prediction(labels=[], title=None, comments=[], error=error)
        counts = score_page(case, pred)
        results.append(PageResult(case, counts, error, metrics(counts)))
    return results


def total(results: Iterable[PageResult]) -> Counts:
    """Sum of the counts of `results`."""
    out = Counts()
    for result in results:
        out = out + result.counts
    return out
