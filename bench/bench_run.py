"""Benchmark: `threadsift run` end to end, beside datatrove running comparable steps.

On a generated corpus (bench/runcorpus.py: HTML pages in WARC.gz, text pages in JSONL.gz, 24
hosts of Zipf-like sizes, planted exact copies, near copies and partial overlaps):

1. `threadsift run -j 2` on `--pages` pages (default 100,000): pages/s, phase timings, peak RSS
   of the driver and of each worker (psutil samples of the process tree).
2. datatrove on the same files with 2 workers: WarcReader + Trafilatura extraction (HTML),
   JsonlReader (text), JsonlWriter, MinHash signature -> buckets -> cluster -> filter, and a
   JSONL.gz writer of the kept documents: the same read, extract, MinHash dedup and write steps
   (threadsift also decomposes comments, learns site chrome, writes the line table and the
   search index, which datatrove does not).
3. Scaling: both with 1 and 2 workers on `--scaling-pages` pages.
4. MinHash recall and precision on the planted pairs, by true Jaccard similarity of the
   generated articles; datatrove's (bands without verification) beside.
5. Site chrome gain: on pages of hosts with many pages, the share of the prose-shaped chrome lines
   (a promotion and a newsletter line no shape rule can tell from article text) that end up in
   the article, with and without site chrome learning.
6. MinHash libraries: signature time per article and estimation error for threadsift's numpy
   code, datasketch and rensa (when installed).

    python -m bench.bench_run --pages 5000 --scaling-pages 2000   # a quick run (about a minute)
    python -m bench.bench_run                                      # full size (about 5 min idle)

Results go to bench/out/run-bench.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psutil

from bench import runcorpus

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "bench" / "out"

DATATROVE_SCRIPT = """
import sys
def main():
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.dedup import (MinhashDedupBuckets, MinhashDedupCluster,
        MinhashDedupFilter, MinhashDedupSignature)
    from datatrove.pipeline.dedup.minhash import MinhashConfig
    from datatrove.pipeline.extractors import Trafilatura
    from datatrove.pipeline.readers import JsonlReader, WarcReader
    from datatrove.pipeline.writers import JsonlWriter
    src, out, workers, tasks = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    cfg = MinhashConfig()
    common = dict(workers=workers, skip_completed=False)
    LocalPipelineExecutor(pipeline=[
        WarcReader(f"{src}/html", glob_pattern="*.warc.gz"), Trafilatura(),
        JsonlReader(f"{src}/text"), JsonlWriter(f"{out}/extracted"),
        MinhashDedupSignature(f"{out}/sigs", config=cfg)],
        tasks=tasks, logging_dir=f"{out}/logs/1", **common).run()
    LocalPipelineExecutor(pipeline=[
        MinhashDedupBuckets(f"{out}/sigs", f"{out}/buckets", config=cfg)],
        tasks=cfg.num_buckets, logging_dir=f"{out}/logs/2", **common).run()
    LocalPipelineExecutor(pipeline=[
        MinhashDedupCluster(f"{out}/buckets", f"{out}/remove_ids", config=cfg)],
        tasks=1, logging_dir=f"{out}/logs/3", workers=1, skip_completed=False).run()
    LocalPipelineExecutor(pipeline=[
        JsonlReader(f"{out}/extracted"),
        MinhashDedupFilter(f"{out}/remove_ids", exclusion_writer=JsonlWriter(f"{out}/removed")),
        JsonlWriter(f"{out}/corpus")], tasks=tasks, logging_dir=f"{out}/logs/4", **common).run()
if __name__ == "__main__":
    main()
