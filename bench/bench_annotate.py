"""Comments per second for language + toxicity annotation, batched, on one core.

Comment texts are generated from the sentence corpora in `bench/synthpages/data/` (seven
languages): each comment is one to four passages cut to 3-80 words, 40 comments per page. Prints
comments/s for the language annotator, the toxicity annotator (the default fused model, and the
n-gram head alone, `fast=True`) and language + toxicity in a row (target: 5,000 comments/s per
core), side by side with two baselines on the same comments: tokenising
them (`str.split`) and splitting the pages they are on (`TextDecomposer`: each page is rendered
as text with a 250-word article and its comments under "name wrote:" lines). The quality
signals are timed on the articles, and the whole of `threadsift split` (decompose, language,
toxicity, quality) on the page texts.

    python -m bench.bench_annotate [--comments 20000] [--batch-size 64]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")  # one core

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent / "src"))

from devtools.pages import make_page  # noqa: E402
from threadsift.annotators.base import Annotator  # noqa: E402
from threadsift.annotators.language import LanguageAnnotator  # noqa: E402
from threadsift.annotators.quality import QualityAnnotator  # noqa: E402
from threadsift.annotators.toxicity import ToxicityAnnotator  # noqa: E402
from threadsift.page import Page  # noqa: E402


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
        pages.append(make_page(id=str(start), comments=chunk))
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


def page_texts(texts: list[str], per_page: int = 40, seed: int = 1) -> list[str]:
    """Page texts: a title, a 250-word article in one language, then `per_page` comments."""
    rng = random.Random(seed)
    corpora = [
        path.read_text(encoding="utf-8").splitlines()
        for path in sorted((ROOT / "synthpages" / "data").glob("*.txt"))
    ]
    out = []
    for number, start in enumerate(range(0, len(texts), per_page)):
        lines = rng.choice(corpora)
        words: list[str] = []
        while len(words) < 250:
            words += rng.choice(lines).split()
        paragraphs = [" ".join(words[i : i + 50]) for i in range(0, 250, 50)]
        thread = "\n\n".join(
            f"reader{i} wrote:\n{text}" for i, text in enumerate(texts[start : start + per_page])
        )
        out.append(f"Page {number}\n\n" + "\n\n".join(paragraphs) + f"\n\nComments\n\n{thread}\n")
    return out


def decompose(texts: list[str]) -> list[Page]:
    from threadsift.decomposers.text import TextDecomposer

    decomposer = TextDecomposer()
    pages = []
    for number, text in enumerate(texts):
        page = Page(id=str(number), text=text)
        decomposer.decompose(page)
        pages.append(page)
    return pages


def timed(work: Callable[[], int]) -> tuple[int, float]:
    """What `work` counted, and the seconds it took."""
    start = time.perf_counter()
    count = work()
    return count, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--comments", type=int, default=20_000)
    parser.add_argument("--batch-size", type=int, default=64, help="pages per batch")
    args = parser.parse_args()
    texts = comment_texts(args.comments)
    language = LanguageAnnotator(batch_size=args.batch_size)
    toxicity = ToxicityAnnotator(batch_size=args.batch_size)
    fast = ToxicityAnnotator(batch_size=args.batch_size, fast=True)
    quality = QualityAnnotator(batch_size=args.batch_size)
    rate([language, toxicity, fast], texts[:200])  # load the models
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(f"{len(texts):,} comments, {words:.0f} words on average, one core")
    rows: list[tuple[str, float, str]] = []
    _, seconds = timed(lambda: sum(len(text.split()) for text in texts))
    rows.append(("baseline: str.split", len(texts) / seconds, "tokenise the comments"))
    for name, steps in (
        ("language", [language]),
        ("toxicity", [toxicity]),
        ("toxicity, fast", [fast]),
        ("language + toxicity", [language, toxicity]),
        ("language + toxicity, fast", [language, fast]),
    ):
        rows.append((name, rate(steps, texts), f"batches of {args.batch_size} pages"))
    pages_text = page_texts(texts)
    found, seconds = timed(lambda: sum(len(page.comments) for page in decompose(pages_text)))
    rows.append(("baseline: split pages", found / seconds, f"{len(pages_text)} pages"))
    split_pages = decompose(pages_text)
    _, seconds = timed(lambda: sum(1 for _ in quality.run(split_pages)))
    print(f"quality signals: {len(split_pages) / seconds:,.0f} articles/s (250 words each)")

    def split_and_annotate() -> int:
        stream = quality.run(toxicity.run(language.run(decompose(pages_text))))
        return sum(len(page.comments) for page in stream)

    found, seconds = timed(split_and_annotate)
    rows.append(("split + all annotators", found / seconds, "threadsift split, no output"))
    print(f"{'':26} {'comments/s':>10}")
    for name, value, note in rows:
        print(f"{name:26} {value:>10,.0f}  {note}")


if __name__ == "__main__":
    main()
