"""The `annotate` command of the command line (added to `cli.cli`)."""

from __future__ import annotations

import click

from threadsift.cli_errors import reports_errors
from threadsift.cli_options import fast_toxicity_option


@click.command("annotate")
@click.argument("source", metavar="INPUT")
@click.option(
    "--text-field", default="text", show_default=True, help="Dotted path of the text to annotate."
)
@click.option(
    "--group-field",
    help="Dotted path of a page or thread id: a short row takes its group's language as prior.",
)
@click.option("-o", "--output", help="Write here (suffix may change the format); default stdout.")
@click.option("--model", "model_path", help="A local transformer toxicity classifier directory.")
@click.option("--threshold", type=float, help="Toxicity score from which a row is toxic.")
@fast_toxicity_option
@reports_errors
def annotate_command(
    source: str,
    text_field: str,
    group_field: str | None,
    output: str | None,
    model_path: str | None,
    threshold: float | None,
    fast_toxicity: bool,
) -> None:
    """Add language and toxicity fields to every row of a JSONL, JSONL.gz, CSV or Parquet file.

    Rows keep all their fields and their order, and gain language, language_score, toxicity,
    toxic and toxicity_category. INPUT may be - for JSONL or CSV on stdin.

    \b
    Example:
        threadsift annotate tests/data/annotate/comments.csv --text-field body
    """
    from threadsift.annotators.records import RowAnnotator
    from threadsift.annotators.toxicity import ToxicityAnnotator
    from threadsift.readers.inputs import expand_inputs
    from threadsift.reading.rows import annotate_file

    expand_inputs([source])  # a missing INPUT is named as such, whatever its suffix
    annotator = RowAnnotator(
        text_field=text_field,
        group_field=group_field,
        toxicity=ToxicityAnnotator(
            model_path=model_path, threshold=threshold, accurate=not fast_toxicity
        ),
    )
    count = annotate_file(source, output, annotator=annotator)
    click.echo(f"threadsift: {count} row{'' if count == 1 else 's'} annotated", err=True)
