"""Train the learned line labeller of the plain-text decomposer (`decomposers/line_model.py`).

Usage:
    python scripts/train_lines.py BUILD_DIR [--synthetic DIR]... [--seeds DIR] [--dev DIR]
                                  [--cv [N ...]] [--fold-models DIR] [--out MODEL.npz]
                                  [--report REPORT.md]

BUILD_DIR holds the labelled text pages of `scripts/build_textpages.py`. Pages are split by site
(the registered domain), never by page: a site's hash puts it in one of `FOLDS` folds, and the
sites of fold `TEST_FOLD` are never used to train or to choose anything; they are where the
report's held-out figures come from. `--cv` scores every setting in `SETTINGS` (or those at the
positions given) by cross-validation over the other folds (train on three, score on the fourth)
and prints the table the settings were chosen from, with how far each moves article and span F1
from `CHOSEN` and the 90 % interval of that over the sites resampled; `--fold-models DIR` writes
the chosen setting's model for each of those folds, trained without it (`lines-fold<k>.npz`),
for out-of-fold analysis such as `score_textpath.py --model DIR/lines-fold{fold}.npz`. Without
either, the model is trained on every fold but the test fold with the chosen setting
(`CHOSEN`), written to `--out`, and scored on the test fold's sites, on the synthetic and seed
pages and on `--dev` (the hand-labelled `textpages-dev`, never trained on), before and after,
into `--report`.

Deterministic: fixed seeds, sorted inputs, one thread for the network's training.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # devtools: the scoring code shared with bench/ and the tests

from conv_lines import ConvSetting, train_conv  # noqa: E402
from lines_report import (  # noqa: E402
    COLUMNS,
    cells,
    exact,
    grouped,
    hand_labelled,
    misses,
    predict,
    score_pages,
    site_moves,
    table,
)

from devtools.scoring import (  # noqa: E402
    Counts,
    GoldCase,
    load_cases,
    score_page,
    site_interval,
)
from threadsift.decomposers.line_features import (  # noqa: E402
    feature_names,
    features,
    stage_context,
)
from threadsift.decomposers.line_model import (  # noqa: E402
    OPENING,
    STATES,
    TEXT,
    LineModel,
    S,
    allowed_matrix,
)
from threadsift.decomposers.lines import line_compare_key  # noqa: E402
from threadsift.decomposers.network import Network, averaged  # noqa: E402
from threadsift.decomposers.text import TextDecomposer, read_by_rules  # noqa: E402
from threadsift.page import Page  # noqa: E402

FOLDS = 5
TEST_FOLD = 4
SEED = 20261204
#: Site folds inside a training set, for the out-of-fold inputs of later stages.
INNER_FOLDS = 3
#: How much a page of each kind weighs in training, against a main-content rendering's 1. The
#: two seed pages weigh most: they must come out exactly (cross-validation showed no loss on
#: the real pages from it).
WEIGHTS = {
    "main": 1.0, "full": 0.5, "flat": 0.3, "traf": 0.3, "clean": 0.3, "short": 0.3,
    "synthetic": 0.5, "seed": 100.0,
}  # fmt: skip
#: Site chrome as `threadsift run` learns it (config.ChromeConfig's defaults).
SITE_MIN_PAGES, SITE_LINE_PAGES, SITE_SHARE = 10, 5, 0.2


@dataclass(frozen=True, slots=True)
class Setting:
    """What is chosen by cross-validation."""

    hidden: int = 64  # units of each member network
    alpha: float = 1e-3
    epochs: int = 30
    prior_weight: float = 0.0
    #: The weight of the decoder's log transition scores against the network's log-probabilities.
    transition_weight: float = 1.0
    #: Added to the transition and start scores into `COMMENT_STATES`: the same as adding it to
    #: every comment line's score, so that a thread the network is unsure of is still read.
    comment_bias: float = 0.0
    #: Added to the transition scores from a comment's text (`TEXT`) into a new comment's opening
    #: line (`OPENING`): below zero, a comment goes on through a line the network half reads as
    #: a new one.
    reopen_bias: float = 0.0
    pools: tuple[str, ...] = ("traf", "dragnet", "synthetic", "seed")
    stages: int = 1
    #: Networks per stage, from seeds `SEED`, `SEED + 1`, ..., merged into one (`averaged`).
    members: int = 1
    #: Feature-name prefixes left out (their columns are zero), to measure what they bring.
    drop: tuple[str, ...] = ()
    #: A convolutional network over the page's lines instead of the stages (`conv_lines.py`).
    conv: ConvSetting | None = None


#: What `--cv` compares (the model card gives the figures these were chosen from).
SETTINGS = (
    Setting(),
    Setting(prior_weight=0.3),
    Setting(prior_weight=0.3, comment_bias=1.0),
    Setting(prior_weight=0.3, comment_bias=2.0),
    Setting(prior_weight=0.3, comment_bias=1.0, members=3),
    Setting(prior_weight=0.3, comment_bias=1.0, members=5),
    Setting(prior_weight=0.2, comment_bias=1.0, members=3),
    Setting(prior_weight=0.3, comment_bias=1.0, members=3, transition_weight=0.75),
    Setting(prior_weight=0.3, comment_bias=1.0, members=3, transition_weight=0.6),
    Setting(prior_weight=0.3, comment_bias=1.0, members=3, transition_weight=0.5),
    *(
        Setting(prior_weight=0.3, comment_bias=1.0, members=3, transition_weight=0.6, reopen_bias=b)
        for b in (0.5, -0.5, -1.0, -2.0)
    ),
    Setting(prior_weight=0.6),
    Setting(stages=2),
    Setting(drop=("rule_",)),
    Setting(prior_weight=0.3, conv=ConvSetting()),
    Setting(prior_weight=0.3, conv=ConvSetting(kernel=5, dilations=(1, 3), epochs=12)),
    Setting(
        prior_weight=0.3,
        conv=ConvSetting(kernel=5, dilations=(1, 3), epochs=20, rows=1024, learning_rate=1e-3),
    ),
)
CHOSEN = Setting(prior_weight=0.3, comment_bias=1.0, members=3, transition_weight=0.6)
#: The states of a comment (not the thread's chrome between comments).
COMMENT_STATES = ("author_open", "meta", "text_start", "text", "author_close")


@dataclass(slots=True)
class Sample:
    """One labelled page: where it came from, its features and its states."""

    case: GoldCase
    kind: str  # the rendering, "synthetic" or "seed"
    pool: str
    site: str
    fold: int
    host: str
    x: np.ndarray
    y: np.ndarray
    w: np.ndarray


def fold_of(site: str) -> int:
    """The fold of a site: a stable hash of its name."""
    return int.from_bytes(hashlib.blake2b(site.encode(), digest_size=4).digest(), "big") % FOLDS


def gold_states(case: GoldCase, index: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """The state of each non-blank line (indices into the lines) and its training weight."""
    labels = case.labels
    unsure = set(case.gold.get("unsure", ()))
    span_of: dict[int, int] = {}
    for k, comment in enumerate(case.gold["comments"]):
        for n in range(comment["first_line"], comment["last_line"] + 1):
            span_of[n - 1] = k
    started = [False] * len(case.gold["comments"])
    has_text = [False] * len(case.gold["comments"])
    seen_title = seen_body = seen_thread = False
    states, weights = [], []
    for i in index:
        label = labels[i]
        weight = 0.0 if i + 1 in unsure else 1.0
        k = span_of.get(i)
        if k is not None:
            if label == "comment_author":
                state = "author_close" if has_text[k] else "author_open"
            elif label == "comment_text":
                state = "text" if started[k] else "text_start"
                has_text[k] = True
            else:
                state = "meta"
            if not started[k] and label == "chrome":
                state, weight = "thread", 0.0  # a span never opens on chrome
            started[k] = True
            seen_thread = True
        elif label in ("comment_author", "comment_text"):
            state, weight = "text", 0.0  # comment lines of a page whose spans are unknown
        elif label == "title":
            state = "title" if not (seen_title or seen_body or seen_thread) else "chrome"
            weight = weight if state == "title" else 0.0
            seen_title = True
        elif label == "article":
            state = "article"
            seen_body = True
        elif seen_thread:
            state = "thread"
        elif seen_title or seen_body:
            state = "chrome"
        else:
            state = "pre"
        states.append(S[state])
        weights.append(weight)
    return np.array(states, dtype=np.int64), np.array(weights, dtype=np.float32)


def _site_chrome(cases: Iterable[tuple[GoldCase, str]]) -> dict[str, set[str]]:
    """The lines `threadsift run` would learn as chrome for each host of these pages."""
    pages: dict[str, list[set[str]]] = defaultdict(list)
    for case, host in cases:
        if host:
            pages[host].append({line_compare_key(row) for row in case.text.split("\n")} - {""})
    learned: dict[str, set[str]] = {}
    for host, keys in pages.items():
        if len(keys) < SITE_MIN_PAGES:
            continue
        counts = Counter(k for page in keys for k in page)
        needed = max(SITE_LINE_PAGES, int(np.ceil(SITE_SHARE * len(keys))))
        learned[host] = {k for k, c in counts.items() if c >= needed}
    return learned


def load_samples(build: Path | None, synthetic: list[Path], seeds: Path | None) -> list[Sample]:
    """Every labelled page with its features, states and weights."""
    raw: list[tuple[GoldCase, str, str, str, str]] = []  # case, kind, pool, site, host
    if build is not None:
        for folder in sorted(p for p in build.iterdir() if p.is_dir()):
            for case in load_cases(folder):
                gold = case.gold
                raw.append((case, folder.name, gold["pool"], gold["site"], gold.get("host", "")))
    for folder in synthetic:
        for case in load_cases(folder):
            raw.append((case, "synthetic", "synthetic", f"synthetic-{case.name}", ""))
    if seeds is not None:
        for case in load_cases(seeds):
            raw.append((case, "seed", "seed", f"seed-{case.name}", ""))
    chrome_by_kind = {
        kind: _site_chrome((case, host) for case, k, _, _, host in raw if k == kind)
        for kind in {kind for _, kind, _, _, _ in raw}
    }
    samples = []
    for case, kind, pool, site, host in raw:
        decomposer = TextDecomposer(site_chrome=chrome_by_kind[kind], rules_only=True)
        infos = decomposer.lines(Page(id=case.name, text=case.text, host=host))
        x, index = features(infos, read_by_rules(infos))
        y, w = gold_states(case, index)
        w *= WEIGHTS[kind]
        # Synthetic and seed pages are always trained on (they are never where figures come
        # from): fold -1.
        fold = -1 if kind in ("synthetic", "seed") else fold_of(site)
        samples.append(Sample(case, kind, pool, site, fold, host, x, y, w))
    return samples


def _network(x: np.ndarray, y: np.ndarray, w: np.ndarray, setting: Setting) -> Network:
    """Train one stage's network on rows `x` with states `y` and weights `w`: `setting.members`
    networks from as many seeds, averaged into one (`network.averaged`)."""
    from sklearn.neural_network import MLPClassifier
    from threadpoolctl import threadpool_limits

    keep = w > 0
    x, y, w = x[keep], y[keep], w[keep]
    dropped = [i for i, name in enumerate(feature_names()) if name.startswith(setting.drop)]
    if dropped:
        x = x.copy()
        x[:, dropped] = 0.0
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    members = []
    for member in range(setting.members):
        network = MLPClassifier(
            hidden_layer_sizes=(setting.hidden,),
            alpha=setting.alpha,
            max_iter=setting.epochs,
            batch_size=256,
            learning_rate_init=1e-3,
            random_state=SEED + member,
            tol=0.0,
            n_iter_no_change=setting.epochs,
        )
        with threadpool_limits(1), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "not converged": the epochs are a chosen setting
            network.fit((x - mean) / scale, y, sample_weight=w)
        w1, w2 = network.coefs_
        b1, b2 = network.intercepts_
        w1[dropped] = 0.0  # a left-out input says nothing at run time either
        full_w2 = np.zeros((setting.hidden, len(STATES)))
        full_b2 = np.full(len(STATES), -30.0)  # a state never seen stays unseen
        for column, state in enumerate(network.classes_):
            full_w2[:, state] = w2[:, column]
            full_b2[state] = b2[column]
        members.append(Network(mean, scale, w1, b1, full_w2, full_b2))
    return averaged(members)


def _stacked(samples: list[Sample], setting: Setting) -> list[Network]:
    """Train the stages; each later stage learns from what the earlier ones say about pages
    they were not trained on (out-of-fold, by site), as it will at run time."""
    if setting.conv is not None:
        return [train_conv([(s.x, s.y, s.w) for s in samples], setting.conv, len(STATES))]
    inputs = [s.x for s in samples]
    y = np.concatenate([s.y for s in samples])
    w = np.concatenate([s.w for s in samples])
    stages: list[Network] = []
    for k in range(setting.stages):
        stages.append(_network(np.vstack(inputs), y, w, setting))
        if k + 1 == setting.stages:
            break
        parts = [fold_of(s.site + "/inner") % INNER_FOLDS for s in samples]
        log_probs: list[np.ndarray] = [np.empty(0)] * len(samples)
        for part in range(INNER_FOLDS):
            train = [i for i, p in enumerate(parts) if p != part]
            network = _network(
                np.vstack([inputs[i] for i in train]),
                np.concatenate([samples[i].y for i in train]),
                np.concatenate([samples[i].w for i in train]),
                setting,
            )
            for i, p in enumerate(parts):
                if p == part:
                    log_probs[i] = network(inputs[i])
        inputs = [
            np.hstack([s.x, stage_context(lp)]) for s, lp in zip(samples, log_probs, strict=True)
        ]
    return stages


def fit(samples: list[Sample], setting: Setting) -> LineModel:
    """Train the network stages and the transition scores on `samples`."""
    chosen = [s for s in samples if s.pool in setting.pools]
    stages = _stacked(chosen, setting)
    allowed, start_allowed = allowed_matrix()
    counts = np.ones((len(STATES), len(STATES)))
    starts = np.ones(len(STATES))
    prior = np.ones(len(STATES))
    for s in chosen:
        if len(s.y):
            starts[s.y[0]] += 1
        np.add.at(counts, (s.y[:-1], s.y[1:]), 1)
        np.add.at(prior, s.y, 1)
    counts[~allowed] = 0
    starts[~start_allowed] = 0
    with np.errstate(divide="ignore"):
        log_transition = setting.transition_weight * np.log(
            counts / counts.sum(axis=1, keepdims=True)
        )
        log_start = np.log(starts / starts.sum())
    into_comment = [S[name] for name in COMMENT_STATES]
    log_transition[:, into_comment] += setting.comment_bias
    log_start[into_comment] += setting.comment_bias
    reopen = np.ix_([S[name] for name in TEXT], [S[name] for name in OPENING])
    log_transition[reopen] += setting.reopen_bias
    return LineModel(
        stages,
        log_transition.astype(np.float32),
        log_start.astype(np.float32),
        np.log(prior / prior.sum()).astype(np.float32),
        prior_weight=setting.prior_weight,
    )


def save(model: LineModel, path: Path) -> None:
    """Write the model's arrays (the format `LineModel.load` reads)."""
    np.savez_compressed(path, **model.arrays())