"""


def corpus(pages: int) -> Path:
    """The generated corpus of `pages` pages (cached under bench/out/)."""
    root = OUT_DIR / f"run-corpus-{pages}-v{1}"
    if not (root / "truth.json").exists():
        shutil.rmtree(root, ignore_errors=True)
        started = time.perf_counter()
        runcorpus.build(root, pages)
        print(f"generated {pages} pages in {time.perf_counter() - started:.0f} s -> {root}")
    return root


class Sampler:
    """Samples the RSS of a process and its descendants; keeps each one's peak."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.root = psutil.Process(process.pid)
        self.peaks: dict[int, tuple[str, int]] = {}
        self.cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                return
            for proc in procs:
                try:
                    rss = proc.memory_info().rss
                    times = proc.cpu_times()
                    self.cpu[proc.pid] = times.user + times.system
                    name = "driver" if proc.pid == self.root.pid else "worker"
                except psutil.Error:
                    continue
                if rss > self.peaks.get(proc.pid, ("", 0))[1]:
                    self.peaks[proc.pid] = (name, rss)
            time.sleep(0.2)

    def stop(self) -> dict[str, float]:
        self._stop.set()
        self._thread.join()
        driver = max((rss for name, rss in self.peaks.values() if name == "driver"), default=0)
        workers = [rss for name, rss in self.peaks.values() if name == "worker"]
        return {
            "driver_mb": round(driver / 2**20, 1),
            "worker_max_mb": round(max(workers, default=0) / 2**20, 1),
            "processes": len(self.peaks),
            "sampled_cpu_seconds": round(sum(self.cpu.values()), 2),
        }


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str]) -> dict[str, Any]:
    """Run a command; its wall time, CPU time (all its processes) and their peak RSS."""
    load = os.getloadavg()[0]
    cpu = _cpu()
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = Sampler(process)
    _, stderr = process.communicate()
    memory = sampler.stop()
    if process.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{stderr.decode()[-3000:]}")
    return {
        "seconds": round(time.perf_counter() - started, 2),
        # Worker pools that are not waited for escape the rusage of children: take the larger.
        "cpu_seconds": round(max(_cpu() - cpu, memory.pop("sampled_cpu_seconds")), 2),
        "load_before": round(load, 2),
        **memory,
    }


def threadsift_run(root: Path, out: Path, jobs: int, *extra: str) -> dict[str, Any]:
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "threadsift", "run", "-q", str(root / "html")]
    # No annotation: datatrove runs reader, extraction, MinHash dedup and writer only, so
    # threadsift runs the same steps (decomposition, site chrome, dedup, writers).
    command += [str(root / "text"), "--out", str(out), "-j", str(jobs), "--no-annotate", *extra]
    result = timed(command)
    report = json.loads((out / "run.json").read_text())
    result["pages"] = report["counts"]["inputs"]
    result["pages_per_s"] = round(result["pages"] / result["seconds"], 1)
    result["pages_per_cpu_s"] = round(result["pages"] / max(0.01, result["cpu_seconds"]), 1)
    result["phases"] = report["timings"]
    result["counts"] = report["counts"]
    return result


def datatrove_run(root: Path, out: Path, jobs: int, pages: int) -> dict[str, Any]:
    shutil.rmtree(out, ignore_errors=True)
    script = OUT_DIR / "datatrove_pipeline.py"
    script.write_text(DATATROVE_SCRIPT)
    result = timed([sys.executable, str(script), str(root), str(out), str(jobs), "16"])
    result["pages"] = pages
    result["pages_per_s"] = round(pages / result["seconds"], 1)
    result["pages_per_cpu_s"] = round(pages / max(0.01, result["cpu_seconds"]), 1)
    return result


def threadsift_removed(out: Path) -> set[str]:
    """URLs of the pages threadsift set aside as exact or near duplicates."""
    import duckdb

    rows = duckdb.connect().execute(
        f"SELECT url FROM read_parquet('{out}/pages/*.parquet') WHERE outcome = 'duplicate'"
    )
    return {url for (url,) in rows.fetchall()}


def datatrove_removed(out: Path) -> set[str]:
    """URLs (the JSONL ids, WARC record URLs) of the documents datatrove's filter removed."""
    removed: set[str] = set()
    for path in (out / "removed").glob("*.jsonl.gz"):
        with gzip.open(path, "rt") as handle:
            for line in handle:
                record = json.loads(line)
                removed.add(record.get("metadata", {}).get("url") or record["id"])
    return removed


