"""Article and comment token F1 of the text path on held-out Dragnet sites, beside trafilatura.

Usage:
    python scripts/score_textpath.py DATA_DIR TEXTPAGES_DIR

DATA_DIR is the pages folder (`../shared/data/pages`), TEXTPAGES_DIR what `make data` wrote
(`out/textpages`). For the Dragnet pages of the held-out sites (`train_lines.TEST_FOLD`), the
plain-text decomposer reads resiliparse's main-content text (with the line model, and with the
rules alone) and trafilatura 2.x reads the HTML (`bare_extraction` with comments: its text is
the article, its comments the comments). Pages whose main-content rendering is empty are left
out (the text path has nothing to read). Scores are bag-of-words token F1 against Dragnet's
hand-made article and comment text, averaged over pages (comments over the pages whose gold has
them).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

from build_textpages import DRAGNET_COMMENTS
from train_lines import TEST_FOLD, fold_of

from threadsift.decomposers.text import TextDecomposer
from threadsift.page import Page
from threadsift.readers.html import decode_html

_TOKEN = re.compile(r"[^\W_]+")


def token_f1(predicted: str, gold: str) -> float:
    """Bag-of-words F1 of two texts (lower-cased letter and digit runs)."""
    want = Counter(_TOKEN.findall(gold.casefold()))
    got = Counter(_TOKEN.findall(predicted.casefold()))
    common = sum((want & got).values())
    if not want and not got:
        return 1.0
    if not common:
        return 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("textpages", type=Path)
    args = parser.parse_args(argv)
    import trafilatura

    rows = [json.loads(row) for row in (args.textpages / "pages.jsonl").open(encoding="utf-8")]
    held = sorted(
        {
            row["file"]
            for row in rows
            if row.get("pool") == "dragnet" and fold_of(row["site"]) == TEST_FOLD
        }
    )
    readers = {"threadsift": TextDecomposer(), "rules alone": TextDecomposer(rules_only=True)}
    article: dict[str, list[float]] = {name: [] for name in [*readers, "trafilatura"]}
    comments: dict[str, list[float]] = {name: [] for name in article}
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
        for reader, decomposer in readers.items():
            page = Page(id=name, text=text)
            decomposer.decompose(page)
            article[reader].append(token_f1(page.article, parts[0]))
            if len(parts) > 1:
                said = "\n".join(comment.text for comment in page.comments)
                comments[reader].append(token_f1(said, parts[1]))
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
    print(
        f"held-out Dragnet sites: {pages} pages ({with_comments} with comments); {skipped} "
        "without main-content text left out"
    )
    print(f"| reader | article token F1 ({pages}) | comment-text F1 ({with_comments}) |")
    print("|---|---|---|")
    for reader in article:
        a = sum(article[reader]) / max(len(article[reader]), 1)
        c = sum(comments[reader]) / max(len(comments[reader]), 1)
        print(f"| {reader} | {a:.3f} | {c:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
