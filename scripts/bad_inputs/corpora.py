"""Cases of corpus files: JSON Lines, JSON documents and Parquet."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bad_inputs.base import ESCAPES, case, gz, jsonl, page_bytes, put, url
from bad_inputs.builders import (
    GIB,
    corrupt,
    html_page,
    response,
    text_page,
    write_bomb,
)

# --- JSON Lines and JSON -----------------------------------------------------------------------


def doc(n: int, **extra: Any) -> dict[str, Any]:
    return {"id": f"doc-{n}", "url": url(n, "corpus.example"), "text": text_page(n), **extra}


@case("control: three JSON Lines records", 3, outputs=3)
def jsonl_ok(d: Path) -> None:
    put(d / "docs.jsonl", jsonl(doc(120), doc(121), doc(122)))


@case("empty JSON Lines: a .jsonl and a .jsonl.gz of no bytes, a .jsonl.gz of one member", 3)
def jsonl_empty(d: Path) -> None:
    put(d / "empty.jsonl", b"")
    put(d / "nothing.jsonl.gz", b"")
    put(d / "member.jsonl.gz", gz(b""))


@case("JSON lines of the wrong types: arrays, numbers, strings, null, nested text", 8, errors=8)
def jsonl_wrong_types(d: Path) -> None:
    put(
        d / "types.jsonl",
        jsonl(
            [doc(123)],
            42,
            '"plain string"',
            None,
            True,
            {"id": "n1", "text": {"en": text_page(124)}},
            {"id": "n2", "text": ["a", "b"]},
            {"id": "n3", "text": 3.5},
        ),
    )


@case("lines that are not JSON: cut, trailing comma, NaN, a bare word", 5, outputs=1, errors=4)
def jsonl_invalid_json(d: Path) -> None:
    put(
        d / "invalid.jsonl",
        jsonl(
            '{"id": "cut", "text": "never closed',
            '{"id": "comma", "text": "x",}',
            '{"id": "nan", "text": "x", "score": NaN}',
            "hello",
            doc(125),
        ),
    )


@case("JSON Lines with invalid UTF-8 inside a string", 2, outputs=1)
def jsonl_invalid_utf8(d: Path) -> None:
    bad = b'{"id": "bad", "text": "caf\xe9 \xff\xfe text"}\n'
    put(d / "bytes.jsonl", bad + jsonl(doc(126)).encode())


@case("JSON Lines encoded as UTF-16 without a BOM", None)
def jsonl_utf16(d: Path) -> None:
    put(d / "utf16.jsonl", jsonl(doc(127), doc(128)).encode("utf-16-le"))


@case("JSON Lines starting with a UTF-8 BOM, with CRLF line ends", 2)
def jsonl_bom_crlf(d: Path) -> None:
    put(d / "bom.jsonl", b"\xef\xbb\xbf" + jsonl(doc(129), doc(130)).replace("\n", "\r\n").encode())


@case("NUL bytes: escaped in the text and raw in the line", 2)
def jsonl_nul(d: Path) -> None:
    escaped = json.dumps(doc(131, text=text_page(131).replace(". ", ".\u0000 ")))
    raw = json.dumps(doc(132)).replace('"text": "', '"text": "\x00', 1)
    put(d / "nul.jsonl", escaped + "\n" + raw + "\n")


@case("a record nested 100,000 levels deep and a 64-bit overflow", 2)
def jsonl_deep_nesting(d: Path) -> None:
    deep = '{"id": "deep", "text": "x", "meta": ' + "[" * 100_000 + "]" * 100_000 + "}"
    big = '{"id": "big", "text": "Some text here.", "n": ' + "9" * 40 + "}"
    put(d / "deep.jsonl", deep + "\n" + big + "\n")


@case("text, id and URL carrying terminal escape sequences", 1)
def jsonl_escapes(d: Path) -> None:
    record = {
        "id": ESCAPES,
        "url": f"https://x.example/{ESCAPES}",
        "text": ESCAPES + text_page(133),
    }
    put(d / "escapes.jsonl", jsonl(record))


@case("two different records with one id in one file", 2, outputs=2)
def jsonl_same_id_within(d: Path) -> None:
    put(d / "ids.jsonl", jsonl(doc(134, id="same"), doc(135, id="same")))


@case("the same record twice in one file", 2, outputs=1, duplicates=1)
def jsonl_same_record_within(d: Path) -> None:
    put(d / "twice.jsonl", jsonl(doc(136), doc(136)))


@case("the same record (same id) in two files", 2, outputs=1, duplicates=1)
def jsonl_same_record_two_files(d: Path) -> None:
    put(d / "a.jsonl", jsonl(doc(137)))
    put(d / "b.jsonl", jsonl(doc(137)))


@case("two different records with one id in two files", 2, outputs=2)
def jsonl_same_id_two_files(d: Path) -> None:
    put(d / "a.jsonl", jsonl(doc(138, id="shared")))
    put(d / "b.jsonl", jsonl(doc(139, id="shared")))


@case('ids 1 and "1", and ids that are objects, null and booleans', 5, outputs=5)
def jsonl_id_types(d: Path) -> None:
    put(
        d / "ids.jsonl",
        jsonl(
            doc(140, id=1),
            doc(141, id="1"),
            doc(142, id={"k": 1}),
            doc(143, id=None),
            doc(144, id=True),
        ),
    )


@case("a .jsonl.gz cut short, one with damaged deflate data", None)
def jsonl_gz_damaged(d: Path) -> None:
    data = gz(jsonl(*(doc(145 + n) for n in range(6))))
    put(d / "cut.jsonl.gz", data[: len(data) * 2 // 3])
    put(d / "bad.jsonl.gz", corrupt(gz(jsonl(*(doc(151 + n) for n in range(6))))))


@case("a 4 MB .jsonl.gz whose one record inflates to 4 GiB", 1, errors=1)
def jsonl_gz_bomb(d: Path) -> None:
    with open(d / "bomb.jsonl.gz", "wb") as handle:
        write_bomb(handle, b'{"id": "bomb", "text": "', b"na ", 4 * GIB, b'"}\n')


@case("a .json document: an array of three records", 3, outputs=3)
def json_array(d: Path) -> None:
    put(d / "docs.json", json.dumps([doc(157), doc(158), doc(159)]))


@case(".json documents of the wrong shape: a number, nested arrays, an empty array", None)
def json_wrong_shapes(d: Path) -> None:
    put(d / "number.json", "42")
    put(d / "nested.json", json.dumps([[doc(160)], [[doc(161)]]]))
    put(d / "empty.json", "[]")


# --- Parquet -----------------------------------------------------------------------------------


def parquet(path: Path, columns: dict[str, list[Any]], types: dict[str, Any] | None = None) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = types or {}
    arrays = {name: pa.array(values, type=types.get(name)) for name, values in columns.items()}
    pq.write_table(pa.table(arrays), str(path))


@case("control: a Parquet file of three rows", 3, outputs=3)
def parquet_ok(d: Path) -> None:
    rows = [doc(170), doc(171), doc(172)]
    parquet(d / "docs.parquet", {key: [r[key] for r in rows] for key in ("id", "url", "text")})


@case("unreadable Parquet: cut short (no footer), PAR1 magic around garbage", 2, errors=2)
def parquet_unreadable(d: Path) -> None:
    put(d / "noise.parquet", b"PAR1" + bytes(range(256)) * 8 + b"PAR1")
    parquet(d / "full.parquet", {"id": ["a", "b"], "text": [text_page(173), text_page(174)]})
    data = (d / "full.parquet").read_bytes()
    (d / "full.parquet").unlink()
    put(d / "cut.parquet", data[: len(data) // 2])


@case("text columns of the wrong types: integers, binary, structs, nulls", 8, outputs=1, errors=7)
def parquet_wrong_types(d: Path) -> None:
    import pyarrow as pa

    parquet(d / "ints.parquet", {"id": ["i1", "i2"], "text": [1, 2]})
    parquet(
        d / "binary.parquet",
        {"id": ["b1", "b2"], "text": [b"\xff\xfe", b"abc"]},
        {"text": pa.binary()},
    )
    parquet(d / "struct.parquet", {"id": ["s1"], "text": [{"en": "x"}]})
    parquet(
        d / "nulls.parquet",
        {"id": ["n1", "n2", "n3"], "text": [None, None, text_page(175)]},
        {"text": pa.string()},
    )


@case("a Parquet file with no rows", None)
def parquet_empty(d: Path) -> None:
    import pyarrow as pa

    parquet(d / "empty.parquet", {"id": [], "text": []}, {"id": pa.string(), "text": pa.string()})


@case("two different Parquet rows with one id", 2, outputs=2)
def parquet_same_id(d: Path) -> None:
    parquet(d / "ids.parquet", {"id": ["same", "same"], "text": [text_page(176), text_page(177)]})


@case("inputs named for another format: WARC as .jsonl, JSONL as .html, HTML as .parquet", 3)
def wrong_extensions(d: Path) -> None:
    put(d / "crawl.jsonl", response(url(180), page_bytes(180), "wrong-180"))
    put(d / "docs.html", jsonl(doc(181)))
    put(d / "page.parquet", html_page(182))
