"""The corpus commands of the command line: `run`, `query` and `search` (added to `cli.cli`)."""

from __future__ import annotations

import errno
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

import click
from rich.console import Console
from rich.text import Text

from threadsift.api import run
from threadsift.budget import Budget
from threadsift.cli_errors import CliError, reports_errors
from threadsift.cli_options import annotate_option, fast_toxicity_option, limit_option
from threadsift.config import CORPUS_FORMATS, ChromeConfig, MinhashConfig
from threadsift.executors import EXECUTORS
from threadsift.readers.detect import FORMATS
from threadsift.reading.results import RESULT_FORMATS
from threadsift.report import RunReport
from threadsift.terminal import json_line, one_line

_CHROME = ChromeConfig()
_MINHASH = MinhashConfig()


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
@reports_errors
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
    Budget().with_limits(list(limits))  # a bad --limit stops the run before its inputs are read
    options: dict[str, Any] = {
        "address": address,
        "shards": shards,
        "format": format_,
        "encoding": encoding,
        "text_field": text_field,
        "id_field": id_field,
        "url_field": url_field,
        "with_comments": with_comments,
        "corpus_format": corpus_format,
        "annotate": annotate,
        "fast_toxicity": fast_toxicity,
        "filter": filter_,
        "site_chrome": not no_site_chrome,
        "chrome_share": chrome_share,
        "chrome_min_pages": chrome_min_pages,
        "chrome_min_host_pages": chrome_min_host_pages,
        "exact_dedup": not no_exact_dedup,
        "near_dedup": not no_near_dedup,
        "shingle": shingle,
        "permutations": permutations,
        "bands": bands,
        "threshold": threshold,
        "limits": list(limits),
    }
    try:
        report = _run(inputs, out, jobs, executor, options, quiet=quiet, verbose=verbose)
    except OSError as error:  # the output directory: full, read-only, gone...
        raise CliError(_os_problem(error, out)) from None
    if not quiet:
        click.echo(f"threadsift: {one_line(report.summary)}")
        counts = {
            "inputs": report.inputs,
            "outputs": report.outputs,
            "duplicates": report.duplicates,
            "filtered": report.filtered_total,
            "errors": report.errors,
        }
        click.echo("counts: " + ", ".join(f"{name} {n}" for name, n in counts.items()))
        click.echo(
            f"output: {one_line(out)} (run.json, pages, comments, lines, duplicates, corpus)"
        )


def _run(
    inputs: tuple[str, ...],
    out: str,
    jobs: int,
    executor: str,
    options: dict[str, Any],
    *,
    quiet: bool,
    verbose: bool,
) -> RunReport:
    """`threadsift.run`, with bars on a terminal, one line per phase with -v, else silently."""
    from threadsift.executors.progress import LogProgress, RichProgress

    if not quiet and sys.stderr.isatty():
        with RichProgress(Console(stderr=True)) as bars:
            return run(inputs, out, jobs=jobs, executor=executor, progress=bars, **options)
    if verbose and not quiet:
        log = LogProgress(lambda line: click.echo(f"threadsift: {one_line(line)}", err=True))
        report = run(inputs, out, jobs=jobs, executor=executor, progress=log, **options)
        log.close()
        return report
    return run(inputs, out, jobs=jobs, executor=executor, **options)


