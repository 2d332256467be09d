"""The corpus commands of the command line: `run`, `query` and `search` (added to `cli.cli`)."""

from __future__ import annotations

import errno
import json
import os
import sys
from typing import Any

import click
from rich.console import Console

from threadsift.budget import Budget
from threadsift.cli_options import annotate_option, fast_toxicity_option, limit_option
from threadsift.config import CORPUS_FORMATS, ChromeConfig, MinhashConfig, RunConfig
from threadsift.errors import ConfigError, ThreadsiftError
from threadsift.executors import EXECUTORS, make_executor
from threadsift.readers.detect import FORMATS
from threadsift.readers.inputs import expand_inputs
from threadsift.terminal import json_line, one_line

#: Default number of shards: one per input file or per job, whichever is more, at most this many.
MAX_DEFAULT_SHARDS = 64
_CHROME = ChromeConfig()
_MINHASH = MinhashConfig()


class RunError(click.ClickException):
    """A library error at the CLI edge: one line on stderr, exit status 1."""

    def show(self, file: Any = None) -> None:
        click.echo(f"threadsift: error: {one_line(self.format_message())}", err=True)


def _fail(error: ThreadsiftError) -> click.ClickException:
    hint = f" ({error.hint})" if error.hint else ""
    return RunError(f"{error}{hint}")


def _os_problem(error: OSError, out: str) -> str:
    """One line for a file system error of a run: the file (else DIR), what, and what to do."""
    where = os.fsdecode(error.filename) if error.filename is not None else out
    what = os.strerror(error.errno).lower() if error.errno else str(error)
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        hint = "free some space, then run the same command again: the run resumes"
    elif error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        hint = "use a writable --out directory"
    elif error.errno in (errno.ENOTDIR, errno.EISDIR):  # a file where DIR or a part of it is
        hint = "use a new or empty --out directory"
    else:
        hint = "run the same command again to resume"
    return f"{where}: {what} ({hint})"


