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
# The accurate model is the default: the fast one (distilled or not) transfers worse to new
# sources (leave-one-dataset-out ROC-AUC 0.698 against 0.744; `threadsift/models/MODEL_CARD.md`).
FAST_TOXICITY_BY_DEFAULT = False
fast_toxicity_option = click.option(
    "--fast-toxicity/--accurate-toxicity",
    "fast_toxicity",
    default=FAST_TOXICITY_BY_DEFAULT,
    show_default=True,
    help="Score toxicity with the fast model (n-grams and piece scores, about 18x faster) or "
    "the accurate one (with a sentence encoder: better on new sources).",
)
