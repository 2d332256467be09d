"""Score the HTML decomposer on real pages with gold comments, side by side with trafilatura.

Usage:
    python bench/score_html.py [DIR] [--per-page] [--repeat N] [--article text|trafilatura|render]

DIR (default: ../shared/fixtures/textpages-dev) holds `NAME.html` beside `NAME.txt` and
`NAME.txt.gold.json`; the `.txt` is resiliparse's main-content rendering, which the gold labels.

Comments are scored per comment: gold and predicted comments are matched one to one by text
similarity (token F1 of their texts >= 0.5, best pairs first). The gold text of a comment is its
`comment_text` lines. Reported, micro-averaged over all comments of all pages:
  - match F1: matched / predicted and matched / gold;
  - text F1: like match F1, but each match counts with its token F1 instead of 1;
  - author F1: a match counts when the author is right (names compared case- and space-folded;
    a gold comment without author, because the rendering lost the name, accepts any author);
  - depth F1: a match counts when the reply depth is right.
"rendered only" repeats the figures without the unmatched predicted comments whose lines are not
(mostly) in the gold `.txt`: a comment the markup has but the rendering dropped is not in the gold.

Article: token F1 of the article text against the gold article (the `article` lines joined),
for HtmlDecomposer and for trafilatura.extract in the same run: without comments in default
and fast mode, and as called with no options ("trafilatura+cmts": it appends the comments as
one blob, so its article F1 is low), and resiliparse's main-content extraction without comment
sections, plus the mean time per page of each (HtmlDecomposer's time includes everything:
parse, comments, rendering, the text decomposer or trafilatura, and line labelling), also split
by the path HtmlDecomposer took. `--article` picks HtmlDecomposer's article source.

Caveat: these pages are a development set. The comment heuristics were developed on them, and
so was the plain-text decomposer that gives the default article; the figures are optimistic.

Lines: the line-level metrics of `tests/quality/scoring.py` (article-line F1, exact comment-span
F1) for HtmlDecomposer and for the plain-text decomposer run on the `.txt`.

Example:
    python bench/score_html.py --per-page
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(1, str(ROOT / "src"))

from quality.scoring import Prediction, decompose_text, load_cases, metrics, score_page  # noqa: E402

from threadsift.decomposers.html import HtmlDecomposer  # noqa: E402
from threadsift.decomposers.html_lines import key  # noqa: E402
from threadsift.page import Page  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "fixtures" / "textpages-dev"
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]|\w+")
MATCH_AT = 0.5


def tokens(text: str) -> Counter[str]:
    """Lower-case word tokens (each CJK character is a token)."""
    return Counter(token.lower() for token in _TOKEN.findall(text))


def token_f1(predicted: str, gold: str) -> float:
    """Bag-of-tokens F1 of two texts (1.0 when both are empty)."""
    p, g = tokens(predicted), tokens(gold)
    if not p and not g:
        return 1.0
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def fold(name: str | None) -> str:
    return re.sub(r"\s+", " ", name or "").strip().casefold()


@dataclass
class CommentCounts:
    """Per-comment counts (micro-averaged into F1s)."""

    gold: int = 0
    pred: int = 0
    matched: int = 0
    text: float = 0.0
    author: int = 0
    depth: int = 0

    def add(self, other: CommentCounts) -> None:
        for name in ("gold", "pred", "matched", "text", "author", "depth"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def f1(self, value: float) -> float:
        return 2 * value / (self.gold + self.pred) if self.gold + self.pred else 1.0


@dataclass
class PageScore:
    name: str
    comments: CommentCounts
    rendered: CommentCounts
    article_f1: dict[str, float] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    lines: dict[str, dict[str, float | None]] = field(default_factory=dict)
    path: str = ""  # "markup" when comments came from the HTML, "text" when the text decomposer ran
    title_ok: bool = False


def gold_comments(text: str, gold: dict) -> list[dict]:
    """Gold comments with their text: the comment_text lines of each span."""
    rows = text.split("\n")
    labels = {row["n"]: row["label"] for row in gold["lines"]}
    out = []
    for comment in gold["comments"]:
        lines = [
            rows[n - 1]
            for n in range(comment["first_line"], comment["last_line"] + 1)
            if labels.get(n) == "comment_text"
        ]
        out.append({**comment, "text": "\n".join(lines)})
    return out


def match_comments(gold: list[dict], pred: list, rendered_text: str | None = None) -> CommentCounts:
    """Match predicted to gold comments by text similarity and count what agrees."""
    counts = CommentCounts(gold=len(gold), pred=len(pred))
    pairs = sorted(
        (
            (token_f1(p.text, g["text"]), i, j)
            for i, g in enumerate(gold)
            for j, p in enumerate(pred)
        ),
        reverse=True,
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for similarity, i, j in pairs:
        if similarity < MATCH_AT:
            break
        if i in used_gold or j in used_pred:
            continue
        used_gold.add(i)
        used_pred.add(j)
        g, p = gold[i], pred[j]
        counts.matched += 1
        counts.text += similarity
        counts.author += g.get("author") is None or fold(g["author"]) == fold(p.author)
        counts.depth += g.get("depth") == p.depth
    if rendered_text is not None:  # unmatched comments the rendering does not show are no error
        flat = key(rendered_text)
        counts.pred -= sum(
            1 for j, p in enumerate(pred) if j not in used_pred and not _rendered(p.text, flat)
        )
    return counts


def _rendered(text: str, flat: str) -> bool:
    """Whether most lines of a comment are in the rendered text (compared as matching keys)."""
    keys = [k for k in (key(line) for line in text.split("\n")) if k]
    return bool(keys) and sum(k in flat for k in keys) >= 0.6 * len(keys)


def prediction(page: Page) -> Prediction:
    labels: list[str | None] = [str(line.label) for line in page.lines]
    comments = [(c.first_line, c.last_line, c.author, c.depth) for c in page.comments]
    return Prediction(labels=labels, title=page.title, comments=comments)


def timed(function, *args, repeat: int = 1, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    for _ in range(repeat):
        result = function(*args, **kwargs)
    return result, (time.perf_counter() - start) / repeat


def resiliparse_article(html: str) -> str:
    """resiliparse's main-content text without its comment sections (parse included)."""
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    return str(extract_plain_text(HTMLTree.parse(html), main_content=True, comments=False))


