"""`souverain providers`, `policy` and `audit`: who may receive what, and the proof of what
was sent where."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from souverain.audit.export import export_csv, export_jsonl
from souverain.cli import render
from souverain.cli.main import cli, workspace
from souverain.policy import LABELS


@cli.group()
def providers() -> None:
    """Model providers: who operates them and whether US law reaches them."""


@providers.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print every fact with its source.")
@click.pass_context
def providers_list(ctx: click.Context, as_json: bool) -> None:
    """List known providers: operator, home country, parent, US-law exposure, regions.

    Region is not jurisdiction: a US company's EU data centre is still reachable by US law.
    Add or override entries under [providers.ID] in souverain.toml.
    """
    with workspace(ctx) as ws:
        registry = ws.providers()
    if as_json:
        render.print_json(render.registry_json(registry))
    else:
        render.show_providers(registry)


@cli.group()
def policy() -> None:
    """The written policy: which labels of data may go to which providers."""


@policy.command("explain")
@click.option("--provider", "provider_id", required=True, help="A provider id (providers list).")
@click.option(
    "--label", "labels", multiple=True, type=click.Choice(LABELS),
    help="Label(s) of the data; repeat for several (default: the policy's label for unlabelled text).",
)  # fmt: skip
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def policy_explain(
    ctx: click.Context, provider_id: str, labels: tuple[str, ...], as_json: bool
) -> None:
    """Say whether data with LABEL may go to PROVIDER, and why. Exit 77 if refused.

    \b
    souverain policy explain --provider azure-openai-westeurope --label confidential
    """
    with workspace(ctx) as ws:
        decision = ws.explain(provider_id, labels)
        source = ws.policy.source
    if as_json:
        render.print_json(render.decision_json(decision) | {"policy": source})
    else:
        render.show_decision(decision, source)
    if not decision.allowed:
        ctx.exit(77)


@policy.command("show")
@click.pass_context
def policy_show(ctx: click.Context) -> None:
    """Print the policy in force (copy it to write your own)."""
    with workspace(ctx) as ws:
        path = ws.settings.policy_file
    from souverain.policy.rules import default_policy_text

    sys.stdout.write(path.read_text(encoding="utf-8") if path else default_policy_text())


@cli.group()
def audit() -> None:
    """The tamper-evident log of every model call."""


@audit.command("verify")
@click.option(
    "--public-key", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Check signatures with this key (kept apart from the log) instead of the one beside it.",
)  # fmt: skip
@click.option(
    "--checkpoint", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A checkpoint kept elsewhere (`audit checkpoint`); the log must still contain it.",
)  # fmt: skip
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def audit_verify(
    ctx: click.Context, public_key: Path | None, checkpoint: Path | None, as_json: bool
) -> None:
    """Check every record. Exit 0 if the log is intact, 1 naming the first bad record."""
    with workspace(ctx) as ws:
        result = ws.verify_audit(public_key, checkpoint)
    if as_json:
        render.print_json(result.__dict__)
    elif result.ok:
        render.out.print(f"ok: {result.size} records intact" + _checked_against(result))
        if result.warning:
            render.err.print(f"warning: {result.warning}")
    else:
        render.err.print(f"[red]tampered:[/red] {result.problem}")
    if not result.ok:
        ctx.exit(1)


def _checked_against(result: object) -> str:
    size = getattr(result, "checkpoint_size", None)
    return f", consistent with the checkpoint at {size}" if size else ""


@audit.command("checkpoint")
@click.pass_context
def audit_checkpoint(ctx: click.Context) -> None:
    """Print the newest signed checkpoint: keep it elsewhere to prove the log later."""
    with workspace(ctx) as ws:
        head = ws.audit.head()
    if head is None:
        render.err.print("the audit log is empty")
        ctx.exit(1)
    else:
        sys.stdout.write(head.text())


@audit.command("export")
@click.option("--since", default="", help="From this date or time (ISO 8601, e.g. 2026-01-01).")
@click.option("--until", default="", help="Before this date or time.")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True
)
@click.pass_context
def audit_export(ctx: click.Context, since: str, until: str, fmt: str) -> None:
    """Export the log for a DPO: records of processing as CSV or JSON Lines.

    Fit for GDPR Art. 30 records of processing and EU AI Act Art. 12 logs. One row per
    model call: time, user, purpose, provider and its country, third-country
    transfer, US-law exposure, labels of the data, the decision and its reasons, what was
    pseudonymised (types and counts), hashes of prompt and response.
    """
    with workspace(ctx) as ws:
        records = ws.audit.records(since, until)
        for text in (export_csv if fmt == "csv" else export_jsonl)(records):
            sys.stdout.write(text)
