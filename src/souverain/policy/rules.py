"""The written policy: which labels of data may go to which class of provider, and how.

A policy names, per label, the least trusted class of recipient that may receive the data
as it is (``send``) and after pseudonymisation (``send_pseudonymised``). ``decide`` turns it
into a Decision with its reasons. It never allows what the policy does not name: a label
or class it does not know is refused.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from souverain.domain import Decision
from souverain.errors import ConfigError
from souverain.policy.providers import TRUST_ORDER, Provider

LABELS = ("public", "internal", "confidential", "secret")
NEVER = "none"
CLASS_WORDS = {
    "local": "this machine or a server you run",
    "no-us-law": "providers with no US-law exposure",
    "us-law": "providers reachable by US law",
    "unknown": "any provider, even of unknown jurisdiction",
    NEVER: "no provider",
}


@dataclass(frozen=True)
class LabelRule:
    send: str
    send_pseudonymised: str = NEVER


@dataclass(frozen=True)
class Policy:
    rules: Mapping[str, LabelRule]
    unlabelled: str = "internal"
    """The label of text that carries none, such as the question a user types."""
    deny: frozenset[str] = frozenset()
    source: str = "built-in default"


def default_policy_text() -> str:
    return resources.files("souverain.policy").joinpath("data/policy.toml").read_text()


def load_policy(path: Path | None = None) -> Policy:
    """The policy at ``path``, else the shipped default."""
    if path is None:
        return parse_policy(default_policy_text(), "built-in default")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(
            f"{path}: cannot read the policy ({exc.strerror})", "Check the path."
        ) from exc
    return parse_policy(text, str(path))


def parse_policy(text: str, source: str) -> Policy:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{source}: the policy is not valid TOML ({exc})", "Fix the file."
        ) from exc
    rules = {label: _rule(source, label, table) for label, table in data.get("labels", {}).items()}
    missing = [label for label in LABELS if label not in rules]
    if missing:
        raise ConfigError(
            f"{source}: no rule for label(s) {', '.join(missing)}",
            "Give [labels.NAME] with send = ... for every label.",
        )
    unlabelled = str(data.get("unlabelled", "internal"))
    if unlabelled not in rules:
        raise ConfigError(
            f"{source}: unlabelled = {unlabelled!r} is not a label", f"Use one of {LABELS}."
        )
    deny = frozenset(str(p) for p in data.get("providers", {}).get("deny", []))
    return Policy(rules, unlabelled, deny, source)


def _rule(source: str, label: str, table: Mapping[str, Any]) -> LabelRule:
    rule = LabelRule(str(table.get("send", NEVER)), str(table.get("send_pseudonymised", NEVER)))
    for key, value in (("send", rule.send), ("send_pseudonymised", rule.send_pseudonymised)):
        if value != NEVER and value not in TRUST_ORDER:
            raise ConfigError(
                f"{source}: labels.{label}.{key} = {value!r} is not a class of provider",
                f"Use one of: {', '.join((*TRUST_ORDER, NEVER))}.",
            )
    return rule


def decide(
    policy: Policy, provider: Provider, labels: Sequence[str], offline: bool = False
) -> Decision:
    """May data carrying ``labels`` go to ``provider``, as it is or pseudonymised? The most
    restrictive label wins; every label contributes its reason."""
    labels = tuple(sorted(set(labels))) or (policy.unlabelled,)
    if offline and not provider.on_this_machine:
        return Decision(
            provider.id, "refuse", (f"offline mode: {provider.id} is not on this machine",), labels
        )
    if provider.id in policy.deny:
        return Decision(
            provider.id,
            "refuse",
            (f"{provider.id} is denied by the policy ({policy.source})",),
            labels,
        )
    who = f"{provider.id} is {provider.trust}: {provider.jurisdiction()}"
    verdicts = [_verdict(policy, label, provider) for label in labels]
    action = max((a for a, _ in verdicts), key=("allow", "pseudonymise", "refuse").index)
    reasons = tuple(reason for a, reason in verdicts if a == action)
    return Decision(provider.id, action, (*reasons, who), labels)


def _verdict(policy: Policy, label: str, provider: Provider) -> tuple[Any, str]:
    rule = policy.rules.get(label)
    if rule is None:
        return "refuse", f"label {label!r} has no rule in the policy"
    if _within(provider.trust, rule.send):
        return "allow", f"{label} data may go to {CLASS_WORDS[rule.send]}"
    if _within(provider.trust, rule.send_pseudonymised):
        return "pseudonymise", (
            f"{label} data may go to {CLASS_WORDS[rule.send]} as it is, and to"
            f" {CLASS_WORDS[rule.send_pseudonymised]} only pseudonymised"
        )
    return "refuse", f"{label} data may go only to {CLASS_WORDS[rule.send]}"


def _within(trust: str, least_trusted: str) -> bool:
    """Is a recipient of class ``trust`` at least as trusted as ``least_trusted``?"""
    if least_trusted == NEVER:
        return False
    return TRUST_ORDER.index(trust) <= TRUST_ORDER.index(least_trusted)
