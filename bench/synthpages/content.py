"""Text for one synthetic page: sentences, headlines, names, dates and widget phrases.

Sentences come from `data/LANG.txt` (real sentences from Debian's fortune and documentation
packages, see `corpus.py`) drawn without replacement, so no text line repeats within a page;
French, whose corpus is small, is topped up with Faker's French word sentences. Names, user
names, cities and dates come from Faker with a locale of the page's language.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from functools import cache
from pathlib import Path

from bench.synthpages.phrases import FAKER_LOCALES, alternatives

DATA = Path(__file__).with_name("data")


@cache
def _passages(lang: str) -> tuple[str, ...]:
    path = DATA / f"{lang}.txt"
    return tuple(line for line in path.read_text(encoding="utf-8").split("\n") if line)


class Content:
    """Draws the text of one page in one language, never repeating a passage."""

    def __init__(self, lang: str, split: str, rng: random.Random) -> None:
        from faker import Faker

        self.lang = lang
        self.split = split
        self.rng = rng
        self.fake = Faker(rng.choice(FAKER_LOCALES[lang]))
        self.fake.seed_instance(rng.randrange(2**31))
        self.deck = list(_passages(lang))
        rng.shuffle(self.deck)
        self.used: set[str] = set()
        self.year = rng.randrange(2009, 2025)
        self.nbsp = lang == "fr" and rng.random() < 0.5

    # --- text --------------------------------------------------------------------------
    def passage(self, max_len: int = 10_000) -> str:
        """One passage (one to a few sentences) not used before on this page."""
        use_faker = self.lang == "fr" and self.rng.random() < 0.4
        while self.deck and not use_faker:
            text = self.deck.pop()
            if len(text) <= max_len and text not in self.used:
                self.used.add(text)
                return text
        text = self.fake.paragraph(nb_sentences=self.rng.randint(1, 3))
        while text in self.used:
            text = self.fake.paragraph(nb_sentences=self.rng.randint(2, 4))
        self.used.add(text)
        return text

    def paragraph(self, low: int = 1, high: int = 3) -> str:
        """A paragraph of `low` to `high` passages."""
        return " ".join(self.passage() for _ in range(self.rng.randint(low, high)))

    def short(self, max_len: int = 90) -> str:
        """A short passage (for headlines, captions, one-line comments)."""
        for _ in range(40):
            if not self.deck:
                break
            text = self.deck.pop()
            if len(text) <= max_len and text not in self.used:
                self.used.add(text)
                return text
        text = self.fake.sentence(nb_words=self.rng.randint(4, 9))
        return self.unique(text) if text in self.used else self._mark(text)

    def _mark(self, text: str) -> str:
        self.used.add(text)
        return text

    def headline(self) -> str:
        """A headline: a short sentence without its final full stop."""
        text = re.sub(r"[.]$", "", self.short(85))
        self.used.add(text)
        return text

    def unique(self, text: str) -> str:
        """`text`, or a variant of it, that has not been used on this page."""
        base, n = text, 2
        while text in self.used and n < 50:
            text = f"{base} ({n})"
            n += 1
        self.used.add(text)
        return text

    # --- people, places, dates ----------------------------------------------------------
    def name(self) -> str:
        """A commenter's display name, in one of the shapes sites show."""
        r = self.rng.random()
        fake = self.fake
        if r < 0.45:
            return str(fake.name())
        if r < 0.65:
            return str(fake.first_name())
        if r < 0.8:
            return str(fake.user_name())
        if r < 0.9:
            return f"{fake.first_name()} {fake.last_name()[0]}."
        return f"{fake.first_name()}{self.rng.randint(1, 99)}"

    def full_name(self) -> str:
        """A journalist's name."""
        return str(self.fake.name())

    def city(self) -> str:
        """A city name."""
        return str(self.fake.city())

    def site(self) -> str:
        """A site name."""
        word = re.sub(r"[^A-Za-z]", "", str(self.fake.last_name())) or "Daily"
        return self.rng.choice(
            [
                f"The {word} Post",
                f"{word} Online",
                f"{word}.net",
                f"{word} Zeitung",
                f"{word} Blog",
                f"Le {word}",
            ]
        )

    def when(self) -> dt.datetime:
        """A date-time in the page's year."""
        start = dt.datetime(self.year, 1, 1)
        return start + dt.timedelta(minutes=self.rng.randrange(365 * 24 * 60))

    def date(self, style: int | None = None, with_time: bool | None = None) -> str:
        """A date written the way sites of the page's language write it."""
        d = self.when()
        months = self.alts_all("months")
        style = self.rng.randrange(4) if style is None else style
        with_time = self.rng.random() < 0.5 if with_time is None else with_time
        lang = self.lang
        if style == 0:
            if lang == "en":
                text = f"{months[d.month - 1]} {d.day}, {d.year}"
            elif lang == "de":
                text = f"{d.day}. {months[d.month - 1]} {d.year}"
            elif lang == "es":
                text = f"{d.day} de {months[d.month - 1]} de {d.year}"
            else:
                text = f"{d.day} {months[d.month - 1]} {d.year}"
        elif style == 1:
            sep = "." if lang in ("de", "pl") else "/"
            year = d.year % 100 if self.rng.random() < 0.25 else d.year
            text = f"{d.day:02d}{sep}{d.month:02d}{sep}{year:02d}"
        elif style == 2:
            text = f"{d.year}-{d.month:02d}-{d.day:02d}"
        else:
            text = f"{d.day} {months[d.month - 1][:3]} {d.year}"
        if with_time:
            if lang == "en" and self.rng.random() < 0.6:
                hour = d.hour % 12 or 12
                clock = f"{hour}:{d.minute:02d} {'am' if d.hour < 12 else 'pm'}"
            elif lang == "de" and self.rng.random() < 0.3:
                clock = f"{d.hour:02d}{self.rng.choice('.:')}{d.minute:02d} Uhr"
            else:
                clock = f"{d.hour:02d}:{d.minute:02d}"
            at = self.pick("at")
            text = self.rng.choice([f"{text} {at} {clock}", f"{text}, {clock}", f"{text} {clock}"])
        return text

    def ago(self) -> str:
        """A relative date ('3 days ago')."""
        return self.pick("ago").format(n=self.rng.randint(2, 11))

    # --- phrases --------------------------------------------------------------------------
    def pick(self, key: str, **fmt: object) -> str:
        """One phrasing of `key` allowed for this split, formatted with `fmt`."""
        text = self.rng.choice(alternatives(self.lang, key, self.split))
        text = text.format(**fmt) if fmt else text
        if self.nbsp:  # French typography: a no-break space before : ; ? ! and inside « »
            text = re.sub(r" ([:;?!»])", "\u00a0\\1", text).replace("« ", "«\u00a0")
        return text

    def alts_all(self, key: str) -> list[str]:
        """Every phrasing of `key` (for tables such as month names)."""
        return alternatives(self.lang, key, "holdout")
