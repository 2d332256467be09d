"""Write synthetic labelled pages.

    python -m bench.synthpages OUTDIR --split tune --seed 1 --count 60


Pages are spread round-robin over the split's sites (comment system x language). A page whose
rendering cannot be labelled by construction is rejected (reported, never guessed) and the next
seed is tried. Writes NAME.txt and NAME.txt.gold.json (and NAME.html with --html).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bench.synthpages.builder import LabelError, gold_record, label, render
from bench.synthpages.sites import SPLITS, build


def generate(out: Path, split: str, seed: int, count: int, *, keep_html: bool = False) -> int:
    """Write `count` pages of `split` into `out`; returns the number of rejected attempts."""
    out.mkdir(parents=True, exist_ok=True)
    sites = SPLITS[split]
    rejected = 0
    attempt = 0
    for i in range(count):
        site = sites[i % len(sites)]
        while True:
            attempt += 1
            page_seed = seed * 100_000 + attempt
            doc = build(site, split, page_seed)
            markup = doc.html()
            text = render(markup)
            try:
                labels, comments, title = label(doc, text)
            except LabelError as exc:
                rejected += 1
                print(
                    f"rejected {site.system}/{site.lang} seed {page_seed}: {exc}", file=sys.stderr
                )
                if rejected > 5 * count:
                    raise
                continue
            break
        name = f"{split[0]}{i:03d}_{site.system}_{site.lang}.txt"
        meta = {"split": split, "system": site.system, "lang": site.lang, "seed": page_seed}
        notes = (
            f"synthetic page ({site.system}, {site.lang}): HTML written by bench/synthpages, "
            "rendered with resiliparse extract_plain_text(main_content=True), every line "
            "labelled by construction"
        )
        gold = gold_record(name, text, labels, comments, title, notes, meta)
        (out / name).write_text(text, encoding="utf-8")
        (out / f"{name}.gold.json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=None, separators=(",", ":")) + "\n",
            encoding="utf-8",
        )
        if keep_html:
            (out / name.replace(".txt", ".html")).write_text(markup, encoding="utf-8")
    return rejected


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m bench.synthpages", description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--split", choices=sorted(SPLITS), required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--html", action="store_true", help="also write the HTML of each page")
    args = parser.parse_args(argv)
    rejected = generate(args.out, args.split, args.seed, args.count, keep_html=args.html)
    print(f"wrote {args.count} pages to {args.out} ({rejected} rejected attempts)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
