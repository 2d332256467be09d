"""Comments per second for language + toxicity annotation, batched, on one core.

Comment texts are generated from the sentence corpora in `bench/synthpages/data/` (seven
languages): each comment is one to four passages cut to 3-80 words, 40 comments per page. Prints
the machine, then comments/s for the language annotator, the toxicity annotator (the fast model,
`accurate=False`, and the default, accurate one with the sentence encoder, timed on
`--accurate-comments` of them) and language + toxicity in a row (target: 5,000 comments/s per
core), side by side with, on the same comments in the same run, alt-profanity-check
(`predict_prob`, a linear model over word n-grams, English only, when installed) and two
baselines: tokenising them (`str.split`) and splitting the pages they are on (`TextDecomposer`:
each page is rendered as text with a 250-word article and its comments under "name wrote:"
lines). Ratios are to alt-profanity-check's rate. The quality signals are timed on the articles,
and the whole of `threadsift split` (decompose, language, toxicity, quality) on the page texts.
Rates are per CPU second of this process (`time.process_time`; one BLAS thread), so that other
work on a shared machine does not change them; each is the best of `--repeat` runs.

    python -m bench.bench_annotate [--comments 20000] [--batch-size 64] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import platform
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


def rate(steps: list[Annotator], texts: list[str], repeat: int = 1) -> float:
    """Comments per second through `steps` (models already loaded), best of `repeat` runs."""

    def run() -> int:
        stream: object = make_pages(texts)
        for step in steps:
            stream = step.run(stream)  # type: ignore[arg-type]
        return sum(len(page.comments) for page in stream)  # type: ignore[attr-defined]

    count, seconds = timed(run, repeat)
    return count / seconds


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


def timed(work: Callable[[], int], repeat: int = 1) -> tuple[int, float]:
    """What `work` counted, and the fewest CPU seconds it took in `repeat` runs."""
    best = float("inf")
    count = 0
    for _ in range(repeat):
        start = time.process_time()
        count = work()
        best = min(best, time.process_time() - start)
    return count, best


def machine() -> str:
    """The processor, its cores and the load on them, and the Python version."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = " ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (
        f"{model}, {os.cpu_count()} cores (load average {load}), "
        f"Python {platform.python_version()}, {platform.system()}, BLAS {blas()}"
    )


def blas() -> str:
    """The BLAS library numpy uses and the kernels it chose (the encoder's matrix products run
    about 1.6 times as fast on AVX-512 kernels as on AVX2 ones; `OPENBLAS_CORETYPE` forces one)."""
    import numpy  # noqa: F401  (loads the BLAS library, so that it can be inspected)
    from threadpoolctl import threadpool_info

    found = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    return ", ".join(f"{i['internal_api']} {i.get('architecture', '?')}" for i in found) or "?"


def profanity_rate(texts: list[str], repeat: int) -> float | None:
    """alt-profanity-check's comments/s on `texts` (batches of 2,560, like 64 pages of 40), or
    None when it is not installed."""
    try:
        from profanity_check import predict_prob
    except ImportError:
        return None
    predict_prob(texts[:100])  # load the model

    def score() -> int:
        for start in range(0, len(texts), 2560):
            predict_prob(texts[start : start + 2560])
        return len(texts)

    count, seconds = timed(score, repeat)
    return count / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--comments", type=int, default=20_000)
    parser.add_argument("--batch-size", type=int, default=64, help="pages per batch")
    parser.add_argument("--accurate-comments", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per rate; the best counts")
    args = parser.parse_args()
    texts = comment_texts(args.comments)
    language = LanguageAnnotator(batch_size=args.batch_size)
    toxicity = ToxicityAnnotator(batch_size=args.batch_size, accurate=False)
    accurate = ToxicityAnnotator(batch_size=args.batch_size)
    quality = QualityAnnotator(batch_size=args.batch_size)
    rate([language, toxicity, accurate], texts[:200])  # load the models
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(f"machine: {machine()}")
    print(
        f"data: {len(texts):,} synthetic comments in 7 languages, {words:.0f} words on average "
        f"(3-80), one core"
    )
    rows: list[tuple[str, float, str]] = []
    _, seconds = timed(lambda: sum(len(text.split()) for text in texts))
    rows.append(("baseline: str.split", len(texts) / seconds, "tokenise the comments"))
    apc = profanity_rate(texts, args.repeat)
    if apc is not None:
        rows.append(("alt-profanity-check", apc, "predict_prob, same comments"))
    batches = f"batches of {args.batch_size} pages"
    few = texts[: args.accurate_comments]
    for name, steps, sample in (
        ("language", [language], texts),
        ("toxicity, fast", [toxicity], texts),
        ("language + toxicity, fast", [language, toxicity], texts),
        ("toxicity, default", [accurate], few),
        ("language + toxicity, default", [language, accurate], few),
    ):
        note = batches if sample is texts else f"{batches}, first {len(sample):,} comments"
        rows.append((name, rate(steps, sample, args.repeat), note))
    pages_text = page_texts(texts)
    found, seconds = timed(lambda: sum(len(page.comments) for page in decompose(pages_text)))
    rows.append(("baseline: split pages", found / seconds, f"{len(pages_text)} pages"))
    split_pages = decompose(pages_text)
    _, seconds = timed(lambda: sum(1 for _ in quality.run(split_pages)))
    print(f"quality signals: {len(split_pages) / seconds:,.0f} articles/s (250 words each)")

    def split_and_annotate() -> int:
        stream = quality.run(toxicity.run(language.run(decompose(pages_text))))  # fast
        return sum(len(page.comments) for page in stream)

    found, seconds = timed(split_and_annotate)
    rows.append(
        ("split + all annotators, fast", found / seconds, "threadsift split --fast-toxicity")
    )
    print(f"{'':30} {'comments/s':>10} {'/ apc':>6}")
    for name, value, note in rows:
        ratio = f"{value / apc:>6.3f}" if apc else f"{'':>6}"
        print(f"{name:30} {value:>10,.0f} {ratio}  {note}")


if __name__ == "__main__":
    main()
