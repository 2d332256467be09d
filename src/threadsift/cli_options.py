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
# The distilled fast model is the default; `threadsift.models/MODEL_CARD.md` compares them.
FAST_TOXICITY_BY_DEFAULT = True
fast_toxicity_option = click.option(
    "--fast-toxicity/--accurate-toxicity",
    "fast_toxicity",
    default=FAST_TOXICITY_BY_DEFAULT,
    show_default=True,
    help="Score toxicity with the fast model (n-grams and piece scores distilled from the "
    "accurate one) or the accurate one (with a sentence encoder: about 20x slower).",
)