def run_html(decomposer: HtmlDecomposer, name: str, html: str) -> Page:
    page = Page(id=name, text="", html=html)
    decomposer.decompose(page)
    return page


def score(directory: Path, repeat: int, article: str) -> list[PageScore]:
    import trafilatura

    cases = {case.name: case for case in load_cases(directory)}
    decomposer = HtmlDecomposer(article=article)
    scores = []
    for html_path in sorted(directory.glob("*.html")):
        name = html_path.stem
        case = cases[name + ".txt"]
        html = html_path.read_text(encoding="utf-8")
        gold = case.gold
        rows = case.text.split("\n")
        gold_article = "\n".join(rows[r["n"] - 1] for r in gold["lines"] if r["label"] == "article")
        golds = gold_comments(case.text, gold)

        before = decomposer.stats["pages_text_fallback"]
        page, html_seconds = timed(run_html, decomposer, name, html, repeat=repeat)
        path = "text" if decomposer.stats["pages_text_fallback"] > before else "markup"
        traf, traf_seconds = timed(trafilatura.extract, html, include_comments=False, repeat=repeat)
        fast, fast_seconds = timed(
            trafilatura.extract, html, include_comments=False, fast=True, repeat=repeat
        )
        plain, plain_seconds = timed(trafilatura.extract, html, repeat=repeat)
        resili, resili_seconds = timed(resiliparse_article, html, repeat=repeat)
        result = PageScore(
            name=name,
            comments=match_comments(golds, page.comments),
            rendered=match_comments(golds, page.comments, rendered_text=case.text),
            path=path,
            title_ok=fold(page.title) == fold(gold.get("title")),
        )
        result.article_f1 = {
            "threadsift": token_f1(page.article, gold_article),
            "trafilatura": token_f1(traf or "", gold_article),
            "trafilatura fast": token_f1(fast or "", gold_article),
            "trafilatura+cmts": token_f1(plain or "", gold_article),
            "resiliparse": token_f1(resili, gold_article),
        }
        result.seconds = {
            "threadsift": html_seconds,
            "trafilatura": traf_seconds,
            "trafilatura fast": fast_seconds,
            "trafilatura+cmts": plain_seconds,
            "resiliparse": resili_seconds,
        }
        if page.text == case.text:
            result.lines["threadsift"] = metrics(score_page(case, prediction(page)))
        result.lines["text decomposer"] = metrics(score_page(case, decompose_text(name, case.text)))
        scores.append(result)
    return scores


