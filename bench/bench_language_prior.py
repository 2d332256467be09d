"""Language of reader comments by length, each read alone and read in its page (the page prior).

Two sets of pages, made here (nothing is shipped or kept):
- synthetic pages: for each language of `bench/langdata.py` (sentences and comment texts of
  `../shared/data/toxicity` and `bench/synthpages/data`), pages of one language with a 120-word
  article and 20 comments, each cut to 1-4, 5-9 or 10-30 words; one comment in ten is in another
  language (English on non-English pages, German on English ones), so that the prior must not
  take a foreign comment's language away;
- real pages: the comments the HTML decomposer finds on the pages of `../shared/data/pages`
  (`--pages`), each cut to a random length; the truth of a comment is the language its whole text
  is given when that is sure (fastText >= 0.9 and at least 10 words), and comments without a sure
  language stay on the page as context only.

Prints accuracy (`und` counts as wrong) per language and length bucket, alone and with the prior,
and the share of `und`; the row `foreign` is the synthetic pages' comments in another language
than their page's (counted in their own language's row too). Comments without a letter (a
punctuation-only reply) have no language to find and are left out.

    python -m bench.bench_language_prior [--pages ../shared/data/pages] [--per-language 30]
"""

from __future__ import annotations

import argparse
import gzip
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent / "src"))
sys.path.insert(0, str(ROOT))

import langdata  # noqa: E402

from threadsift.annotators.language import LanguageAnnotator  # noqa: E402
from threadsift.errors import ThreadsiftError  # noqa: E402
from threadsift.page import Comment, Page  # noqa: E402

BUCKETS = ((1, 4, "<5"), (5, 9, "5-9"), (10, 30, "10+"))
ARTICLE_WORDS = 120
COMMENTS_PER_PAGE = 20
FOREIGN_SHARE = 0.1
SURE_TRUTH_WORDS = 10  # a real comment's whole text gives its truth only from this length


def bucket_of(text: str) -> str:
    """The length bucket of a text."""
    n = len(text.split())
    return next(label for low, high, label in BUCKETS if n <= high or label == "10+")


def cut(text: str, rng: random.Random) -> str:
    """`text` cut to a word count from a random bucket it is long enough for (CJK: by
    characters, two to a word)."""
    words = text.split()
    if len(words) <= 2 and len(text) > 12:  # an unspaced script
        low, high, _ = rng.choice(BUCKETS)
        return text[: 2 * rng.randint(low, high)]
    fits = [(low, high) for low, high, _ in BUCKETS if len(words) >= low]
    low, high = rng.choice(fits)
    return " ".join(words[: rng.randint(low, min(high, len(words)))])


def synthetic_pages(per_language: int, seed: int) -> list[tuple[Page, list[str | None]]]:
    """Pages of one language each, with the truth of every comment."""
    rng = random.Random(seed)
    sources = langdata.sources()
    passages = {lang: [p for texts in by.values() for p in texts] for lang, by in sources.items()}
    for texts in passages.values():
        rng.shuffle(texts)
    out = []
    for lang, texts in sorted(passages.items()):
        foreign = "de" if lang == "en" else "en"
        for number in range(per_language):
            article: list[str] = []
            while len(" ".join(article).split()) < ARTICLE_WORDS:
                article.append(rng.choice(texts))
            comments, truth = [], []
            for i in range(COMMENTS_PER_PAGE):
                code = foreign if rng.random() < FOREIGN_SHARE else lang
                text = cut(rng.choice(passages[code]), rng)
                comments.append(Comment(i, None, text))
                truth.append(code)
            page = Page(
                id=f"synthetic:{lang}:{number}",
                text="",
                article=" ".join(article),
                comments=comments,
            )
            out.append((page, truth))
    return out


def real_pages(folder: Path, seed: int) -> list[tuple[Page, list[str | None]]]:
    """The pages of `folder` with comments, each comment cut, with its whole text's language."""
    from threadsift.api import split

    rng = random.Random(seed)
    judge = LanguageAnnotator()
    out = []
    for path in sorted(folder.rglob("*.html.gz")):
        try:
            page = split(gzip.decompress(path.read_bytes()), format="html", source=str(path))
        except ThreadsiftError:  # a page the reader refuses (binary, say) has no comments
            continue
        if not page.comments:
            continue
        truth: list[str | None] = []
        for comment in page.comments:
            guess = judge.guess_batch([comment.text])[0]
            sure = guess.sure and len(comment.text.split()) >= SURE_TRUTH_WORDS
            truth.append(guess.code if sure else None)
            comment.text = cut(comment.text, rng)
        out.append((page, truth))
    return out


def measure(pages: list[tuple[Page, list[str | None]]], name: str) -> None:
    """Print accuracy per language and bucket, alone and with the page prior."""
    annotator = LanguageAnnotator()
    # (language, bucket) -> [count, right alone, right with prior, und alone, und with prior]
    cells: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for page, truth in pages:
        alone = annotator.identify_batch([c.text for c in page.comments])
        annotator.annotate_batch([page])
        home = page.id.split(":")[1] if page.id.startswith("synthetic:") else None
        for comment, code, (own, _) in zip(page.comments, truth, alone, strict=True):
            if code is None or not any(ch.isalpha() for ch in comment.text):
                continue
            bucket = bucket_of(comment.text)
            keys = [(code, bucket), ("all", bucket)]
            if home is not None and code != home:
                keys.append(("foreign", bucket))
            for key in keys:
                cell = cells[key]
                cell[0] += 1
                cell[1] += own == code
                cell[2] += comment.language == code
                cell[3] += own == "und"
                cell[4] += comment.language == "und"
    langs = sorted({lang for lang, _ in cells} - {"all", "foreign"})
    langs += [name for name in ("foreign", "all") if any(key[0] == name for key in cells)]
    labels = [label for _, _, label in BUCKETS]
    print(f"\n{name}: accuracy alone -> with the page prior (n), by comment length in words")
    print(f"{'lang':6}" + "".join(f"{label:>24}" for label in labels) + f"{'all':>24}")
    totals = defaultdict(lambda: [0, 0, 0, 0, 0])
    for lang in langs:
        row = f"{lang:6}"
        summed = [0, 0, 0, 0, 0]
        for label in labels:
            cell = cells.get((lang, label))
            if not cell:
                row += f"{'':>24}"
                continue
            summed = [a + b for a, b in zip(summed, cell, strict=True)]
            row += f"{cell[1] / cell[0]:>8.3f} -> {cell[2] / cell[0]:.3f} ({cell[0]:>4})"
        row += f"{summed[1] / summed[0]:>8.3f} -> {summed[2] / summed[0]:.3f} ({summed[0]:>4})"
        totals[lang] = summed
        print(row)
    everything = totals["all"]
    print(
        f"und: {everything[3] / everything[0]:.3f} alone, {everything[4] / everything[0]:.3f}"
        " with the prior"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=Path, default=ROOT.parent.parent / "shared/data/pages")
    parser.add_argument("--per-language", type=int, default=30, help="synthetic pages per language")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    measure(synthetic_pages(args.per_language, args.seed), "synthetic pages")
    if args.pages.is_dir():
        measure(real_pages(args.pages, args.seed), f"real pages of {args.pages}")


if __name__ == "__main__":
    main()
