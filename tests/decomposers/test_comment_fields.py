"""comment_fields.settle: names without widget words, dates moved and parsed, raw text kept."""

import pytest

from threadsift.decomposers.comment_fields import clean_name, date_by_fetch, settle, split_name
from threadsift.page import Comment, Page


def settled(author: str | None, date: str | None, language: str | None = None) -> Comment:
    return settle(Comment(0, author, "text", date=date), language=language)


@pytest.mark.parametrize(
    ("field", "name"),
    [
        ("Greta HolmAutor", "Greta Holm"),  # a role badge glued to the name
        ("Greta HolmModerator", "Greta Holm"),
        ("Paul Kern (Admin)", "Paul Kern"),
        ("Admin · Paul Kern", "Paul Kern"),
        ("Paul Kern Reply", "Paul Kern"),
        ("Paul Kern · Melden", "Paul Kern"),
        ("Avatar of Bob Ray", "Bob Ray"),
        ("Avatar de Léa Roux", "Léa Roux"),
        ("Profilbild von Jens Ott", "Jens Ott"),
        ("Bob Ray's avatar", "Bob Ray"),
        ("Posted by kite_runner", "kite_runner"),
        ("Kommentar von Jens Ott", "Jens Ott"),
        ("Publicado por Ana Gil", "Ana Gil"),
        ("Pubblicato da Ugo Neri", "Ugo Neri"),
        ("Geplaatst door Bram Smit", "Bram Smit"),
        ("Ana Gil says:", "Ana Gil"),
        ("Léa Roux dit :", "Léa Roux"),
        ("Jens Ott schrieb:", "Jens Ott"),
        ("Ugo Neri scrive:", "Ugo Neri"),
        ("The Editor", "The Editor"),  # a badge word after a plain space may be the name
        ("Redaktion", "Redaktion"),  # a role alone is the name shown
        ("Greta HolmMitglied seit 2010Beiträge: 312", "Greta Holm"),  # forum profile facts
        ("Greta Holm Member since 2010", "Greta Holm"),
        ("Otto Rang: Gast", "Otto"),
        ("Otto Rang", "Otto Rang"),  # a fact's word without its value is part of the name
        ("Bob Ray Verified", "Bob Ray"),
        ("Greta Holm (42)", "Greta Holm"),
        ("Bram S.", "Bram S."),
        ("Lea (Gast)", "Lea (Gast)"),
        ("12 Bram Smit", "Bram Smit"),  # the comment's number before its author
        ("#3. kite_runner", "kite_runner"),
        ("2Pac", "2Pac"),  # digits inside a name stay
        ("Unregistered CommenterBente Lund", "Bente Lund"),  # a badge glued to the start
        ("Registered Commenterbente lund", "bente lund"),  # ... before a lower-case name
        ("AdminJoe", "Joe"),
        ("Modesto", "Modesto"),
        ("Mat Newman http://www.example.org", "Mat Newman"),  # the commenter's home page
        ("Ugo Neri (not verified)", "Ugo Neri"),  # Drupal's mark of a guest
        ("Jens Ott (nicht überprüft)", "Jens Ott"),
        ("kite_runner (4211) *", "kite_runner"),  # a user number and a star
    ],
)
def test_names_lose_widget_words_in_several_languages(field: str, name: str) -> None:
    assert clean_name(field) == name


@pytest.mark.parametrize("field", ["Reply", "Antworten", "Like", "Posted by", "Avatar", "  ", "12"])
def test_a_field_of_widget_words_alone_names_nobody(field: str) -> None:
    assert clean_name(field) is None


def test_a_date_in_the_name_field_moves_to_the_date() -> None:
    comment = settled("Greta am 11.04.2021:", None)
    assert (comment.author, comment.date_raw, comment.date) == (
        "Greta",
        "11.04.2021",
        "2021-04-11",
    )
    assert split_name("kite_runner06 on 2019-02-11") == ("kite_runner06", "2019-02-11")
    assert split_name("Li Sun") == ("Li Sun", None)  # a weekday's name is no date
    assert split_name("Unahora") == ("Unahora", None)  # "una hora" glued is a name, no date
    comment = settled("On May 2, 2019, kite_runner said:", None)
    assert (comment.author, comment.date) == ("kite_runner", "2019-05-02")


def test_the_name_in_the_date_field_moves_to_the_author() -> None:
    comment = settled(None, "3 août 2011, par Henri B.")
    assert (comment.author, comment.date_raw, comment.date) == (
        "Henri B.",
        "3 août 2011",
        "2011-08-03",
    )
    comment = settled("Nora K. jui", "Publié par Nora K. le 14 jui 2019 16:05")
    assert (comment.author, comment.date_raw, comment.date) == (
        "Nora K.",
        "14 jui 2019 16:05",
        None,
    )


def test_a_widget_word_in_the_date_field_is_no_date() -> None:
    comment = settled("Greta HolmAutor", "Antworten")
    assert (comment.author, comment.date_raw, comment.date) == ("Greta Holm", None, None)


def test_dates_are_parsed_and_their_text_kept() -> None:
    comment = settled("Ana Gil", "5 de marzo de 2024, 10:00")
    assert (comment.date, comment.date_raw) == ("2024-03-05T10:00", "5 de marzo de 2024, 10:00")
    comment = settled("Ana Gil", "hace 2 horas")
    assert (comment.date, comment.date_raw) == (None, "hace 2 horas")  # no reference time
    assert settled("Bo", "04/05/2024", language="en").date == "2024-04-05"
    assert settled("Bo", "04/05/2024", language="it").date == "2024-05-04"


def test_settling_twice_changes_nothing() -> None:
    once = settled("Posted by Greta HolmAdmin", "Mi 4. Mär 2015, 08:02")
    twice = settle(Comment(0, once.author, "text", date=once.date, date_raw=once.date_raw))
    assert (twice.author, twice.date, twice.date_raw) == (once.author, once.date, once.date_raw)


def test_date_by_fetch_fills_what_only_a_reference_pins_down() -> None:
    def page(fetched: str | None) -> Page:
        return Page(
            id="p",
            text="",
            fetched=fetched,
            published_raw="5 March",
            comments=[
                Comment(0, "A", "x", date=None, date_raw="gestern"),
                Comment(1, "B", "y", date="2020-01-01", date_raw="1 Jan 2020"),
                Comment(2, "C", "z", date=None, date_raw="5 minutes ago"),
            ],
        )

    fetched = page("2024-01-10T12:00:00Z")
    date_by_fetch(fetched)
    assert fetched.published == "2023-03-05"  # the last 5 March up to the fetch
    dates = [c.date for c in fetched.comments]
    assert dates == ["2024-01-09", "2020-01-01", "2024-01-10T11:55+00:00"]
    for value in (None, "not a time"):
        unknown = page(value)
        date_by_fetch(unknown)
        assert unknown.published is None
        assert [c.date for c in unknown.comments] == [None, "2020-01-01", None]
