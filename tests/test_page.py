import json

import pytest

from threadsift.page import (
    SCHEMA_VERSION,
    Comment,
    Label,
    Line,
    Outcome,
    Page,
    Quality,
    page_id,
)


def full_page() -> Page:
    return Page(
        id=page_id("a.txt"),
        text="Headline\n\nBody.\nDonate\nAnna\nNice piece.\n",
        source="a.txt",
        source_id="<urn:uuid:1>",
        source_offset=1234,
        fetched="2024-01-03T10:00:00Z",
        metadata={"dump": "CC-2024", "scores": {"edu": 2.5, "tags": ["a", None]}},
        url="https://news.example/a",
        host="news.example",
        encoding="cp1252",
        title="Headline",
        author="Jo Writer",
        published="2024-01-01T08:30",
        published_raw="1 January 2024, 08:30",
        site_name="The Example News",
        article="Body.",
        lines=[
            Line(1, Label.TITLE),
            Line(2, Label.BLANK),
            Line(3, Label.ARTICLE),
            Line(4, Label.CHROME, "donation"),
            Line(5, Label.COMMENT_AUTHOR),
            Line(6, Label.COMMENT_TEXT),
        ],
        comments=[
            Comment(
                0,
                "Anna",
                "Nice piece.",
                5,
                6,
                depth=0,
                parent=None,
                date="2024-01-02",
                date_raw="2 Jan 2024",
            ),
            Comment(1, None, "Agreed.", None, None, depth=1, parent=0),
            Comment(
                2,
                "Ben",
                "Idiot.",
                language="en",
                language_score=0.9,
                toxicity=0.8,
                toxic=True,
                toxicity_category="insult",
            ),
        ],
        language="en",
        language_score=0.99,
        quality=Quality(word_count=1, mean_word_length=4.0, dup_5gram_char_fraction=0.25),
        outcome=Outcome.FILTERED,
        reason="too_short",
    )


@pytest.mark.parametrize("with_text", [False, True])
def test_round_trip_through_json(with_text: bool) -> None:
    page = full_page()
    record = json.loads(json.dumps(page.to_dict(with_text=with_text)))
    back = Page.from_dict(record)
    expected = full_page()
    if not with_text:
        expected.text = ""
    assert back == expected
    assert back.to_dict(with_text=with_text) == record


def test_record_fields_and_types() -> None:
    record = full_page().to_dict()
    assert record["schema_version"] == SCHEMA_VERSION
    assert "text" not in record
    assert record["lines"][3] == {"n": 4, "label": "chrome", "reason": "donation"}
    assert record["comments"][1] == {
        "index": 1,
        "author": None,
        "text": "Agreed.",
        "first_line": None,
        "last_line": None,
        "depth": 1,
        "parent": 0,
        "date": None,
        "date_raw": None,
        "language": None,
        "language_score": None,
        "toxicity": None,
        "toxic": None,
        "toxicity_category": None,
    }
    assert record["comments"][0]["date"] == "2024-01-02"
    assert record["comments"][0]["date_raw"] == "2 Jan 2024"
    assert (record["author"], record["published"], record["site_name"]) == (
        "Jo Writer",
        "2024-01-01T08:30",
        "The Example News",
    )
    assert record["published_raw"] == "1 January 2024, 08:30"
    assert record["outcome"] == "filtered"
    assert record["reason"] == "too_short"
    assert (record["source_id"], record["source_offset"], record["fetched"]) == (
        "<urn:uuid:1>",
        1234,
        "2024-01-03T10:00:00Z",
    )
    assert record["metadata"] == {"dump": "CC-2024", "scores": {"edu": 2.5, "tags": ["a", None]}}


def test_minimal_page_has_no_outcome_fields() -> None:
    record = Page(id="x", text="").to_dict()
    assert "outcome" not in record
    assert "reason" not in record
    assert Page.from_dict(record) == Page(id="x", text="")


def test_page_id_is_stable_and_distinguishes_parts() -> None:
    assert page_id("a", "b") == page_id("a", "b")
    assert page_id("a", "b") != page_id("ab")
    assert len(page_id("a")) == 16


def test_quality_is_a_typed_object_in_the_record() -> None:
    record = json.loads(json.dumps(full_page().to_dict()))
    assert record["quality"]["word_count"] == 1
    assert record["quality"]["dup_5gram_char_fraction"] == 0.25
    assert record["quality"]["has_lorem_ipsum"] is False
    assert Page(id="x", text="").to_dict()["quality"] is None


def test_records_of_older_versions_and_unknown_signals_load() -> None:
    record = full_page().to_dict()
    for name in ("source_offset", "fetched", "metadata"):
        del record[name]  # schema_version 5 had none
    older = Page.from_dict(record)
    assert (older.source_offset, older.fetched, older.metadata) == (None, None, None)
    record = full_page().to_dict()
    for name in ("author", "published", "published_raw", "site_name"):
        del record[name]  # schema_version 4 had none
    for comment in record["comments"]:
        del comment["date_raw"]
    older = Page.from_dict(record)
    assert (older.author, older.published, older.comments[0].date_raw) == (None, None, None)
    record = full_page().to_dict()
    del record["quality"]  # schema_version 2 had none
    assert Page.from_dict(record).quality is None
    record = full_page().to_dict()
    record["quality"]["a_signal_of_a_later_version"] = 1.0
    assert Page.from_dict(record).quality == full_page().quality
