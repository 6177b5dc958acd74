"""Generation in-process with llama.cpp (the prebuilt xllamacpp wheel) on a local GGUF file.

Loads the model once per process and keeps it; never downloads anything.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from souverain.errors import ModelError
from souverain.gateway.base import Completion, GenerationOptions, Message


class LlamaCppBackend:
    def __init__(self, path: Path, context_size: int = 4096, threads: int = 0) -> None:
        self.path = path
        self.context_size = context_size
        self.threads = threads or (os.cpu_count() or 2)
        self._server: Any = None

    @property
    def model_name(self) -> str:
        return self.path.name

    def _load(self) -> Any:
        if self._server is not None:
            return self._server
        try:
            import xllamacpp
        except ImportError as exc:
            raise ModelError("llama.cpp bindings are not installed", "Run: make setup") from exc
        params = xllamacpp.CommonParams()
        params.model.path = str(self.path)
        params.n_ctx = self.context_size
        params.n_parallel = 1
        params.cpuparams.n_threads = self.threads
        params.cpuparams_batch.n_threads = self.threads
        params.warmup = False
        params.offline = True
        params.verbosity = -1
        try:
            self._server = xllamacpp.Server(params)
        except Exception as exc:  # the binding raises plain exceptions for a bad file
            raise ModelError(
                f"{self.path}: llama.cpp cannot load this model ({exc})",
                "Check that it is a complete GGUF file for llama.cpp.",
            ) from exc
        return self._server

    def complete(self, messages: list[Message], options: GenerationOptions) -> Completion:
        started = time.perf_counter()  # a first call's model load counts as generation time
        server = self._load()
        request = {
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "max_tokens": options.max_tokens,
            "temperature": options.temperature,
            "stop": list(options.stop),
        }
        result = server.handle_chat_completions(request)
        if not isinstance(result, dict) or "choices" not in result:
            raise ModelError(f"{self.path.name}: generation failed ({result!r:.300})", "Try again.")
        usage = result.get("usage", {})
        timings = result.get("timings", {})
        return Completion(
            text=str(result["choices"][0]["message"]["content"] or ""),
            model=self.model_name,
            prompt_tokens=int(usage.get("prompt_tokens", 0)),
            completion_tokens=int(usage.get("completion_tokens", 0)),
            timings={
                "prompt_s": float(timings.get("prompt_ms", 0.0)) / 1000,
                "generate_s": float(timings.get("predicted_ms", 0.0)) / 1000,
                "total_s": time.perf_counter() - started,
            },
        )

    def close(self) -> None:
        self._server = None
