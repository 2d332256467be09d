"""`threadsift.run`, `threadsift.decompose` and the annotators, as a program calls them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import threadsift
from devtools.corpus import Planted, make_corpus
from devtools.outputs import outputs
from threadsift.cli import cli
from threadsift.page import Outcome, Page

STORY = "The council met on Tuesday evening to discuss the new budget for the harbour district. "
HTML = (
    "<!doctype html><html><head><title>Harbour budget</title></head><body>"
    "<article><h1>Harbour budget splits the council</h1>"
    f"<p>{STORY}</p><p>{STORY}</p></article></body></html>"
)


@pytest.fixture(scope="module")
def corpus_run(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, Planted, threadsift.RunReport]:
    root = tmp_path_factory.mktemp("api")
    planted = make_corpus(root / "in", hosts=2, pages_per_host=12, files=2)
    report = threadsift.run(root / "in", root / "out", jobs=1, annotate=False)
    return root, planted, report


def test_run_returns_a_report_that_adds_up(
    corpus_run: tuple[Path, Planted, threadsift.RunReport],
) -> None:
    root, planted, report = corpus_run
    assert isinstance(report, threadsift.RunReport)
    assert report.inputs == planted.records
    assert report.inputs == (
        report.outputs + report.duplicates + report.filtered_total + report.errors
    )
    assert report.duplicates >= len(planted.exact)
    assert report.errors == planted.bad_json
    counts = json.loads((root / "out" / "run.json").read_text())["counts"]
    assert (report.inputs, report.outputs, report.duplicates, report.errors) == (
        counts["inputs"],
        counts["outputs"],
        counts["duplicates"],
        counts["errors"],
    )
    assert report.filtered_total == counts["filtered"]
    assert report.to_dict()["counts"] == counts
    assert report.seconds == report.timings["total"] > 0
    assert set(report.timings) >= {"split", "settle", "index", "total"}
    with pytest.raises(AttributeError):
        report.outputs = 0  # type: ignore[misc]


def test_report_paths_are_the_run_s_tables(
    corpus_run: tuple[Path, Planted, threadsift.RunReport],
) -> None:
    import pyarrow.parquet as pq

    root, _, report = corpus_run
    out = root / "out"
    assert report.out == out
    assert report.run_json == out / "run.json"
    assert set(report.tables) == {
        "pages",
        "comments",
        "lines",
        "errors",
        "duplicates",
        "site_chrome",
    }
    pages = pq.read_table(report.tables["pages"])
    assert pages["outcome"].to_pylist().count("output") == report.outputs
    assert pages["outcome"].to_pylist().count("duplicate") == report.duplicates
    assert pq.read_table(report.tables["duplicates"]).num_rows >= report.duplicates
    assert report.corpus == out / "corpus" and any(report.corpus.glob("*.jsonl.gz"))
    assert report.database is not None and report.database.is_file()
    assert report.search_index.is_file()


def test_a_finished_run_returns_the_same_report_without_writing(
    corpus_run: tuple[Path, Planted, threadsift.RunReport],
) -> None:
    root, _, report = corpus_run
    before = (root / "out" / "run.json").stat().st_mtime_ns
    again = threadsift.run([str(root / "in")], str(root / "out"), jobs=1, annotate=False)
    assert again == report
    assert (root / "out" / "run.json").stat().st_mtime_ns == before


def test_the_cli_and_the_library_give_the_same_run(tmp_path: Path) -> None:
    make_corpus(tmp_path / "in", hosts=1, pages_per_host=6, files=2, near=1, exact=1)
    options = {"annotate": False, "with_comments": True, "near_dedup": False}
    report = threadsift.run(tmp_path / "in", tmp_path / "lib", jobs=2, **options)
    args = ["run", "-q", "--no-annotate", "--with-comments", "--no-near-dedup", "-j", "2"]
    result = CliRunner().invoke(cli, [*args, str(tmp_path / "in"), "--out", str(tmp_path / "cli")])
    assert result.exit_code == 0, result.stderr
    assert outputs(tmp_path / "cli") == outputs(tmp_path / "lib")
    config = json.loads((tmp_path / "lib" / "run.json").read_text())["config"]
    cli_config = json.loads((tmp_path / "cli" / "run.json").read_text())["config"]
    assert {k: v for k, v in config.items() if k != "out"} == {
        k: v for k, v in cli_config.items() if k != "out"
    }
    assert report.outputs == outputs(tmp_path / "lib")["counts"]["outputs"]


def test_options_mirror_the_cli(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_text(f"Headline\n\n{STORY * 3}\n", encoding="utf-8")
    report = threadsift.run(
        tmp_path / "page.txt",
        tmp_path / "out",
        jobs=1,
        shards=2,
        corpus_format="parquet",
        site_chrome=False,
        exact_dedup=False,
        filter="word_count >= 1000",
        limits={"seconds": 30},
    )
    assert report.filtered == {"filter: word_count >= 1000": 1}
    assert report.outputs == 0
    config = report.to_dict()["config"]
    assert config["shards"] == 2
    assert config["chrome"]["enabled"] is False
    assert config["exact_dedup"] is False
    assert config["budget"]["seconds"] == 30
    assert "corpus" in report.tables and "site_chrome" not in report.tables


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"jobz": 2}, "run() got an unknown option 'jobz' (did you mean jobs?)"),
        (
            {"no_site_chrome": True},
            "run() got an unknown option 'no_site_chrome' (use site_chrome=False)",
        ),
        ({"colour": True}, "run() got an unknown option 'colour' (see help(threadsift.run))"),
        ({"shards": "4"}, "option shards must be an int, not '4'"),
        ({"annotate": 1}, "option annotate must be a bool, not 1"),
        ({"shingle": True}, "option shingle must be an int, not True"),
        ({"format": "pdf"}, "unknown format 'pdf'; supported formats: "),
        ({"encoding": "klingon"}, "unknown encoding 'klingon'"),
        ({"bands": 7}, "permutations (128) must be a multiple of bands (7)"),
        ({"limits": {"sekonds": 3}}, "not a limit: 'sekonds=3'"),
        ({"corpus_format": "csv"}, "unknown corpus format 'csv'"),
        ({"shards": 0}, "shards: must be at least 1, not 0"),
        ({"limits": ["seconds"]}, "not a limit: 'seconds'"),
    ],
)
def test_bad_options_are_config_errors_naming_the_option(
    tmp_path: Path, options: dict[str, object], message: str
) -> None:
    (tmp_path / "page.txt").write_text("Headline\n\nThe story.\n", encoding="utf-8")
    with pytest.raises(threadsift.ConfigError) as caught:
        threadsift.run(tmp_path / "page.txt", tmp_path / "out", jobs=1, **options)
    shown = str(caught.value) + (f" ({caught.value.hint})" if caught.value.hint else "")
    assert message in shown  # after the option's name where the error names it (--encoding: ...)
    assert not (tmp_path / "out").exists()


def test_jobs_must_be_an_int(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_text("Headline\n\nThe story.\n", encoding="utf-8")
    with pytest.raises(threadsift.ConfigError, match="option jobs must be an int, not '2'"):
        threadsift.run(tmp_path / "page.txt", tmp_path / "out", jobs="2")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "message"),
    [("missing.txt", "no such file or directory"), ("*.html", "no file matches this pattern")],
)
def test_inputs_matching_nothing_raise_input_error(tmp_path: Path, name: str, message: str) -> None:
    with pytest.raises(threadsift.InputError) as caught:
        threadsift.run(str(tmp_path / name), tmp_path / "out")
    assert str(caught.value) == f"{tmp_path / name}: {message}"
    assert caught.value.source == str(tmp_path / name)
    assert not (tmp_path / "out").exists()


def test_no_inputs_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(threadsift.ConfigError, match="no inputs to run on"):
        threadsift.run([], tmp_path / "out")


def test_a_foreign_output_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_text("Headline\n\nThe story.\n", encoding="utf-8")
    with pytest.raises(threadsift.OutputError, match="not empty, and holds no threadsift run"):
        threadsift.run(tmp_path / "page.txt", tmp_path, jobs=1)


def test_progress_is_told_of_every_phase(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_text(f"Headline\n\n{STORY * 3}\n", encoding="utf-8")
    phases: list[str] = []
    pages: list[int] = []

    class Recorder:
        def phase(self, name: str, shards: int, done: int) -> None:
            phases.append(name)

        def pages(self, n: int) -> None:
            pages.append(n)

        def shard(self, stats: dict[str, object]) -> None:
            pass

    threadsift.run(tmp_path / "page.txt", tmp_path / "out", jobs=1, progress=Recorder())
    assert phases == ["chrome", "learn", "split", "dedup", "settle", "index"]
    assert sum(pages) >= 1


def _mixed(tmp_path: Path) -> Path:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a.html").write_text(HTML, encoding="utf-8")
    (folder / "b.txt").write_text(f"River plan agreed\n\n{STORY}\n", encoding="utf-8")
    (folder / "c.jsonl").write_text(
        json.dumps({"id": "r1", "text": f"Bridge reopens\n\n{STORY}\n"}) + "\n" + "{not json\n",
        encoding="utf-8",
    )
    return folder


def test_decompose_picks_the_decomposer_of_each_page(tmp_path: Path) -> None:
    pages = list(threadsift.decompose(threadsift.read_inputs([str(_mixed(tmp_path))])))
    assert [page.title for page in pages if page.outcome is None] == [
        "Harbour budget",
        "River plan agreed",
        "Bridge reopens",
    ]
    html_page = pages[0]
    assert html_page.html is None  # dropped once decomposed, unless keep_html
    assert STORY.strip() in (html_page.article or "")
    errors = [page for page in pages if page.outcome is Outcome.ERROR]
    assert len(errors) == 1 and "c.jsonl" in (errors[0].reason or "")
    kept = next(
        threadsift.decompose(
            threadsift.read_inputs([str(tmp_path / "mixed" / "a.html")]), keep_html=True
        )
    )
    assert kept.html is not None and "<article>" in kept.html


def test_decompose_is_lazy() -> None:
    taken: list[int] = []

    def pages() -> Iterator[Page]:
        for n in range(3):
            taken.append(n)
            yield Page(id=f"p{n}", text=f"Headline {n}\n\n{STORY}\n")

    stream = threadsift.decompose(pages())
    assert taken == []
    first = next(stream)
    assert first.title == "Headline 0"
    assert taken == [0]
    assert [page.id for page in stream] == ["p1", "p2"]


def test_a_page_that_fails_to_decompose_becomes_an_error_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from threadsift.decomposers.text import TextDecomposer

    def broken(self: TextDecomposer, page: Page) -> None:
        if page.id == "bad":
            raise RuntimeError("boom")

    monkeypatch.setattr(TextDecomposer, "decompose", broken)
    unread = Page(id="unread", text="", outcome=Outcome.ERROR, reason="x.txt: unreadable")
    pages = [
        Page(id="bad", text="Headline\n\nStory.\n", source="a.txt"),
        unread,
        Page(id="ok", text="T\n"),
    ]
    done = list(threadsift.decompose(pages))
    assert [(p.id, p.outcome) for p in done] == [
        ("bad", Outcome.ERROR),
        ("unread", Outcome.ERROR),
        ("ok", None),
    ]
    assert (
        done[0].reason == "a.txt: internal error in decompose: RuntimeError('boom') (please report)"
    )
    assert done[1].reason == "x.txt: unreadable"


def test_the_annotators_fill_their_fields(tmp_path: Path) -> None:
    thread = "Comments\n\nanna wrote:\nGood report.\n"
    text = f"Harbour budget splits the council\n\n{STORY * 3}\n\n{thread}"
    pages = threadsift.decompose([Page(id="p", text=text)])
    for annotator in threadsift.standard_annotators(fast_toxicity=True):
        pages = annotator.run(pages)
    page = next(iter(pages))
    assert page.language == "en"
    assert page.quality is not None and page.quality.word_count > 30
    assert [type(a) for a in threadsift.standard_annotators()] == [
        threadsift.LanguageAnnotator,
        threadsift.ToxicityAnnotator,
        threadsift.QualityAnnotator,
    ]
    one = next(threadsift.LanguageAnnotator().run([Page(id="q", text=text, article=STORY)]))
    assert one.language == "en"
