"""Benchmark: plain-text page decomposition throughput and peak memory, per core.

Builds (once, cached under bench/out/) at least `--mb` MB of varied page text from every page text
(*.txt) under tests/data, mutated deterministically so that no two pages are byte-identical:
article paragraphs and comment runs are shuffled between pages, articles are shortened or
lengthened, threads are dropped, kept or grown, the blank-line rhythm changes, some pages get a
German, French or Spanish skin of common words, digits are permuted and some adjacent words swapped.

Then, side by side on the same pages, each contender in a fresh single-process subprocess:

- `split`: `text.split("\\n")` alone, the floor;
- `threadsift`: `TextDecomposer().decompose(Page(...))`, every line labelled, comments grouped;
- `c4`: datatrove's `C4QualityFilter.filter(Document(...))`, the reference line filter.

Throughput is bytes of UTF-8 text per CPU second of the process (so: per core, robust to other
load on the machine), best of `--repeat` runs; wall-clock rates are shown beside it. Peak memory
is the process's RSS high-water mark (`ru_maxrss`), also given over the RSS once the pages are
loaded. Prints a report and writes it as JSON to bench/out/decompose.json.

    python bench/bench_decompose.py            # 20 MB, 3 runs each (a few minutes)
    python bench/bench_decompose.py --quick    # smoke run in seconds
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import platform
import random
import re
import resource
import statistics
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "bench" / "out"
DATA_DIR = ROOT / "tests" / "data"
# Bump when the corpus builder changes, so stale caches are not reused.
CORPUS_VERSION = 1
SEED = 20240223
TARGET_MBPS = 5.0
# The figures issue 2 quotes for these machines, for comparison in the report.
REFERENCE_MBPS = {"c4": 0.75, "split": 580.0}
CONTENDERS = ("split", "threadsift", "c4")
TITLES = {
    "split": 'text.split("\\n")',
    "threadsift": "threadsift TextDecomposer",
    "c4": "datatrove C4QualityFilter",
}
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
    """Pages until `target_bytes` of UTF-8 text; the same sources always give the same pages."""
    rng = random.Random(SEED)
    total = 0
    i = 0
    while total < target_bytes:
        text = make_page(rng, sources[i % len(sources)], sources)
        total += len(text.encode("utf-8"))
        i += 1
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
    info_path = path.with_suffix(".info.json")
    if not (path.exists() and info_path.exists()):
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        pages = lines = size = 0
        sizes: list[int] = []
        digests: set[bytes] = set()
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as out:
            for text in build_corpus(sources, int(mb * 1e6)):
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
            "source_dir": str(data_dir),
            "source_pages": len(sources),
            "skipped_sources": skipped,
            "build_seconds": round(time.perf_counter() - started, 2),
        }
        info_path.write_text(json.dumps(info, indent=1), encoding="utf-8")
    return path, json.loads(info_path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------
# The contenders (each runs in a fresh subprocess: `--worker NAME`)


def rss_mb() -> float:
    """This process's RSS high-water mark in MB (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def contender(name: str) -> Callable[[list[tuple[str, str]]], dict[str, int]]:
    """A function that processes every page once and returns a few counts of what it did."""
    if name == "split":

        def run(pages: list[tuple[str, str]]) -> dict[str, int]:
            lines = 0
            for _, text in pages:
                lines += len(text.split("\n"))
            return {"lines": lines}

        return run
    if name == "threadsift":
        sys.path.insert(0, str(ROOT / "src"))  # bench this checkout, installed or not
        from threadsift.decomposers.text import TextDecomposer
        from threadsift.page import Page

        decomposer = TextDecomposer()

        def run(pages: list[tuple[str, str]]) -> dict[str, int]:
            lines = comments = article = 0
            for page_id, text in pages:
                page = Page(id=page_id, text=text)
                decomposer.decompose(page)
                lines += len(page.lines)
                comments += len(page.comments)
                article += len(page.article)
            return {"labelled_lines": lines, "comments": comments, "article_chars": article}

        return run
    if name == "c4":
        from datatrove.data import Document
        from datatrove.pipeline.filters import C4QualityFilter

        c4 = C4QualityFilter()

        def run(pages: list[tuple[str, str]]) -> dict[str, int]:
            kept = kept_chars = 0
            for page_id, text in pages:
                doc = Document(text=text, id=page_id)
                if c4.filter(doc) is True:
                    kept += 1
                    kept_chars += len(doc.text)
            return {"kept_pages": kept, "kept_chars": kept_chars}

        return run
    raise SystemExit(f"bench: unknown contender {name!r}")


def worker(name: str, corpus: Path, repeat: int) -> dict[str, Any]:
    """Time one contender over the corpus `repeat` times; report times, counts and memory."""
    run = contender(name)
    rss_imports = rss_mb()
    with corpus.open(encoding="utf-8") as lines:  # line by line: no transient double copy
        pages = [(row["id"], row["text"]) for row in map(json.loads, lines)]
    gc.collect()
    rss_loaded = rss_mb()
    run(pages[:1])  # warm-up: lazy loads (spaCy's pipeline for the C4 filter) are not timed
    wall: list[float] = []
    cpu: list[float] = []
    counts: dict[str, int] = {}
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        counts = run(pages)
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "counts": counts,
        "rss_after_imports_mb": round(rss_imports, 1),
        "rss_loaded_mb": round(rss_loaded, 1),
        "rss_peak_mb": round(rss_mb(), 1),
    }


# ---------------------------------------------------------------------------------------------
# The report


