"""Train the article model of the HTML decomposer (`decomposers/article_model.py`).

Usage:
    python scripts/train_article.py DATA_DIR [--cv] [--out MODEL.npz] [--cache FILE.pkl]
        [--weak W] [--tokens C] [--by-words] [--hidden N] [--stages N] [--epochs N]
        [--seed N] [--members N] [--dump PROBS.pkl]

The shipped model: `--weak 0.3 --tokens 1.0 --out src/threadsift/models/article.npz`.

DATA_DIR is the pool of real pages (`../shared/data/pages`, see its README). Every page becomes
text blocks (`html_blocks`); a block is labelled article or not from the page's references:
  - Dragnet pages: the hand-extracted article. A block of `SHINGLE` or more words is article
    when at least `POSITIVE_SHARE` of its word shingles are in the gold article, not article
    at most `NEGATIVE_SHARE`, and unlabelled between; a shorter block is not article unless its
    words appear in the gold article (then unlabelled: a short line matches by chance).
  - trafilatura's evaluation pages: a block that holds or lies in a must-keep snippet is
    article, one that holds or lies in a must-drop snippet is not; the rest is unlabelled.
Pages are split by site (`train_lines.fold_of`): the sites of fold `TEST_FOLD` are never
trained on or used to choose anything; `--cv` scores the settings by cross-validation over the
other folds. Without `--cv` the model is trained on every other fold, written to `--out`, and
scored on the held-out fold, before (the decomposer's current article) and after.

Deterministic: fixed seeds, sorted inputs, one thread for training.
"""

from __future__ import annotations

import argparse
import pickle
import re
import sys
import time
import warnings
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(1, str(ROOT))  # bench, devtools

from build_textpages import read_pool  # noqa: E402
from train_lines import SEED, TEST_FOLD, fold_of  # noqa: E402

from bench.score_article import site_and_fold, snippet_counts, token_prf  # noqa: E402
from threadsift.decomposers.article_features import (  # noqa: E402
    TOKEN_BUCKETS,
    Readings,
    block_tokens,
    features,
    stage_context,
)
from threadsift.decomposers.article_model import THRESHOLD, ArticleModel  # noqa: E402
from threadsift.decomposers.html import find_title  # noqa: E402
from threadsift.decomposers.html_blocks import MARK_BIT, blocks_of  # noqa: E402
from threadsift.decomposers.network import Network, averaged  # noqa: E402
from threadsift.decomposers.text import TextDecomposer  # noqa: E402
from threadsift.page import Page  # noqa: E402
from threadsift.readers.html import decode_html  # noqa: E402

TEXT = TextDecomposer(rules_only=True)

