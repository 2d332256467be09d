"""Build the demo corpus of `make demo` from the repository's own test pages.

Writes ``crawl.warc.gz`` (HTML pages as a crawler stores them), ``pages.jsonl`` (plain-text
pages as a dataset ships them) and a ``README.md`` saying where each record came from, into
``tests/data/demo/`` by default. The output is the same on every run: fixed dates, record ids
derived from the URLs, gzip members without timestamps.

What the demo shows, by construction: several languages; an exact duplicate and a near duplicate
in the WARC and an exact duplicate in the JSON Lines file; records a run skips on purpose (the
warcinfo and request records, a 404, a robots.txt) and a section front without an article, which
it filters; and two damaged records, a WARC response cut short (a crawler that died mid-write) and
a JSON line cut short, which the run reports as errors.

    python scripts/build_demo_data.py [OUT_DIR]
"""

from __future__ import annotations

import gzip
import json
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HTML_PAGES = ROOT / "tests" / "data" / "synthetic" / "html-holdout"
TEXT_PAGES = ROOT / "tests" / "data" / "synthetic" / "tune"
MINIPOOL = ROOT / "tests" / "data" / "minipool"
SEEDS = ROOT / "tests" / "data" / "seeds"
DEFAULT_OUT = ROOT / "tests" / "data" / "demo"

# Synthetic HTML pages (several comment systems and languages) for the WARC.
WARC_PAGES = (
    "h001_wp_says_es",
    "h003_wp_wrote_de",
    "h004_wpcom_fr",
    "h006_wpdiscuz_anon_en",
    "h007_disqus_de",
    "h010_drupal7_fr",
    "h013_blogger_threaded_de",
    "h016_news_head_fr",
    "h020_news_packed_en",
    "h025_none_pt",
    "h026_wp_modern_pt",
    "h035_drupal8_en",
)
# Invented English pages with their own URLs (tests/data/minipool/README.md).
MINIPOOL_PAGES = (
    (
        "trafilatura-eval/wrenvalley-cold-frame.html.gz",
        "https://wrenvalley.example.org/cold-frame/",
    ),
    (
        "trafilatura-eval/harbourgazette-ferry-timetable.html.gz",
        "https://harbourgazette.example.com/news/island-ferry-hourly/",
    ),
    ("dragnet-train/quarrylane.html.gz", "https://quarrylane.example.org/club-news/"),
)
EXACT_COPY = "h020_news_packed_en"  # served again under a second URL
NEAR_COPY = "h016_news_head_fr"  # crawled again a day later, one paragraph gone
CUT_SHORT = "h009_drupal8_de"  # its response record is cut short...
CUT_AFTER = 4  # ...after this many pages
# Synthetic plain-text pages and the two seed pages (real crawled news) for the JSON Lines file.
TEXT_FILES = (
    SEEDS / "000_7fe71d9ef4cd9f31.txt",
    SEEDS / "003_cf68228d2aace998.txt",
    TEXT_PAGES / "t003_wp_modern_es.txt",
    TEXT_PAGES / "t011_disqus_fr.txt",
    TEXT_PAGES / "t015_news_head_de.txt",
    TEXT_PAGES / "t016_news_head_en.txt",
    TEXT_PAGES / "t051_forum_en.txt",
    TEXT_PAGES / "t026_none_it.txt",
    TEXT_PAGES / "t027_wp_says_it.txt",
    TEXT_PAGES / "t028_news_head_pl.txt",
)
JSONL_COPY = 5  # index in TEXT_FILES of the page published again by a mirror
JSONL_CUT = 8  # index in TEXT_FILES of the record whose line is cut short

