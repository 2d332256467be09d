"""Benchmark: HTML decomposition scored beside trafilatura, readability-lxml and resiliparse.

Runs `bench/score_html.py` with each page timed three times: per-comment author/text/depth F1,
article F1, ms/page, pages/s and MB/s of HTML, on the held-out synthetic HTML set
(`tests/data/synthetic/html-holdout`) and, when present, the real development set
`../shared/fixtures/textpages-dev` (skipped when absent). See score_html.py for the metrics;
bench_readers.py measures throughput on WARC and HTML-file input.

    python -m bench.bench_html [score_html options]
"""

from __future__ import annotations

import sys

from bench.score_html import main

if __name__ == "__main__":
    main(["--repeat", "3", *sys.argv[1:]])
