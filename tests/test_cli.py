import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from threadsift import __version__
from threadsift.cli import cli
from threadsift.decomposers.text import TextDecomposer

SEEDS = Path(__file__).parent / "data" / "seeds"
PAGE = (
    "Ministers agree on a new river plan\n"
    "\n"
    "The plan, agreed on Tuesday after months of talks, sets out how the river will be cleaned.\n"
    "\n"
    "Officials said the work would start in the spring and take about three years to finish.\n"
)


def run(*args: str, input: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def page_file(tmp_path: Path) -> Path:
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_one_file_gives_one_json_record(page_file: Path) -> None:
    code, out, err = run("split", str(page_file))
    assert code == 0
    assert err == "threadsift: 1 input: 1 page\n"
    [line] = out.splitlines()
    record = json.loads(line)
    assert record["schema_version"] == 6
    assert record["source"] == str(page_file)
    assert record["encoding"] == "utf-8"
    assert [row["n"] for row in record["lines"]] == [1, 2, 3, 4, 5]
    assert "text" not in record


def test_url_and_with_text(page_file: Path) -> None:
    code, out, _ = run("split", "--url", "https://News.example/a", "--with-text", str(page_file))
    record = json.loads(out)
    assert code == 0
    assert (record["url"], record["host"]) == ("https://News.example/a", "news.example")
    assert record["text"] == PAGE


def test_stdin() -> None:
    code, out, err = run("split", "-", input=PAGE.encode("cp1252"))
    assert code == 0
    assert json.loads(out)["source"] == "<stdin>"
    assert err == "threadsift: 1 input: 1 page\n"


def test_directory_with_bad_inputs(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / "d.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "e.txt").write_bytes(PAGE.encode("utf-16"))
    code, out, err = run("split", str(tmp_path))
    assert code == 1
    assert err.splitlines() == [
        f"threadsift: error: {tmp_path}/b.bin: binary file, not text",
        f"threadsift: error: {tmp_path}/c.txt: empty input",
        f"threadsift: error: {tmp_path}/d.txt: broken symlink",
        "threadsift: 5 inputs: 2 pages, 3 errors",
    ]
    assert [json.loads(line)["encoding"] for line in out.splitlines()] == ["utf-8", "utf-16"]


def test_missing_file_next_to_a_good_one_stops_before_reading(page_file: Path) -> None:
    code, out, err = run("split", str(page_file), "missing.txt")
    assert code == 1
    assert out == ""
    assert err == "threadsift: error: missing.txt: no such file or directory\n"


def test_glob_or_directory_matching_nothing_is_an_error(tmp_path: Path) -> None:
    pattern = str(tmp_path / "nothing*.html")
    assert run("split", pattern) == (
        1,
        "",
        f"threadsift: error: {pattern}: no file matches this pattern\n",
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("split", str(empty)) == (
        1,
        "",
        f"threadsift: error: {empty}: no files to read in this directory\n",
    )


def test_decoding_error_hints_at_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Un caf\u00e9 cr\u00e8me\n".encode("cp1252"))
    code, _, err = run("split", "--encoding", "utf-8", str(path))
    assert code == 1
    assert err.splitlines()[0] == (
        f"threadsift: error: {path}:byte 6: cannot decode as utf-8: invalid byte b'\\xe9'"
        " (try another --encoding)"
    )
    code, out, _ = run("split", "--encoding", "cp1252", str(path))
    assert code == 0
    assert json.loads(out)["encoding"] == "cp1252"


def test_a_decomposer_bug_costs_one_page_not_the_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.txt").write_text("boom\n" + PAGE, encoding="utf-8")
    real = TextDecomposer.decompose

    def fragile(self: TextDecomposer, page: object) -> None:
        if getattr(page, "text", "").startswith("boom"):
            raise RuntimeError("kaput")
        real(self, page)  # type: ignore[arg-type]

    monkeypatch.setattr(TextDecomposer, "decompose", fragile)
    code, out, err = run("split", str(tmp_path))
    assert code == 1
    assert len(out.splitlines()) == 1
    assert err.splitlines() == [
        f"threadsift: error: {tmp_path}/b.txt: internal error in decompose:"
        " RuntimeError('kaput') (please report)",
        "threadsift: 2 inputs: 1 page, 1 error",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            [],
            "Usage: threadsift split [OPTIONS] PATH... [-]\n"
            "Try 'threadsift split --help' for help.\n\n"
            "Error: Missing argument 'PATH... [-]'.",
        ),
        (["--format", "pdf", "x.txt"], "Invalid value for '--format': 'pdf' is not one of"),
        (["--encoding", "klingon", "x.txt"], "unknown encoding 'klingon'"),
        (["--url", "https://a.example/", "a.txt", "b.txt"], "--url applies to a single input"),
        (["--no-such-option", "x.txt"], "No such option '--no-such-option'."),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    code, out, err = run("split", *args)
    assert code == 2
    assert out == ""
    assert message in err


def test_view_shows_every_label_and_reason() -> None:
    seed = str(SEEDS / "000_7fe71d9ef4cd9f31.txt")
    code, out, _ = run("split", seed)
    record = json.loads(out)
    code, view, err = run("split", "--view", seed)
    assert code == 0
    assert err == "threadsift: 1 input: 1 page\n"
    assert "threadsift page" in view
    assert f"Comments ({len(record['comments'])})" in view
    for label in {row["label"] for row in record["lines"]}:
        assert f" {label} " in view
    for reason in {row["reason"] for row in record["lines"] if row["reason"]}:
        assert f"[{reason}]" in view
    for comment in record["comments"]:
        if comment["author"]:
            assert comment["author"] in view


def test_help_and_version() -> None:
    code, out, _ = run("--help")
    assert code == 0
    assert "split" in out
    code, out, _ = run("--version")
    assert out == f"threadsift, version {__version__}\n"


def test_python_dash_m_runs_the_cli(page_file: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "threadsift", "split", str(page_file), "nope.txt"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == ["threadsift: error: nope.txt: no such file or directory"]


def test_escape_sequences_never_reach_the_terminal(tmp_path: Path) -> None:
    title = "\x1b]0;owned\x07"
    bad = tmp_path / f"logo{title}.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    page = tmp_path / "page.txt"
    page.write_text("Head\x1b[2Jline\n\nThe story\x9b31m goes on\x7f.\n", encoding="utf-8")
    code, out, err = run("split", "--no-annotate", "--with-text", str(tmp_path))
    assert code == 1
    assert err.splitlines()[0] == (
        f"threadsift: error: {tmp_path}/logo\\x1b]0;owned\\x07.png: binary file, not text"
    )
    assert not {"\x1b", "\x07", "\x9b", "\x7f"} & set(out + err)
    assert json.loads(out)["text"] == page.read_text(encoding="utf-8")
    code, view, err = run("split", "--no-annotate", "--view", str(page), str(bad))
    assert not {"\x1b", "\x07", "\x9b", "\x7f"} & set(view + err)
    assert "Head\\x1b[2Jline" in view


def test_a_bad_limit_is_a_usage_error(page_file: Path) -> None:
    code, _, err = run("split", "--limit", "nothing=1", str(page_file))
    assert code == 2
    assert "not a limit: 'nothing=1'" in err and "Traceback" not in err


def test_usage_errors_show_control_characters_escaped(page_file: Path) -> None:
    code, _, err = run("split", "--encoding", "x\x1b]0;owned\x07", str(page_file))
    assert code == 2
    assert "unknown encoding 'x\\x1b]0;owned\\x07'" in err
    assert not {"\x1b", "\x07"} & set(err)


@pytest.mark.parametrize("command", [[], ["split"]], ids=["threadsift", "split"])
def test_the_stdin_example_of_the_help_gives_a_title_and_an_article(command: list[str]) -> None:
    import re

    code, help_text, _ = run(*command, "--help")
    match = re.search(
        r"printf '(?P<text>[^']*)' (?:\\\n\s*)?\| threadsift split (?:--view )?-$", help_text, re.M
    )
    assert code == 0 and match, help_text
    text = match.group("text").encode().decode("unicode_escape")
    code, out, _ = run("split", "--no-annotate", "-", input=text)
    page = json.loads(out)
    rows = text.splitlines()
    assert (page["title"], page["article"]) == (rows[0], rows[2])
    chrome = [n for n, line in enumerate(text.splitlines(), 1) if line == "Reply"]
    assert [line["n"] for line in page["lines"] if line["label"] == "chrome"] == chrome
