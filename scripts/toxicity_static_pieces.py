"""Would static encoder outputs per piece make a better fast toxicity head than input embeddings?

    python scripts/toxicity_static_pieces.py DATA_DIR [--cache DIR]

The fast variant's piece head is a linear model over the mean *input* embedding of a comment's
sentencepiece pieces. This script tries the Model2Vec idea instead: run the whole sentence encoder
on each of the 128,010 pieces alone (about 20 s), and average those *output* vectors per comment,
plainly or weighted by the log of the piece id (ids are ordered by frequency, so rarer pieces
weigh more). Each head (n-gram, input pieces, static, static weighted) and each n-gram fusion is
scored leave one dataset out, as `train_toxicity.py` scores the shipped variants; prints ROC-AUC
per held-out set and the mean. Needs scikit-learn (the train extra).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import toxicity_data as td  # noqa: E402
import train_toxicity as tt  # noqa: E402

from threadsift.annotators.encoder import SentenceEncoder, segment_means  # noqa: E402
from threadsift.annotators.hashing import clean  # noqa: E402

BATCH = 4096


def static_table(encoder: SentenceEncoder, cache: Path | None) -> np.ndarray:
    """The encoder's output for every piece alone (the piece's text, word marker as a space)."""
    stored = cache / "static_pieces.npy" if cache else None
    if stored is not None and stored.exists():
        return np.load(stored)
    processor = encoder.pieces.processor
    size = len(encoder._backend.table)
    texts = [
        processor.id_to_piece(i).replace("\u2581", " ").strip()
        if i < processor.get_piece_size()
        else ""
        for i in range(size)
    ]
    table = np.vstack([encoder.encode(texts[s : s + BATCH]) for s in range(0, size, BATCH)])
    if stored is not None:
        stored.parent.mkdir(parents=True, exist_ok=True)
        np.save(stored, table)
    return table


def pooled(encoder: SentenceEncoder, table: np.ndarray, texts: list[str]) -> tuple[np.ndarray, ...]:
    """Mean static vector of each text's pieces, plain and weighted by log piece id."""
    rank = np.log1p(np.arange(len(table), dtype=np.float32) + 1.0)
    plain = np.zeros((len(texts), table.shape[1]), np.float32)
    weighted = np.zeros_like(plain)
    for s in range(0, len(texts), 256):
        ids, lengths = encoder.pieces.flat(texts[s : s + 256])
        end = s + len(lengths)
        plain[s:end] = segment_means(table[ids], lengths)
        num = segment_means(table[ids] * rank[ids, None], lengths)
        weighted[s:end] = num / np.maximum(segment_means(rank[ids, None], lengths), 1e-6)
    return plain, weighted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--cache", type=Path, help="a folder to keep the static table in")
    args = parser.parse_args()
    encoder = SentenceEncoder(threads=1)
    table = static_table(encoder, args.cache)
    rows = td.load_all(args.data_dir)
    texts = [clean(r.text) for r in rows]
    y = np.array([r.toxic for r in rows])
    static, weighted = pooled(encoder, table, texts)
    heads = {
        "n-gram": tt.features([r.text for r in rows], 19),
        "input pieces": encoder.pool(texts),
        "static": static,
        "static, weighted": weighted,
    }
    held_sets = sorted({r.source for r in rows if r.split == "train"})
    oof = {name: np.full(len(rows), np.nan) for name in heads}
    for held in held_sets:
        train = [i for i, r in enumerate(rows) if r.split == "train" and r.source != held]
        test = [i for i, r in enumerate(rows) if r.source == held and r.split in ("train", "test")]
        w = tt.sample_weights([rows[i] for i in train])
        with threadpool_limits(1):
            for name, f in heads.items():
                fit = tt.fit_nb if name == "n-gram" else tt.fit_dense
                args_ = (
                    (f[train], y[train], w, 2e-6) if name == "n-gram" else (f[train], y[train], w)
                )
                oof[name][test] = fit(*args_).decision_function(f[test])
    train_all = [i for i, r in enumerate(rows) if r.split == "train"]
    scores: dict[str, list[float]] = {}
    for held in held_sets:
        test = np.array([i for i, r in enumerate(rows) if r.source == held and r.split != "eval"])
        if not 0 < y[test].sum() < len(test):
            continue
        known = [i for i in train_all if rows[i].source != held]
        line = {name: roc_auc_score(y[test], oof[name][test]) for name in heads}
        for name in list(heads)[1:]:
            pair = np.column_stack([oof["n-gram"], oof[name]])
            fusion = tt.fit_fusion(rows, y, pair, known)
            line[f"n-gram + {name}"] = roc_auc_score(y[test], pair[test] @ fusion[:2])
        for name, value in line.items():
            scores.setdefault(name, []).append(value)
        print(held, "  ".join(f"{k} {v:.3f}" for k, v in line.items()))
    print("mean", "  ".join(f"{k} {np.mean(v):.3f}" for k, v in scores.items()))


if __name__ == "__main__":
    main()
