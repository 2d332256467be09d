"""The benchmark corpus: many varied page texts made deterministically from the test pages.

Every page text (*.txt) under tests/data is cut into blocks (runs of non-blank lines) and split
into the part before its comments and its thread (at the first comment its gold file names, else
at 60% of the blocks). Pages are then built around each source in turn, mutated so that no two
are byte-identical: article paragraphs and comment runs are shuffled between pages, articles are
shortened or lengthened, threads are dropped, kept or grown, the blank-line rhythm changes, some
pages get a German, French or Spanish skin of common words, digits are permuted and some adjacent
words swapped. The corpus is cached as JSONL under bench/out/, keyed by its sources and settings.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "bench" / "out"
DATA_DIR = ROOT / "tests" / "data"
# Bump when the corpus builder changes, so stale caches are not reused.
CORPUS_VERSION = 2
SEED = 20240223
MAX_SOURCE_BYTES = 2_000_000

# Word-level "language skins": common function and widget words of another language. They make
# the text look less like one language to the decomposer without needing more source pages.
# fmt: off
SKINS: dict[str, dict[str, str]] = {
    "de": {
        "the": "die",
        "and": "und",
        "of": "von",
        "to": "zu",
        "in": "im",
        "is": "ist",
        "that": "dass",
        "for": "für",
        "with": "mit",
        "not": "nicht",
        "reply": "antworten",
        "says": "sagt",
        "comments": "Kommentare",
        "share": "teilen",
        "like": "gefällt mir",
    },
    "fr": {
        "the": "le",
        "and": "et",
        "of": "de",
        "to": "à",
        "in": "dans",
        "is": "est",
        "that": "que",
        "for": "pour",
        "with": "avec",
        "not": "pas",
        "reply": "répondre",
        "says": "dit",
        "comments": "commentaires",
        "share": "partager",
        "like": "j'aime",
    },
    "es": {
        "the": "el",
        "and": "y",
        "of": "de",
        "to": "a",
        "in": "en",
        "is": "es",
        "that": "que",
        "for": "para",
        "with": "con",
        "not": "no",
        "reply": "responder",
        "says": "dice",
        "comments": "comentarios",
        "share": "compartir",
        "like": "me gusta",
    },
}
# fmt: on
SKIN_RES = {
    lang: re.compile(r"\b(" + "|".join(sorted(words, key=len, reverse=True)) + r")\b", re.I)
    for lang, words in SKINS.items()
}

Block = tuple[str, int]  # a run of non-blank lines and the number of blank lines after it


@dataclass
class Source:
    """A source page cut into blocks: the part before the comments and the thread part."""

    name: str
    head: list[Block]
    tail: list[Block]


# ---------------------------------------------------------------------------------------------
# The corpus


def to_blocks(lines: list[str], first: int) -> list[tuple[int, Block]]:
    """Runs of non-blank lines with their 1-based first line number and the blank lines after."""
    blocks: list[tuple[int, Block]] = []
    run: list[str] = []
    start = 0
    for n, line in enumerate(lines, first):
        if line.strip():
            if not run:
                start = n
            run.append(line)
        elif run:
            blocks.append((start, ("\n".join(run), 1)))
            run = []
        elif blocks:
            start_n, (text, gap) = blocks[-1]
            blocks[-1] = (start_n, (text, gap + 1))
    if run:
        blocks.append((start, ("\n".join(run), 1)))
    return blocks


def thread_start(gold_path: Path) -> int | None:
    """The first comment line a gold file names, if there is a readable gold file."""
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        firsts = [c["first_line"] for c in gold.get("comments") or [] if c.get("first_line")]
        if firsts:
            return int(min(firsts))
        labels = [row["n"] for row in gold.get("lines", []) if "comment" in row.get("label", "")]
        return int(min(labels)) if labels else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def load_sources(data_dir: Path) -> tuple[list[Source], list[str]]:
    """Every usable page text under `data_dir`, and the files skipped with why."""
    sources: list[Source] = []
    skipped: list[str] = []
    for path in sorted(data_dir.rglob("*.txt")):
        name = str(path.relative_to(data_dir))
        try:
            raw = path.read_bytes()
        except OSError as exc:
            skipped.append(f"{name}: unreadable ({exc.strerror})")
            continue
        if len(raw) > MAX_SOURCE_BYTES or b"\x00" in raw:
            skipped.append(f"{name}: too large or binary")
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            skipped.append(f"{name}: not UTF-8")
            continue
        lines = text.split("\n")
        blocks = to_blocks(lines, 1)
        if sum(1 for line in lines if line.strip()) < 3:
            skipped.append(f"{name}: fewer than 3 lines")
            continue
        start = thread_start(path.with_name(path.name + ".gold.json"))
        if start is None:  # no gold: call the last 40% of the blocks the thread
            start = blocks[max(1, round(len(blocks) * 0.6)) - 1][0] + 1 if len(blocks) > 1 else 0
        head = [block for n, block in blocks if n < start]
        tail = [block for n, block in blocks if n >= start]
        sources.append(Source(name, head or tail[:1], tail))
    return sources, skipped


def reskin(word: str, words: dict[str, str]) -> str:
    """`word` in the skin's language, keeping an initial capital."""
    new = words[word.lower()]
    return new[:1].upper() + new[1:] if word[:1].isupper() else new


