"""Benchmark: WARC.gz reading speed, robustness to damage, and flat memory on a big file.

Generates WARC.gz files locally under bench/out/ (cached): crawler-shaped, one record per gzip
member, each HTML response between a request and a metadata record, some non-HTML responses.
Then, side by side on the same file:

- `warcstream`: threadsift's record stream (`iter_records`), records only;
- `WarcReader`: threadsift's reader, HTML responses decoded into pages (charset included);
- `fastwarc`: FastWARC's ArchiveIterator reading every payload (resiliparse's, C++);
- `warcio`: warcio's ArchiveIterator reading every payload (when installed).

Speed is compressed MB and records per CPU second of the process, best of `--repeat`.
Robustness: the same contenders on a small file with a truncated record and a corrupt gzip member
in the middle: how many of the good HTML responses each gets, and whether it raised.

Pages side by side: synthetic news pages with comment sections (written by bench/synthpages),
as HTML files and packed into a WARC.gz, processed whole by threadsift (read_inputs: detection,
WARC records, charset, then HtmlDecomposer: title, article, lines, comments) and by the others
on the same HTML (from FastWARC for WARC input, from the files for HTML input): trafilatura.extract
(fast mode without comments, and with comments), readability-lxml's summary and resiliparse's
extract_plain_text(main_content=True). Pages/s and input MB/s per CPU second, best of two runs.

Memory: a WARC.gz of 1 GB (cached under bench/out/) read with `WarcReader` in a fresh process,
sampling the RSS every 2,000 pages: it must stay flat.

    python -m bench.bench_readers                 # all of the above (`make bench`; minutes)
    python -m bench.bench_readers --quick         # 20 MB file, small pipeline, no memory check
    python -m bench.bench_readers --pipeline      # only the pages side by side (a minute)
    python -m bench.bench_readers --memory 1      # only the memory check, on a 1 GB file
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT / "src"))

WORDS = [
    "".join(random.Random(n).choice("abcdefghijklmnoprstuvwyzéèàç") for _ in range(2 + n % 9))
    for n in range(5000)
]


def _record(kind: str, block: bytes, uri: str, n: int, content_type: str) -> bytes:
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{kind}-{n}>\r\n"
        f"WARC-Date: 2024-05-01T10:00:00Z\r\nWARC-Target-URI: {uri}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


def _html(rng: random.Random) -> bytes:
    paragraphs = []
    for _ in range(rng.randint(10, 60)):
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 120)))
        paragraphs.append(f"<p>{words}.</p>")
    nav = "".join(f'<li><a href="/s/{i}">{rng.choice(WORDS)}</a></li>' for i in range(30))
    body = "\n".join(paragraphs)
    return (
        '<!doctype html><html><head><meta charset="utf-8"><title>'
        f"{rng.choice(WORDS)}</title></head><body><nav><ul>{nav}</ul></nav>"
        f"<article>{body}</article></body></html>"
    ).encode()


def _http(body: bytes, content_type: str) -> bytes:
    head = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


def records(seed: int) -> Iterator[tuple[bytes, bool]]:
    """Endless WARC records (bytes, whether an HTML response) as a crawler writes them."""
    rng = random.Random(seed)
    # A pool of bodies, made unique per record by a comment: generating text is the slow part.
    pages = [_html(rng) for _ in range(64)]
    images = [bytes(rng.getrandbits(8) for _ in range(5000)) for _ in range(4)]
    yield _record("warcinfo", b"software: bench\r\n", "", 0, "application/warc-fields"), False
    n = 0
    while True:
        n += 1
        uri = f"https://site{n % 97}.example/{n}"
        request = f"GET /{n} HTTP/1.1\r\nHost: site{n % 97}.example\r\n\r\n".encode()
        yield _record("request", request, uri, n, "application/http; msgtype=request"), False
        if n % 10 == 0:
            block = _http(images[n % 4], "image/jpeg")
            yield _record("response", block, uri, n, "application/http; msgtype=response"), False
        else:
            body = pages[rng.randrange(64)] + f"<!-- {n} -->".encode()
            block = _http(body, "text/html; charset=utf-8")
            yield _record("response", block, uri, n, "application/http; msgtype=response"), True
        yield _record("metadata", b"fetchTimeMs: 120\r\n", uri, n, "application/warc-fields"), False


def make_warc(path: Path, size: int, seed: int = 1) -> dict[str, int]:
    """Write a WARC.gz of about `size` compressed bytes (cached with its counts)."""
    meta = path.with_suffix(".json")
    if path.exists() and meta.exists():
        return dict(json.loads(meta.read_text()))
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    written = html = total = 0
    with path.open("wb") as out:
        for data, is_html in records(seed):
            member = gzip.compress(data, compresslevel=1)
            out.write(member)
            written += len(member)
            total += 1
            html += is_html
            if written >= size:
                break
    counts = {"bytes": written, "records": total, "html": html}
    meta.write_text(json.dumps(counts))
    return counts


def make_damaged(path: Path) -> int:
    """A small WARC.gz with a truncated record and a corrupt member; the good HTML count."""
    good = 0
    out = bytearray()
    for i, (data, is_html) in enumerate(records(7)):
        if i == 400:
            break
        member = gzip.compress(data)
        if i == 101 and is_html:  # a record cut short inside its member
            cut = data.replace(b"Content-Length: ", b"Content-Length: 9", 1)
            member = gzip.compress(cut)
        elif i == 200 and is_html:  # a member whose deflate data is damaged
            damaged = bytearray(member)
            for j in range(30, 90):
                damaged[j] ^= 0x5A
            member = bytes(damaged)
        else:
            good += is_html
        out += member
    path.write_bytes(bytes(out))
    return good


def _is_html_response(content_type: str | None) -> bool:
    return bool(content_type) and "text/html" in (content_type or "")


def run_warcstream(path: Path) -> int:
    from threadsift.readers.warcstream import WarcRecord, iter_records

    with path.open("rb") as stream:
        return sum(isinstance(item, WarcRecord) for item in iter_records(stream, gzipped=True))


def run_reader(path: Path) -> int:
    from threadsift.readers.warc import WarcReader

    return sum(page.outcome is None for page in WarcReader([str(path)]).run())


def run_fastwarc(path: Path) -> int:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    n = 0
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream, record_types=WarcRecordType.response):
            record.reader.read()
            n += _is_html_response(record.http_content_type)
    return n


def run_warcio(path: Path) -> int:
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            record.content_stream().read()
            n += _is_html_response(record.http_headers.get_header("Content-Type"))
    return n


CONTENDERS: dict[str, Callable[[Path], int]] = {
    "warcstream": run_warcstream,
    "WarcReader": run_reader,
    "fastwarc": run_fastwarc,
    "warcio": run_warcio,
}


def available(name: str) -> bool:
    module = {"fastwarc": "fastwarc", "warcio": "warcio", "readability": "readability"}.get(name)
    if module is None:
        return True
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def speed(path: Path, counts: dict[str, int], repeat: int) -> dict[str, dict[str, float]]:
    results: dict[str, dict[str, float]] = {}
    for name, run in CONTENDERS.items():
        if not available(name):
            print(f"{name:>11}: not installed, skipped")
            continue
        best = float("inf")
        got = 0
        for _ in range(repeat):
            start = time.process_time()
            got = run(path)
            best = min(best, time.process_time() - start)
        mb = counts["bytes"] / 1e6
        results[name] = {
            "seconds": best,
            "mb_per_s": mb / best,
            "records_per_s": counts["records"] / best,
            "items": got,
        }
        print(
            f"{name:>11}: {mb / best:7.1f} MB/s  "
            f"{counts['records'] / best:8.0f} records/s  ({got} items)"
        )
    return results


def robustness(path: Path, good: int) -> dict[str, str]:
    results: dict[str, str] = {}
    print(f"damaged file: {good} good HTML responses, a truncated record, a corrupt member")
    for name, run in CONTENDERS.items():
        if name == "warcstream" or not available(name):
            continue
        try:
            got, error = run(path), ""
        except Exception as caught:  # whatever a library raises is the result here
            got, error = -1, f"{type(caught).__name__}: {ascii(str(caught))[1:-1][:60]}"
        if got < 0:
            results[name] = f"raised {error[:80]}"
        else:
            results[name] = f"{got}/{good} good pages"
        print(f"{name:>11}: {results[name]}")
    return results


def memory_child(path: str) -> None:
    """Read `path` with WarcReader, printing the RSS (MB) every 2,000 pages as JSON lines."""
    from threadsift.readers.warc import WarcReader

    page_size = resource.getpagesize()
    n = 0
    for _page in WarcReader([path]).run():
        n += 1
        if n % 2000 == 0:
            with open("/proc/self/statm") as statm:
                rss = int(statm.read().split()[1]) * page_size / 1e6
            print(json.dumps({"pages": n, "rss_mb": round(rss, 1)}), flush=True)
    # This process's high-water mark. Not ru_maxrss: Linux keeps it across exec, so it would
    # report the parent's peak when the parent is bigger (as after the pipeline benchmark).
    with open("/proc/self/status") as status:
        line = next(row for row in status if row.startswith("VmHWM:"))
    peak = int(line.split()[1]) * 1024 / 1e6  # kB
    print(json.dumps({"pages": n, "peak_mb": round(peak, 1)}), flush=True)


def memory(gigabytes: float) -> dict[str, object]:
    path = OUT_DIR / f"big-{gigabytes:g}g.warc.gz"
    print(f"generating {path} ...", flush=True)
    counts = make_warc(path, int(gigabytes * 1e9), seed=3)
    print(f"{counts['bytes'] / 1e9:.2f} GB, {counts['records']} records; reading ...", flush=True)
    start = time.time()
    child = subprocess.run(
        [sys.executable, __file__, "--memory-child", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = [json.loads(line) for line in child.stdout.splitlines()]
    samples = [row["rss_mb"] for row in rows if "rss_mb" in row]
    peak = rows[-1]["peak_mb"]
    tenth = max(1, len(samples) // 10)
    print(f"pages {rows[-1]['pages']} in {time.time() - start:.0f}s")
    print("RSS MB at each tenth of the run:", [samples[i] for i in range(0, len(samples), tenth)])
    print(f"first sample {samples[0]} MB, last {samples[-1]} MB, peak {peak} MB")
    return {"file": counts, "rss_samples_mb": samples, "peak_mb": peak}


def pipeline_warc(count: int, copies: int) -> tuple[Path, int]:
    """A WARC.gz of `copies` x `count` synthetic news pages (cached); its path and page count."""
    html_dir = OUT_DIR / f"pipeline-html-{count}"
    if not html_dir.exists():
        options = ["--split", "tune", "--seed", "11", "--count", str(count), "--html"]
        subprocess.run(
            [sys.executable, "-m", "bench.synthpages", str(html_dir), *options],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
    pages = [path.read_bytes() for path in sorted(html_dir.glob("*.html"))]
    path = OUT_DIR / f"pipeline-{count}x{copies}.warc.gz"
    if not path.exists():
        with path.open("wb") as out:
            n = 0
            for copy in range(copies):
                for body in pages:
                    n += 1
                    uri = f"https://news{n % 13}.example/{copy}/{n}"
                    block = _http(body, "text/html; charset=utf-8")
                    record = _record(
                        "response", block, uri, n, "application/http; msgtype=response"
                    )
                    out.write(gzip.compress(record, compresslevel=6))
    return path, len(pages) * copies


def _fastwarc_html(path: Path) -> Iterator[bytes]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    with path.open("rb") as stream:
        for record in ArchiveIterator(stream, record_types=WarcRecordType.response):
            if _is_html_response(record.http_content_type):
                yield record.reader.read()


def _html_files(directory: Path) -> Iterator[bytes]:
    for path in sorted(directory.glob("*.html")):
        yield path.read_bytes()


def pipe_threadsift(path: Path) -> int:
    """threadsift on a WARC.gz or a directory of HTML files: read, detect, decode, decompose."""
    from threadsift import read_inputs
    from threadsift.decomposers.html import HtmlDecomposer

    source = str(path / "*.html") if path.is_dir() else str(path)
    return sum(1 for _ in HtmlDecomposer().run(read_inputs([source])))


def extract_trafilatura(body: bytes, comments: bool = False) -> None:
    import trafilatura

    trafilatura.extract(body.decode("utf-8"), fast=not comments, include_comments=comments)


def extract_readability(body: bytes) -> None:
    from lxml import html as lxml_html
    from readability import Document

    summary = Document(body.decode("utf-8")).summary(html_partial=True)
    lxml_html.fromstring(summary).text_content()


def extract_resiliparse(body: bytes) -> None:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    extract_plain_text(HTMLTree.parse_from_bytes(body, "utf-8"), main_content=True)


# The others get their HTML from FastWARC (WARC input) or read the files (HTML input).
EXTRACTORS: dict[str, Callable[[bytes], None]] = {
    "trafilatura-fast": extract_trafilatura,
    "trafilatura+cmts": partial(extract_trafilatura, comments=True),
    "readability-lxml": extract_readability,
    "resiliparse": extract_resiliparse,
}


def _each(
    extract: Callable[[bytes], None], bodies: Callable[[Path], Iterator[bytes]]
) -> Callable[[Path], int]:
    """A contender: `extract` on every HTML body that `bodies` finds in its input."""

    def run(path: Path) -> int:
        n = 0
        for body in bodies(path):
            extract(body)
            n += 1
        return n

    return run


def _side_by_side(
    runs: dict[str, Callable[[Path], int]], path: Path, size: float
) -> dict[str, dict[str, float]]:
    results: dict[str, dict[str, float]] = {}
    for name, run in runs.items():
        if name == "readability-lxml" and not available("readability"):
            print(f"{name:>17}: not installed, skipped")
            continue
        seconds = float("inf")
        for _ in range(2):  # the first run pays for imports and warm-up
            start = time.process_time()
            got = run(path)
            seconds = min(seconds, time.process_time() - start)
        results[name] = {"pages": got, "pages_per_s": got / seconds, "mb_per_s": size / seconds}
        print(
            f"{name:>17}: {got / seconds:7.1f} pages/s  {size / seconds:6.2f} MB/s  ({got} pages)"
        )
    return results


def pipeline(count: int, copies: int) -> dict[str, dict[str, dict[str, float]]]:
    """Pages/s and MB/s of whole-page processing, from a WARC.gz and from HTML files."""
    path, pages = pipeline_warc(count, copies)
    html_dir = OUT_DIR / f"pipeline-html-{count}"
    inputs = {
        "warc": (path, _fastwarc_html, f"WARC input, {path}: {pages} pages, MB/s of WARC.gz"),
        "html": (html_dir, _html_files, f"HTML input, {html_dir}: {count} files, MB/s of HTML"),
    }
    results = {}
    for kind, (source, bodies, label) in inputs.items():
        files = [source] if source.is_file() else list(source.glob("*.html"))
        size = sum(f.stat().st_size for f in files)
        print(f"{label} ({size / 1e6:.1f} MB)")
        runs: dict[str, Callable[[Path], int]] = {"threadsift": pipe_threadsift}
        runs.update((name, _each(extract, bodies)) for name, extract in EXTRACTORS.items())
        results[kind] = _side_by_side(runs, source, size / 1e6)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=int, default=200, help="size of the speed test file")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="small files, no memory check")
    parser.add_argument("--pipeline", action="store_true", help="only the pages side by side")
    parser.add_argument("--memory", type=float, help="only the memory check, on GB of WARC.gz")
    parser.add_argument("--memory-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(args.memory_child)
        return
    if args.pipeline:
        count, copies = (20, 1) if args.quick else (60, 3)
        report_pipeline = {"pipeline": pipeline(count, copies)}
        (OUT_DIR / "readers_pipeline.json").write_text(json.dumps(report_pipeline, indent=1))
        return
    if args.memory:
        report: dict[str, object] = {"memory": memory(args.memory)}
        (OUT_DIR / "readers_memory.json").write_text(json.dumps(report, indent=1))
        return
    size = 20 if args.quick else args.mb
    path = OUT_DIR / f"speed-{size}mb.warc.gz"
    counts = make_warc(path, size * 1_000_000)
    print(
        f"{path}: {counts['bytes'] / 1e6:.0f} MB, "
        f"{counts['records']} records, {counts['html']} HTML"
    )
    report = {"file": counts, "speed": speed(path, counts, 1 if args.quick else args.repeat)}
    damaged = OUT_DIR / "damaged.warc.gz"
    report["robustness"] = robustness(damaged, make_damaged(damaged))
    print("\npages side by side:")
    report["pipeline"] = pipeline(*((20, 1) if args.quick else (60, 3)))
    if not args.quick:
        print("\nmemory:")
        report["memory"] = memory(1.0)
    (OUT_DIR / "readers.json").write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
