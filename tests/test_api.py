import doctest

import pytest

import threadsift
from threadsift import api
from threadsift.errors import ConfigError, InputError
from threadsift.page import Label

PAGE = (
    "Ministers agree on a new river plan\r\n"
    "\r\n"
    "The plan, agreed on Tuesday after months of talks, sets out how the river will be cleaned.\r\n"
)


def test_split_str_labels_every_line() -> None:
    page = threadsift.split(PAGE, url="https://News.example/a", source="a.txt")
    assert page.text == PAGE.replace("\r\n", "\n")
    assert [line.n for line in page.lines] == [1, 2, 3]
    assert page.lines[1].label is Label.BLANK
    assert (page.url, page.host, page.source, page.encoding) == (
        "https://News.example/a",
        "news.example",
        "a.txt",
        None,
    )


def test_split_bytes_reports_the_encoding() -> None:
    page = threadsift.split(PAGE.replace("river", "rivière").encode("cp1252"))
    assert page.encoding == "cp1252"
    assert "rivière" in page.text


def test_format_text_and_none_agree() -> None:
    assert threadsift.split(PAGE, format="text").to_dict() == threadsift.split(PAGE).to_dict()


def test_unknown_format_lists_the_supported_ones() -> None:
    with pytest.raises(ConfigError, match="unknown format 'pdf'; supported formats: text, html"):
        threadsift.split(PAGE, format="pdf")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("", "<data>: empty input"),
        ("  \n", "<data>: empty input (whitespace only)"),
        (b"", "<data>: empty input"),
        (b"\x00\x01\x02", "<data>: binary file, not text"),
    ],
)
def test_bad_data(data: str | bytes, message: str) -> None:
    with pytest.raises(InputError) as caught:
        threadsift.split(data)
    assert str(caught.value) == message


def test_same_content_same_id_without_a_source() -> None:
    assert threadsift.split(PAGE).id == threadsift.split(PAGE.encode()).id
    assert threadsift.split(PAGE).id != threadsift.split(PAGE + "More.\n").id


def test_docstring_example_runs() -> None:
    result = doctest.testmod(api, raise_on_error=False)
    assert result.attempted >= 1
    assert result.failed == 0


HTML_PAGE = """<!doctype html><html><head><title>Harbour budget</title></head><body>
<article><h1>Harbour budget splits the council</h1>
<p>The council met on Tuesday evening to discuss the new budget for the harbour district.</p>
<p>Several members argued that the plan would raise costs for small shops along the quay.</p>
</article>
<div id="comments"><ol class="commentlist">
<li class="comment"><article class="comment-body"><footer class="comment-meta">
<div class="comment-author vcard"><b class="fn">Anna Berg</b> <span class="says">says:</span></div>
</footer><div class="comment-content"><p>I was at the hearing and the hall was packed.</p></div>
</article></li></ol></div></body></html>"""


@pytest.mark.parametrize("format", [None, "html"])
def test_split_html_reads_comments_from_markup(format: str | None) -> None:
    page = threadsift.split(HTML_PAGE.encode(), format=format)
    assert [(c.author, c.text) for c in page.comments] == [
        ("Anna Berg", "I was at the hearing and the hall was packed.")
    ]
    assert "small shops along the quay" in page.article


def test_split_annotates_on_request() -> None:
    text = "Harbour budget splits the council\n\n" + (
        "The council met on Tuesday evening to discuss the new budget for the harbour district.\n"
    )
    assert threadsift.split(text).language is None
    page = threadsift.split(text, annotate=True)
    assert page.language == "en"
    assert page.quality is not None and page.quality.word_count > 10