def dedup_quality(removed: set[str], truth: dict[str, Any]) -> dict[str, Any]:
    """Recall of planted near copies by true Jaccard, and precision of the removals.

    A planted pair is found when one of its two pages was removed (one copy of a story must
    stay). A removal is right when the page is a planted exact or near copy, or the original of
    one; removing a page that only shares paragraphs with another (a partial overlap) is wrong.
    """
    pairs = truth["pairs"]
    related = {p["url"] for p in pairs if p["kind"] != "partial"}
    related |= {p["of"] for p in pairs if p["kind"] != "partial"}
    bins = {"J>=0.9": (0.9, 1.01), "0.8<=J<0.9": (0.8, 0.9), "0.7<=J<0.8": (0.7, 0.8)}
    recall: dict[str, Any] = {}
    for name, (low, high) in bins.items():
        near = [p for p in pairs if p["kind"] == "near" and low <= p["jaccard"] < high]
        hits = sum(1 for p in near if p["url"] in removed or p["of"] in removed)
        recall[name] = {"pairs": len(near), "recall": round(hits / max(1, len(near)), 4)}
    at_08 = [p for p in pairs if p["kind"] == "near" and p["jaccard"] >= 0.8]
    partial = [p for p in pairs if p["kind"] == "partial"]
    return {
        "recall_at_jaccard_0.8": round(
            sum(1 for p in at_08 if p["url"] in removed or p["of"] in removed) / max(1, len(at_08)),
            4,
        ),
        "recall_by_jaccard": recall,
        "removed": len(removed),
        "precision": round(len(removed & related) / max(1, len(removed)), 4),
        "partial_overlaps_removed": sum(
            1 for p in partial if p["url"] in removed and p["url"] not in related
        ),
        "partial_overlaps": len(partial),
    }


def chrome_gain(with_chrome: Path, without: Path, truth: dict[str, Any]) -> dict[str, Any]:
    """Prose-shaped chrome lines left in the article, on pages of hosts with >= 100 pages."""
    import duckdb

    big = [host for host, n in truth["hosts"].items() if n >= 100]
    lines = [line for host in big for line in truth["chrome"][host]]
    result: dict[str, Any] = {"hosts": len(big), "pages": sum(truth["hosts"][h] for h in big)}
    for name, out in (("with_site_chrome", with_chrome), ("without", without)):
        db = duckdb.connect()
        db.execute("CREATE TABLE chrome (text VARCHAR)")
        db.executemany("INSERT INTO chrome VALUES (?)", [(line,) for line in lines])
        row = db.execute(
            f"SELECT count(*), count(*) FILTER (WHERE l.label = 'article'),"
            f" count(*) FILTER (WHERE l.reason = 'site-repeated')"
            f" FROM read_parquet('{out}/lines/*.parquet') l JOIN chrome c ON trim(l.text) = c.text"
        ).fetchone()
        articles = db.execute(
            f"SELECT count(*) FROM read_parquet('{out}/lines/*.parquet')"
            f" WHERE label = 'article' AND length(text) > 150"
            f" AND trim(text) NOT IN (SELECT text FROM chrome)"
        ).fetchone()
        assert row is not None and articles is not None
        total, in_article, learned = row
        result[name] = {
            "chrome_lines": total,
            "left_in_article": in_article,
            "share_in_article": round(in_article / max(1, total), 4),
            "labelled_site_repeated": learned,
            "article_paragraph_lines": articles[0],
        }
    return result


def _pairs(truth: dict[str, Any]) -> list[dict[str, Any]]:
    return [pair for pair in truth["pairs"] if pair["kind"] == "near"]


