"""The corpus part of `make demo`: a run over the demo corpus, its summary, a query and a search,
then the command that opens the viewer on the run.

Each step prints the command it runs, then runs it with this interpreter's threadsift, so that
`make demo` and `tests/test_demo.py` run the same commands. The corpus is `tests/data/demo/`
(a WARC.gz and a JSON Lines file, see its README). OUT is removed first when it holds an earlier
run, so the demo can be run again.

    python scripts/demo.py [--out out/demo]
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = "tests/data/demo"
INPUTS = (f"{DATA}/crawl.warc.gz", f"{DATA}/pages.jsonl")
# Comments per page, with how many the toxicity model flags and the highest score.
QUERY = (
    "SELECT left(p.title, 36) AS title, p.language AS lang, count(*) AS comments,"
    " count(*) FILTER (WHERE c.toxic) AS toxic, round(max(c.toxicity), 2) AS max_toxicity"
    " FROM pages p JOIN comments c ON c.page_id = p.id"
    " WHERE p.outcome = 'output' GROUP BY ALL ORDER BY comments DESC LIMIT 8"
)
ERRORS = "SELECT message FROM errors"
SEARCH = "windows"


def steps(out: str) -> list[tuple[str, list[str]]]:
    """The demo's threadsift commands (arguments after ``threadsift``), each with a heading."""
    return [
        (
            f"A corpus run over {DATA}: a WARC.gz and a JSON Lines file",
            ["run", "-v", *INPUTS, "--out", out],
        ),
        ("The records the run could not read, with why", ["query", out, ERRORS]),
        ("SQL over the tables: comments per page, with toxicity", ["query", out, QUERY]),
        (f"Full-text search over articles and comments: {SEARCH!r}", ["search", out, SEARCH]),
    ]


def shown(command: list[str]) -> str:
    """`command` as a shell line; SQL with single quotes goes in double quotes, as one types it."""
    words = ["threadsift"]
    for word in command:
        plain = "'" in word and not any(c in word for c in '"$`\\!')
        words.append(f'"{word}"' if plain else shlex.quote(word))
    return " ".join(words)


def summary(out: Path, shown_as: str) -> str:
    """Where every input record ended, from the run's ``run.json`` (in `out`, `shown_as`)."""
    report = json.loads((out / "run.json").read_text(encoding="utf-8"))
    counts = report["counts"]
    parts = ("outputs", "duplicates", "filtered", "errors")
    lines = [
        f"Where every input record ended ({shown_as}/run.json):",
        f"  {counts['inputs']} inputs = " + " + ".join(f"{counts[p]} {p}" for p in parts),
        "  duplicates: " + ", ".join(f"{k} {v}" for k, v in report["duplicates"].items()),
        "  filtered: " + ", ".join(f"{k} {v}" for k, v in report["filtered"].items()),
        f"  took {report['timings']['total']:.1f} s",
    ]
    return "\n".join(lines)


def prepare(out: Path) -> None:
    """Remove an earlier run from `out`; refuse to touch a directory that holds anything else."""
    if not out.exists():
        return
    if (out / "run.json").exists() or (out / "_state").is_dir():
        shutil.rmtree(out)
    elif any(out.iterdir()):
        sys.exit(f"demo: {out} is not empty and holds no threadsift run: use another --out")


def main(argv: list[str] | None = None) -> int:
    """Run the demo steps in order; stop at the first that fails (0 when all succeeded)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--out", default="out/demo", help="Run output directory, from the repository root."
    )
    args = parser.parse_args(argv)
    out = ROOT / args.out  # the commands run in the repository root, as shown
    prepare(out)
    for number, (heading, command) in enumerate(steps(args.out), start=1):
        print(f"\n== {number}. {heading}", flush=True)
        print(f"$ {shown(command)}", flush=True)
        done = subprocess.run([sys.executable, "-m", "threadsift", *command], cwd=ROOT, check=False)
        # The data holds damaged records on purpose: a run that wrote its report goes on.
        ran = command[0] == "run" and (out / "run.json").exists()
        if done.returncode != 0 and not ran:
            return done.returncode
        if command[0] == "run":
            print(summary(out, args.out), flush=True)
    print(f"\n{viewer(args.out)}", flush=True)
    return 0


def viewer(out: str) -> str:
    """How to look at the run: its report file, and the command that opens the viewer on it."""
    executable = Path(sys.executable).parent / "threadsift"
    if executable.is_relative_to(ROOT):  # else an interpreter outside the checkout: its path
        executable = executable.relative_to(ROOT)
    return (
        f"The run's overview is in {out}/report.html. Browse its pages and threads"
        " (Ctrl-C stops):\n"
        f"  {shlex.quote(str(executable))} serve {shlex.quote(out)} --open"
    )


if __name__ == "__main__":
    sys.exit(main())