def git(*args: str) -> str:
    """Output of a git command in the repo, or "" when git is not available."""
    try:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip()


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions: dict[str, str | None] = {}
    for package in ("threadsift", "datatrove", "spacy"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    if versions["threadsift"] is None:  # a source checkout: the version it declares
        project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
        versions["threadsift"] = project["project"]["version"] + " (source)"
    dirty = bool(git("status", "--porcelain", "--", "src/threadsift"))
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "platform": platform.platform(),
        "python": platform.python_version(),
        "packages": versions,
        "threadsift_commit": git("rev-parse", "--short", "HEAD") + ("+dirty" if dirty else ""),
    }


def measure(name: str, corpus: Path, repeat: int, data_bytes: int, pages: int) -> dict[str, Any]:
    """Run one contender in a fresh subprocess and turn its times into rates."""
    cmd = [sys.executable, __file__, "--worker", name, "--corpus", str(corpus)]
    cmd += ["--repeat", str(repeat)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0 or not done.stdout.strip():
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": tail}
    raw: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    best_cpu, best_wall = min(raw["cpu_s"]), min(raw["wall_s"])
    return {
        **raw,
        "mb_per_s": data_bytes / 1e6 / best_cpu,
        "mb_per_s_wall": data_bytes / 1e6 / best_wall,
        "mb_per_s_median": data_bytes / 1e6 / statistics.median(raw["cpu_s"]),
        "pages_per_s": pages / best_cpu,
        "rss_over_data_mb": round(raw["rss_peak_mb"] - raw["rss_loaded_mb"], 1),
    }


def report(result: dict[str, Any]) -> str:
    """The human-readable report."""
    m, d, runs = result["machine"], result["data"], result["results"]
    pkgs = ", ".join(f"{k} {v or 'not installed'}" for k, v in m["packages"].items())
    sizes = "/".join(f"{b / 1000:.1f}" for b in d["page_bytes_min_median_max"])
    out = [
        "threadsift decomposition benchmark",
        f"machine: {m['cpu']}, {m['cores']} cores ({m['usable_cores']} usable), "
        f"load {' '.join(map(str, m['load_average']))}, Python {m['python']}, {m['platform']}",
        f"packages: {pkgs}; threadsift at {m['threadsift_commit'] or '?'}",
        f"data: {d['mb']:.2f} MB UTF-8, {d['pages']:,} pages ({d['distinct_pages']:,} distinct), "
        f"{d['lines']:,} lines, page size min/median/max "
        f"{sizes} kB, from {d['source_pages']} source pages under {d['source_dir']}",
        f"timing: best of {result['repeat']} run(s), one process; MB/s = 10^6 bytes per CPU second "
        "(per core); wall-clock beside it",
        "",
        f"{'contender':<27}{'MB/s':>9}{'wall':>9}{'median':>9}{'pages/s':>10}"
        f"{'peak RSS':>10}{'over data':>11}",
    ]
    for name in CONTENDERS:
        r = runs.get(name)
        if r is None:
            continue
        if "error" in r:
            out.append(f"{TITLES[name]:<27}failed: {r['error']}")
            continue
        out.append(
            f"{TITLES[name]:<27}{r['mb_per_s']:>9.2f}{r['mb_per_s_wall']:>9.2f}"
            f"{r['mb_per_s_median']:>9.2f}{r['pages_per_s']:>10,.0f}"
            f"{r['rss_peak_mb']:>8.0f}MB{r['rss_over_data_mb']:>9.0f}MB"
        )
    out.append("")
    for key, text in (
        ("threadsift_vs_c4", "threadsift / C4 filter"),
        ("threadsift_vs_split", "threadsift / split"),
    ):
        if key in result["ratios"]:
            out.append(f"{text}: {result['ratios'][key]:.3g}x")
    if "target_met" in result:
        verdict = "met" if result["target_met"] else "NOT met"
        out.append(f"target >= {TARGET_MBPS:g} MB/s per core for threadsift: {verdict}")
    out.append(
        f"issue 2 reference figures: C4 filter ~{REFERENCE_MBPS['c4']} MB/s per core, "
        f"split ~{REFERENCE_MBPS['split']:g} MB/s"
    )
    counts = {n: r["counts"] for n, r in runs.items() if "counts" in r}
    out.append(f"what each did (last run): {json.dumps(counts)}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Build or load the corpus, run every contender, print and save the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (default 20)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per contender")
    parser.add_argument("--quick", action="store_true", help="smoke run: 0.3 MB, one run each")
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="where the page texts are")
    parser.add_argument("--only", choices=CONTENDERS, action="append", help="run only these")
    parser.add_argument("--out", type=Path, help="JSON result (default bench/out/decompose.json)")
    parser.add_argument("--worker", choices=CONTENDERS, help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        print(json.dumps(worker(args.worker, args.corpus, args.repeat)))
        return 0
    if args.quick:
        args.mb, args.repeat = 0.3, 1
    out_path = args.out or OUT_DIR / ("decompose-quick.json" if args.quick else "decompose.json")

    corpus, data = corpus_file(args.data.resolve(), args.mb)
    result: dict[str, Any] = {
        "machine": machine(),
        "data": data,
        "repeat": args.repeat,
        "results": {},
        "ratios": {},
    }
    for name in args.only or CONTENDERS:
        print(f"bench: running {TITLES[name]} ...", file=sys.stderr, flush=True)
        result["results"][name] = measure(name, corpus, args.repeat, data["bytes"], data["pages"])
    rates = {n: r["mb_per_s"] for n, r in result["results"].items() if "mb_per_s" in r}
    if "threadsift" in rates:
        result["target_met"] = rates["threadsift"] >= TARGET_MBPS
        for other in ("c4", "split"):
            if other in rates:
                result["ratios"][f"threadsift_vs_{other}"] = rates["threadsift"] / rates[other]
    print(report(result))
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"written: {out_path}")
    return 1 if "error" in result["results"].get("threadsift", {}) else 0


if __name__ == "__main__":
    sys.exit(main())
