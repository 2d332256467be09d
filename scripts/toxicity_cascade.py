"""Would a cascade (the fast variant everywhere, the encoder only where it is unsure) transfer as
well as the default toxicity model?

    python scripts/toxicity_cascade.py DATA_DIR [--cache out/embeddings] [--jobs 2]

Every comment is scored by the fast variant (n-gram and piece heads); the comments whose fast
probability falls in a middle band are scored again by the default (n-gram and encoder heads),
and keep that probability. Both fusions are calibrated by logistic regression, so the two
probabilities share one scale. Leave one dataset out, as `train_toxicity.py` scores the shipped
variants: the heads are trained without the held-out set, and so are the fusions and the band
(fitted on the other sets' out-of-source logits). For each share of comments sent to the encoder,
the band is the window of that share of the other sets' fast probabilities (by quantile) whose
position gives the best mean ROC-AUC over those sets. Prints ROC-AUC per held-out set, the mean,
the share of the held-out set's comments that went to the encoder, and, for comparison, the
ROC-AUC when a random sample of that share goes to the encoder instead. Needs scikit-learn (the
train extra).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import toxicity_data as td  # noqa: E402
import train_toxicity as tt  # noqa: E402

SHARES = (0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7)  # of the comments, sent to the encoder
POSITIONS = 21  # band positions tried, from the lowest fast probabilities to the highest


def band(
    p_fast: np.ndarray, p_full: np.ndarray, y: np.ndarray, sets: list[np.ndarray], share: float
) -> tuple[float, float]:
    """The fast-probability band holding `share` of the rows of `sets` (by quantile) whose
    position gives the cascade the best mean ROC-AUC over `sets`."""
    pooled = p_fast[np.concatenate(sets)]
    best, best_band = -1.0, (0.0, 0.0)
    for start in np.linspace(0.0, 1.0 - share, POSITIONS):
        lo, hi = np.quantile(pooled, [start, start + share])
        mean = float(
            np.mean(
                [roc_auc_score(y[ix], cascade(p_fast[ix], p_full[ix], (lo, hi))) for ix in sets]
            )
        )
        if mean > best:
            best, best_band = mean, (float(lo), float(hi))
    return best_band


def cascade(p_fast: np.ndarray, p_full: np.ndarray, limits: tuple[float, float]) -> np.ndarray:
    """The fast probability, or the default's where the fast one is within `limits`."""
    inside = (p_fast >= limits[0]) & (p_fast <= limits[1])
    return np.where(inside, p_full, p_fast)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--cache", type=Path, help="a folder to keep embeddings and folds in")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    rows = td.load_all(args.data_dir)
    texts = [r.text for r in rows]
    e, m = tt.embeddings(texts, args.cache, args.jobs)
    x = tt.features(texts, 19)
    y = np.array([r.toxic for r in rows])
    oof, _ = tt.out_of_source(rows, (x, m, e), y, 2e-6, args.jobs, args.cache)
    held_sets = sorted({r.source for r in rows if r.split == "train"})
    train_all = [i for i, r in enumerate(rows) if r.split == "train" and not np.isnan(oof[i, 0])]
    scores: dict[str, list[float]] = {}
    rng = np.random.default_rng(tt.SEED)
    for held in held_sets:
        test = np.array([i for i, r in enumerate(rows) if r.source == held and r.split != "eval"])
        if not 0 < y[test].sum() < len(test):
            continue
        known = [i for i in train_all if rows[i].source != held]
        fast, full = (tt.fit_fusion(rows, y, oof[:, pair], known) for pair in (tt.FAST, tt.FULL))
        p_fast = tt.logistic(np.nan_to_num(oof[:, tt.FAST]) @ fast[:2] + fast[2])
        p_full = tt.logistic(np.nan_to_num(oof[:, tt.FULL]) @ full[:2] + full[2])
        others = [
            np.array(ix)
            for name in held_sets
            if name != held
            for ix in [[i for i in known if rows[i].source == name]]
            if 0 < y[ix].sum() < len(ix)
        ]
        line = {
            "fast": roc_auc_score(y[test], p_fast[test]),
            "default": roc_auc_score(y[test], p_full[test]),
        }
        for share in SHARES:
            limits = band(p_fast, p_full, y, others, share)
            inside = (p_fast[test] >= limits[0]) & (p_fast[test] <= limits[1])
            got = roc_auc_score(y[test], cascade(p_fast[test], p_full[test], limits))
            line[f"cascade {share:.0%}"] = got
            line[f"sent {share:.0%}"] = float(inside.mean())
            sample = rng.random(len(test)) < inside.mean()
            line[f"random {share:.0%}"] = roc_auc_score(
                y[test], np.where(sample, p_full[test], p_fast[test])
            )
        for name, value in line.items():
            scores.setdefault(name, []).append(value)
        print(held, "  ".join(f"{k} {v:.3f}" for k, v in line.items()), flush=True)
    print("mean", "  ".join(f"{k} {np.mean(v):.3f}" for k, v in scores.items()))


if __name__ == "__main__":
    main()
