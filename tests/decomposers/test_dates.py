"""dates: dates as pages print them, to ISO 8601, and what is left unparsed."""

from datetime import datetime

import pytest

from threadsift.decomposers.dates import (
    DATE_RE,
    FIELD_UNKNOWN,
    LINE_LANGUAGES,
    LINE_UNKNOWN,
    MONTH_NAMES,
    date_start,
    has_date_shape,
    has_header_date,
    month_of,
    parse_date,
    strip_header_dates,
)

FETCHED = datetime(2024, 3, 10, 12, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-05T14:10:00+0100", "2024-03-05T14:10:00+01:00"),
        ("2024-03-05T14:10:00Z", "2024-03-05T14:10:00Z"),
        ("2024-03-05", "2024-03-05"),
        ("2024-03-05 8:07", "2024-03-05T08:07"),
        ("March 5, 2024 at 3:10 pm", "2024-03-05T15:10"),
        ("5th March 2024", "2024-03-05"),
        ("12:00 am, Jan 1 2024", "2024-01-01T00:00"),
        ("5. März 2024 um 14:30 Uhr", "2024-03-05T14:30"),
        ("um 14:30 am 5. März 2024", "2024-03-05T14:30"),  # German "am" is no a.m.
        ("Di 3. Mär 2015, 19:41", "2015-03-03T19:41"),
        ("le 5 mars 2024 à 14h30", "2024-03-05T14:30"),
        ("12 avril 2022 à 9 h 14 min", "2022-04-12T09:14"),
        ("1er avril 2023", "2023-04-01"),
        ("5 de marzo de 2024", "2024-03-05"),
        ("31 ago 2023", "2023-08-31"),
        ("5 maggio 2024, 18:02", "2024-05-05T18:02"),
        ("5 de março de 2024, 10:00", "2024-03-05T10:00"),
        ("5 maart 2024", "2024-03-05"),
        ("05.04.2024", "2024-04-05"),  # dots: day first everywhere
        ("13/05/2024", "2024-05-13"),  # a part above 12 is the day
        ("05/13/2024", "2024-05-13"),
        ("1/1/24", "2024-01-01"),
        ("12.03.99, 17:02", "1999-03-12T17:02"),
    ],
)
def test_dates_in_several_languages(text: str, expected: str) -> None:
    assert parse_date(text) == expected


def test_slashed_dates_follow_the_page_language_when_ambiguous() -> None:
    assert parse_date("04/05/2024") is None  # April 5 or May 4: no language, no answer
    assert parse_date("04/05/2024", language="en") == "2024-04-05"
    assert parse_date("04/05/2024", language="en-us") == "2024-04-05"
    assert parse_date("04/05/2024", language="en-gb") == "2024-05-04"
    assert parse_date("04/05/2024", language="fr") == "2024-05-04"
    assert parse_date("04/05/2024", language="de") == "2024-05-04"
    assert parse_date("05.04.2024", language="en") == "2024-04-05"  # dots stay day first


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 hours ago", "2024-03-10T09:00"),
        ("an hour ago", "2024-03-10T11:00"),
        ("vor 3 Tagen", "2024-03-07"),
        ("vor einem Tag", "2024-03-09"),
        ("il y a 2 jours", "2024-03-08"),
        ("hace 1 hora", "2024-03-10T11:00"),
        ("2 giorni fa", "2024-03-08"),
        ("3 dagen geleden", "2024-03-07"),
        ("gestern um 10:15", "2024-03-09T10:15"),
        ("5 March", "2024-03-05"),
        ("20 December", "2023-12-20"),  # the last such day up to the reference
    ],
)
def test_relative_dates_and_dates_without_year_need_a_reference(text: str, expected: str) -> None:
    assert parse_date(text) is None
    assert parse_date(text, reference=FETCHED) == expected


@pytest.mark.parametrize(
    "text",
    ["Antworten", "Reply", "2 Antworten", "Like 5", "Report", "March 2024", "31.02.2024", "", None],
)
def test_what_is_no_date_is_none(text: str | None) -> None:
    assert parse_date(text) is None
    assert parse_date(text, reference=FETCHED) is None


def test_date_shapes_and_where_they_start() -> None:
    assert has_date_shape("14 jui 2019")  # a date, though "jui" names no single month
    assert parse_date("14 jui 2019") is None
    assert not has_date_shape("Antworten")
    assert not has_date_shape("anna84")  # a handle's digits are no date
    assert date_start("Greta am 11.04.2021") == len("Greta am ")
    assert date_start("kite06 am 2019-02-11") == len("kite06 am ")


def test_every_language_of_the_month_table_has_twelve_months() -> None:
    assert all(len(months) == 12 for months in MONTH_NAMES.values())


@pytest.mark.parametrize(("name", "number"), sorted(month_of().items()))
def test_the_recognisers_read_the_month_table(name: str, number: int) -> None:
    text = f"5 {name} 2024"
    if name not in FIELD_UNKNOWN:
        assert parse_date(text) == f"2024-{number:02d}-05"
    assert has_header_date(f"Anna {text}") and strip_header_dates(f"Anna {text}") == "Anna  "
    line = DATE_RE.search(text)
    if name in month_of(LINE_LANGUAGES, LINE_UNKNOWN):  # a name of English, German, French...
        assert line is not None and line.group() == text
    else:
        assert line is None or line.group() != text


def test_the_line_recogniser_takes_no_english_word_for_a_month() -> None:
    assert DATE_RE.search("set 12 of the series") is None  # Italian and Portuguese "set"
    assert DATE_RE.search("sold out 2019 edition") is None  # Portuguese "out"
