import io
import os
import sys
from pathlib import Path

import pytest

from threadsift.budget import Budget
from threadsift.errors import ConfigError, InputError
from threadsift.page import Outcome, page_id
from threadsift.readers import inputs
from threadsift.readers.inputs import expand_inputs, read_bytes
from threadsift.readers.text import TextReader, host_of, text_page
from threadsift.step import Shard


def make_tree(root: Path) -> None:
    (root / "b").mkdir()
    (root / "a.txt").write_text("First page\n\nBody.\n", encoding="utf-8")
    (root / "b" / "c.txt").write_bytes(
        "Caf\u00e9 cr\u00e8me et na\u00efvet\u00e9\n".encode("cp1252")
    )
    (root / "b" / "d.md").write_text("Another\n", encoding="utf-8")
    (root / ".hidden").write_text("skip me\n", encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "x.txt").write_text("skip me too\n", encoding="utf-8")


def test_reads_one_file(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(b"Headline\r\n\r\nStory.\r\n")
    [page] = TextReader([str(path)], url="https://News.Example.org/x").run()
    assert page.id == page_id(str(path), "https://News.Example.org/x")
    assert page.text == "Headline\n\nStory.\n"
    assert page.source == str(path)
    assert page.url == "https://News.Example.org/x"
    assert page.host == "news.example.org"
    assert page.encoding == "utf-8"
    assert page.outcome is None


def test_directory_is_read_recursively_in_sorted_order_without_hidden_files(
    tmp_path: Path,
) -> None:
    make_tree(tmp_path)
    paths = expand_inputs([str(tmp_path)])
    assert paths == [str(tmp_path / "a.txt"), str(tmp_path / "b/c.txt"), str(tmp_path / "b/d.md")]
    pages = list(TextReader(paths).run())
    assert [p.encoding for p in pages] == ["utf-8", "cp1252", "utf-8"]
    assert pages[1].text == "Café crème et naïveté\n"


def test_special_files_in_a_directory_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Page\n", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would block
    assert expand_inputs([str(tmp_path)]) == [str(tmp_path / "a.txt")]


def test_expand_inputs_suffixes_globs_missing_and_stdin(tmp_path: Path) -> None:
    make_tree(tmp_path)
    assert expand_inputs([str(tmp_path)], suffixes=(".md",)) == [str(tmp_path / "b/d.md")]
    assert expand_inputs([str(tmp_path / "**" / "*.txt")]) == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b/c.txt"),
    ]
    assert expand_inputs(["-"]) == ["-"]
    # A file named explicitly is kept whatever its suffix.
    assert expand_inputs([str(tmp_path / "b/d.md")], suffixes=(".txt",)) == [
        str(tmp_path / "b/d.md")
    ]


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"From stdin\n")))
    [page] = TextReader(["-"]).run()
    assert page.source == "<stdin>"
    assert page.text == "From stdin\n"
    assert page.id == text_page("From stdin\n", source="<stdin>").id


def test_bad_inputs_become_one_error_page_each(tmp_path: Path) -> None:
    make_tree(tmp_path)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "link.txt").symlink_to(tmp_path / "nowhere")
    (tmp_path / "b" / "empty_subdir").mkdir()  # inside a tree: nothing to read, not an error
    reader = TextReader(expand_inputs([str(tmp_path)]))
    pages = list(reader.run())
    errors = {p.source: p.reason for p in pages if p.outcome is Outcome.ERROR}
    assert errors == {
        str(tmp_path / "empty.txt"): f"{tmp_path}/empty.txt: empty input",
        str(tmp_path / "image.png"): f"{tmp_path}/image.png: binary file, not text",
        str(tmp_path / "link.txt"): f"{tmp_path}/link.txt: broken symlink",
    }
    assert reader.stats == {"pages": 3, "errors": 3}
    # A path given to a reader without expansion is still one error page.
    [page] = TextReader([str(tmp_path / "missing.txt")]).run()
    assert page.reason == f"{tmp_path}/missing.txt: no such file or directory"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing.txt", "no such file or directory"),
        ("nothing*.txt", "no file matches this pattern"),
        ("b/*.md", "no file matches this pattern"),  # matches only files without the suffix
        ("empty", "no files to read in this directory"),
        ("only_out", "no files to read in this directory"),  # its one file is the output's
    ],
)
def test_an_input_matching_nothing_is_an_input_error(
    tmp_path: Path, name: str, message: str
) -> None:
    make_tree(tmp_path)
    (tmp_path / "empty").mkdir()
    (tmp_path / "only_out" / "out").mkdir(parents=True)
    (tmp_path / "only_out" / "out" / "page.txt").write_text("Output\n", encoding="utf-8")
    item = str(tmp_path / name)
    with pytest.raises(InputError) as caught:
        expand_inputs(
            ["-", str(tmp_path / "a.txt"), item],
            suffixes=(".txt",),
            exclude=tmp_path / "only_out" / "out",
        )
    assert str(caught.value) == f"{item}: {message}"
    assert caught.value.source == item