def minhash_libraries(root: Path, truth: dict[str, Any], n: int = 2000) -> dict[str, Any]:
    """Signature time per article and mean absolute error of the Jaccard estimate."""
    import numpy as np

    from threadsift.config import MinhashConfig
    from threadsift.corpus.minhash import Signer

    texts: dict[str, str] = {}
    for path in sorted((root / "text").glob("*.jsonl.gz")):
        with gzip.open(path, "rt") as handle:
            for line in handle:
                record = json.loads(line)
                texts[record["url"]] = record["text"]
    pairs = [p for p in _pairs(truth) if p["url"] in texts and p["of"] in texts][:300]
    sample = list(texts.values())[:n]
    config = MinhashConfig()
    signer = Signer(config)
    results: dict[str, Any] = {}

    def measure(name: str, sign: Any, similarity: Any) -> None:
        started = time.perf_counter()
        for text in sample:
            sign(text)
        per_page = (time.perf_counter() - started) / len(sample) * 1e3
        errors = [
            abs(
                similarity(sign(texts[p["url"]]), sign(texts[p["of"]]))
                - runcorpus.true_jaccard(texts[p["url"]], texts[p["of"]])
            )
            for p in pairs
        ]
        results[name] = {
            "ms_per_page": round(per_page, 3),
            "mean_abs_error": round(float(np.mean(errors)), 4),
        }

    measure("threadsift-numpy", signer.signature, lambda a, b: float((a == b).mean()))

    def words(text: str) -> list[str]:
        return sorted(runcorpus.shingles(text))

    try:
        from datasketch import MinHash

        def datasketch_sign(text: str) -> Any:
            m = MinHash(num_perm=config.permutations, seed=1)
            m.update_batch([s.encode() for s in words(text)])
            return m

        measure("datasketch", datasketch_sign, lambda a, b: a.jaccard(b))
    except ImportError:
        results["datasketch"] = "not installed"
    try:
        from rensa import RMinHash

        def rensa_sign(text: str) -> Any:
            m = RMinHash(num_perm=config.permutations, seed=1)
            m.update(words(text))
            return m

        measure("rensa", rensa_sign, lambda a, b: a.jaccard(b))
    except ImportError:
        results["rensa"] = "not installed"
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--scaling-pages", type=int, default=10_000)
    parser.add_argument(
        "--datatrove-full",
        action="store_true",
        help="also run datatrove on --pages (about 3x threadsift's time); by default it runs on "
        "--scaling-pages only",
    )
    parser.add_argument("--skip-datatrove", action="store_true")
    parser.add_argument("--skip-full", action="store_true", help="only the --scaling-pages runs")
    args = parser.parse_args()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"pages": args.pages, "scaling_pages": args.scaling_pages}
    runs = OUT_DIR / "run-bench"
    quality: dict[str, Any] = {}
    if not args.skip_full:
        big = corpus(args.pages)
        truth = json.loads((big / "truth.json").read_text())
        results["corpus"] = {k: truth[k] for k in ("pages", "html_pages", "text_pages")}
        print(f"threadsift run -j 2 on {truth['pages']} pages ...", flush=True)
        results["threadsift"] = threadsift_run(big, runs / "ts-2", 2)
        print(json.dumps(results["threadsift"]), flush=True)
        removed = threadsift_removed(runs / "ts-2")
        quality[f"threadsift ({truth['pages']} pages)"] = dedup_quality(removed, truth)
    if args.datatrove_full and not args.skip_datatrove and not args.skip_full:
        print(f"datatrove, 2 workers, on {truth['pages']} pages ...", flush=True)
        results["datatrove"] = datatrove_run(big, runs / "dt-2", 2, truth["pages"])
        print(json.dumps(results["datatrove"]), flush=True)
        quality[f"datatrove ({truth['pages']} pages)"] = dedup_quality(
            datatrove_removed(runs / "dt-2"), truth
        )
    small = corpus(args.scaling_pages)
    small_truth = json.loads((small / "truth.json").read_text())
    scaling: dict[str, Any] = {}
    for jobs in (1, 2):
        print(f"scaling: {jobs} worker(s) on {small_truth['pages']} pages ...", flush=True)
        scaling[f"threadsift-{jobs}"] = threadsift_run(small, runs / f"ts-s{jobs}", jobs)
        print(json.dumps(scaling[f"threadsift-{jobs}"]), flush=True)
        if not args.skip_datatrove:
            pages = small_truth["pages"]
            scaling[f"datatrove-{jobs}"] = datatrove_run(small, runs / f"dt-s{jobs}", jobs, pages)
            print(json.dumps(scaling[f"datatrove-{jobs}"]), flush=True)
    results["scaling"] = scaling
    name = f"({small_truth['pages']} pages)"
    quality[f"threadsift {name}"] = dedup_quality(threadsift_removed(runs / "ts-s2"), small_truth)
    if not args.skip_datatrove:
        quality[f"datatrove {name}"] = dedup_quality(datatrove_removed(runs / "dt-s2"), small_truth)
    results["minhash_quality"] = quality
    print("site chrome gain ...", flush=True)
    threadsift_run(small, runs / "ts-nochrome", 2, "--no-site-chrome")
    results["site_chrome"] = chrome_gain(runs / "ts-s2", runs / "ts-nochrome", small_truth)
    results["minhash_libraries"] = minhash_libraries(small, small_truth)
    name = "run-bench-scaling.json" if args.skip_full else "run-bench.json"
    (OUT_DIR / name).write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
