"""The `souverain` command. Each command parses its input, calls one Workspace method and
renders the result; errors become a one-line message and a meaningful exit code."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from souverain import __version__
from souverain.cli import render
from souverain.cli.progress import ingest_progress
from souverain.errors import SouverainError
from souverain.settings import BACKENDS, load_settings
from souverain.workspace import Workspace

EPILOG = """\b
Examples:
  souverain ingest ~/contracts             files or folders, recursive
  souverain ask "Wann endet der Mietvertrag?"
  souverain search "notice period" -k 5 --json
  souverain docs list
  souverain providers list                 who runs each provider, under which law
  souverain ask "..." --provider mistral-eu
  souverain policy explain --provider openai --label internal
  souverain audit verify                   exit 0 if the log of model calls is intact
  souverain --offline ask "..."            nothing can leave the machine
Exit codes: 0 ok, 1 error, 2 usage, 65 bad input file(s), 66 not found,
69 model unavailable, 74 storage, 77 refused by policy or offline mode,
78 configuration.
"""


class SouverainGroup(click.Group):
    """Turns our errors into one line on stderr and the error's exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SouverainError as exc:
            render.err.print(f"[red]error:[/red] {exc.line()}")
            raise click.exceptions.Exit(exc.exit_code) from exc
        except KeyboardInterrupt:
            render.err.print(
                "interrupted: what is stored stays consistent; run the command again to finish"
            )
            raise click.exceptions.Exit(130) from None


@click.group(
    cls=SouverainGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    help="Home folder (default: $SOUVERAIN_HOME or ~/.local/share/souverain).",
)
@click.option("--model", help="Model name (see `souverain models list`) or a .gguf path.")
@click.option(
    "--backend",
    type=click.Choice(BACKENDS),
    help="Where generation runs.",
)
@click.option("--base-url", help="OpenAI-compatible server for --backend openai.")
@click.option(
    "--offline",
    is_flag=True,
    default=None,
    help="Guarantee that nothing leaves the machine: any connection off it fails and is audited.",
)
@click.version_option(__version__, prog_name="souverain")
@click.pass_context
def cli(
    ctx: click.Context,
    home: Path | None,
    model: str | None,
    backend: str | None,
    base_url: str | None,
    offline: bool | None,
) -> None:
    """souverain: ask questions about your own documents, on your own machine.

    Ingest files, then ask in any language: answers cite the page they come from.
    Nothing leaves the machine unless you configure a remote model.
    """
    flags = {"model": model, "backend": backend, "base_url": base_url, "offline": offline}
    ctx.obj = {"home": home, "flags": flags}


@contextmanager
def workspace(ctx: click.Context) -> Iterator[Workspace]:
    settings = load_settings(ctx.obj["home"], **ctx.obj["flags"])
    ws = Workspace(settings)
    try:
        yield ws
    finally:
        ws.close()


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--label",
    default="confidential",
    show_default=True,
    type=click.Choice(["public", "internal", "confidential", "secret"]),
    help="Classification of these documents.",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON report per file.")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], label: str, as_json: bool) -> None:
    """Add files or folders (recursively). Unchanged files are skipped; changed ones replaced.

    A bad file is reported and skipped; the rest of the batch goes on. Exit 65 if any failed.
    """
    with workspace(ctx) as ws, ingest_progress(enabled=not as_json) as progress:
        report = ws.ingest(paths, label=label, progress=progress)
    if as_json:
        render.print_json([f.__dict__ for f in report.files])
    else:
        render.show_report(report)
    if report.failed:
        ctx.exit(65)


top_k_option = click.option(
    "-k",
    "top_k",
    type=click.IntRange(1, 20),
    help="Passages of evidence (default 3, or top_k in souverain.toml).",
)
provider_option = click.option(
    "--provider",
    help="Ask this provider's model (see `souverain providers list`); the policy decides.",
)


@cli.command()
@click.argument("question")
@top_k_option
@provider_option
@click.option(
    "--json", "as_json", is_flag=True, help="Print answer, citations, model and timings as JSON."
)
@click.pass_context
def ask(
    ctx: click.Context, question: str, top_k: int | None, provider: str | None, as_json: bool
) -> None:
    """Answer a question from your documents, citing sources as [1], [2].

    The answer is in the language of the question, whatever the documents' language.
    With --provider, the evidence goes to that provider only if the policy allows its
    labels there (pseudonymised if the policy says so); a refusal sends nothing, exit 77.
    """
    with workspace(ctx) as ws:
        answer = ws.ask(question, top_k, provider)
    if as_json:
        render.print_json(render.answer_json(answer))
    else:
        render.show_answer(answer)


@cli.command()
@click.argument("query")
@click.option(
    "-k",
    "k",
    default=10,
    show_default=True,
    type=click.IntRange(1, 1000),
    help="Number of passages.",
)
@click.option(
    "--mode",
    default="hybrid",
    show_default=True,
    type=click.Choice(["hybrid", "keyword", "vector"]),
)
@click.option(
    "--json", "as_json", is_flag=True, help='Print [{"doc", "path", "page", "text", "score"}, ...].'
)
@click.pass_context
def search(ctx: click.Context, query: str, k: int, mode: Any, as_json: bool) -> None:
    """Find the passages that best match QUERY, in any language."""
    with workspace(ctx) as ws:
        hits = ws.search(query, k, mode)
    if as_json:
        render.print_json([render.hit_json(h) for h in hits])
    else:
        render.show_hits(hits)


@cli.group()
def docs() -> None:
    """List, show and remove stored documents."""


@docs.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def docs_list(ctx: click.Context, as_json: bool) -> None:
    """List every stored document."""
    with workspace(ctx) as ws:
        found = ws.documents()
    if as_json:
        render.print_json([render.document_json(d) for d in found])
    else:
        render.show_documents(found)


@docs.command("show")
@click.argument("doc_id")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def docs_show(ctx: click.Context, doc_id: str, as_json: bool) -> None:
    """Show a document's details and its chunks (ID may be a unique prefix)."""
    with workspace(ctx) as ws:
        doc, chunks = ws.document(doc_id)
    if as_json:
        data = render.document_json(doc) | {"chunks_detail": [c.__dict__ for c in chunks]}
        render.print_json(data)
        return
    for key, value in render.document_json(doc).items():
        render.out.print(f"[bold]{key:>10}[/bold]  {value}")
    for c in chunks:
        render.out.print(
            f"\n[dim]-- chunk {c.ordinal}, page {c.page}, {c.language}, {c.heading}[/dim]\n{c.text}"
        )


@docs.command("rm")
@click.argument("doc_ids", nargs=-1, required=True)
@click.pass_context
def docs_rm(ctx: click.Context, doc_ids: tuple[str, ...]) -> None:
    """Remove documents with their attachments, chunks, vectors and stored copies."""
    with workspace(ctx) as ws:
        for doc_id in doc_ids:
            removed = ws.remove(doc_id)
            render.err.print(f"removed {', '.join(removed)}")


def main() -> None:
    cli(prog_name="souverain")


from souverain.cli import (  # noqa: E402  (registers commands)
    evaluate_cmd,
    models_cmd,
    ocr_cmd,
    sovereignty_cmd,
)

__all__ = ["cli", "evaluate_cmd", "main", "models_cmd", "ocr_cmd", "sovereignty_cmd"]
