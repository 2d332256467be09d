"""Comments per second for language + toxicity annotation, batched, on one core.

Comment texts are generated from the sentence corpora in `bench/synthpages/data/` (seven
languages): each comment is one to four passages cut to 3-80 words, 40 comments per page. Prints
comments/s for the language annotator, the toxicity annotator and both in a row (target: 5,000
comments/s per core for both).

    python bench/bench_annotate.py [--comments 20000] [--batch-size 256]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")  # one core

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent / "src"))

from threadsift.annotators.base import Annotator  # noqa: E402
from threadsift.annotators.language import LanguageAnnotator  # noqa: E402
from threadsift.annotators.toxicity import ToxicityAnnotator  # noqa: E402
from threadsift.page import Comment, Page  # noqa: E402


def comment_texts(count: int, seed: int = 0) -> list[str]:
    """`count` comment-like texts in seven languages."""
    rng = random.Random(seed)
    corpora = [
        path.read_text(encoding="utf-8").splitlines()
        for path in sorted((ROOT / "synthpages" / "data").glob("*.txt"))
    ]
    out = []
    for _ in range(count):
        lines = rng.choice(corpora)
        words = " ".join(rng.choice(lines) for _ in range(rng.randint(1, 4))).split()
        out.append(" ".join(words[: rng.randint(3, 80)]))
    return out


def make_pages(texts: list[str], per_page: int = 40) -> list[Page]:
    pages = []
    for start in range(0, len(texts), per_page):
        chunk = texts[start : start + per_page]
        comments = [Comment(i, None, text) for i, text in enumerate(chunk)]
        pages.append(Page(id=str(start), text="", comments=comments))
    return pages


def rate(steps: list[Annotator], texts: list[str]) -> float:
    """Comments per second through `steps` (models already loaded)."""
    pages = make_pages(texts)
    start = time.perf_counter()
    stream: object = pages
    for step in steps:
        stream = step.run(stream)  # type: ignore[arg-type]
    count = sum(len(page.comments) for page in stream)  # type: ignore[attr-defined]
    return count / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--comments", type=int, default=20_000)
    parser.add_argument("--batch-size", type=int, default=64, help="pages per batch")
    args = parser.parse_args()
    texts = comment_texts(args.comments)
    language = LanguageAnnotator(batch_size=args.batch_size)
    toxicity = ToxicityAnnotator(batch_size=args.batch_size)
    rate([language, toxicity], texts[:200])  # load the models
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(f"{len(texts):,} comments, {words:.0f} words on average, one core")
    for name, steps in (
        ("language", [language]),
        ("toxicity", [toxicity]),
        ("language + toxicity", [language, toxicity]),
    ):
        print(f"{name:22} {rate(steps, texts):>9,.0f} comments/s")


if __name__ == "__main__":
    main()
