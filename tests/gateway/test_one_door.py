"""Only the gateway may talk to a model: no other module imports a model client."""

from __future__ import annotations

import ast
from pathlib import Path

import souverain

MODEL_CLIENTS = {
    "httpx",
    "xllamacpp",
    "openai",
    "requests",
    "urllib.request",
    "http.client",
    "socket",
    "aiohttp",
    "urllib3",
    "grpc",
    "websockets",
    "litellm",
    "ssl",
}
PACKAGE = Path(souverain.__file__).parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_module_outside_the_gateway_imports_a_model_client() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "gateway" in path.relative_to(PACKAGE).parts:
            continue
        bad = {
            m
            for m in imported_modules(path)
            if m.split(".")[0] in MODEL_CLIENTS or m in MODEL_CLIENTS
        }
        if bad:
            offenders.append(f"{path.relative_to(PACKAGE)}: {sorted(bad)}")
    assert offenders == []
