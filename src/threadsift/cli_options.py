"""Options that several commands of the command line share."""

from __future__ import annotations

import click

annotate_option = click.option(
    "--annotate/--no-annotate",
    default=True,
    show_default=True,
    help="Add languages, comment toxicity and article quality signals.",
)
limit_option = click.option(
    "--limit",
    "limits",
    multiple=True,
    metavar="NAME=VALUE",
    help="Change a per-record limit (docs/limits.md), e.g. --limit seconds=120.",
)
fast_toxicity_option = click.option(
    "--fast-toxicity",
    is_flag=True,
    help="Score toxicity with the model's fast variant: over 10x faster, weaker on new sources.",
)
