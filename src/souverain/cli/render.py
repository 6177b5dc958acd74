"""Turning results into terminal text or JSON. No logic about documents lives here."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from rich.console import Console
from rich.table import Table

from souverain.domain import Answer, Decision, Document, Hit
from souverain.ingest.pipeline import IngestReport
from souverain.policy import Registry

# Piped output is read by people in logs and CI too: give tables room instead of 80 columns.
PIPED_WIDTH = 160
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else PIPED_WIDTH)
err = Console(
    stderr=True, highlight=False, soft_wrap=True, width=None if sys.stderr.isatty() else PIPED_WIDTH
)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def hit_json(hit: Hit) -> dict[str, Any]:
    return {
        "doc": hit.document.id,
        "path": hit.document.path,
        "title": hit.document.title,
        "page": hit.chunk.page,
        "text": hit.chunk.text,
        "score": round(hit.score, 6),
        "language": hit.chunk.language,
        "bbox": list(hit.chunk.bbox) if hit.chunk.bbox else None,
    }


def answer_json(answer: Answer) -> dict[str, Any]:
    return {
        "answer": answer.text,
        "answered": answer.answered,
        "language": answer.language,
        "citations": [
            {
                "n": c.n,
                "doc": c.hit.document.id,
                "path": c.hit.document.path,
                "page": c.hit.chunk.page,
                "text": c.quote,
            }
            for c in answer.citations
        ],
        "model": answer.model,
        "provider": answer.provider,
        "policy": decision_json(answer.decision) if answer.decision else None,
        "timings": {k: round(v, 4) for k, v in answer.timings.items()},
    }


def document_json(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id, "path": doc.path, "title": doc.title, "media_type": doc.media_type,
        "pages": doc.pages, "chunks": doc.chunks, "ocr_pages": list(doc.ocr_pages),
        "languages": list(doc.languages), "size": doc.size, "label": doc.label,
        "sha256": doc.sha256, "added_at": doc.added_at, "parent": doc.parent_id,
    }  # fmt: skip


def show_answer(answer: Answer) -> None:
    out.print(answer.text)
    if answer.citations:
        out.print()
    for c in answer.citations:
        out.print(
            f"[bold][{c.n}][/bold] {c.hit.document.title} — {c.hit.document.path}, page {c.hit.chunk.page}"
        )
        out.print(f"    [dim]“{_short(c.quote, 220)}”[/dim]")
    if answer.decision is not None and answer.provider != "local":
        how = "pseudonymised" if answer.decision.action == "pseudonymise" else "as is"
        err.print(f"[dim]sent {how} to {answer.provider}: {answer.decision.reasons[0]}[/dim]")


def show_hits(hits: Sequence[Hit]) -> None:
    if not hits:
        err.print("No matching passages.")
    for hit in hits:
        out.print(
            f"[bold]{hit.rank}.[/bold] {hit.document.title} [dim]({hit.document.id}, page {hit.chunk.page},"
            f" score {hit.score:.4f})[/dim]"
        )
        out.print(f"   {_short(hit.chunk.text, 300)}")


KINDS = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "text/html": "html",
    "text/plain": "txt",
    "text/markdown": "md",
    "message/rfc822": "eml",
}


def show_documents(docs: Sequence[Document]) -> None:
    table = Table(show_edge=False, header_style="bold")
    for column in ("id", "file", "title", "type", "pages", "chunks", "lang", "label"):
        table.add_column(column, no_wrap=column != "title", overflow="ellipsis")
    for d in docs:
        name = d.path.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        file = f"  ↳ {name}" if d.parent_id else name
        kind = KINDS.get(d.media_type, d.media_type)
        ocr = f" ({len(d.ocr_pages)} OCR)" if d.ocr_pages else ""
        table.add_row(
            d.id,
            file,
            _short(d.title, 40),
            kind,
            f"{d.pages}{ocr}",
            str(d.chunks),
            ",".join(d.languages),
            d.label,
        )
    out.print(table)
    err.print(f"{len(docs)} document(s)")


def show_report(report: IngestReport) -> None:
    for f in report.files:
        if f.status == "failed":
            err.print(f"[red]failed[/red]  {f.error}")
        elif f.status == "needs_ocr":
            pages = ",".join(str(p) for p in f.ocr_pages)
            err.print(
                f"[yellow]needs OCR[/yellow] {f.path}: page(s) {pages} have no text layer; stored, OCR arrives in a later release."
            )
        if f.error and f.status != "failed":
            err.print(f"[yellow]warning[/yellow] {f.error}")
    counts = ", ".join(
        f"{report.count(s)} {s}"
        for s in ("added", "updated", "unchanged", "needs_ocr", "failed")
        if report.count(s)
    )
    err.print(f"{len(report.files)} file(s): {counts or 'nothing to do'}")


def _short(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def registry_json(registry: Registry) -> dict[str, Any]:
    return {
        "version": registry.version,
        "reviewed": registry.reviewed,
        "providers": [asdict(p) | {"trust": p.trust} for p in registry.providers.values()],
    }


def show_providers(registry: Registry) -> None:
    table = Table(box=None, pad_edge=False)
    for column in ("id", "operator", "home", "parent", "US law", "regions", "reviewed"):
        table.add_column(column, overflow="fold")
    exposure = {
        True: "[red]yes[/red]",
        False: "[green]no[/green]",
        None: "[yellow]unknown[/yellow]",
    }
    for p in registry.providers.values():
        parent = f"{p.parent} ({p.parent_country})" if p.parent else "-"
        us_law = "[green]no[/green] (self-hosted)" if p.self_hosted else exposure[p.us_exposure]
        table.add_row(
            p.id, p.operator or "?", p.country or "-", parent, us_law,
            ", ".join(p.regions) or "-", p.reviewed or "-",
        )  # fmt: skip
    out.print(table)
    err.print(
        f"registry {registry.version}, reviewed {registry.reviewed}; sources: "
        "souverain providers list --json"
    )


def decision_json(decision: Decision) -> dict[str, Any]:
    return {
        "provider": decision.provider,
        "labels": list(decision.labels),
        "action": decision.action,
        "allowed": decision.allowed,
        "reasons": list(decision.reasons),
    }


def show_decision(decision: Decision, source: str) -> None:
    verdict = {
        "allow": "[green]allowed[/green]",
        "pseudonymise": "[yellow]allowed only pseudonymised[/yellow]",
        "refuse": "[red]refused[/red]",
    }[decision.action]
    out.print(f"{', '.join(decision.labels)} data to {decision.provider}: {verdict}")
    for reason in decision.reasons:
        out.print(f"  - {reason}")
    err.print(f"policy: {source}")