SHINGLE = 3
POSITIVE_SHARE = 0.5
NEGATIVE_SHARE = 0.2
INNER_FOLDS = 3
_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class Sample:
    """One page: its blocks' texts, inputs, labels (1 article, 0 not, -1 unlabelled)."""

    pool: str
    name: str
    site: str
    fold: int
    texts: list[str]
    x: np.ndarray
    y: np.ndarray
    blocks: object
    gold: str | None
    keep: list[str]
    drop: list[str]
    title: str | None = None
    readings: tuple[str, str] = ("", "")  # resiliparse's main content, the plain-text article
    weak: np.ndarray | None = None  # labels from trafilatura's extraction
    tokens: list[list[int]] | None = None  # hashed class/id words (`block_tokens`)

    def featurise(self) -> None:
        """Compute the inputs from the page's blocks (again, after a change of the features)."""
        self.x = features(self.blocks, self.title, Readings(*self.readings))
        self.tokens = block_tokens(self.blocks)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens."""
    return _WORD.findall(text.lower())


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def dragnet_labels(texts: list[str], gold: str) -> np.ndarray:
    """Article (1), not (0) or unlabelled (-1) for each block, from a hand-made article."""
    gold_words = tokens(gold)
    gold_shingles = _shingles(gold_words)
    flat = " " + " ".join(gold_words) + " "
    out = np.zeros(len(texts), dtype=np.int8)
    for i, text in enumerate(texts):
        words = tokens(text)
        if not words:
            out[i] = -1
        elif len(words) >= SHINGLE:
            own = _shingles(words)
            share = len(own & gold_shingles) / len(own)
            out[i] = 1 if share >= POSITIVE_SHARE else 0 if share <= NEGATIVE_SHARE else -1
        else:
            out[i] = -1 if f" {' '.join(words)} " in flat else 0
    return out


def snippet_labels(texts: list[str], keep: list[str], drop: list[str]) -> np.ndarray:
    """Article (1), not (0) or unlabelled (-1) for each block, from must-keep/drop snippets."""
    keys = [" ".join(tokens(t)) for t in texts]
    out = np.full(len(texts), -1, dtype=np.int8)
    for snippets, label in ((drop, 0), (keep, 1)):
        for snippet in snippets:
            s = " ".join(tokens(snippet))
            if len(s) < 8:
                continue
            for i, k in enumerate(keys):
                if k and (s in k or (len(k) >= 20 and k in s)):
                    out[i] = label
    return out


def load(data: Path, cache: Path | None) -> list[Sample]:
    """Every pool page as a labelled sample (read from `cache` when it exists; the inputs are
    computed again, so that the cache outlives a change of the features)."""
    if cache is not None and cache.exists():
        with cache.open("rb") as handle:
            cached: list[Sample] = pickle.load(handle)
        for sample in cached:
            sample.featurise()
        return cached
    import trafilatura
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    samples = []
    for page in read_pool(data):
        try:
            html, _ = decode_html(page.html, page.name)
        except Exception:  # an unreadable page: nothing to learn from
            continue
        tree = HTMLTree.parse(html)
        blocks = blocks_of(html)
        texts = [b.text for b in blocks.blocks]
        if not texts:
            continue
        title = find_title(tree)
        main_content = extract_plain_text(tree, main_content=True)
        probe = Page(id=page.name, text=main_content)
        TEXT.decompose(probe)
        if page.pool == "dragnet":
            y = dragnet_labels(texts, page.article or "")
        else:
            y = snippet_labels(texts, page.with_snippets, page.without_snippets)
        site, fold = site_and_fold(page, html)
        extracted = trafilatura.extract(html, include_comments=False) or ""
        sample = Sample(
            page.pool, page.name, site, fold, texts, np.empty(0), y, blocks, page.article,
            page.with_snippets, page.without_snippets, title, (main_content, probe.article or ""),
            weak=weak_labels(texts, extracted),
        )  # fmt: skip
        sample.featurise()
        samples.append(sample)
    if cache is not None:
        with cache.open("wb") as handle:
            pickle.dump(samples, handle)
    return samples


def weak_labels(texts: list[str], extracted: str) -> np.ndarray:
    """Article (1) or not (0) for each block: whether trafilatura's extraction holds it."""
    flat = " " + " ".join(tokens(extracted)) + " "
    return np.array(
        [int(bool(k := " ".join(tokens(t))) and f" {k} " in flat) for t in texts], dtype=np.int8
    )


def _network(x: np.ndarray, y: np.ndarray, w: np.ndarray, setting: Setting) -> Network:
    """`setting.members` networks from as many seeds, as one: their logits averaged, which is
    one network with all their hidden units (the seed alone moves a network's cross-validated
    F1 by about 0.01; the average moves less)."""
    from sklearn.neural_network import MLPClassifier
    from threadpoolctl import threadpool_limits

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    members = []
    for member in range(setting.members):
        network = MLPClassifier(
            hidden_layer_sizes=(setting.hidden,), alpha=setting.alpha, max_iter=setting.epochs,
            batch_size=256, learning_rate_init=1e-3, random_state=setting.seed + member,
            tol=0.0, n_iter_no_change=setting.epochs,
        )  # fmt: skip
        with threadpool_limits(1), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            network.fit((x - mean) / scale, y, sample_weight=w)
        (w1, z), (b1, bias) = network.coefs_, network.intercepts_
        # A binary MLPClassifier has one logistic output: as two classes, logits (0, z).
        member_network = Network(
            mean, scale, w1, b1, np.hstack([np.zeros_like(z), z]), np.append(0.0, bias)
        )
        members.append(member_network)
    return averaged(members)


@dataclass(slots=True)
class Setting:
    """What a training run varies (the cross-validation compares them)."""

    hidden: int = 32
    alpha: float = 1e-3
    epochs: int = 30
    stages: int = 2
    weak: float = 0.0  # weight of trafilatura's labels where the references say nothing
    pools: tuple[str, ...] = ("dragnet", "traf")
    tokens: float = 0.0  # C of the hashed-token logistic regression; 0: no such input
    by_words: bool = False  # weigh each block by the log of its words (F1 counts words)
    seed: int = SEED  # of the networks' initial weights and batches (another one shows the noise)
    members: int = 1  # networks per stage, from seeds `seed`, `seed + 1`, ... (`_network`)


