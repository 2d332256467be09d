"""Write the bad-input corpus of the reliability suite (issue 10) and its manifest.

    python scripts/make_bad_inputs.py OUT_DIR [--big] [--case NAME ...] [--list]

Each case is a directory `OUT_DIR/NAME` holding one or a few small files of a kind threadsift
reads (text, HTML, WARC, WET, JSON Lines, JSON, Parquet; gzipped or not): damaged gzip, bad WARC
headers, decompression bombs, undecodable bytes, hostile file names, records of the wrong types,
colliding ids, pathological HTML. `OUT_DIR/manifest.json` describes every case written:

    name, dir, files (relative to dir; a name that is not UTF-8 as os.fsdecode gives it, with
    lone surrogates U+DC80-U+DCFF), tests (what it exercises), inputs (the input records the
    run must count, or null when the damage leaves it open), expect (other exact counts of
    run.json: outputs, duplicates, filtered, errors), args (the inputs to give `threadsift run`,
    with {dir} for the case directory; default: the directory), big (too slow for CI)

Deterministic, no network; the standard library plus pyarrow (dev extra) for Parquet. Big cases
(a 50 MB one-line page, 20,000 and 100,000 nested elements, a tag with 1,000,000 attributes, a
reply thread 2,000 deep) are written only with --big. The bombs inflate to 4 GiB from about 4 MB
and are written streaming (`bad_inputs/builders.py`).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bad_inputs import all_cases
from bad_inputs.base import Case


def write_case(out: Path, item: Case) -> dict[str, Any]:
    """Write one case into its directory and describe it for the manifest."""
    directory = out / item.name
    directory.mkdir(parents=True)
    item.write(directory)
    files = sorted(
        os.path.relpath(os.path.join(root, name), directory)
        for root, _, names in os.walk(directory)
        for name in names
    )
    return {
        "name": item.name,
        "dir": item.name,
        "files": files,
        "tests": item.tests,
        "inputs": item.inputs,
        "expect": item.expect,
        "args": item.args or ["{dir}"],
        "big": item.big,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "out", type=Path, nargs="?", help="directory to write (must not exist or be empty)"
    )
    parser.add_argument("--big", action="store_true", help="also write the big cases")
    parser.add_argument("--case", action="append", default=[], help="write only this case")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    args = parser.parse_args(argv)
    if args.list or args.out is None:
        for item in all_cases():
            print(f"{item.name}{' (big)' if item.big else ''}: {item.tests}")
        return 0
    names = {item.name for item in all_cases()}
    unknown = sorted(set(args.case) - names)
    if unknown:
        parser.error(f"unknown case(s): {', '.join(unknown)}")
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty")
    args.out.mkdir(parents=True, exist_ok=True)
    chosen = [
        item
        for item in all_cases()
        if (item.name in args.case if args.case else args.big or not item.big)
    ]
    manifest = {"cases": [write_case(args.out, item) for item in chosen]}
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    print(f"{len(chosen)} cases in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
