"""Score HTML decomposition per comment and per article, side by side with other extractors.

Usage:
    python -m bench.score_html [DIR...] [--per-page] [--authors] [--repeat N] [--article SOURCE]

Each DIR holds `NAME.html` beside `NAME.txt` and `NAME.txt.gold.json`; the `.txt` is resiliparse's
main-content rendering, which the gold labels. Default: the held-out synthetic set
`tests/data/synthetic/html-holdout` (40 pages, see its README), then the real development set
`../shared/fixtures/textpages-dev` (35 pages), skipped when absent.

Comments are scored per comment (`devtools/comments.py`): gold and predicted comments are
matched one to one by text similarity (token F1 of their texts >= 0.5, best pairs first). The
gold text of a comment is its `comment_text` lines. Reported, micro-averaged over all comments:
  - match F1: matched / predicted and matched / gold;
  - text F1: like match F1, but each match counts with its token F1 instead of 1;
  - author F1: a match counts when the author is right (names compared case- and space-folded;
    a gold comment without author, because the rendering lost the name, accepts any author);
  - depth F1: a match counts when the reply depth is right;
  - named-author accuracy: of the matched comments whose gold names an author, the share whose
    predicted author is that name (`--authors` lists the others).
"rendered only" repeats the figures without the unmatched predicted comments whose lines are not
(mostly) in the gold `.txt`: a comment the markup has but the rendering dropped is not in the gold.

Article: token F1 of the article text against the gold article (the `article` lines joined), in
the same run for HtmlDecomposer; trafilatura.extract without comments in default and fast mode,
and as called with no options ("trafilatura+cmts": it appends the comments as one blob, so its
article F1 is low); readability-lxml's summary as text; and resiliparse's main-content extraction
without comment sections. On synthetic pages the "written" column scores against every article
text the HTML holds (rebuilt from the generator), not only what the rendering kept. Times are
wall-clock per page, each extractor's own parse included (HtmlDecomposer's time includes
everything: parse, comments, rendering, the text decomposer or trafilatura, and line labelling),
also split by the path HtmlDecomposer took; pages/s and MB/s of HTML follow from them.
`--article` picks HtmlDecomposer's article source.

Caveat: the real pages are a development set. The comment heuristics were developed on them, and
so was the plain-text decomposer that gives the default article; their figures are optimistic.
The synthetic holdout set uses comment systems, languages and phrasings the tune set does not.

Lines: the line-level metrics of `devtools/scoring.py` (article-line F1, exact comment-span
F1) for HtmlDecomposer and for the plain-text decomposer run on the `.txt`.

Example:
    python -m bench.score_html --per-page
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # this checkout, installed or not

from devtools.comments import (  # noqa: E402
    CommentCounts,
    fold,
    gold_article,
    gold_comments,
    match_comments,
    token_f1,
)
from devtools.scoring import Prediction, decompose_text, load_cases, metrics, score_page  # noqa: E402
from threadsift.decomposers.html import HtmlDecomposer  # noqa: E402
from threadsift.decomposers.text import TextDecomposer  # noqa: E402
from threadsift.page import Page  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "fixtures" / "textpages-dev"
HOLDOUT_DIR = ROOT / "tests" / "data" / "synthetic" / "html-holdout"


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
    html_bytes: int = 0
    # Article F1 against all article text written in a synthetic page's HTML (see written_article).
    written_f1: dict[str, float] = field(default_factory=dict)


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


def readability_article(html: str) -> str:
    """readability-lxml's article (its summary HTML), as text: one line per text node."""
    from lxml import html as lxml_html
    from readability import Document

    try:
        summary = Document(html).summary(html_partial=True)
    except Exception:  # readability raises Unparseable (and lxml errors) on odd pages
        return ""
    return "\n".join(t.strip() for t in lxml_html.fromstring(summary).itertext() if t.strip())


def trafilatura_article(html: str, *, fast: bool = False, comments: bool = False) -> str:
    import trafilatura

    return trafilatura.extract(html, include_comments=comments, fast=fast) or ""


# Article extractors run on the same HTML as HtmlDecomposer (each call includes its own parse).
EXTRACTORS: dict[str, Callable[[str], str]] = {
    "trafilatura": trafilatura_article,
    "trafilatura fast": partial(trafilatura_article, fast=True),
    "trafilatura+cmts": partial(trafilatura_article, comments=True),
    "readability-lxml": readability_article,
    "resiliparse": resiliparse_article,
}
SYSTEMS = ("threadsift", *EXTRACTORS)


