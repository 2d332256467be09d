"""Dates as pages print them: one table of month names, the recognisers that find dates, and the
parser that reads them to ISO 8601.

Month names are known in English, German, French, Spanish, Italian, Portuguese and Dutch
(`MONTH_NAMES`). Three recognisers are built on them, one per kind of text they read:

- a line (`DATE_RE`, `DATE_GLUE`): a date or time anywhere in a line of a page, and the words
  around one ("on", "um", "à", "@"...), for the line features of the text decomposer
  (`lines.line_info`) and the author lines of both decomposers (`authors.py`). It knows the
  months of English, German, French and Spanish (`LINE_LANGUAGES`);
- a field (`date_start`, `has_date_shape`, `without_dates`): the date in a comment's author or
  date field or in a page's date metadata, relative dates included; `parse_date` reads it;
- a comment header (`has_header_date`, `strip_header_dates`): the dates of the comment headers
  the HTML decomposer's fallback thread finder looks for (glued to a name as some systems print
  them: "NAME7/10/2012"), with Chinese dates and relative times.

They stay three because each was tuned on its kind of text, and the line recogniser's answers
are features of the text line model: one recogniser for all changes the decomposers' outputs
(the field recogniser in place of the header one changes the threads of three pages of
tests/data, their union eight).

`parse_date` reads one date field and returns "YYYY-MM-DD", or "YYYY-MM-DDTHH:MM[:SS]" when a time
of day is given (with the offset when an ISO value has one), or None when the text holds no date
it can pin down: a field without a date ("Reply"), a day without a year ("5 March"), an
ambiguous numeric date in an unknown language ("04/05/2024"), or a relative date ("3 hours ago")
without a reference time.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from threadsift.decomposers.patterns import by_first_letter, group

#: Month names and abbreviations by language, January first (case-folded; a "." may follow).
MONTH_NAMES: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
           ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
           ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
           ("december", "dec")),
    "de": (("januar", "jänner", "jan"), ("februar", "feber", "feb"),
           ("märz", "maerz", "mär", "mrz"), ("april",), ("mai",), ("juni",), ("juli",),
           ("august",), ("september",), ("oktober", "okt"), ("november",), ("dezember", "dez")),
    "fr": (("janvier", "janv"), ("février", "fevrier", "févr", "fevr", "fév"), ("mars",),
           ("avril", "avr"), ("mai",), ("juin",), ("juillet", "juil"), ("août", "aout"),
           ("septembre", "sept"), ("octobre", "oct"), ("novembre",),
           ("décembre", "decembre", "déc")),
    "es": (("enero", "ene"), ("febrero",), ("marzo",), ("abril", "abr"), ("mayo",), ("junio",),
           ("julio",), ("agosto", "ago"), ("septiembre",), ("octubre",), ("noviembre",),
           ("diciembre", "dic")),
    "it": (("gennaio", "gen"), ("febbraio",), ("marzo",), ("aprile",), ("maggio", "mag"),
           ("giugno", "giu"), ("luglio", "lug"), ("agosto",), ("settembre", "set"),
           ("ottobre", "ott"), ("novembre",), ("dicembre", "dic")),
    "pt": (("janeiro",), ("fevereiro", "fev"), ("março", "marco"), ("abril", "abr"), ("maio",),
           ("junho",), ("julho",), ("agosto",), ("setembro", "set"), ("outubro", "out"),
           ("novembro",), ("dezembro",)),
    "nl": (("januari",), ("februari",), ("maart", "mrt"), ("april",), ("mei",), ("juni",),
           ("juli",), ("augustus",), ("september",), ("oktober",), ("november",),
           ("december",)),
}  # fmt: skip
#: The languages whose months the line recogniser knows: the short Italian, Portuguese and Dutch
#: forms are English words ("set", "out", "gen"), which a line of any language may hold.
LINE_LANGUAGES = ("en", "de", "fr", "es")
#: Spellings in the table that a recogniser does not know yet. The decomposers' outputs (and the
#: features the text line model, `models/lines.npz`, learned from) were measured without them,
#: and "fév" alone changes the threads and comment dates of French pages: knowing one more is a
#: change to measure on its own, against the gold pages.
LINE_UNKNOWN = frozenset({"jänner", "feber", "maerz", "fevr", "fév", "aout", "decembre"})
FIELD_UNKNOWN = frozenset({"fév"})


def month_of(
    languages: tuple[str, ...] = tuple(MONTH_NAMES), unknown: frozenset[str] = frozenset()
) -> dict[str, int]:
    """Each month name of `languages` (but `unknown`) and its number (1 to 12)."""
    return {
        name: number
        for language in languages
        for number, names in enumerate(MONTH_NAMES[language], start=1)
        for name in names
        if name not in unknown
    }


def _alternation(names: dict[str, int]) -> str:
    """The names as a regex alternation, longest first (so a name wins over its prefix)."""
    return by_first_letter(sorted(map(re.escape, names), key=lambda name: (-len(name), name)))


_MONTH_OF = month_of()
_FIELD_MONTH_OF = month_of(unknown=FIELD_UNKNOWN)

# The line recogniser.
_MONTHS = _alternation(month_of(LINE_LANGUAGES, LINE_UNKNOWN)) + r"\.?"
DATE = (
    r"\d{4}-\d{1,2}-\d{1,2}(?:[t ]\d{1,2}:\d{2}(?::\d{2})?)?",
    r"\d{1,2}[./-]\s?\d{1,2}(?:[./-]\s?|,\s)\d{2,4}\b",
    r"\d{1,2}\.?\s+(?:de\s+)?" + _MONTHS + r"\.?(?:,?\s+(?:de\s+)?\d{2,4})?",
    _MONTHS + r"\.?\s+\d{1,2}(?:st|nd|rd|th)?,?(?:\s+\d{2,4})?",
    _MONTHS + r"\s+\d{4}",
    r"\d{1,2}\s?(?::|h(?=\d))\s?\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?|uhr|h)?",
    r"\d{1,2}\s?[ap]\.?m\.?\b",
    r"\d{1,2}\.\d{2}\s?(?:uhr|h)\b",
    "(?:"
    + by_first_letter(("vor", "il y a", "hace", "about", r"ca\."))
    + r")?\s*\d+\s*(?:sekunden?|minuten?|stunden?|tage[n]?|tag|wochen?"
    r"|monate[n]?|monat|jahre[n]?|jahr|seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|secondes?|heures?"
    r"|jours?|semaines?|mois|ans|années?|segundos?|minutos?|horas?|días?|semanas?|meses|años)"
    r"(?:\s*(?:ago|her))?",
    by_first_letter(
        ("yesterday", "today", "gestern", "heute", "vorgestern", "hier", "aujourd'hui", "ayer",
         "hoy", "just now", "gerade eben")
    ),
    by_first_letter(("mon", "tue", "wed", "thu", "fri", "sat", "sun")) + r"(?:day|\.)?,?",
    by_first_letter(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "montag",
         "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "lundi", "mardi",
         "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "lunes", "martes", "miércoles",
         "jueves", "viernes", "sábado", "domingo")
    ) + ",?",
)  # fmt: skip
DATE_RE = re.compile(
    group(*(r"(?<!\d)" + alt if alt[0] in "\\(" else r"(?<![^\W\d_])" + alt for alt in DATE))
    + r"(?![^\W\d_])",
    re.IGNORECASE,
)
#: Glue words around dates ("on", "um", "à", "at", "@"...) that a date-only line may contain.
DATE_GLUE = re.compile(
    r"#\d+|\s[-–—]+(?=\s|$)"
    r"|\b(?:am|um|on|at|à|a las|le|el|de|del|den|der|the|of|ago|uhr|h|hrs|um|,|@|\||"
    r"posted|updated|edited|geändert|bearbeitet|publié|modifié|publicado|editado)\b",
    re.IGNORECASE,
)


# The field recogniser and the parser.
#: Language tags that write a numeric date month first (04/05/2024 is April 5): English
#: without a region, and US English; "en-gb", "en-au"... write the day first, as other languages.
MONTH_FIRST_LANGUAGES = frozenset({"en", "en-us"})
#: Relative-date units in seconds ("5 hours ago", "vor 3 Tagen", "il y a 2 jours").
RELATIVE_UNITS: dict[str, int] = {
    **dict.fromkeys(
        ("second", "seconds", "sec", "secs", "sekunde", "sekunden", "seconde", "secondes",
         "segundo", "segundos", "secondo", "secondi", "seconden"), 1),
    **dict.fromkeys(
        ("minute", "minutes", "min", "mins", "minuten", "minuto", "minutos", "minuti",
         "minuut"), 60),
    **dict.fromkeys(
        ("hour", "hours", "hr", "hrs", "h", "stunde", "stunden", "std", "heure", "heures", "hora",
         "horas", "ora", "ore", "uur"), 3600),
    **dict.fromkeys(
        ("day", "days", "tag", "tage", "tagen", "jour", "jours", "día", "días", "dia", "dias",
         "giorno", "giorni", "dag", "dagen"), 86400),
    **dict.fromkeys(
        ("week", "weeks", "woche", "wochen", "semaine", "semaines", "semana", "semanas",
         "settimana", "settimane", "weken"), 7 * 86400),
    **dict.fromkeys(
        ("month", "months", "monat", "monate", "monaten", "mois", "mes", "meses", "mese", "mesi",
         "maand", "maanden"), 30 * 86400),
    **dict.fromkeys(
        ("year", "years", "jahr", "jahre", "jahren", "an", "ans", "année", "années", "año",
         "años", "anno", "anni", "ano", "anos", "jaar"), 365 * 86400),
}  # fmt: skip
#: Words for "one" in a relative date ("an hour ago", "vor einem Tag").
ONE_WORDS = frozenset(
    {"a", "an", "one", "ein", "eine", "einem", "einer", "un", "une", "uno", "una", "um", "uma",
     "een"}
)  # fmt: skip
#: Days back from the reference for "today" and "yesterday" words.
DAY_WORDS: dict[str, int] = {
    **dict.fromkeys(
        ("today", "heute", "aujourd'hui", "hoy", "oggi", "hoje", "vandaag"), 0),
    **dict.fromkeys(
        ("yesterday", "gestern", "hier", "ayer", "ieri", "ontem", "gisteren"), 1),
    **dict.fromkeys(("vorgestern", "avant-hier", "anteayer", "eergisteren"), 2),
}  # fmt: skip
#: Two-digit years up to this one are 20YY, later ones 19YY.
TWO_DIGIT_PIVOT = 69

_MONTH = r"(?<![^\W\d_])(?P<month>" + _alternation(_FIELD_MONTH_OF) + r")\.?(?![^\W\d_])"
_ORDINAL = r"(?:st|nd|rd|th|er|e|º|°|ª)?\.?"
_YEAR = r"(?P<year>(?:1[89]|2\d)\d{2})(?!\d)"
_DAY_MONTH = re.compile(
    r"(?<!\w)(?P<day>[0-3]?\d)" + _ORDINAL + r"\s*(?:de\s+|of\s+)?" + _MONTH
    + r",?\s*(?:(?:de|del)\s+)?(?:" + _YEAR + ")?",
    re.IGNORECASE,
)  # fmt: skip
_MONTH_DAY = re.compile(
    _MONTH + r"\s+(?P<day>[0-3]?\d)(?!\d)(?:st|nd|rd|th)?,?\s*(?:" + _YEAR + ")?", re.IGNORECASE
)
_ISO = re.compile(
    r"(?<!\w)(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:[T ](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<zone>Z|[+-]\d{2}:?\d{2})?)?(?!\d)",
    re.IGNORECASE,
)
_NUMERIC = re.compile(r"(?<![\w.])(\d{1,4})\s?([./-])\s?(\d{1,2})\s?\2\s?(\d{2,4})(?![\d])")
_TIME = re.compile(
    r"(?<![\w:.])(?P<hour>[0-2]?\d)\s?(?::|h(?=\s?\d))\s?(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?"
    r"(?!\d)\s*(?:(?P<half>[ap])\.?\s?m\b\.?)?"
    r"|(?<![\w:.])(?P<hour2>[0-2]?\d)\.(?P<minute2>[0-5]\d)\s*(?:uhr|h)\b"
    r"|(?<![\w:.])(?P<hour3>1[0-2]|0?\d)\s?(?P<half3>[ap])\.?\s?m\b\.?",
    re.IGNORECASE,
)
_UNIT = "|".join(sorted(map(re.escape, RELATIVE_UNITS), key=len, reverse=True))
# A count in digits may touch its unit ("5min"); a word is apart ("an hour", not "Anhora").
_COUNT = (
    r"(?:(?P<count>\d+)\s*|(?P<word>"
    + "|".join(sorted(ONE_WORDS, key=len, reverse=True))
    + r")\s+)"
)
_RELATIVE = re.compile(
    r"(?:\b(?:vor|il y a|hace|há|ha)\s+)?(?<![^\W\d_])" + _COUNT + r"(?P<unit>" + _UNIT
    + r")\.?(?![^\W\d_])(?:\s+(?:ago|her|fa|geleden|atrás))?",
    re.IGNORECASE,
)  # fmt: skip
_RELATIVE_MARK = re.compile(r"\b(?:ago|vor|il y a|hace|há|fa|geleden|atrás)\b", re.IGNORECASE)
_DAY_WORD = re.compile(
    r"(?<![^\W\d_])(?P<word>" + "|".join(map(re.escape, DAY_WORDS)) + r")(?![^\W\d_])",
    re.IGNORECASE,
)


#: Day, word, year: a date in a month's abbreviation that names no single month ("14 jui 2019").
_DAY_WORD_YEAR = re.compile(
    r"(?<![\w.])[0-3]?\d\.?\s+[^\W\d_]{3,10}\.?,?\s+(?:1[89]|2\d)\d{2}(?!\d)"
)
_SHAPES = (_ISO, _NUMERIC, _DAY_MONTH, _MONTH_DAY, _DAY_WORD_YEAR, _TIME, _RELATIVE, _DAY_WORD)


def parse_date(
    text: str | None, *, language: str | None = None, reference: datetime | None = None
) -> str | None:
    """The ISO 8601 form of the date in a date field, or None when it holds no definite date.

    Args:
        text: the field as read (an attribute value or the element's text).
        language: the page's language ("fr") or language tag ("en-gb"), when known: it settles
            "04/05/2024".
        reference: when the page was fetched; relative dates ("3 hours ago") need it.

    Returns:
        "YYYY-MM-DD", or "YYYY-MM-DDTHH:MM[:SS][offset]" when the time of day is given.
    """
    if not text or len(text) > 200:
        return None
    iso = _ISO.search(text)
    if iso:
        day = _valid(int(iso["year"]), int(iso["month"]), int(iso["day"]))
        if day is None:
            return None
        if iso["hour"] is None:
            return _with_time(day, text[iso.end() :])
        if int(iso["hour"]) > 23:
            return day.isoformat()
        seconds = f":{iso['second']}" if iso["second"] else ""
        zone = iso["zone"] or ""
        if zone and zone.upper() != "Z" and ":" not in zone:
            zone = f"{zone[:3]}:{zone[3:]}"
        return f"{day.isoformat()}T{int(iso['hour']):02d}:{iso['minute']}{seconds}{zone.upper()}"
    found = _calendar_date(text, language, reference)
    if found is not None:
        day, end = found
        return _with_time(day, text[: end[0]] + " " + text[end[1] :])
    if reference is not None:
        return _relative(text, reference)
    return None


def has_date_shape(text: str) -> bool:
    """Whether a field reads like a date, parsed or not: a relative date counts too."""
    return date_start(text) is not None


def without_dates(text: str) -> str:
    """`text` with every date-shaped part blanked out."""
    for pattern in _SHAPES:
        text = pattern.sub(lambda match: " " * len(match.group()), text)
    return text


@lru_cache(maxsize=1 << 16)
def date_start(text: str) -> int | None:
    """Where the first date-shaped part of `text` starts (a relative date counts), or None.

    Cached: the author and date fields of comments recur across a site's pages.
    """
    starts = [match.start() for pattern in _SHAPES if (match := pattern.search(text)) is not None]
    return min(starts, default=None)


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year(value: str) -> int:
    year = int(value)
    if len(value) <= 2:
        year += 2000 if year <= TWO_DIGIT_PIVOT else 1900
    return year


def _calendar_date(
    text: str, language: str | None, reference: datetime | None
) -> tuple[date, tuple[int, int]] | None:
    """The numeric or month-name date in `text` and its span."""
    numeric = _NUMERIC.search(text)
    if numeric:
        first, separator, second, third = numeric.groups()
        if len(first) == 4:
            day = _valid(int(first), int(second), int(third))
        elif len(first) <= 2:
            day = _day_month_year(int(first), int(second), _year(third), separator, language)
        else:
            day = None
        return (day, numeric.span()) if day else None
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        match = pattern.search(text)
        if match is None:
            continue
        month = _FIELD_MONTH_OF[match["month"].casefold()]
        if match["year"]:
            year = int(match["year"])
        elif reference is not None:  # "5 March": the last such day up to the reference
            year = reference.year - ((month, int(match["day"])) > (reference.month, reference.day))
        else:
            return None
        day = _valid(year, month, int(match["day"]))
        return (day, match.span()) if day else None
    return None


def _day_month_year(
    first: int, second: int, year: int, separator: str, language: str | None
) -> date | None:
    """A d/m/y or m/d/y date: by value when one part exceeds 12, else by separator and language
    (dots are day first everywhere; slashes and dashes month first in English only)."""
    if first > 12 or separator == ".":
        return _valid(year, second, first)
    if second > 12:
        return _valid(year, first, second)
    if first == second:
        return _valid(year, first, second)
    if language is None:
        return None
    if language in MONTH_FIRST_LANGUAGES:
        return _valid(year, first, second)
    return _valid(year, second, first)


def _with_time(day: date, rest: str) -> str:
    """`day` in ISO form, with the time of day when `rest` gives one."""
    match = _TIME.search(rest)
    if match is None:
        return day.isoformat()
    hour = match["hour"] or match["hour2"] or match["hour3"]
    minute = match["minute"] or match["minute2"] or "00"
    half = (match["half"] or match["half3"] or "").casefold()
    value = int(hour)
    if not 1 <= value <= 12:
        half = ""  # "14:30 am 5. März": German "am" (on), not a.m.
    if half == "p" and value != 12:
        value += 12
    elif half == "a" and value == 12:
        value = 0
    if value > 23:
        return day.isoformat()
    seconds = f":{match['second']}" if match["second"] else ""
    return f"{day.isoformat()}T{value:02d}:{minute}{seconds}"


def _relative(text: str, reference: datetime) -> str | None:
    """A relative date counted back from `reference`: a datetime for hours and less, else a day."""
    match = _RELATIVE.search(text)
    if match and _RELATIVE_MARK.search(text):
        count = int(match["count"]) if match["count"] else 1
        seconds = count * RELATIVE_UNITS[match["unit"].casefold()]
        moment = reference - timedelta(seconds=seconds)
        if seconds < 86400:
            return moment.replace(microsecond=0).isoformat(timespec="minutes")
        return moment.date().isoformat()
    word = _DAY_WORD.search(text)
    if word:
        day = reference.date() - timedelta(days=DAY_WORDS[word["word"].casefold()])
        return _with_time(day, text[: word.start()] + " " + text[word.end() :])
    return None


# The comment header recogniser. Each pattern starts with a lookahead so that the scan skips most
# positions at once (much faster).
_HEADER_NUMERIC = re.compile(
    r"(?=\d)(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}:\d{2}|\d{4}年\d{1,2}月|"
    r"\d+\s*(?:分鐘|小時|天)前|\d+\s+\w+\s+(?:ago|her)\b)|(?=[vihVIH])(?:vor|il y a|hace) \d+"
)
# "7 mai 2020": the word is checked against the month names.
_HEADER_DAY_MONTH = re.compile(r"(?=\d)\d{1,2}\.?\s+([^\W\d_]{3,10})\.?,?\s+\d{2,4}\b")
# "March 7, 2018": the word before the day is checked against the month names.
_HEADER_MONTH_DAY = re.compile(r"(?=\d)\d{1,2}(?:st|nd|rd|th)?\.?,?\s+\d{4}\b")
_HEADER_MONTH_BEFORE = re.compile(r"([^\W\d_]{3,10})\.?\s+$")


def _header_date_spans(text: str) -> list[tuple[int, int]]:
    """Where a comment header has dates and times (numeric, relative, or with a month name)."""
    spans = [m.span() for m in _HEADER_NUMERIC.finditer(text)]
    for match in _HEADER_DAY_MONTH.finditer(text):
        if match.group(1).lower() in _MONTH_OF:
            spans.append(match.span())
    for match in _HEADER_MONTH_DAY.finditer(text):
        before = _HEADER_MONTH_BEFORE.search(text, max(0, match.start() - 12), match.start())
        if before and before.group(1).lower() in _MONTH_OF:
            spans.append((before.start(), match.end()))
    return spans


def has_header_date(text: str) -> bool:
    """Whether a comment header holds a date or time."""
    if _HEADER_NUMERIC.search(text):
        return True
    if any(m.group(1).lower() in _MONTH_OF for m in _HEADER_DAY_MONTH.finditer(text)):
        return True
    for match in _HEADER_MONTH_DAY.finditer(text):
        before = _HEADER_MONTH_BEFORE.search(text, max(0, match.start() - 12), match.start())
        if before and before.group(1).lower() in _MONTH_OF:
            return True
    return False


def strip_header_dates(text: str) -> str:
    """A comment header without its dates and times."""
    for start, end in sorted(_header_date_spans(text), reverse=True):
        text = text[:start] + " " + text[end:]
    return text
