"""Who runs each model provider, and under which law: the registry the policy decides on.

The registry ships as ``data/providers.toml`` (reviewed facts with their sources); users
add or override entries under ``[providers.ID]`` in ``souverain.toml``. A provider whose
US-law exposure is not stated is treated as the least trusted. Reading only: this module
never contacts a provider.
"""

from __future__ import annotations

import ipaddress
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from typing import Any, Literal
from urllib.parse import urlsplit

from souverain.errors import ConfigError, NotFound

Trust = Literal["local", "no-us-law", "us-law", "unknown"]
TRUST_ORDER: tuple[Trust, ...] = ("local", "no-us-law", "us-law", "unknown")
"""Classes of recipient, most trusted first."""
LOCAL = "local"


@dataclass(frozen=True)
class Provider:
    """One provider offering: who operates it, under which law, and where to reach it."""

    id: str
    name: str
    operator: str = ""
    country: str = ""
    parent: str = ""
    parent_country: str = ""
    us_exposure: bool | None = None
    """Reachable by US law (CLOUD Act, FISA 702) through its operator or parent; None: unknown."""
    exposure_note: str = ""
    regions: tuple[str, ...] = ()
    region_note: str = ""
    base_url: str = ""
    base_url_template: str = ""
    api: str = "openai"
    api_key_env: str = ""
    model: str = ""
    """The model to ask for; users set it in souverain.toml."""
    self_hosted: bool = False
    """Run by the organisation itself (its own machine or network), not by a third party."""
    reviewed: str = ""
    sources: Mapping[str, str] = field(default_factory=dict)
    origin: str = "registry"

    @property
    def trust(self) -> Trust:
        if self.self_hosted:
            return "local"
        if self.us_exposure is None:
            return "unknown"
        return "us-law" if self.us_exposure else "no-us-law"

    @property
    def on_this_machine(self) -> bool:
        """True when a call never leaves the machine: in-process, or a loopback server."""
        return self.id == LOCAL or (bool(self.base_url) and _is_loopback(self.base_url))

    def jurisdiction(self) -> str:
        """One line: where the operator is and whether US law reaches it."""
        if self.id == LOCAL:
            return "this machine"
        if self.self_hosted:
            return f"self-hosted by you ({self.base_url or 'no address'})"
        where = self.country or "country unknown"
        if self.parent:
            where += f", parent {self.parent} ({self.parent_country or '?'})"
        exposure = {None: "US-law exposure unknown", True: "reachable by US law"}.get(
            self.us_exposure, "no US-law exposure"
        )
        return f"{where}; {exposure}"


BUILT_IN_LOCAL = Provider(
    id=LOCAL,
    name="Local model (llama.cpp in this process)",
    operator="you",
    us_exposure=False,
    self_hosted=True,
    regions=("this machine",),
    api="llamacpp",
    origin="built-in",
)


@dataclass(frozen=True)
class Registry:
    providers: Mapping[str, Provider]
    version: str = ""
    reviewed: str = ""
    configured: str = ""
    """The id of the server configured by base_url (backend = "openai"), if any."""

    def with_provider(self, provider: Provider) -> Registry:
        """This registry with ``provider`` added as the configured endpoint."""
        return replace(
            self, providers={**self.providers, provider.id: provider}, configured=provider.id
        )

    def get(self, provider_id: str) -> Provider:
        try:
            return self.providers[provider_id]
        except KeyError:
            raise NotFound(
                f"unknown provider {provider_id!r}",
                "See `souverain providers list`, or add it under [providers."
                f"{provider_id}] in souverain.toml.",
            ) from None

    def by_base_url(self, base_url: str) -> Provider | None:
        """The registry entry whose API lives at the same host as ``base_url``."""
        host = urlsplit(base_url).hostname
        for p in self.providers.values():
            if p.base_url and urlsplit(p.base_url).hostname == host:
                return p
        return None


def load_registry(overrides: Mapping[str, Mapping[str, Any]] | None = None) -> Registry:
    """The shipped registry with the user's ``[providers.ID]`` tables on top."""
    data = tomllib.loads(
        resources.files("souverain.policy").joinpath("data/providers.toml").read_text()
    )
    providers = {LOCAL: BUILT_IN_LOCAL}
    for entry in data.get("provider", []):
        provider = provider_from_toml(entry, "registry")
        providers[provider.id] = provider
    for provider_id, table in (overrides or {}).items():
        base = providers.get(provider_id)
        providers[provider_id] = provider_from_toml(
            {"id": provider_id, **table}, "souverain.toml", base
        )
    return Registry(providers, str(data.get("version", "")), str(data.get("reviewed", "")))


def provider_from_toml(
    entry: Mapping[str, Any], origin: str, base: Provider | None = None
) -> Provider:
    known = {f.name for f in fields(Provider)} - {"origin"}
    unknown = sorted(set(entry) - known)
    where = f"provider {entry.get('id', '?')!r} ({origin})"
    if unknown:
        raise ConfigError(
            f"{where}: unknown field(s) {', '.join(unknown)}", f"Known: {', '.join(sorted(known))}."
        )
    values = dict(entry)
    for key in ("regions",):
        if key in values:
            values[key] = tuple(values[key])
    if base is None:
        values.setdefault("name", values.get("id", ""))
        provider = Provider(**values, origin=origin)
    else:
        provider = replace(base, **values, origin=f"{base.origin} + {origin}")
    if base is None and "self_hosted" not in entry and _is_private(provider.base_url):
        # A new entry at a private address is the user's own server. An override of a known
        # provider keeps its facts: a loopback proxy in front of a provider is still it.
        provider = replace(provider, self_hosted=True)
    return provider


def configured_endpoint(registry: Registry, base_url: str, model: str) -> Provider:
    """The provider behind ``backend = "openai"`` with a bare ``base_url``: the user's own
    server on a loopback or private address, a registry entry at the same host, or else a
    provider of unknown jurisdiction."""
    if not base_url:
        return Provider("openai-compatible", "OpenAI-compatible server (no base_url set)",
                        model=model, origin="settings")  # fmt: skip
    if _is_private(base_url):
        return Provider("self-hosted", "Your OpenAI-compatible server", operator="you",
                        us_exposure=False, self_hosted=True, base_url=base_url, model=model,
                        origin="settings")  # fmt: skip
    known = registry.by_base_url(base_url)
    if known is not None:
        return replace(known, base_url=base_url, model=model or known.model)
    host = urlsplit(base_url).hostname or base_url
    return Provider(host, f"OpenAI-compatible server at {host}", base_url=base_url,
                    model=model, origin="settings")  # fmt: skip


def _host_ip(base_url: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    host = urlsplit(base_url).hostname or ""
    if host == "localhost":
        return ipaddress.ip_address("127.0.0.1")
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _is_loopback(base_url: str) -> bool:
    ip = _host_ip(base_url)
    return ip is not None and ip.is_loopback


def _is_private(base_url: str) -> bool:
    """A loopback or private-network address: a server the organisation runs itself."""
    if not base_url:
        return False
    ip = _host_ip(base_url)
    return ip is not None and (ip.is_loopback or ip.is_private) and not ip.is_global
