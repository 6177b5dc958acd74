"""Audit records as a DPO reads them: GDPR Art. 30 records of processing and EU AI Act
Art. 12 event logs, in CSV or JSON Lines. Never adds what the log does not hold (no prompt
or answer text, only their hashes)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from souverain.domain import AuditRecord

EEA = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
        "IS",
        "LI",
        "NO",
    ]
)
PURPOSE = {
    "chat": "answering a user's question from the organisation's documents",
    "embed": "indexing documents and questions for search (local model)",
    "egress": "none: a connection stopped by offline mode",
}
COLUMNS = (
    "seq", "started", "ended", "user", "operation", "purpose", "provider", "provider_country",
    "third_country_transfer", "us_law_exposure", "model", "data_labels", "decision", "reasons",
    "pseudonymised", "documents", "outcome", "prompt_sha256", "response_sha256",
)  # fmt: skip


def export_row(record: AuditRecord) -> dict[str, Any]:
    """One record with the fields Art. 30 (recipients, transfers, categories of data, purpose)
    and Art. 12 (period of use, input data reference, person involved) ask for."""
    transfer = "no" if record.us_exposure == "local" or record.country in EEA else "yes"
    if record.outcome in ("refused", "blocked"):
        transfer = "no (nothing sent)"
    elif not record.country and record.us_exposure != "local":
        transfer = "unknown"
    return {
        "seq": record.seq,
        "started": record.started,
        "ended": record.ended,
        "user": record.user,
        "operation": record.operation,
        "purpose": PURPOSE.get(record.operation, record.operation),
        "provider": record.provider,
        "provider_country": record.country
        or ("this machine" if record.us_exposure == "local" else ""),
        "third_country_transfer": transfer,
        "us_law_exposure": record.us_exposure,
        "model": record.model,
        "data_labels": " ".join(record.labels),
        "decision": record.decision,
        "reasons": "; ".join(record.reasons),
        "pseudonymised": " ".join(f"{k}={v}" for k, v in sorted(record.pseudonymised.items())),
        "documents": " ".join(record.documents),
        "outcome": record.outcome,
        "prompt_sha256": record.prompt_sha256,
        "response_sha256": record.response_sha256,
    }


def export_csv(records: Iterable[AuditRecord]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow(export_row(record))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def export_jsonl(records: Iterable[AuditRecord]) -> Iterator[str]:
    for record in records:
        yield json.dumps(export_row(record), ensure_ascii=False) + "\n"
