"""What passes through the gateway: chat messages, generation options, completions,
and the interface every chat backend implements. No I/O here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True)
class Message:
    role: Role
    content: str


@dataclass(frozen=True)
class GenerationOptions:
    max_tokens: int = 200
    temperature: float = 0.0
    stop: tuple[str, ...] = ()


@dataclass(frozen=True)
class Completion:
    text: str
    model: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    timings: dict[str, float] = field(default_factory=dict)


class ChatBackend(Protocol):
    """One way of running a chat model. Only the gateway calls a backend."""

    @property
    def model_name(self) -> str: ...

    def complete(self, messages: list[Message], options: GenerationOptions) -> Completion: ...

    def close(self) -> None: ...