DATE = "2024-05-01T10:00:{second:02d}Z"
NEXT_DAY = "2024-05-02T09:30:00Z"
NOT_FOUND = (
    b"<!doctype html><html><head><title>Page not found</title></head>"
    b"<body><h1>Page not found</h1><p>The page you asked for does not exist.</p></body></html>"
)
ROBOTS = b"User-agent: *\nDisallow: /search\n"
# A section front: navigation and widgets, no article (the run filters it as ``no-article``).
SECTION_FRONT = (
    "Home\nNews\nSport\nWeather\n\nSubscribe to our newsletter\n\n"
    "Cookie settings\nPrivacy policy\nContact us\n"
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One record of the demo data and where it came from, for the README."""

    file: str
    record: str
    url: str
    origin: str  # a repository path, or how the record was made
    expect: str
    note: str = ""


def rel(path: Path) -> str:
    """`path` relative to the repository root, with forward slashes."""
    return path.relative_to(ROOT).as_posix()


def synthetic_url(name: str) -> str:
    """An invented URL for a synthetic page: one host per comment system and language."""
    number, system = name.split("_", 1)
    return f"https://{system.replace('_', '-')}.example.org/{number}/"


def warc_record(kind: str, block: bytes, *, url: str, date: str, **headers: str) -> bytes:
    """One WARC/1.0 record with a record id derived from its type, URL and date."""
    record_id = uuid.uuid5(uuid.NAMESPACE_URL, f"{kind} {url} {date}")
    lines = [
        "WARC/1.0",
        f"WARC-Type: {kind}",
        f"WARC-Record-ID: <urn:uuid:{record_id}>",
        f"WARC-Date: {date}",
    ]
    if url:
        lines.append(f"WARC-Target-URI: {url}")
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    lines.append(f"Content-Length: {len(block)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def request(url: str, date: str) -> bytes:
    """The request record a crawler writes before a response."""
    host = url.split("/")[2]
    path = "/" + url.split("/", 3)[3]
    block = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: demo-crawler/1.0\r\n\r\n"
    return warc_record(
        "request",
        block.encode(),
        url=url,
        date=date,
        Content_Type="application/http; msgtype=request",
    )


def response(
    url: str,
    body: bytes,
    date: str,
    *,
    status: str = "200 OK",
    content_type: str = "text/html; charset=utf-8",
) -> bytes:
    """A response record holding an HTTP response with `body`."""
    http = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
    return warc_record(
        "response",
        http.encode() + b"\r\n" + body,
        url=url,
        date=date,
        Content_Type="application/http; msgtype=response",
    )


def cut_short(record: bytes) -> bytes:
    """`record` with its block cut at half its length: the Content-Length no longer holds."""
    head, _, block = record.partition(b"\r\n\r\n")
    return head + b"\r\n\r\n" + block[: len(block) // 2]


def _record_of(entries: list[Entry], url: str) -> str:
    """The number of the page record (the response) of `url` among `entries`."""
    return next(e.record for e in entries if e.url == url and e.expect == "page")


def member(record: bytes) -> bytes:
    """One gzip member per record, as WARC.gz files are written; no timestamp, so reproducible."""
    return gzip.compress(record, compresslevel=9, mtime=0)


def drop_first_paragraph(html: bytes) -> bytes:
    """The page without its first ``<p>`` element (a light edit: still a near duplicate)."""
    start = html.index(b"<p>")
    end = html.index(b"</p>", start) + len(b"</p>")
    return html[:start] + html[end:]


def build_warc() -> tuple[bytes, list[Entry]]:
    """The records of crawl.warc.gz, as gzip members, and what each one is."""
    file = "crawl.warc.gz"
    records: list[bytes] = []
    entries: list[Entry] = []

    def add(record: bytes, url: str, origin: str, expect: str, note: str = "") -> None:
        records.append(record)
        entries.append(Entry(file, str(len(records)), url, origin, expect, note))

    info = b"software: scripts/build_demo_data.py\r\nformat: WARC File Format 1.0\r\n"
    add(
        warc_record(
            "warcinfo",
            info,
            url="",
            date=DATE.format(second=0),
            Content_Type="application/warc-fields",
        ),
        "",
        "written by the script",
        "filtered (warcinfo)",
    )
    pages: list[tuple[str, bytes, str]] = []
    for name in WARC_PAGES:
        path = HTML_PAGES / f"{name}.html"
        pages.append((synthetic_url(name), path.read_bytes(), rel(path)))
    for name, url in MINIPOOL_PAGES:
        path = MINIPOOL / name
        pages.append((url, gzip.decompress(path.read_bytes()), rel(path)))
    for second, (url, body, origin) in enumerate(pages, start=1):
        date = DATE.format(second=second)
        add(request(url, date), url, "written by the script", "filtered (request)")
        add(response(url, body, date), url, origin, "page")
        if second == CUT_AFTER:  # a response cut short in the middle of the file
            cut = HTML_PAGES / f"{CUT_SHORT}.html"
            cut_url = synthetic_url(CUT_SHORT)
            add(request(cut_url, date), cut_url, "written by the script", "filtered (request)")
            add(
                cut_short(response(cut_url, cut.read_bytes(), date)),
                cut_url,
                rel(cut),
                "error (truncated record)",
                "cut at half its length",
            )
    exact = HTML_PAGES / f"{EXACT_COPY}.html"
    exact_url = synthetic_url(EXACT_COPY) + "?utm_source=rss"
    add(
        response(exact_url, exact.read_bytes(), NEXT_DAY),
        exact_url,
        rel(exact),
        f"exact duplicate of record {_record_of(entries, synthetic_url(EXACT_COPY))}",
        "byte for byte, under a second URL",
    )
    near = HTML_PAGES / f"{NEAR_COPY}.html"
    near_url = synthetic_url(NEAR_COPY) + "amp/"
    add(
        response(near_url, drop_first_paragraph(near.read_bytes()), NEXT_DAY),
        near_url,
        rel(near),
        f"near duplicate of record {_record_of(entries, synthetic_url(NEAR_COPY))}",
        "crawled again without its first paragraph",
    )
    missing = "https://wp-says-es.example.org/h999/"
    add(
        response(missing, NOT_FOUND, NEXT_DAY, status="404 Not Found"),
        missing,
        "written by the script",
        "filtered (http_status)",
    )
    robots = "https://news-packed-en.example.org/robots.txt"
    add(
        response(robots, ROBOTS, NEXT_DAY, content_type="text/plain"),
        robots,
        "written by the script",
        "filtered (non_html)",
    )
    return b"".join(member(record) for record in records), entries


def build_jsonl() -> tuple[bytes, list[Entry]]:
    """The lines of pages.jsonl and what each one is."""
    file = "pages.jsonl"
    lines: list[bytes] = []
    entries: list[Entry] = []
    for number, path in enumerate(TEXT_FILES):
        name = path.name.removesuffix(".txt")
        # The seeds are real crawled pages whose URL was not kept; the synthetic ones get one.
        url = None if path.parent == SEEDS else synthetic_url(name)
        record = {
            "id": f"doc-{number + 1:04d}",
            "url": url,
            "crawl_date": "2024-04-28",
            "origin": rel(path),
            "text": path.read_text(encoding="utf-8"),
        }
        line = json.dumps(record, ensure_ascii=False).encode()
        if number == JSONL_CUT:  # a writer killed mid-line
            line = line[: len(line) // 2]
        expect = "error (invalid JSON)" if number == JSONL_CUT else "page"
        note = "the line cut at half its length" if number == JSONL_CUT else ""
        lines.append(line)
        entries.append(Entry(file, f"line {len(lines)}", url or "", rel(path), expect, note))
        if number == JSONL_COPY:
            mirror = "https://mirror.example.net/" + name.split("_", 1)[0] + "/"
            copy = {**record, "id": "mirror-0001", "url": mirror}
            lines.append(json.dumps(copy, ensure_ascii=False).encode())
            entries.append(
                Entry(
                    file,
                    f"line {len(lines)}",
                    mirror,
                    rel(path),
                    f"exact duplicate of line {len(lines) - 1}",
                    "the same text under another id and URL",
                )
            )
    front = {
        "id": f"doc-{len(TEXT_FILES) + 1:04d}",
        "url": "https://news-head-en.example.org/news/",
        "crawl_date": "2024-04-28",
        "origin": "written by the script",
        "text": SECTION_FRONT,
    }
    lines.append(json.dumps(front, ensure_ascii=False).encode())
    entries.append(
        Entry(
            file,
            f"line {len(lines)}",
            front["url"],
            "written by the script",
            "filtered (no-article)",
            "a section front: navigation only",
        )
    )
    return b"\n".join(lines) + b"\n", entries


def _origin(entry: Entry) -> str:
    made = f"`{entry.origin}`" if entry.origin.startswith("tests/") else entry.origin
    return f"{made}, {entry.note}" if entry.note else made


def readme(entries: list[Entry]) -> str:
    """The provenance README: what the files are, how they were made, each record's origin."""
    rows = "\n".join(
        f"| `{e.file}` | {e.record} | {e.url or '-'} | {_origin(e)} | {e.expect} |" for e in entries
    )
    return f"""# tests/data/demo

The corpus `make demo` runs on (`scripts/demo.py`), and `tests/test_demo.py` checks: a small
WARC.gz and a JSON Lines file made from the repository's own test pages by
`scripts/build_demo_data.py` (do not edit them by hand: change the script and run
`python scripts/build_demo_data.py`, which writes the same bytes every time).

**Provenance:** the synthetic pages come from `tests/data/synthetic/` (made by `bench/synthpages/`
from Debian fortune sentences and Faker names, see its README), the minipool pages from
`tests/data/minipool/` (written for the tests), and the two seed pages from `tests/data/seeds/`
(real crawled news pages, see its PROVENANCE.md; their URLs were not kept, so their records have
none). Every URL under `example.org`, `example.com` and `example.net` is invented. The 404 page,
the robots.txt, the warcinfo and request records were written by the script.

- `crawl.warc.gz`: one gzip member per record, dated 2024-05-01 (the re-crawls 2024-05-02). Each
  page is a request record then a response record, as crawlers write them.
- `pages.jsonl`: one JSON object per line with `id`, `url`, `crawl_date`, `origin` (the test
  file) and `text` (the page as plain text).

The last column says where each record should end in a run: a page, a duplicate, filtered (with
the reason the run reports) or an error. Of two duplicates the run keeps the page with the
smallest id (a hash), whichever came first, and counts the other as the duplicate.

| file | record | URL | made from | ends as |
| --- | --- | --- | --- | --- |
{rows}
"""


def build(out: Path) -> None:
    """Write the demo files into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    warc, warc_entries = build_warc()
    jsonl, jsonl_entries = build_jsonl()
    (out / "crawl.warc.gz").write_bytes(warc)
    (out / "pages.jsonl").write_bytes(jsonl)
    (out / "README.md").write_text(readme(warc_entries + jsonl_entries), encoding="utf-8")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT)