def _fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def report(scores: list[PageScore], per_page: bool) -> None:
    if per_page:
        print(f"{'page':34} gold pred match author depth | article F1: ts / traf")
        for s in scores:
            c = s.comments
            print(
                f"{s.name[:34]:34} {c.gold:4} {c.pred:4} {c.matched:5} {c.author:6} {c.depth:5} |"
                f" {s.article_f1['threadsift']:.3f} / {s.article_f1['trafilatura']:.3f}"
            )
        print()
    for label, attribute in (("all predicted", "comments"), ("rendered only", "rendered")):
        total = CommentCounts()
        for s in scores:
            total.add(getattr(s, attribute))
        print(
            f"comments ({label}): gold {total.gold}, predicted {total.pred},"
            f" matched {total.matched}"
            f" | match F1 {total.f1(total.matched):.3f}  text F1 {total.f1(total.text):.3f}"
            f"  author F1 {total.f1(total.author):.3f}  depth F1 {total.f1(total.depth):.3f}"
        )
    titles = sum(s.title_ok for s in scores)
    print(f"title: {titles} of {len(scores)} equal to the gold title (null when not in the text)")
    print()
    print(f"{'article':18} {'mean F1':>8} {'median':>8} {'ms/page':>8}")
    for system in (
        "threadsift",
        "trafilatura",
        "trafilatura fast",
        "trafilatura+cmts",
        "resiliparse",
    ):
        values = [s.article_f1[system] for s in scores]
        ms = 1000 * statistics.mean(s.seconds[system] for s in scores)
        print(
            f"{system:18} {statistics.mean(values):8.3f} {statistics.median(values):8.3f} {ms:8.1f}"
        )
    for path, label in (("markup", "comments from HTML"), ("text", "text decomposer")):
        subset = [s for s in scores if s.path == path]
        if subset:
            times = "  ".join(
                f"{system} {1000 * statistics.mean(s.seconds[system] for s in subset):.1f}"
                for system in ("threadsift", "trafilatura", "trafilatura+cmts")
            )
            print(f"  ms/page on {len(subset)} pages with {label}: {times}")
    print()
    keys = ("article_f1", "comment_line_f1", "span_f1", "author_accuracy", "depth_accuracy")
    print(f"{'lines':18} " + " ".join(f"{k:>16}" for k in keys))
    for system in ("threadsift", "text decomposer"):
        rows = [s.lines[system] for s in scores if system in s.lines]
        means = []
        for k in keys:
            values = [r[k] for r in rows if r[k] is not None]
            means.append(statistics.mean(values) if values else None)
        print(
            f"{system:18} " + " ".join(f"{_fmt(m):>16}" for m in means) + f"  ({len(rows)} pages)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--per-page", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, help="runs per page for the timings")
    parser.add_argument("--article", default="text", help="HtmlDecomposer article source")
    parser.add_argument("--json", action="store_true", help="also dump per-page figures as JSON")
    args = parser.parse_args()
    scores = score(args.directory, args.repeat, args.article)
    report(scores, args.per_page)
    if args.json:
        print(json.dumps([s.__dict__ for s in scores], default=lambda o: o.__dict__, indent=1))


if __name__ == "__main__":
    main()