def make_page(rng: random.Random, base: Source, sources: list[Source]) -> str:
    """One mutated page built around `base`, with paragraphs and comments of other pages."""
    head = list(base.head)
    if rng.random() < 0.05:  # a page that is all comments
        head = head[:1]
    factor = rng.choice((0.3, 0.5, 0.8, 1.0, 1.0, 1.5, 2.0, 3.0))
    want = max(1, round(len(head) * factor))
    if want < len(head):
        keep = sorted(rng.sample(range(1, len(head)), want - 1))
        head = head[:1] + [head[k] for k in keep]
    while len(head) < want:
        donor = rng.choice(sources).head
        if len(donor) > 1:
            head.insert(rng.randint(1, len(head)), rng.choice(donor[1:]))
        else:
            want -= 1

    draw = rng.random()
    tail: list[Block] = []
    if draw < 0.15:  # a page without comments
        tail = []
    elif draw < 0.3:
        tail = list(base.tail)
    else:  # a thread of comment runs taken from several pages
        want = rng.choice((4, 10, 20, 40, 80, 200))
        threads = [s.tail for s in sources if len(s.tail) > 1] or [base.tail]
        while len(tail) < want and any(threads):
            donor = rng.choice(threads)
            if not donor:
                break
            at = rng.randrange(len(donor))
            tail.extend(donor[at : at + rng.randint(2, 6)])

    rhythm = rng.random()
    parts: list[str] = []
    for text, gap in head + tail:
        if rhythm < 0.1:
            gap = 0  # no blank lines at all, as some extractors render
        elif rhythm < 0.2:
            gap = 1
        parts.append(text + "\n" * (gap + 1))
    page = "".join(parts)

    if rng.random() < 0.3:
        lang = rng.choice(sorted(SKINS))
        page = SKIN_RES[lang].sub(lambda m: reskin(m.group(1), SKINS[lang]), page)
    digits = "0123456789"
    page = page.translate(str.maketrans(digits, "".join(rng.sample(digits, 10))))
    lines = page.split("\n")
    for k in range(len(lines)):
        if rng.random() < 0.05:
            words_ = lines[k].split(" ")
            if len(words_) > 2:
                w = rng.randrange(len(words_) - 1)
                words_[w], words_[w + 1] = words_[w + 1], words_[w]
                lines[k] = " ".join(words_)
    return "\n".join(lines)


def build_corpus(sources: list[Source], target_bytes: int) -> Iterator[str]:
    """Distinct pages until `target_bytes` of UTF-8 text; the same sources give the same pages."""
    rng = random.Random(SEED)
    seen: set[bytes] = set()
    total = 0
    i = 0
    while total < target_bytes:
        text = make_page(rng, sources[i % len(sources)], sources)
        i += 1
        data = text.encode("utf-8")
        digest = hashlib.blake2b(data, digest_size=16).digest()
        # A few draws give a bare headline or repeat a short page: draw again.
        if digest in seen or sum(1 for line in text.split("\n") if line.strip()) < 3:
            continue
        seen.add(digest)
        total += len(data)
        yield text


def corpus_file(data_dir: Path, mb: float) -> tuple[Path, dict[str, Any]]:
    """Build or reuse the cached corpus; return its path and a description of it."""
    sources, skipped = load_sources(data_dir)
    if not sources:
        sys.exit(f"bench: no usable page texts (*.txt) under {data_dir}")
    key = hashlib.sha256(f"{CORPUS_VERSION} {SEED} {mb}".encode())
    for src in sources:
        key.update(src.name.encode())
        key.update(repr((src.head, src.tail)).encode())
    path = OUT_DIR / f"corpus-{mb:g}mb-{key.hexdigest()[:12]}.jsonl"
    source = {"source_dir": str(data_dir), "source_pages": len(sources), "skipped_sources": skipped}
    return path, _written(path, lambda: build_corpus(sources, int(mb * 1e6)), source)


def texts_file(texts_dir: Path) -> tuple[Path, dict[str, Any]]:
    """The page texts (*.txt) under a folder as they are, in name order, as a corpus file (for
    real pages, where fewer lines recur than in the built corpus)."""
    paths = sorted(texts_dir.rglob("*.txt"))
    if not paths:
        sys.exit(f"bench: no page texts (*.txt) under {texts_dir}")
    key = hashlib.sha256(str(texts_dir).encode())
    for path in paths:
        stat = path.stat()
        key.update(f"{path.relative_to(texts_dir)} {stat.st_size} {stat.st_mtime_ns}".encode())
    path = OUT_DIR / f"texts-{texts_dir.name}-{key.hexdigest()[:12]}.jsonl"

    def texts() -> Iterator[str]:
        return (page.read_text(encoding="utf-8") for page in paths)

    source = {"source_dir": str(texts_dir), "source_pages": len(paths), "skipped_sources": []}
    return path, _written(path, texts, source)


def _written(
    path: Path, texts: Callable[[], Iterable[str]], source: dict[str, Any]
) -> dict[str, Any]:
    """Write the corpus file at `path` from `texts` unless it is there; its description."""
    info_path = path.with_suffix(".info.json")
    if not (path.exists() and info_path.exists()):
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        pages = lines = size = 0
        sizes: list[int] = []
        digests: set[bytes] = set()
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as out:
            for text in texts():
                out.write(json.dumps({"id": f"bench-{pages:06d}", "text": text}) + "\n")
                digests.add(hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest())
                pages += 1
                lines += len(text.split("\n"))
                sizes.append(len(text.encode("utf-8")))
                size += sizes[-1]
        tmp.replace(path)
        info = {
            "file": str(path.relative_to(ROOT)),
            "mb": size / 1e6,
            "bytes": size,
            "pages": pages,
            "distinct_pages": len(digests),
            "lines": lines,
            "page_bytes_min_median_max": [min(sizes), int(statistics.median(sizes)), max(sizes)],
            **source,
            "build_seconds": round(time.perf_counter() - started, 2),
        }
        info_path.write_text(json.dumps(info, indent=1), encoding="utf-8")
    return json.loads(info_path.read_text(encoding="utf-8"))
