"""Write each command's own `--help` into docs/cli.md, between its markers.

A command's help goes between ``<!-- cli-help: threadsift split -->`` and ``<!-- /cli-help -->``;
the prose around the markers is left as it is. Run after changing a command's options or
docstring (``make cli-docs``); ``tests/test_docs.py`` fails until the file matches.

    python scripts/gen_cli_docs.py [--check]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from threadsift.cli import cli

CLI_DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
#: Help is wrapped as in an 80-column terminal, whatever the terminal that regenerates it.
WIDTH = 80
REGION = re.compile(
    r"(?P<open><!-- cli-help: (?P<name>[\w -]+?) -->\n).*?(?P<close><!-- /cli-help -->)",
    re.DOTALL,
)


def command_names() -> list[str]:
    """`threadsift` and each of its commands, as typed."""
    assert isinstance(cli, click.Group)
    return ["threadsift", *(f"threadsift {name}" for name in sorted(cli.commands))]


def help_text(name: str) -> str:
    """What `NAME --help` prints (NAME as typed, e.g. ``threadsift split``)."""
    words = name.split()
    ctx = click.Context(
        cli,
        info_name=words[0],
        terminal_width=WIDTH,
        max_content_width=WIDTH,
        **cli.context_settings,
    )
    command: click.Command = cli
    for word in words[1:]:
        assert isinstance(command, click.Group)
        command = command.commands[word]
        ctx = click.Context(command, info_name=word, parent=ctx, **command.context_settings)
    return command.get_help(ctx)


def render(markdown: str) -> str:
    """`markdown` with every help region filled from the commands.

    Raises:
        SystemExit: a region names an unknown command, or a command has no region.
    """
    known = command_names()
    found: list[str] = []

    def fill(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in known:
            raise SystemExit(f"docs/cli.md: no command {name!r} (commands: {', '.join(known)})")
        found.append(name)
        return f"{match.group('open')}\n```text\n{help_text(name)}\n```\n\n{match.group('close')}"

    filled = REGION.sub(fill, markdown)
    missing = [name for name in known if name not in found]
    if missing:
        raise SystemExit(
            f"docs/cli.md: no help region for {', '.join(missing)}; add"
            f" '<!-- cli-help: {missing[0]} -->' and '<!-- /cli-help -->' where it belongs"
        )
    return filled


def main(argv: list[str]) -> int:
    """Rewrite docs/cli.md, or with --check say whether it is up to date."""
    current = CLI_DOC.read_text(encoding="utf-8")
    wanted = render(current)
    if "--check" in argv:
        if wanted != current:
            print("docs/cli.md is out of date: run `make cli-docs`", file=sys.stderr)
            return 1
        return 0
    if wanted != current:
        CLI_DOC.write_text(wanted, encoding="utf-8")
        print("docs/cli.md: help sections regenerated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
