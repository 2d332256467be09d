"""The docs cannot drift: every command has help with a runnable example and is in the README."""

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


def commands() -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = [("threadsift", cli)]
    assert isinstance(cli, click.Group)
    found += [(f"threadsift {name}", command) for name, command in sorted(cli.commands.items())]
    return found


def example(help_text: str) -> str:
    match = re.search(r"^ *Example:\n +(?P<line>\S.*)$", help_text, re.MULTILINE)
    assert match, "no 'Example:' section"
    return match.group("line").strip()


@pytest.mark.parametrize(("name", "command"), commands(), ids=lambda x: str(x))
def test_help_has_a_runnable_example(name: str, command: click.Command) -> None:
    args = name.split()[1:]
    result = CliRunner().invoke(cli, [*args, "--help"])
    assert result.exit_code == 0
    line = example(result.stdout)
    assert "threadsift" in line
    # Run the example as written, with this interpreter's threadsift.
    done = subprocess.run(
        ["bash", "-c", line.replace("threadsift", f"{sys.executable} -m threadsift")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout


@pytest.mark.parametrize(("name", "command"), commands()[1:], ids=lambda x: str(x))
def test_command_and_its_options_are_in_the_readme(name: str, command: click.Command) -> None:
    assert f"`{name} " in README or f"{name} " in README
    for param in command.params:
        for option in param.opts:
            if option.startswith("--") and option != "--help":
                assert f"`{option}" in README, f"{option} of {name} is not in the README"


def test_readme_quickstart_is_two_make_targets() -> None:
    quickstart = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    commands_shown = re.findall(r"^(make \w+)", quickstart, re.MULTILINE)
    assert commands_shown == ["make demo", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("demo", "test", "lint", "bench"):
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), target


def test_every_dependency_is_explained_in_the_readme() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        requirements += extra
    why = README.split("## Why each dependency", 1)[1].lower()
    for requirement in requirements:
        name = re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0]
        assert f"**{name.lower()}**" in why, f"{name} is not explained in the README"


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
