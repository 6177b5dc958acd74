"""Test doubles for the model edge: a scripted backend and a fake OpenAI-compatible server.

Shipped with the package so that users can test code built on souverain without a model.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from souverain.gateway.base import Completion, GenerationOptions, Message

Script = Callable[[list[Message]], str]


def _constant(text: str) -> Script:
    def script(_messages: list[Message]) -> str:
        return text

    return script


class ScriptedBackend:
    """Answers each call with ``script(messages)`` and records every call it received."""

    def __init__(self, script: Script | str, name: str = "scripted") -> None:
        self.script: Script = script if callable(script) else _constant(script)
        self.name = name
        self.calls: list[list[Message]] = []

    @property
    def model_name(self) -> str:
        return self.name

    def complete(self, messages: list[Message], options: GenerationOptions) -> Completion:
        self.calls.append(list(messages))
        return Completion(text=self.script(messages), model=self.name)

    def close(self) -> None:
        pass


class FakeOpenAIServer:
    """A real HTTP server on loopback that speaks the OpenAI chat API and answers with
    ``script(messages)``: test the HTTP path end to end with no model and no network.

        with FakeOpenAIServer(lambda m: "Hello [1].") as server:
            settings = load_settings(home, backend="openai", base_url=server.url)
    """

    def __init__(
        self, script: Script | str = "ok", status: int = 200, chunk_chars: int = 3
    ) -> None:
        self.script: Script = script if callable(script) else _constant(script)
        self.status = status
        self.chunk_chars = chunk_chars
        """A streamed answer comes in pieces this long, so placeholders split across them."""
        self.requests: list[dict[str, Any]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> FakeOpenAIServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reply(self, request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self.requests.append(request)
        if self.status != 200:
            return self.status, {"error": {"message": "refused by the fake server"}}
        body = request["body"]
        messages = [Message(m["role"], m["content"]) for m in body.get("messages", [])]
        text = self.script(messages)
        return 200, {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion",
            "model": body.get("model", "fake"),
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "message": {"role": "assistant", "content": text},
                }
            ],
            "usage": {
                "prompt_tokens": sum(len(m.content.split()) for m in messages),
                "completion_tokens": len(text.split()),
            },
        }

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                request = {
                    "path": self.path,
                    "auth": self.headers.get("Authorization"),
                    "body": json.loads(raw or b"{}"),
                }
                status, data = fake.reply(request)
                if status == 200 and request["body"].get("stream"):
                    self._stream(data["choices"][0]["message"]["content"])
                    return
                payload = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _stream(self, text: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                step = fake.chunk_chars
                for i in range(0, len(text), step):
                    delta = {"choices": [{"index": 0, "delta": {"content": text[i : i + step]}}]}
                    self.wfile.write(f"data: {json.dumps(delta)}\n\n".encode())
                self.wfile.write(b"data: [DONE]\n\n")

            def log_message(self, *args: object) -> None:
                pass

        return Handler
