"""Ingestion: each file is hashed, parsed, chunked, embedded and stored in one transaction.

An unchanged file is a no-op; a changed one replaces its chunks atomically; a bad file is
reported and skipped, never aborting the batch, and never touching what is stored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from souverain.chunk.base import Chunker
from souverain.domain import Attachment, Chunk, Document, ParsedDocument
from souverain.errors import (
    ConfigError,
    FileTooLarge,
    InputError,
    PolicyRefused,
    SouverainError,
)
from souverain.gateway.base import CallContext
from souverain.gateway.gateway import Gateway
from souverain.ingest.discover import discover
from souverain.ocr import OcrOptions, read_scanned_pages
from souverain.parse import parse_document
from souverain.parse.base import Limits
from souverain.parse.detect import detect_media_type
from souverain.storage.base import StoredDocument
from souverain.storage.originals import Originals
from souverain.storage.sqlite import SQLiteStore


@dataclass(frozen=True)
class FileReport:
    path: str
    status: str
    """added, updated, unchanged, needs_ocr (stored, but some pages wait for OCR) or failed."""
    doc_id: str = ""
    pages: int = 0
    chunks: int = 0
    ocr_pages: tuple[int, ...] = ()
    attachments: int = 0
    error: str = ""


@dataclass
class IngestReport:
    files: list[FileReport] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "failed"]


Progress = Callable[[int, int, Path | None], None]
"""Called as (files done, files in all, file now being read or None at the end)."""


def doc_id_for(path: str) -> str:
    """A document's id: stable for its path, so a changed file keeps its id."""
    return hashlib.sha256(path.encode()).hexdigest()[:12]


class Ingestor:
    def __init__(
        self,
        store: SQLiteStore,
        originals: Originals,
        gateway: Gateway,
        chunker: Chunker,
        max_file_bytes: int,
        limits: Limits | None = None,
        ocr: OcrOptions | None = None,
    ) -> None:
        self.store = store
        self.originals = originals
        self.gateway = gateway
        self.chunker = chunker
        self.max_file_bytes = max_file_bytes
        self.limits = limits or Limits()
        self.ocr = ocr or OcrOptions()

    def ingest(
        self,
        paths: Iterable[str | Path],
        label: str = "confidential",
        progress: Progress | None = None,
    ) -> IngestReport:
        files = list(discover(paths))
        # A process killed mid-ingest may have left copies that no document refers to.
        self.originals.collect_garbage(self.store.hashes())
        report = IngestReport()
        for done, path in enumerate(files):
            if progress:
                progress(done, len(files), path)
            report.files.append(self.ingest_file(path, label))
        if progress:
            progress(len(files), len(files), None)
        return report

    def ingest_file(self, path: Path, label: str = "confidential") -> FileReport:
        try:
            return self._ingest(path, label)
        except (InputError, PolicyRefused) as exc:
            return FileReport(str(path), "failed", error=f"{path}: {exc.line()}"
                              if isinstance(exc, PolicyRefused) else exc.line())  # fmt: skip
        except OSError as exc:
            return FileReport(
                str(path),
                "failed",
                error=f"{path}: cannot read ({exc.strerror}). Check permissions.",
            )

    def _ingest(self, path: Path, label: str) -> FileReport:
        size = path.stat().st_size
        if size > self.max_file_bytes:
            raise FileTooLarge(
                path, f"{size / 1e6:.0f} MB is over the limit of {self.max_file_bytes / 1e6:.0f} MB"
            )
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        key = str(path)
        existing = self.store.find_by_path(key)
        if existing is not None and existing.sha256 == sha and existing.label == label:
            return FileReport(
                key, "unchanged", existing.id, existing.pages, existing.chunks, existing.ocr_pages
            )
        parsed = parse_document(key, data, self.limits)
        failures = self._read_scans(key, data, parsed)
        main = self._prepare(key, data, sha, parsed, label, None)
        extras, attachment_failures = self._attachments(
            key, main.document.id, parsed.attachments, label
        )
        failures += attachment_failures
        self.originals.save(sha, data)
        for attachment, item in zip(parsed.attachments, extras, strict=False):
            self.originals.save(item.document.sha256, attachment.data)
        replaced = self.store.put(main, extras)
        self._forget(replaced)
        doc = main.document
        unread = tuple(p.number for p in parsed.pages if p.needs_ocr and not p.blocks)
        status = "needs_ocr" if unread else ("updated" if existing else "added")
        error = "; ".join(failures)
        return FileReport(
            key, status, doc.id, doc.pages, len(main.chunks), unread or doc.ocr_pages,
            len(extras), error,
        )  # fmt: skip

    def _read_scans(self, key: str, data: bytes, parsed: ParsedDocument) -> list[str]:
        """OCR the scanned pages of a file in place; one line per page that failed."""
        if not parsed.ocr_pages:
            return []
        try:
            failures = read_scanned_pages(
                key, data, detect_media_type(key, data), parsed, self.ocr, self.store
            )
        except ConfigError as exc:  # no OCR engine here: store the rest, say what to install
            return [f"OCR unavailable: {exc.line()}"]
        return [f"{key} {failure}" for failure in failures]

    def _forget(self, hashes: set[str]) -> None:
        """Delete the copies of replaced versions that no document refers to any more."""
        for sha in hashes - self.store.hashes():
            self.originals.remove(sha)

    def _attachments(
        self, parent_path: str, parent_id: str, attachments: list[Attachment], label: str
    ) -> tuple[list[StoredDocument], list[str]]:
        items, failures = [], []
        for attachment in attachments:
            key = f"{parent_path}#{attachment.name}"
            try:
                parsed = parse_document(key, attachment.data, self.limits)
                failures += self._read_scans(key, attachment.data, parsed)
            except SouverainError as exc:
                failures.append(f"attachment {exc.line()}")
                continue
            sha = hashlib.sha256(attachment.data).hexdigest()
            items.append(self._prepare(key, attachment.data, sha, parsed, label, parent_id))
        return items, failures

    def _prepare(
        self,
        key: str,
        data: bytes,
        sha: str,
        parsed: ParsedDocument,
        label: str,
        parent_id: str | None,
    ) -> StoredDocument:
        doc_id = doc_id_for(key)
        text, chunks = self.chunker.chunk(doc_id, parsed)
        title = parsed.title or Path(key.split("#")[-1]).name
        vectors = self.gateway.embed_passages(
            [embedding_text(title, c) for c in chunks],
            CallContext((label,), (doc_id,), unlabelled=False),
        )
        document = Document(
            id=doc_id, path=key, sha256=sha, media_type=detect_media_type(key, data), title=title,
            pages=len(parsed.pages), chunks=len(chunks), ocr_pages=tuple(parsed.ocr_pages),
            languages=_languages(chunks), size=len(data),
            added_at=datetime.now(UTC).isoformat(timespec="seconds"), parent_id=parent_id, label=label,
        )  # fmt: skip
        return StoredDocument(document, text, chunks, vectors)


def embedding_text(title: str, chunk: Chunk) -> str:
    """What a chunk is embedded as: its document and section give context the text lacks."""
    context = " > ".join(part for part in (title, chunk.heading) if part)
    return f"{context}\n{chunk.text}" if context else chunk.text


def _languages(chunks: list[Chunk]) -> tuple[str, ...]:
    counts: dict[str, int] = {}
    for chunk in chunks:
        if chunk.language != "und":
            counts[chunk.language] = counts.get(chunk.language, 0) + len(chunk.text)
    return tuple(sorted(counts, key=lambda k: -counts[k]))
