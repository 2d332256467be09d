"""The Python entry points: `split` one page, `decompose` a stream of pages, `run` a corpus."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from difflib import get_close_matches
from pathlib import Path
from typing import TYPE_CHECKING, Any

from threadsift.decomposers.base import Decomposer
from threadsift.errors import ConfigError
from threadsift.page import Page
from threadsift.readers.detect import looks_like_html
from threadsift.readers.text import text_page
from threadsift.report import RunReport

if TYPE_CHECKING:
    from threadsift.config import RunConfig
    from threadsift.executors.base import Progress

FORMATS = ("text", "html")
#: Default number of shards: one per input file or per job, whichever is more, at most this many.
MAX_DEFAULT_SHARDS = 64
#: The options of `run` with their types: the `threadsift run` options, named as keywords
#: (``--no-site-chrome`` is ``site_chrome=False``, ``--limit`` is ``limits``).
RUN_OPTIONS: dict[str, tuple[type, ...]] = {
    "address": (str,),
    "shards": (int,),
    "format": (str,),
    "encoding": (str,),
    "text_field": (str,),
    "id_field": (str,),
    "url_field": (str,),
    "with_comments": (bool,),
    "corpus_format": (str,),
    "annotate": (bool,),
    "fast_toxicity": (bool,),
    "filter": (str,),
    "site_chrome": (bool,),
    "chrome_share": (float, int),
    "chrome_min_pages": (int,),
    "chrome_min_host_pages": (int,),
    "exact_dedup": (bool,),
    "near_dedup": (bool,),
    "shingle": (int,),
    "permutations": (int,),
    "bands": (int,),
    "threshold": (float, int),
    "limits": (Mapping, list, tuple),
    "report": (bool,),
}


def split(
    data: str | bytes,
    *,
    url: str | None = None,
    format: str | None = None,
    source: str | None = None,
    encoding: str | None = None,
    annotate: bool = False,
) -> Page:
    """Split one page into title, article, labelled lines and reader comments.

    Args:
        data: the page as text, or as bytes in any encoding (detected unless `encoding` is given).
        url: the page's URL, when known; sets `Page.url` and `Page.host`.
        format: ``"text"`` for page text such as crawlers' plain-text renderings, ``"html"``
            for an HTML page (comments read from their markup); None detects HTML by its
            first bytes (``<!doctype html``, ``<html``) and takes anything else as text.
        source: names the input in the page record and in errors (a path, say).
        encoding: the codec of `data` when it is bytes, instead of detecting it.
        annotate: also fill languages, comment toxicity and quality signals (as the
            `threadsift split` command does by default).

    Returns:
        The decomposed page; `Page.to_dict()` gives its JSON record.

    Raises:
        InputError: `data` is empty, binary, or cannot be decoded.
        ConfigError: `format` or `encoding` is not supported.

    Example:
        >>> page = split("Headline\\n\\nFirst paragraph of the story.\\n")
        >>> [line.n for line in page.lines]
        [1, 2, 3]
    """
    if format is None:
        head = data[:1024] if isinstance(data, bytes) else data[:1024].encode("utf-8", "ignore")
        format = "html" if looks_like_html(head) else "text"
    decomposer = decomposer_for(format)
    if format == "html":
        from threadsift.readers.html import html_page

        raw = data.encode("utf-8") if isinstance(data, str) else data
        page = html_page(raw, source=source or "<string>", url=url, encoding=encoding)
    else:
        page = text_page(data, source=source, url=url, encoding=encoding)
    decomposer.decompose(page)
    if annotate:
        from threadsift.annotators.standard import standard_annotators

        for annotator in standard_annotators():
            annotator.annotate(page)
    return page


def decomposer_for(format: str | None) -> Decomposer:
    """The decomposer for an input format (None means ``"text"``).

    Raises:
        ConfigError: the format is not one of `FORMATS`.
    """
    # The one place that maps formats to decomposers; new formats are added here and to FORMATS.
    if format is None or format == "text":
        from threadsift.decomposers.text import TextDecomposer

        return TextDecomposer()
    if format == "html":
        from threadsift.decomposers.html import HtmlDecomposer

        return HtmlDecomposer()
    supported = ", ".join(FORMATS)
    raise ConfigError(f"unknown format {format!r}; supported formats: {supported}")


def decompose(pages: Iterable[Page], *, keep_html: bool = False) -> Iterator[Page]:
    """Decompose pages such as `read_inputs` yields, lazily: HTML pages with the HTML
    decomposer, the others as text.

    Args:
        pages: pages with their `text` (and `html` for HTML inputs), as `read_inputs` gives.
        keep_html: keep `Page.html` after decomposition (dropped by default to bound memory).

    Returns:
        An iterator of the same pages, in order, decomposed in place. A page that could not be
        read passes through; one that fails to decompose (or runs over the per-page limits)
        gets ``outcome=Outcome.ERROR`` and the message in `reason`: one bad page costs one page.

    Example:
        >>> from threadsift import Page
        >>> page = Page(id="p1", text="Headline\\n\\nFirst paragraph of the story.\\n")
        >>> [page.title for page in decompose([page])]
        ['Headline']
    """
    from threadsift.decomposers.dispatch import Dispatch  # here: it loads the line model

    yield from Dispatch(keep_html=keep_html).run(pages)


def run(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    jobs: int | None = None,
    executor: str = "local",
    progress: bool | Progress = False,
    **options: Any,
) -> RunReport:
    """Process a corpus into Parquet tables, a DuckDB database and a clean corpus in `out`.

    What `threadsift run` does: site chrome is learned per host, pages are decomposed and
    annotated, exact and near duplicates are removed, and every input record is accounted for.
    A run into a directory that holds the same unfinished run resumes it; one that holds the
    same finished run returns its report without writing anything.

    Args:
        inputs: files, directories or globs of any format `read_inputs` reads (not stdin).
        out: the output directory: new, empty, or a run of the same inputs and options.
        jobs: parallel workers (default: one per core).
        executor: ``"local"`` (processes) or ``"ray"`` (tasks on a Ray cluster).
        progress: True shows live bars on stderr; an object with the methods of
            `threadsift.executors.base.Progress` is told of each phase, page and shard.
        **options: the options of `threadsift run` as keywords: `address`, `shards`,
            `format`, `encoding`, `text_field`, `id_field`, `url_field`, `with_comments`,
            `corpus_format`, `annotate`, `fast_toxicity`, `filter`, `site_chrome`,
            `chrome_share`, `chrome_min_pages`, `chrome_min_host_pages`, `exact_dedup`,
            `near_dedup`, `shingle`, `permutations`, `bands`, `threshold`, and `limits`
            (``{"seconds": 120}``, or ``["seconds=120"]`` as ``--limit`` takes them), and
            `report` (True: write the overview to ``DIR/report.html`` when it is missing).

    Returns:
        The run's counts, timings and the paths of its tables (a `RunReport`).

    Raises:
        InputError: an input matches nothing (a missing path, a glob without a match).
        ConfigError: an unknown option or a bad value (the message names it), an output
            directory that holds something else, or a missing optional dependency.
        OSError: the output directory cannot be written (full, read-only...); a rerun resumes.
    """
    config = _run_config(inputs, out, jobs=jobs, **options)
    from threadsift.executors import make_executor

    workers = jobs if jobs is not None else os.cpu_count() or 1
    runner = make_executor(executor, jobs=workers, address=options.get("address"))
    if progress is True:
        from rich.console import Console

        from threadsift.executors.progress import RichProgress

        with RichProgress(Console(stderr=True)) as bars:
            data = runner.run(config, bars)
    else:
        data = runner.run(config, progress or None)
    if options.get("report", True):
        from threadsift.viewer.report import REPORT, write_report

        if not (Path(out) / REPORT).exists():  # a finished run's rerun writes nothing
            write_report(out)
    return RunReport.from_run(out, data)


def _run_config(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    jobs: int | None = None,
    **options: Any,
) -> RunConfig:
    """The `RunConfig` of `run`'s arguments, inputs expanded (see `run`).

    Raises:
        InputError: an input matches nothing.
        ConfigError: an unknown option or a value of the wrong type or out of range.
    """
    from threadsift.budget import Budget
    from threadsift.config import ChromeConfig, MinhashConfig, RunConfig
    from threadsift.readers.detect import FORMATS as INPUT_FORMATS
    from threadsift.readers.inputs import expand_inputs

    _check_options(options)
    if options.get("format") is not None and options["format"] not in INPUT_FORMATS:
        raise ConfigError(
            f"unknown format {options['format']!r}; supported formats: {', '.join(INPUT_FORMATS)}"
        )
    if options.get("encoding") is not None:
        from threadsift.io import check_encoding

        check_encoding(options["encoding"])
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int)):
        raise ConfigError(f"option jobs must be an int, not {jobs!r}")
    items = [inputs] if isinstance(inputs, str | os.PathLike) else list(inputs)
    if not items:
        raise ConfigError("no inputs to run on", hint="name files, directories or globs")
    # A rerun must not read its own output.
    paths = tuple(expand_inputs([os.fspath(item) for item in items], exclude=out))
    limits = options.get("limits") or ()
    if isinstance(limits, Mapping):
        limits = [f"{name}={value}" for name, value in limits.items()]
    workers = jobs if jobs is not None else os.cpu_count() or 1
    chrome, minhash = ChromeConfig(), MinhashConfig()
    shards = options.get("shards")
    config = RunConfig(
        inputs=paths,
        out=os.fspath(out),
        shards=max(1, min(max(len(paths), workers), MAX_DEFAULT_SHARDS))
        if shards is None
        else shards,
        format=options.get("format"),
        encoding=options.get("encoding"),
        text_field=options.get("text_field"),
        id_field=options.get("id_field"),
        url_field=options.get("url_field"),
        with_comments=options.get("with_comments", False),
        corpus_format=options.get("corpus_format", "jsonl.gz"),
        exact_dedup=options.get("exact_dedup", True),
        annotate=options.get("annotate", True),
        fast_toxicity=options.get("fast_toxicity", False),
        filter=options.get("filter"),
        chrome=ChromeConfig(
            enabled=options.get("site_chrome", True),
            min_host_pages=options.get("chrome_min_host_pages", chrome.min_host_pages),
            min_pages=options.get("chrome_min_pages", chrome.min_pages),
            share=float(options.get("chrome_share", chrome.share)),
        ),
        minhash=MinhashConfig(
            enabled=options.get("near_dedup", True),
            shingle=options.get("shingle", minhash.shingle),
            permutations=options.get("permutations", minhash.permutations),
            bands=options.get("bands", minhash.bands),
            threshold=float(options.get("threshold", minhash.threshold)),
        ),
        budget=Budget().with_limits([str(limit) for limit in limits]),
    )
    config.check()
    return config


def _check_options(options: Mapping[str, Any]) -> None:
    """Raise `ConfigError` naming an option `run` does not know or a value of the wrong type."""
    for name, value in options.items():
        if name not in RUN_OPTIONS:
            negated = name.removeprefix("no_")
            if negated != name and negated in RUN_OPTIONS:
                hint = f"use {negated}=False"
            else:
                close = get_close_matches(name, [*RUN_OPTIONS, "jobs", "executor", "progress"], n=1)
                hint = f"did you mean {close[0]}?" if close else "see help(threadsift.run)"
            raise ConfigError(f"run() got an unknown option {name!r}", hint=hint)
        types = RUN_OPTIONS[name]
        if value is None and bool not in types:
            continue  # None: the default of an option without one
        if isinstance(value, bool) is not (bool in types) or not isinstance(value, types):
            kinds = " or ".join(kind.__name__ for kind in types)
            article = "an" if kinds[0] in "aeiou" else "a"
            raise ConfigError(f"option {name} must be {article} {kinds}, not {value!r}")
