"""Build the sentence corpora in `data/` from Debian packages (run once; the output is committed).

Sources: the `fortunes`, `fortunes-de`, `fortunes-es`, `fortunes-it`, `fortunes-br` and
`fortunes-pl` packages (anecdotes, quotations, sayings: real sentences written by people) and, for
French, which has no fortunes package, the prose paragraphs of `debian-reference-fr`. Entries are
reflowed to one passage per line and filtered to prose (letters, sentence punctuation, no code,
no URLs, no ASCII art).

    apt-get install fortunes fortunes-de fortunes-es fortunes-it fortunes-br fortunes-pl \
        debian-reference-fr
    python -m bench.synthpages.corpus
"""

from __future__ import annotations

import gzip
import random
import re
from pathlib import Path

FORTUNES = Path("/usr/share/games/fortunes")
DATA = Path(__file__).with_name("data")
CAP = 650

SOURCES: dict[str, list[str]] = {
    "en": [
        "fortunes",
        "literature",
        "people",
        "humorists",
        "wisdom",
        "work",
        "science",
        "education",
        "food",
        "pets",
        "sports",
        "news",
        "miscellaneous",
        "law",
        "medicine",
        "love",
        "politics",
    ],
    "de": [
        "de/anekdoten",
        "de/wusstensie",
        "de/zitate",
        "de/sprueche",
        "de/stilblueten",
        "de/sprichworte",
        "de/kinderzitate",
        "de/witze",
        "de/murphy",
        "de/tips",
        "de/unfug",
        "de/letzteworte",
        "de/mathematiker",
        "de/regeln",
    ],
    "es": ["es/*"],
    "it": [
        "it/italia",
        "it/definizioni",
        "it/leggi",
        "it/luttazzi",
        "it/paolotedeschi",
        "it/formiche",
    ],
    "pt": ["brasil"],
    "pl": [
        "pl/bajki",
        "pl/misc",
        "pl/nauka",
        "pl/sapkowski",
        "pl/seneka",
        "pl/puchatek",
        "pl/dzieci",
        "pl/milosc",
        "pl/zen",
        "pl/stachura",
    ],
}
BAD = re.compile(r"[|\\_$#<>{}@*=~^]|https?:|www\.|\.\.\.\.|--|[A-Z]{6,}|\t|[!?.]{3}")
ATTRIBUTION = re.compile(r"^\s*(--|—|–|~|\(|\[)")


def _entries(path: Path) -> list[str]:
    try:
        raw = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return []
    return raw.split("\n%\n")


def _clean(entry: str) -> str | None:
    lines = [line for line in entry.strip().split("\n") if not ATTRIBUTION.match(line)]
    text = re.sub(r"\s+", " ", " ".join(lines)).strip()
    if not 40 <= len(text) <= 600 or BAD.search(text):
        return None
    letters = sum(ch.isalpha() for ch in text)
    if letters < 0.78 * len(text.replace(" ", "")):
        return None
    if text[-1] not in '.!?"»”)' or not text[0].isupper():
        return None
    return text


def _fortune_files(pattern: str) -> list[Path]:
    if pattern.endswith("/*"):
        folder = FORTUNES / pattern[:-2]
        return sorted(
            p for p in folder.iterdir() if p.suffix not in (".dat", ".u8") and p.is_file()
        )
    return [FORTUNES / pattern]


_FRENCH = "le la les des de du un une est et pour dans que qui vous pas sur par au aux ne se sont"
FRENCH_WORDS = frozenset(f"{_FRENCH} peut avec ce cette il elle on".split(" "))


def _frenchness(text: str) -> float:
    words = re.findall(r"[a-zà-ÿ']+", text.lower())
    return sum(w in FRENCH_WORDS for w in words) / max(1, len(words))


def _french() -> list[str]:
    path = Path("/usr/share/debian-reference/debian-reference.fr.txt.gz")
    raw = gzip.decompress(path.read_bytes()).decode("utf-8")
    out = []
    for block in re.split(r"\n\s*\n", raw):
        if not block.startswith("    ") or block.startswith("     "):
            continue
        text = _clean(block.replace("’", "'"))
        if text and not re.search(r"[/()«»:;0-9]", text) and _frenchness(text) >= 0.12:
            out.append(text)
    return out


def build() -> dict[str, int]:
    """Write `data/LANG.txt` for every language; returns passages per language."""
    DATA.mkdir(exist_ok=True)
    sizes = {}
    for lang, patterns in [*SOURCES.items(), ("fr", [])]:
        passages: list[str] = []
        if lang == "fr":
            passages = _french()
        for pattern in patterns:
            for path in _fortune_files(pattern):
                passages.extend(t for t in map(_clean, _entries(path)) if t)
        unique = sorted(set(passages))
        random.Random(lang).shuffle(unique)
        chosen = unique[:CAP]
        (DATA / f"{lang}.txt").write_text("\n".join(chosen) + "\n", encoding="utf-8")
        sizes[lang] = len(chosen)
    return sizes


if __name__ == "__main__":
    print(build())
