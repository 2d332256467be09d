"""The bad-input corpus of the reliability suite: cases registered by the modules of this package.

`base.py` defines a case and the registry, `builders.py` the bytes (pages, WARC records, gzip
bombs), and one module per kind of input registers its cases: `pages.py` (text, HTML, file
names), `records.py` (WARC, WET), `corpora.py` (JSON Lines, JSON, Parquet).
"""

from __future__ import annotations

from bad_inputs.base import CASES, Case


def all_cases() -> list[Case]:
    """Every case, in registration order (the modules register on import)."""
    from bad_inputs import corpora, pages, records  # noqa: F401

    return CASES