def test_permission_denied(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # chmod 000 does not stop root, so make open() fail the way it does for other users.
    path = tmp_path / "secret.txt"
    path.write_text("x\n", encoding="utf-8")

    def denied(file: str, mode: str = "r") -> object:
        raise PermissionError(13, "Permission denied", file)

    monkeypatch.setattr(inputs, "open", denied, raising=False)
    [page] = TextReader([str(path)]).run()
    assert page.outcome is Outcome.ERROR
    assert page.reason == f"{path}: permission denied"


def test_unlistable_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (tmp_path / "ok.txt").write_text("Fine page\n", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: str = ".") -> object:
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    def listdir(path: str = ".") -> list[str]:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(os, "scandir", scandir)
    paths = expand_inputs([str(tmp_path)])
    assert paths == [str(locked), str(tmp_path / "ok.txt")]
    monkeypatch.setattr(os, "listdir", listdir)
    pages = list(TextReader(paths).run())
    assert pages[0].reason == f"{locked}: cannot list directory: permission denied"
    assert pages[1].text == "Fine page\n"


def test_decode_error_with_explicit_encoding_is_an_error_page(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(b"caf\xe9\n")
    [page] = TextReader([str(path)], encoding="utf-8").run()
    assert page.reason == f"{path}:byte 3: cannot decode as utf-8: invalid byte b'\\xe9'"


def test_url_needs_a_single_input_and_encoding_must_exist() -> None:
    with pytest.raises(ConfigError, match="single input"):
        TextReader(["a", "b"], url="https://example.org/")
    with pytest.raises(ConfigError, match="unknown encoding"):
        TextReader(["a"], encoding="klingon")


def test_read_bytes_raises_input_error_for_a_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no files to read in this directory"):
        read_bytes(str(tmp_path))


def test_host_of() -> None:
    assert host_of("https://WWW.Example.com:8080/path") == "www.example.com"
    assert host_of("not a url") is None
    assert host_of(None) is None
    assert host_of("http://[::1") is None


def test_gzipped_pages_are_inflated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gzip

    text = "Headline\n\nCaf\u00e9 story.\n"
    two_members = gzip.compress(text[:9].encode("utf-8")) + gzip.compress(text[9:].encode())
    (tmp_path / "page.txt.gz").write_bytes(two_members)
    [page] = TextReader([str(tmp_path / "page.txt.gz")]).run()
    assert page.text == text
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(two_members)))
    assert read_bytes("-") == text.encode("utf-8")


def test_corrupt_or_oversized_input_is_one_error_page(tmp_path: Path) -> None:
    import gzip

    data = gzip.compress(b"x" * 5000)
    (tmp_path / "cut.txt.gz").write_bytes(data[: len(data) // 2])
    (tmp_path / "big.txt.gz").write_bytes(data)
    (tmp_path / "big.txt").write_bytes(b"x" * 5000)
    names = [str(tmp_path / name) for name in ("cut.txt.gz", "big.txt.gz", "big.txt")]
    cut, big, plain = TextReader(names, budget=Budget(record_bytes=1000)).run()
    assert cut.outcome is Outcome.ERROR and "corrupt gzip data" in (cut.reason or "")
    for page in (big, plain):
        assert page.outcome is Outcome.ERROR and "over the record size limit" in (page.reason or "")


def test_shards_share_a_file_s_records_and_its_errors(tmp_path: Path) -> None:
    from threadsift.readers.detect import InputReader

    path = tmp_path / "pages.jsonl"
    path.write_text("".join(f'{{"id": "p{i}", "text": "Page {i}"}}\n' for i in range(7)) + "{bad\n")
    parts = [list(InputReader([str(path)]).run(shard=Shard(k, 3))) for k in range(3)]
    texts = [[page.text for page in part if page.outcome is not Outcome.ERROR] for part in parts]
    assert texts == [["Page 0", "Page 3", "Page 6"], ["Page 1", "Page 4"], ["Page 2", "Page 5"]]
    assert [page.outcome for page in parts[1]][-1] is Outcome.ERROR  # record 7: bad JSON
    assert [len(part) for part in parts] == [3, 3, 2]
    missing = str(tmp_path / "missing.txt")
    assert [len(list(TextReader([missing]).run(shard=Shard(k, 2)))) for k in range(2)] == [1, 0]