@click.command("run")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out", required=True, help="Output directory (new, or a run to resume).")
@click.option(
    "-j",
    "--jobs",
    type=int,
    default=lambda: os.cpu_count() or 1,
    show_default="all cores",
    help="Parallel workers.",
)
@click.option(
    "--executor",
    type=click.Choice(EXECUTORS),
    default="local",
    show_default=True,
    help="Where shards run: local processes, or Ray tasks.",
)
@click.option("--address", help="Ray cluster address (with --executor ray), e.g. ray://head:10001.")
@click.option(
    "--shards",
    type=int,
    help="Shards (default: one per input file or per job, whichever is more, at most 64).",
)
@click.option("--format", "format_", type=click.Choice(FORMATS), help="Input format for all.")
@click.option("--encoding", help="Decode text and HTML inputs with this codec.")
@click.option("--text-field", help="JSONL/Parquet: dotted path of the text.")
@click.option("--id-field", help="JSONL/Parquet: dotted path of the record id.")
@click.option("--url-field", help="JSONL/Parquet: dotted path of the URL.")
@click.option("--with-comments", is_flag=True, help="Append comments to the corpus text.")
@click.option(
    "--corpus-format",
    type=click.Choice(CORPUS_FORMATS),
    default="jsonl.gz",
    show_default=True,
    help="Format of the clean corpus.",
)
@annotate_option
@fast_toxicity_option
@click.option(
    "--filter",
    "filter_",
    metavar="EXPR",
    help="Keep pages matching EXPR, e.g. \"word_count >= 50 and language == 'en'\".",
)
@click.option("--no-site-chrome", is_flag=True, help="Do not learn site chrome.")
@click.option(
    "--chrome-share",
    type=float,
    default=_CHROME.share,
    show_default=True,
    help="Share of a host's pages a line must be on to be its chrome.",
)
@click.option(
    "--chrome-min-pages",
    type=int,
    default=_CHROME.min_pages,
    show_default=True,
    help="Pages a line must be on to be chrome.",
)
@click.option(
    "--chrome-min-host-pages",
    type=int,
    default=_CHROME.min_host_pages,
    show_default=True,
    help="Pages a host needs before its chrome is learned.",
)
@click.option("--no-exact-dedup", is_flag=True, help="Keep exact duplicate pages and comments.")
@click.option("--no-near-dedup", is_flag=True, help="Keep near-duplicate articles.")
@click.option(
    "--shingle",
    type=int,
    default=_MINHASH.shingle,
    show_default=True,
    help="MinHash: words per shingle.",
)
@click.option(
    "--permutations",
    type=int,
    default=_MINHASH.permutations,
    show_default=True,
    help="MinHash: signature length.",
)
@click.option(
    "--bands",
    type=int,
    default=_MINHASH.bands,
    show_default=True,
    help="MinHash LSH: bands (permutations must be a multiple).",
)
@click.option(
    "--threshold",
    type=float,
    default=_MINHASH.threshold,
    show_default=True,
    help="MinHash: estimated Jaccard similarity of near duplicates.",
)
@limit_option
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("-v", "--verbose", is_flag=True, help="Log each phase.")
def run_command(
    inputs: tuple[str, ...],
    out: str,
    jobs: int,
    executor: str,
    address: str | None,
    shards: int | None,
    format_: str | None,
    encoding: str | None,
    text_field: str | None,
    id_field: str | None,
    url_field: str | None,
    with_comments: bool,
    corpus_format: str,
    annotate: bool,
    fast_toxicity: bool,
    filter_: str | None,
    no_site_chrome: bool,
    chrome_share: float,
    chrome_min_pages: int,
    chrome_min_host_pages: int,
    no_exact_dedup: bool,
    no_near_dedup: bool,
    shingle: int,
    permutations: int,
    bands: int,
    threshold: float,
    limits: tuple[str, ...],
    quiet: bool,
    verbose: bool,
) -> None:
    """Process a corpus into Parquet tables, a DuckDB database and a clean corpus.

    INPUTS are files, directories or globs of any format `split` reads. Site chrome is learned
    per host, exact and near duplicates are removed, and every input record is accounted for
    in DIR/run.json. A killed run resumes when started again with the same command. An input
    that matches nothing (a missing path, a glob without a match) stops the run before it
    starts, with exit status 1.

    \b
    Example:
        threadsift run tests/data/demo/crawl.warc.gz --out "$(mktemp -d)/out"
    """
    try:
        paths = tuple(expand_inputs(inputs, exclude=out))  # a rerun must not read its output
    except ThreadsiftError as error:
        raise _fail(error) from None
    try:
        budget = Budget().with_limits(list(limits))
    except ConfigError as error:
        raise click.UsageError(one_line(str(error))) from None
    config = RunConfig(
        inputs=paths,
        out=out,
        shards=shards or max(1, min(max(len(paths), jobs), MAX_DEFAULT_SHARDS)),
        format=format_,
        encoding=encoding,
        text_field=text_field,
        id_field=id_field,
        url_field=url_field,
        with_comments=with_comments,
        corpus_format=corpus_format,
        exact_dedup=not no_exact_dedup,
        annotate=annotate,
        fast_toxicity=fast_toxicity,
        filter=filter_,
        chrome=ChromeConfig(
            enabled=not no_site_chrome,
            min_host_pages=chrome_min_host_pages,
            min_pages=chrome_min_pages,
            share=chrome_share,
        ),
        minhash=MinhashConfig(
            enabled=not no_near_dedup,
            shingle=shingle,
            permutations=permutations,
            bands=bands,
            threshold=threshold,
        ),
        budget=budget,
    )
    try:
        runner = make_executor(executor, jobs=jobs, address=address)
        report = _run(runner, config, quiet=quiet, verbose=verbose)
    except ThreadsiftError as error:
        raise _fail(error) from None
    except OSError as error:  # the output directory: full, read-only, gone...
        raise RunError(_os_problem(error, out)) from None
    if not quiet:
        counts = report["counts"]
        click.echo(f"threadsift: {one_line(report['summary'])}")
        names = ("inputs", "outputs", "duplicates", "filtered", "errors")  # run.json sorts keys
        click.echo("counts: " + ", ".join(f"{name} {counts[name]}" for name in names))
        click.echo(
            f"output: {one_line(out)} (run.json, pages, comments, lines, duplicates, corpus)"
        )


