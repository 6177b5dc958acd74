"""What passes through the gateway: chat messages, generation options, completions,
and the interface every chat backend implements. No I/O here."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

from souverain.domain import Decision

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
    provider: str = ""
    """The provider that answered (set by the gateway)."""
    decision: Decision | None = None
    """The policy's decision for the call that produced it (set by the gateway)."""


@dataclass(frozen=True)
class CallContext:
    """What the gateway must know about a call's data to apply the policy and audit it."""

    labels: tuple[str, ...] = ()
    """The labels of the documents whose text is in the call."""
    documents: tuple[str, ...] = ()
    """Ids of those documents, for the audit record."""
    provider: str | None = None
    """Ask this provider first (then the configured fallbacks) instead of the default."""
    conversation: str | None = None
    """Calls of one conversation share placeholders: the same value, the same placeholder."""
    unlabelled: bool = True
    """The call also carries text with no label (a question typed by a user): the policy's
    ``unlabelled`` label applies to it."""


@runtime_checkable
class StreamingBackend(Protocol):
    """A backend that can also hand out an answer piece by piece as it is generated."""

    def stream(self, messages: list[Message], options: GenerationOptions) -> Iterator[str]: ...


class ChatBackend(Protocol):
    """One way of running a chat model. Only the gateway calls a backend."""

    @property
    def model_name(self) -> str: ...

    def complete(self, messages: list[Message], options: GenerationOptions) -> Completion: ...

    def close(self) -> None: ...
