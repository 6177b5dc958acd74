"""Shared fixtures: a temporary home, the real packaged embedder (loaded once), and a
workspace whose chat model is scripted unless a test asks for the real one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from souverain.gateway.gateway import Gateway
from souverain.gateway.testing import ScriptedBackend
from souverain.index.e5 import E5Embedder
from souverain.index.usem import UsemEmbedder
from souverain.settings import Settings, load_settings
from souverain.workspace import Workspace


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's real home or settings."""
    for name in (
        "SOUVERAIN_HOME",
        "SOUVERAIN_MODEL",
        "SOUVERAIN_BACKEND",
        "SOUVERAIN_BASE_URL",
        "SOUVERAIN_API_KEY",
        "SOUVERAIN_TOP_K",
        "SOUVERAIN_PROVIDER",
        "SOUVERAIN_FALLBACKS",
        "SOUVERAIN_POLICY",
        "SOUVERAIN_OFFLINE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))


@pytest.fixture(scope="session")
def embedder() -> UsemEmbedder:
    return UsemEmbedder(threads=2)


@pytest.fixture(scope="session")
def e5() -> E5Embedder:
    return E5Embedder(threads=2)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(tmp_path / "home")


@pytest.fixture
def scripted() -> ScriptedBackend:
    return ScriptedBackend("The documents do not say.")


@pytest.fixture
def workspace(
    settings: Settings, scripted: ScriptedBackend, embedder: UsemEmbedder, e5: E5Embedder
) -> Iterator[Workspace]:
    ws = Workspace(settings, Gateway(scripted, {"e5": e5, "usem3": embedder}))
    yield ws
    ws.close()


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