def written_article(gold: dict[str, Any], html: str) -> str | None:
    """For a synthetic page, every article text its HTML holds, rebuilt from the generator's
    record (the gold `article` lines are only what resiliparse's main-content rendering kept)."""
    meta = gold.get("synthetic")
    if not meta:
        return None
    from bench.synthpages.sites import Site, build

    doc = build(Site(meta["system"], meta["lang"]), meta["split"], meta["seed"])
    if doc.html() != html:  # another generator version: no written gold
        return None
    return "\n".join(unit.text for unit in doc.units if unit.label == "article")


def score(directory: Path, repeat: int, article: str, model: bool = False) -> list[PageScore]:
    cases = {case.name: case for case in load_cases(directory)}
    text = TextDecomposer() if model else None  # None: the rules alone, as shipped
    decomposer = HtmlDecomposer(article=article, text_decomposer=text)
    scores = []
    for html_path in sorted(directory.glob("*.html")):
        name = html_path.stem
        case = cases[name + ".txt"]
        html = html_path.read_text(encoding="utf-8")
        gold = case.gold
        golds = gold_comments(case.text, gold)
        reference = gold_article(case)
        written = written_article(gold, html)

        before = decomposer.stats["pages_text_fallback"]
        page, html_seconds = timed(run_html, decomposer, name, html, repeat=repeat)
        path = "text" if decomposer.stats["pages_text_fallback"] > before else "markup"
        result = PageScore(
            name=name,
            comments=match_comments(golds, page.comments),
            rendered=match_comments(golds, page.comments, rendered_text=case.text),
            path=path,
            title_ok=fold(page.title) == fold(gold.get("title")),
            html_bytes=len(html.encode("utf-8")),
        )
        texts = {"threadsift": page.article}
        result.seconds["threadsift"] = html_seconds
        for system, extract in EXTRACTORS.items():
            texts[system], result.seconds[system] = timed(extract, html, repeat=repeat)
        for system, text in texts.items():
            result.article_f1[system] = token_f1(text, reference)
            if written is not None:
                result.written_f1[system] = token_f1(text, written)
        if page.text == case.text:
            result.lines["threadsift"] = metrics(score_page(case, prediction(page)))
        result.lines["text decomposer"] = metrics(score_page(case, decompose_text(name, case.text)))
        scores.append(result)
    return scores


def _fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def report(scores: list[PageScore], per_page: bool, authors: bool = False) -> None:
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
    total = CommentCounts()
    for s in scores:
        total.add(s.comments)
    accuracy = total.named_right / total.named if total.named else 1.0
    print(
        f"named-author accuracy: {accuracy:.3f} ({total.named_right} of {total.named} matched"
        " comments whose gold names the author)"
    )
    if authors:
        for gold, predicted in total.wrong_authors:
            print(f"  wrong author: gold {gold!r}, predicted {predicted!r}")
    titles = sum(s.title_ok for s in scores)
    print(f"title: {titles} of {len(scores)} equal to the gold title (null when not in the text)")
    print()
    written = all(s.written_f1 for s in scores)
    head = f"{'article':18} {'mean F1':>8} {'median':>8}"
    head += f" {'written':>8}" if written else ""
    print(head + f" {'ms/page':>8} {'pages/s':>8} {'MB/s':>6}")
    megabytes = sum(s.html_bytes for s in scores) / 1e6
    for system in SYSTEMS:
        values = [s.article_f1[system] for s in scores]
        seconds = sum(s.seconds[system] for s in scores)
        row = f"{system:18} {statistics.mean(values):8.3f} {statistics.median(values):8.3f}"
        if written:
            row += f" {statistics.mean(s.written_f1[system] for s in scores):8.3f}"
        row += f" {1000 * seconds / len(scores):8.1f} {len(scores) / seconds:8.1f}"
        print(row + f" {megabytes / seconds:6.2f}")
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("directories", nargs="*", type=Path, default=[HOLDOUT_DIR, DEFAULT_DIR])
    parser.add_argument("--per-page", action="store_true")
    parser.add_argument("--authors", action="store_true", help="list the wrong named authors")
    parser.add_argument("--repeat", type=int, default=1, help="runs per page for the timings")
    parser.add_argument("--article", default="model", help="HtmlDecomposer article source")
    parser.add_argument("--json", action="store_true", help="also dump per-page figures as JSON")
    parser.add_argument(
        "--text-model", action="store_true", help="read the rendered text with the line model"
    )
    args = parser.parse_args(argv)
    for directory in args.directories:
        if not any(directory.glob("*.html")):
            print(f"== {directory}: no HTML pages (absent?), skipped\n")
            continue
        scores = score(directory, args.repeat, args.article, args.text_model)
        print(f"== {directory}: {len(scores)} pages")
        report(scores, args.per_page, args.authors)
        print()
        if args.json:
            print(json.dumps([s.__dict__ for s in scores], default=lambda o: o.__dict__, indent=1))


if __name__ == "__main__":
    main()
