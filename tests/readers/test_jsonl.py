"""JSONL corpora: C4, FineWeb and Dolma layouts out of the box, custom fields, bad lines."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from threadsift.errors import ConfigError
from threadsift.page import Outcome, page_id
from threadsift.readers.fields import Fields, record_page
from threadsift.readers.jsonl import JsonlReader

C4 = {
    "text": "Headline\nStory.",
    "url": "https://c4.example/a",
    "timestamp": "2019-04-25T12:57:54Z",
}
FINEWEB = {"text": "Story.", "id": "<urn:uuid:1>", "url": "https://fw.example/b", "dump": "CC-2024"}
DOLMA = {
    "text": "Story.",
    "id": "17",
    "source": "common-crawl",
    "metadata": {"url": "https://dolma.example/c"},
}


@pytest.mark.parametrize(
    ("record", "url", "source_id"),
    [
        (C4, "https://c4.example/a", None),
        (FINEWEB, "https://fw.example/b", "<urn:uuid:1>"),
        (DOLMA, "https://dolma.example/c", "17"),
    ],
    ids=["c4", "fineweb", "dolma"],
)
def test_corpus_layouts_work_out_of_the_box(
    write_jsonl: Callable[..., Path], record: dict[str, object], url: str, source_id: str | None
) -> None:
    path = write_jsonl("corpus.jsonl", [record])
    (page,) = JsonlReader([str(path)]).run()
    assert page.text == record["text"]
    assert page.url == url
    assert page.host == url.split("/")[2]
    assert page.source_id == source_id
    assert page.id == page_id(str(path), "line 1", source_id or "")
    assert page.source == str(path)


def test_records_sharing_an_id_never_share_a_page_id(write_jsonl: Callable[..., Path]) -> None:
    first = write_jsonl("a.jsonl", [FINEWEB, FINEWEB | {"text": "Another story."}])
    second = write_jsonl("b.jsonl", [FINEWEB])
    pages = list(JsonlReader([str(first), str(second)]).run())
    assert [page.source_id for page in pages] == ["<urn:uuid:1>"] * 3
    assert len({page.id for page in pages}) == 3


def test_bad_lines_become_error_pages_naming_file_and_line(
    write_jsonl: Callable[..., Path],
) -> None:
    records: list[object] = [FINEWEB, "{not json", "", "[1, 2]", {"body": "x"}, {"text": 3}, C4]
    path = write_jsonl("bad.jsonl", records)
    reader = JsonlReader([str(path)])
    pages = list(reader.run())

    assert [page.url for page in pages if page.outcome is None] == [FINEWEB["url"], C4["url"]]
    reasons = [page.reason for page in pages if page.outcome is Outcome.ERROR]
    assert len(reasons) == 4
    assert reasons[0] is not None and reasons[0].startswith(f"{path}:2: invalid JSON")
    assert reasons[1] == f"{path}:4: a record must be an object, not list"
    assert reasons[2] == (
        f"{path}:5: no text field 'text' or 'content' or 'raw_content' (the record has: body)"
    )
    assert reasons[3] == f"{path}:6: the text field holds a int, not a string"
    assert reader.stats["errors"] == 4


def test_gzipped_jsonl_and_custom_fields(write_jsonl: Callable[..., Path]) -> None:
    record = {"doc": {"body": "Text\r\nhere"}, "key": 5, "link": "https://z.example/x"}
    path = write_jsonl("custom.jsonl.gz", [record, record | {"key": 6}], gz=True)
    fields = Fields.of(text_field="doc.body", id_field="key", url_field="link")
    pages = list(JsonlReader([str(path)], fields=fields).run())
    assert [page.text for page in pages] == ["Text\nhere", "Text\nhere"]
    assert [page.source_id for page in pages] == ["5", "6"]
    assert pages[0].id != pages[1].id
    assert pages[0].host == "z.example"


def test_records_without_id_or_url_get_file_and_line_ids(write_jsonl: Callable[..., Path]) -> None:
    path = write_jsonl("plain.jsonl", [{"text": "a"}, {"text": "   "}, {"text": "b"}])
    reader = JsonlReader([str(path)])
    pages = list(reader.run())
    assert [page.id for page in pages] == [
        page_id(str(path), "line 1", ""),
        page_id(str(path), "line 3", ""),
    ]
    assert reader.stats["skipped_empty"] == 1


def test_cut_gzip_stream_is_one_error_after_the_good_lines(tmp_path: Path) -> None:
    lines = b"".join(b'{"text": "line %d"}\n' % n for n in range(2000))
    data = gzip.compress(lines)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    pages = list(JsonlReader([str(path)]).run())
    assert pages[-1].outcome is Outcome.ERROR
    assert "the rest of the file is skipped" in (pages[-1].reason or "")
    assert all(page.outcome is None for page in pages[:-1]) and len(pages) > 1


def test_works_without_orjson(
    monkeypatch: pytest.MonkeyPatch, write_jsonl: Callable[..., Path]
) -> None:
    monkeypatch.setitem(__import__("sys").modules, "orjson", None)
    path = write_jsonl("std.jsonl", [C4, "{oops"])
    pages = list(JsonlReader([str(path)]).run())
    assert pages[0].url == C4["url"]
    assert (pages[1].reason or "").startswith(f"{path}:2: invalid JSON")


def test_empty_field_name_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="empty text field name"):
        Fields.of(text_field="")


def test_a_json_document_is_read_whole(tmp_path: Path) -> None:
    array = tmp_path / "pages.json"
    array.write_text('[\n  {"text": "One.", "url": "https://a.example/1"},\n  {"url": "x"}\n]\n')
    single = tmp_path / "page.json"
    single.write_text('{\n  "text": "Two."\n}\n')
    pages = list(JsonlReader([str(array), str(single)]).run())
    assert [p.text for p in pages if p.outcome is None] == ["One.", "Two."]
    errors = [p for p in pages if p.outcome is Outcome.ERROR]
    assert len(errors) == 1 and errors[0].reason is not None
    assert errors[0].reason.startswith(f"{array}:record 2: no text field")


def test_json_lines_named_json_still_read_by_line(tmp_path: Path) -> None:
    path = tmp_path / "corpus.json"
    path.write_text('{"text": "One."}\n{"text": "Two."}\n')
    assert [p.text for p in JsonlReader([str(path)]).run()] == ["One.", "Two."]


def test_the_other_fields_pass_through_as_metadata(write_jsonl: Callable[..., Path]) -> None:
    """Everything but the text, the id and the URL is kept, nested objects and types as they
    are; a nested field read as the text leaves its siblings."""
    record = {
        "doc": {"body": "Story.", "lang": "de"},
        "key": 7,
        "link": "https://m.example/a",
        "dump": "CC-2024-10",
        "scores": {"edu": 2.5, "tags": ["news", None], "ok": True},
        "n": 12345678901234567890,
    }
    path = write_jsonl("meta.jsonl", [record, {"doc": {"body": "Two."}, "key": "x"}])
    fields = Fields.of(text_field="doc.body", id_field="key", url_field="link")
    first, second = JsonlReader([str(path)], fields=fields).run()
    assert first.source_id == "7"
    assert first.metadata == {
        "doc": {"lang": "de"},
        "dump": "CC-2024-10",
        "scores": {"edu": 2.5, "tags": ["news", None], "ok": True},
        "n": 12345678901234567890,
    }
    assert second.metadata == {"doc": {}}
    assert record["doc"] == {"body": "Story.", "lang": "de"}  # the record is not changed


@pytest.mark.parametrize(
    ("record", "metadata"),
    [
        (C4, {"timestamp": "2019-04-25T12:57:54Z"}),
        (FINEWEB, {"dump": "CC-2024"}),
        (DOLMA, {"source": "common-crawl", "metadata": {}}),
        # A URL field that holds no string is not the page's URL: it stays.
        ({"text": "a", "url": 5}, {"url": 5}),
    ],
    ids=["c4", "fineweb", "dolma", "url-not-text"],
)
def test_metadata_of_the_common_layouts(
    write_jsonl: Callable[..., Path], record: dict[str, object], metadata: dict[str, object]
) -> None:
    (page,) = JsonlReader([str(write_jsonl("corpus.jsonl", [record]))]).run()
    assert page.metadata == metadata


def test_metadata_is_json_that_writes_as_utf8() -> None:
    """Lone surrogates (JSON escapes decode to them) become U+FFFD, NaN and infinities null."""
    record = {
        "text": "a",
        "note": "x\ud800",
        "\udc00key": 1,
        "score": float("nan"),
        "scores": [float("inf"), 1.5],
    }
    page = record_page(record, Fields(), source="s.jsonl", where="line 1")
    assert page is not None
    assert page.metadata == {
        "note": "x\ufffd",
        "\ufffdkey": 1,
        "score": None,
        "scores": [None, 1.5],
    }
    json.dumps(page.metadata, ensure_ascii=False, allow_nan=False).encode("utf-8")


def test_a_record_too_deep_to_pass_through_is_an_error_page(
    write_jsonl: Callable[..., Path],
) -> None:
    deep = '{"text": "a", "x": ' + "[" * 990 + "]" * 990 + "}"
    reader = JsonlReader([str(write_jsonl("deep.jsonl", [deep, {"text": "b"}]))])
    error, page = reader.run()
    assert error.outcome is Outcome.ERROR
    assert (error.reason or "").endswith(
        ":1: the record nests too deeply to pass its fields through"
    )
    assert page.text == "b"


@pytest.mark.parametrize(
    ("record", "path", "rest"),
    [
        ({"a.b": 1, "a": {"b": 2}}, "a.b", {"a": {"b": 2}}),  # the dotted key itself
        ({"a": {"b.c": 1, "b": {"c": 2}}}, "a.b.c", {"a": {"b.c": 1, "b": {}}}),
        ({"a": 5}, "a.b", {"a": 5}),
    ],
)
def test_without_takes_out_what_lookup_reads(
    record: dict[str, object], path: str, rest: dict[str, object]
) -> None:
    from threadsift.readers.fields import without

    assert without(record, path) == rest
