"""The model gateway: the one door through which souverain reaches any model.

Chat and embeddings go through here and nowhere else, so that policy, redaction and
audit can be enforced in one place. Nothing outside this package opens a model connection.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from souverain.gateway.base import ChatBackend, Completion, GenerationOptions, Message
from souverain.index.base import Embedder
from souverain.settings import Settings


class Gateway:
    """``embedders`` are the vector fields of the index, by name; the sentence embedder is
    the fast one used to compare sentences when building and checking answers."""

    def __init__(self, chat: ChatBackend | None, embedders: Mapping[str, Embedder]) -> None:
        if not embedders:
            raise ValueError("a gateway needs at least one embedder")
        _limit_blas_threads()
        self._chat = chat
        self.embedders = dict(embedders)
        self.sentence_embedder = self.embedders.get("usem3") or next(iter(self.embedders.values()))
        self.calls = 0

    @classmethod
    def from_settings(cls, settings: Settings) -> Gateway:
        return cls(_LazyChat(settings), make_embedders(settings))

    @property
    def model_name(self) -> str:
        return self._require_chat().model_name

    def check_chat(self) -> None:
        """Raise now if the chat model is missing or misconfigured (it loads lazily)."""
        _ = self._require_chat().model_name

    def chat(self, messages: list[Message], options: GenerationOptions) -> Completion:
        started = time.perf_counter()
        completion = self._require_chat().complete(messages, options)
        self.calls += 1
        completion.timings.setdefault("total_s", time.perf_counter() - started)
        return completion

    def embed_passages(self, texts: Sequence[str]) -> dict[str, npt.NDArray[np.float32]]:
        """One matrix per vector field, one row per text."""
        return {name: e.embed_passages(texts) for name, e in self.embedders.items()}

    def embed_query(self, text: str) -> dict[str, npt.NDArray[np.float32]]:
        return {name: e.embed_query(text) for name, e in self.embedders.items()}

    def _require_chat(self) -> ChatBackend:
        if self._chat is None:
            raise RuntimeError("this gateway has no chat backend")
        return self._chat

    def close(self) -> None:
        if self._chat is not None:
            self._chat.close()


class _LazyChat:
    """Builds the configured backend on first use, so commands that never chat never load it."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._backend: ChatBackend | None = None

    def _get(self) -> ChatBackend:
        if self._backend is None:
            self._backend = make_chat_backend(self.settings)
        return self._backend

    @property
    def model_name(self) -> str:
        return self._get().model_name

    def complete(self, messages: list[Message], options: GenerationOptions) -> Completion:
        return self._get().complete(messages, options)

    def close(self) -> None:
        if self._backend is not None:
            self._backend.close()


def make_chat_backend(settings: Settings) -> ChatBackend:
    if settings.backend == "openai":
        from souverain.gateway.openai_http import OpenAICompatibleBackend

        return OpenAICompatibleBackend(
            settings.base_url, settings.model, settings.api_key, settings.request_timeout_s
        )
    from souverain.gateway.catalog import resolve_model_path
    from souverain.gateway.llamacpp import LlamaCppBackend

    return LlamaCppBackend(
        resolve_model_path(settings.model), settings.context_size, settings.threads
    )


EMBEDDERS = ("e5", "usem3")


def make_embedders(settings: Settings) -> dict[str, Embedder]:
    """The vector fields named by the ``embedder`` setting, e.g. "e5+usem3"."""
    from souverain.errors import ConfigError
    from souverain.index.e5 import E5Embedder
    from souverain.index.usem import UsemEmbedder

    names = [n.strip() for n in settings.embedder.split("+") if n.strip()]
    unknown = [n for n in names if n not in EMBEDDERS]
    if unknown or not names:
        raise ConfigError(
            f"unknown embedder {settings.embedder!r}", 'Use "e5+usem3", "e5" or "usem3".'
        )
    threads = settings.threads or 2
    made: dict[str, Embedder] = {}
    for name in names:
        # USE runs on numpy: one BLAS thread, for the reason in souverain/__init__.py.
        made[name] = E5Embedder(threads) if name == "e5" else UsemEmbedder(threads=1)
    return made


def _limit_blas_threads() -> None:
    """One BLAS thread: spinning OpenBLAS threads starve the models' own (see __init__)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