def _rows(sample: Sample, setting: Setting) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The labelled rows of a page: (which, labels, weights)."""
    y = sample.y.astype(np.int64)
    w = (y >= 0).astype(np.float64)
    if setting.weak and sample.weak is not None:
        fill = y < 0
        y[fill] = sample.weak[fill]
        w[fill] = setting.weak
    if setting.by_words:
        w = w * (1.0 + sample.x[:, 0])  # the first feature is log(1 + words)
    return w > 0, y, w


def _fit_rows(inputs: list[np.ndarray], samples: list[Sample], which, setting: Setting) -> Network:
    xs, ys, ws = [], [], []
    for i in which:
        keep, y, w = _rows(samples[i], setting)
        xs.append(inputs[i][keep])
        ys.append(y[keep])
        ws.append(w[keep])
    return _network(np.vstack(xs), np.concatenate(ys), np.concatenate(ws), setting)


def _token_matrix(sample: Sample):
    from scipy.sparse import csr_matrix

    ids = sample.tokens or []
    indptr = np.cumsum([0] + [len(i) for i in ids])
    flat = (
        np.concatenate([np.asarray(i, dtype=np.int64) for i in ids])
        if ids
        else np.zeros(0, np.int64)
    )
    return csr_matrix(
        (np.ones(len(flat), np.float32), flat, indptr), shape=(len(ids), TOKEN_BUCKETS)
    )


def _token_model(samples: list[Sample], which, setting: Setting) -> tuple[np.ndarray, float]:
    from scipy.sparse import vstack
    from sklearn.linear_model import LogisticRegression

    xs, ys, ws = [], [], []
    for i in which:
        keep, y, w = _rows(samples[i], setting)
        xs.append(_token_matrix(samples[i])[keep])
        ys.append(y[keep])
        ws.append(w[keep])
    model = LogisticRegression(C=setting.tokens, max_iter=300)
    model.fit(vstack(xs), np.concatenate(ys), sample_weight=np.concatenate(ws))
    return model.coef_[0].astype(np.float32), float(model.intercept_[0])


def _with_tokens(
    samples: list[Sample], setting: Setting
) -> tuple[list[np.ndarray], tuple[np.ndarray, float] | None]:
    """The first stage's inputs: the features, and the out-of-fold token score when used."""
    if not setting.tokens:
        return [s.x for s in samples], None
    parts = [fold_of(s.site + "/tokens") % INNER_FOLDS for s in samples]
    inputs: list[np.ndarray] = [np.empty(0)] * len(samples)
    for part in range(INNER_FOLDS):
        weights, bias = _token_model(
            samples, [i for i, p in enumerate(parts) if p != part], setting
        )
        for i, p in enumerate(parts):
            if p == part:
                score = _token_matrix(samples[i]) @ weights + bias
                inputs[i] = np.hstack([samples[i].x, np.asarray(score, np.float32)[:, None]])
    return inputs, _token_model(samples, range(len(samples)), setting)


def _stack(samples: list[Sample], setting: Setting) -> Model:
    inputs, tokens = _with_tokens(samples, setting)
    first = inputs
    stages = []
    for k in range(setting.stages):
        stages.append(_fit_rows(inputs, samples, range(len(samples)), setting))
        if k + 1 == setting.stages:
            break
        parts = [fold_of(s.site + "/inner") % INNER_FOLDS for s in samples]
        probs: list[np.ndarray] = [np.empty(0)] * len(samples)
        for part in range(INNER_FOLDS):
            train = [i for i, p in enumerate(parts) if p != part]
            network = _fit_rows(inputs, samples, train, setting)
            for i, p in enumerate(parts):
                if p == part:
                    probs[i] = np.exp(network(inputs[i])[:, 1])
        inputs = [
            np.hstack([x, stage_context(p, s.blocks)])
            for x, s, p in zip(first, samples, probs, strict=True)
        ]
    return stages, tokens


Model = tuple[list[Network], tuple[np.ndarray, float] | None]


def predict(model: Model, sample: Sample) -> np.ndarray:
    stages, tokens = model
    x = sample.x
    if tokens is not None:
        score = _token_matrix(sample) @ tokens[0] + tokens[1]
        x = np.hstack([x, np.asarray(score, np.float32)[:, None]])
    probs = np.exp(stages[0](x)[:, 1])
    for stage in stages[1:]:
        probs = np.exp(stage(np.hstack([x, stage_context(probs, sample.blocks)]))[:, 1])
    return probs


