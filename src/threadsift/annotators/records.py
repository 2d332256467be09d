"""Annotate rows a user already has (a comment dataset), read from a file by `reading.rows`.

Every row comes back, in order, with all its fields plus `language`, `language_score`,
`toxicity`, `toxic` and `toxicity_category` (an existing field of the same name is replaced).
A row whose text field is null or missing gets `und` and null toxicity fields. With a group field
(a page or thread id), the rows that share its value are read as one page's comments: a short
row takes the language of its group's confident rows as prior (`language.page_prior`), counted
over the rows read so far and the rest of the batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from threadsift.annotators.language import (
    Guess,
    LanguageAnnotator,
    language_counts,
    normalised,
    with_prior,
)
from threadsift.annotators.toxicity import ToxicityAnnotator
from threadsift.errors import ConfigError, InputError
from threadsift.readers.fields import lookup

FIELDS = ("language", "language_score", "toxicity", "toxic", "toxicity_category")
BATCH = 1024
MAX_GROUPS = 100_000  # language counts kept for this many groups (the oldest are forgotten)


class RowAnnotator:
    """Language and toxicity for the text field of each row, in batches."""

    def __init__(
        self,
        *,
        text_field: str = "text",
        group_field: str | None = None,
        language: LanguageAnnotator | None = None,
        toxicity: ToxicityAnnotator | None = None,
    ) -> None:
        if not text_field.strip(". "):
            raise ConfigError("empty text field name", option="--text-field")
        if group_field is not None and not group_field.strip(". "):
            raise ConfigError("empty group field name", option="--group-field")
        self.text_field = text_field
        self.group_field = group_field
        self.language = language or LanguageAnnotator()
        self.toxicity = toxicity or ToxicityAnnotator()
        self._counts: dict[str, dict[str, float]] = {}

    def fields(
        self, texts: list[str | None], groups: list[str | None] | None = None
    ) -> list[dict[str, Any]]:
        """The annotation fields for each text (None: no text); rows with the same `groups`
        value (not None) are one page's comments for the language prior."""
        present = [i for i, text in enumerate(texts) if text is not None]
        found = [texts[i] or "" for i in present]
        guesses = self.language.guess_batch(found)
        if groups is None:
            languages = [(guess.code, guess.score) for guess in guesses]
        else:
            languages = self._in_groups(guesses, [groups[i] for i in present])
        scores = self.toxicity.score_batch(found)
        out: list[dict[str, Any]] = [
            dict.fromkeys(FIELDS) | {"language": "und", "language_score": 0.0} for _ in texts
        ]
        for i, (code, lscore), tox in zip(present, languages, scores, strict=True):
            out[i] = {
                "language": code,
                "language_score": lscore,
                "toxicity": tox.score,
                "toxic": tox.toxic,
                "toxicity_category": tox.category,
            }
        return out

    def _in_groups(self, guesses: list[Guess], groups: list[str | None]) -> list[tuple[str, float]]:
        """Each guess read with its group's language counts (this batch and earlier ones)."""
        members: dict[str, list[Guess]] = {}
        for guess, group in zip(guesses, groups, strict=True):
            if group is not None:
                members.setdefault(group, []).append(guess)
        priors = {}
        for group, found in members.items():
            counts = self._counts.pop(group, None)  # re-inserted: the newest group is last
            self._counts[group] = language_counts(None, found, counts)
            priors[group] = normalised(self._counts[group])
        while len(self._counts) > MAX_GROUPS:
            del self._counts[next(iter(self._counts))]
        return [
            with_prior(guess, priors[group]) if group is not None else (guess.code, guess.score)
            for guess, group in zip(guesses, groups, strict=True)
        ]

    def groups(self, rows: list[dict[str, Any]]) -> list[str | None] | None:
        """The group value of each row (None: the row has none), or None without a group field."""
        if self.group_field is None:
            return None
        values = [lookup(row, self.group_field) for row in rows]
        return [None if value is None else str(value) for value in values]

    def texts(self, rows: list[dict[str, Any]], source: str, first_row: int) -> list[str | None]:
        """The text of each row; the first row of an input must have the field."""
        texts = []
        for n, row in enumerate(rows, start=first_row):
            value = lookup(row, self.text_field)
            if n == 1 and value is None and self.text_field not in row:
                names = ", ".join(list(row)[:12])
                raise InputError(
                    f"no field {self.text_field!r} in the first row (fields: {names})",
                    source=source,
                    where="1",
                    hint="name the text field with --text-field",
                )
            texts.append(None if value is None else str(value))
        return texts

    def records(self, rows: Iterable[dict[str, Any]], source: str) -> Iterator[dict[str, Any]]:
        """Annotate dict rows (JSONL or CSV), in order."""
        iterator = iter(rows)
        first = 1
        while batch := list(islice(iterator, BATCH)):
            fields = self.fields(self.texts(batch, source, first), self.groups(batch))
            for row, extra in zip(batch, fields, strict=True):
                yield row | extra
            first += len(batch)
