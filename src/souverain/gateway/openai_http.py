"""Generation on any OpenAI-compatible server: vLLM, Ollama, llama.cpp server, EU providers.

Speaks POST {base_url}/chat/completions and nothing else; the key is sent, never logged.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx

from souverain.errors import ModelError
from souverain.gateway.base import Completion, GenerationOptions, Message


class OpenAICompatibleBackend:
    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str = "",
        timeout_s: float = 120.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if not base_url:
            raise ModelError(
                "backend openai needs a base_url",
                "Set base_url in souverain.toml or SOUVERAIN_BASE_URL, e.g. http://127.0.0.1:8000/v1",
            )
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.base_url = base_url.rstrip("/")
        self.model = model
        self._client = httpx.Client(
            base_url=self.base_url, headers=headers, timeout=timeout_s, transport=transport
        )

    @property
    def model_name(self) -> str:
        return self.model

    def _payload(self, messages: list[Message], options: GenerationOptions) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "max_tokens": options.max_tokens,
            "temperature": options.temperature,
        }
        if options.stop:
            payload["stop"] = list(options.stop)
        return payload

    def stream(self, messages: list[Message], options: GenerationOptions) -> Iterator[str]:
        """The answer's pieces as the server sends them (server-sent events)."""
        payload = self._payload(messages, options) | {"stream": True}
        try:
            with self._client.stream("POST", "/chat/completions", json=payload) as response:
                if response.status_code >= 400:
                    response.read()
                    raise self._http_error(response)
                for line in response.iter_lines():
                    piece = _event_content(line)
                    if piece is None:
                        break
                    if piece:
                        yield piece
        except httpx.HTTPError as exc:
            raise ModelError(
                f"{self.base_url}: the stream broke off ({exc.__class__.__name__}: {exc})",
                "Try again.",
            ) from exc

    def complete(self, messages: list[Message], options: GenerationOptions) -> Completion:
        payload = self._payload(messages, options)
        started = time.perf_counter()
        body = self._post(payload)
        try:
            text = body["choices"][0]["message"]["content"] or ""
        except (KeyError, IndexError, TypeError) as exc:
            raise ModelError(
                f"{self.base_url}: unexpected response {body!r:.200}", "Is it OpenAI-compatible?"
            ) from exc
        usage = body.get("usage") or {}
        return Completion(
            text=str(text),
            model=str(body.get("model") or self.model),
            prompt_tokens=int(usage.get("prompt_tokens") or 0),
            completion_tokens=int(usage.get("completion_tokens") or 0),
            timings={"total_s": time.perf_counter() - started},
        )

    def _post(self, payload: dict[str, Any]) -> dict[str, Any]:
        try:
            response = self._client.post("/chat/completions", json=payload)
        except httpx.HTTPError as exc:
            raise ModelError(
                f"{self.base_url}: cannot reach the model server ({exc.__class__.__name__}: {exc})",
                "Check that the server is running and base_url is right.",
            ) from exc
        if response.status_code >= 400:
            raise self._http_error(response)
        try:
            data: dict[str, Any] = response.json()
        except ValueError as exc:
            raise ModelError(
                f"{self.base_url}: the answer is not JSON", "Is it OpenAI-compatible?"
            ) from exc
        return data

    def _http_error(self, response: httpx.Response) -> ModelError:
        return ModelError(
            f"{self.base_url}: the model server answered HTTP {response.status_code} ({response.text[:200]})",
            "Check the model name and api_key."
            if response.status_code in (401, 403, 404)
            else "Try again.",
        )

    def close(self) -> None:
        self._client.close()


def _event_content(line: str) -> str | None:
    """The text in one server-sent event line; None at the end of the stream."""
    if not line.startswith("data:"):
        return ""
    data = line[len("data:") :].strip()
    if data == "[DONE]":
        return None
    try:
        choice = json.loads(data)["choices"][0]
    except (ValueError, KeyError, IndexError, TypeError):
        return ""
    return str((choice.get("delta") or {}).get("content") or "")
