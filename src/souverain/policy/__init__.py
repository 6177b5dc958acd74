"""Who may receive which data: the provider registry and the written policy."""

from souverain.policy.providers import (
    LOCAL,
    TRUST_ORDER,
    Provider,
    Registry,
    configured_endpoint,
    load_registry,
)
from souverain.policy.rules import LABELS, Policy, decide, load_policy, parse_policy

__all__ = [
    "LABELS",
    "LOCAL",
    "TRUST_ORDER",
    "Policy",
    "Provider",
    "Registry",
    "configured_endpoint",
    "decide",
    "load_policy",
    "load_registry",
    "parse_policy",
]
