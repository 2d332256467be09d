"""The command line: a thin layer that parses options, calls the library and reports errors.

Library errors become one line on stderr, ``threadsift: error: SOURCE: message``, with a hint
where one helps (`cli_errors`); the exit status is 0 when every input was processed, 1 when some
failed, an input matches nothing or a package is missing, and 2 on usage errors.
"""

from __future__ import annotations

import click
from rich.console import Console

from threadsift import __version__
from threadsift.budget import Budget
from threadsift.cli_errors import reports_errors
from threadsift.cli_options import annotate_option, fast_toxicity_option, limit_option
from threadsift.io import UNDECODABLE, UNDETECTED, check_encoding
from threadsift.page import Outcome
from threadsift.readers.detect import FORMATS, InputReader
from threadsift.readers.fields import Fields
from threadsift.readers.inputs import expand_inputs
from threadsift.render import render_page
from threadsift.stages.base import chain
from threadsift.stats import Intake, Ledger
from threadsift.step import Shard
from threadsift.terminal import json_line, one_line

# Hints for error messages from the library, keyed by the message they appear in.
HINTS = {
    UNDECODABLE: "try another --encoding",
    UNDETECTED: "pass its encoding with --encoding, e.g. --encoding cp1252",
}


@click.group("threadsift", context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="threadsift")
def cli() -> None:
    """Turn crawled news pages into structured records: title, article, chrome, comments.

    \b
    Example:
        printf 'Storm shuts port\\n\\nThe port closed as the storm hit.\\n' | threadsift split -
    """


@cli.command("split")
@click.argument("paths", nargs=-1, required=True, metavar="PATH... [-]")
@click.option("--url", help="The page's URL (a single input only); sets url and host.")
@click.option(
    "--format",
    "format_",
    type=click.Choice(FORMATS),
    default=None,
    help="Input format (default: detected for each input from its content and name).",
)
@click.option("--text-field", help="JSONL/Parquet: dotted path of the text (default: text).")
@click.option("--id-field", help="JSONL/Parquet: dotted path of the record id (default: id).")
@click.option(
    "--url-field", help="JSONL/Parquet: dotted path of the URL (default: url, metadata.url)."
)
@click.option("--encoding", help="Decode inputs with this codec instead of detecting it.")
@click.option("--view", is_flag=True, help="Print a readable, coloured rendering, not JSON.")
@click.option("--with-text", is_flag=True, help="Add the page text to each JSON record.")
@annotate_option
@fast_toxicity_option
@limit_option
@reports_errors
def split_command(
    paths: tuple[str, ...],
    url: str | None,
    format_: str | None,
    encoding: str | None,
    text_field: str | None,
    id_field: str | None,
    url_field: str | None,
    view: bool,
    with_text: bool,
    annotate: bool,
    fast_toxicity: bool,
    limits: tuple[str, ...],
) -> None:
    """Split pages into title, article, labelled lines and the comment thread.

    PATH is a file (text, HTML, WARC, WET, JSONL or Parquet, gzipped or not), a directory (read
    recursively), a glob or - for stdin. Writes one JSON record
    per page to stdout (or, with --view, a readable rendering), one line per bad input to
    stderr, and a summary of where the inputs ended. Exit status: 0 when every input was
    processed, 1 when some failed or a PATH matches nothing (then nothing is read), 2 on usage
    errors.

    \b
    Example:
        printf 'Storm shuts port\\n\\nThe port closed as the storm hit.\\n\\nReply\\n' \\
          | threadsift split --view -
    """
    if url is not None and len(paths) > 1:  # a usage error comes before any input's
        raise click.UsageError(f"--url applies to a single input, got {len(paths)}")
    if encoding is not None:
        check_encoding(encoding)
    inputs = expand_inputs(paths)
    if url is not None and len(inputs) > 1:
        raise click.UsageError(f"--url applies to a single input, got {len(inputs)}")
    budget = Budget().with_limits(list(limits))
    fields = Fields.of(text_field=text_field, id_field=id_field, url_field=url_field)
    reader = InputReader(
        inputs, format=format_, encoding=encoding, url=url, fields=fields, budget=budget
    )
    from threadsift.stages.split import page_steps

    steps = [reader, *page_steps(annotate=annotate, fast_toxicity=fast_toxicity, budget=budget)]
    console = Console(highlight=False) if view else None
    ledger = Ledger()
    for page in chain(steps, Shard(), ledger, intake=Intake.INPUTS, settles=True):
        if page.outcome is Outcome.ERROR:
            _report_error(page.reason or f"{page.source}: unreadable")
        elif console is not None:
            render_page(page, console)
        else:
            click.echo(json_line(page.to_dict(with_text=with_text)))
    ledger.check("split")
    click.echo(f"threadsift: {one_line(ledger.summary())}", err=True)
    click.get_current_context().exit(1 if ledger.errors.total() else 0)


def _report_error(message: str) -> None:
    hint = next((hint for key, hint in HINTS.items() if key in message), None)
    line = f"threadsift: error: {message}" + (f" ({hint})" if hint else "")
    click.echo(one_line(line), err=True)


def _add_corpus_commands() -> None:
    from threadsift.cli_run import query_command, run_command, search_command

    for command in (run_command, query_command, search_command):
        cli.add_command(command)
    from threadsift.cli_annotate import annotate_command
    from threadsift.cli_viewer import report_command, serve_command

    for command in (annotate_command, serve_command, report_command):
        cli.add_command(command)


_add_corpus_commands()


def main() -> None:
    """The ``threadsift`` console script."""
    cli(prog_name="threadsift")
