"""The written policy: decisions with reasons, a policy file checked before use, and the
property that no route or fallback sends confidential data to a provider under US law."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from souverain.errors import ConfigError, ModelError, PolicyRefused
from souverain.gateway.base import CallContext, GenerationOptions, Message
from souverain.gateway.gateway import Gateway
from souverain.gateway.testing import ScriptedBackend
from souverain.index.usem import UsemEmbedder
from souverain.policy import (
    LABELS,
    LOCAL,
    TRUST_ORDER,
    Provider,
    Registry,
    decide,
    load_policy,
    load_registry,
    parse_policy,
)
from souverain.policy.providers import BUILT_IN_LOCAL

DEFAULT = load_policy()
REGISTRY = load_registry()


def test_the_shipped_registry_is_complete_and_sourced() -> None:
    for provider in REGISTRY.providers.values():
        if provider.id == LOCAL:
            continue
        assert provider.operator and provider.country and provider.reviewed, provider.id
        assert provider.us_exposure is not None, provider.id
        assert {"operator", "country", "parent", "regions"} <= set(provider.sources), provider.id
    # Region is not jurisdiction: US-controlled offerings in EU regions are exposed.
    for provider_id in (
        "azure-openai-westeurope",
        "aws-bedrock-eu-central-1",
        "google-vertex-europe-west4",
    ):
        provider = REGISTRY.get(provider_id)
        assert "eu" in provider.regions and provider.trust == "us-law"


@pytest.mark.parametrize(
    ("provider", "label", "action"),
    [
        ("local", "secret", "allow"),
        ("mistral-eu", "confidential", "allow"),
        ("mistral-eu", "secret", "allow"),
        ("azure-openai-westeurope", "confidential", "refuse"),
        ("azure-openai-westeurope", "secret", "refuse"),
        ("openai", "internal", "pseudonymise"),
        ("openai", "public", "allow"),
    ],
)
def test_the_default_policy(provider: str, label: str, action: str) -> None:
    decision = decide(DEFAULT, REGISTRY.get(provider), [label])
    assert decision.action == action
    assert len(decision.reasons) >= 2 and provider in decision.reasons[-1]


def test_the_strictest_label_wins_and_says_why() -> None:
    decision = decide(DEFAULT, REGISTRY.get("openai"), ["public", "internal", "confidential"])
    assert decision.action == "refuse"
    assert decision.reasons[0].startswith("confidential data may go only to")


def test_offline_and_deny_refuse_whatever_the_label() -> None:
    mistral = REGISTRY.get("mistral-eu")
    assert decide(DEFAULT, mistral, ["public"], offline=True).action == "refuse"
    assert decide(DEFAULT, BUILT_IN_LOCAL, ["secret"], offline=True).action == "allow"
    text = DEFAULT_TEXT.replace("deny = []", 'deny = ["mistral-eu"]')
    denied = decide(parse_policy(text, "test"), mistral, ["public"])
    assert denied.action == "refuse" and "denied" in denied.reasons[0]


DEFAULT_TEXT = (Path(__file__).parents[2] / "src/souverain/policy/data/policy.toml").read_text()


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (('send = "no-us-law"', 'send = "eu"'), "not a class of provider"),
        (("[labels.secret]", "[labels.top-secret]"), "no rule for label"),
        (("version = 1", "version = = 1"), "not valid TOML"),
    ],
)
def test_a_bad_policy_file_is_refused_with_its_name(edit: tuple[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_policy(DEFAULT_TEXT.replace(*edit, 1), "my-policy.toml")


def test_a_user_entry_overrides_a_fact_and_keeps_the_rest() -> None:
    registry = load_registry({"mistral-eu": {"model": "mistral-small-latest"}})
    mistral = registry.get("mistral-eu")
    assert mistral.model == "mistral-small-latest" and mistral.country == "FR"
    assert mistral.origin == "registry + souverain.toml"
    with pytest.raises(ConfigError, match="unknown field"):
        load_registry({"mistral-eu": {"modle": "x"}})


# -- the property ----------------------------------------------------------------------

providers = st.builds(
    Provider,
    id=st.sampled_from([f"p{i}" for i in range(8)]),
    name=st.just("random provider"),
    country=st.sampled_from(["", "DE", "FR", "US", "IE", "CA"]),
    us_exposure=st.sampled_from([True, False, None]),
    self_hosted=st.booleans(),
    base_url=st.sampled_from(["", "https://api.example/v1", "http://127.0.0.1:8000/v1"]),
)
classes = st.sampled_from([*TRUST_ORDER, "none"])


@st.composite
def policies(draw: st.DrawFn) -> str:
    """Any policy whose rule for confidential data keeps it from US law; others at random."""
    lines = [f'unlabelled = "{draw(st.sampled_from(LABELS))}"']
    for label in LABELS:
        if label == "confidential":
            send = draw(st.sampled_from(["local", "no-us-law", "none"]))
            pseudo = draw(st.sampled_from(["local", "no-us-law", "none"]))
        else:
            send, pseudo = draw(classes), draw(classes)
        lines += [f"[labels.{label}]", f'send = "{send}"', f'send_pseudonymised = "{pseudo}"']
    return "\n".join(lines)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    registry_providers=st.lists(providers, min_size=1, max_size=6, unique_by=lambda p: p.id),
    policy_text=policies(),
    labels=st.lists(st.sampled_from(LABELS), max_size=3),
    route_draw=st.data(),
    failing=st.sets(st.sampled_from([f"p{i}" for i in range(8)])),
    offline=st.booleans(),
)
def test_no_route_sends_confidential_data_under_us_law(
    embedder: UsemEmbedder,
    registry_providers: list[Provider],
    policy_text: str,
    labels: list[str],
    route_draw: st.DataObject,
    failing: set[str],
    offline: bool,
) -> None:
    registry = Registry({p.id: p for p in registry_providers})
    route = route_draw.draw(st.lists(st.sampled_from(sorted(registry.providers)), min_size=1))
    called: list[Provider] = []

    def backend(provider: Provider) -> ScriptedBackend:
        def answer(_messages: list[Message]) -> str:
            called.append(provider)
            if provider.id in failing:
                raise ModelError("down")
            return "ok"

        return ScriptedBackend(answer, name=provider.id)

    gateway = Gateway(None, {"usem3": embedder}, registry=registry, route=route,
                      policy=parse_policy(policy_text, "drawn"), backend_factory=backend,
                      offline=offline)  # fmt: skip
    context = CallContext(("confidential", *labels))
    with contextlib.suppress(PolicyRefused, ModelError):
        gateway.chat([Message("user", "q")], GenerationOptions(), context)
    for provider in called:
        assert provider.trust in ("local", "no-us-law"), provider
        assert provider.us_exposure is False or provider.self_hosted
        assert not offline or provider.on_this_machine
