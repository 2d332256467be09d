"""Read the labelled toxicity sets of ../shared/data/toxicity into one row format (training only).

Each loader follows the mapping of that folder's README. Every row gets a `split`: the source's
official test split where it has one (germeval2018, dkhate, gahd, textdetox; korean_beep's dev),
otherwise a stable 20 % by hash of the text (stormfront: of the post id, so that the sentences of
one post stay together). Some sets are for evaluation only (`split="eval"`): the HateCheck suites
(templated), iwg_refugees_de (tiny) and hatebr (CC BY-NC: never used to train the shipped model).
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

csv.field_size_limit(1 << 24)


@dataclass(slots=True)
class Row:
    text: str
    toxic: int
    category: str | None
    lang: str
    source: str
    split: str  # train, test or eval (evaluation-only sets)
    functionality: str | None = None  # HateCheck only


def _hash_split(key: str, test_share: float = 0.2) -> str:
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=4).digest()
    return "test" if int.from_bytes(digest, "big") / 2**32 < test_share else "train"


def _read_csv(path: Path, delimiter: str = ",") -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter=delimiter)


def davidson(d: Path) -> Iterator[Row]:
    for r in _read_csv(d / "davidson2017/labeled_data.csv"):
        cls = int(r["class"])
        cat = {0: "identity_hate", 1: "insult"}.get(cls)
        yield Row(r["tweet"], int(cls < 2), cat, "en", "davidson2017", _hash_split(r["tweet"]))


def dkhate(d: Path) -> Iterator[Row]:
    for r in _read_csv(d / "dkhate/train.tsv", "\t"):
        label = r["subtask_a"].strip()
        yield Row(r["tweet"], int(label in ("1", "OFF")), None, "da", "dkhate", "train")
    gold = {}
    for line in (d / "dkhate/test_goldlabels.csv").read_text(encoding="utf-8").splitlines():
        if "," in line:
            key, value = line.split(",", 1)
            gold[key.strip()] = value.strip()
    lines = (d / "dkhate/test.tsv").read_text(encoding="utf-8").splitlines()[1:]
    for line in lines:
        key, _, text = line.partition("\t")
        if key.strip() in gold:
            toxic = int(gold[key.strip()] == "OFF")
            yield Row(text, toxic, None, "da", "dkhate", "test")


def ethos(d: Path) -> Iterator[Row]:
    cats: dict[str, str] = {}
    for r in _read_csv(d / "ethos/Ethos_Dataset_Multi_Label.csv", ";"):
        if float(r["violence"]) >= 0.5:
            cats[r["comment"]] = "threat"
        elif any(
            float(r[k]) >= 0.5
            for k in (
                "gender",
                "race",
                "national_origin",
                "disability",
                "religion",
                "sexual_orientation",
            )
        ):
            cats[r["comment"]] = "identity_hate"
    for r in _read_csv(d / "ethos/Ethos_Dataset_Binary.csv", ";"):
        toxic = int(float(r["isHate"]) >= 0.5)
        cat = cats.get(r["comment"]) if toxic else None
        yield Row(r["comment"], toxic, cat, "en", "ethos", _hash_split(r["comment"]))


def gahd(d: Path) -> Iterator[Row]:
    for r in _read_csv(d / "gahd/gahd.csv"):
        toxic = int(r["label"])
        split = "test" if r["split"] == "test" else "train"
        yield Row(r["text"], toxic, "identity_hate" if toxic else None, "de", "gahd", split)


def germeval(d: Path) -> Iterator[Row]:
    cats = {"INSULT": "insult", "PROFANITY": "obscene", "ABUSE": "identity_hate"}
    for name, split in (("training", "train"), ("test", "test")):
        path = d / f"germeval2018/germeval2018.{name}.txt"
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 3:
                toxic = int(parts[1] == "OFFENSE")
                yield Row(parts[0], toxic, cats.get(parts[2]), "de", "germeval2018", split)


def iwg(d: Path) -> Iterator[Row]:
    for r in _read_csv(d / "iwg_refugees_de/german hatespeech refugees.csv"):
        a, b = r["HatespeechOrNot (Expert 1)"], r["HatespeechOrNot (Expert 2)"]
        if a == b:
            toxic = int(a == "YES")
            cat = "identity_hate" if toxic else None
            yield Row(r["Tweet"], toxic, cat, "de", "iwg_refugees_de", "eval")


def hatebr(d: Path) -> Iterator[Row]:
    for r in _read_csv(d / "hatebr/HateBR.csv"):
        yield Row(r["comentario"], int(r["label_final"]), None, "pt", "hatebr", "eval")


def korean(d: Path) -> Iterator[Row]:
    for name, split in (("train", "train"), ("dev", "test")):
        for r in _read_csv(d / f"korean_beep/{name}.tsv", "\t"):
            cat = {"hate": "identity_hate", "offensive": "insult"}.get(r["hate"])
            yield Row(r["comments"], int(cat is not None), cat, "ko", "korean_beep", split)


def mlma(d: Path) -> Iterator[Row]:
    for lang in ("fr", "ar", "en"):
        for r in _read_csv(d / f"mlma/{lang}_dataset.csv"):
            parts = set(r["sentiment"].split("_"))
            toxic = int(r["sentiment"] != "normal")
            cat = None
            if "hateful" in parts:
                cat = "identity_hate"
            elif parts & {"offensive", "abusive", "disrespectful"}:
                cat = "insult"
            text = r["tweet"]
            yield Row(text, toxic, cat if toxic else None, lang, "mlma", _hash_split(text))


def ru_distorted(d: Path) -> Iterator[Row]:
    path = d / "ru_distorted_toxicity/russian_distorted_toxicity.tsv"
    for r in _read_csv(path, "\t"):
        text = r["comments"]
        yield Row(text, int(r["toxicity"]), None, "ru", "ru_distorted_toxicity", _hash_split(text))


def stormfront(d: Path) -> Iterator[Row]:
    labels = {
        r["file_id"]: r["label"] for r in _read_csv(d / "stormfront/annotations_metadata.csv")
    }
    with (d / "stormfront/all_files.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            label = labels.get(record["file_id"])
            if label not in ("hate", "noHate"):
                continue
            toxic = int(label == "hate")
            split = _hash_split(record["file_id"].split("_")[0])
            cat = "identity_hate" if toxic else None
            yield Row(record["text"], toxic, cat, "en", "stormfront", split)


def textdetox(d: Path) -> Iterator[Row]:
    for lang in ("en", "es", "ru", "uk"):
        for part, split in (("train", "train"), ("val", "train"), ("test", "test")):
            texts = [r["text"] for r in _read_csv(d / f"textdetox/{lang}/X_{part}.csv")]
            labels = [r["toxic"] for r in _read_csv(d / f"textdetox/{lang}/y_{part}.csv")]
            for text, label in zip(texts, labels, strict=True):
                yield Row(text, int(label), None, lang, "textdetox", split)


def told_br(d: Path) -> Iterator[Row]:
    identity = ("homophobia", "racism", "misogyny", "xenophobia")
    for r in _read_csv(d / "told_br/ToLD-BR.csv"):
        counts = {
            "insult": float(r["insult"]),
            "obscene": float(r["obscene"]),
            "identity_hate": max(float(r[k]) for k in identity),
        }
        toxic = int(max(counts.values()) >= 1)
        cat = max(counts, key=counts.__getitem__) if toxic else None
        text = r["text"]
        yield Row(text, toxic, cat, "pt", "told_br", _hash_split(text))


def toxic_spans(d: Path) -> Iterator[Row]:
    kinds = {
        "Insult": "insult",
        "Threat": "threat",
        "Identity based Attack": "identity_hate",
        "Profane/Obscene": "obscene",
        "Other Toxicity": "other",
    }
    comment_of = {
        r["annotation"]: r["comment_id"] for r in _read_csv(d / "toxic_spans/annotations.csv")
    }
    votes: dict[str, Counter[str]] = {}
    for r in _read_csv(d / "toxic_spans/spans.csv"):
        kind = kinds.get(r["type"])
        cid = comment_of.get(r["annotation"])
        if kind and cid:
            votes.setdefault(cid, Counter())[kind] += 1
    for r in _read_csv(d / "toxic_spans/comments.csv"):
        found = votes.get(r["comment_id"])
        cat = found.most_common(1)[0][0] if found else None
        text = r["comment_text"]
        yield Row(text, 1, cat, "en", "toxic_spans", _hash_split(text))


def wiki_talk(d: Path) -> Iterator[Row]:
    for name in ("gc", "gn"):
        for r in _read_csv(d / f"wiki_talk_cat/CAT_LARGE/{name}.csv"):
            text = r["text"]
            yield Row(text, int(r["label"]), None, "en", "wiki_talk_cat", _hash_split(text))


HATECHECK_FILES = {
    "ar": "arabic",
    "nl": "dutch",
    "fr": "french",
    "de": "german",
    "hi": "hindi",
    "it": "italian",
    "zh": "mandarin",
    "pl": "polish",
    "pt": "portuguese",
    "es": "spanish",
}


def hatecheck(d: Path) -> Iterator[Row]:
    for r in _read_csv(d / "hatecheck_en/test_suite_cases.csv"):
        yield _hatecheck_row(r, "en")
    for lang, name in HATECHECK_FILES.items():
        path = d / f"multilingual_hatecheck/hatecheck_cases_final_{name}.csv"
        for r in _read_csv(path):
            yield _hatecheck_row(r, lang)


def _hatecheck_row(r: dict[str, str], lang: str) -> Row:
    toxic = int(r["label_gold"] == "hateful")
    func = r["functionality"]
    cat = ("threat" if func.startswith("threat") else "identity_hate") if toxic else None
    return Row(r["test_case"], toxic, cat, lang, "hatecheck", "eval", func)


TRAINABLE = [
    davidson,
    dkhate,
    ethos,
    gahd,
    germeval,
    korean,
    mlma,
    ru_distorted,
    stormfront,
    textdetox,
    told_br,
    toxic_spans,
    wiki_talk,
]
EVAL_ONLY = [iwg, hatebr, hatecheck]


def load_all(data_dir: Path) -> list[Row]:
    """Every row of every set, with its split; empty texts are dropped."""
    rows: list[Row] = []
    for loader in [*TRAINABLE, *EVAL_ONLY]:
        rows.extend(row for row in loader(data_dir) if row.text.strip())
    return rows
