"""Benchmark: response times of `threadsift serve` on a run of the corpus benchmark's pages.

The run is `threadsift run -j 2 --fast-toxicity` over the generated corpus of bench_run.py
(bench/runcorpus.py, `--pages`, default 100,000), annotated so that languages and toxicity
are there to chart and facet; it is kept in bench/out/ and reused. Measured:

1. Opening the run once at start-up (`RunStore`: the in-memory summary, the row indexes and
   the overview's figures); writing the report file (`threadsift report`).
2. Over HTTP, each kind of view `--repeat` times (ids, hosts and words drawn with a fixed
   seed): the overview, the pages list (plain, faceted, sorted, a deep page, a search), a page
   view as HTML and as JSON, and the errors. Median, 95th percentile and maximum in ms.

    python -m bench.bench_viewer                  # 100,000 pages (the run takes ~10 min)
    python -m bench.bench_viewer --pages 5000     # quick

Results go to bench/out/viewer-bench.json.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from bench.bench_run import OUT_DIR, corpus
from threadsift.viewer.report import write_report
from threadsift.viewer.server import make_server
from threadsift.viewer.store import RunStore

SEED = 7


def run_dir(pages: int) -> Path:
    """The annotated run of the generated corpus of `pages` pages (made once)."""
    root = corpus(pages)
    out = OUT_DIR / f"viewer-run-{pages}"
    if not (out / "run.json").exists():
        started = time.perf_counter()
        command = [sys.executable, "-m", "threadsift", "run", "-q", str(root / "html")]
        command += [str(root / "text"), "--out", str(out), "-j", "2", "--fast-toxicity"]
        subprocess.run([*command, "--no-report"], check=True)
        print(f"ran {pages} pages in {time.perf_counter() - started:.0f} s -> {out}")
    return out


def timed_get(port: int, target: str) -> tuple[float, int, int]:
    """Milliseconds, status and size of a GET of `target` (a new connection each time)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    started = time.perf_counter()
    connection.request("GET", target)
    answer = connection.getresponse()
    body = answer.read()
    elapsed = (time.perf_counter() - started) * 1000
    connection.close()
    return elapsed, answer.status, len(body)


def targets(store: RunStore, repeat: int) -> dict[str, list[str]]:
    """The URLs of each kind of view to time."""
    rng = random.Random(SEED)
    ids = [row[0] for row in store.sql("SELECT id FROM summary ORDER BY id")]
    hosts = [row[0] for row in store.sql("SELECT DISTINCT host FROM summary ORDER BY 1")]
    languages = [row[0] for row in store.sql("SELECT DISTINCT language FROM summary ORDER BY 1")]
    words = [
        word
        for (title,) in store.sql("SELECT title FROM summary WHERE outcome = 'output' LIMIT 500")
        for word in (title or "").split()
        if len(word) > 5
    ]
    deep = max(1, len(ids) // 50 - 1)  # the last page of the list
    picks = [rng.choice(ids) for _ in range(repeat)]
    return {
        "overview": ["/"] * repeat,
        "pages": ["/pages"] * repeat,
        "pages, host facet": [f"/pages?host={rng.choice(hosts)}" for _ in range(repeat)],
        "pages, 2 facets, sorted": [
            f"/pages?language={rng.choice(languages)}&comments=yes&sort=toxic&order=desc"
            for _ in range(repeat)
        ],
        "pages, last page": [f"/pages?p={deep}"] * repeat,
        "pages, search": [f"/pages?q={rng.choice(words)}" for _ in range(repeat)],
        "page": [f"/pages/{page_id}" for page_id in picks],
        "page JSON": [f"/pages/{page_id}.json" for page_id in picks],
        "errors": ["/errors"] * repeat,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    out = run_dir(args.pages)
    started = time.perf_counter()
    store = RunStore(out)
    opened = time.perf_counter() - started
    started = time.perf_counter()
    write_report(out, OUT_DIR / "viewer-report.html")
    report_seconds = time.perf_counter() - started
    server = make_server(store, log=False)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    views: dict[str, Any] = {}
    for kind, urls in targets(store, args.repeat).items():
        times, sizes = [], []
        for target in urls:
            elapsed, status, size = timed_get(port, target)
            assert status == 200, (target, status)
            times.append(elapsed)
            sizes.append(size)
        times.sort()
        views[kind] = {
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
            "max_ms": round(times[-1], 1),
            "median_kb": round(statistics.median(sizes) / 1024, 1),
        }
    server.shutdown()
    result = {
        "pages": store.overview["counts"]["inputs"],
        "open_s": round(opened, 2),
        "report_s": round(report_seconds, 2),
        "views": views,
    }
    (OUT_DIR / "viewer-bench.json").write_text(json.dumps(result, indent=2))
    print(f"{result['pages']} inputs: open {opened:.2f} s, report {report_seconds:.2f} s")
    print(f"{'view':<26} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'KB':>7}")
    for kind, row in views.items():
        print(
            f"{kind:<26} {row['median_ms']:>10} {row['p95_ms']:>8} {row['max_ms']:>8}"
            f" {row['median_kb']:>7}"
        )


if __name__ == "__main__":
    main()
