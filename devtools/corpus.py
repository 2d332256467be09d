"""A small generated corpus with known chrome, planted duplicates and every kind of outcome.

Pages are JSONL records (`id`, `url`, `text`) spread over several files and hosts. Each host
has its own header and footer lines (its chrome); some pages are exact copies of others (under
another id and URL), some are near copies (a few words changed), one line is not JSON, one record
has an empty text, and one page has no article.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

WORDS = [
    "river",
    "council",
    "budget",
    "school",
    "market",
    "harbour",
    "winter",
    "festival",
    "library",
    "doctor",
    "station",
    "bridge",
    "garden",
    "museum",
    "election",
    "farmer",
    "teacher",
    "village",
    "mayor",
    "railway",
    "storm",
    "concert",
    "hospital",
    "factory",
    "tourist",
    "bakery",
    "football",
    "summer",
    "weather",
    "student",
    "history",
    "police",
    "traffic",
    "island",
    "mountain",
    "theatre",
    "ferry",
    "airport",
    "forest",
    "coffee",
    "bicycle",
    "painter",
    "village",
    "cathedral",
    "newspaper",
    "orchestra",
]
FILLER = [
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "on",
    "with",
    "for",
    "by",
    "at",
    "from",
    "as",
    "is",
    "was",
    "will",
    "has",
    "had",
]


@dataclass
class Planted:
    """What the generator put in the corpus, keyed by URL."""

    records: int = 0
    exact: dict[str, str] = field(default_factory=dict)  # copy url -> original url
    near: dict[str, str] = field(default_factory=dict)  # near-copy url -> original url
    chrome: dict[str, list[str]] = field(default_factory=dict)  # host -> its chrome lines
    hosts: dict[str, int] = field(default_factory=dict)  # host -> pages
    bad_json: int = 0
    empty: int = 0
    no_article: list[str] = field(default_factory=list)


def sentence(rng: random.Random, words: int = 14) -> str:
    """A sentence of ordinary words."""
    chosen = [rng.choice(WORDS if i % 2 == 0 else FILLER) for i in range(words)]
    return " ".join(chosen).capitalize() + "."


def article(rng: random.Random, paragraphs: int = 4) -> list[str]:
    """Paragraphs of prose, one line each."""
    return [" ".join(sentence(rng) for _ in range(4)) for _ in range(paragraphs)]


def page_text(host: str, chrome: list[str], title: str, body: list[str]) -> str:
    """The text of a page: the host's header, the title, the article, the footer."""
    lines = [*chrome[:2], "", title, "", *body, "", *chrome[2:]]
    return "\n".join(lines) + "\n"


def make_corpus(
    root: Path,
    *,
    hosts: int = 3,
    pages_per_host: int = 14,
    files: int = 4,
    exact: int = 3,
    near: int = 3,
    seed: int = 7,
) -> Planted:
    """Write the corpus as `files` JSONL files under `root`; return what was planted."""
    rng = random.Random(seed)
    planted = Planted()
    records: list[dict[str, str]] = []
    for h in range(hosts):
        host = f"news{h}.example"
        chrome = [
            f"Home | World | Politics | Sport | {host}",
            f"Subscribe to the {host} morning newsletter for {h + 2} stories a day",
            f"Copyright {host} media group, all rights reserved",
            f"Read more stories from the {host} newsroom and our partners",
        ]
        planted.chrome[host] = chrome
        planted.hosts[host] = pages_per_host
        for p in range(pages_per_host):
            title = f"{sentence(rng, 7)[:-1]} ({h}-{p})"
            text = page_text(host, chrome, title, article(rng))
            records.append({"id": f"{host}/{p}", "url": f"https://{host}/story/{p}", "text": text})
    originals = list(records)
    for k in range(exact):
        source = originals[k * 5]
        url = source["url"] + "?copy"
        records.append({"id": f"copy-{k}", "url": url, "text": source["text"]})
        planted.exact[url] = source["url"]
    for k in range(near):
        source = originals[k * 5 + 2]
        words = source["text"].split(" ")
        for i in rng.sample(range(20, len(words) - 20), 3):
            words[i] = "changed"
        url = source["url"] + "?near"
        records.append({"id": f"near-{k}", "url": url, "text": " ".join(words)})
        planted.near[url] = source["url"]
    url = "https://news0.example/gallery"
    gallery = "Photos\n\nClick to enlarge\n\nShare on Facebook\n\nNext photo\n\n1 / 12\n"
    records.append({"id": "gallery", "url": url, "text": gallery})
    planted.no_article.append(url)
    records.append({"id": "empty", "url": "https://news1.example/empty", "text": ""})
    planted.empty = 1
    rng.shuffle(records)
    root.mkdir(parents=True, exist_ok=True)
    for f in range(files):
        lines = [json.dumps(record) for record in records[f::files]]
        if f == 0:
            lines.insert(1, "{not json")
            planted.bad_json = 1
        (root / f"part-{f}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    planted.records = len(records) + planted.bad_json
    return planted