@click.command("query")
@click.argument("out", metavar="DIR")
@click.argument("sql")
@click.option(
    "--format",
    "format_",
    type=click.Choice([*RESULT_FORMATS, "table"]),
    help="Output format (default: a table on a terminal, else CSV; with --output, from the "
    "file's suffix).",
)
@click.option("-o", "--output", metavar="FILE", help="Write the rows to FILE (Parquet needs one).")
@click.option("--json", "as_json", is_flag=True, help="Same as --format jsonl.")
@reports_errors
def query_command(
    out: str, sql: str, format_: str | None, output: str | None, as_json: bool
) -> None:
    """Run SQL over a run's tables (pages, comments, lines, errors, duplicates, corpus).

    On a terminal the rows are a table (NULL shown as a dim NULL, control characters escaped,
    long values cut, at most 1000 rows); piped, CSV with a header (RFC 4180; NULL is an empty
    field, the empty string ""). --format jsonl gives one JSON object per row (NULL is null),
    --format parquet a Parquet file with DuckDB's types (needs --output, whose suffix sets the
    format when --format is not given). SQL is DuckDB's: SELECT statements over the tables
    only (WITH, FROM-first, DESCRIBE, SHOW and SUMMARIZE included). Nothing outside the run is
    reached: COPY, EXPORT, ATTACH, INSTALL, LOAD, SET, CREATE and file functions such as
    read_csv are refused.

    \b
    Example:
        d=$(mktemp -d); threadsift run -q tests/data/demo/crawl.warc.gz --out $d
        threadsift query $d "SELECT url, title, n_comments FROM pages WHERE outcome = 'output'"
    """
    from threadsift.reading.query import query, query_arrow
    from threadsift.reading.results import format_of, write_csv, write_jsonl, write_parquet

    if as_json and format_ not in (None, "jsonl"):
        raise click.UsageError(f"--json and --format {format_} disagree; give one of them")
    if as_json:
        format_ = "jsonl"
    if format_ is None:
        if output is not None:
            format_ = format_of(output) or "csv"
        else:
            format_ = "table" if _on_terminal() else "csv"
    if format_ == "parquet" and output is None:
        raise click.UsageError("--format parquet needs --output FILE")
    if format_ == "table" and output is not None:
        raise click.UsageError("--output writes csv, jsonl or parquet, not a table")
    if output is not None and _in_a_table(output, out):
        raise click.UsageError(f"--output {output} is inside a table of {out}; write it elsewhere")
    try:
        if format_ == "parquet" and output is not None:
            count = write_parquet(query_arrow(out, sql), output)
        else:
            names, rows = query(out, sql)
            if format_ == "table":
                _print_table(names, rows)
                return
            with _open_output(output) as stream:
                if format_ == "jsonl":
                    count = write_jsonl(names, rows, stream)
                else:
                    count = write_csv(names, rows, stream, safe=stream.isatty())
    except BrokenPipeError:
        raise  # the reader stopped early (`| head`): click exits quietly, as other tools do
    except OSError as error:
        where = os.fsdecode(error.filename) if error.filename is not None else output or "-"
        what = os.strerror(error.errno).lower() if error.errno else str(error)
        raise CliError(f"{where}: {what}") from None
    if output is not None:
        rows_written = "1 row" if count == 1 else f"{count} rows"
        click.echo(f"threadsift: {rows_written} written to {one_line(output)}", err=True)


def _in_a_table(output: str, out: str) -> bool:
    """Whether `output` would land in a directory of the run's tables (and so become part of
    the table it is in)."""
    from threadsift.writers.duckdb import TABLES

    parent = os.path.realpath(os.path.dirname(os.path.abspath(output)))
    return any(parent == os.path.realpath(os.path.join(out, table)) for table in TABLES)


def _on_terminal() -> bool:
    """Whether stdout is a terminal (a person reads it) rather than a pipe or a file."""
    return sys.stdout.isatty()


@contextmanager
def _open_output(output: str | None) -> Iterator[TextIO]:
    """The file to write rows to, or stdout."""
    if output is None:
        yield sys.stdout
        return
    with open(output, "w", encoding="utf-8", newline="") as stream:
        yield stream


#: Rows a terminal table shows at most; the others are counted on stderr.
TABLE_ROWS = 1000


def _print_table(names: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Rows as a rich table: values on one line, escaped and cut to fit; NULL dim."""
    from rich.table import Table

    shown = rows[:TABLE_ROWS]
    cells = [[_cell(value) for value in row] for row in shown]
    numeric = [
        any(isinstance(row[i], int | float) and not isinstance(row[i], bool) for row in shown)
        for i in range(len(names))
    ]
    console = Console(file=sys.stdout, highlight=False)
    widths = [
        max([len(one_line(name)), *(row[i].cell_len for row in cells)])
        for i, name in enumerate(names)
    ]
    cap = _fair_cap(widths, console.width - 3 * len(names) - 1)
    table = Table(header_style="bold", expand=False)
    for name, number in zip(names, numeric, strict=True):
        table.add_column(
            Text(one_line(name)),
            justify="right" if number else "left",
            no_wrap=True,
            overflow="ellipsis",
            max_width=cap,
        )
    for row in cells:
        table.add_row(*row)
    console.print(table)
    if len(rows) > TABLE_ROWS:
        click.echo(
            f"threadsift: showing {TABLE_ROWS} of {len(rows)} rows"
            " (--format csv, jsonl or parquet for all)",
            err=True,
        )


def _fair_cap(widths: list[int], room: int) -> int | None:
    """The largest width to cut columns to so that they fit in `room` (None: they fit as they
    are): narrow columns keep their width, the wide ones share the rest."""
    if sum(widths) <= room:
        return None
    cap = max(widths)
    while cap > 8 and sum(min(width, cap) for width in widths) > room:
        cap -= 1
    return cap


def _cell(value: Any) -> Text:
    from threadsift.reading.results import plain

    if value is None:
        return Text("NULL", style="dim italic")
    if isinstance(value, bool):
        return Text("true" if value else "false")
    shown = plain(value)
    if not isinstance(shown, str):
        shown = json.dumps(shown, ensure_ascii=False)
    return Text(one_line(shown))


@click.command("search")
@click.argument("out", metavar="DIR")
@click.argument("words")
@click.option("--limit", type=int, default=10, show_default=True, help="Results to show.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per hit.")
@reports_errors
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
    from threadsift.reading.search import search

    results = search(out, words, limit=limit)
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