def evaluate(samples: list[Sample], probs: list[np.ndarray], threshold: float) -> dict[str, float]:
    f1s = []
    tp = fp = fn = 0
    for s, p in zip(samples, probs, strict=True):
        article = "\n".join(t for t, q in zip(s.texts, p, strict=True) if q >= threshold)
        if s.pool == "dragnet":
            f1s.append(token_prf(article, s.gold or "")[2])
        else:
            counts = snippet_counts(article, s.keep, s.drop)
            tp, fp, fn = tp + counts.tp, fp + counts.fp, fn + counts.fn
    precision = tp / max(tp + fp, 1)
    recall = tp / max(tp + fn, 1)
    return {
        "dragnet_f1": float(np.mean(f1s)) if f1s else float("nan"),
        "traf_f1": 2 * precision * recall / max(precision + recall, 1e-9),
        "traf_p": precision,
        "traf_r": recall,
    }


#: The kinds misses are reported by: the first mark of a block's element or its ancestors.
KINDS = ("figure", "related", "byline", "table", "list", "heading", "share", "comment", "nav")


def kind_of(sample: Sample, i: int) -> str:
    """What a block is, for the report: image caption or credit, teaser, byline, table, ..."""
    block = sample.blocks.blocks[i]
    marks = sample.blocks.inherited[block.frame] | block.inline
    return next((kind for kind in KINDS if marks & MARK_BIT[kind]), "other")


def misses(samples: list[Sample], probs: list[np.ndarray]) -> dict[str, Counter]:
    """Words of the labelled blocks the model got wrong, by kind: article it dropped
    ("missed") and not-article it kept ("kept")."""
    out = {"missed": Counter(), "kept": Counter(), "article": Counter(), "other": Counter()}
    for s, p in zip(samples, probs, strict=True):
        for i, (label, q) in enumerate(zip(s.y, p, strict=True)):
            if label < 0:
                continue
            kind, words = kind_of(s, i), s.blocks.blocks[i].words
            out["article" if label else "other"][kind] += words
            if label and q < THRESHOLD:
                out["missed"][kind] += words
            elif not label and q >= THRESHOLD:
                out["kept"][kind] += words
    return out


def misses_table(found: dict[str, Counter]) -> str:
    """The misses by kind as a Markdown table (words and share of that kind's words)."""
    rows = [
        "| kind | article words missed | share | other words kept | share |",
        "|---|---|---|---|---|",
    ]
    for kind in (*KINDS, "other"):
        missed, article = found["missed"][kind], found["article"][kind]
        kept, other = found["kept"][kind], found["other"][kind]
        missed_share, kept_share = missed / max(article, 1), kept / max(other, 1)
        rows.append(f"| {kind} | {missed} | {missed_share:.1%} | {kept} | {kept_share:.1%} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--cv", action="store_true")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--weak", type=float, default=0.0)
    parser.add_argument("--hidden", type=int, default=32)
    parser.add_argument("--stages", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--tokens", type=float, default=0.0)
    parser.add_argument("--by-words", action="store_true")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--members", type=int, default=1)
    parser.add_argument("--dump", type=Path, help="write the cross-validated probabilities")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    samples = load(args.data, args.cache)
    print(f"{len(samples)} pages loaded in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    setting = Setting(
        hidden=args.hidden,
        stages=args.stages,
        epochs=args.epochs,
        weak=args.weak,
        tokens=args.tokens,
        by_words=args.by_words,
        seed=args.seed,
        members=args.members,
    )
    train = [s for s in samples if s.fold != TEST_FOLD]
    test = [s for s in samples if s.fold == TEST_FOLD]
    if args.cv:
        probs: dict[str, np.ndarray] = {}
        for fold in range(5):
            if fold == TEST_FOLD:
                continue
            model = _stack([s for s in train if s.fold != fold], setting)
            for s in train:
                if s.fold == fold:
                    probs[s.name] = predict(model, s)
        for threshold in (0.3, 0.4, 0.5, 0.6):
            print(threshold, evaluate(train, [probs[s.name] for s in train], threshold))
        print(misses_table(misses(train, [probs[s.name] for s in train])))
        if args.dump:
            with args.dump.open("wb") as handle:
                pickle.dump(probs, handle)
        return 0
    model = _stack(train, setting)
    if args.out:
        np.savez_compressed(args.out, **ArticleModel(*model).arrays())
    test_probs = [predict(model, s) for s in test]
    print("test", evaluate(test, test_probs, THRESHOLD))
    print(misses_table(misses(test, test_probs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
