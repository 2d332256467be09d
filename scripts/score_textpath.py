"""Article and comment token F1 of the text path on held-out Dragnet sites, beside trafilatura.

Usage:
    python scripts/score_textpath.py DATA_DIR TEXTPAGES_DIR [--folds 0 1 2 3] [--causes]
                                     [--model MODEL.npz]

DATA_DIR is the pages folder (`../shared/data/pages`), TEXTPAGES_DIR what `make data` wrote
(`out/textpages`). For the Dragnet pages of the held-out sites (`train_lines.TEST_FOLD`; other
folds with `--folds`, for analysis), the plain-text decomposer reads resiliparse's main-content
text (with the line model, and with the rules alone) and trafilatura 2.x reads the HTML
(`bare_extraction` with comments: its text is the article, its comments the comments). Pages
whose main-content rendering is empty are left out (the text path has nothing to read). Scores
are bag-of-words token F1 against Dragnet's hand-made article and comment text, averaged over
pages (comments over the pages whose gold has them). The ceiling is the F1 of a reader that
finds every gold token the rendering holds and nothing else.

`--causes` adds where the model's lost gold tokens went: not in the rendering at all, or on a
line it labelled otherwise; and where its extra tokens came from. `--model` scores another line
model in place of the shipped one; `{fold}` in its path stands for each page's fold (the models
`train_lines.py --fold-models` writes, each trained without its fold).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from build_textpages import DRAGNET_COMMENTS
from train_lines import FOLDS, TEST_FOLD, fold_of

from threadsift.decomposers.line_model import LineModel
from threadsift.decomposers.text import TextDecomposer
from threadsift.page import Label, Page
from threadsift.readers.html import decode_html

_TOKEN = re.compile(r"[^\W_]+")
#: The line labels of a decomposed page, in the order gold tokens are put down to them (after the
#: part's own label).
_PLACES = (Label.ARTICLE, Label.COMMENT_TEXT, Label.CHROME, Label.TITLE, Label.COMMENT_AUTHOR)


def tokens(text: str) -> Counter[str]:
    """The bag of lower-cased letter and digit runs of a text."""
    return Counter(_TOKEN.findall(text.casefold()))


def token_f1(predicted: str, gold: str) -> float:
    """Bag-of-words F1 of two texts (lower-cased letter and digit runs)."""
    return _f1(tokens(predicted), tokens(gold))


def _f1(got: Counter[str], want: Counter[str]) -> float:
    common = sum((want & got).values())
    if not want and not got:
        return 1.0
    if not common:
        return 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def _by_label(page: Page) -> dict[Label, Counter[str]]:
    """The tokens of the page's lines under each label."""
    rows = page.text.split("\n")
    out: dict[Label, Counter[str]] = {label: Counter() for label in _PLACES}
    for line in page.lines:
        if line.label in out:
            out[line.label] += tokens(rows[line.n - 1])
    return out


class Causes:
    """Where the gold tokens of one part (article or comments) went, as shares averaged over
    pages (as the F1 is): of the page's gold tokens for what was lost, of the tokens the model
    gave this part for what was extra."""

    def __init__(self, part: Label) -> None:
        self.part = part
        self.lost: Counter[str] = Counter()  # cause -> summed share of the page's gold
        self.extra: Counter[str] = Counter()  # source -> summed share of what the model gave
        self.pages: Counter[str] = Counter()

    def add(self, want: Counter[str], other: Counter[str], page: Page) -> None:
        """Count a page: `want` its gold tokens of this part, `other` those of the other part."""
        placed = _by_label(page)
        got = placed[self.part]
        if want:
            self.pages["with gold"] += 1
            rendered = sum(placed.values(), Counter())
            total = want.total()
            self.lost["not in the rendering"] += (want - rendered).total() / total
            rest = want & rendered
            for label in sorted(_PLACES, key=lambda label: label is not self.part):
                taken = rest & placed[label]
                key = "found" if label is self.part else f"labelled {label}"
                self.lost[key] += taken.total() / total
                rest -= taken
            if not got:
                self.pages["none found"] += 1
                self.lost["of which on pages where none found"] += (want & rendered).total() / total
        elif got:
            self.pages["found without gold"] += 1
        if got:
            self.pages["found"] += 1
            wrong = got - want
            from_other = wrong & other
            self.extra["gold of the other part"] += from_other.total() / got.total()
            where = "" if want else " (page without gold)"
            self.extra["in no gold" + where] += (wrong - from_other).total() / got.total()

    def lines(self) -> Iterable[str]:
        """The breakdown as Markdown rows."""
        pages, found = max(self.pages["with gold"], 1), max(self.pages["found"], 1)
        for cause, share in self.lost.items():
            yield f"| {self.part}: {cause} | {share / pages:.3f} of gold |"
        for source, share in self.extra.items():
            yield f"| {self.part}: extra, {source} | {share / found:.3f} of found |"
        for what, n in self.pages.items():
            yield f"| {self.part}: pages {what} | {n} |"