def score(
    decomposer: TextDecomposer, samples: Iterable[Sample], by_site: dict[str, Counts] | None = None
) -> dict[str, Counts]:
    """Counts per group ("all", and per pool) of the decomposer on `samples`; each site's
    counts are added to `by_site` too when it is given."""
    out: dict[str, Counts] = defaultdict(Counts)
    for sample in samples:
        counts = score_page(sample.case, predict(decomposer, sample.case, sample.host))
        out["all"] = out["all"] + counts
        out[sample.pool] = out[sample.pool] + counts
        if by_site is not None:
            by_site[sample.site] = by_site.get(sample.site, Counts()) + counts
    return out


def row(name: str, counts: Counts) -> str:
    """One Markdown table row of the scored metrics."""
    return f"| {name} | {counts.pages} | {cells(counts)} |"


def out_of_fold(samples: list[Sample]) -> Iterator[tuple[int, list[Sample]]]:
    """Each fold but the test fold, with the samples to train its model on (all but its own and
    the test fold's)."""
    for fold in range(FOLDS):
        if fold != TEST_FOLD:
            yield fold, [s for s in samples if s.fold not in (fold, TEST_FOLD)]


def cross_validate(samples: list[Sample], settings: Sequence[Setting]) -> None:
    """Score each setting by training on three of the four non-test folds, scoring the fourth,
    and say how far each moves from `CHOSEN` (always scored, first): the difference with its 90 %
    interval over the sites resampled (`site_interval`), since a change inside it is noise."""
    print("| setting, pages | pages | " + " | ".join(title for title, _ in COLUMNS) + " |")
    rules = TextDecomposer(rules_only=True)
    main = [s for s in samples if s.kind == "main" and s.fold != TEST_FOLD]
    baseline = score(rules, main)
    for group, counts in sorted(baseline.items()):
        print(row(f"rules, {group}", counts))
    chosen: dict[str, Counts] | None = None
    for setting in [CHOSEN, *(s for s in settings if s != CHOSEN)]:
        total: dict[str, Counts] = defaultdict(Counts)
        by_site: dict[str, Counts] = {}
        for fold, train in out_of_fold(samples):
            model = fit(train, setting)
            decomposer = TextDecomposer(model=model)
            folded = score(decomposer, [s for s in main if s.fold == fold], by_site)
            for group, counts in folded.items():
                total[group] = total[group] + counts
        for group, counts in sorted(total.items()):
            print(row(f"{setting}, {group}", counts))
        if setting == CHOSEN:
            chosen = by_site
        elif chosen is not None:
            pairs = {site: (chosen[site], by_site[site]) for site in by_site}
            moved = []
            for title, metric in (("article F1", "article_f1"), ("span F1", "span_f1")):
                difference, low, high = site_interval(pairs, metric)
                moved.append(f"{title} {difference:+.3f} [{low:+.3f}, {high:+.3f}]")
            print(f"against the chosen setting, 90 % over sites: {'; '.join(moved)}")
        sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("build", type=Path, help="labelled text pages (build_textpages.py)")
    parser.add_argument("--synthetic", type=Path, action="append", default=[])
    parser.add_argument("--seeds", type=Path, default=ROOT / "tests" / "data" / "seeds")
    parser.add_argument("--dev", type=Path, default=None, help="hand-labelled pages to report on")
    parser.add_argument(
        "--cv",
        type=int,
        nargs="*",
        default=None,
        metavar="N",
        help="cross-validate SETTINGS (those at these positions; all when none) and stop",
    )
    parser.add_argument("--fold-models", type=Path, default=None, help="write out-of-fold models")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "src" / "threadsift" / "models" / "lines.npz"
    )
    parser.add_argument("--report", type=Path, default=None)
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="report on the model at --out without training it again (after the labels changed)",
    )
    args = parser.parse_args(argv)
    if args.report_only and args.report is None:
        parser.error("--report-only needs --report")
    started = time.time()
    samples = load_samples(args.build, args.synthetic, args.seeds)
    print(
        f"train_lines: {len(samples)} pages, {sum(len(s.y) for s in samples):,} lines, "
        f"{len({s.site for s in samples})} sites, features in {time.time() - started:.0f} s",
        file=sys.stderr,
    )
    if args.cv is not None:
        cross_validate(samples, [SETTINGS[n] for n in args.cv] if args.cv else SETTINGS)
        return 0
    if args.fold_models is not None:
        args.fold_models.mkdir(parents=True, exist_ok=True)
        for fold, train in out_of_fold(samples):
            save(fit(train, CHOSEN), args.fold_models / f"lines-fold{fold}.npz")
        print(f"train_lines: wrote the fold models to {args.fold_models}", file=sys.stderr)
        return 0
    if args.report_only:
        model = LineModel.load(str(args.out))
    else:
        model = fit([s for s in samples if s.fold != TEST_FOLD], CHOSEN)
        save(model, args.out)
        print(f"train_lines: wrote {args.out}", file=sys.stderr)
    if args.report is not None:
        text = report(samples, TextDecomposer(model=model), args.dev, args.seeds)
        args.report.write_text(text, encoding="utf-8")
        print(f"train_lines: wrote {args.report}", file=sys.stderr)
    return 0


