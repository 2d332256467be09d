"""The docs cannot drift: every command has help with a runnable example, is in the README and has
every option in docs/cli.md, and every relative link in the README and docs/ resolves."""

import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from threadsift.cli import cli

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CLI_DOC = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
DEVELOPMENT_DOC = (ROOT / "docs" / "development.md").read_text(encoding="utf-8")


def commands() -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = [("threadsift", cli)]
    assert isinstance(cli, click.Group)
    found += [(f"threadsift {name}", command) for name, command in sorted(cli.commands.items())]
    return found


def example(help_text: str) -> str:
    """The commands of the help's example: its indented lines up to the first blank one."""
    match = re.search(r"^ *Example:\n(?P<lines>(?: +\S.*(?:\n|$))+)", help_text, re.MULTILINE)
    assert match, "no 'Example:' section"
    return "\n".join(line.strip() for line in match.group("lines").splitlines())


@pytest.mark.parametrize(("name", "command"), commands(), ids=lambda x: str(x))
def test_help_has_a_runnable_example(name: str, command: click.Command) -> None:
    args = name.split()[1:]
    result = CliRunner().invoke(cli, [*args, "--help"])
    assert result.exit_code == 0
    line = example(result.stdout)
    assert "threadsift" in line
    # Run the example as written, with this interpreter's threadsift; each command must succeed.
    done = subprocess.run(
        ["bash", "-e", "-c", line.replace("threadsift", f"{sys.executable} -m threadsift")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout


@pytest.mark.parametrize(("name", "command"), commands()[1:], ids=lambda x: str(x))
def test_command_is_in_the_readme_and_its_options_in_the_cli_doc(
    name: str, command: click.Command
) -> None:
    assert f"`{name} " in README or f"{name} " in README
    assert f"`{name} " in CLI_DOC or f"{name} " in CLI_DOC
    for param in command.params:
        for option in param.opts:
            if option.startswith("--") and option != "--help":
                assert f"`{option}" in CLI_DOC, f"{option} of {name} is not in docs/cli.md"


def test_readme_quickstart_is_two_make_targets() -> None:
    quickstart = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    commands_shown = re.findall(r"^(make \w+)", quickstart, re.MULTILINE)
    assert commands_shown == ["make demo", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("demo", "test", "lint", "bench"):
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), target


def test_every_dependency_is_explained_in_the_docs() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        requirements += extra
    why = DEVELOPMENT_DOC.split("## Why each dependency", 1)[1].lower()
    for requirement in requirements:
        name = re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0]
        assert f"**{name.lower()}**" in why, f"{name} is not explained in docs/development.md"


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    found: set[str] = set()
    seen: dict[str, int] = {}
    in_code = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            in_code = not in_code
        match = None if in_code else re.match(r"^#{1,6} (.+?) *#* *$", line)
        if match:
            slug = github_slug(match.group(1))
            # A repeated heading gets -1, -2... as on GitHub.
            found.add(f"{slug}-{seen[slug]}" if slug in seen else slug)
            seen[slug] = seen.get(slug, 0) + 1
    return found


def markdown_files() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_github_slug() -> None:
    title = "Threads only where there are comments (`bench/score_threads.py`)"
    assert github_slug(title) == "threads-only-where-there-are-comments-benchscore_threadspy"
    assert anchors("# A\n## A\n```\n# not a heading\n```\n") == {"a", "a-1"}


@pytest.mark.parametrize("path", markdown_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_resolves(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    prose = re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)
    links = re.findall(r"\]\(([^)\s]+)\)", prose)
    for link in links:
        if re.match(r"^[a-z]+:", link):
            continue
        target, _, anchor = link.partition("#")
        file = (path.parent / target).resolve() if target else path
        assert file.exists(), f"{link}: no such file"
        if anchor and file.suffix == ".md":
            assert anchor in anchors(file.read_text(encoding="utf-8")), f"{link}: no such heading"


def test_license_file_matches_pyproject() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "Apache-2.0"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    # The standard text, whole: its title, its last section and the appendix.
    assert text.split()[:5] == ["Apache", "License", "Version", "2.0,", "January"]
    assert "9. Accepting Warranty or Additional Liability." in text
    assert "END OF TERMS AND CONDITIONS" in text
    assert "http://www.apache.org/licenses/LICENSE-2.0" in text
