"""Does a comment's parent help score its toxicity? Measured on the one labelled set with threads.

    python scripts/toxicity_context.py DATA_DIR [--fast] [--resamples 1000]

`DATA_DIR` is `../shared/data/toxicity`; its `wiki_talk_cat` set gives each Wikipedia talk
comment with its parent: CAT-LARGE `gc.csv` was labelled by people who saw the parent (only its
test split, by the same text hash as training, is used: the bundled model was trained on the
rest), CAT-SMALL was labelled twice, without (`oc`) and with (`ic`) the parent. For each, the
bundled model scores the comment and its parent; a logistic regression over the two logits and
their product is fitted by 5-fold cross-validation within the set. Prints ROC-AUC of the comment
alone, of the comment with its parent, and of the parent alone, with a paired bootstrap 95 %
interval of the gain. Needs scikit-learn (the train extra).
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import toxicity_data as td  # noqa: E402

from threadsift.annotators.toxicity import LinearToxicityModel  # noqa: E402

MAX_CHARS = 2000  # what the annotator reads of a comment by default
FOLDS = 5


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of one CSV file of the set."""
    csv.field_size_limit(1 << 24)
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def logits(model: LinearToxicityModel, texts: list[str]) -> np.ndarray:
    """The model's scores of `texts`, as logits."""
    p = np.array([s.score for s in model.score([t[:MAX_CHARS] for t in texts])])
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.asarray(np.log(p / (1 - p)))


def with_parent(own: np.ndarray, parent: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Cross-validated scores of a logistic regression over both logits and their product."""
    x = np.stack([own, parent, own * parent], axis=1)
    out = np.zeros(len(y))
    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=0).split(x, y):
        fitted = LogisticRegression(class_weight="balanced").fit(x[train], y[train])
        out[test] = fitted.decision_function(x[test])
    return out


def gain_interval(
    y: np.ndarray, base: np.ndarray, new: np.ndarray, resamples: int
) -> tuple[float, float]:
    """A paired bootstrap 95 % interval of ROC-AUC(new) - ROC-AUC(base)."""
    rng = np.random.default_rng(0)
    gains = []
    for _ in range(resamples):
        pick = rng.integers(0, len(y), len(y))
        if len(set(y[pick].tolist())) == 2:
            gains.append(roc_auc_score(y[pick], new[pick]) - roc_auc_score(y[pick], base[pick]))
    low, high = np.percentile(gains, [2.5, 97.5])
    return float(low), float(high)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the toxicity data folder")
    parser.add_argument("--fast", action="store_true", help="the fast variant of the model")
    parser.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples")
    args = parser.parse_args()
    folder = args.data / "wiki_talk_cat"
    gc = [r for r in read_rows(folder / "CAT_LARGE/gc.csv") if td._hash_split(r["text"]) == "test"]
    small = read_rows(folder / "CAT_SMALL/cat_small.csv")
    sets = [
        ("CAT-LARGE gc, test split", gc, "parent", "label"),
        ("CAT-SMALL, labelled with parent", small, "parent_text", "label_ic"),
        ("CAT-SMALL, labelled without", small, "parent_text", "label_oc"),
    ]
    model = LinearToxicityModel(accurate=not args.fast)
    print(f"model: {'fast' if args.fast else 'accurate'} variant, bundled weights")
    header = ("set", "comments", "toxic", "alone", "with parent", "gain (95 % CI)", "parent alone")
    print("| " + " | ".join(header) + " |")
    print("|---|---|---|---|---|---|---|")
    for name, rows, parent_key, label_key in sets:
        y = np.array([int(float(r[label_key])) for r in rows])
        own = logits(model, [r["text"] for r in rows])
        parent = logits(model, [r[parent_key] for r in rows])
        both = with_parent(own, parent, y)
        low, high = gain_interval(y, own, both, args.resamples)
        alone, joint = roc_auc_score(y, own), roc_auc_score(y, both)
        print(
            f"| {name} | {len(y)} | {int(y.sum())} | {alone:.3f} | {joint:.3f} | "
            f"{joint - alone:+.3f} ({low:+.3f}, {high:+.3f}) | {roc_auc_score(y, parent):.3f} |"
        )


if __name__ == "__main__":
    main()
