"""A workspace is one home folder opened for use: the library entry point that every
front end (CLI, HTTP API, web) calls. Parts load lazily, so a command pays only for what
it uses (``docs list`` never loads a model)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import Any

from souverain.answer.answerer import AskOptions, answer_question
from souverain.audit import AuditLog, TreeHead, Verification, Verifier
from souverain.audit.log import utc_now
from souverain.chunk.structured import StructuredChunker
from souverain.domain import Answer, AuditRecord, Chunk, Decision, Document, Hit
from souverain.errors import NotFound, UsageError
from souverain.gateway import offline
from souverain.gateway.gateway import Gateway, settings_registry
from souverain.ingest.pipeline import Ingestor, IngestReport, Progress
from souverain.ocr import OcrOptions, OcrResult, ocr_file
from souverain.ocr.pipeline import Progress as OcrProgress
from souverain.policy import LABELS, Policy, Registry, decide, load_policy
from souverain.retrieve.hybrid import HybridRetriever, Mode
from souverain.settings import Settings
from souverain.storage.originals import Originals
from souverain.storage.sqlite import SQLiteStore


class Workspace:
    def __init__(self, settings: Settings, gateway: Gateway | None = None) -> None:
        self.settings = settings
        if gateway is not None:
            self.__dict__["gateway"] = gateway
            if gateway.audit is None:
                gateway.audit = self.audit
        if settings.offline:
            offline.install(self._record_blocked)

    def _record_blocked(self, target: str) -> None:
        """The offline guard stopped a connection: the audit log keeps the attempt."""
        now = utc_now()
        self.audit.append(AuditRecord(
            operation="egress", provider=target, country="", us_exposure="unknown", model="",
            labels=(), decision="refuse", reasons=("offline mode",), outcome="blocked",
            started=now, ended=now, user=self.settings.user,
        ))  # fmt: skip

    @cached_property
    def store(self) -> SQLiteStore:
        self.settings.home.mkdir(parents=True, exist_ok=True)
        return SQLiteStore(self.settings.database)

    @cached_property
    def originals(self) -> Originals:
        return Originals(self.settings.originals)

    @cached_property
    def audit(self) -> AuditLog:
        return AuditLog(self.settings.audit_folder)

    @cached_property
    def gateway(self) -> Gateway:
        return Gateway.from_settings(self.settings, self.audit)

    def ingest(
        self,
        paths: Iterable[str | Path],
        label: str = "confidential",
        progress: Progress | None = None,
    ) -> IngestReport:
        if label not in LABELS:
            raise UsageError(f"unknown label {label!r}", f"Use one of: {', '.join(LABELS)}.")
        ingestor = Ingestor(
            self.store, self.originals, self.gateway, StructuredChunker(),
            max_file_bytes=self.settings.max_file_mb * 1024 * 1024, ocr=self.ocr_options(),
        )  # fmt: skip
        return ingestor.ingest(paths, label, progress)

    def ocr_options(self, **overrides: Any) -> OcrOptions:
        """OCR options from the settings, with a command's flags on top."""
        languages = tuple(code for code in self.settings.ocr_languages.split("+") if code)
        options = OcrOptions(engine=self.settings.ocr_engine, languages=languages)
        return replace(options, **overrides)

    def ocr(
        self,
        path: Path,
        pages: list[int] | None = None,
        progress: OcrProgress | None = None,
        cache: bool = True,
        **overrides: Any,
    ) -> OcrResult:
        """Read a PDF or image with OCR (text-layer pages straight from the layer)."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise NotFound(f"{path}: cannot read ({exc.strerror})", "Check the path.") from exc
        options = self.ocr_options(**overrides)
        store = self.store if cache else None
        return ocr_file(str(path), data, options, pages, store, progress)

    def search(self, query: str, k: int = 10, mode: Mode = "hybrid") -> list[Hit]:
        if not query.strip():
            raise UsageError("the search query is empty", "Give some words to search for.")
        return HybridRetriever(self.store, self.gateway, mode).search(query, k)

    def ask(self, question: str, top_k: int | None = None, provider: str | None = None) -> Answer:
        if not question.strip():
            raise UsageError(
                "the question is empty",
                'Ask something, e.g. souverain ask "When does the lease end?"',
            )
        self.gateway.check_chat(provider)  # a missing model fails before the search
        options = AskOptions(
            top_k=top_k or self.settings.top_k,
            max_tokens=self.settings.max_answer_tokens,
            provider=provider,
        )
        retriever = HybridRetriever(self.store, self.gateway)
        return answer_question(question, retriever, self.gateway, options)

    # -- sovereignty ----------------------------------------------------------------

    def providers(self) -> Registry:
        return settings_registry(self.settings)

    @cached_property
    def policy(self) -> Policy:
        return load_policy(self.settings.policy_file)

    def explain(self, provider: str, labels: Sequence[str]) -> Decision:
        """What the policy decides for data with ``labels`` sent to ``provider``, and why."""
        unknown = [label for label in labels if label not in LABELS]
        if unknown:
            raise UsageError(f"unknown label {unknown[0]!r}", f"Use one of: {', '.join(LABELS)}.")
        target = self.providers().get(provider)
        return decide(self.policy, target, labels, self.settings.offline)

    def verify_audit(
        self, public_key: Path | None = None, checkpoint: Path | None = None
    ) -> Verification:
        verifier = Verifier.from_file(public_key) if public_key else None
        head = TreeHead.parse(checkpoint.read_text()) if checkpoint else None
        return self.audit.verify(verifier, head)

    def documents(self) -> list[Document]:
        return self.store.documents()

    def document(self, doc_id: str) -> tuple[Document, list[Chunk]]:
        doc = self.store.get(self._resolve(doc_id))
        return doc, self.store.chunks_of(doc.id)

    def remove(self, doc_id: str) -> list[str]:
        removed = self.store.remove(self._resolve(doc_id))
        self.originals.collect_garbage(self.store.hashes())
        return removed

    def _resolve(self, prefix: str) -> str:
        """Accept a unique prefix of an id, as git does for commits."""
        matches = [d.id for d in self.store.documents() if d.id.startswith(prefix)]
        if len(matches) > 1:
            raise UsageError(
                f"id prefix {prefix!r} matches {len(matches)} documents", "Give more characters."
            )
        return matches[0] if matches else prefix

    def close(self) -> None:
        if "store" in self.__dict__:
            self.store.close()
        if "gateway" in self.__dict__:
            self.gateway.close()
        if "audit" in self.__dict__:
            self.audit.close()