def _language(case: GoldCase) -> str:
    """The language of a page's article (of its text when it has none)."""
    from threadsift.annotators.language import LanguageAnnotator

    rows = case.text.split("\n")
    article = [rows[i] for i, label in enumerate(case.labels) if label == "article"]
    return LanguageAnnotator().identify("\n".join(article) or case.text)[0]


def report(
    samples: list[Sample], decomposer: TextDecomposer, dev: Path | None, seeds: Path | None
) -> str:
    """The model report: before and after on the held-out sites, by pool, language, comment
    system and rendering, the typical misses, and the hand-labelled and synthetic sets."""
    held = [s for s in samples if s.fold == TEST_FOLD]
    main = score_pages(
        (
            (
                s.case,
                s.host,
                {
                    "pool": s.pool,
                    "system": s.case.gold.get("system") or "none",
                    "language": _language(s.case),
                },
            )
            for s in held
            if s.kind == "main"
        ),
        decomposer,
    )
    renderings = score_pages(
        ((s.case, s.host, {"rendering": s.kind}) for s in held if s.kind != "main"), decomposer
    )
    trained = [s for s in samples if s.fold != TEST_FOLD]
    out = [
        "# The line model: report",
        "",
        "Written by `make model-lines` (`scripts/train_lines.py`). *Before*: the hand-written",
        "rules alone; *after*: the decomposer with this model. Pages are split by site (the",
        f"registered domain) into {FOLDS} folds; the sites of fold {TEST_FOLD} were never trained",
        "on nor used for any choice, and the tables below are on them unless they say otherwise.",
        f"Trained on {len(trained):,} labelled pages ({sum(len(s.y) for s in trained):,} lines)",
        f"of {len({s.site for s in trained}):,} sites with setting `{CHOSEN}`.",
        "",
        f"## Held-out sites, main-content text ({len({p.case.gold['site'] for p in main})} sites)",
        "",
        *table([("all", main), *grouped(main, "pool")]),
        "",
        site_moves(main),
        "",
        "## By language (held-out sites)",
        "",
        *table(grouped(main, "language")),
        "",
        "## By comment source (held-out sites; as the HTML decomposer found it)",
        "",
        *table(grouped(main, "system")),
        "",
        "## Other renderings of the held-out pages",
        "",
        *table(grouped(renderings, "rendering")),
        "",
        "## The typical misses (held-out sites)",
        "",
        *misses(main),
    ]
    if dev is not None:
        pages = hand_labelled(dev, decomposer)
        out += ["", f"## {dev.name} (hand-labelled; a final check)", "", *table([("all", pages)])]
        out += ["", site_moves(pages)]
    synthetic = ROOT / "tests" / "data" / "synthetic" / "holdout"
    out += [
        "",
        "## Synthetic holdout set",
        "",
        *table([("all", hand_labelled(synthetic, decomposer))]),
    ]
    if seeds is not None:
        out += ["", "## Seeds", "", exact(hand_labelled(seeds, decomposer))]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
