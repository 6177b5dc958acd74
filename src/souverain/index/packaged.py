"""What the packaged embedders share: the model loads on first use, passages are encoded
in batches, and every row comes back as a unit float32 vector."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt


class PackagedEmbedder:
    """Subclasses set ``name`` and ``dim`` and implement the three ``_`` hooks."""

    name = ""
    dim = 0

    def __init__(self, threads: int = 2, batch: int = 32) -> None:
        self.threads = threads
        self.batch = batch
        self._model: Any = None

    def _load(self) -> Any:
        raise NotImplementedError

    def _encode_passages(self, model: Any, texts: list[str]) -> Any:
        raise NotImplementedError

    def _encode_query(self, model: Any, text: str) -> Any:
        raise NotImplementedError

    def _encoder(self) -> Any:
        if self._model is None:
            self._model = self._load()
        return self._model

    def embed_passages(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        model = self._encoder()
        rows = [
            np.asarray(self._encode_passages(model, list(texts[i : i + self.batch])))
            for i in range(0, len(texts), self.batch)
        ]
        return unit_rows(np.vstack(rows).reshape(len(texts), self.dim))

    def embed_query(self, text: str) -> npt.NDArray[np.float32]:
        row = np.asarray(self._encode_query(self._encoder(), text)).reshape(1, self.dim)
        vector: npt.NDArray[np.float32] = unit_rows(row)[0]
        return vector


def unit_rows(matrix: npt.NDArray[Any]) -> npt.NDArray[np.float32]:
    m = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    unit: npt.NDArray[np.float32] = (m / np.maximum(norms, 1e-12)).astype(np.float32)
    return unit
