"""The configuration of a corpus run (`threadsift run`): one frozen, picklable dataclass.

Every worker gets the same `RunConfig`; `RunConfig.fingerprint()` names what changes the output,
so that a rerun into the same directory resumes only when it is the same run.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import asdict, dataclass, field
from typing import Any

from threadsift.budget import Budget
from threadsift.errors import ConfigError
from threadsift.io import check_encoding
from threadsift.page import SCHEMA_VERSION

CORPUS_FORMATS = ("jsonl.gz", "parquet")


@dataclass(frozen=True, slots=True)
class ChromeConfig:
    """Site chrome learning: a line is chrome on a host when it recurs on enough of its pages.

    A line is learned for a host with at least `min_host_pages` pages when it is on at least
    `min_pages` of them and on at least `share` of them.
    """

    enabled: bool = True
    min_host_pages: int = 10
    min_pages: int = 5
    share: float = 0.2

    def check(self) -> None:
        """Raise `ConfigError` on values out of range."""
        if self.min_host_pages < 2 or self.min_pages < 2:
            option = "--chrome-min-host-pages" if self.min_host_pages < 2 else "--chrome-min-pages"
            raise ConfigError(
                "site chrome needs at least 2 pages per host and per line", option=option
            )
        if not 0.0 < self.share <= 1.0:
            raise ConfigError(f"must be in (0, 1], not {self.share}", option="--chrome-share")


@dataclass(frozen=True, slots=True)
class MinhashConfig:
    """MinHash LSH near-duplicate detection of articles.

    Signatures of `permutations` values over word `shingle`-grams are cut into `bands` bands;
    pages sharing a band are candidates, kept when their estimated Jaccard similarity is at
    least `threshold` minus `slack` standard errors of the estimate (with 128 permutations the
    estimate of a pair at 0.8 varies by about 0.035; without slack half of the pairs just above
    the threshold would be lost). `min_words` skips articles too short to compare.
    """

    enabled: bool = True
    shingle: int = 5
    permutations: int = 128
    bands: int = 32
    threshold: float = 0.8
    min_words: int = 20
    seed: int = 1
    slack: float = 1.65

    @property
    def cutoff(self) -> float:
        """The estimated Jaccard similarity a candidate pair needs."""
        error = math.sqrt(self.threshold * (1 - self.threshold) / self.permutations)
        return max(0.0, self.threshold - self.slack * error)

    @property
    def rows(self) -> int:
        """Signature values per band."""
        return self.permutations // self.bands

    def check(self) -> None:
        """Raise `ConfigError` on inconsistent values."""
        if self.shingle < 1 or self.permutations < 1 or self.bands < 1:
            raise ConfigError(
                "shingle size, permutations and bands must be positive",
                option="--shingle"
                if self.shingle < 1
                else "--permutations"
                if self.permutations < 1
                else "--bands",
            )
        if self.permutations % self.bands:
            raise ConfigError(
                f"permutations ({self.permutations}) must be a multiple of bands ({self.bands})",
                option="--bands",
            )
        if not 0.0 < self.threshold <= 1.0:
            raise ConfigError(
                f"MinHash threshold must be in (0, 1], not {self.threshold}", option="--threshold"
            )
        if self.slack < 0:
            raise ConfigError(f"MinHash slack must not be negative, not {self.slack}")


@dataclass(frozen=True, slots=True)
class RunConfig:
    """Everything a corpus run needs to know, shared by the driver and every worker.

    Args:
        inputs: the expanded input paths, in order.
        out: the output directory.
        shards: how many shards the inputs are cut into (input files are dealt round-robin).
        format: one input format for every input, instead of detecting each one's.
        encoding: the codec of text and HTML inputs, instead of detecting it.
        text_field, id_field, url_field: JSONL/Parquet field paths.
        with_comments: append each page's comments to its text in the clean corpus.
        corpus_format: ``jsonl.gz`` or ``parquet``.
        exact_dedup: drop exact duplicate pages and mark exact duplicate comments.
        annotate: identify the language of pages and comments, score comment toxicity and
            compute the quality signals of articles.
        fast_toxicity: score toxicity with the fast model (n-grams and piece scores) instead of
            the accurate one (with a sentence encoder, about 18 times as slow).
        filter: an expression over annotations (`corpus.filter`); pages failing it are filtered.
        chrome: site chrome learning settings.
        minhash: near-duplicate settings.
        batch: pages per written batch (bounds the memory of a worker).
        budget: what one record may cost (`threadsift.budget`).
    """

    inputs: tuple[str, ...]
    out: str
    shards: int = 1
    format: str | None = None
    encoding: str | None = None
    text_field: str | None = None
    id_field: str | None = None
    url_field: str | None = None
    with_comments: bool = False
    corpus_format: str = "jsonl.gz"
    exact_dedup: bool = True
    annotate: bool = True
    fast_toxicity: bool = False
    filter: str | None = None
    chrome: ChromeConfig = field(default_factory=ChromeConfig)
    minhash: MinhashConfig = field(default_factory=MinhashConfig)
    batch: int = 1000
    budget: Budget = field(default_factory=Budget)

    def check(self) -> None:
        """Raise `ConfigError` on invalid settings (the filter expression is checked by
        `corpus.filter.check_run_filter`)."""
        if "-" in self.inputs:
            raise ConfigError(
                "a corpus run reads files, not stdin (-)",
                option="INPUTS",
                hint="save the input to a file first",
            )
        if self.shards < 1:
            raise ConfigError(f"must be at least 1, not {self.shards}", option="--shards")
        if self.batch < 1:
            raise ConfigError(f"batch must be at least 1, not {self.batch}")
        if self.corpus_format not in CORPUS_FORMATS:
            raise ConfigError(
                f"unknown corpus format {self.corpus_format!r}; use one of {CORPUS_FORMATS}",
                option="--corpus-format",
            )
        self.chrome.check()
        self.minhash.check()
        self.budget.check()
        if self.encoding is not None:
            check_encoding(self.encoding)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (for run.json)."""
        return asdict(self)

    def fingerprint(self) -> str:
        """A hash of everything that decides the output (not where the output goes), the
        record layout included: a run is not resumed into tables of another schema version."""
        settings = self.to_dict()
        settings.pop("out")
        settings["schema_version"] = SCHEMA_VERSION
        text = json.dumps(settings, sort_keys=True)
        return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()