def _run(runner: Any, config: RunConfig, *, quiet: bool, verbose: bool) -> dict[str, Any]:
    """Run with bars on a terminal, one line per phase with -v, else silently."""
    from threadsift.executors.progress import LogProgress, RichProgress

    if not quiet and sys.stderr.isatty():
        with RichProgress(Console(stderr=True)) as progress:
            return dict(runner.run(config, progress))
    if verbose and not quiet:
        log = LogProgress(lambda line: click.echo(f"threadsift: {one_line(line)}", err=True))
        report = dict(runner.run(config, log))
        log.close()
        return report
    return dict(runner.run(config))


@click.command("query")
@click.argument("out", metavar="DIR")
@click.argument("sql")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per row.")
def query_command(out: str, sql: str, as_json: bool) -> None:
    """Run SQL over a run's tables (pages, comments, lines, errors, duplicates, corpus).

    Prints a tab-separated table with a header (tabs, newlines and control characters in values
    escaped), or JSON lines with --json. SQL is DuckDB's: SELECT statements over the tables
    only (WITH, FROM-first, DESCRIBE, SHOW and SUMMARIZE included). Nothing outside the run is
    reached: COPY, EXPORT, ATTACH, INSTALL, LOAD, SET, CREATE and file functions such as
    read_csv are refused.

    \b
    Example:
        d=$(mktemp -d); threadsift run -q tests/data/demo/crawl.warc.gz --out $d
        threadsift query $d "SELECT url, title, n_comments FROM pages WHERE outcome = 'output'"
    """
    from threadsift.writers.duckdb import query

    try:
        names, rows = query(out, sql)
    except ThreadsiftError as error:
        raise _fail(error) from None
    if as_json:
        for row in rows:
            click.echo(json.dumps(dict(zip(names, row, strict=True)), default=str))
        return
    click.echo("\t".join(one_line(name) for name in names))
    for row in rows:
        click.echo("\t".join("" if value is None else one_line(str(value)) for value in row))


@click.command("search")
@click.argument("out", metavar="DIR")
@click.argument("words")
@click.option("--limit", type=int, default=10, show_default=True, help="Results to show.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per hit.")
def search_command(out: str, words: str, limit: int, as_json: bool) -> None:
    """Full-text search over a run's articles and comments, best matches first (BM25).

    Prints each hit as its page id, where it matched (article or comment N), its URL (- when
    the page has none) and its title, then a snippet; with --json, one JSON object per hit
    (page_id, kind, comment, url, title, snippet, score). Exit status, as grep's, so that a
    script can test for a hit: 0 when something matched, 1 when nothing did (said on stderr)
    or on an error, 2 on usage errors.

    \b
    Example:
        d=$(mktemp -d); threadsift run -q tests/data/demo/crawl.warc.gz --out $d
        threadsift search $d windows
    """
    from threadsift.writers.search import search

    try:
        results = search(out, words, limit=limit)
    except ThreadsiftError as error:
        raise _fail(error) from None
    if not results:
        click.echo(one_line(f"threadsift: nothing matches {words!r} in {out}"), err=True)
        click.get_current_context().exit(1)
    for result in results:
        if as_json:
            click.echo(json_line(result))
            continue
        where = result["kind"] if result["comment"] is None else f"comment {result['comment']}"
        url = result["url"] or "-"
        click.echo(one_line(f"{result['page_id']}  {where}  {url}  {result['title'] or ''}"))
        click.echo(f"    {one_line(result['snippet'])}")
