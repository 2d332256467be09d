"""Labelled short texts in many languages for `bench_language.py` (read offline, never shipped).

Sources, each read only when present:
- `bench/synthpages/data/LANG.txt` (Debian fortunes and the French Debian Reference): en de es it pt
  pl fr;
- Debian `fortunes-ru`, `fortunes-cs` (Czech and Slovak), `fortunes-bg`, `fortunes-ga` under
  `/usr/share/games/fortunes` (`apt-get install fortunes-ru fortunes-cs fortunes-bg fortunes-ga`);
- the comment and post texts of `../shared/data/toxicity` (used as test text only): de pt es fr
  ru uk da ko ar en, and the templated multilingual HateCheck cases for nl zh it pl (its Hindi
  cases are romanised, which no candidate identifies, so they are left out).

Each passage is cut to a word count drawn from each length bucket it is long enough for; short
passages of one language are joined to fill the long buckets. Tweets lose @mentions, URLs and
`RT`, as the annotator does before it identifies a language.
"""

from __future__ import annotations

import csv
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent
SYNTH = ROOT / "synthpages" / "data"
FORTUNES = Path("/usr/share/games/fortunes")
TOXICITY = ROOT.parent.parent / "shared" / "data" / "toxicity"
BUCKETS: list[tuple[int, int]] = [(1, 4), (5, 9), (10, 19), (20, 39), (40, 60)]
PER_CELL = 250  # texts per (language, bucket)

_NOISE = re.compile(r"(?:\brt\b|@\w+|https?://\S+|www\.\S+|\[id\d+\|[^\]]*\]|@url|&amp;)", re.I)
csv.field_size_limit(1 << 24)
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def clean(text: str) -> str:
    """Drop mentions, URLs and retweet marks; squeeze white space."""
    return " ".join(_NOISE.sub(" ", text).replace("#", " ").split())


def _fortunes(folder: str) -> Iterator[str]:
    base = FORTUNES / folder
    if not base.is_dir():
        return
    for path in sorted(base.iterdir()):
        if path.suffix in (".dat", ".u8") or not path.is_file():
            continue
        try:
            raw = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for entry in raw.split("\n%\n"):
            lines = [ln for ln in entry.split("\n") if not re.match(r"^\s*(--|—|–)", ln)]
            text = " ".join(" ".join(lines).split())
            if len(text) >= 10 and not re.search(r"[|\\_$<>{}=~^]|https?:", text):
                yield text


def _csv(path: Path, column: str, delimiter: str = ",") -> Iterator[str]:
    if not path.exists():
        return
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=delimiter):
            yield row[column]


def _jsonl(path: Path, key: str) -> Iterator[str]:
    if path.exists():
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                yield json.loads(line)[key]


def _hatecheck(language: str) -> Iterator[str]:
    name = f"hatecheck_cases_final_{language}.csv"
    yield from _csv(TOXICITY / "multilingual_hatecheck" / name, "test_case")


def sources() -> dict[str, dict[str, list[str]]]:
    """Passages by language, then by source name."""
    t = TOXICITY
    raw: dict[str, dict[str, Iterator[str]]] = {
        "en": {
            "fortunes": _synth("en"),
            "toxic_spans": _csv(t / "toxic_spans/comments.csv", "comment_text"),
        },
        "de": {
            "fortunes": _synth("de"),
            "germeval": _germeval(),
            "gahd": _csv(t / "gahd/gahd.csv", "text"),
        },
        "es": {"fortunes": _synth("es"), "textdetox": _csv(t / "textdetox/es/X_test.csv", "text")},
        "it": {"fortunes": _synth("it"), "hatecheck": _hatecheck("italian")},
        "pt": {"fortunes": _synth("pt"), "told_br": _csv(t / "told_br/ToLD-BR.csv", "text")},
        "pl": {"fortunes": _synth("pl"), "hatecheck": _hatecheck("polish")},
        "fr": {"debian-ref": _synth("fr"), "mlma": _csv(t / "mlma/fr_dataset.csv", "tweet")},
        "ru": {
            "fortunes": _fortunes("ru"),
            "vk": _csv(
                t / "ru_distorted_toxicity/russian_distorted_toxicity.tsv", "comments", "\t"
            ),
        },
        "uk": {"textdetox": _csv(t / "textdetox/uk/X_test.csv", "text")},
        "cs": {"fortunes": _fortunes("cs")},
        "sk": {"fortunes": _fortunes("sk")},
        "bg": {"fortunes": _fortunes("bg")},
        "ga": {"fortunes": _fortunes("ga")},
        "da": {"dkhate": _csv(t / "dkhate/train.tsv", "tweet", "\t")},
        "ko": {"beep": _csv(t / "korean_beep/train.tsv", "comments", "\t")},
        "ar": {"mlma": _csv(t / "mlma/ar_dataset.csv", "tweet")},
        "nl": {"hatecheck": _hatecheck("dutch")},
        "zh": {"hatecheck": _hatecheck("mandarin")},
    }
    out: dict[str, dict[str, list[str]]] = {}
    for lang, by_source in raw.items():
        for name, texts in by_source.items():
            kept = [c for c in map(clean, texts) if c]
            if kept:
                out.setdefault(lang, {})[name] = kept
    return out


def _synth(lang: str) -> Iterator[str]:
    path = SYNTH / f"{lang}.txt"
    if path.exists():
        yield from path.read_text(encoding="utf-8").splitlines()


def _germeval() -> Iterator[str]:
    path = TOXICITY / "germeval2018/germeval2018.training.txt"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            yield line.split("\t")[0]


def _words(text: str) -> list[str]:
    return text.split()


def _cut(words: list[str], low: int, high: int, rng: random.Random) -> str | None:
    """The first n words, n drawn from [low, high]; CJK text (no spaces) is cut by characters."""
    if _CJK.search(words[0] if words else ""):  # unspaced script: 2 characters ~ a word
        chars = "".join(words)
        n = rng.randint(low, high) * 2
        return chars[:n] if len(chars) >= n else None
    n = rng.randint(low, high)
    return " ".join(words[:n]) if len(words) >= n else None


def samples(seed: int = 0) -> list[tuple[str, str, str]]:
    """(language, bucket label, text) triples, at most `PER_CELL` per language and bucket."""
    rng = random.Random(seed)
    out: list[tuple[str, str, str]] = []
    for lang, by_source in sources().items():
        passages = [p for texts in by_source.values() for p in texts]
        rng.shuffle(passages)
        # Pool joined passages (in source order, so a join stays within one source) for long cuts.
        joined = [
            " ".join(texts[i : i + 8])
            for texts in by_source.values()
            for i in range(0, len(texts), 8)
        ]
        rng.shuffle(joined)
        for low, high in BUCKETS:
            label = f"{low}-{high}"
            cell: list[str] = []
            for passage in [*passages, *joined]:
                if len(cell) >= PER_CELL:
                    break
                text = _cut(_words(passage), low, high, rng)
                if text:
                    cell.append(text)
            out.extend((lang, label, text) for text in cell)
    return out