def _ceiling(want: Counter[str], text: str) -> float:
    """F1 of a reader that returns exactly the gold tokens the rendering holds."""
    return _f1(want & tokens(text), want)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("textpages", type=Path)
    parser.add_argument("--folds", type=int, nargs="+", default=[TEST_FOLD], choices=range(FOLDS))
    parser.add_argument("--causes", action="store_true", help="break the model's losses down")
    parser.add_argument("--model", type=str, default=None, help="a line model to score instead")
    args = parser.parse_args(argv)
    import trafilatura

    rows = [json.loads(row) for row in (args.textpages / "pages.jsonl").open(encoding="utf-8")]
    held = sorted(
        {
            row["file"]
            for row in rows
            if row.get("pool") == "dragnet" and fold_of(row["site"]) in args.folds
        }
    )
    by_fold = {
        fold: TextDecomposer(
            model=LineModel.load(args.model.format(fold=fold)) if args.model else None
        )
        for fold in args.folds
    }
    fold_of_file = {row["file"]: fold_of(row["site"]) for row in rows if "file" in row}
    readers = ("threadsift", "rules alone")
    #: Dragnet's comment text holds each comment's header (name, date); a comment record holds
    #: them in its own fields: scored with them, beside the text alone.
    with_fields = "threadsift, comment records with author and date"
    rules = TextDecomposer(rules_only=True)
    article: dict[str, list[float]] = {name: [] for name in [*readers, "trafilatura", "ceiling"]}
    article[with_fields] = []
    comments: dict[str, list[float]] = {name: [] for name in article}
    causes = {part: Causes(part) for part in (Label.ARTICLE, Label.COMMENT_TEXT)}
    skipped = 0
    for name in held:
        stem = name.removeprefix("dragnet-")
        gold = (args.data / "dragnet-train" / f"{stem}.gold.txt").read_text(
            encoding="utf-8", errors="replace"
        )
        parts = DRAGNET_COMMENTS.split(gold, maxsplit=1)
        text_path = args.textpages / "main" / f"{name}.txt"
        if not text_path.exists():
            skipped += 1
            continue
        text = text_path.read_text(encoding="utf-8")
        want_article = tokens(parts[0])
        want_comments = tokens(parts[1]) if len(parts) > 1 else Counter[str]()
        article["ceiling"].append(_ceiling(want_article, text))
        if len(parts) > 1:
            comments["ceiling"].append(_ceiling(want_comments, text))
        for reader, decomposer in zip(readers, (by_fold[fold_of_file[name]], rules), strict=True):
            page = Page(id=name, text=text)
            decomposer.decompose(page)
            article[reader].append(_f1(tokens(page.article), want_article))
            if len(parts) > 1:
                said = "\n".join(comment.text for comment in page.comments)
                comments[reader].append(_f1(tokens(said), want_comments))
            if reader == "threadsift":
                if len(parts) > 1:
                    fields = "\n".join(
                        f"{c.author or ''} {c.date_raw or ''}\n{c.text}" for c in page.comments
                    )
                    comments[with_fields].append(_f1(tokens(fields), want_comments))
                causes[Label.ARTICLE].add(want_article, want_comments, page)
                causes[Label.COMMENT_TEXT].add(want_comments, want_article, page)
        html, _ = decode_html(
            gzip.decompress((args.data / "dragnet-train" / f"{stem}.html.gz").read_bytes()), stem
        )
        extracted = trafilatura.bare_extraction(html, include_comments=True)
        article["trafilatura"].append(
            token_f1((extracted.text or "") if extracted else "", parts[0])
        )
        if len(parts) > 1:
            said = (extracted.comments or "") if extracted else ""
            comments["trafilatura"].append(token_f1(said, parts[1]))
    pages = len(article["trafilatura"])
    with_comments = len(comments["trafilatura"])
    folds = ", ".join(map(str, args.folds))
    print(
        f"Dragnet sites of fold {folds}: {pages} pages ({with_comments} with comments); "
        f"{skipped} without main-content text left out"
    )
    print(f"| reader | article token F1 ({pages}) | comment-text F1 ({with_comments}) |")
    print("|---|---|---|")
    for reader in article:
        a = f"{sum(article[reader]) / len(article[reader]):.3f}" if article[reader] else "-"
        c = sum(comments[reader]) / max(len(comments[reader]), 1)
        print(f"| {reader} | {a} | {c:.3f} |")
    if args.causes:
        print("\n| the model's tokens, averaged over pages | share |\n|---|---|")
        for part in causes.values():
            print("\n".join(part.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
