import numpy as np
import pytest

from threadsift.annotators import encoder as encoder_module
from threadsift.annotators.encoder import DIM, SentenceEncoder, segment_means


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return SentenceEncoder()


def test_embeddings_are_unit_rows_in_order(encoder: SentenceEncoder) -> None:
    texts = ["The council approved the budget.", "", "Quelle belle journée !"]
    vectors = encoder.encode(texts)
    assert vectors.shape == (3, DIM)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert np.allclose(vectors[2], encoder.encode(texts[2:])[0], atol=1e-4)
    assert encoder.encode([]).shape == (0, DIM)


def test_a_translation_is_closer_than_another_topic(encoder: SentenceEncoder) -> None:
    english, german, french, other = encoder.encode(
        [
            "The train to the airport was cancelled again this morning.",
            "Der Zug zum Flughafen ist heute Morgen wieder ausgefallen.",
            "Le train pour l'aéroport a encore été annulé ce matin.",
            "I love the smell of fresh bread in the bakery.",
        ]
    )
    assert english @ german > english @ other + 0.2
    assert english @ french > english @ other + 0.2


@pytest.mark.parametrize(("chunk", "micro"), [(16_384, 384), (40, 16)])
def test_the_package_forward_pass_reordered_gives_its_embeddings(
    encoder: SentenceEncoder, monkeypatch: pytest.MonkeyPatch, chunk: int, micro: int
) -> None:
    """Pieces computed once per chunk, small chunks and micro-batches (a text longer than
    both): the package's own forward pass, within float rounding."""
    monkeypatch.setattr(encoder_module, "CHUNK_TOKENS", chunk)
    monkeypatch.setattr(encoder_module, "MICRO_TOKENS", micro)
    texts = [
        "The council approved the budget.",
        "",
        "ok",
        "Der Rat hat den Haushalt gebilligt, und der Rat hat ihn gebilligt. " * 4,
        "The council approved the budget, again.",
        "Quelle belle journée !",
    ]
    assert np.abs(encoder.encode(texts) - encoder._backend.encode(texts)).max() < 1e-6


def test_long_texts_are_cut_to_the_token_budget() -> None:
    short = SentenceEncoder(max_tokens=8)
    words = "one two three four five six seven eight nine ten eleven twelve"
    cut, full = short.encode([words, words + " and a great many more words after that"])
    assert np.allclose(cut, full, atol=1e-5)


def test_segment_means_of_rows_and_of_scores() -> None:
    lengths = np.array([2, 0, 1, 0])
    scores = np.array([1.0, 3.0, 5.0])
    assert segment_means(scores, lengths).tolist() == [2.0, 0.0, 5.0, 0.0]
    rows = np.array([[1.0, 0.0], [3.0, 2.0], [5.0, 6.0]])
    assert segment_means(rows, lengths).tolist() == [[2.0, 1.0], [0.0, 0.0], [5.0, 6.0], [0.0, 0.0]]
    assert segment_means(np.zeros(0), np.array([0, 0])).tolist() == [0.0, 0.0]
