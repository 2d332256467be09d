"""Train threadsift's toxicity model from ../shared/data/toxicity and write it as numpy weights.

    python scripts/train_toxicity.py DATA_DIR [--pages PAGES_DIR] [--check-pages PAGES_DIR]
        [--out src/threadsift/models/toxicity.npz] [--cache DIR]
        [--report src/threadsift/models/toxicity_report.md] [--no-lodo] [--bits 19]

Two variants ship. The accurate one (the default, and the teacher) fuses the n-gram and encoder
heads below; the fast one fuses the n-gram and piece heads. A student is distilled from the
teacher, and ships as the fast variant only with `--ship-student`: an n-gram head and a piece head
trained on the labels (share `LABEL_SHARE`) and on the teacher's scores (the rest) over the train
rows and a pool of unlabelled text (the comments and article paragraphs the HTML decomposer
finds in `--pages`, and the sentences of `bench/synthpages/data`), then fused like the others.
Its leave-one-dataset-out scores come from students taught by teachers trained without the
held-out set, on a pool without it. `--check-pages` (pages never trained on) gives how well the
student ranks those pages' comments as the teacher does.

Three heads, fused two by two:
- n-gram head: hashed character 1-5-grams (threadsift/annotators/hashing.py) scaled by their
  naive-Bayes log-count ratios, and logistic regression (scikit-learn's SGD, log loss);
- encoder head: logistic regression on multilingual sentence embeddings
  (threadsift/annotators/encoder.py), which carry what is learned in one language and source over
  to others;
- piece head: logistic regression on the mean input embedding of the encoder's pieces, stored as
  one score per piece (cheap, and still shared across languages).
The default model fuses the n-gram and encoder heads, the fast one the n-gram and piece heads.
All are trained on the train splits of every trainable set (not HateCheck, not iwg_refugees_de,
not the non-commercial hatebr). Each set gets the same total weight (capped by its size), split
evenly between its toxic and non-toxic rows, so that no set's base rate or keyword sampling decides
the threshold; sets with one class only (toxic_spans) keep half. Each fusion (weights of two
logits and a bias) is fitted on leave-one-dataset-out logits, each set scored by heads trained
without it: the ratio of the weights that transfers best to a set neither head has seen, then
scale and bias by logistic regression. A smaller n-gram
head per category (insult, threat, identity_hate, obscene) is trained on the toxic rows whose set
names one. The report gives ROC-AUC and F1 per test set and per language, HateCheck per
functionality, leave-one-dataset-out transfer and alt-profanity-check side by side on the English
test sets (when it is installed). Needs scikit-learn (training only).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.metrics import f1_score, roc_auc_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import toxicity_data as td  # noqa: E402

from threadsift.annotators.encoder import SentenceEncoder  # noqa: E402
from threadsift.annotators.hashing import clean, hashed  # noqa: E402
from threadsift.errors import ThreadsiftError  # noqa: E402

CATEGORIES = ("insult", "threat", "identity_hate", "obscene")
SOURCE_WEIGHT_CAP = 10_000.0
SEED = 13
# n-gram : encoder weight ratios tried for the fusion (leave-one-dataset-out ROC-AUC is flat
# from 0.5 to 0.7; per-language test ROC-AUC rises with the n-gram share, transfer falls).
FUSION_RATIOS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0, 1.25, 1.5, 2.0)
# The logit columns each model fuses: n-gram, piece, encoder (teacher's heads), then the
# student's n-gram and piece heads.
FAST, FULL, STUDENT = [0, 1], [0, 2], [3, 4]
LABEL_SHARE = 0.5  # the student's weight on the labels; the rest is on the teacher's scores
POOL_SHARE = 1.0  # the unlabelled pool weighs as much as this many labelled sets
MIN_PARAGRAPH_WORDS = 5  # article paragraphs shorter than this stay out of the pool
SYNTH = ROOT / "bench" / "synthpages" / "data"
# Sets that sample comments or posts without selecting them by keyword or by class, so that
# their toxic share is a natural one (1-19 %); the threshold is chosen on them.
NATURAL_RATE = ("dkhate", "ru_distorted_toxicity", "stormfront", "wiki_talk_cat")
THRESHOLDS = tuple(round(0.3 + 0.05 * k, 2) for k in range(13))  # 0.3 ... 0.9
ENCODER_C = 0.3  # inverse L2 strength of the encoder head (0.3-10 within 0.003 of each other)


def features(texts: list[str], bits: int) -> sparse.csr_matrix:
    """The hashed feature matrix of `texts` (rows in order), in chunks to bound memory."""
    blocks = []
    for start in range(0, len(texts), 5000):
        chunk = texts[start : start + 5000]
        rows, cols, counts = hashed(chunk, bits)
        values = 1.0 / np.sqrt(np.maximum(counts, 1.0))[rows]
        shape = (len(chunk), 2**bits)
        blocks.append(sparse.csr_matrix((values.astype(np.float32), (rows, cols)), shape=shape))
    return sparse.vstack(blocks).tocsr()


def fold(matrix: sparse.csr_matrix, bits: int, to_bits: int) -> sparse.csr_matrix:
    """The features hashed into 2**to_bits buckets (top bits of each), binary, L2-normalised."""
    if to_bits == bits:
        return matrix
    coo = matrix.tocoo()
    shape = (matrix.shape[0], 2**to_bits)
    ones = np.ones(len(coo.data), dtype=np.float32)
    folded = sparse.csr_matrix((ones, (coo.row, coo.col >> (bits - to_bits))), shape=shape)
    folded.data[:] = 1.0  # buckets that merged are still one feature
    counts = np.diff(folded.indptr).astype(np.float32)
    folded.data /= np.sqrt(np.maximum(counts, 1.0)).repeat(np.diff(folded.indptr))
    return folded


def sample_weights(rows: Sequence[td.Row]) -> np.ndarray:
    """Equal weight per source (capped by its size), split evenly between its two classes."""
    count: dict[tuple[str, int], int] = defaultdict(int)
    size: dict[str, int] = defaultdict(int)
    for row in rows:
        count[row.source, row.toxic] += 1
        size[row.source] += 1
    out = np.empty(len(rows))
    for i, row in enumerate(rows):
        total = min(size[row.source], SOURCE_WEIGHT_CAP)
        out[i] = 0.5 * total / count[row.source, row.toxic]
    return out * (len(rows) / out.sum())


def fit(x: sparse.csr_matrix, y: np.ndarray, w: np.ndarray, alpha: float) -> SGDClassifier:
    model = SGDClassifier(
        loss="log_loss", alpha=alpha, max_iter=15, tol=None, random_state=SEED, average=True
    )
    model.fit(x, y, sample_weight=w)
    return model


class Linear:
    """Weights and bias of a linear model over the hashed features."""

    def __init__(self, coef: np.ndarray, intercept: float) -> None:
        self.coef_ = coef.reshape(1, -1)
        self.intercept_ = np.array([intercept])

    def decision_function(self, x: sparse.csr_matrix | np.ndarray) -> np.ndarray:
        return np.asarray(x @ self.coef_[0]).ravel() + self.intercept_[0]


def embeddings(
    texts: list[str], cache: Path | None = None, jobs: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """Sentence embeddings and mean piece embeddings of the cleaned `texts`, as the annotator
    computes them, in chunks; with a `cache` folder, chunks already embedded are read from it
    and new ones written to it (by `jobs` processes)."""
    chunks = [[clean(t) for t in texts[i : i + CHUNK]] for i in range(0, len(texts), CHUNK)]
    keys = [chunk_key(chunk) for chunk in chunks]
    if cache is None:
        encoder = SentenceEncoder(threads=2)
        done = [(encoder.encode(chunk), encoder.pool(chunk)) for chunk in chunks]
        return np.vstack([e for e, _ in done]), np.vstack([m for _, m in done])
    cache.mkdir(parents=True, exist_ok=True)
    todo = [(chunk, cache / f"{key}.npz") for chunk, key in zip(chunks, keys, strict=True)]
    todo = [(chunk, path) for chunk, path in todo if not path.exists()]
    if todo:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(max(1, jobs)) as workers:
            for n, _ in enumerate(workers.imap_unordered(embed_chunk, todo), start=1):
                print(f"embedded {n}/{len(todo)} chunks", file=sys.stderr, end="\r")
    full, pooled = [], []
    for key in keys:
        with np.load(cache / f"{key}.npz") as npz:
            full.append(npz["e"])
            pooled.append(npz["m"])
    return np.vstack(full), np.vstack(pooled)


CHUNK = 5000


def chunk_key(chunk: list[str]) -> str:
    """The cache name of a chunk of cleaned texts."""
    import hashlib

    return hashlib.blake2b("\x00".join(chunk).encode("utf-8"), digest_size=12).hexdigest()


def embed_chunk(job: tuple[list[str], Path]) -> None:
    """Embed one chunk into its cache file (in a worker process, one BLAS thread)."""
    chunk, path = job
    encoder = SentenceEncoder(threads=1)
    np.savez(path.with_suffix(".tmp.npz"), e=encoder.encode(chunk), m=encoder.pool(chunk))
    path.with_suffix(".tmp.npz").rename(path)


def page_texts(folder: Path, articles: bool, cache: Path | None = None) -> list[str]:
    """The comments (and, with `articles`, the article paragraphs) the HTML decomposer finds in
    the `.html.gz` pages of `folder`; pages the reader refuses are skipped. Kept in `cache`."""
    import gzip
    import json

    from threadsift.api import split

    stored = None
    if cache is not None:
        name = chunk_key([str(folder.resolve()), str(articles)])
        stored = cache / f"pages-{name}.json"
        if stored.exists():
            texts: list[str] = json.loads(stored.read_text(encoding="utf-8"))
            return texts
    out: list[str] = []
    for path in sorted(folder.rglob("*.html.gz")):
        try:
            page = split(gzip.decompress(path.read_bytes()), format="html", source=str(path))
        except ThreadsiftError:
            continue
        out += [comment.text for comment in page.comments]
        if articles:
            paragraphs = (page.article or "").split("\n")
            out += [p for p in paragraphs if len(p.split()) >= MIN_PARAGRAPH_WORDS]
    if stored is not None:
        stored.parent.mkdir(parents=True, exist_ok=True)
        stored.write_text(json.dumps(out), encoding="utf-8")
    return out


def unlabelled_pool(pages: Path | None, cache: Path | None = None) -> list[str]:
    """Text without labels for the student: the synthetic pages' sentences and, given a folder
    of pages, their comments and article paragraphs (news text at its natural toxic share)."""
    pool = [
        line
        for path in sorted(SYNTH.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    if pages is not None:
        pool = page_texts(pages, True, cache) + pool
    return pool


def stacked(parts: list[Any]) -> Any:
    """Rows of sparse or dense matrices, one under the other."""
    if sparse.issparse(parts[0]):
        return sparse.vstack(parts).tocsr()
    return np.vstack(parts)


def fit_dense_alpha(e: np.ndarray, y: np.ndarray, w: np.ndarray, alpha: float) -> Linear:
    """`fit_dense` with the signature of `fit_nb` (the n-gram regularisation is not used)."""
    return fit_dense(e, y, w)


def soft_rows(
    x: sparse.csr_matrix | np.ndarray, p: np.ndarray, w: np.ndarray
) -> tuple[sparse.csr_matrix | np.ndarray, np.ndarray, np.ndarray]:
    """Rows with soft targets `p` as two weighted rows each (toxic with weight w p, not with
    w (1 - p)): a weighted log loss on them is the cross-entropy to `p`."""
    targets = np.concatenate([np.ones(len(p), dtype=int), np.zeros(len(p), dtype=int)])
    return stacked([x, x]), targets, np.concatenate([w * p, w * (1.0 - p)])


def distil(
    labelled: tuple[sparse.csr_matrix, np.ndarray, np.ndarray, np.ndarray],
    pool: tuple[sparse.csr_matrix, np.ndarray],
    teacher: tuple[np.ndarray, np.ndarray],
    sets: int,
    alpha: float,
    label_share: float = LABEL_SHARE,
) -> tuple[Linear, Linear]:
    """The student's n-gram and piece heads, trained on the labels of the labelled rows (x, m,
    y, w; `sets` sets) with weight `label_share`, and on the teacher's probabilities for those
    rows and for the pool (x, m) with the rest; the pool weighs `POOL_SHARE` sets."""
    x, m, y, w = labelled
    x_pool, m_pool = pool
    pool_w = np.full(x_pool.shape[0], POOL_SHARE * w.sum() / sets / x_pool.shape[0])
    soft_w = np.concatenate([w, pool_w]) * (1.0 - label_share)
    p = np.concatenate(teacher)
    heads = []
    for lab, unl in ((x, x_pool), (m, m_pool)):
        xs, ys, ws = soft_rows(stacked([lab, unl]), p, soft_w)
        matrix = stacked([lab, xs])
        target = np.concatenate([y, ys])
        weight = np.concatenate([w * label_share, ws])
        fitter = fit_nb if sparse.issparse(lab) else fit_dense_alpha
        heads.append(fitter(matrix, target, weight, alpha))
        del matrix, xs  # two copies of every row: memory is what limits parallel folds
    return heads[0], heads[1]


def fit_dense(e: np.ndarray, y: np.ndarray, w: np.ndarray) -> Linear:
    """The encoder or piece head: L2-regularised logistic regression on embeddings."""
    model = LogisticRegression(C=ENCODER_C, max_iter=500).fit(e, y, sample_weight=w)
    return Linear(model.coef_[0], float(model.intercept_[0]))


def fit_nb(x: sparse.csr_matrix, y: np.ndarray, w: np.ndarray, alpha: float) -> Linear:
    """NB-LR (Wang & Manning 2012): features scaled by their log-count ratio, then logistic
    regression; the ratio is folded into the weights, so inference is a plain linear model.
    Mean held-out ROC-AUC 0.807 -> 0.820, and a third of the false positives on wiki_talk_cat."""
    present = x.copy()
    present.data[:] = 1.0
    pos = np.asarray(present.T @ (w * (y == 1))).ravel()
    neg = np.asarray(present.T @ (w * (y == 0))).ravel()
    ratio = np.log((pos + 1.0) / (pos.sum() + 1.0)) - np.log((neg + 1.0) / (neg.sum() + 1.0))
    model = fit((x @ sparse.diags(ratio.astype(np.float32))).tocsr(), y, w, alpha)
    return Linear(model.coef_[0] * ratio, float(model.intercept_[0]))


def scores_of(model: SGDClassifier | Linear, x: sparse.csr_matrix) -> np.ndarray:
    return logistic(model.decision_function(x))


def metrics(y: np.ndarray, p: np.ndarray, threshold: float) -> tuple[str, str, str]:
    """ROC-AUC, F1 at the threshold, and the share flagged, formatted."""
    auc = f"{roc_auc_score(y, p):.3f}" if 0 < y.sum() < len(y) else "–"
    f1 = f"{f1_score(y, p >= threshold):.3f}" if y.sum() else "–"
    return auc, f1, f"{(p >= threshold).mean():.3f}"


def table(header: Sequence[str], lines: list[Sequence[str]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(line) + " |" for line in lines]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "src/threadsift/models/toxicity.npz")
    parser.add_argument(
        "--report", type=Path, default=ROOT / "src/threadsift/models/toxicity_report.md"
    )
    parser.add_argument("--bits", type=int, default=19)
    parser.add_argument("--category-bits", type=int, default=17)
    parser.add_argument("--alpha", type=float, default=2e-6)
    parser.add_argument(
        "--threshold",
        type=float,
        help="the toxic threshold of both variants (default: chosen on leave-one-dataset-out "
        "scores of the natural-base-rate sets, 0.5 with --no-lodo)",
    )
    parser.add_argument(
        "--no-lodo",
        action="store_true",
        help="skip the leave-one-dataset-out runs (faster; the heads are then fused 1:1)",
    )
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument(
        "--pages", type=Path, help="HTML pages (.html.gz) whose comments and articles join the pool"
    )
    parser.add_argument(
        "--check-pages",
        type=Path,
        help="HTML pages never trained on, to compare student and teacher",
    )
    parser.add_argument("--label-share", type=float, default=LABEL_SHARE)
    parser.add_argument(
        "--ship-student",
        action="store_true",
        help="ship the distilled student as the fast variant (default: the n-gram and piece "
        "heads fused, which transfer as well: see the report)",
    )
    parser.add_argument("--cache", type=Path, help="a folder to keep embeddings in between runs")
    parser.add_argument("--jobs", type=int, default=2, help="processes (embedding, held-out sets)")
    parser.add_argument(
        "--student-jobs", type=int, help="processes for the students (default --jobs; ~6 GB each)"
    )
    parser.add_argument(
        "--sample", type=int, default=1, help="keep one row (and pool text) in N: a quick trial"
    )
    args = parser.parse_args()

    start = time.perf_counter()
    rows = td.load_all(args.data_dir)[:: args.sample]
    pool = unlabelled_pool(args.pages, args.cache)[:: args.sample]
    check = page_texts(args.check_pages, False, args.cache) if args.check_pages else []
    check = check[:: args.sample]
    # Embedded in this order (train rows, pool, check, the rest) so that a cache of the train
    # rows and the pool serves runs that change only the evaluation.
    train = [i for i, r in enumerate(rows) if r.split == "train"]
    rest = [i for i, r in enumerate(rows) if r.split != "train"]
    order = [rows[i].text for i in train] + pool + check + [rows[i].text for i in rest]
    e_ordered, m_ordered = embeddings(order, args.cache, args.jobs)
    back = np.argsort(np.array(train + rest))  # row index -> position among the row texts
    rows_at = np.concatenate(
        [np.arange(len(train)), len(train) + len(pool) + len(check) + np.arange(len(rest))]
    )[back]
    e_all, m_all = e_ordered[rows_at], m_ordered[rows_at]
    pool_at = len(train) + np.arange(len(pool))
    check_at = len(train) + len(pool) + np.arange(len(check))
    texts = [r.text for r in rows]
    x_all = features(texts, args.bits)
    x_pool = features(pool, args.bits)
    y_all = np.array([r.toxic for r in rows])
    print(
        f"{len(rows)} rows, {len(pool)} pool texts, {len(check)} check comments, features in "
        f"{time.perf_counter() - start:.0f}s",
        file=sys.stderr,
    )

    weights = sample_weights([rows[i] for i in train])
    heads = [
        fit_nb(x_all[train], y_all[train], weights, args.alpha),
        fit_dense(m_all[train], y_all[train], weights),
        fit_dense(e_all[train], y_all[train], weights),
    ]
    logits = np.column_stack(
        [h.decision_function(f) for h, f in zip(heads, (x_all, m_all, e_all), strict=True)]
        + [np.zeros(len(rows))] * 2
    )
    print(f"trained in {time.perf_counter() - start:.0f}s", file=sys.stderr)
    pool_features = (x_pool, m_ordered[pool_at], e_ordered[pool_at])

    pairs = (FAST, FULL, STUDENT)
    if args.no_lodo:
        fusions, lodo_lines = [np.array([0.5, 0.5, 0.0])] * 3, []
        thresholds = [0.5 if args.threshold is None else args.threshold] * 3
    else:
        oof, fold_heads = out_of_source(
            rows, (x_all, m_all, e_all), y_all, args.alpha, args.jobs, args.cache
        )
        known = [i for i in train if not np.isnan(oof[i, 0])]
        students_out_of_source(
            rows, (x_all, m_all, e_all), pool_features, y_all, oof, fold_heads, args
        )
        fusions = [fit_fusion(rows, y_all, oof[:, pair], known) for pair in pairs]
        thresholds = [
            args.threshold
            if args.threshold is not None
            else natural_threshold(rows, y_all, logistic(oof[:, pair] @ f[:2] + f[2]))
            for pair, f in zip(pairs, fusions, strict=True)
        ]
        lodo_lines = lodo_report(rows, y_all, oof, thresholds[2])

    # The student: taught by the accurate model over the train rows and the pool.
    full = fusions[1]
    teacher = (
        logistic(logits[train][:, FULL] @ full[:2] + full[2]),
        logistic(
            full[0] * heads[0].decision_function(x_pool)
            + full[1] * heads[2].decision_function(pool_features[2])
            + full[2]
        ),
    )
    students = distil(
        (x_all[train], m_all[train], y_all[train], weights),
        (x_pool, pool_features[1]),
        teacher,
        len({rows[i].source for i in train}),
        args.alpha,
        args.label_share,
    )
    logits[:, 3] = students[0].decision_function(x_all)
    logits[:, 4] = students[1].decision_function(m_all)
    fast_p, p_accurate, p_student = (
        logistic(logits[:, pair] @ f[:2] + f[2]) for pair, f in zip(pairs, fusions, strict=True)
    )
    # The default is the accurate model: the student does not reach its transfer (see the report).
    p_all, threshold = p_accurate, thresholds[1]
    print(f"student trained in {time.perf_counter() - start:.0f}s", file=sys.stderr)

    # Category heads: toxic train rows with a known category, one binary model per category.
    x_cat = fold(x_all, args.bits, args.category_bits)
    cat_idx = [i for i in train if rows[i].toxic and rows[i].category]
    cat_rows = [rows[i] for i in cat_idx]
    prior = np.array([np.mean([r.category == name for r in cat_rows]) for name in CATEGORIES])
    category_heads = []
    for name in CATEGORIES:
        y = np.array([int(r.category == name) for r in cat_rows])
        category_heads.append(fit(x_cat[cat_idx], y, np.ones(len(y)), args.alpha))
    report = [
        f"# Toxicity model report\n\nthreshold {thresholds[1]} (fast variant {thresholds[0]}, "
        f"distilled {thresholds[2]}), bits {args.bits}, label share of the student "
        f"{args.label_share}, {len(pool)} pool texts\n",
        f"- default (accurate, the teacher): {fusions[1][0]:.3f} x n-gram logit + "
        f"{fusions[1][1]:.3f} x encoder logit + {fusions[1][2]:.3f}",
        f"- fast: {fusions[0][0]:.3f} x n-gram logit + {fusions[0][1]:.3f} x piece logit + "
        f"{fusions[0][2]:.3f}",
        f"- distilled ({'shipped as the fast variant' if args.ship_student else 'not shipped'}): "
        f"{fusions[2][0]:.3f} x student n-gram logit + {fusions[2][1]:.3f} x student piece "
        f"logit + {fusions[2][2]:.3f}",
        "\nThe tables score the default model unless they say otherwise.",
    ]
    report += evaluate(rows, y_all, p_all, threshold)
    report += heads_report(
        rows,
        y_all,
        {
            "n-gram": logits[:, 0],
            "pieces": logits[:, 1],
            "encoder": logits[:, 2],
            "fast": fast_p,
            "default (accurate)": p_accurate,
            "distilled": p_student,
        },
    )
    report += category_report(rows, x_cat, category_heads, prior)
    report += lodo_lines
    if len(check):
        check_features = (features(check, args.bits), m_ordered[check_at], e_ordered[check_at])
        report += check_report(heads, students, fusions, thresholds, check_features)
    report += profanity_check(rows, y_all, p_all, threshold)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text("\n".join(report) + "\n", encoding="utf-8")
    print("\n".join(report))
    if not args.no_save:
        encoder = SentenceEncoder(threads=1)
        fast_heads = students if args.ship_student else (heads[0], heads[1])
        if not args.ship_student:
            fusions[2], thresholds[2] = fusions[0], thresholds[0]
        pieces = Linear(
            encoder.piece_scores(fast_heads[1].coef_[0]), float(fast_heads[1].intercept_[0])
        )
        save(
            args,
            [heads[0], heads[2], fast_heads[0], pieces],
            fusions,
            thresholds,
            category_heads,
            prior,
        )
    print(f"done in {time.perf_counter() - start:.0f}s", file=sys.stderr)


def students_out_of_source(
    rows: list[td.Row],
    features: tuple[sparse.csr_matrix, np.ndarray, np.ndarray],
    pool: tuple[sparse.csr_matrix, np.ndarray, np.ndarray],
    y: np.ndarray,
    oof: np.ndarray,
    fold_heads: dict[str, list[Linear]],
    args: argparse.Namespace,
) -> None:
    """Fill the student columns of `oof`: for each held-out set, a student taught by the heads
    trained without it (fused as fitted without it) over the other sets' train rows and the pool
    (which never holds the labelled sets' texts)."""
    _SHARED.update(
        rows=rows, features=features, pool=pool, y=y, oof=oof, fold_heads=fold_heads, args=args
    )
    jobs = args.student_jobs or args.jobs
    for test, logits in in_parallel(student_fold, sorted(fold_heads), jobs):
        oof[test, 3:] = logits


def student_fold(held: str) -> tuple[list[int], np.ndarray]:
    """The student taught without `held`, and its two heads' logits on `held`'s rows."""
    rows, features, pool, y, oof, fold_heads, args = (
        _SHARED[k] for k in ("rows", "features", "pool", "y", "oof", "fold_heads", "args")
    )
    x, m, e = features
    x_pool, m_pool, e_pool = pool
    ngram, _, enc = fold_heads[held]
    train = [i for i, r in enumerate(rows) if r.split == "train" and r.source != held]
    test = [i for i, r in enumerate(rows) if r.source == held and r.split in ("train", "test")]
    known = [i for i in train if not np.isnan(oof[i, 0])]
    fusion = fit_fusion(rows, y, oof[:, FULL], known)
    teacher = (
        logistic(
            fusion[0] * ngram.decision_function(x[train])
            + fusion[1] * enc.decision_function(e[train])
            + fusion[2]
        ),
        logistic(
            fusion[0] * ngram.decision_function(x_pool)
            + fusion[1] * enc.decision_function(e_pool)
            + fusion[2]
        ),
    )
    weights = sample_weights([rows[i] for i in train])
    student = distil(
        (x[train], m[train], y[train], weights),
        (x_pool, m_pool),
        teacher,
        len({rows[i].source for i in train}),
        args.alpha,
        args.label_share,
    )
    logits = np.column_stack(
        [student[0].decision_function(x[test]), student[1].decision_function(m[test])]
    )
    print(f"student without {held}: done", file=sys.stderr)
    return test, logits


def check_report(
    heads: list[Linear],
    students: tuple[Linear, Linear],
    fusions: list[np.ndarray],
    thresholds: list[float],
    features: tuple[sparse.csr_matrix, np.ndarray, np.ndarray],
) -> list[str]:
    """How the fast models rank comments of pages never trained on, against the teacher: the
    Spearman correlation of their scores, and ROC-AUC against the teacher's toxic label."""
    from scipy.stats import spearmanr

    x, m, e = features
    cols = [
        heads[0].decision_function(x),
        heads[1].decision_function(m),
        heads[2].decision_function(e),
    ]
    cols += [students[0].decision_function(x), students[1].decision_function(m)]
    logit = np.column_stack(cols)
    fast, accurate, default = (
        logit[:, pair] @ f[:2] + f[2]
        for pair, f in zip((FAST, FULL, STUDENT), fusions, strict=True)
    )
    label = logistic(accurate) >= thresholds[1]
    lines = []
    for name, score in (("fast", fast), ("distilled", default)):
        auc = f"{roc_auc_score(label, score):.3f}" if 0 < label.sum() < len(label) else "–"
        lines.append([name, f"{spearmanr(score, accurate).statistic:.3f}", auc])
    out = [
        f"\n## Comments of pages never trained on ({len(label)}; {label.mean():.3f} toxic by "
        "the accurate model)\n"
    ]
    out.append(table(["model", "Spearman with accurate", "ROC-AUC vs accurate's label"], lines))
    return out


def logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def evaluate(rows: list[td.Row], y: np.ndarray, p: np.ndarray, threshold: float) -> list[str]:
    out = []
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_lang: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        if r.split in ("test", "eval") and r.source != "hatecheck":
            groups[r.source, r.lang].append(i)
            by_lang[r.lang].append(i)
    lines = []
    for (source, lang), idx in sorted(groups.items()):
        ix = np.array(idx)
        kind = "eval only" if rows[idx[0]].split == "eval" else "test split"
        lines.append(
            [
                source,
                lang,
                kind,
                str(len(idx)),
                f"{y[ix].mean():.2f}",
                *metrics(y[ix], p[ix], threshold),
            ]
        )
    out.append("\n## Held-out test splits, by set\n")
    out.append(table(["set", "lang", "split", "n", "toxic", "ROC-AUC", "F1", "flagged"], lines))
    lines = []
    for lang, idx in sorted(by_lang.items()):
        ix = np.array(idx)
        lines.append(
            [lang, str(len(idx)), f"{y[ix].mean():.2f}", *metrics(y[ix], p[ix], threshold)]
        )
    out.append("\n## By language (all test splits and eval-only sets of that language)\n")
    out.append(table(["lang", "n", "toxic", "ROC-AUC", "F1", "flagged"], lines))
    out += threshold_report(groups, y, p)
    out += hatecheck_report(rows, y, p, threshold)
    return out


def threshold_report(
    groups: dict[tuple[str, str], list[int]], y: np.ndarray, p: np.ndarray
) -> list[str]:
    """Mean F1 over the held-out sets, and the share flagged on the 1 %-toxic Wikipedia sample."""
    wiki = np.array(groups.get(("wiki_talk_cat", "en"), []))
    lines = []
    for thr in (0.4, 0.5, 0.6, 0.65, 0.7, 0.8, 0.9):
        f1s = [
            f1_score(y[ix], p[ix] >= thr) for ix in map(np.array, groups.values()) if y[ix].sum()
        ]
        flagged = f"{(p[wiki] >= thr).mean():.3f}" if len(wiki) else "–"
        lines.append([f"{thr:.2f}", f"{np.mean(f1s):.3f}", flagged])
    out = ["\n## Threshold\n"]
    out.append(
        table(["threshold", "mean F1 over the sets above", "flagged on wiki_talk_cat"], lines)
    )
    return out


def hatecheck_report(rows: list[td.Row], y: np.ndarray, p: np.ndarray, thr: float) -> list[str]:
    by_lang: dict[str, list[int]] = defaultdict(list)
    by_func: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, r in enumerate(rows):
        if r.source == "hatecheck" and r.functionality:
            by_lang[r.lang].append(i)
            by_func[r.functionality][r.lang].append(i)
    langs = sorted(by_lang)
    lines = []
    for lang in langs:
        ix = np.array(by_lang[lang])
        lines.append([lang, str(len(ix)), *metrics(y[ix], p[ix], thr)])
    out = ["\n## HateCheck (templated functional tests; never trained on)\n"]
    out.append(table(["lang", "n", "ROC-AUC", "F1", "flagged"], lines))
    out.append(
        "\nAccuracy per functionality (share of cases labelled as the gold label), per language:\n"
    )
    func_lines = []
    for func in sorted(by_func):
        first = next(iter(by_func[func].values()))[0]
        cells = [func, "hateful" if y[first] else "non-hateful"]
        for lang in langs:
            idx = by_func[func].get(lang)
            if not idx:
                cells.append("")
                continue
            ix = np.array(idx)
            cells.append(f"{((p[ix] >= thr) == y[ix]).mean():.2f}")
        func_lines.append(cells)
    out.append(table(["functionality", "gold", *langs], func_lines))
    return out


def category_report(
    rows: list[td.Row], x_cat: sparse.csr_matrix, heads: list[SGDClassifier], prior: np.ndarray
) -> list[str]:
    """Category heads on toxic test rows; the top category is argmax of p / sqrt(prior), which
    trades a little accuracy (0.824 -> 0.81) for recall on rare categories (threat 0.09 -> 0.37)."""
    idx = [
        i for i, r in enumerate(rows) if r.split == "test" and r.toxic and r.category in CATEGORIES
    ]
    if not idx:
        return []
    probs = np.column_stack([scores_of(h, x_cat[idx]) for h in heads])
    truth = [rows[i].category for i in idx]
    pred = [CATEGORIES[k] for k in (probs / np.sqrt(prior)).argmax(axis=1)]
    lines = []
    for k, name in enumerate(CATEGORIES):
        y = np.array([t == name for t in truth])
        auc = f"{roc_auc_score(y, probs[:, k]):.3f}" if 0 < y.sum() < len(y) else "–"
        hit = sum(1 for t, q in zip(truth, pred, strict=True) if t == name and q == name)
        lines.append([name, str(int(y.sum())), auc, f"{hit / max(1, y.sum()):.2f}"])
    acc = np.mean([t == q for t, q in zip(truth, pred, strict=True)])
    out = [f"\n## Category heads (toxic test rows with a known category; accuracy {acc:.3f})\n"]
    out.append(table(["category", "n", "ROC-AUC one-vs-rest", "recall as top"], lines))
    return out


_SHARED: dict[str, Any] = {}  # what forked fold workers read (set before the pool starts)


def in_parallel(work: Any, items: list[str], jobs: int) -> list[Any]:
    """`work(item)` for each item, in `jobs` forked processes that share `_SHARED`."""
    if jobs <= 1:
        return [work(item) for item in items]
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(jobs) as workers:
        return list(workers.imap(work, items))


def out_of_source(
    rows: list[td.Row],
    features: tuple[sparse.csr_matrix, np.ndarray, np.ndarray],
    y: np.ndarray,
    alpha: float,
    jobs: int = 1,
    cache: Path | None = None,
) -> tuple[np.ndarray, dict[str, list[Linear]]]:
    """(n-gram, piece, encoder) logits of every row of each trainable set, from heads trained on
    the train splits of all the other sets; NaN for the evaluation-only sets (two more columns,
    NaN, for the students). Also the heads trained without each set (kept in `cache`)."""
    import pickle

    key = chunk_key([r.text for r in rows] + [str(alpha), str(features[0].shape)])
    stored = cache / f"folds-{key}.pickle" if cache is not None else None
    if stored is not None and stored.exists():
        with stored.open("rb") as handle:
            kept: tuple[np.ndarray, dict[str, list[Linear]]] = pickle.load(handle)
            return kept
    _SHARED.update(rows=rows, features=features, y=y, alpha=alpha)
    oof = np.full((len(rows), 5), np.nan)
    held_out = sorted({r.source for r in rows if r.split == "train"})
    heads: dict[str, list[Linear]] = {}
    for held, test, logits, fold_heads in in_parallel(teacher_fold, held_out, jobs):
        oof[test, :3] = logits
        heads[held] = fold_heads
    if stored is not None:
        with stored.open("wb") as handle:
            pickle.dump((oof, heads), handle)
    return oof, heads


def teacher_fold(held: str) -> tuple[str, list[int], np.ndarray, list[Linear]]:
    """The three heads trained without `held`, and their logits on its rows."""
    rows, features, y, alpha = (_SHARED[k] for k in ("rows", "features", "y", "alpha"))
    x, m, e = features
    train = [i for i, r in enumerate(rows) if r.split == "train" and r.source != held]
    test = [i for i, r in enumerate(rows) if r.source == held and r.split in ("train", "test")]
    weights = sample_weights([rows[i] for i in train])
    heads = [
        fit_nb(x[train], y[train], weights, alpha),
        fit_dense(m[train], y[train], weights),
        fit_dense(e[train], y[train], weights),
    ]
    logits = np.column_stack(
        [h.decision_function(f[test]) for h, f in zip(heads, features, strict=True)]
    )
    print(f"leave out {held}: done", file=sys.stderr)
    return held, test, logits, heads


def fit_fusion(rows: list[td.Row], y: np.ndarray, oof: np.ndarray, idx: list[int]) -> np.ndarray:
    """Weights of the two logits and a bias, from out-of-source logits of rows `idx`: the ratio
    of the weights that maximises the mean ROC-AUC over the sets (transfer), then scale and bias
    by logistic regression (calibration)."""
    by_set: dict[str, list[int]] = defaultdict(list)
    for i in idx:
        by_set[rows[i].source].append(i)
    sets = [np.array(ix) for ix in by_set.values() if 0 < y[ix].sum() < len(ix)]

    def transfer(ratio: float) -> float:
        return float(np.mean([roc_auc_score(y[ix], oof[ix] @ (ratio, 1.0)) for ix in sets]))

    ratio = max(FUSION_RATIOS, key=transfer)
    z = (oof[idx] @ (ratio, 1.0)).reshape(-1, 1)
    model = LogisticRegression(C=100.0).fit(
        z, y[idx], sample_weight=sample_weights([rows[i] for i in idx])
    )
    scale = float(model.coef_[0, 0])
    return np.array([scale * ratio, scale, float(model.intercept_[0])])


def natural_threshold(rows: list[td.Row], y: np.ndarray, p: np.ndarray) -> float:
    """The threshold with the best mean F1 over the sets that sample comments at their natural
    toxic share (`NATURAL_RATE`), scored out of source: what a new site's comments need."""
    sets = [
        np.array([i for i, r in enumerate(rows) if r.source == name and not np.isnan(p[i])])
        for name in NATURAL_RATE
    ]
    return max(
        THRESHOLDS, key=lambda t: float(np.mean([f1_score(y[ix], p[ix] >= t) for ix in sets]))
    )


def lodo_report(rows: list[td.Row], y: np.ndarray, oof: np.ndarray, thr: float) -> list[str]:
    """Transfer to an unseen set, per head and fused (fusions fitted without that set either)."""
    lines = []
    aucs: dict[int, list[float]] = defaultdict(list)
    for held in sorted({r.source for r in rows if r.split == "train"}):
        test = np.array([i for i, r in enumerate(rows) if r.source == held and r.split != "eval"])
        if not 0 < y[test].sum() < len(test):
            continue
        others = [i for i, r in enumerate(rows) if r.split == "train" and r.source != held]
        known = [i for i in others if not np.isnan(oof[i, 0])]
        scores = [oof[test, 0], oof[test, 1], oof[test, 2]]
        for pair in (FAST, FULL, STUDENT):
            fusion = fit_fusion(rows, y, oof[:, pair], known)
            scores.append(logistic(oof[test][:, pair] @ fusion[:2] + fusion[2]))
        for k, score in enumerate(scores):
            aucs[k].append(roc_auc_score(y[test], score))
        langs = ",".join(sorted({rows[i].lang for i in test}))
        f1 = f1_score(y[test], scores[-1] >= thr)
        cells = (f"{aucs[k][-1]:.3f}" for k in range(len(scores)))
        lines.append([held, langs, str(len(test)), *cells, f"{f1:.3f}"])
    lines.append(["mean", "", "", *(f"{np.mean(a):.3f}" for a in aucs.values()), ""])
    out = ["\n## Leave one dataset out (trained on all other sets, scored on all of this one)\n"]
    out.append(
        "ROC-AUC of each of the teacher's heads alone, of the fast variant, of the default "
        "(accurate) model and of the distilled student.\n"
    )
    header = ["held-out set", "lang", "n", "n-gram", "pieces", "encoder", "fast"]
    header += ["default (accurate)", "distilled"]
    out.append(table([*header, "distilled F1"], lines))
    return out


def heads_report(rows: list[td.Row], y: np.ndarray, scores: dict[str, np.ndarray]) -> list[str]:
    """ROC-AUC per language of each head alone and of each model (test splits and eval-only
    sets)."""
    by_lang: dict[str, list[int]] = defaultdict(list)
    hatecheck: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        if r.source == "hatecheck":
            hatecheck[r.lang].append(i)
        elif r.split in ("test", "eval"):
            by_lang[r.lang].append(i)
    lines = []
    for title, groups in (("", by_lang), ("HateCheck ", hatecheck)):
        for lang, idx in sorted(groups.items()):
            ix = np.array(idx)
            cells = (f"{roc_auc_score(y[ix], s[ix]):.3f}" for s in scores.values())
            lines.append([title + lang, *cells])
    out = ["\n## Each head alone and each model, ROC-AUC by language\n"]
    out.append(table(["lang", *scores], lines))
    return out


def profanity_check(rows: list[td.Row], y: np.ndarray, p: np.ndarray, thr: float) -> list[str]:
    try:
        from profanity_check import predict_prob
    except ImportError:
        return ["\n(alt-profanity-check not installed: no comparison)"]
    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        if r.lang == "en" and r.split in ("test", "eval"):
            groups[r.source].append(i)
    lines = []
    for source, idx in sorted(groups.items()):
        ix = np.array(idx)
        q = predict_prob([rows[i].text for i in idx])
        lines.append(
            [source, str(len(idx)), *metrics(y[ix], p[ix], thr)[:2], *metrics(y[ix], q, 0.5)[:2]]
        )
    out = ["\n## English: threadsift vs alt-profanity-check (its threshold 0.5)\n"]
    out.append(table(["set", "n", "ROC-AUC", "F1", "apc ROC-AUC", "apc F1"], lines))
    return out


def save(
    args: argparse.Namespace,
    heads: list[Linear],
    fusions: list[np.ndarray],
    thresholds: list[float],
    category_heads: list[SGDClassifier],
    prior: np.ndarray,
) -> None:
    """The accurate model (n-gram and encoder heads), the fast one (an n-gram head, its own when
    it is the student's, and piece scores), both fusions and the category heads, as numpy."""
    ngram, encoder, student, pieces = heads
    args.out.parent.mkdir(parents=True, exist_ok=True)
    own: dict[str, np.ndarray] = {}  # the fast variant's own n-gram head, when it has one
    if student is not ngram:
        own["fast_weights"] = student.coef_[0].astype(np.float16)
        own["fast_bias"] = np.array(student.intercept_[0], dtype=np.float64)
    np.savez_compressed(
        args.out,
        **own,
        weights=ngram.coef_[0].astype(np.float16),
        bias=np.array(ngram.intercept_[0], dtype=np.float64),
        bits=np.array(args.bits),
        encoder_weights=encoder.coef_[0].astype(np.float32),
        encoder_bias=np.array(encoder.intercept_[0], dtype=np.float64),
        fusion=fusions[1].astype(np.float64),
        threshold=np.array(thresholds[1]),
        piece_scores=pieces.coef_[0].astype(np.float16),
        piece_bias=np.array(pieces.intercept_[0], dtype=np.float64),
        fast_fusion=fusions[2].astype(np.float64),
        fast_threshold=np.array(thresholds[2]),
        category_weights=np.stack([h.coef_[0] for h in category_heads]).astype(np.float16),
        category_bias=np.array([h.intercept_[0] for h in category_heads], dtype=np.float64),
        category_bits=np.array(args.category_bits),
        categories=np.array(CATEGORIES),
        category_prior=prior.astype(np.float64),
    )
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)


if __name__ == "__main__":
    main()
