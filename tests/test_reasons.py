"""The reason registry: every chrome reason emitted is a member, documented, and spelled once."""

import json
import re
from pathlib import Path

from click.testing import CliRunner

from threadsift.cli import cli
from threadsift.reasons import Reason

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data"


def reasons_table() -> str:
    """The Markdown table of reasons that docs/schema.md carries."""
    rows = [f"| `{reason}` | {reason.description} |" for reason in Reason]
    return "\n".join(["| reason | the line is |", "| --- | --- |", *rows])


def test_every_reason_has_a_description() -> None:
    assert all(reason.description for reason in Reason)
    assert len({reason.value for reason in Reason}) == len(Reason)


def test_schema_docs_list_the_registry() -> None:
    assert reasons_table() in (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")


def test_decomposers_emit_only_registered_reasons() -> None:
    emitted: set[str] = set()
    for part in sorted(DATA.iterdir()):
        result = CliRunner().invoke(cli, ["split", "--no-annotate", str(part)])
        for record in map(json.loads, result.stdout.splitlines()):
            emitted |= {line["reason"] for line in record["lines"] if line["reason"]}
    assert emitted <= {reason.value for reason in Reason}
    # Both decomposers ran: the HTML one and the text one each left their own reasons.
    assert Reason.HTML_COMMENT_THREAD in emitted
    assert Reason.COMMENT_THREAD in emitted


def test_no_reason_literal_outside_the_registry() -> None:
    # One-word reasons ("date", "share") are also HTML attribute and metadata words, so only
    # the compound spellings can be told apart from other strings.
    compound = [re.escape(reason.value) for reason in Reason if re.search(r"[-_]", reason.value)]
    literal = re.compile(r'(?<![\w])"(' + "|".join(compound) + r')"')
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in (ROOT / "src" / "threadsift" / "decomposers").glob("*.py")
        for match in literal.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
