"""MkDocs hooks: show the repository README and the model cards, which live outside docs/, in the
site, and point every relative link at the page it names there.

The Markdown files keep the links that work on GitHub (``../src/threadsift/models/MODEL_CARD.md``
from a page of docs/, ``docs/cli.md`` from the README); this hook rewrites them for the site. A
link to any other file outside docs/ is left alone, so `mkdocs build --strict` fails on it.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parent.parent

#: Repository files shown in the site, and their path in it.
EXTRA_PAGES = {
    "README.md": "readme.md",
    "tests/data/demo/README.md": "demo-data.md",
    "src/threadsift/models/MODEL_CARD.md": "models/toxicity.md",
    "src/threadsift/models/toxicity_report.md": "models/toxicity-report.md",
    "src/threadsift/models/LINES_MODEL_CARD.md": "models/lines.md",
    "src/threadsift/models/lines_report.md": "models/lines-report.md",
    "src/threadsift/models/ARTICLE_MODEL_CARD.md": "models/article.md",
}
SOURCES = {site: repo for repo, site in EXTRA_PAGES.items()}

LINK = re.compile(r"\]\((?P<target>[^)\s#]*)(?P<anchor>#[^)\s]*)?\)")
FENCE = re.compile(r"^```.*?^```[^\n]*$", re.MULTILINE | re.DOTALL)


def on_files(files: Files, config: Any) -> Files:
    """Add the pages of `EXTRA_PAGES`, read from where they live in the repository."""
    for repo_path, site_path in EXTRA_PAGES.items():
        files.append(File.generated(config, site_path, abs_src_path=str(ROOT / repo_path)))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    """Rewrite the page's relative links from repository paths to site paths (not in code)."""
    site_path = page.file.src_uri
    source = SOURCES.get(site_path, f"docs/{site_path}")
    parts = re.split(f"({FENCE.pattern})", markdown, flags=FENCE.flags)
    return "".join(
        part if part.startswith("```") else LINK.sub(lambda m: _link(m, source, site_path), part)
        for part in parts
    )


def _link(match: re.Match[str], source: str, site_path: str) -> str:
    target, anchor = match.group("target"), match.group("anchor") or ""
    if not target or re.match(r"^[a-z]+:|^/", target):
        return match.group(0)
    repo_path = posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
    if repo_path.startswith("docs/"):
        new = repo_path.removeprefix("docs/")
    elif repo_path in EXTRA_PAGES:
        new = EXTRA_PAGES[repo_path]
    else:
        return match.group(0)
    relative = posixpath.relpath(new, posixpath.dirname(site_path) or ".")
    return f"]({relative}{anchor})"
