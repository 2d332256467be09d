"""Benchmark: plain-text page decomposition throughput and peak memory, per core.

Builds (once, cached under bench/out/) at least `--mb` MB of varied page text from every page text
(*.txt) under tests/data, mutated deterministically so that no two pages are byte-identical (see
corpus.py beside this file).

Then, side by side on the same pages, each contender in a fresh single-process subprocess:

- `split`: `text.split("\\n")` alone, the floor;
- `threadsift`: `TextDecomposer().decompose(Page(...))`, every line labelled, comments grouped;
- `rules`: the same with the hand-written rules alone (`rules_only=True`), what the line model
  costs;
- `c4`: datatrove's `C4QualityFilter.filter(Document(...))`, the reference line filter.

Throughput is bytes of UTF-8 text per CPU second of the process (so: per core, robust to other
load on the machine), best of `--repeat` runs; wall-clock rates are shown beside it. Peak memory
is the process's RSS high-water mark (`ru_maxrss`), also given over the RSS once the pages are
loaded. Prints a report and writes it as JSON to bench/out/decompose.json.

    python -m bench.bench_decompose            # 20 MB, 3 runs each (a few minutes)
    python -m bench.bench_decompose --quick    # smoke run in seconds
    # real pages, each line read once (a fresh process, one run: nothing cached yet)
    python -m bench.bench_decompose --texts out/textpages/main --repeat 1
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.corpus import DATA_DIR, OUT_DIR, ROOT, corpus_file, texts_file

TARGET_MBPS = 5.0
# The figures issue 2 quotes for these machines, for comparison in the report.
REFERENCE_MBPS = {"c4": 0.75, "split": 580.0}
CONTENDERS = ("split", "threadsift", "rules", "c4")
TITLES = {
    "split": 'text.split("\\n")',
    "threadsift": "threadsift TextDecomposer",
    "rules": "  the same, rules only",
    "c4": "datatrove C4QualityFilter",
}


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
    if name in ("threadsift", "rules"):
        sys.path.insert(0, str(ROOT / "src"))  # bench this checkout, installed or not
        from threadsift.decomposers.text import TextDecomposer
        from threadsift.page import Page

        decomposer = TextDecomposer(rules_only=name == "rules")

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
            f"{r['rss_peak_mb']:>8.0f}MB{r['rss_over_data_mb']:>9.1f}MB"
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
    parser.add_argument(
        "--texts", type=Path, help="time these page texts (*.txt) as they are, not a built corpus"
    )
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

    if args.texts:
        corpus, data = texts_file(args.texts.resolve())
    else:
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
    if "threadsift" in rates and not args.texts:  # the target is set on the built corpus
        result["target_met"] = rates["threadsift"] >= TARGET_MBPS
        for other in ("c4", "rules", "split"):
            if other in rates:
                result["ratios"][f"threadsift_vs_{other}"] = rates["threadsift"] / rates[other]
    print(report(result))
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"written: {out_path}")
    return 1 if "error" in result["results"].get("threadsift", {}) else 0


if __name__ == "__main__":
    sys.exit(main())
