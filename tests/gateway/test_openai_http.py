"""The OpenAI-compatible backend against a real HTTP server on loopback."""

from __future__ import annotations

import pytest

from souverain.errors import ModelError
from souverain.gateway.base import GenerationOptions, Message
from souverain.gateway.openai_http import OpenAICompatibleBackend
from souverain.gateway.testing import FakeOpenAIServer


def test_chat_completion_round_trip() -> None:
    with FakeOpenAIServer(lambda m: f"echo: {m[-1].content}") as server:
        backend = OpenAICompatibleBackend(server.url, "mistral-small", api_key="k-123")
        out = backend.complete([Message("user", "hi")], GenerationOptions(max_tokens=5))
        backend.close()
    assert (out.text, out.model, out.completion_tokens) == ("echo: hi", "mistral-small", 2)
    sent = server.requests[0]
    assert sent["path"] == "/v1/chat/completions" and sent["auth"] == "Bearer k-123"
    assert sent["body"]["max_tokens"] == 5 and sent["body"]["temperature"] == 0.0


def test_http_errors_become_model_errors() -> None:
    with FakeOpenAIServer(status=401) as server:
        backend = OpenAICompatibleBackend(server.url, "m")
        with pytest.raises(ModelError, match=r"HTTP 401.*api_key"):
            backend.complete([Message("user", "hi")], GenerationOptions())


def test_unreachable_server_says_what_to_check() -> None:
    backend = OpenAICompatibleBackend("http://127.0.0.1:9/v1", "m", timeout_s=2)
    with pytest.raises(ModelError, match="cannot reach"):
        backend.complete([Message("user", "hi")], GenerationOptions())


def test_missing_base_url_is_explained() -> None:
    with pytest.raises(ModelError, match="base_url"):
        OpenAICompatibleBackend("", "m")
