import io

from rich.console import Console

from threadsift.page import Comment, Label, Line, Page
from threadsift.render import MAX_LINE_CHARS, render_page


def render(page: Page, width: int = 60) -> str:
    out = io.StringIO()
    render_page(page, Console(file=out, width=width, color_system=None))
    return out.getvalue()


def test_lines_reasons_and_a_nested_thread() -> None:
    page = Page(
        id="p1",
        text="Headline\nDonate now\nAnna\nFirst comment.\nBob\n" + "long reply " * 12 + "\n",
        source="p.txt",
        title="Headline",
        lines=[
            Line(1, Label.TITLE),
            Line(2, Label.CHROME, "donation"),
            Line(3, Label.COMMENT_AUTHOR),
            Line(4, Label.COMMENT_TEXT),
            Line(5, Label.COMMENT_AUTHOR),
            Line(6, Label.COMMENT_TEXT),
        ],
        comments=[
            Comment(0, "Anna", "First comment.", 3, 4),
            Comment(1, "Bob", ("long reply " * 12).strip(), 5, 6, depth=1, parent=0, date="today"),
        ],
    )
    view = render(page)
    assert "title: Headline" in view
    assert "source: p.txt" in view
    assert "Donate now  [donation]" in view
    assert "comments: 2" in view
    assert "#0 Anna  (depth 0, lines 3-4)" in view
    assert "    #1 Bob  (depth 1, reply to #0, today, lines 5-6)" in view
    reply = [row for row in view.splitlines() if "long reply" in row]
    assert len(reply) > 2  # wrapped in the table and in the thread
    thread_rows = view.split("Comments (2)")[1].splitlines()
    wrapped = [row for row in thread_rows if "long reply" in row]
    assert len(wrapped) >= 2
    assert all(row.startswith("      long reply") for row in wrapped)


def test_huge_lines_are_clipped() -> None:
    text = "x" * (MAX_LINE_CHARS + 500)
    page = Page(id="p", text=text, lines=[Line(1, Label.ARTICLE)])
    view = render(page, width=200)
    assert "(500 more characters)" in view
    assert view.count("x") < MAX_LINE_CHARS + 100


def test_control_characters_in_data_are_shown_not_obeyed() -> None:
    clear, title, link = "\x1b[2J", "\x1b]0;owned\x07", "\x1b]8;;https://evil.example\x1b\\here"
    page = Page(
        id="p",
        text=f"Head{title}\nBody {clear} text\x9b31m\rback\x08 {link}\tend\n",
        source=f"page{clear}.txt",
        url="https://a.example/\x1b[5m",
        title=f"Head{title}",
        lines=[Line(1, Label.TITLE), Line(2, Label.ARTICLE, None)],
        comments=[Comment(0, f"ann{clear}", f"hi{link}\nsecond\x07 line", 2, 2, date="x\x1b[0m")],
    )
    view = render(page, width=200)
    assert not {"\x1b", "\x07", "\x08", "\r", "\x9b"} & set(view)
    assert "source: page\\x1b[2J.txt" in view
    assert "Body \\x1b[2J text\\x9b31m\\rback\\x08 \\x1b]8;;https://evil.example\\x1b\\here" in view
    assert "Head\\x1b]0;owned\\x07" in view
    assert "#0 ann\\x1b[2J  (depth 0, x\\x1b[0m, lines 2-2)" in view
    assert "second\\x07 line" in view
