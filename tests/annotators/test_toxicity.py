import sys
import types
from pathlib import Path
from typing import Any

import pytest

from threadsift.annotators.encoder import DIM
from threadsift.annotators.toxicity import (
    LinearToxicityModel,
    ToxicityAnnotator,
    ToxicityScore,
)
from threadsift.errors import ConfigError
from threadsift.page import Comment, Page

pytest.importorskip("numpy")

TOXIC = [
    "You are a stupid idiot, shut up.",
    "Go kill yourself, you worthless piece of shit.",
    "Du bist ein dummer Idiot, halt die Klappe.",
    "Cala a boca, seu idiota imbecil.",
]
NEUTRAL = [
    "Thanks for the clear explanation of the budget.",
    "Der Artikel erklärt die neue Regelung gut.",
    "Obrigado pela matéria, muito bem escrita.",
    "The bridge will be closed for repairs until May.",
]


@pytest.fixture(scope="module")
def annotator() -> ToxicityAnnotator:
    return ToxicityAnnotator()


def test_bundled_model_loads_from_the_package() -> None:
    accurate = LinearToxicityModel()  # the default
    assert accurate.weights.shape == (2**accurate.bits,)
    assert accurate.second is not None and accurate.second.shape == (DIM,)
    assert accurate.categories == ["insult", "threat", "identity_hate", "obscene"]
    assert 0.0 < accurate.threshold < 1.0
    fast = LinearToxicityModel(accurate=False)
    assert fast.second is not None and fast.second.shape[0] > 100_000  # one score per piece
    assert fast.weights.shape == accurate.weights.shape


def test_fast_variant_ranks_too_but_scores_differ() -> None:
    fast = ToxicityAnnotator(accurate=False)
    toxic, neutral = fast.score_batch(TOXIC), fast.score_batch(NEUTRAL)
    assert min(s.score for s in toxic) > max(s.score for s in neutral)
    default = ToxicityAnnotator().score_batch(TOXIC)
    assert [s.score for s in toxic] != [s.score for s in default]


# Languages with no labelled training data: the sentence encoder carries the others over.
UNSEEN_TOXIC = [
    "Sei un idiota, stai zitto.",
    "Jesteś głupim idiotą, zamknij się.",
    "Je bent een stomme idioot, hou je mond.",
    "你是个白痴，闭嘴。",
]
UNSEEN_NEUTRAL = [
    "Grazie per l'articolo, molto chiaro.",
    "Dziękuję za ciekawy artykuł.",
    "Bedankt voor het duidelijke artikel.",
    "谢谢你的文章，写得很清楚。",
]


def test_insults_in_languages_without_training_data(annotator: ToxicityAnnotator) -> None:
    toxic = annotator.score_batch(UNSEEN_TOXIC)
    neutral = annotator.score_batch(UNSEEN_NEUTRAL)
    assert all(s.toxic for s in toxic)
    assert not any(s.toxic for s in neutral)


def test_ranks_obviously_toxic_above_neutral(annotator: ToxicityAnnotator) -> None:
    toxic = annotator.score_batch(TOXIC)
    neutral = annotator.score_batch(NEUTRAL)
    assert min(s.score for s in toxic) > max(s.score for s in neutral)
    assert all(s.toxic for s in toxic)
    assert not any(s.toxic for s in neutral)
    assert all(s.category is None for s in neutral)
    assert all(0.0 <= s.score <= 1.0 for s in toxic + neutral)


def test_batch_scores_equal_single_scores(annotator: ToxicityAnnotator) -> None:
    batch = annotator.score_batch(TOXIC + NEUTRAL + [""])
    singles = [annotator.score_batch([t])[0] for t in TOXIC + NEUTRAL + [""]]
    assert batch == singles


def test_fills_every_comment_and_drops_nothing(annotator: ToxicityAnnotator) -> None:
    pages = [
        Page(id="a", text="", comments=[Comment(0, "x", TOXIC[0]), Comment(1, "y", NEUTRAL[0])]),
        Page(id="b", text=""),
        Page(id="c", text="", comments=[Comment(0, None, "")]),
    ]
    out = list(annotator.run(pages))
    assert [p.id for p in out] == ["a", "b", "c"]
    first, second = out[0].comments
    assert first.toxic is True and second.toxic is False
    assert first.toxicity is not None and second.toxicity is not None
    assert first.toxicity > second.toxicity
    assert first.toxicity_category in {"insult", "threat", "identity_hate", "obscene"}
    assert out[2].comments[0].toxic is False


def test_threshold_override(annotator: ToxicityAnnotator) -> None:
    strict = ToxicityAnnotator(threshold=0.999999)
    assert not any(s.toxic for s in strict.score_batch(TOXIC[:1]))


def test_bad_model_file_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "model.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(ConfigError, match="cannot load toxicity model"):
        LinearToxicityModel(bad)


class FakePipeline:
    """Stands in for a Detoxify-style multi-label classifier."""

    def __init__(self, task: str, model: str, top_k: Any, device: int) -> None:
        assert task == "text-classification"
        self.model = model

    def __call__(self, texts: list[str], **_: Any) -> list[list[dict[str, Any]]]:
        out = []
        for text in texts:
            bad = "idiot" in text
            out.append(
                [
                    {"label": "toxicity", "score": 0.9 if bad else 0.1},
                    {"label": "insult", "score": 0.8 if bad else 0.05},
                    {"label": "identity_attack", "score": 0.1},
                    {"label": "threat", "score": 0.01},
                ]
            )
        return out


def test_transformer_plug_in_from_a_local_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = types.ModuleType("transformers")
    fake.pipeline = FakePipeline  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "transformers", fake)
    annotator = ToxicityAnnotator(model_path=tmp_path)
    assert annotator.score_batch(["you idiot", "nice"]) == [
        ToxicityScore(0.9, True, "insult"),
        ToxicityScore(0.1, False, None),
    ]


def test_transformer_path_must_exist(tmp_path: Path) -> None:
    annotator = ToxicityAnnotator(model_path=tmp_path / "missing")
    with pytest.raises(ConfigError, match="not found"):
        annotator.score_batch(["x"])
