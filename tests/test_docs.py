"""The docs cannot drift: every command has help with a runnable example and is in the README,
docs/cli.md holds each command's current --help, every relative link in the README, docs/ and the
model cards resolves, and the site builds with every page in its navigation."""

import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from devtools.scripts import load_script
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


@pytest.mark.slow  # runs each example as a subprocess
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
def test_command_is_in_the_readme(name: str, command: click.Command) -> None:
    assert f"`{name} " in README or f"{name} " in README


def test_cli_doc_holds_every_commands_current_help() -> None:
    generator = load_script("gen_cli_docs")
    assert generator.render(CLI_DOC) == CLI_DOC, (
        "docs/cli.md differs from the commands' --help: run `make cli-docs`"
        " (python scripts/gen_cli_docs.py) and commit docs/cli.md"
    )
    for name, command in commands():
        assert f"<!-- cli-help: {name} -->" in CLI_DOC
        options = [opt for param in command.params for opt in param.opts if opt.startswith("-")]
        for option in options:  # the help shows every option, so the doc does
            assert option in CLI_DOC, f"{option} of {name} is not in docs/cli.md"


def test_cli_doc_generator_refuses_a_missing_or_unknown_command() -> None:
    generator = load_script("gen_cli_docs")
    without_run = re.sub(
        r"<!-- cli-help: threadsift run -->.*?<!-- /cli-help -->", "", CLI_DOC, flags=re.DOTALL
    )
    with pytest.raises(SystemExit, match="no help region for threadsift run"):
        generator.render(without_run)
    unknown = CLI_DOC + "<!-- cli-help: threadsift nope -->\n<!-- /cli-help -->\n"
    with pytest.raises(SystemExit, match="no command 'threadsift nope'"):
        generator.render(unknown)


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
    """Every Markdown file of the site: the README, docs/ and the model cards and reports."""
    models = sorted((ROOT / "src" / "threadsift" / "models").glob("*.md"))
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), *models]


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


def test_site_navigation_has_every_page() -> None:
    mkdocs_yml = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = set(re.findall(r"^ *- (?:[^:\n]+: )?(\S+\.md)$", mkdocs_yml, re.MULTILINE))
    pages = {path.name for path in (ROOT / "docs").glob("*.md")}
    assert pages <= nav, f"pages not in mkdocs.yml's nav: {sorted(pages - nav)}"
    hooks = (ROOT / "scripts" / "mkdocs_hooks.py").read_text(encoding="utf-8")
    extra = dict(re.findall(r'^ +"([^"]+\.md)": "([^"]+\.md)",$', hooks, re.MULTILINE))
    models = {
        path.relative_to(ROOT).as_posix() for path in markdown_files() if "models" in path.parts
    }
    assert models <= set(extra), f"model cards not in the site: {sorted(models - set(extra))}"
    assert nav == pages | set(extra.values()), "mkdocs.yml's nav names a page that does not exist"


@pytest.mark.slow  # builds the site with mkdocs
def test_site_builds_strict_without_warnings(tmp_path: Path) -> None:
    """`make docs`: --strict fails on a broken link or anchor and on a page left out."""
    pytest.importorskip("mkdocs")
    pytest.importorskip("material")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "index.html").exists()
    assert (tmp_path / "site" / "models" / "toxicity.html").exists()
    # The README's links into docs/ point at the site's pages.
    readme = (tmp_path / "site" / "readme.html").read_text(encoding="utf-8")
    assert 'href="cli.html"' in readme and 'href="models/toxicity.html"' in readme
