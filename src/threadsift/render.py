"""A readable, coloured terminal rendering of a decomposed page (`threadsift split --view`)."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from threadsift.page import Comment, Label, Page, Quality
from threadsift.terminal import one_line, printable

LABEL_STYLES: dict[Label, str] = {
    Label.TITLE: "bold magenta",
    Label.ARTICLE: "green",
    Label.CHROME: "red",
    Label.COMMENT_AUTHOR: "bold cyan",
    Label.COMMENT_TEXT: "cyan",
    Label.BLANK: "dim",
}
# A view is for reading; a 50 MB single-line page would drown the terminal.
MAX_LINE_CHARS = 600
NO_AUTHOR = "(no author)"
NO_TITLE = "(none found)"


def render_page(page: Page, console: Console) -> None:
    """Print `page`: a header, every line with its number, label and chrome reason, the thread."""
    console.print(_header(page))
    console.print(_lines_table(page))
    console.print(_thread(page.comments))


def _header(page: Page) -> Panel:
    facts = Text()
    facts.append("title: ", style="bold")
    facts.append(one_line(page.title or NO_TITLE), style=LABEL_STYLES[Label.TITLE])
    details = [
        ("author", page.author),
        ("published", page.published or page.published_raw),
        ("site", page.site_name),
        ("source", page.source),
        ("url", page.url),
        ("encoding", page.encoding),
        ("id", page.id),
    ]
    for name, value in details:
        if value:
            facts.append(f"\n{name}: ", style="bold")
            facts.append(one_line(value))
    counts = {label: 0 for label in Label}
    for line in page.lines:
        counts[line.label] += 1
    facts.append("\nlines: ", style="bold")
    for i, (label, n) in enumerate(counts.items()):
        facts.append(", " if i else "")
        facts.append(f"{n} {label}", style=LABEL_STYLES[label])
    facts.append(f"\ncomments: {len(page.comments)}", style="bold")
    if page.language is not None:
        facts.append("\nlanguage: ", style="bold")
        facts.append(f"{one_line(page.language)} ({page.language_score or 0:.2f})")
    if page.quality is not None:
        facts.append("\nquality: ", style="bold")
        facts.append(quality_summary(page.quality))
    return Panel(facts, title="threadsift page", title_align="left")


def _lines_table(page: Page) -> Table:
    table = Table(box=None, show_header=True, pad_edge=False, expand=False)
    table.add_column("n", justify="right", style="dim", no_wrap=True)
    table.add_column("label", no_wrap=True)
    table.add_column("text", overflow="fold")
    rows = page.text.split("\n")
    for line in page.lines:
        style = LABEL_STYLES[line.label]
        raw = rows[line.n - 1] if 0 < line.n <= len(rows) else ""
        text = Text(clip(raw), style="dim" if line.label is Label.CHROME else style)
        if line.reason:
            text.append(f"  [{one_line(line.reason)}]", style="italic yellow")
        table.add_row(str(line.n), Text(str(line.label), style=style), text)
    return table


def _thread(comments: list[Comment]) -> Group:
    parts: list[RenderableType] = [Text(f"\nComments ({len(comments)})", style="bold underline")]
    for comment in comments:
        header = Text(f"#{comment.index} ", style="dim")
        header.append(
            one_line(comment.author or NO_AUTHOR), style=LABEL_STYLES[Label.COMMENT_AUTHOR]
        )
        header.append(f"  ({', '.join(map(one_line, comment_facts(comment)))})", style="dim")
        if comment.toxic:
            header.append(f"  {one_line(toxicity_note(comment))}", style="bold red")
        body = Text(
            "\n".join(clip(row) for row in comment.text.split("\n")),
            style=LABEL_STYLES[Label.COMMENT_TEXT],
        )
        # Padding keeps wrapped lines indented: replies sit under their parents.
        parts.append(
            Padding(Group(header, Padding(body, (0, 0, 0, 2))), (0, 0, 0, 4 * comment.depth))
        )
    return Group(*parts)


def quality_summary(q: Quality) -> str:
    """The quality signals a page view shows, in a line."""
    return (
        f"{q.word_count} words, stop words {q.stop_word_share:.2f}, "
        f"duplicate lines {q.dup_line_fraction:.2f}, "
        f"lines ending in punctuation {q.terminal_punct_line_ratio:.2f}"
    )


def comment_facts(comment: Comment) -> list[str]:
    """What a thread view says of a comment beside its author: depth, parent, date, lines,
    language."""
    facts = [f"depth {comment.depth}"]
    if comment.parent is not None:
        facts.append(f"reply to #{comment.parent}")
    if comment.date or comment.date_raw:  # the ISO date, else the text the page prints
        facts.append(comment.date or comment.date_raw or "")
    if comment.first_line is not None:
        facts.append(f"lines {comment.first_line}-{comment.last_line}")
    if comment.language is not None:
        facts.append(comment.language)
    return facts


def toxicity_note(comment: Comment) -> str:
    """``toxic 0.91 insult``: a flagged comment's score and category."""
    category = f" {comment.toxicity_category}" if comment.toxicity_category else ""
    return f"toxic {comment.toxicity or 0:.2f}{category}"


def clip(text: str) -> str:
    """One line of text as shown: clipped, control characters escaped (tabs are layout)."""
    if len(text) > MAX_LINE_CHARS:
        text = f"{text[:MAX_LINE_CHARS]}… ({len(text) - MAX_LINE_CHARS} more characters)"
    return printable(text, keep="\t")
